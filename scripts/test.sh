#!/usr/bin/env bash
# The whole test suite, as CI runs it (.ci/run). Installs missing Debian packages (scripts/deps.sh),
# then builds everything and runs ctest in these configurations (build dirs under build/):
#   gcc        g++ Release (-O2), -Wall -Wextra -Werror, plus the packaging tests (install,
#              find_package, add_subdirectory, meson subproject, pkg-config, vcpkg port) and the
#              optional parts, only here: DLPack export, imgframe-mpi, the dlib example, Python bindings; and the
#              Valgrind memcheck of the command-line tool over the test corpus (IMGFRAME_TEST_MEMCHECK)
#              and the API reference built by Doxygen with no warning (IMGFRAME_TEST_DOCS)
#   sanitize   clang++ -O1 with -fsanitize=address,undefined -fno-sanitize-recover=all,
#              -Wall -Wextra -Werror: everything the gcc build has except the packaging tests and the
#              gcc-only parts - so it is also the clang build - plus the libFuzzer targets (tests/fuzz):
#              their regression corpus replayed, then IMGFRAME_FUZZ_SECONDS (30) of fuzzing each; the
#              tool's thread-determinism check on 1,000 files instead of 10,000
#   xsimd14    g++ Release against the vendored xsimd 14 (third_party/xsimd-14) instead of Debian's 8.1,
#              for this machine's CPU (-march=native: the widest xsimd kernels, and GCC contracting
#              float code into FMA, which must change no value); only the tests of the code that uses
#              xsimd (simd, stages, pipeline, examples)
#   tsan       clang++ -O1 with -fsanitize=thread: what runs threads - the reader tests, the
#              transformer tests and the command-line tool's end-to-end tests (1,000 files for the
#              thread/partition determinism check instead of 10,000); any report fails the test
#              (tests/tsan.supp: two reports from inside GDAL's and glibc's own locking)
# Not in the default list (IMGFRAME_TEST_CONFIGS selects it):
#   clang      clang++ Release (-O2), everything (the sanitize build compiles the same code with clang)
# Exits non-zero if any configuration fails; prints a summary with the time each one took.
# IMGFRAME_TEST_CONFIGS="gcc clang" runs only those; IMGFRAME_JOBS overrides the job count (nproc);
# IMGFRAME_SANITIZE_TESTS / IMGFRAME_XSIMD14_TESTS / IMGFRAME_TSAN_TESTS (ctest -R regexes) change
# what those run. Every step prints its time. ccache is used when installed (CCACHE_BASEDIR = this
# checkout, so another clone of the repository at another path hits the same cache).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
root="$(pwd)"

section() { printf '\n==================== %s ====================\n' "$*"; }

section "dependencies"
bash scripts/deps.sh

jobs="${IMGFRAME_JOBS:-$(nproc)}"
configs="${IMGFRAME_TEST_CONFIGS:-gcc sanitize xsimd14 tsan}"
release=(-DCMAKE_BUILD_TYPE=Release "-DCMAKE_CXX_FLAGS_RELEASE=-O2 -DNDEBUG")
# The optional parts (each behind its own CMake option), all on for the tests: deps.sh installs
# them, so a missing one fails the configure step. The decoder back ends are ON when found anyway.
optional_parts=(-DIMGFRAME_WITH_LIBZIP=ON -DIMGFRAME_WITH_TURBOJPEG=ON -DIMGFRAME_WITH_LIBJPEG=ON -DIMGFRAME_WITH_TIFF=ON
                -DIMGFRAME_WITH_LCMS2=ON -DIMGFRAME_WITH_WEBP=ON)
sanitizers="-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer"
tsan="-fsanitize=thread -fno-omit-frame-pointer"
launcher=()
if command -v ccache >/dev/null 2>&1; then
  launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
  export CCACHE_BASEDIR="$root" CCACHE_NOHASHDIR=true
fi

# The executables (build targets) that the tests matching REGEX run, read from the generated
# CTestTestfile.cmake files (ctest itself only names executables that are already built).
subset_targets() {
  local dir="$1" regex="$2" known
  known="$(ninja -C "$dir" -t targets all | sed 's/:.*//')"
  python3 - "$dir" "$regex" <<'PY' | sort -u | grep -Fx -f <(printf '%s\n' "$known") || true
import os, re, sys
root, pattern = sys.argv[1], re.compile(sys.argv[2])
test = re.compile(r'^add_test\(\s*(?:\[=\[(.*?)\]=\]|"([^"]*)"|(\S+))\s+"([^"]+)"', re.M)
for d, _, files in os.walk(root):
    if "CTestTestfile.cmake" in files:
        for m in test.finditer(open(os.path.join(d, "CTestTestfile.cmake")).read()):
            name = next(g for g in m.groups()[:3] if g is not None)
            if pattern.search(name):
                print(os.path.basename(m.group(4)))
PY
}

# run_config NAME REGEX CMAKE_ARGS... : configure, build, run ctest in build/test-NAME. An empty
# REGEX means everything; otherwise only the tests matching it, and only the executables they run.
run_config() {
  local name="$1" regex="$2"; shift 2
  local dir="build/test-$name" targets=() status=0 select=()
  local t=$SECONDS
  section "$name: configure ($dir)"
  cmake -S . -B "$dir" -G Ninja -DIMGFRAME_WERROR=ON "${launcher[@]}" "${optional_parts[@]}" "$@" || return 1
  echo "test.sh: $name: configure took $((SECONDS - t)) s"
  if [[ -n "$regex" ]]; then
    mapfile -t targets < <(subset_targets "$dir" "$regex")
    targets+=("${extra_targets[@]}")
    if ((${#targets[@]} == 0)); then echo "test.sh: no test matches '$regex'" >&2; return 1; fi
    targets=(--target "${targets[@]}")
    select=(-R "$regex")
  fi
  if [[ -n "$exclude" ]]; then select+=(-E "$exclude"); fi
  # Keep going past a compile error, and run the tests anyway: one broken file should not hide
  # the results of everything else (its tests then show as failed or not run).
  section "$name: build ${targets[*]:-all} (-j$jobs)"
  t=$SECONDS
  cmake --build "$dir" -j "$jobs" "${targets[@]}" -- -k 0 || { status=1; echo "test.sh: $name: BUILD FAILED (see above); running the tests anyway"; }
  echo "test.sh: $name: build took $((SECONDS - t)) s"
  section "$name: ctest ${select[*]}"
  t=$SECONDS
  ctest --test-dir "$dir" --output-on-failure -j "$jobs" --timeout 600 "${select[@]}" || status=1
  echo "test.sh: $name: ctest took $((SECONDS - t)) s"
  return $status
}

# CPU seconds (user + sys) used so far by finished child processes, into $cpu_now: a measure of
# the work that does not depend on what else the machine is doing. `times` must run in this shell
# (a $(...) subshell would not see these children), hence the file.
times_file="$(mktemp)"
trap 'rm -f "$times_file"' EXIT
update_cpu_now() {
  times >"$times_file"   # line 2: children's "XmY.YYYs XmY.YYYs" (user, sys)
  cpu_now="$(awk 'NR == 2 { t = 0; for (i = 1; i <= 2; i++) { split($i, p, "m"); t += p[1] * 60 + p[2] } printf "%.0f", t }' "$times_file")"
}

declare -A seconds cpu result
failed=0
for config in $configs; do
  start=$SECONDS
  update_cpu_now; start_cpu=$cpu_now
  regex=""
  exclude=""        # tests not to run (ctest -E) although built
  extra_targets=()  # built too when REGEX selects tests: what the selected tests run besides their COMMAND
  case "$config" in
    gcc)      args=(-DCMAKE_CXX_COMPILER=g++ "${release[@]}" -DIMGFRAME_TEST_PACKAGING=ON
                    -DIMGFRAME_WITH_DLPACK=ON -DIMGFRAME_TEST_MEMCHECK=ON -DIMGFRAME_TEST_DOCS=ON -DIMGFRAME_BUILD_MPI=ON -DIMGFRAME_WITH_DLIB=ON -DIMGFRAME_BUILD_PYTHON=ON) ;;
    clang)    args=(-DCMAKE_CXX_COMPILER=clang++ "${release[@]}" -DIMGFRAME_TEST_PACKAGING=OFF) ;;
    # Everything but the packaging tests and the gcc-only parts: the clang build of the suite. The
    # compile-fail tests only compile, with nothing to sanitize: they run in the gcc build.
    sanitize) regex="${IMGFRAME_SANITIZE_TESTS:-}"; exclude="^compile_fail\\."
              args=(-DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=Debug "-DCMAKE_CXX_FLAGS_DEBUG=-O1 -g1"
                    "-DCMAKE_CXX_FLAGS=$sanitizers" "-DCMAKE_EXE_LINKER_FLAGS=$sanitizers" -DIMGFRAME_TEST_PACKAGING=OFF
                    -DIMGFRAME_WITH_DLPACK=ON -DIMGFRAME_LIBFUZZER=ON -DIMGFRAME_FUZZ_SECONDS=30
                    -DIMGFRAME_DETERMINISM_FILES=1000) ;;
    # Threads run in the reader (thread pool, read-ahead), in the transformer tests' parallel checks
    # and in the tool; the rest of the suite is single-threaded and left to the builds above.
    tsan)     regex="${IMGFRAME_TSAN_TESTS:-^(test_(reader|transformer)\$|cli\.(read_tsv|transform_table|hostile|determinism)\$)}"
              args=(-DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=Debug "-DCMAKE_CXX_FLAGS_DEBUG=-O1 -g1"
                    "-DCMAKE_CXX_FLAGS=$tsan" "-DCMAKE_EXE_LINKER_FLAGS=$tsan" -DIMGFRAME_TEST_PACKAGING=OFF
                    -DIMGFRAME_DETERMINISM_FILES=1000)
              extra_targets=(imgframe_cli) ;;
    # Only what includes xsimd: the SIMD kernels, the stages and pipeline built on them, the examples
    # (the transformer only dispatches to the same stages, and is the slowest code to compile; the
    # extern-kernels build of the pipeline tests runs the same kernels and is left to gcc and sanitize).
    xsimd14)  regex="${IMGFRAME_XSIMD14_TESTS:-^(test_(simd|simd_avx2|stages|pipeline)\$|example\.)}"
              args=(-DCMAKE_CXX_COMPILER=g++ "${release[@]}" -DIMGFRAME_TEST_PACKAGING=OFF -DCMAKE_CXX_FLAGS=-march=native
                    "-DIMGFRAME_XSIMD_INCLUDE_DIR=$root/third_party/xsimd-14/include") ;;
    *) echo "test.sh: unknown configuration '$config' (known: gcc clang sanitize xsimd14 tsan)" >&2; exit 2 ;;
  esac
  if [[ "$config" == sanitize ]]; then
    export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:strict_string_checks=1"
    export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
  fi
  # Any data race or lock-order report fails the process that has it (exit status 66).
  if [[ "$config" == tsan ]]; then export TSAN_OPTIONS="halt_on_error=1:exitcode=66:second_deadlock_stack=1:suppressions=$root/tests/tsan.supp"; fi
  if run_config "$config" "$regex" "${args[@]}"; then result[$config]=passed; else result[$config]=FAILED; failed=1; fi
  unset ASAN_OPTIONS UBSAN_OPTIONS TSAN_OPTIONS
  seconds[$config]=$((SECONDS - start))
  update_cpu_now; cpu[$config]=$((cpu_now - start_cpu))
done

section "summary"
for config in $configs; do
  printf '  %-9s %-7s %5ds wall %6ds CPU\n' "$config" "${result[$config]}" "${seconds[$config]}" "${cpu[$config]}"
done
update_cpu_now
printf '  total             %5ds wall %6ds CPU (%s jobs)\n' "$SECONDS" "$cpu_now" "$jobs"
if ((failed)); then
  echo "test.sh: FAILED"
  exit 1
fi
echo "test.sh: all configurations passed"
