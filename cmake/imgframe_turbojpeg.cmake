# Optional libjpeg-turbo JPEG path for the translation unit that includes
# <imgframe/io/stb_implementation.hpp>: link `imgframe_decoder_backends` to that TU's target and it is
# compiled with IMGFRAME_WITH_TURBOJPEG=1 and linked to libturbojpeg (Debian: libturbojpeg0-dev).
# With it JPEG pixels are libjpeg-turbo's default decode, which is what Spark's JDK ImageIO gives.
include_guard(GLOBAL)
find_package(PkgConfig QUIET)
if(PKG_CONFIG_FOUND)
  pkg_check_modules(IMGFRAME_TURBOJPEG QUIET IMPORTED_TARGET GLOBAL libturbojpeg)
endif()
if(IMGFRAME_TURBOJPEG_FOUND)
  set(_imgframe_turbojpeg_default ON)
else()
  set(_imgframe_turbojpeg_default OFF)
endif()
option(IMGFRAME_WITH_TURBOJPEG "Decode JPEG with libjpeg-turbo (Spark-exact pixels) in the project's decoder TUs"
  ${_imgframe_turbojpeg_default})
add_library(imgframe_decoder_backends INTERFACE)
if(IMGFRAME_WITH_TURBOJPEG)
  if(NOT IMGFRAME_TURBOJPEG_FOUND)
    message(FATAL_ERROR "IMGFRAME_WITH_TURBOJPEG is ON but pkg-config finds no libturbojpeg "
                        "(Debian: apt-get install pkg-config libturbojpeg0-dev), or configure with -DIMGFRAME_WITH_TURBOJPEG=OFF")
  endif()
  target_compile_definitions(imgframe_decoder_backends INTERFACE IMGFRAME_WITH_TURBOJPEG=1)
  target_link_libraries(imgframe_decoder_backends INTERFACE PkgConfig::IMGFRAME_TURBOJPEG)
  message(STATUS "imgframe: JPEG via libjpeg-turbo ${IMGFRAME_TURBOJPEG_VERSION}")
else()
  message(STATUS "imgframe: JPEG via stb_image (libjpeg-turbo off: pixels not Spark-exact)")
endif()
include(${CMAKE_CURRENT_LIST_DIR}/imgframe_extra_decoders.cmake)  # libtiff, lcms2, libwebp
