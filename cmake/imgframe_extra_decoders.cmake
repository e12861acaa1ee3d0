# Optional decoder back ends for the translation unit that includes <imgframe/io/stb_implementation.hpp>,
# added to the same `imgframe_decoder_backends` target as libjpeg-turbo (cmake/imgframe_turbojpeg.cmake).
# Each is ON when pkg-config finds its Debian package, and can be forced either way:
#   IMGFRAME_WITH_TIFF    libtiff-4   (libtiff-dev)    TIFF, as JDK 9+'s ImageIO reads it
#   IMGFRAME_WITH_LCMS2   lcms2       (liblcms2-dev)   ICC-profile and CMYK JPEGs converted to sRGB
#   IMGFRAME_WITH_WEBP    libwebp, libwebpdemux (libwebp-dev)  WebP (an extra format Spark cannot read)
# scripts/test.sh turns all of them ON, so a missing package fails the configure step.
include_guard(GLOBAL)
find_package(PkgConfig QUIET)

# imgframe_optional_decoder(TIFF "libtiff-4" "libtiff-dev" "TIFF via libtiff")
function(imgframe_optional_decoder name modules package what)
  if(PKG_CONFIG_FOUND)
    pkg_check_modules(IMGFRAME_${name} QUIET IMPORTED_TARGET GLOBAL ${modules})
  endif()
  set(_default OFF)
  if(IMGFRAME_${name}_FOUND)
    set(_default ON)
  endif()
  option(IMGFRAME_WITH_${name} "${what} in the project's decoder TUs (needs ${package})" ${_default})
  if(IMGFRAME_WITH_${name})
    if(NOT IMGFRAME_${name}_FOUND)
      message(FATAL_ERROR "IMGFRAME_WITH_${name} is ON but pkg-config finds no ${modules} "
                          "(Debian: apt-get install pkg-config ${package}), or configure with -DIMGFRAME_WITH_${name}=OFF")
    endif()
    target_compile_definitions(imgframe_decoder_backends INTERFACE IMGFRAME_WITH_${name}=1)
    target_link_libraries(imgframe_decoder_backends INTERFACE PkgConfig::IMGFRAME_${name})
    message(STATUS "imgframe: ${what}: on")
  else()
    message(STATUS "imgframe: ${what}: off")
  endif()
endfunction()

imgframe_optional_decoder(TIFF "libtiff-4" "libtiff-dev" "TIFF via libtiff")
imgframe_optional_decoder(LCMS2 "lcms2" "liblcms2-dev" "ICC and CMYK JPEG colour via LittleCMS")
imgframe_optional_decoder(WEBP "libwebp;libwebpdemux" "libwebp-dev" "WebP via libwebp (extra_format::webp)")
