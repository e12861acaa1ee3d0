# imgframe_optional_backend(NAME MODULES PACKAGE WHAT [OFF]): an optional library of the project's
# decoder translation unit (the one including <imgframe/io/stb_implementation.hpp>, which links
# `imgframe_decoder_backends`). Option IMGFRAME_WITH_<NAME> is ON when pkg-config finds MODULES (the
# Debian PACKAGE), unless OFF is given; when ON, the TU is compiled with IMGFRAME_WITH_<NAME>=1 and
# linked to the library, and a missing package stops the configure step with the apt-get line.
# IMGFRAME_<NAME>_FOUND is left in the caller's scope (the benchmarks' peers link the same library).
include_guard(GLOBAL)
find_package(PkgConfig QUIET)
if(NOT TARGET imgframe_decoder_backends)
  add_library(imgframe_decoder_backends INTERFACE)
endif()

function(imgframe_optional_backend name modules package what)
  set(_default OFF)
  if(PKG_CONFIG_FOUND)
    pkg_check_modules(IMGFRAME_${name} QUIET IMPORTED_TARGET GLOBAL ${modules})
    if(IMGFRAME_${name}_FOUND AND NOT "${ARGN}" STREQUAL "OFF")
      set(_default ON)
    endif()
  endif()
  set(IMGFRAME_${name}_FOUND ${IMGFRAME_${name}_FOUND} PARENT_SCOPE)
  option(IMGFRAME_WITH_${name} "${what} in the project's decoder TUs (needs ${package})" ${_default})
  if(IMGFRAME_WITH_${name})
    if(NOT IMGFRAME_${name}_FOUND)
      message(FATAL_ERROR "IMGFRAME_WITH_${name} is ON but pkg-config finds no ${modules} "
                          "(Debian: apt-get install pkg-config ${package}), or configure with -DIMGFRAME_WITH_${name}=OFF")
    endif()
    target_compile_definitions(imgframe_decoder_backends INTERFACE IMGFRAME_WITH_${name}=1)
    target_link_libraries(imgframe_decoder_backends INTERFACE PkgConfig::IMGFRAME_${name})
    set(_version "")
    if(IMGFRAME_${name}_VERSION)
      set(_version " ${IMGFRAME_${name}_VERSION}")
    endif()
    message(STATUS "imgframe: ${what}${_version}: on")
  else()
    message(STATUS "imgframe: ${what}: off")
  endif()
endfunction()
