#!/usr/bin/env bash
# package.system_stb: -DIMGFRAME_USE_SYSTEM_STB=ON installs no vendored stb; the installed config
# finds the "system" stb_image.h again (a stand-in prefix here, as Debian's libstb-dev lays it out).
source "$(dirname "$0")/common.sh"
work="$IMGFRAME_PACKAGE_WORK/system_stb"
fresh "$work"
fake="$work/fake-system"
mkdir -p "$fake/include/stb"
cp "$IMGFRAME_SOURCE_DIR/third_party/stb/stb_image.h" "$fake/include/stb/"

step "configure + install with IMGFRAME_USE_SYSTEM_STB=ON"
"$CMAKE" -S "$IMGFRAME_SOURCE_DIR" -B "$work/build" -G "$CMAKE_GENERATOR" -DCMAKE_CXX_COMPILER="$CXX" \
  -DIMGFRAME_BUILD_TESTS=OFF -DIMGFRAME_BUILD_TOOLS=OFF -DIMGFRAME_BUILD_EXAMPLES=OFF -DIMGFRAME_INSTALL=ON \
  -DIMGFRAME_USE_SYSTEM_STB=ON "-DCMAKE_PREFIX_PATH=$fake" "${xsimd_cmake_args[@]}"
grep -q "IMGFRAME_STB_INCLUDE_DIR:PATH=$fake/include/stb" "$work/build/CMakeCache.txt" || fail "system stb not found"
"$CMAKE" --install "$work/build" --prefix "$work/prefix"
[[ ! -e "$work/prefix/include/imgframe/third_party/stb" ]] || fail "vendored stb installed although IMGFRAME_USE_SYSTEM_STB=ON"

build_cmake_consumer "$here/find_package" "$work/consumer" "-DCMAKE_PREFIX_PATH=$work/prefix;$fake"
grep -q "IMGFRAME_STB_INCLUDE_DIR:PATH=$fake/include/stb" "$work/consumer/CMakeCache.txt" || fail "config did not find system stb"
check_consumer_output "$work/consumer/consumer"

step "without the system stb the installed config must refuse, saying why"
if "$CMAKE" -S "$here/find_package" -B "$work/consumer-no-stb" -G "$CMAKE_GENERATOR" -DCMAKE_CXX_COMPILER="$CXX" \
     "-DCMAKE_PREFIX_PATH=$work/prefix" "-DIMGFRAME_EXPECTED_VERSION=$IMGFRAME_VERSION" "${xsimd_cmake_args[@]}" \
     >"$work/no-stb.log" 2>&1; then
  if [[ -f /usr/include/stb/stb_image.h || -f /usr/include/stb_image.h ]]; then
    echo "note: a real system stb_image.h exists here, so the config found it"
  else
    fail "configure succeeded without any stb_image.h"
  fi
else
  grep -q "system stb_image.h, which was not found" "$work/no-stb.log" || { cat "$work/no-stb.log"; fail "unclear error"; }
fi
echo "OK: system stb"
