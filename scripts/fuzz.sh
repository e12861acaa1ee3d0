#!/usr/bin/env bash
# Long coverage-guided fuzzing run (libFuzzer + ASan/UBSan, clang): builds the fuzz targets of
# tests/fuzz in build/fuzz and runs each one for SECONDS (default 3600), one after the other, or
# all at once with IMGFRAME_FUZZ_PARALLEL=1. Usage:
#   bash scripts/fuzz.sh [SECONDS] [TARGET...]      TARGET: decode transformer visit reader_paths
# The growing corpus stays in build/fuzz/work/TARGET (kept between runs); failing inputs (crash-*,
# leak-*, timeout-*, oom-*, slow-unit-*) land in build/fuzz/artifacts/TARGET/. Fix the bug, then
# copy the input into tests/fuzz/corpus/TARGET/ so CTest replays it from then on.
# Limits: 1 s per input is reported (slow-unit), 10 s aborts (timeout), 2 GiB RSS (oom).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
seconds="${1:-3600}"
shift || true
targets=("$@")
((${#targets[@]})) || targets=(decode transformer visit reader_paths)
san="-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer"
launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
cmake -S . -B build/fuzz -G Ninja -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O1 -g" "-DCMAKE_CXX_FLAGS=$san" "-DCMAKE_EXE_LINKER_FLAGS=$san" \
  "${launcher[@]}" -DIMGFRAME_LIBFUZZER=ON -DIMGFRAME_TEST_PACKAGING=OFF -DIMGFRAME_BUILD_TOOLS=OFF \
  -DIMGFRAME_BUILD_EXAMPLES=OFF >/dev/null
ninja -C build/fuzz "${targets[@]/#/fuzz_}"

export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1" UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
run() {
  local t="$1" work="build/fuzz/work/$1" art="build/fuzz/artifacts/$1/"
  local seeds=("tests/fuzz/corpus/$t")
  [[ "$t" == decode ]] && seeds+=(tests/data/corpus)
  local rc=0
  mkdir -p "$work" "$art"
  echo "fuzz.sh: $t for ${seconds}s (corpus $work, failures in $art)"
  "build/fuzz/tests/fuzz/fuzz_$t" -max_total_time="$seconds" -timeout=10 -report_slow_units=1 \
    -rss_limit_mb=2048 -max_len=262144 -dict="tests/fuzz/$t.dict" -artifact_prefix="$art" \
    -print_final_stats=1 "$work" "${seeds[@]}" >"build/fuzz/$t.log" 2>&1 || rc=$?
  echo "fuzz.sh: $t finished (exit $rc): $(grep -E '^(#[0-9]+|stat::number_of_executed_units)' "build/fuzz/$t.log" | tail -1)"
  return $rc
}
status=0
if [[ "${IMGFRAME_FUZZ_PARALLEL:-0}" == 1 ]]; then
  pids=()
  for t in "${targets[@]}"; do run "$t" & pids+=($!); done
  for p in "${pids[@]}"; do wait "$p" || status=1; done
else
  for t in "${targets[@]}"; do run "$t" || status=1; done
fi
ls build/fuzz/artifacts/*/ 2>/dev/null | grep -E '^(crash|leak|timeout|oom|slow-unit)-' && status=1
exit $status
