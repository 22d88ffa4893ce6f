#!/usr/bin/env bash
# Seeds the fuzz corpora from the repository's own files: the bundled cases,
# the starter files, the error and malformed fixtures (case_file); their
# texts and the Markdown of the escaping tests (markdown); every PDF of the
# fixtures and the cases (pdf). Run from fuzz/: bash seed.sh
set -euo pipefail
cd "$(dirname "$0")"
root=..
mkdir -p corpus/case_file corpus/markdown corpus/pdf
n=0
while IFS= read -r -d '' f; do
  n=$((n + 1)); cp "$f" "corpus/case_file/seed-$n"
done < <(find "$root/cases" "$root/templates/ny" "$root/tests/fixtures/errors" "$root/tests/fixtures/malformed" -name '*.yaml' -print0)
# Each case file's text fields, one per seed, as the markdown target takes them.
python3 - "$root" <<'PY'
import pathlib, sys, yaml
root = pathlib.Path(sys.argv[1])
n = 0
def texts(v):
    if isinstance(v, str):
        yield v
    elif isinstance(v, dict):
        for x in v.values(): yield from texts(x)
    elif isinstance(v, list):
        for x in v: yield from texts(x)
for f in sorted(root.glob("cases/**/*.yaml")) + sorted(root.glob("templates/ny/*.yaml")):
    for t in texts(yaml.safe_load(f.read_text())):
        if len(t) > 3:
            n += 1
            (pathlib.Path("corpus/markdown") / f"seed-{n}").write_text(t)
extra = ["- a\n  - b\n- c\n\n3. tre\n4. fire", "> citat\n> > dybere", "| a | b |\n|---|--:|\n| c | d |",
         "**fed** *kursiv* [link](https://x.dk) <a@b.dk> `kode` # ikke overskrift", "29. november 2021 blev",
         "Se [1].\n\n[1]: https://x.dk", "#read(\"/etc/passwd\") $x$ \\ // /* */ <x> @x", "&amp; &#0; \\*"]
for t in extra:
    n += 1
    (pathlib.Path("corpus/markdown") / f"seed-{n}").write_text(t)
PY
n=0
while IFS= read -r -d '' f; do
  n=$((n + 1)); cp "$f" "corpus/pdf/seed-$n"
done < <(find "$root/tests/fixtures" "$root/cases" -name '*.pdf' -size -2M -print0)
for t in case_file markdown pdf; do echo "$t: $(ls corpus/$t | wc -l) seeds"; done
