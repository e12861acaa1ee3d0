# Runs ports/imgframe/portfile.cmake as vcpkg would, with minimal stand-ins for the vcpkg helpers it
# calls (cmake -P this file). The real steps run: configure, build + install into the package
# directory, config and pkg-config checks, copyright. What vcpkg itself adds (toolchain, triplets,
# downloading dependencies) is not emulated: Boost and xsimd come from the system here.
#   -DPORT_DIR=... -DWORK=... -DGENERATOR=... -DCXX=... [-DXSIMD_DIR=...] -DEXPECTED_VERSION=...
cmake_minimum_required(VERSION 3.20)
foreach(_var PORT_DIR WORK GENERATOR CXX EXPECTED_VERSION)
  if(NOT DEFINED ${_var})
    message(FATAL_ERROR "vcpkg_emulate.cmake: -D${_var}=... is required")
  endif()
endforeach()

# What vcpkg defines for a portfile.
file(READ "${PORT_DIR}/vcpkg.json" _manifest)
string(JSON PORT GET "${_manifest}" name)
string(JSON VERSION GET "${_manifest}" version-semver)
if(NOT PORT STREQUAL "imgframe")
  message(FATAL_ERROR "vcpkg.json: name is '${PORT}', expected 'imgframe'")
endif()
if(NOT VERSION STREQUAL EXPECTED_VERSION)
  message(FATAL_ERROR "vcpkg.json: version-semver ${VERSION} differs from include/imgframe/version.hpp (${EXPECTED_VERSION})")
endif()
set(TARGET_TRIPLET x64-linux)
set(CURRENT_PACKAGES_DIR "${WORK}/packages/${PORT}_${TARGET_TRIPLET}")
set(CURRENT_BUILDTREES_DIR "${WORK}/buildtrees/${PORT}")
set(VCPKG_BUILD_TYPE "")

function(_emulate_run)
  execute_process(COMMAND ${ARGN} COMMAND_ECHO STDOUT RESULT_VARIABLE _rc)
  if(NOT _rc EQUAL 0)
    message(FATAL_ERROR "command failed (${_rc})")
  endif()
endfunction()

function(vcpkg_cmake_configure)
  cmake_parse_arguments(PARSE_ARGV 0 arg "" "SOURCE_PATH" "OPTIONS;OPTIONS_RELEASE;OPTIONS_DEBUG")
  if(NOT VCPKG_BUILD_TYPE STREQUAL "release")
    message(FATAL_ERROR "a header-only port should build only the release configuration (VCPKG_BUILD_TYPE release)")
  endif()
  set(_extra "")
  if(XSIMD_DIR)
    list(APPEND _extra "-DIMGFRAME_XSIMD_INCLUDE_DIR=${XSIMD_DIR}")
  endif()
  _emulate_run("${CMAKE_COMMAND}" -S "${arg_SOURCE_PATH}" -B "${CURRENT_BUILDTREES_DIR}/${TARGET_TRIPLET}-rel"
    -G "${GENERATOR}" -DCMAKE_BUILD_TYPE=Release "-DCMAKE_INSTALL_PREFIX=${CURRENT_PACKAGES_DIR}"
    "-DCMAKE_CXX_COMPILER=${CXX}" ${_extra} ${arg_OPTIONS} ${arg_OPTIONS_RELEASE})
endfunction()

function(vcpkg_cmake_install)
  _emulate_run("${CMAKE_COMMAND}" --build "${CURRENT_BUILDTREES_DIR}/${TARGET_TRIPLET}-rel" --target install)
endfunction()

# The real helper moves CONFIG_PATH to share/<PACKAGE_NAME> and rewrites paths; the port installs
# straight there, so here it only checks that nothing would have to move.
function(vcpkg_cmake_config_fixup)
  cmake_parse_arguments(PARSE_ARGV 0 arg "" "PACKAGE_NAME;CONFIG_PATH" "")
  if(NOT arg_CONFIG_PATH STREQUAL "share/${arg_PACKAGE_NAME}")
    message(FATAL_ERROR "vcpkg_cmake_config_fixup: CONFIG_PATH ${arg_CONFIG_PATH} would be moved; the emulation expects share/${arg_PACKAGE_NAME}")
  endif()
  if(NOT EXISTS "${CURRENT_PACKAGES_DIR}/${arg_CONFIG_PATH}/${arg_PACKAGE_NAME}Config.cmake")
    message(FATAL_ERROR "vcpkg_cmake_config_fixup: no ${arg_CONFIG_PATH}/${arg_PACKAGE_NAME}Config.cmake was installed")
  endif()
endfunction()

# The real helper rewrites prefix= to ${pcfiledir}/...; imgframe.pc is already relocatable.
function(vcpkg_fixup_pkgconfig)
  file(GLOB_RECURSE _pcs "${CURRENT_PACKAGES_DIR}/*.pc")
  if(NOT _pcs)
    message(FATAL_ERROR "vcpkg_fixup_pkgconfig: no .pc file installed")
  endif()
  foreach(_pc IN LISTS _pcs)
    file(STRINGS "${_pc}" _prefix REGEX "^prefix=")
    if(NOT _prefix MATCHES "^prefix=\\$\\{pcfiledir\\}")
      message(FATAL_ERROR "vcpkg_fixup_pkgconfig: ${_pc} has an absolute ${_prefix}")
    endif()
  endforeach()
endfunction()

function(vcpkg_install_copyright)
  cmake_parse_arguments(PARSE_ARGV 0 arg "" "COMMENT" "FILE_LIST")
  set(_text "")
  foreach(_f IN LISTS arg_FILE_LIST)
    file(READ "${_f}" _content)
    get_filename_component(_parent "${_f}" DIRECTORY)
    get_filename_component(_parent "${_parent}" NAME)
    string(APPEND _text "${_parent}/LICENSE:\n\n${_content}\n")
  endforeach()
  file(WRITE "${CURRENT_PACKAGES_DIR}/share/${PORT}/copyright" "${_text}")
endfunction()

include("${PORT_DIR}/portfile.cmake")

# A few of vcpkg's post-build checks.
foreach(_f include share/${PORT}/copyright share/${PORT}/usage)
  if(NOT EXISTS "${CURRENT_PACKAGES_DIR}/${_f}")
    message(FATAL_ERROR "post-build check: ${_f} is missing")
  endif()
endforeach()
foreach(_d debug lib bin share/doc)
  if(EXISTS "${CURRENT_PACKAGES_DIR}/${_d}")
    message(FATAL_ERROR "post-build check: a header-only port must not install ${_d}/")
  endif()
endforeach()
message(STATUS "vcpkg port emulation: installed ${PORT} ${VERSION} into ${CURRENT_PACKAGES_DIR}")
