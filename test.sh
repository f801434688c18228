#!/usr/bin/env bash
# The whole test suite on a fresh machine: installs the real peers the tests start (Net-SNMP's snmpd and tools,
# snmpsim, mosquitto, openssl, postgresql, chromium, slapd and ldap-utils, openssh-server, iputils-ping) when they are missing, builds, runs every test project, and prints "N passed, N failed" last.
set -uo pipefail
cd "$(dirname "$0")"

missing=()
[ -x /usr/sbin/snmpd ] || missing+=(snmpd)
command -v snmpget >/dev/null 2>&1 || missing+=(snmp)
command -v snmpsimd >/dev/null 2>&1 || missing+=(snmpsim)
[ -x /usr/sbin/mosquitto ] || missing+=(mosquitto)
command -v mosquitto_pub >/dev/null 2>&1 || missing+=(mosquitto-clients)
command -v openssl >/dev/null 2>&1 || missing+=(openssl)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
[ -x /usr/bin/chromium ] || missing+=(chromium)   # the portal's browser tests (Playwright drives it; no browser download)
[ -x /usr/sbin/slapd ] || missing+=(slapd)         # a directory for the portal's LDAP (Active Directory) sign-in tests
command -v ldapadd >/dev/null 2>&1 || missing+=(ldap-utils)
[ -x /usr/sbin/sshd ] || missing+=(openssh-server)  # the hub's own sshd for Device Web Access tunnels
[ -x /usr/bin/ping ] || missing+=(iputils-ping)     # ping tasks without CAP_NET_RAW
if [ ${#missing[@]} -gt 0 ]; then
  echo "test.sh: installing ${missing[*]}"
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq >/dev/null
  # slapd: no directory of its own, and no system service started (the tests start theirs on loopback).
  echo "slapd slapd/no_configuration boolean true" | $sudo debconf-set-selections
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null || { echo "test.sh: apt-get install ${missing[*]} failed"; exit 1; }
fi

results="$(mktemp -d)"
trap 'rm -rf "$results"' EXIT
dotnet build Kdfm.Actors.sln -c Release -warnaserror -nologo -v quiet || { echo "0 passed, 1 failed"; exit 1; }
# One test project at a time (-m:1): the hub's browser tests and the end-to-end processes together overload two cores,
# and the collector's tests keep real-time schedules (about 11 minutes in all on 2 cores).
dotnet test Kdfm.Actors.sln -c Release --no-build -m:1 --logger "trx" --results-directory "$results" -nologo "$@"
status=$?

passed=0; failed=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters"); f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0}))
done
if [ "$passed" -eq 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
echo "$passed passed, $failed failed"
[ "$status" -eq 0 ] && [ "$failed" -eq 0 ]
