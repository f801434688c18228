#!/usr/bin/env bash
# Runs the whole of Kdfm on its embedded defaults, on loopback only:
#   kdfm-hub        https://127.0.0.1:7443 (the portal, gRPC for agents, the API, MQTT over WSS /mqtt) and MQTT/TLS 127.0.0.1:8883
#                   and its own sshd on 127.0.0.1:7022 for the collectors' Device Web Access tunnels
#   kdfm-sim        the demo fleet (the walks shipped in src/Kdfm.Simulator/walks, and distinct copies) on 127.20.0.1-127.20.0.22 port 1161,
#                   each printer with its own web pages on its address, HTTP 8000 and HTTPS 8443
#   kdfm-collector  two of them, one per demo customer, each activated with the hub (an enrolment code, the hub's
#                   certificate pinned) and reading its own printers: Contoso 127.20.0.0/29, Fabrikam 127.20.0.16/29
# The first run makes a demo tenant tree (the dealer Acme Print Services over the customers Contoso and Fabrikam) and
# one portal user per built-in role, with random passwords kept in artifacts/data/demo-users.txt (owner-only).
# It prints the portal's address and the sign-in details. Data lives under artifacts/; Ctrl+C stops everything.
set -euo pipefail
cd "$(dirname "$0")"

echo "run.sh: building (Release)…"
for p in Kdfm.Simulator:kdfm-sim Kdfm.Collector.Host:kdfm-collector Kdfm.Hub:kdfm-hub; do
  dotnet publish "src/${p%%:*}" -c Release -o "artifacts/${p##*:}" -nologo -v quiet
done

SIM=artifacts/kdfm-sim/kdfm-sim
COLLECTOR=artifacts/kdfm-collector/kdfm-collector
HUB=artifacts/kdfm-hub/kdfm-hub
PORT=1161
HUB_DATA=artifacts/data/hub
DEMO_USERS=artifacts/data/demo-users.txt
mkdir -p artifacts/logs "$HUB_DATA" artifacts/data/collector-contoso artifacts/data/collector-fabrikam
pids=()
stop() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null; echo; echo "run.sh: stopped"; }
trap stop EXIT
trap 'exit 130' INT TERM   # Ctrl+C or a SIGTERM to this script: the EXIT trap stops all three
wait_for() { # FILE TEXT WHAT
  for _ in $(seq 1 300); do grep -q "$2" "$1" 2>/dev/null && return 0; sleep 0.1; done
  echo "run.sh: $3 did not start; its log:"; cat "$1"; exit 1
}

# The demo printers' web pages are on 8000 (allowed by default) and 8443 (allowed here, and spoken to in HTTPS).
KDFM_Hub__DeviceWebAccess__AllowedPorts=80,443,8000,8443 \
  "$HUB" serve --data "$HUB_DATA" > artifacts/logs/hub.log 2>&1 & pids+=($!)
wait_for artifacts/logs/hub.log "admin token:" kdfm-hub
HUB_URL=https://127.0.0.1:7443
PIN=$(sed -n 's/.*certificate SHA-256: \([0-9A-F]*\).*/\1/p' artifacts/logs/hub.log)
CERT="$HUB_DATA/hub-certificate.pem"   # the hub's self-signed certificate: curl trusts it with --cacert, no -k

"$SIM" --walks src/Kdfm.Simulator/walks --range 127.20.0.0/24 --count 22 --port "$PORT" --http 8000 --https 8443 \
  --v3-user demo --auth SHA-256 --auth-pass demo-auth-pass --priv AES --priv-pass demo-priv-pass > artifacts/logs/sim.log 2>&1 & pids+=($!)
wait_for artifacts/logs/sim.log "kdfm-sim ready" kdfm-sim

DEALER="Acme Print Services"
if [ ! -f "$DEMO_USERS" ]; then
  # The demo tree, made the way an operator would: kdfm-hub tenants/users (the same rules as the portal's pages).
  "$HUB" tenants add "$DEALER" --kind dealer --data "$HUB_DATA" > /dev/null
  "$HUB" tenants add Contoso --kind customer --parent "$DEALER" --data "$HUB_DATA" > /dev/null
  "$HUB" tenants add Fabrikam --kind customer --parent "$DEALER" --data "$HUB_DATA" > /dev/null
  umask 077
  : > "$DEMO_USERS.new"
  while read -r email tenant role; do
    password=$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')   # 24 hex digits
    echo "$password" | "$HUB" users add "$email" --tenant "${tenant//_/ }" --role "${role//_/ }" --password-stdin --data "$HUB_DATA" 2>/dev/null
    printf '  %-28s %-16s %-22s %s\n' "$email" "${role//_/ }" "${tenant//_/ }" "$password" >> "$DEMO_USERS.new"
  done <<'USERS'
admin@acme-print.example Acme_Print_Services dealer_admin
tech@acme-print.example Acme_Print_Services technician
it@contoso.example Contoso customer_admin
viewer@contoso.example Contoso viewer
viewer@fabrikam.example Fabrikam viewer
USERS
  # The bootstrap admin token stops once a dealer admin exists: this script's API calls use the dealer admin's token.
  TOKEN=$("$HUB" tokens create --user admin@acme-print.example --days 30 --name run.sh --data "$HUB_DATA" 2>/dev/null)
  printf 'Authorization: Bearer %s\n' "$TOKEN" > "$HUB_DATA/demo-token.header"
  mv "$DEMO_USERS.new" "$DEMO_USERS"
  umask 022
fi
AUTH="$HUB_DATA/demo-token.header"  # "Authorization: Bearer …" (the demo dealer admin's API token), owner-only: curl -H @FILE keeps it off command lines

# Each customer's collector: activated once, then reading its own printers with SNMPv3 (authPriv, SHA-256/AES), polling
# them every minute and the hub every 30 s.
collector() { # CUSTOMER DIRECTORY TARGET
  if [ ! -f "$2/agent.json" ]; then
    CODE=$("$HUB" codes create --data "$HUB_DATA" --tenant "$1" 2>/dev/null)
    "$COLLECTOR" activate --hub "$HUB_URL" --code "$CODE" --pin "$PIN" --data "$2"
  fi
  KDFM_Collector__Targets__0=$3 KDFM_Collector__Port=$PORT KDFM_Collector__PollIntervalSeconds=60 \
  KDFM_Collector__Gateway__PollIntervalSeconds=30 \
  KDFM_Collector__Profiles__0__Name=demo-v3 KDFM_Collector__Profiles__0__Version=3 KDFM_Collector__Profiles__0__User=demo \
  KDFM_Collector__Profiles__0__Auth=SHA-256 KDFM_Collector__Profiles__0__AuthPassphrase=demo-auth-pass \
  KDFM_Collector__Profiles__0__Priv=AES KDFM_Collector__Profiles__0__PrivPassphrase=demo-priv-pass \
    "$COLLECTOR" run --data "$2" > "artifacts/logs/collector-${1,,}.log" 2>&1 & pids+=($!)
  if [ ! -f "$2/ssh-key" ]; then
    # Activated by an older run.sh, before Device Web Access: a rotate-ssh-key task gives it its tunnels' key.
    AGENT=$(sed -n 's/.*"agentId": *"\([^"]*\)".*/\1/p' "$2/agent.json")
    curl -s --cacert "$CERT" -H @"$AUTH" -H "Content-Type: application/json" -d '{"kind":"rotate-ssh-key"}' "$HUB_URL/api/v1/agents/$AGENT/tasks" > /dev/null
  fi
}
collector Contoso artifacts/data/collector-contoso 127.20.0.0/29
collector Fabrikam artifacts/data/collector-fabrikam 127.20.0.16/29

for _ in $(seq 1 300); do
  n=$(curl -s --cacert "$CERT" -H @"$AUTH" "$HUB_URL/api/v1/readings/stats" | sed -n 's/.*"devices":\([0-9]*\).*/\1/p')
  [ "${n:-0}" -ge 12 ] && break; sleep 0.2
done
echo
echo "The demo fleet as the hub sees it (GET $HUB_URL/api/v1/devices, Accept: text/csv, as the dealer admin):"
curl -s --cacert "$CERT" -H @"$AUTH" -H "Accept: text/csv" "$HUB_URL/api/v1/devices" | sed 's/^/  /'

cat <<EOT

Kdfm is running on loopback. The portal: $HUB_URL/
  (the hub's certificate is self-signed: SHA-256 $PIN — the browser asks once; trust it for 127.0.0.1)

Sign in as (passwords also in $DEMO_USERS, owner-only):
$(cat "$DEMO_USERS")
  The dealer's users see both customers; Contoso's only Contoso, Fabrikam's only Fabrikam.
  My account (top right) enrols two-factor sign-in (a QR code for any TOTP app, and 10 recovery codes).

Device Web Access (a printer's own web page through its collector's outbound SSH tunnel):
  sign in as tech@acme-print.example → Devices → a printer → Device Web Access: port 8000 (or 8443, HTTPS) →
  "Open the printer's web page" → "Open the printer's page" (a new tab: the printer's page, its serial; its login
  is admin with the serial as password) → "Close the session" when done. Every request is in the session's access log.

Logs: artifacts/logs/{hub,sim,collector-contoso,collector-fabrikam}.log

Try, while this runs (the API, with the dealer admin's token from $AUTH; make your own under My account):
  curl -s --cacert $CERT -H @$AUTH $HUB_URL/api/v1/devices                # JSON per SNAPSHOT.md
  curl -s --cacert $CERT -H @$AUTH $HUB_URL/api/v1/devices/hp:CNDM9555X1/readings
  curl -s --cacert $CERT -H @$AUTH $HUB_URL/api/v1/agents
  $COLLECTOR status --data artifacts/data/collector-contoso    # the hub link, the outbox, MQTT
  $COLLECTOR devices --data artifacts/data/collector-contoso   # what Contoso's collector has stored
  $COLLECTOR snapshot 127.20.0.3:$PORT                    # the HP, read now (v2c 'public')
  $COLLECTOR scan 127.20.0.0/29 --port $PORT              # a one-shot discovery
  snmpbulkwalk -v2c -c public -On 127.20.0.2:$PORT 1.3.6.1.2.1.43   # Net-SNMP works too

Ctrl+C stops the hub, kdfm-sim and both collectors.
EOT
wait "${pids[0]}"
