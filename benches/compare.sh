#!/usr/bin/env bash
# Benchmarks International Leeds against nginx serving the same bytes from disk, on loopback,
# in one go, and prints a table: the server as the benchmark has always run it (`--log-level
# warn`), the same with its Prometheus metrics on (`--metrics-bind`, scraped every second), the
# server as deployed (the systemd unit's JSON logs at `info`, a line per request, into a file),
# and nginx. Then builds a generated site of 10,000 pages and measures its
# load time, memory, throughput, and latency while it reloads. See docs/performance.md.
#
#   benches/compare.sh    (DURATION=10s CONNECTIONS="64 256" PATHS="/ /partnerships/lille/"
#                          PAGES=10000 to change; PAGES=0 skips the generated site)
#
# Installs wrk and nginx from Debian's packages if they are missing. Every server it starts
# listens on 127.0.0.1 and is stopped at the end; every load run is bounded by DURATION.
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${DURATION:-10s}
CONNECTIONS=${CONNECTIONS:-64 256}
PAGES=${PAGES:-10000}
APP_PORT=${APP_PORT:-18080}
NGINX_PORT=${NGINX_PORT:-18081}
BIG_PORT=${BIG_PORT:-18082}
SMALL_PORT=${SMALL_PORT:-18083}
COUNTED_PORT=${COUNTED_PORT:-18084}
METRICS_PORT=${METRICS_PORT:-18085}
LOGGED_PORT=${LOGGED_PORT:-18086}
read -r -a PATHS <<<"${PATHS:-/ /partnerships/lille/}"

missing=()
command -v wrk >/dev/null 2>&1 || missing+=(wrk)
command -v nginx >/dev/null 2>&1 || missing+=(nginx)
if [ ${#missing[@]} -gt 0 ]; then
    echo "installing ${missing[*]}"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

echo "building the release binary"
cargo build --release --quiet --bin international-leeds --example generate
BIN=target/release/international-leeds
work=$(mktemp -d)
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

# The same bytes for nginx: the static export, with gzip files beside for gzip_static.
"$BIN" export "$work/site" >/dev/null
find "$work/site" -type f \( -name '*.html' -o -name '*.css' -o -name '*.svg' -o -name '*.xml' -o -name '*.txt' \) \
    -exec gzip -k -9 {} \;
mkdir -p "$work/nginx"
# nginx's workers run as an unprivileged user: let them read the export.
chmod -R a+rX "$work"
cat >"$work/nginx/nginx.conf" <<CONF
worker_processes auto;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log warn;
events { worker_connections 4096; }
http {
    access_log off;
    sendfile on;
    tcp_nopush on;
    keepalive_requests 1000000;
    types { text/html html; text/css css; image/svg+xml svg; }
    default_type application/octet-stream;
    client_body_temp_path $work/nginx/body;
    proxy_temp_path $work/nginx/proxy;
    fastcgi_temp_path $work/nginx/fastcgi;
    uwsgi_temp_path $work/nginx/uwsgi;
    scgi_temp_path $work/nginx/scgi;
    server {
        listen 127.0.0.1:$NGINX_PORT;
        root $work/site;
        gzip_static on;
        etag on;
    }
}
CONF
nginx -p "$work/nginx" -c "$work/nginx/nginx.conf" -g 'daemon off;' &
pids+=($!)
PORT=$APP_PORT "$BIN" --log-level warn --no-watch >/dev/null &
app_pid=$!
pids+=($app_pid)
# The same server counting its metrics, scraped every second (Prometheus scrapes every 15 s).
PORT=$COUNTED_PORT METRICS_BIND=127.0.0.1:$METRICS_PORT "$BIN" --log-level warn --no-watch >/dev/null &
counted_pid=$!
pids+=($counted_pid)
sleep 1
while true; do curl -fs "http://127.0.0.1:$METRICS_PORT/metrics" >/dev/null || true; sleep 1; done &
pids+=($!)
# As deployed: JSON lines at info, one per request, written to a file (as journald keeps them).
# Appended (so that it can be emptied between cases: a case writes a gigabyte).
PORT=$LOGGED_PORT LOG_FORMAT=json "$BIN" --log-level info --no-watch >/dev/null 2>>"$work/requests.log" &
logged_pid=$!
pids+=($logged_pid)

rss_kb() { awk '/VmRSS/ { print $2 }' "/proc/$1/status"; }

# Prints: requests/s, p50, p99, non-2xx, socket errors
measure() {
    local url=$1 connections=$2 encoding=$3
    local args=(-t2 -c"$connections" -d"$DURATION" --latency)
    [ -n "$encoding" ] && args+=(-H "Accept-Encoding: $encoding")
    wrk "${args[@]}" "$url" | awk '
        /Requests\/sec/ { rps = $2 }
        /^ +50%/ { p50 = $2 }
        /^ +99%/ { p99 = $2 }
        /Non-2xx/ { non2xx = $NF }
        /Socket errors/ { gsub(",", ""); errors = $4 + $6 + $8 + $10 }
        END { printf "%s %s %s %d %d\n", rps, p50, p99, non2xx, errors }'
}

to_ms() { # 1.23ms / 456.00us / 1.2s -> milliseconds
    awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n += 0; else if (v ~ /s$/) n *= 1000; printf "%.3f", n }'
}

echo
# Four servers share each case: two halves of DURATION each, in the order app, counted, logged,
# nginx, nginx, logged, counted, app, so that a slow or fast spell of the machine falls on all
# alike.
HALF=$(( ${DURATION%s} / 2 ))s
echo "International Leeds against nginx $(nginx -v 2>&1 | cut -d/ -f2), wrk -t2, $DURATION a case for each (two halves, in turn), loopback, $(nproc) cores"
echo "(req/s and p99: the mean of the two halves; app: --log-level warn; counted: the same with --metrics-bind; logged: JSON at info into a file, as deployed)"
printf '%-22s %5s %-9s | %8s %7s | %8s %7s | %8s %7s | %8s %7s | %4s | %5s %6s | %7s %7s\n' \
    page conns encoding "app" "p99 ms" "counted" "p99 ms" "logged" "p99 ms" "nginx" "p99 ms" err \
    "app/n" "logd/n" counted logged
mean() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", (a + b) / 2 }'; }
# Runs the first half (1) or second half (2) of a case on one server; sets <name>_rps<half> …
half() {
    local name=$1 port=$2 n=$3 rps p50 p99 non err
    read -r rps p50 p99 non err < <(DURATION=$HALF measure "http://127.0.0.1:$port$path" "$connections" "$encoding")
    printf -v "${name}_rps$n" %s "$rps"
    printf -v "${name}_p99$n" %s "$(to_ms "$p99")"
    printf -v "${name}_err$n" %s "$((non + err))"
}
percent() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b - a) / a * 100 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
costs=(); log_costs=(); logged_ratios=(); log_lines=0
for path in "${PATHS[@]}"; do
    for connections in $CONNECTIONS; do
        for encoding in "" "br, gzip"; do
            half a "$APP_PORT" 1; half c "$COUNTED_PORT" 1; half l "$LOGGED_PORT" 1; half n "$NGINX_PORT" 1
            half n "$NGINX_PORT" 2; half l "$LOGGED_PORT" 2; half c "$COUNTED_PORT" 2; half a "$APP_PORT" 2
            for x in a c l n; do
                printf -v "${x}_rps" %s "$(mean "$(eval echo \$${x}_rps1)" "$(eval echo \$${x}_rps2)")"
                printf -v "${x}_p99" %s "$(mean "$(eval echo \$${x}_p991)" "$(eval echo \$${x}_p992)")"
            done
            log_lines=$((log_lines + $(wc -l <"$work/requests.log"))); : >"$work/requests.log"
            errors=$((a_err1 + a_err2 + c_err1 + c_err2 + l_err1 + l_err2 + n_err1 + n_err2))
            costs+=("$(percent "$a_rps" "$c_rps")"); log_costs+=("$(percent "$a_rps" "$l_rps")")
            logged_ratios+=("$(ratio "$l_rps" "$n_rps")")
            printf '%-22s %5s %-9s | %8.0f %7s | %8.0f %7s | %8.0f %7s | %8.0f %7s | %4d | %5s %6s | %6s%% %6s%%\n' \
                "$path" "$connections" "${encoding:-none}" \
                "$a_rps" "$a_p99" "$c_rps" "$c_p99" "$l_rps" "$l_p99" "$n_rps" "$n_p99" "$errors" \
                "$(ratio "$a_rps" "$n_rps")" "${logged_ratios[-1]}" "${costs[-1]}" "${log_costs[-1]}"
        done
    done
done
# The median of the cases: one case spoilt by a slow spell does not decide it.
median() { sort -g | awk '{ c[NR] = $1 } END { printf "%.2f", (NR % 2) ? c[(NR + 1) / 2] : (c[NR / 2] + c[NR / 2 + 1]) / 2 }'; }
echo "(counted, logged: the throughput against app's, in per cent)"
echo "median of the cases: counted $(printf '%s\n' "${costs[@]}" | median)%, logged $(printf '%s\n' "${log_costs[@]}" | median)%; logged against nginx: lowest $(printf '%s\n' "${logged_ratios[@]}" | sort -g | head -n 1)x"
echo "lines logged by the logged server: $log_lines"
echo "RSS after the runs: app $(( $(rss_kb "$app_pid") / 1024 )) MB, counted $(( $(rss_kb "$counted_pid") / 1024 )) MB, logged $(( $(rss_kb "$logged_pid") / 1024 )) MB"

[ "$PAGES" -gt 0 ] || exit 0
echo
echo "A generated site of $PAGES pages"
target/release/examples/generate "$work/big" "$PAGES" >/dev/null
for run in 1 2 3; do
    "$BIN" check --content "$work/big" --log-level international_leeds=debug 2>&1 >/dev/null \
        | sed 's/\x1b\[[0-9;]*m//g' | awk -v run="$run" '/snapshot built/ { for (i = 1; i <= NF; i++) if ($i ~ /^ms=/) print "load, render and compress, run " run ": " substr($i, 4) " ms" }'
done
PORT=$BIG_PORT "$BIN" --content "$work/big" --log-level warn >/dev/null &
big_pid=$!
pids+=($big_pid)
for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$BIG_PORT/healthz" >/dev/null 2>&1 && break; sleep 0.1; done
echo "big site RSS after loading: $(( $(rss_kb "$big_pid") / 1024 )) MB"
# The same page of a site of the same shape but 200 pages (compressed alike: both are past
# Effort::SMALL_SITE), so that only the size of the site differs.
target/release/examples/generate "$work/small" 200 >/dev/null
PORT=$SMALL_PORT "$BIN" --content "$work/small" --log-level warn --no-watch >/dev/null &
pids+=($!)
for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$SMALL_PORT/healthz" >/dev/null 2>&1 && break; sleep 0.1; done
# Four short rounds, in turn and in alternating order (small, big, big, small, ...), so that
# the machine's slow and fast spells fall on both alike.
ROUND=${ROUND:-5s}
ratios=(); b_errors=0
for round in 1 2 3 4; do
    order="small big"
    [ $((round % 2)) -eq 0 ] && order="big small"
    for site in $order; do
        if [ "$site" = small ]; then
            read -r s_rps _ _ _ _ < <(DURATION=$ROUND measure "http://127.0.0.1:$SMALL_PORT/partnerships/city-7/" 64 "br, gzip")
        else
            read -r b_rps _ b_p99 b_non b_err < <(DURATION=$ROUND measure "http://127.0.0.1:$BIG_PORT/partnerships/city-7/" 64 "br, gzip")
        fi
    done
    ratios+=("$(awk -v a="$b_rps" -v b="$s_rps" 'BEGIN { printf "%.3f", a / b }')")
    echo "city page, 64 connections, br, round $round: 200 pages $s_rps req/s, $PAGES pages $b_rps req/s (${ratios[-1]}x)"
    b_errors=$((b_errors + b_non + b_err))
done
# The median of the rounds' ratios: one round spoilt by a slow spell does not decide it.
median=$(printf '%s\n' "${ratios[@]}" | sort -n | awk '{ r[NR] = $1 } END { printf "%.2f", (r[2] + r[3]) / 2 }')
echo "big site against small site, median of the rounds: ${median}x, errors $b_errors"
# The steady p99 to hold the reloads to: a full-length run, as the run during reloads is.
read -r _ _ b_p99 _ _ < <(measure "http://127.0.0.1:$BIG_PORT/partnerships/city-7/" 64 "br, gzip")
steady_p99=$(to_ms "$b_p99")
# Reload about once a second while the load runs.
(
    end=$((SECONDS + ${DURATION%s}))
    n=0
    while [ $SECONDS -lt $end ]; do
        n=$((n + 1))
        printf '+++\ntitle = "Page 0"\ndescription = "Reload %s"\n+++\nReloaded %s times.\n' "$n" "$n" >"$work/big/pages/page-0.md"
        sleep 1
    done
) &
reloader=$!
read -r r_rps r_p50 r_p99 r_non r_err < <(measure "http://127.0.0.1:$BIG_PORT/partnerships/city-7/" 64 "br, gzip")
wait "$reloader" || true
echo "during reloads: $r_rps req/s, p99 $(to_ms "$r_p99") ms against $steady_p99 ms steady ($(awk -v a="$(to_ms "$r_p99")" -v b="$steady_p99" 'BEGIN { printf "%.2f", a / b }')x), errors $((r_non + r_err))"
# The last reload may still be building: sample memory once the site has stopped changing.
version() { curl -fs "http://127.0.0.1:$BIG_PORT/healthz" | sed 's/.*"content_version":"\([^"]*\)".*/\1/'; }
previous=""
for _ in $(seq 1 30); do
    current=$(version)
    [ -n "$previous" ] && [ "$current" = "$previous" ] && break
    previous=$current
    sleep 3
done
echo "big site RSS after the reloads: $(( $(rss_kb "$big_pid") / 1024 )) MB, peak $(( $(awk '/VmHWM/ { print $2 }' "/proc/$big_pid/status") / 1024 )) MB"
