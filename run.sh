#!/usr/bin/env bash
# Runs Kdfm on its embedded defaults, on loopback only: kdfm-sim serves the demo fleet (the walks shipped in
# src/Kdfm.Simulator/walks) at 127.20.0.1-127.20.0.5 port 1161, kdfm-collector reads every printer once, and the
# fleet stays up for you to try the commands it prints (including the long-running collector).  Ctrl+C stops it.
set -euo pipefail
cd "$(dirname "$0")"

echo "run.sh: building (Release)…"
dotnet publish src/Kdfm.Simulator -c Release -o artifacts/kdfm-sim -nologo -v quiet
dotnet publish src/Kdfm.Collector.Host -c Release -o artifacts/kdfm-collector -nologo -v quiet

SIM=artifacts/kdfm-sim/kdfm-sim
COLLECTOR=artifacts/kdfm-collector/kdfm-collector
PORT=1161

"$SIM" --walks src/Kdfm.Simulator/walks --range 127.20.0.0/24 --port "$PORT" \
  --v3-user demo --auth SHA-256 --auth-pass demo-auth-pass --priv AES --priv-pass demo-priv-pass > artifacts/kdfm-sim.log 2>&1 &
SIM_PID=$!
trap 'kill $SIM_PID 2>/dev/null; wait $SIM_PID 2>/dev/null; echo; echo "run.sh: stopped"' EXIT
for _ in $(seq 1 100); do grep -q "kdfm-sim ready" artifacts/kdfm-sim.log && break; sleep 0.1; done
head -1 artifacts/kdfm-sim.log

echo
echo "The demo fleet, read by kdfm-collector (SNMPv3 authPriv, SHA-256/AES):"
for i in 1 2 3 4 5; do
  "$COLLECTOR" get -v 3 -u demo -a SHA-256 -A demo-auth-pass -x AES -X demo-priv-pass "127.20.0.$i:$PORT" \
    1.3.6.1.2.1.25.3.2.1.3.1 1.3.6.1.2.1.43.5.1.1.17.1 1.3.6.1.2.1.43.10.2.1.4.1.1 | sed "s/^/  127.20.0.$i  /"
done

echo
echo "kdfm-collector scan of 127.20.0.0/29 (discovery + a snapshot of each printer, on the collector's actors):"
"$COLLECTOR" scan 127.20.0.0/29 --port "$PORT" --quiet | sed 's/^/  /'

cat <<EOT

Try, while this runs:
  $COLLECTOR snapshot 127.20.0.3:$PORT                         # the HP: identity, counters, supplies, alerts
  KDFM_Collector__Targets__0=127.20.0.0/29 KDFM_Collector__Port=$PORT $COLLECTOR run --data artifacts/data   # the service
  $COLLECTOR devices --data artifacts/data                     # what the running collector has stored
  $COLLECTOR walk 127.20.0.4:$PORT 1.3.6.1.2.1.43.11          # supplies of the Kyocera, v2c 'public'
  $COLLECTOR walk -o snmprec 127.20.0.3:$PORT > hp.snmprec     # record a device
  $COLLECTOR get -o json 127.20.0.1:$PORT 1.3.6.1.2.1.1.5.0
  snmpbulkwalk -v2c -c public -On 127.20.0.2:$PORT 1.3.6.1.2.1.43   # Net-SNMP works too

kdfm-sim is serving; Ctrl+C stops it.
EOT
wait $SIM_PID
