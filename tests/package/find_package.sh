#!/usr/bin/env bash
# package.find_package: a consumer project finds the installed package with find_package(imgframe
# <version> EXACT CONFIG REQUIRED) and links imgframe::imgframe; a second program links the opt-in
# imgframe::kernels (built by the package's config in the consumer's tree) and runs a pipeline.
source "$(dirname "$0")/common.sh"
bin="$IMGFRAME_PACKAGE_WORK/find_package"
fresh "$bin"
build_cmake_consumer "$here/find_package" "$bin" "-DCMAKE_PREFIX_PATH=$prefix"
grep -q "imgframe_DIR:PATH=$prefix/share/cmake/imgframe" "$bin/CMakeCache.txt" || fail "imgframe was not found in $prefix"
check_consumer_output "$bin/consumer"
out="$("$bin/consumer_kernels")" || fail "consumer_kernels exited with status $?"
printf '%s\n' "$out"
[[ "$out" == "kernels: 2x1 14 22 13 21 12 20" ]] || fail "consumer_kernels printed '$out'"

# A version request the package cannot satisfy must fail (SameMinorVersion compatibility).
IFS=. read -r major minor _ <<<"$IMGFRAME_VERSION"
wrong="$major.$((minor + 1)).0"
step "find_package(imgframe $wrong) must be rejected"
if "$CMAKE" -S "$here/find_package" -B "$bin-wrong-version" -G "$CMAKE_GENERATOR" -DCMAKE_CXX_COMPILER="$CXX" \
     "-DCMAKE_PREFIX_PATH=$prefix" "-DIMGFRAME_EXPECTED_VERSION=$wrong" "${xsimd_cmake_args[@]}" >"$bin/wrong.log" 2>&1; then
  fail "find_package(imgframe $wrong EXACT) succeeded against $IMGFRAME_VERSION"
fi
grep -q 'imgframeConfig.cmake, version: '"$IMGFRAME_VERSION" "$bin/wrong.log" || { cat "$bin/wrong.log"; fail "unexpected error text"; }
echo "OK: find_package"
