#!/usr/bin/env bash
# publish with and without the search index over a generated year slice:
# COMMITTEES × MEETINGS meetings shaped like the seed meeting (bench/generate-year.sh:
# ten items each, with its four bilag: a Word file, a scan read by OCR and two
# PDFs), warm conversion cache, the two runs alternated ROUNDS times in one
# session. Prints each run's seconds, the medians and their ratio, the index's
# size, and what the browser downloads for one search (bench/search-download.mjs).
# Usage: bash bench/publish-search.sh [COMMITTEES] [MEETINGS] [ROUNDS]   (default 3 × 11, 3)
set -euo pipefail
cd "$(dirname "$0")/.."
BIN="${CARGO_TARGET_DIR:-$PWD/target}/release/dagsorden"
cargo build --release --quiet --bin dagsorden
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
bash bench/generate-year.sh "$WORK/cases" "${1:-3}" "${2:-11}"
CACHE="$WORK/cache"
run() { # NAME ARGS...: seconds of one publish into a fresh folder
    local name=$1; shift
    rm -rf "$WORK/$name"
    local t0 t1
    t0=$(date +%s.%N)
    "$BIN" publish "$WORK/cases" -o "$WORK/$name" --cache "$CACHE" -q "$@" >/dev/null 2>"$WORK/$name.log" || { cat "$WORK/$name.log" >&2; exit 1; }
    t1=$(date +%s.%N)
    echo "$t1 - $t0" | bc
}
run warm >/dev/null   # fills the conversion and text caches
with=(); without=()
for _ in $(seq "${3:-3}"); do
    with+=("$(run med)")
    without+=("$(run uden --no-search)")
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
m1=$(median "${with[@]}"); m0=$(median "${without[@]}")
echo "meetings: $(find "$WORK/cases" -name moede.yaml | wc -l), PDFs on the site: $(find "$WORK/med/dokumenter" -name '*.pdf' | wc -l)"
echo "publish with search:    ${with[*]} s (median $m1)"
echo "publish without search: ${without[*]} s (median $m0)"
echo "ratio: $(echo "scale=2; $m1 / $m0" | bc)"
echo "index: $(du -sb "$WORK/med/pagefind" | cut -f1) bytes in $(find "$WORK/med/pagefind" -type f | wc -l) files; site: $(du -sb "$WORK/med" | cut -f1) bytes"
grep '^search:' "$WORK/med.log" || "$BIN" publish "$WORK/cases" -o "$WORK/med" --cache "$CACHE" 2>&1 | grep '^search:' || true
if [ -d tests/browser/node_modules/playwright-core ]; then
    for word in udskrevet ungesamtaler; do
        node bench/search-download.mjs "$WORK/med" "$word"
    done
fi
