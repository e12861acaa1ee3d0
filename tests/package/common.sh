# Shared by the packaging tests (sourced). CTest sets, from tests/package/CMakeLists.txt:
#   IMGFRAME_SOURCE_DIR  the imgframe tree under test     IMGFRAME_VERSION  its version (version.hpp)
#   IMGFRAME_PACKAGE_WORK  scratch dir for this build     CMAKE, CMAKE_GENERATOR, CXX
#   IMGFRAME_XSIMD_DIR   xsimd include dir, empty when it is on the default include path
set -euo pipefail
: "${IMGFRAME_SOURCE_DIR:?}" "${IMGFRAME_VERSION:?}" "${IMGFRAME_PACKAGE_WORK:?}" "${CMAKE:?}" "${CMAKE_GENERATOR:?}" "${CXX:?}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
prefix="$IMGFRAME_PACKAGE_WORK/prefix"   # made by install.sh (CTest fixture imgframe_prefix)

step() { printf -- '--- %s\n' "$*"; }
fail() { printf 'FAIL: %s\n' "$*" >&2; exit 1; }

# A fresh scratch directory for one test.
fresh() { rm -rf "$1" && mkdir -p "$1"; }

xsimd_cmake_args=()
[[ -n "${IMGFRAME_XSIMD_DIR:-}" ]] && xsimd_cmake_args=("-DIMGFRAME_XSIMD_INCLUDE_DIR=$IMGFRAME_XSIMD_DIR")

# Configure + build a consumer CMake project; extra arguments go to the configure step.
build_cmake_consumer() {
  local src="$1" bin="$2"; shift 2
  step "configure consumer $src"
  "$CMAKE" -S "$src" -B "$bin" -G "$CMAKE_GENERATOR" -DCMAKE_CXX_COMPILER="$CXX" -DCMAKE_BUILD_TYPE=Release \
    "-DIMGFRAME_EXPECTED_VERSION=$IMGFRAME_VERSION" "${xsimd_cmake_args[@]}" "$@"
  step "build consumer"
  "$CMAKE" --build "$bin"
}

# Runs the consumer program and checks its one line of output.
check_consumer_output() {
  local exe="$1" out expected
  expected="imgframe $IMGFRAME_VERSION: memory:consumer 3x2 nChannels=3 mode=16 (CV_8UC3) bytes=18 sum=216"
  out="$("$exe")" || fail "$exe exited with status $?"
  printf '%s\n' "$out"
  [[ "$out" == "$expected" ]] || fail "consumer printed '$out', expected '$expected'"
}

# Installed packages must be relocatable: no path of the source or build tree may leak into them.
check_no_build_paths() {
  local dir="$1" leaks
  leaks="$(grep -rlF -e "$IMGFRAME_SOURCE_DIR" -e "$IMGFRAME_PACKAGE_WORK" "$dir" || true)"
  [[ -z "$leaks" ]] || fail "installed files mention the source or build tree: $leaks"
}

# The files every install of imgframe must contain (prefix, cmake config dir relative to it).
check_install_layout() {
  local root="$1" cmakedir="$2" f
  for f in include/imgframe/imgframe.hpp include/imgframe/version.hpp include/imgframe/core/image_view.hpp \
           include/imgframe/erased/row_convert.hpp include/imgframe/io/decode.hpp \
           include/imgframe/io/stb_implementation.hpp \
           include/imgframe/third_party/stb/stb_image.h include/imgframe/third_party/stb/LICENSE \
           "$cmakedir/imgframeConfig.cmake" "$cmakedir/imgframeConfigVersion.cmake" \
           "$cmakedir/imgframeTargets.cmake" share/pkgconfig/imgframe.pc; do
    [[ -f "$root/$f" ]] || fail "missing installed file $f"
  done
  grep -q 'add_library(imgframe::imgframe INTERFACE IMPORTED)' "$root/$cmakedir/imgframeTargets.cmake" \
    || fail "imgframeTargets.cmake does not declare imgframe::imgframe"
  grep -q 'stb_image - v2.30' "$root/include/imgframe/third_party/stb/stb_image.h" || fail "installed stb_image.h is not v2.30"
}
