# Overlay port for the imgframe tree it lives in:
#   vcpkg install imgframe --overlay-ports=<imgframe>/ports
# For a registry, replace SOURCE_PATH below with
#   vcpkg_from_github(OUT_SOURCE_PATH SOURCE_PATH REPO <owner>/imgframe REF "v${VERSION}" SHA512 <sha> HEAD_REF main)
# tests/package/vcpkg_port.sh runs this file with stand-ins for the vcpkg helpers (no vcpkg needed).
get_filename_component(SOURCE_PATH "${CMAKE_CURRENT_LIST_DIR}/../.." ABSOLUTE)

# Header-only: one (release) configuration is enough.
set(VCPKG_BUILD_TYPE release)

vcpkg_cmake_configure(
  SOURCE_PATH "${SOURCE_PATH}"
  OPTIONS
    -DIMGFRAME_BUILD_TESTS=OFF
    -DIMGFRAME_BUILD_TOOLS=OFF
    -DIMGFRAME_BUILD_EXAMPLES=OFF
    -DIMGFRAME_BUILD_BENCHMARKS=OFF
    -DIMGFRAME_WERROR=OFF
    -DIMGFRAME_INSTALL=ON
    # The vendored stb_image v2.30 has the fixes for untrusted input that older copies lack.
    -DIMGFRAME_USE_SYSTEM_STB=OFF
    # Straight into vcpkg's place for configs, so no relocation of the config files is needed.
    -DIMGFRAME_INSTALL_CMAKEDIR=share/imgframe
)
vcpkg_cmake_install()
vcpkg_cmake_config_fixup(PACKAGE_NAME imgframe CONFIG_PATH share/imgframe)
vcpkg_fixup_pkgconfig()

# The licences go to share/imgframe/copyright instead.
file(REMOVE_RECURSE "${CURRENT_PACKAGES_DIR}/share/doc")
file(INSTALL "${CMAKE_CURRENT_LIST_DIR}/usage" DESTINATION "${CURRENT_PACKAGES_DIR}/share/${PORT}")
vcpkg_install_copyright(FILE_LIST "${SOURCE_PATH}/LICENSE" "${SOURCE_PATH}/third_party/stb/LICENSE")
