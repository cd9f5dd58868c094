#!/usr/bin/env bash
# The memory and time of a reload: for each content folder given, starts the release server
# on a copy of it (loopback only), appends a line to a page, waits until the new site is live,
# and prints the folder's size, the time to start, the reload's time and the peak resident size
# (VmHWM) after the start and after the reload. docs/performance.md gives the figures.
#
#   benches/reload-peak.sh content /tmp/generated ...
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet --bin international-leeds
bin=target/release/international-leeds
port=${PORT:-39124}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

health() { curl -sf "http://127.0.0.1:$port/healthz" || true; }
field() { python3 -c "import json,sys; print(json.load(sys.stdin).get('$1', ''))" 2>/dev/null || true; }
peak() { awk '/VmHWM/ {print $2}' "/proc/$1/status"; }

for folder in "$@"; do
  rm -rf "$work/content" && cp -r "$folder" "$work/content"
  started=$(date +%s%N)
  "$bin" serve --bind 127.0.0.1 --port "$port" --content "$work/content" --static static \
    --log-level info --log-format json 2>"$work/log" >/dev/null &
  pid=$!
  for _ in $(seq 1200); do [ -n "$(health)" ] && break; sleep 0.05; done
  up=$(( ($(date +%s%N) - started) / 1000000 ))
  after_start=$(peak "$pid")
  before=$(health | field content_version)
  echo "A line added to see the reload." >> "$work/content/pages/accessibility.md"
  for _ in $(seq 1200); do
    now=$(health | field content_version)
    [ -n "$now" ] && [ "$now" != "$before" ] && break
    sleep 0.05
  done
  reload=$(grep '"content reloaded"' "$work/log" | tail -1 | python3 -c 'import json,sys; print(json.loads(sys.stdin.read())["ms"])' 2>/dev/null || echo "?")
  echo "$folder: $(du -sb "$work/content" | cut -f1) bytes; start ${up} ms; reload ${reload} ms; peak ${after_start} kB after the start, $(peak "$pid") kB after the reload"
  kill "$pid"; wait "$pid" 2>/dev/null || true
done
