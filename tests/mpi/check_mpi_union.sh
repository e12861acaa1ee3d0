#!/usr/bin/env bash
# The partition contract over MPI: the rows of 1 rank (a single process), 2 ranks and 4
# oversubscribed ranks (8 partitions, 2 per rank) are the same rows, byte for byte (sha256 of the
# decoded data and of the transformed output per row, in file order), with the same reduced counts
# and statistics, and the same outputs as the single-process `imgframe transform`.
# usage: check_mpi_union.sh MPIEXEC IMGFRAME_MPI IMGFRAME_CLI FOLDER OUT_DIR
set -euo pipefail
mpiexec="$1" tool="$2" cli="$3" folder="$4" out="$5"
rm -rf "$out" && mkdir -p "$out"
run() {  # run NAME [mpiexec args...]
  local name="$1"; shift
  "$@" "$tool" "$folder" -r --no-progress --rows "$out/$name.tsv" >"$out/$name.txt"
  cat "$out/$name.txt"
}
run single
run np2 "$mpiexec" --allow-run-as-root -np 2
run np4 "$mpiexec" --allow-run-as-root --oversubscribe -np 4 -x OMP_NUM_THREADS=1 --bind-to none
# np4 with 8 partitions: rank r reads partitions r and r + 4.
"$mpiexec" --allow-run-as-root --oversubscribe -np 4 --bind-to none "$tool" "$folder" -r --no-progress --partitions 8 \
  --rows "$out/np4p8.tsv" >"$out/np4p8.txt"

rows=$(($(wc -l <"$out/single.tsv") - 1))
valid=$(awk -F'\t' 'NR > 1 && $5 != "-"' "$out/single.tsv" | wc -l)
echo "single process: $rows rows, $valid transformed"
((rows >= 200 && valid >= 100)) || { echo "FAIL: too few rows to mean anything"; exit 1; }
for n in np2 np4 np4p8; do
  cmp "$out/single.tsv" "$out/$n.tsv" || { echo "FAIL: $n rows differ from the single process"; diff "$out/single.tsv" "$out/$n.tsv" | head; exit 1; }
  # Same counts and channel statistics (the lines after the header, without the time).
  diff <(sed -n '2,$p' "$out/single.txt" | grep -v '^time') <(sed -n '2,$p' "$out/$n.txt" | grep -v '^time') \
    || { echo "FAIL: $n reduced statistics differ"; exit 1; }
  echo "$n: identical rows (sha256 per row) and statistics"
done
grep -q 'imgframe-mpi: 2 ranks, 2 partitions' "$out/np2.txt"
grep -q 'imgframe-mpi: 4 ranks, 8 partitions' "$out/np4p8.txt"

# The same outputs as the single-process C++ transform (imgframe transform), row by row.
"$cli" transform "$folder" -r --no-progress --keep-going --format tsv \
  --stages '{"stages":[{"action":"resize","size":256,"keepAspectRatio":true},{"action":"centercrop","height":224,"width":224}],"toTensor":true,"colorScaleFactor":0.00392156862745098,"autoConvertToColor":true}' \
  2>/dev/null | awk -F'\t' 'NR > 1 && $7 != "" && $8 == "" { print $1 "\t" $7 }' | sort >"$out/cli.txt"
awk -F'\t' 'NR > 1 && $5 != "-" { print $1 "\t" $5 }' "$out/single.tsv" | sort >"$out/mpi.txt"
cmp "$out/cli.txt" "$out/mpi.txt" || { echo "FAIL: outputs differ from imgframe transform"; diff "$out/cli.txt" "$out/mpi.txt" | head; exit 1; }
echo "outputs equal imgframe transform's for $(wc -l <"$out/mpi.txt") rows"
echo "PASS"
