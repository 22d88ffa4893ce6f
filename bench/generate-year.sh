#!/usr/bin/env bash
# Writes a generated year of case files shaped like the seed meeting: COMMITTEES
# committees × MEETINGS meetings of 10 items each (the seed meeting's nine and a
# tenth), each committee with its own name, each meeting with its own date.
# Usage: bash bench/generate-year.sh DIR [COMMITTEES] [MEETINGS]   (default 30 × 11)
set -euo pipefail
cd "$(dirname "$0")/.."
DIR="${1:?usage: bash bench/generate-year.sh DIR [COMMITTEES] [MEETINGS]}"
python3 - cases/udvalget-for-laering/2021-11-29 "$DIR" "${2:-30}" "${3:-11}" <<'PY'
import datetime, os, re, shutil, sys
seed, out, committees, meetings = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
topics = ["Læring", "Social Omsorg", "Teknik", "Miljø", "Kultur", "Fritid", "Beskæftigelse",
          "Sundhed", "Ældre", "Børn og Familie", "Erhverv", "Klima", "Plan", "Trafik", "Bolig"]
tenth = open(os.path.join(seed, "103-til-orientering.yaml"), encoding="utf-8").read()
tenth = re.sub(r"^nummer: 103$", "nummer: 105", tenth, flags=re.M)
tenth = re.sub(r"^titel: .*$", "titel: Eventuelt", tenth, flags=re.M)
written = 0
for c in range(committees):
    name = f"Udvalget for {topics[c % len(topics)]}" + ("" if c < len(topics) else f" {c // len(topics) + 1}")
    slug = f"udvalg-{c + 1:02d}"
    for m in range(meetings):
        day = datetime.date(2022, 1, 10) + datetime.timedelta(days=m * 33 + c % 28)
        dst = os.path.join(out, slug, day.isoformat())
        shutil.copytree(seed, dst)
        path = os.path.join(dst, "moede.yaml")
        s = open(path, encoding="utf-8").read()
        s = re.sub(r"^udvalg: .*$", f"udvalg: {name}", s, flags=re.M)
        s = re.sub(r"^dato: .*$", f"dato: {day.isoformat()}", s, flags=re.M)
        open(path, "w", encoding="utf-8").write(s)
        open(os.path.join(dst, "105-eventuelt.yaml"), "w", encoding="utf-8").write(tenth)
        written += 1
print(f"{written} meetings of 10 items in {out}", file=sys.stderr)
PY
