#!/usr/bin/env bash
# Times GET /api/v1/reports/org/cards.zip against a real `trustcard serve` on
# a database the caller loaded (see README "Report cards", "Speed"), and reads
# the server process's peak resident memory (VmHWM, reset before each run)
# and the CPU time it spent. Each ZIP is checked: one PDF per card, and every
# card's text read back with pdftotext (the last run only, it takes a while).
#   TRUSTCARD_DATABASE_URL=postgres://… cmd/trustcard/testdata/bench_zip.sh [runs] [path]
# path defaults to /api/v1/reports/org/cards.zip. Set BASELINE to a command
# (for example "/work/shared/bench/baselines pdf 1000") to run it before and
# after the ZIPs, in the same run.
set -euo pipefail
: "${TRUSTCARD_DATABASE_URL:?set TRUSTCARD_DATABASE_URL to the loaded database}"
runs=${1:-3} path=${2:-/api/v1/reports/org/cards.zip}
root=$(cd "$(dirname "$0")/../../.." && pwd)
tmp=$(mktemp -d)
pid=
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$tmp"' EXIT

(cd "$root" && go build -o "$tmp/trustcard" ./cmd/trustcard)
port=$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')
export TRUSTCARD_ADDR=127.0.0.1:$port TRUSTCARD_API_KEY_RATE=0
"$tmp/trustcard" migrate >/dev/null 2>&1
key=$("$tmp/trustcard" apikey create --name bench-zip 2>/dev/null)
"$tmp/trustcard" serve >"$tmp/serve.log" 2>&1 &
pid=$!
for _ in $(seq 100); do curl -sf -o /dev/null "http://$TRUSTCARD_ADDR/healthz" && break; sleep 0.1; done

cpu() { awk '{print $14 + $15}' "/proc/$pid/stat"; } # user + system, in clock ticks
hz=$(getconf CLK_TCK)
[ -z "${BASELINE:-}" ] || $BASELINE
echo "load: $(cut -d' ' -f1-3 /proc/loadavg)"
for i in $(seq "$runs"); do
  echo 5 >"/proc/$pid/clear_refs" # resets VmHWM to the current resident size
  before=$(cpu)
  wall=$(curl -sf -o "$tmp/cards.zip" -w '%{time_total}' -H "Authorization: Bearer $key" "http://$TRUSTCARD_ADDR$path")
  after=$(cpu)
  hwm=$(awk '/VmHWM/{print $2}' "/proc/$pid/status")
  cards=$(unzip -Z1 "$tmp/cards.zip" | grep -c '\.pdf$')
  printf 'zip run %d: cards=%d wall_s=%s cpu_s=%.2f peak_rss_MB=%.1f bytes=%d load=%s\n' "$i" "$cards" "$wall" \
    "$(echo "($after - $before) / $hz" | bc -l)" "$(echo "$hwm / 1024" | bc -l)" "$(stat -c %s "$tmp/cards.zip")" \
    "$(cut -d' ' -f1 /proc/loadavg)"
done
[ -z "${BASELINE:-}" ] || $BASELINE
mkdir "$tmp/cards" && unzip -q "$tmp/cards.zip" -d "$tmp/cards"
bad=0
for f in "$tmp"/cards/*.pdf; do
  pdftotext "$f" - 2>/dev/null | grep -q 'Report card' || { echo "unreadable: $(basename "$f")"; bad=$((bad + 1)); }
done
echo "read back with pdftotext: $(ls "$tmp"/cards/*.pdf | wc -l) cards, $bad unreadable"
[ "$bad" -eq 0 ]
