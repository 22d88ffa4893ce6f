#!/usr/bin/env bash
# Measures dagsorden in one run, as ratios, and prints a Markdown report:
#   (a) the seed meeting end to end through the command line, a fresh process per run;
#   (p) the same meeting's generated source through a Typst-only peer binary
#       (examples/typst_peer.rs: the typst crates, the same fonts, PDF/A-3a + PDF/UA-1),
#       a fresh process per run, alternating with (a); medians, quartiles, peak memory,
#       and (with valgrind) the instructions each executes;
#   (b) the raw in-process Typst compile + PDF export of the same generated source;
#   (c) a batch of 50 copies of the seed meeting, on 1 thread and on every core (3 runs each, alternating);
#   (d) peak memory of batches of 100 and 1,000 items;
#   (t) if Typst's own command line is found ($TYPST, or `typst` on PATH): the same
#       source through `typst compile` with the same fonts and standards only
#       (--ignore-system-fonts --ignore-embedded-fonts), alternating with (a).
# Usage: bash bench/run.sh [RUNS]   (from anywhere; needs cargo and python3; RUNS defaults to 30)
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS="${1:-30}"

cargo build --release --quiet --example typeset --example typst_peer
# The command line built alone, as the README's commands build it: built with
# the examples, dev-dependencies change some crates' features and so the
# names bench/function-order.txt lays out.
cargo build --release --quiet --bin dagsorden
BIN="$PWD/target/release/dagsorden"
TYPESET="$PWD/target/release/examples/typeset"
PEER="$PWD/target/release/examples/typst_peer"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
MEETING=cases/udvalget-for-laering/2021-11-29

# The meeting's generated Typst source, for (b).
"$BIN" render "$MEETING/moede.yaml" -q --keep-typ -o "$WORK/typ" >/dev/null 2>&1
TYP="$(ls "$WORK"/typ/Referat_*.typ)"

# 50 copies of the meeting and 1,000 items, laid out as a year of meetings:
# one folder per meeting date, as the case tree is. The output tree mirrors
# it, so the copies keep their numbers and titles (every meeting has its
# "96. Omgørelsesprocenter 2020") and no two documents share a path.
python3 - "$MEETING" "$WORK" <<'PY'
import datetime, os, re, shutil, sys
src, work = sys.argv[1], sys.argv[2]
def copy(dst, k, only_items=False):
    day = datetime.date(2021, 11, 29) + datetime.timedelta(days=7 * k)
    dst = os.path.join(dst, day.isoformat())
    shutil.copytree(src, dst)
    for f in os.listdir(dst):
        p = os.path.join(dst, f)
        if only_items and f == "moede.yaml":
            os.remove(p)
            continue
        if f == "moede.yaml":
            s = open(p, encoding="utf-8").read()
            s = re.sub(r"^dato: \d{4}-\d\d-\d\d", f"dato: {day.isoformat()}", s, flags=re.M)
            open(p, "w", encoding="utf-8").write(s)
for k in range(50):
    copy(f"{work}/meetings/udvalg", k)
# 9 items a copy: 12 copies = 108 items, 112 copies = 1,008 items.
for k in range(112):
    copy(f"{work}/items1000/udvalg", k, only_items=True)
    if k < 12:
        copy(f"{work}/items100/udvalg", k, only_items=True)
PY

python3 - "$BIN" "$TYPESET" "$TYP" "$MEETING" "$WORK" "$RUNS" "$PEER" <<'PY'
import os, platform, re, resource, shutil, statistics, subprocess, sys, time
bin, typeset, typ, meeting, work, runs, peer = sys.argv[1:8]
runs = int(runs)

def timed(cmd):
    """Wall time and peak memory (MiB) of one fresh process."""
    start = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(p.pid, 0)
    wall = time.perf_counter() - start
    if status != 0:
        sys.exit(f"{cmd[0]} failed: {p.stderr.read().decode()}")
    return wall, usage.ru_maxrss / 1024

# (a) against (p), whole process against whole process, alternating.
cli = [bin, "render", f"{meeting}/moede.yaml", "-q", "-o", f"{work}/a", "--cache", f"{work}/cache"]
peer_cmd = [peer, "templates", typ, f"{work}/peer.pdf", "templates/fonts"]
def alternate(other):
    """(cli, other) pairs of (wall, peak memory), alternating, after 3 of each to warm the caches."""
    for _ in range(3):
        timed(cli), timed(other)
    return [(timed(cli), timed(other)) for _ in range(runs)]
pairs = alternate(peer_cmd)
def quartiles(xs):
    q = statistics.quantiles(xs, n=4)
    return q[0], statistics.median(xs), q[2]
aq = quartiles([a[0] * 1000 for a, _ in pairs])
pq = quartiles([p[0] * 1000 for _, p in pairs])
ratios = quartiles([a[0] / p[0] for a, p in pairs])
a_rss = statistics.median(a[1] for a, _ in pairs)
p_rss = statistics.median(p[1] for _, p in pairs)

# (t) against Typst's own command line, given the same fonts only, from a copy
# of the template folder with the source as its main.typ.
typst = os.environ.get("TYPST") or shutil.which("typst")
t_row = "| (t) Typst's own `typst compile` | not found ($TYPST or `typst` on PATH) | | |"
if typst:
    version = subprocess.run([typst, "--version"], capture_output=True, text=True).stdout.strip()
    shutil.copytree("templates", f"{work}/tc")
    shutil.copy(typ, f"{work}/tc/main.typ")
    typst_cmd = [typst, "compile", "--root", f"{work}/tc", f"{work}/tc/main.typ", f"{work}/t.pdf",
                 "--font-path", "templates/fonts", "--ignore-system-fonts", "--ignore-embedded-fonts",
                 "--pdf-standard", "a-3a,ua-1", "--creation-timestamp", "1638144000"]
    t_pairs = alternate(typst_cmd)
    tq = quartiles([a[0] / t[0] for a, t in t_pairs])
    at_rss = statistics.median(a[1] for a, _ in t_pairs)
    t_rss = statistics.median(t[1] for _, t in t_pairs)
    t_row = (f"| (a) / (t), `{version}` with the same fonts only, wall, median of {runs} pairs (quartiles); peak memory "
             f"| **{tq[1]:.2f}** ({tq[0]:.2f}–{tq[2]:.2f}); memory **{at_rss / t_rss:.2f}** "
             f"({at_rss:.0f} / {t_rss:.0f} MiB) | | |")

def instructions(cmd):
    if shutil.which("valgrind") is None:
        return None
    out = subprocess.run(["valgrind", "--tool=callgrind", f"--callgrind-out-file={work}/cg.out", *cmd],
                         capture_output=True, text=True).stderr
    m = re.search(r"Collected : (\d+)", out)
    return int(m.group(1)) if m else None
a_ir, p_ir = instructions(cli), instructions(peer_cmd)

def run(args, out):
    shutil.rmtree(out, ignore_errors=True)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    p = subprocess.run([bin, "render", *args, "-q", "-o", out], capture_output=True, text=True)
    wall = time.perf_counter() - start
    if p.returncode != 0:
        sys.exit(f"dagsorden failed:\n{p.stderr}")
    return wall, p.stderr.strip().splitlines()[-1]

def peak_mib(args, out):
    # ru_maxrss of the one child this process waits for: run it in a fresh python.
    code = ("import resource,subprocess,sys;"
            "subprocess.run(sys.argv[1:],check=True,capture_output=True);"
            "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    shutil.rmtree(out, ignore_errors=True)
    kib = subprocess.run([sys.executable, "-c", code, bin, "render", *args, "-q", "-o", out],
                         check=True, capture_output=True, text=True).stdout
    return int(kib) / 1024

# How much of bench/function-order.txt this binary holds (build.rs; 0 with another compiler).
listed = open("bench/function-order.txt").read().split()
defined = set(subprocess.run(["nm", "--defined-only", bin], capture_output=True, text=True).stdout.split())
found = sum(n in defined for n in listed)

a = aq[1]
def typeset_once(n):
    return [float(x) for x in subprocess.run([typeset, typ, str(n)], check=True, capture_output=True, text=True).stdout.split()]
b = typeset_once(runs)[1]
# Cold: the first compile of a fresh process, as the command line's is.
b_cold = statistics.median(typeset_once(2)[0] for _ in range(runs))
# One thread and every core in turn, three times: the medians.
c1s, cns = [], []
for _ in range(3):
    c1s.append(run([f"{work}/meetings", "-j", "1"], f"{work}/c1")[0])
    t, sn = run([f"{work}/meetings"], f"{work}/cn")
    cns.append(t)
c1, cn = statistics.median(c1s), statistics.median(cns)
docs = int(sn.split()[0])
d100 = peak_mib([f"{work}/items100"], f"{work}/d100")
d1000 = peak_mib([f"{work}/items1000"], f"{work}/d1000")
cores = os.cpu_count()

print(f"""## {time.strftime('%Y-%m-%d')}, {platform.machine()}, {cores} cores ({platform.processor() or platform.platform()})

| | measured | target | |
|---|---|---|---|
| (a) seed meeting through the CLI, fresh process (median of {runs}; quartiles) | {aq[1]:.0f} ms ({aq[0]:.0f}–{aq[2]:.0f}) | | |
| (p) its source through the Typst-only peer, fresh process, alternating with (a) | {pq[1]:.0f} ms ({pq[0]:.0f}–{pq[2]:.0f}) | | |
| (a) / (p), median of the {runs} pairs (quartiles) | **{ratios[1]:.2f}** ({ratios[0]:.2f}–{ratios[2]:.2f}) | ≤ 1,10 | {'met' if ratios[1] <= 1.1 else 'missed'} |
| (a) / (p), instructions (callgrind) | {f"**{a_ir / p_ir:.2f}** ({a_ir / 1e6:.0f} M / {p_ir / 1e6:.0f} M)" if a_ir and p_ir else "no valgrind"} | | |
{t_row}
| functions of bench/function-order.txt found in (a)'s binary | {found:,} of {len(listed):,} | | |
| peak memory, (a) / (p) | **{a_rss / p_rss:.2f}** ({a_rss:.0f} / {p_rss:.0f} MiB) | ≤ 1,00 | {'met' if a_rss <= p_rss else 'missed'} |
| (b) raw Typst compile + PDF export of its source, in-process, warm (median of {runs}) | {b:.0f} ms | | |
| (b′) the same, cold: the first compile of a fresh process (median of {runs} processes) | {b_cold:.0f} ms | | |
| (a) / (b), against the warm compile | **{a / b:.2f}** | ≤ 1,20 | {'met' if a / b <= 1.2 else 'missed'} |
| (a) / (b′), against the cold compile | **{a / b_cold:.2f}** | ≤ 1,20 | {'met' if a / b_cold <= 1.2 else 'missed'} |
| (c) 50 meetings, {docs} documents, 1 thread (median of 3) | {c1:.1f} s ({docs / c1:.1f} documents/s) | | |
| (c) the same on {cores} cores (median of 3, runs alternating) | {cn:.1f} s ({docs / cn:.1f} documents/s) | | |
| (c) throughput, {cores} cores / 1 thread | **{c1 / cn:.2f}** | ≥ 1,70 | {'met' if c1 / cn >= 1.7 else 'missed'} |
| (d) peak memory, 108 items | {d100:.0f} MiB | | |
| (d) peak memory, 1,008 items | **{d1000:.0f} MiB** | ≤ 300 MiB | {'met' if d1000 <= 300 else 'missed'} |
| (d) 1,008 items / 108 items | **{d1000 / d100:.2f}** | flat (≈ 1) | |
""")
PY

# A year in one batch (YEAR=1): 30 committees × 11 meetings of 10 items, and a
# quarter of it (30 × 3) for the memory, each once, on every core.
if [ "${YEAR:-0}" = 1 ]; then
  bash bench/generate-year.sh "$WORK/quarter" 30 3
  bash bench/generate-year.sh "$WORK/year" 30 11
  python3 - "$BIN" "$WORK" <<'PY'
import os, subprocess, sys, time
bin, work = sys.argv[1:3]
def batch(name):
    start = time.perf_counter()
    p = subprocess.Popen([bin, "render", f"{work}/{name}", "-o", f"{work}/{name}-out", "-q",
                          "--cache", f"{work}/cache"], stderr=subprocess.PIPE, text=True)
    _, status, usage = os.wait4(p.pid, 0)
    wall = time.perf_counter() - start
    last = p.stderr.read().strip().splitlines()[-1]
    if status != 0:
        sys.exit(f"the {name} failed: {last}")
    return wall, int(last.split()[0]), usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime
batch("quarter")  # fills the bilag cache (2 conversions), so that both runs below take them from it
q = batch("quarter")
y = batch("year")
print(f"""| a quarter: 30 committees × 3 meetings, {q[1]} documents | {q[0]:.1f} s ({q[1] / q[0]:.0f} documents/s), {q[2]:.0f} MiB | | |
| a year: 30 committees × 11 meetings, {y[1]} documents | **{y[0]:.1f} s** ({y[1] / y[0]:.0f} documents/s, CPU {y[3] / y[0] * 100:.0f} %), {y[2]:.0f} MiB | < 60 min | {'met' if y[0] < 3600 else 'missed'} |
| peak memory, year / quarter | **{y[2] / q[2]:.2f}** | flat (≈ 1) | |""")
PY
fi
