#!/usr/bin/env bash
# Compare copydesk's output with a reference binary's, byte for byte, on real content.
# Usage: scripts/compare_outputs.sh REFERENCE_BINARY CANDIDATE_BINARY CORPUS_DIR
# CORPUS_DIR is ../shared/corpus (clean, wild/nodejs and nav-eval/dev are compared in
# every output format). Prints one line per comparison; exits 1 on any difference.
set -uo pipefail
ref=$1 new=$2 corpus=$3
out=$(mktemp -d)
status=0
for set in clean wild/nodejs nav-eval/dev; do
  for format in json human concise sarif github junit checkstyle; do
    name=$(echo "$set.$format" | tr / _)
    "$ref" check --color never --exit-zero --format "$format" "$corpus/$set" >"$out/$name.ref" 2>&1
    "$new" check --color never --exit-zero --format "$format" "$corpus/$set" >"$out/$name.new" 2>&1
    if cmp -s "$out/$name.ref" "$out/$name.new"; then
      echo "same       $set $format ($(wc -c <"$out/$name.ref") bytes)"
    else
      echo "DIFFERENT  $set $format: diff $out/$name.ref $out/$name.new"
      status=1
    fi
  done
done
exit $status
