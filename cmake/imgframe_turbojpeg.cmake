# Optional libjpeg-turbo JPEG path for the translation unit that includes
# <imgframe/io/stb_implementation.hpp>: link `imgframe_decoder_backends` to that TU's target and it is
# compiled with IMGFRAME_WITH_TURBOJPEG=1 and linked to libturbojpeg (Debian: libturbojpeg0-dev).
# With it JPEG pixels are libjpeg-turbo's default decode, which is what Spark's JDK ImageIO gives.
# IMGFRAME_WITH_LIBJPEG (on when libjpeg-turbo's libjpeg is found too) adds the ROI decode.
include_guard(GLOBAL)
include(${CMAKE_CURRENT_LIST_DIR}/imgframe_optional_backend.cmake)
imgframe_optional_backend(TURBOJPEG "libturbojpeg" "libturbojpeg0-dev" "JPEG via libjpeg-turbo (Spark-exact pixels)")
if(IMGFRAME_WITH_TURBOJPEG)
  # libjpeg-turbo's libjpeg API: ROI decode of shrink-on-load's crop (jpeg_crop_scanline,
  # jpeg_skip_scanlines), which TurboJPEG 2.1 does not expose.
  imgframe_optional_backend(LIBJPEG "libjpeg" "libjpeg62-turbo-dev" "ROI decode via libjpeg-turbo's libjpeg API")
else()
  message(STATUS "imgframe: JPEG via stb_image (libjpeg-turbo off: pixels not Spark-exact)")
endif()
include(${CMAKE_CURRENT_LIST_DIR}/imgframe_extra_decoders.cmake)  # libtiff, lcms2, libwebp
