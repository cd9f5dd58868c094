#!/usr/bin/env bash
# Measures what a setting costs the server: three copies of the release binary on loopback,
# the plain one (A), a second plain one (A', the control) and one with the setting (B), each
# case run as paired short rounds in turn, in alternating order, against `/` with brotli.
# Prints each round and the median of the ratios B/A and A'/A: the control shows how far two
# identical servers differ on this machine, which is the noise any cost must be read against.
#
#   benches/paired.sh                                   (the metrics: METRICS_BIND)
#   B_ENV="LOG_FORMAT=json" B_LOG=info B_STDERR=/tmp/b.log benches/paired.sh
#                                                        (logs as deployed, into a file)
#   ROUNDS=20 DURATION=3s CONNECTIONS=64 PAGE=/partnerships/lille/ benches/paired.sh
#
# Every server listens on 127.0.0.1 and is stopped at the end; every run is bounded by DURATION.
set -euo pipefail
cd "$(dirname "$0")/.."

ROUNDS=${ROUNDS:-16}
DURATION=${DURATION:-3s}
CONNECTIONS=${CONNECTIONS:-64}
PAGE=${PAGE:-/}
B_ENV=${B_ENV:-METRICS_BIND=127.0.0.1:18195}
B_LOG=${B_LOG:-warn}
B_STDERR=${B_STDERR:-/dev/null}
command -v wrk >/dev/null 2>&1 || { echo "needs wrk (apt-get install wrk)"; exit 1; }
cargo build --release --quiet --bin international-leeds
BIN=target/release/international-leeds
pids=()
trap 'for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true' EXIT
PORT=18191 "$BIN" --log-level warn --no-watch >/dev/null 2>&1 &
pids+=($!)
PORT=18192 "$BIN" --log-level warn --no-watch >/dev/null 2>&1 &
pids+=($!)
# shellcheck disable=SC2086
env PORT=18193 $B_ENV "$BIN" --log-level "$B_LOG" --no-watch >/dev/null 2>"$B_STDERR" &
pids+=($!)
for port in 18191 18192 18193; do
    for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done
done
rps() {
    wrk -t2 -c"$CONNECTIONS" -d"$DURATION" -H "Accept-Encoding: br, gzip" "http://127.0.0.1:$1$PAGE" |
        awk '/Requests\/sec/ { print $2 }'
}
median() { sort -g | awk '{ r[NR] = $1 } END { printf "%.3f", (NR % 2) ? r[(NR + 1) / 2] : (r[NR / 2] + r[NR / 2 + 1]) / 2 }'; }
echo "A: --log-level warn; A': the same; B: ${B_ENV} --log-level $B_LOG; $PAGE, $CONNECTIONS connections, $DURATION rounds"
b_ratios=(); control=()
for round in $(seq 1 "$ROUNDS"); do
    if [ $((round % 2)) -eq 1 ]; then
        a=$(rps 18191); c=$(rps 18192); b=$(rps 18193)
    else
        b=$(rps 18193); c=$(rps 18192); a=$(rps 18191)
    fi
    b_ratios+=("$(awk -v a="$a" -v b="$b" 'BEGIN { printf "%.4f", b / a }')")
    control+=("$(awk -v a="$a" -v c="$c" 'BEGIN { printf "%.4f", c / a }')")
    printf 'round %2d: A %8.0f  A'"'"' %8.0f  B %8.0f req/s  B/A %s  A'"'"'/A %s\n' "$round" "$a" "$c" "$b" "${b_ratios[-1]}" "${control[-1]}"
done
echo "median B/A: $(printf '%s\n' "${b_ratios[@]}" | median)   median A'/A (the control): $(printf '%s\n' "${control[@]}" | median)"
