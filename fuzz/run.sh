#!/usr/bin/env bash
# Runs one fuzz target on one core for a given time, as the campaign in
# README.md was run: bash run.sh TARGET SECONDS [MAX_LEN]
# Build first: cargo +nightly fuzz build -O --sanitizer none
# Crashing inputs land in artifacts/TARGET/; the log in logs/TARGET.log.
set -euo pipefail
cd "$(dirname "$0")"
target=$1 seconds=$2 max_len=${3:-16384}
mkdir -p "corpus/$target" "artifacts/$target" logs
"./target/x86_64-unknown-linux-gnu/release/$target" "corpus/$target" \
  -max_total_time="$seconds" -max_len="$max_len" -timeout=10 -rss_limit_mb=2048 \
  -artifact_prefix="artifacts/$target/" -print_final_stats=1 \
  > "logs/$target.log" 2>&1 || true
grep -E "^stat::|Done|==ERROR|panicked|SUMMARY" "logs/$target.log" | tail -20
