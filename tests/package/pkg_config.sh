#!/usr/bin/env bash
# package.pkg_config: compile the consumer with the flags `pkg-config --cflags imgframe` gives for
# the installed prefix (imgframe.pc is relocatable: its prefix comes from ${pcfiledir}).
source "$(dirname "$0")/common.sh"
: "${PKG_CONFIG:?}"
bin="$IMGFRAME_PACKAGE_WORK/pkg_config"
fresh "$bin"
export PKG_CONFIG_PATH="$prefix/share/pkgconfig${PKG_CONFIG_PATH:+:$PKG_CONFIG_PATH}"
[[ -n "${IMGFRAME_XSIMD_DIR:-}" ]] && echo "note: xsimd is not on the default include path ($IMGFRAME_XSIMD_DIR); imgframe.pc requires xsimd.pc"

version="$("$PKG_CONFIG" --modversion imgframe)"
[[ "$version" == "$IMGFRAME_VERSION" ]] || fail "pkg-config --modversion imgframe = '$version', expected $IMGFRAME_VERSION"
cflags="$("$PKG_CONFIG" --cflags imgframe)"
step "pkg-config --cflags imgframe: $cflags"
read -ra flags <<<"$cflags"
for want in "$prefix/include" "$prefix/include/imgframe/third_party/stb"; do
  found=no
  for f in "${flags[@]}"; do [[ "$f" == -I* && "$(realpath -m "${f#-I}")" == "$want" ]] && found=yes; done
  [[ $found == yes ]] || fail "pkg-config --cflags imgframe lacks -I$want"
done
step "$CXX -std=c++20 \$(pkg-config --cflags imgframe) main.cpp"
"$CXX" -std=c++20 -Wall -Wextra -Werror "${flags[@]}" "$here/consumer/main.cpp" -o "$bin/consumer"
check_consumer_output "$bin/consumer"
echo "OK: pkg-config"
