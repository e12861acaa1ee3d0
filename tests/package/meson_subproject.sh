#!/usr/bin/env bash
# package.meson_subproject: a meson project with imgframe in subprojects/imgframe (a symlink to the
# tree under test) gets it from dependency('imgframe') through meson.override_dependency; then the
# same with -Dimgframe:use_system_stb=true against a stand-in "system" stb found by pkg-config.
source "$(dirname "$0")/common.sh"
: "${MESON:?}"
work="$IMGFRAME_PACKAGE_WORK/meson_subproject"
fresh "$work"
src="$work/src"
mkdir -p "$src/subprojects"
cp "$here/meson_subproject/meson.build" "$here/meson_subproject/meson_options.txt" "$here/consumer/main.cpp" "$src/"
ln -s "$IMGFRAME_SOURCE_DIR" "$src/subprojects/imgframe"
opts=("-Dexpected_version=$IMGFRAME_VERSION")
[[ -n "${IMGFRAME_XSIMD_DIR:-}" ]] && opts+=("-Dimgframe:xsimd_include_dir=$IMGFRAME_XSIMD_DIR")

step "meson setup (vendored stb)"
CXX="$CXX" "$MESON" setup "$work/build" "$src" "${opts[@]}" >"$work/setup.log" 2>&1 || { cat "$work/setup.log"; fail "meson setup"; }
cat "$work/setup.log"
grep -q "imgframe dependency version: $IMGFRAME_VERSION" "$work/setup.log" || fail "meson did not report imgframe $IMGFRAME_VERSION"
"$MESON" compile -C "$work/build"
check_consumer_output "$work/build/consumer"
grep -q -- "subprojects/imgframe/third_party/stb" "$work/build/build.ninja" || fail "vendored stb dir not on the compile line"

step "meson setup (-Dimgframe:use_system_stb=true, stb.pc from PKG_CONFIG_PATH)"
fake="$work/fake-system-stb"
mkdir -p "$fake/include/stb" "$fake/pkgconfig"
cp "$IMGFRAME_SOURCE_DIR/third_party/stb/stb_image.h" "$fake/include/stb/"
printf 'includedir=%s\nName: stb\nDescription: stand-in system stb\nVersion: 0.0\nCflags: -I${includedir}/stb\n' \
  "$fake/include" >"$fake/pkgconfig/stb.pc"
PKG_CONFIG_PATH="$fake/pkgconfig" CXX="$CXX" "$MESON" setup "$work/build-system-stb" "$src" "${opts[@]}" \
  -Dimgframe:use_system_stb=true >"$work/setup-system-stb.log" 2>&1 || { cat "$work/setup-system-stb.log"; fail "meson setup (system stb)"; }
"$MESON" compile -C "$work/build-system-stb"
check_consumer_output "$work/build-system-stb/consumer"
grep -q -- "$fake/include/stb" "$work/build-system-stb/build.ninja" || fail "system stb dir not on the compile line"
if grep -q -- "subprojects/imgframe/third_party/stb" "$work/build-system-stb/build.ninja"; then
  fail "vendored stb dir still on the compile line with use_system_stb=true"
fi
echo "OK: meson subproject"
