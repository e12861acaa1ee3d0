#!/usr/bin/env bash
# package.install: configure imgframe alone (no tests/tools/examples), `cmake --install` it into a
# prefix other than the configured one, and check the installed layout. Fixture for find_package and pkg-config.
source "$(dirname "$0")/common.sh"
build="$IMGFRAME_PACKAGE_WORK/install-build"
rm -rf "$prefix" && fresh "$build"

step "configure imgframe for installation"
"$CMAKE" -S "$IMGFRAME_SOURCE_DIR" -B "$build" -G "$CMAKE_GENERATOR" -DCMAKE_CXX_COMPILER="$CXX" \
  -DIMGFRAME_BUILD_TESTS=OFF -DIMGFRAME_BUILD_TOOLS=OFF -DIMGFRAME_BUILD_EXAMPLES=OFF -DIMGFRAME_INSTALL=ON \
  -DCMAKE_INSTALL_PREFIX=/nonexistent/configured-prefix "${xsimd_cmake_args[@]}"
step "cmake --install --prefix $prefix"
"$CMAKE" --install "$build" --prefix "$prefix"

check_install_layout "$prefix" share/cmake/imgframe
[[ -f "$prefix/share/doc/imgframe/LICENSE" ]] || fail "LICENSE not installed"
cmp -s "$IMGFRAME_SOURCE_DIR/LICENSE" "$prefix/share/doc/imgframe/LICENSE" || fail "installed LICENSE differs"
# ARCH_INDEPENDENT: a 32-bit consumer must accept the package too (header-only).
cat >"$build/arch-check.cmake" <<CHECK
cmake_minimum_required(VERSION 3.20)
set(CMAKE_SIZEOF_VOID_P 4)
set(PACKAGE_FIND_VERSION "$IMGFRAME_VERSION")
string(REPLACE "." ";" _v "$IMGFRAME_VERSION")
list(GET _v 0 PACKAGE_FIND_VERSION_MAJOR)
list(GET _v 1 PACKAGE_FIND_VERSION_MINOR)
include("$prefix/share/cmake/imgframe/imgframeConfigVersion.cmake")
if(PACKAGE_VERSION_UNSUITABLE OR NOT PACKAGE_VERSION_COMPATIBLE)
  message(FATAL_ERROR "imgframeConfigVersion.cmake rejects a 32-bit consumer: not ARCH_INDEPENDENT")
endif()
CHECK
"$CMAKE" -P "$build/arch-check.cmake" || fail "version file is not ARCH_INDEPENDENT"
check_no_build_paths "$prefix"
step "installed files"
(cd "$prefix" && find . -type f ! -path './include/imgframe/*/*' | sort)
echo "OK: installed into $prefix"
