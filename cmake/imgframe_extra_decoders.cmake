# Optional decoder back ends for the translation unit that includes <imgframe/io/stb_implementation.hpp>,
# added to the same `imgframe_decoder_backends` target as libjpeg-turbo (cmake/imgframe_turbojpeg.cmake).
# Each is ON when pkg-config finds its Debian package, and can be forced either way:
#   IMGFRAME_WITH_TIFF    libtiff-4   (libtiff-dev)    TIFF, as JDK 9+'s ImageIO reads it
#   IMGFRAME_WITH_LCMS2   lcms2       (liblcms2-dev)   ICC-profile and CMYK JPEGs converted to sRGB
#   IMGFRAME_WITH_WEBP    libwebp, libwebpdemux (libwebp-dev)  WebP (an extra format Spark cannot read)
# scripts/test.sh turns all of them ON, so a missing package fails the configure step.
include_guard(GLOBAL)
include(${CMAKE_CURRENT_LIST_DIR}/imgframe_optional_backend.cmake)
imgframe_optional_backend(TIFF "libtiff-4" "libtiff-dev" "TIFF via libtiff")
imgframe_optional_backend(LCMS2 "lcms2" "liblcms2-dev" "ICC and CMYK JPEG colour via LittleCMS")
imgframe_optional_backend(WEBP "libwebp;libwebpdemux" "libwebp-dev" "WebP via libwebp (extra_format::webp)")
