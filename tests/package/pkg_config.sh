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
# include dir -> how it is given: "-I" or "-isystem".
declare -A given
for ((i = 0; i < ${#flags[@]}; ++i)); do
  f="${flags[i]}"
  if [[ "$f" == -isystem ]]; then given["$(realpath -m "${flags[i + 1]}")"]=-isystem; ((++i))
  elif [[ "$f" == -isystem* ]]; then given["$(realpath -m "${f#-isystem}")"]=-isystem
  elif [[ "$f" == -I* ]]; then given["$(realpath -m "${f#-I}")"]=-I
  fi
done
[[ "${given[$prefix/include]:-}" == -I ]] || fail "pkg-config --cflags imgframe lacks -I$prefix/include"
# stb_image.h warns under -Wall -Wextra: its folder must be a system include, as in the CMake target.
stb="$prefix/include/imgframe/third_party/stb"
[[ "${given[$stb]:-}" == -isystem ]] || fail "pkg-config --cflags imgframe lacks -isystem $stb (has '${given[$stb]:-nothing}')"

step "$CXX -std=c++20 -Wall -Wextra -Werror \$(pkg-config --cflags imgframe) main.cpp"
"$CXX" -std=c++20 -Wall -Wextra -Werror "${flags[@]}" "$here/consumer/main.cpp" -o "$bin/consumer"
# A consumer TU that compiles stb_image and the decoders (stb_implementation.hpp) with a user's strict
# flags: no warning from stb or imgframe may come through (front end only, to keep the test short).
step "$CXX -std=c++20 -Wall -Wextra -Werror -fsyntax-only \$(pkg-config --cflags imgframe) decoders.cpp"
"$CXX" -std=c++20 -Wall -Wextra -Werror -fsyntax-only "${flags[@]}" "$here/consumer/decoders.cpp"
check_consumer_output "$bin/consumer"
echo "OK: pkg-config"
