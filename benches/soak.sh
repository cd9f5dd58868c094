#!/usr/bin/env bash
# A soak: load for SOAK seconds (default 60) while the content reloads every second, then
# SIGTERM. Passes only with zero non-2xx responses, zero socket errors, RSS growth under
# 10% and a clean exit. Its figures go into docs/performance.md.
#
#   benches/soak.sh              (SOAK=60 CONNECTIONS=64 to change)
#
# Installs wrk from Debian's packages if it is missing. The server listens on 127.0.0.1 only.
set -euo pipefail
cd "$(dirname "$0")/.."

SOAK=${SOAK:-60}
CONNECTIONS=${CONNECTIONS:-64}
PORT=${PORT:-18083}

command -v wrk >/dev/null 2>&1 || {
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
}
cargo build --release --quiet --bin international-leeds
BIN=target/release/international-leeds
work=$(mktemp -d)
cp -r content "$work/content"
server=""
cleanup() {
    [ -n "$server" ] && kill "$server" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

PORT=$PORT "$BIN" --content "$work/content" --log-level warn >/dev/null &
server=$!
for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && break; sleep 0.1; done
rss_kb() { awk '/VmRSS/ { print $2 }' "/proc/$server/status"; }

page="$work/content/pages/local-partnerships.md"
original=$(cat "$page")
# Warm up: load, and a few reloads, so that the allocator has grown its pools once. Growth
# after that would be a leak.
for n in 1 2 3 4 5; do
    printf '%s\n\nWarm-up %s.\n' "$original" "$n" >"$page"
    wrk -t2 -c"$CONNECTIONS" -d2s "http://127.0.0.1:$PORT/" >/dev/null
done
rss_before=$(rss_kb)
(
    end=$((SECONDS + SOAK))
    n=0
    while [ $SECONDS -lt $end ]; do
        n=$((n + 1))
        printf '%s\n\nReload number %s.\n' "$original" "$n" >"$page"
        sleep 1
    done
    echo "$n" >"$work/reloads"
) &
editor=$!
result=$(wrk -t2 -c"$CONNECTIONS" -d"${SOAK}s" --latency -H 'Accept-Encoding: br, gzip' "http://127.0.0.1:$PORT/local-partnerships/")
wait "$editor"
rss_after=$(rss_kb)
reloads=$(cat "$work/reloads")
health=$(curl -fs "http://127.0.0.1:$PORT/healthz")

kill -TERM "$server"
set +e
wait "$server"
exit_code=$?
set -e
server=""

requests=$(echo "$result" | awk '/requests in/ { print $1 }')
rps=$(echo "$result" | awk '/Requests\/sec/ { print $2 }')
p99=$(echo "$result" | awk '/^ +99%/ { print $2 }')
non2xx=$(echo "$result" | awk '/Non-2xx/ { print $NF }')
errors=$(echo "$result" | awk '/Socket errors/ { gsub(",", ""); print $4 + $6 + $8 + $10 }')
growth=$(awk -v a="$rss_after" -v b="$rss_before" 'BEGIN { printf "%.1f", (a - b) * 100 / b }')

echo "soak: ${SOAK}s, $CONNECTIONS connections, $reloads content reloads, $(nproc) cores"
echo "requests: $requests ($rps req/s), p99 $p99"
echo "non-2xx: ${non2xx:-0}, socket errors: ${errors:-0}"
echo "RSS: $((rss_before / 1024)) MB before, $((rss_after / 1024)) MB after ($growth%)"
echo "health at the end: $health"
echo "exit code after SIGTERM: $exit_code"

ok=1
[ "${non2xx:-0}" -eq 0 ] || { echo "FAIL: non-2xx responses"; ok=0; }
[ "${errors:-0}" -eq 0 ] || { echo "FAIL: socket errors"; ok=0; }
awk -v g="$growth" 'BEGIN { exit !(g < 10) }' || { echo "FAIL: RSS grew by $growth%"; ok=0; }
[ "$exit_code" -eq 0 ] || { echo "FAIL: exit code $exit_code"; ok=0; }
echo "$health" | grep -q '"status":"ok"' || { echo "FAIL: health is not ok"; ok=0; }
[ "$ok" -eq 1 ] && echo "soak: pass" || { echo "soak: FAIL"; exit 1; }
