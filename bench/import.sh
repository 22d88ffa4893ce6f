#!/usr/bin/env bash
# import of a 10-item Agenda Management export with bilag (two PDFs per item,
# made from tests/fixtures/import/agman), and import + render of it, in one
# run: ROUNDS alternated, medians printed.
# Usage: bash bench/import.sh [ROUNDS]   (default 5)
set -euo pipefail
cd "$(dirname "$0")/.."
BIN="${CARGO_TARGET_DIR:-$PWD/target}/release/dagsorden"
cargo build --release --quiet --bin dagsorden
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
EXPORT="$WORK/export"
mkdir -p "$EXPORT/enclosures"
python3 - "$EXPORT" <<'PY'
import re, shutil, sys
out = sys.argv[1]
src = open("tests/fixtures/import/agman/publication.xml", encoding="utf-8").read()
item = re.search(r'<Item ID="I-2".*?</Item>', src, re.S).group(0)
items = []
for n in range(10):
    x = item.replace('ID="I-2" Nummer="97"', f'ID="I-{n}" Nummer="{100 + n}"')
    x = x.replace("enclosures/E-501.pdf", f"enclosures/E-{n}-1.pdf").replace("enclosures/E-502.pdf", f"enclosures/E-{n}-2.pdf")
    x = x.replace("<Caption>Omgørelsesprocenter", f"<Caption>Punkt {n + 1}: Omgørelsesprocenter")
    items.append(x)
    for k in (1, 2):
        shutil.copy("tests/fixtures/import/agman/enclosures/E-501.pdf", f"{out}/enclosures/E-{n}-{k}.pdf")
xml = re.sub(r"<Items>.*</Items>", "<Items>" + "".join(items) + "</Items>", src, flags=re.S)
open(f"{out}/publication.xml", "w", encoding="utf-8").write(xml)
PY
now() { date +%s.%N; }
"$BIN" render tests/fixtures/import/agman -o "$WORK/warm" -q >/dev/null 2>&1 || true   # fills the conversion cache
imp=(); both=()
for _ in $(seq "${1:-5}"); do
    rm -rf "$WORK/a"; t0=$(now)
    "$BIN" import agman "$EXPORT" -o "$WORK/a" >/dev/null
    t1=$(now); imp+=("$(echo "$t1 - $t0" | bc)")
    rm -rf "$WORK/b" "$WORK/out"; t0=$(now)
    "$BIN" import agman "$EXPORT" -o "$WORK/b" >/dev/null
    "$BIN" render "$WORK/b" -o "$WORK/out" --samlet -q >/dev/null 2>&1
    t1=$(now); both+=("$(echo "$t1 - $t0" | bc)")
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
echo "items: $(ls "$WORK/a"/[0-9]*.yaml | wc -l), bilag: $(ls "$WORK/a/bilag" | wc -l), PDFs rendered: $(find "$WORK/out" -name '*.pdf' | wc -l)"
echo "import:          ${imp[*]} s (median $(median "${imp[@]}"))"
echo "import + render: ${both[*]} s (median $(median "${both[@]}"))"
echo "ratio: $(echo "scale=3; $(median "${imp[@]}") / $(median "${both[@]}")" | bc)"
