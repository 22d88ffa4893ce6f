#!/usr/bin/env bash
# Measures how long `dagsorden watch` takes from saving an item file of the
# seed meeting to that item's new PDF on disk, and to its meeting's new PDF.
# Starts `watch` on a copy of the meeting, saves an item (alternately as
# editors do, a new file renamed over the old, and in place), polls the
# output folder every millisecond for PDFs with new contents, and prints the
# median, minimum and maximum over the saves.
# Usage: bash bench/watch-latency.sh [SAVES]   (a benchmark, not a test; needs python3)
#        DAGSORDEN=path/to/binary bash bench/watch-latency.sh   measures another build
set -euo pipefail
cd "$(dirname "$0")/.."
SAVES="${1:-12}"
if [ -z "${DAGSORDEN:-}" ]; then cargo build --release --quiet --bin dagsorden; fi
BIN="${DAGSORDEN:-$PWD/target/release/dagsorden}"
WORK="$(mktemp -d)"
trap 'kill "$WATCH" 2>/dev/null || true; rm -rf "$WORK"' EXIT
cp -r cases/udvalget-for-laering/2021-11-29 "$WORK/moede"
"$BIN" watch "$WORK/moede" -o "$WORK/out" -q --cache "$WORK/cache" 2>"$WORK/watch.log" &
WATCH=$!
python3 - "$WORK" "$SAVES" <<'PY'
import glob, hashlib, os, statistics, sys, time
work, saves = sys.argv[1], int(sys.argv[2])
item = os.path.join(work, "moede", "097-ungesamtaler.yaml")
out = os.path.join(work, "out")

def digest(pattern):
    files = glob.glob(os.path.join(out, pattern))
    if len(files) != 1:
        return None
    try:
        with open(files[0], "rb") as f:
            return hashlib.sha256(f.read()).hexdigest()
    except FileNotFoundError:
        return None

ITEM, MEETING = "Punkt_097_Fremadrettede_*.pdf", "Referat_*.pdf"
deadline = time.time() + 60
while digest(ITEM) is None or digest(MEETING) is None:
    if time.time() > deadline:
        sys.exit("watch wrote no PDFs within 60 s:\n" + open(os.path.join(work, "watch.log")).read())
    time.sleep(0.05)
time.sleep(1.0)  # the first render is done and the watcher set up

original = open(item, encoding="utf-8").read()
item_times, meeting_times = [], []
for n in range(saves):
    before = (digest(ITEM), digest(MEETING))
    text = original.replace("beslutningstema: |\n", f"beslutningstema: |\n  Revision {n + 1}.\n", 1)
    start = time.perf_counter()
    if n % 2 == 0:
        tmp = item + ".tmp~"
        with open(tmp, "w", encoding="utf-8") as f:
            f.write(text)
        os.rename(tmp, item)
    else:
        with open(item, "w", encoding="utf-8") as f:
            f.write(text)
    got = [None, None]
    while None in got:
        now = time.perf_counter() - start
        if now > 10:
            sys.exit(f"save {n + 1}: no new PDF within 10 s")
        for k, pattern in enumerate((ITEM, MEETING)):
            if got[k] is None:
                d = digest(pattern)
                if d is not None and d != before[k]:
                    got[k] = now
        time.sleep(0.001)
    item_times.append(got[0])
    meeting_times.append(got[1])
    time.sleep(0.5)

def row(name, times):
    ms = [t * 1000 for t in times]
    return f"| {name} | {statistics.median(ms):.0f} ms | {min(ms):.0f} ms | {max(ms):.0f} ms |"
print(f"Saves: {saves} (every other as write + rename, the others in place)\n")
print("| from save to | median | min | max |")
print("|---|---|---|---|")
print(row("the item's new PDF", item_times))
print(row("its meeting's new PDF", meeting_times))
PY
