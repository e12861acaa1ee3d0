# Install rules for the header-only package (included from the top-level CMakeLists.txt when
# IMGFRAME_INSTALL is on). Layout under the prefix:
#   include/imgframe/...                          the headers
#   include/imgframe/third_party/stb/             vendored stb_image.h v2.30 + its LICENSE (unless system stb)
#   share/cmake/imgframe/imgframe{Config,ConfigVersion,Targets}.cmake   (ARCH_INDEPENDENT)
#   share/pkgconfig/imgframe.pc
#   share/doc/imgframe/LICENSE
include(CMakePackageConfigHelpers)

install(DIRECTORY "${PROJECT_SOURCE_DIR}/include/imgframe" DESTINATION "${CMAKE_INSTALL_INCLUDEDIR}")
if(NOT IMGFRAME_USE_SYSTEM_STB)
  install(FILES "${PROJECT_SOURCE_DIR}/third_party/stb/stb_image.h" "${PROJECT_SOURCE_DIR}/third_party/stb/LICENSE"
          DESTINATION "${IMGFRAME_INSTALL_STB_DIR}")
endif()
install(FILES "${PROJECT_SOURCE_DIR}/LICENSE" DESTINATION "${CMAKE_INSTALL_DATADIR}/doc/imgframe")

install(TARGETS imgframe EXPORT imgframeTargets)
install(EXPORT imgframeTargets NAMESPACE imgframe:: DESTINATION "${IMGFRAME_INSTALL_CMAKEDIR}")

configure_package_config_file("${PROJECT_SOURCE_DIR}/cmake/imgframeConfig.cmake.in"
  "${PROJECT_BINARY_DIR}/imgframeConfig.cmake"
  INSTALL_DESTINATION "${IMGFRAME_INSTALL_CMAKEDIR}")
# 0.x: a minor release may break the API, so only the same major.minor satisfies a request.
write_basic_package_version_file("${PROJECT_BINARY_DIR}/imgframeConfigVersion.cmake"
  COMPATIBILITY SameMinorVersion ARCH_INDEPENDENT)
install(FILES "${PROJECT_BINARY_DIR}/imgframeConfig.cmake" "${PROJECT_BINARY_DIR}/imgframeConfigVersion.cmake"
        DESTINATION "${IMGFRAME_INSTALL_CMAKEDIR}")

# pkg-config: header-only, so it lives in share/pkgconfig. Requires xsimd (Debian and vcpkg ship
# xsimd.pc); Boost has no .pc on Debian and sits on the default include path there.
# stb's folder is a system include (-isystem), as in the CMake target: a user's -Wall -Wextra
# build must not see stb_image.h's own warnings.
set(IMGFRAME_PC_STB_CFLAGS "-isystem \${includedir}/imgframe/third_party/stb")
if(IMGFRAME_USE_SYSTEM_STB)
  set(IMGFRAME_PC_STB_CFLAGS "-isystem ${IMGFRAME_STB_INCLUDE_DIR}")
endif()
# Relocatable: the prefix is found from the .pc file's own place (cmake --install --prefix, DESTDIR, vcpkg).
if(IS_ABSOLUTE "${CMAKE_INSTALL_DATADIR}")
  set(IMGFRAME_PC_PREFIX "${CMAKE_INSTALL_PREFIX}")
else()
  file(RELATIVE_PATH IMGFRAME_PC_UP "/p/${CMAKE_INSTALL_DATADIR}/pkgconfig" "/p")
  string(REGEX REPLACE "/$" "" IMGFRAME_PC_UP "${IMGFRAME_PC_UP}")
  set(IMGFRAME_PC_PREFIX "\${pcfiledir}/${IMGFRAME_PC_UP}")
endif()
if(IS_ABSOLUTE "${CMAKE_INSTALL_INCLUDEDIR}")
  set(IMGFRAME_PC_INCLUDEDIR "${CMAKE_INSTALL_INCLUDEDIR}")
else()
  set(IMGFRAME_PC_INCLUDEDIR "\${prefix}/${CMAKE_INSTALL_INCLUDEDIR}")
endif()
configure_file("${PROJECT_SOURCE_DIR}/imgframe.pc.in" "${PROJECT_BINARY_DIR}/imgframe.pc" @ONLY)
install(FILES "${PROJECT_BINARY_DIR}/imgframe.pc" DESTINATION "${CMAKE_INSTALL_DATADIR}/pkgconfig")
