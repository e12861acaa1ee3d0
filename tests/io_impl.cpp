// The single translation unit of the test build that compiles the decoders (stb_image, and
// libjpeg-turbo when configured with IMGFRAME_WITH_TURBOJPEG: see cmake/imgframe_turbojpeg.cmake).
#include <imgframe/io/stb_implementation.hpp>
