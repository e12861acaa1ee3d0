# Optional libzip for the decoder translation unit (the one including <imgframe/io/stb_implementation.hpp>,
# which links `imgframe_decoder_backends`): with IMGFRAME_WITH_LIBZIP=ON it is compiled with
# IMGFRAME_WITH_LIBZIP=1 and linked to libzip (Debian: libzip-dev), and read_images opens .zip files
# like SynapseML's readImages (read_options::inspect_zip). Off by default; scripts/test.sh turns it on.
include_guard(GLOBAL)
include(${CMAKE_CURRENT_LIST_DIR}/imgframe_turbojpeg.cmake)  # defines imgframe_decoder_backends
option(IMGFRAME_WITH_LIBZIP "Read images inside .zip archives with libzip (SynapseML's inspectZip)" OFF)
if(IMGFRAME_WITH_LIBZIP)
  find_package(PkgConfig REQUIRED)
  pkg_check_modules(IMGFRAME_LIBZIP IMPORTED_TARGET GLOBAL libzip)
  if(NOT IMGFRAME_LIBZIP_FOUND)
    message(FATAL_ERROR "IMGFRAME_WITH_LIBZIP is ON but pkg-config finds no libzip "
                        "(Debian: apt-get install pkg-config libzip-dev), or configure with -DIMGFRAME_WITH_LIBZIP=OFF")
  endif()
  target_compile_definitions(imgframe_decoder_backends INTERFACE IMGFRAME_WITH_LIBZIP=1)
  target_link_libraries(imgframe_decoder_backends INTERFACE PkgConfig::IMGFRAME_LIBZIP)
  message(STATUS "imgframe: zip archives via libzip ${IMGFRAME_LIBZIP_VERSION}")
else()
  message(STATUS "imgframe: zip archives not read (IMGFRAME_WITH_LIBZIP off)")
endif()
