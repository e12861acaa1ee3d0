#!/usr/bin/env bash
# package.vcpkg_port: runs ports/imgframe/portfile.cmake with stand-ins for vcpkg's helpers
# (vcpkg_emulate.cmake), checks the package directory as vcpkg's post-build checks would, then
# builds a consumer made of exactly the CMake lines in ports/imgframe/usage.
source "$(dirname "$0")/common.sh"
work="$IMGFRAME_PACKAGE_WORK/vcpkg"
fresh "$work"
port="$IMGFRAME_SOURCE_DIR/ports/imgframe"

step "run portfile.cmake (emulated vcpkg helpers)"
"$CMAKE" "-DPORT_DIR=$port" "-DWORK=$work" "-DGENERATOR=$CMAKE_GENERATOR" "-DCXX=$CXX" \
  "-DXSIMD_DIR=${IMGFRAME_XSIMD_DIR:-}" "-DEXPECTED_VERSION=$IMGFRAME_VERSION" -P "$here/vcpkg_emulate.cmake"
pkg="$work/packages/imgframe_x64-linux"
check_install_layout "$pkg" share/imgframe
check_no_build_paths "$pkg"
grep -q 'MIT License' "$pkg/share/imgframe/copyright" || fail "copyright lacks imgframe's licence"
grep -q 'ALTERNATIVE A - MIT License' "$pkg/share/imgframe/copyright" || fail "copyright lacks stb's licence"
cmp -s "$port/usage" "$pkg/share/imgframe/usage" || fail "installed usage differs from ports/imgframe/usage"

step "usage names what the package provides"
usage_lines="$(grep -E '^  [a-z_]+\(' "$port/usage")"
printf '%s\n' "$usage_lines"
package="$(sed -nE 's/^  find_package\(([A-Za-z0-9_]+) CONFIG REQUIRED\)$/\1/p' <<<"$usage_lines")"
[[ "$package" == imgframe ]] || fail "usage must say find_package(imgframe CONFIG REQUIRED), says '$package'"
[[ -f "$pkg/share/$package/${package}Config.cmake" ]] || fail "no share/$package/${package}Config.cmake for usage's find_package"
targets="$(grep -oE 'imgframe::[A-Za-z0-9_]+' <<<"$usage_lines" | sort -u)"
[[ -n "$targets" ]] || fail "usage names no target"
for t in $targets; do
  grep -qF "add_library($t INTERFACE IMPORTED)" "$pkg/share/imgframe/imgframeTargets.cmake" \
    || fail "usage names $t, which the installed imgframeTargets.cmake does not declare"
done

step "a consumer built from the usage lines"
mkdir -p "$work/usage-consumer"
{
  echo 'cmake_minimum_required(VERSION 3.20)'
  echo 'project(usage_consumer LANGUAGES CXX)'
  echo "add_executable(main \"$here/consumer/main.cpp\")"
  printf '%s\n' "$usage_lines"
} >"$work/usage-consumer/CMakeLists.txt"
build_cmake_consumer "$work/usage-consumer" "$work/usage-consumer/build" "-DCMAKE_PREFIX_PATH=$pkg"
check_consumer_output "$work/usage-consumer/build/main"
echo "OK: vcpkg port"
