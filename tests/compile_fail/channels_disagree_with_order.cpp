// The channel count and the order tag must agree: 3 channels cannot be named BGRA.
#include <imgframe/core.hpp>

#ifdef IMGFRAME_COMPILE_FAIL
using wrong = imgframe::image_view<std::uint8_t, 3, imgframe::bgra>;
#else
using wrong = imgframe::image_view<std::uint8_t, 4, imgframe::bgra>;
#endif
wrong make_view() { return {}; }
