#!/usr/bin/env bash
# Photos at load: COUNT photos of 4000 x 3000 (default 10, made by examples/photos.rs) on a
# copy of the bundled content, loaded by `check` with an empty media cache (a first start),
# then with the cache in place (a restart); and the bundled content alone, its share cards
# cached, for comparison. Prints each load's phases (ms) from the debug log, its wall time and
# peak memory.
set -euo pipefail
cd "$(dirname "$0")/.."
COUNT="${COUNT:-10}"
cargo build --release --quiet --example photos --bin international-leeds
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cp -r content "$work/plain"
cp -r content "$work/photos"
target/release/examples/photos "$work/photos" "$COUNT"

load() {
    local content="$1" cache="$2" started ended
    started=$(date +%s.%N)
    MEDIA_CACHE="$cache" /usr/bin/time -f "peak RSS %M KB" \
        target/release/international-leeds check --content "$content" \
        --log-level international_leeds=debug --log-format json 2>"$work/log" >/dev/null
    ended=$(date +%s.%N)
    grep -E '"message":"(photos loaded|pictures and share cards added|snapshot built)"' "$work/log" \
        | sed -E 's/.*"message":"([^"]*)"(.*)/  \1:\2/; s/,?"(timestamp|level|target)":"[^"]*"//g; s/[{}]//g'
    echo "  wall $(echo "$ended - $started" | bc) s, $(tail -n 1 "$work/log")"
}

echo "== bundled content, share cards drawn (first start)"
load "$work/plain" "$work/cache-plain"
echo "== bundled content, share cards cached (restart): the baseline"
load "$work/plain" "$work/cache-plain"
echo "== with $COUNT photos, empty cache (first start)"
load "$work/photos" "$work/cache-photos"
echo "== with $COUNT photos, cache in place (restart)"
load "$work/photos" "$work/cache-photos"
