#!/usr/bin/env bash
# Every file of a folder decoded three times, each in a fresh process with a different thread and
# partition count (1/1, 2/7, 8/3): the rows' sha256 (OpenSSL libcrypto, `imgframe read --format tsv`)
# must be identical every time - a byte that is not decoded from the file would differ between runs.
# Usage: determinism.sh IMGFRAME_TOOL FOLDER [read options...]
set -euo pipefail
tool="$1" folder="$2"
shift 2
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
run=0
for tp in "1 1" "2 7" "8 3"; do
  read -r threads partitions <<<"$tp"
  # origin, height, width, nChannels, mode, sha256 of data, error - sorted (partitions reorder rows)
  "$tool" read --format tsv --no-progress -r -t "$threads" -p "$partitions" "$@" "$folder" 2>/dev/null |
    tail -n +2 | cut -f1-5,7,8 | LC_ALL=C sort >"$out/run$run.tsv"
  run=$((run + 1))
done
rows=$(wc -l <"$out/run0.tsv")
valid=$(awk -F'\t' '$2 != "-1"' "$out/run0.tsv" | wc -l)
if ((valid == 0)); then echo "determinism.sh: no valid row in $folder" >&2; exit 1; fi
for r in 1 2; do
  if ! cmp -s "$out/run0.tsv" "$out/run$r.tsv"; then
    echo "determinism.sh: run $r differs from run 0:" >&2
    diff "$out/run0.tsv" "$out/run$r.tsv" | head -20 >&2
    exit 1
  fi
done
echo "determinism.sh: $rows rows ($valid valid), identical sha256 in 3 fresh processes (threads/partitions 1/1, 2/7, 8/3)"
