# Optional libzip for the decoder translation unit (the one including <imgframe/io/stb_implementation.hpp>,
# which links `imgframe_decoder_backends`): with IMGFRAME_WITH_LIBZIP=ON it is compiled with
# IMGFRAME_WITH_LIBZIP=1 and linked to libzip (Debian: libzip-dev), and read_images opens .zip files
# like SynapseML's readImages (read_options::inspect_zip). Off by default; scripts/test.sh turns it on.
include_guard(GLOBAL)
include(${CMAKE_CURRENT_LIST_DIR}/imgframe_turbojpeg.cmake)  # the other back ends first
imgframe_optional_backend(LIBZIP "libzip" "libzip-dev" "zip archives via libzip (SynapseML's inspectZip)" OFF)
