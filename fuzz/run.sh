#!/usr/bin/env bash
# Run every fuzz target for SECONDS each (default 60) on the committed seed corpus, on a
# nightly toolchain (`cargo install cargo-fuzz`). The seed corpus (fuzz/seed.py) is only read;
# new inputs go to fuzz/target/corpus/TARGET/ (kept between runs), crashes to
# fuzz/artifacts/TARGET/ (each becomes a regression test, then is deleted).
# Prints each target's executions and whether it crashed.
set -uo pipefail
cd "$(dirname "$0")"
secs="${1:-60}"
targets="${TARGETS:-parse check fix lsp_frames}"
cargo +nightly fuzz build -O >/dev/null 2>&1 || { echo "fuzz build failed" >&2; exit 2; }
status=0
for t in $targets; do
  log="$(mktemp)"
  mkdir -p "target/corpus/$t"
  cargo +nightly fuzz run -O "$t" "target/corpus/$t" "corpus/$t" -- -max_total_time="$secs" -max_len=65536 -timeout=20 \
    -print_final_stats=1 >"$log" 2>&1
  rc=$?
  execs="$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$')"
  echo "$t: ${execs:-?} executions in ${secs} s, exit $rc"
  if [ "$rc" -ne 0 ]; then
    status=1
    grep -E 'panicked|ERROR|SUMMARY|Test unit written' "$log" | head -20
  fi
  rm -f "$log"
done
exit "$status"
