#!/usr/bin/env bash
# Runs the whole of Kdfm on its embedded defaults, on loopback only:
#   kdfm-hub        https://127.0.0.1:7443 (gRPC for agents, read API, MQTT over WSS /mqtt) and MQTT/TLS 127.0.0.1:8883
#   kdfm-sim        the demo fleet (the walks shipped in src/Kdfm.Simulator/walks) at 127.20.0.1-127.20.0.5 port 1161
#   kdfm-collector  activated with the hub (an enrolment code, the hub's certificate pinned), scanning the fleet
# and prints where to look. Data lives under artifacts/ (hub, collector); Ctrl+C stops everything.
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
COLLECTOR_DATA=artifacts/data/collector
mkdir -p artifacts/logs "$HUB_DATA" "$COLLECTOR_DATA"

pids=()
stop() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null; echo; echo "run.sh: stopped"; }
trap stop EXIT
trap 'exit 130' INT TERM   # Ctrl+C or a SIGTERM to this script: the EXIT trap stops all three
wait_for() { # FILE TEXT WHAT
  for _ in $(seq 1 300); do grep -q "$2" "$1" 2>/dev/null && return 0; sleep 0.1; done
  echo "run.sh: $3 did not start; its log:"; cat "$1"; exit 1
}

"$HUB" serve --data "$HUB_DATA" > artifacts/logs/hub.log 2>&1 & pids+=($!)
wait_for artifacts/logs/hub.log "admin token:" kdfm-hub
HUB_URL=https://127.0.0.1:7443
PIN=$(sed -n 's/.*certificate SHA-256: \([0-9A-F]*\).*/\1/p' artifacts/logs/hub.log)
TOKEN_FILE="$HUB_DATA/admin-token"   # the API token: kdfm-hub prints where it is, never the token itself
AUTH="$HUB_DATA/admin-token.header"  # "Authorization: Bearer …", owner-only: curl -H @FILE keeps the token off command lines (ps shows them)
CERT="$HUB_DATA/hub-certificate.pem"   # the hub's self-signed certificate: curl trusts it with --cacert, no -k

"$SIM" --walks src/Kdfm.Simulator/walks --range 127.20.0.0/24 --port "$PORT" \
  --v3-user demo --auth SHA-256 --auth-pass demo-auth-pass --priv AES --priv-pass demo-priv-pass > artifacts/logs/sim.log 2>&1 & pids+=($!)
wait_for artifacts/logs/sim.log "kdfm-sim ready" kdfm-sim

if [ ! -f "$COLLECTOR_DATA/agent.json" ]; then
  "$HUB" tenants add demo-dealer --kind dealer --data "$HUB_DATA" > /dev/null 2>&1 || true
  "$HUB" tenants add demo --kind customer --parent demo-dealer --data "$HUB_DATA" > /dev/null 2>&1 || true
  CODE=$("$HUB" codes create --data "$HUB_DATA" --tenant demo 2>/dev/null)
  "$COLLECTOR" activate --hub "$HUB_URL" --code "$CODE" --pin "$PIN" --data "$COLLECTOR_DATA"
fi

# The collector reads the fleet with SNMPv3 (authPriv, SHA-256/AES), polls every minute and polls the hub every 30 s.
KDFM_Collector__Targets__0=127.20.0.0/29 KDFM_Collector__Port=$PORT KDFM_Collector__PollIntervalSeconds=60 \
KDFM_Collector__Gateway__PollIntervalSeconds=30 \
KDFM_Collector__Profiles__0__Name=demo-v3 KDFM_Collector__Profiles__0__Version=3 KDFM_Collector__Profiles__0__User=demo \
KDFM_Collector__Profiles__0__Auth=SHA-256 KDFM_Collector__Profiles__0__AuthPassphrase=demo-auth-pass \
KDFM_Collector__Profiles__0__Priv=AES KDFM_Collector__Profiles__0__PrivPassphrase=demo-priv-pass \
  "$COLLECTOR" run --data "$COLLECTOR_DATA" > artifacts/logs/collector.log 2>&1 & pids+=($!)

for _ in $(seq 1 300); do
  n=$(curl -s --cacert "$CERT" -H @"$AUTH" "$HUB_URL/api/v1/readings/stats" | sed -n 's/.*"devices":\([0-9]*\).*/\1/p')
  [ "${n:-0}" -ge 5 ] && break; sleep 0.2
done
echo
echo "The demo fleet as the hub sees it (GET $HUB_URL/api/v1/devices, Accept: text/csv):"
curl -s --cacert "$CERT" -H @"$AUTH" -H "Accept: text/csv" "$HUB_URL/api/v1/devices" | sed 's/^/  /'

cat <<EOT

Kdfm is running on loopback:
  hub       $HUB_URL   (certificate SHA-256 $PIN)
  API token in $TOKEN_FILE   (not printed; the examples below send it from $AUTH)
  logs      artifacts/logs/{hub,sim,collector}.log

Try, while this runs:
  curl -s --cacert $CERT -H @$AUTH $HUB_URL/api/v1/devices                # JSON per SNAPSHOT.md
  curl -s --cacert $CERT -H @$AUTH $HUB_URL/api/v1/devices/hp:CNDM9555X1/readings
  curl -s --cacert $CERT -H @$AUTH $HUB_URL/api/v1/agents
  curl -s --cacert $CERT -H @$AUTH -H 'Content-Type: application/json' -d '{"kind":"poll-now"}' \\
       $HUB_URL/api/v1/agents/\$(curl -s --cacert $CERT -H @$AUTH $HUB_URL/api/v1/agents | sed 's/.*"id":"\([^"]*\)".*/\1/')/tasks
  $COLLECTOR status --data $COLLECTOR_DATA                # the hub link, the outbox, MQTT
  $COLLECTOR devices --data $COLLECTOR_DATA               # what the collector has stored
  $COLLECTOR snapshot 127.20.0.3:$PORT                    # the HP, read now (v2c 'public')
  $COLLECTOR scan 127.20.0.0/29 --port $PORT              # a one-shot discovery
  snmpbulkwalk -v2c -c public -On 127.20.0.2:$PORT 1.3.6.1.2.1.43   # Net-SNMP works too

Ctrl+C stops the hub, kdfm-sim and the collector.
EOT
wait "${pids[0]}"
