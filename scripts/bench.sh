#!/usr/bin/env bash
# The benchmark table in one command: builds the `peers` harness in Release, generates the seeded
# photo sets (benchmarks/peers/make_photos.py, into the build dir), runs imgframe, OpenCV, libvips
# and the TurboJPEG chains (peers), Pillow (pillow_peer.py, its own process) and the peak-RSS run,
# then prints the table and writes the plot (benchmarks/peers/table.py).
#   scripts/bench.sh            # 5 runs per contender
#   RUNS=7 BUILD_DIR=/tmp/b scripts/bench.sh
# Allocator: every process runs with the same pinned glibc malloc settings (GLIBC_TUNABLES below:
# 2 arenas, fixed mmap and trim thresholds), because glibc's dynamic mmap threshold made some
# peers swing 2x between processes depending on the order of their first large frees.
# Installs what it needs that is missing (scripts/deps.sh: the build and test packages, plus the peers
# libvips and the plot's matplotlib).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bash "$root/scripts/deps.sh" libvips-dev python3-matplotlib
build=${BUILD_DIR:-$root/build/bench}
runs=${RUNS:-5}
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DIMGFRAME_BUILD_BENCHMARKS=ON \
  -DIMGFRAME_BUILD_TESTS=OFF -DIMGFRAME_BUILD_EXAMPLES=OFF -DIMGFRAME_BUILD_TOOLS=OFF -DIMGFRAME_INSTALL=OFF >/dev/null
cmake --build "$build" --target peers
[ -d "$build/photos/1080p" ] || /usr/bin/python3 "$root/benchmarks/peers/make_photos.py" "$build/photos"
export GLIBC_TUNABLES=glibc.malloc.arena_max=2:glibc.malloc.mmap_threshold=33554432:glibc.malloc.trim_threshold=134217728
out=$build/results.tsv
echo "# running (load average $(cut -d' ' -f1-3 /proc/loadavg)); results in $out" >&2
"$build/benchmarks/peers" "$build/photos" --runs "$runs" >"$out"
/usr/bin/python3 "$root/benchmarks/peers/pillow_peer.py" "$build/photos" --runs "$runs" >>"$out"
"$build/benchmarks/peers" "$build/photos" --rss 10000 >>"$out"
/usr/bin/python3 "$root/benchmarks/peers/table.py" "$out" --plot "$build/benchmark.png"
