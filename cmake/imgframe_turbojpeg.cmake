# Optional libjpeg-turbo JPEG path for the translation unit that includes
# <imgframe/io/stb_implementation.hpp>: link `imgframe_decoder_backends` to that TU's target and it is
# compiled with IMGFRAME_WITH_TURBOJPEG=1 and linked to libturbojpeg (Debian: libturbojpeg0-dev).
# With it JPEG pixels are libjpeg-turbo's default decode, which is what Spark's JDK ImageIO gives.
# IMGFRAME_WITH_LIBJPEG (on when libjpeg-turbo's libjpeg is found too) adds the ROI decode.
include_guard(GLOBAL)
find_package(PkgConfig QUIET)
if(PKG_CONFIG_FOUND)
  pkg_check_modules(IMGFRAME_TURBOJPEG QUIET IMPORTED_TARGET GLOBAL libturbojpeg)
  # libjpeg-turbo's libjpeg API (Debian: libjpeg62-turbo-dev): ROI decode of shrink-on-load's crop
  # (jpeg_crop_scanline, jpeg_skip_scanlines), which TurboJPEG 2.1 does not expose.
  pkg_check_modules(IMGFRAME_LIBJPEG QUIET IMPORTED_TARGET GLOBAL libjpeg)
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
  if(IMGFRAME_LIBJPEG_FOUND)
    set(_imgframe_libjpeg_default ON)
  else()
    set(_imgframe_libjpeg_default OFF)
  endif()
  option(IMGFRAME_WITH_LIBJPEG "With libjpeg-turbo: decode only shrink-on-load's crop region (libjpeg API)"
    ${_imgframe_libjpeg_default})
  if(IMGFRAME_WITH_LIBJPEG)
    if(NOT IMGFRAME_LIBJPEG_FOUND)
      message(FATAL_ERROR "IMGFRAME_WITH_LIBJPEG is ON but pkg-config finds no libjpeg "
                          "(Debian: apt-get install libjpeg62-turbo-dev), or configure with -DIMGFRAME_WITH_LIBJPEG=OFF")
    endif()
    target_compile_definitions(imgframe_decoder_backends INTERFACE IMGFRAME_WITH_LIBJPEG=1)
    target_link_libraries(imgframe_decoder_backends INTERFACE PkgConfig::IMGFRAME_LIBJPEG)
    message(STATUS "imgframe: ROI decode via libjpeg ${IMGFRAME_LIBJPEG_VERSION}")
  endif()
else()
  message(STATUS "imgframe: JPEG via stb_image (libjpeg-turbo off: pixels not Spark-exact)")
endif()
include(${CMAKE_CURRENT_LIST_DIR}/imgframe_extra_decoders.cmake)  # libtiff, lcms2, libwebp
