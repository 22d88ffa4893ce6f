#!/usr/bin/env bash
# Writes bench/function-order.txt: the functions a release `dagsorden render`
# runs, by their linker names. build.rs hands the file to the linker
# (rust-lld's --symbol-ordering-file), which places those functions side by
# side at the start of the code, so a render maps a few MiB of the executable
# instead of pages spread over all of its 30 MiB of code (bench/RESULTS.md
# has the figures).
#
# The names carry the hashes of this compiler and these crate versions: run
# this again after a change of Rust or of Cargo.lock. A stale list costs only
# memory — names the linker does not find are skipped and those functions
# are placed as usual — so the PDFs never depend on it.
#
# Usage: bash bench/function-order.sh   (needs valgrind and python3; perf, if
# present, adds what only a run outside valgrind takes)
set -euo pipefail
cd "$(dirname "$0")/.."
command -v valgrind >/dev/null || { echo "error: needs valgrind (apt-get install valgrind)" >&2; exit 1; }

BIN="${CARGO_TARGET_DIR:-$PWD/target}/release/dagsorden"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
MEETING=cases/udvalget-for-laering/2021-11-29
# Built alone, as the README's commands build it: with the examples or the
# tests, dev-dependencies change some crates' features and so every hash.
build() { cargo build --release --quiet --bin dagsorden; }
build
nm --defined-only "$BIN" | awk '$2 ~ /^[tTwW]$/ { print $3 }' >"$WORK/defined"

# 1. Every function callgrind sees called:
# the seed meeting alone (bench/run.sh's (a)) three times, since which slow
# paths of locks and of the allocator a run takes depends on how its threads
# meet; then every bundled case with its complete packets, on one thread. The
# bilag conversions come from the usual cache, so no engine runs here.
trace() {
    local name="$1"
    shift
    valgrind --tool=callgrind --demangle=no --callgrind-out-file="$WORK/$name.calls" \
        "$BIN" "$@" -q -o "$WORK/$name" >/dev/null 2>"$WORK/$name.log" ||
        { cat "$WORK/$name.log" >&2; exit 1; }
}
for run in 1 2 3; do
    trace "meeting$run" render "$MEETING/moede.yaml"
done
trace cases render cases --samlet -j 1
touch "$WORK/native"

write() {
    python3 - "$WORK" bench/function-order.txt <<'PY'
import re, sys
work, out = sys.argv[1:3]
defined = set(open(f"{work}/defined").read().split())
def called(run):
    for line in open(f"{work}/{run}.calls", errors="replace"):
        # A recursive call is named NAME'2, NAME'3, … (callgrind's --separate-recs).
        m = re.match(r"c?fn=\(\d+\) (\S+?)(?:'\d+)?$", line.rstrip("\n"))
        if m:
            yield m.group(1)
meeting = {n for run in ("meeting1", "meeting2", "meeting3") for n in called(run)}
cases = set(called("cases"))
native = set(open(f"{work}/native").read().split())
# The meeting's functions, with what only native runs showed, first; then
# the rest of the cases: the seed meeting's code is one block. Each part is
# sorted (callgrind lists functions in an order that changes from run to
# run), so that a fresh list differs from the last by what really changed.
first = (meeting | native) & defined
rest = cases & defined - first
names = sorted(first) + sorted(rest)
with open(out, "w") as f:
    f.write("".join(n + "\n" for n in names))
only_native = len(native & defined - meeting - cases)
print(f"{out}: {len(names)} functions, {only_native} of them seen only outside valgrind")
PY
}
write

# 2. What valgrind cannot show: code taken on this CPU only (SHA extensions),
# or when threads really run side by side. Native runs of the meeting, with
# every page fault recorded: a fault on code names a function the meeting
# runs, and those valgrind did not see join the meeting's block. Twice, since
# the first additions uncover their neighbours, which shared their first fault.
if command -v perf >/dev/null && perf stat -e page-faults true >/dev/null 2>&1; then
    for pass in 1 2; do
        build
        for run in 1 2 3 4 5; do
            perf record -q -e page-faults -c 1 -d -o "$WORK/faults.data" \
                "$BIN" render "$MEETING/moede.yaml" -q -o "$WORK/native-out" >/dev/null 2>&1
            perf script -i "$WORK/faults.data" -F ip,sym,addr,dso --no-demangle 2>/dev/null
        done | python3 -c '
import re, sys
bin, native = sys.argv[1], sys.argv[2]
known = set(open(native).read().split())
for line in sys.stdin:
    m = re.match(r"\s*([0-9a-f]+) .*?\s([0-9a-f]+) (\S+) \((\S+)\)$", line.rstrip())
    # An instruction fetch: the fault is on the page of the instruction.
    if m and m[4] == bin and int(m[1], 16) >> 12 == int(m[2], 16) >> 12 and m[3] not in known:
        known.add(m[3])
        print(m[3])
' "$BIN" "$WORK/native" >>"$WORK/native"
        write
    done
else
    echo "perf is not usable here: the list holds what valgrind saw only" >&2
fi
