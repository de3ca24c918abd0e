#!/usr/bin/env bash
# dispatch.sh [emails] [baselines]: the real sending path's speed. It fills a PostgreSQL database with that many
# surveys due at once (20,000 by default), posted through the API (interactions:batch, 3 hours old) by
# `serve --role=web`, stops it, then starts `serve --role=worker` with its defaults against a loopback SMTP sink
# (the reference's smtpsink) and counts, in the database, the invitations recorded sent until all are. It prints
# the emails a second from the worker's start to the last one recorded, and the sink's own rate (its first to last
# email). With the path of the reference baselines script as second argument, it runs `baselines mail` with as many
# emails before and after, and prints the ratio and the load average.
#   cmd/trustcard/testdata/dispatch.sh 20000 /work/shared/bench/baselines
# PostgreSQL at $PGHOST:$PGPORT (default 127.0.0.1:5432, user postgres); database $DISPATCH_DB (tc_dispatch) is
# dropped and created. The sink is built from the baselines' folder (or $SMTPSINK_SRC, a folder with ./smtpsink).
set -euo pipefail
n=${1:-20000}
baselines=${2:-}
export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-postgres} PGOPTIONS="-c client_min_messages=warning"
db=${DISPATCH_DB:-tc_dispatch}
root=$(cd "$(dirname "$0")/../../.." && pwd)
sinksrc=${SMTPSINK_SRC:-$(dirname "${baselines:-/work/shared/bench/baselines}")}
bin=$(mktemp -d)
pids=()
trap 'for p in "${pids[@]:-}"; do [ -n "$p" ] && kill "$p" 2>/dev/null; done; rm -rf "$bin"' EXIT
port() { python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])'; }
now() { date +%s.%N; }
# cpu PID...: the CPU seconds the processes used so far.
cpu() { for p in "$@"; do cat "/proc/$p/stat" 2>/dev/null; done | awk -v hz="$(getconf CLK_TCK)" '{s += $14 + $15} END{printf "%.2f", s/hz}'; }
pgpids() { pgrep -u postgres -d' ' -f "postgres: .* $db " || true; }

(cd "$root" && go build -o "$bin/trustcard" ./cmd/trustcard)
(cd "$sinksrc" && go build -o "$bin/smtpsink" ./smtpsink)
dropdb --if-exists "$db" && createdb "$db"
export TRUSTCARD_DATABASE_URL="postgres://$PGUSER@$PGHOST:$PGPORT/$db?sslmode=disable" TRUSTCARD_LOG_LEVEL=warn TRUSTCARD_BASE_URL=https://trust.example.com
"$bin/trustcard" migrate >/dev/null
key=$("$bin/trustcard" apikey create --name dispatch)

# Fill: the web role posts the interactions and sends nothing.
web=$(port)
TRUSTCARD_ADDR=127.0.0.1:$web TRUSTCARD_API_KEY_RATE=0 TRUSTCARD_INGEST_PER_MINUTE=0 "$bin/trustcard" serve --role=web >"$bin/web.log" 2>&1 &
pids+=($!)
for _ in $(seq 100); do curl -s -o /dev/null "http://127.0.0.1:$web/healthz" && break; sleep 0.1; done
api() { curl -sf -H "Authorization: Bearer $key" -H 'Content-Type: application/json' "$@"; }
api -o /dev/null -d '{"external_id":"rep-1","name":"Ada Lovelace","email":"ada@example.com"}' "http://127.0.0.1:$web/api/v1/reps"
occurred=$(date -u -d '3 hours ago' +%Y-%m-%dT%H:%M:%SZ)
for ((start = 0; start < n; start += 1000)); do
  end=$((start + 1000 < n ? start + 1000 : n))
  seq "$start" $((end - 1)) | awk -v at="$occurred" 'BEGIN{printf "{\"items\":["} NR>1{printf ","}
    {printf "{\"external_id\":\"d-%d\",\"rep\":\"rep-1\",\"buyer\":{\"email\":\"buyer%d@buyer.example.org\",\"name\":\"Buyer %d\"},\"occurred_at\":\"%s\",\"kind\":\"meeting\"}", $1, $1, $1, at}
    END{printf "]}"}' >"$bin/batch.json"
  api -o /dev/null --data-binary @"$bin/batch.json" "http://127.0.0.1:$web/api/v1/interactions:batch"
done
kill "${pids[-1]}"; wait "${pids[-1]}" 2>/dev/null || true
due=$(psql -d "$db" -Atqc "select count(*) from invitations where status = 'scheduled'")
[ "$due" -eq "$n" ] || { echo "dispatch: $due surveys due, want $n" >&2; exit 1; }

measure() {
  local sp before after t0 t1 sent
  sp=$(port)
  "$bin/smtpsink" -addr "127.0.0.1:$sp" >"$bin/sink.out" 2>&1 &
  local sink=$!; pids+=($sink)
  sleep 0.3
  before=$(cut -d' ' -f1 /proc/loadavg)
  local pg0; pg0=$(cpu $(pgpids))
  t0=$(now)
  TRUSTCARD_SMTP_URL="smtp://127.0.0.1:$sp" "$bin/trustcard" serve --role=worker >"$bin/worker.log" 2>&1 &
  local worker=$!; pids+=($worker)
  # A psql every 0.1 s: more often, they would take a share of the two cores.
  while :; do
    sent=$(psql -d "$db" -Atqc "select count(*) from invitations where status = 'sent'")
    [ "$sent" -ge "$n" ] && break
    kill -0 "$worker" 2>/dev/null || { echo "dispatch: the worker stopped" >&2; cat "$bin/worker.log" >&2; exit 1; }
    sleep 0.1
  done
  t1=$(now)
  after=$(cut -d' ' -f1 /proc/loadavg)
  echo "worker peak RSS $(awk '/VmHWM/{printf "%.0f MB", $2/1024}' "/proc/$worker/status"); CPU seconds: worker $(cpu "$worker"), sink $(cpu "$sink"), PostgreSQL (the backends of $db) $(awk -v a="$(cpu $(pgpids))" -v b="$pg0" 'BEGIN{printf "%.2f", a-b}')"
  kill "$worker"; wait "$worker" 2>/dev/null || true
  kill "$sink"; wait "$sink" 2>/dev/null || true
  awk -v n="$n" -v t0="$t0" -v t1="$t1" -v l0="$before" -v l1="$after" -v sink="$(tail -1 "$bin/sink.out")" \
    'BEGIN{split(sink, f, " "); printf "trustcard serve --role=worker: %d emails recorded sent in %.2f s: msgs_per_s=%.0f (sink: %s %s %s) load %s→%s\n", n, t1-t0, n/(t1-t0), f[1], f[3], f[7], l0, l1}'
}

if [ -n "$baselines" ]; then "$baselines" mail "$n"; fi
measure
if [ -n "$baselines" ]; then "$baselines" mail "$n"; fi
uptime
