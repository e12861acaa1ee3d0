#!/usr/bin/env bash
# The main demo: installs missing Debian packages (scripts/deps.sh), builds imgframe_demo in
# build/demo (Release) and runs it on the sample images in examples/data/images: every file becomes a
# Spark image row, printed as a table.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

bash scripts/deps.sh

build=build/demo
echo "demo.sh: configuring a Release build in $build"
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release \
  -DIMGFRAME_BUILD_TESTS=OFF -DIMGFRAME_BUILD_TOOLS=OFF -DIMGFRAME_BUILD_EXAMPLES=ON
echo "demo.sh: building imgframe_demo"
cmake --build "$build" --target imgframe_demo -j "$(nproc)"
echo "demo.sh: running $build/examples/imgframe_demo examples/data/images"
"$build/examples/imgframe_demo" examples/data/images
