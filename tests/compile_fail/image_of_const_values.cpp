// An image owns mutable pixels; const belongs on views.
#include <imgframe/core.hpp>

#ifdef IMGFRAME_COMPILE_FAIL
imgframe::image<const std::uint8_t, 3> img(2, 2);
#else
imgframe::image<std::uint8_t, 3> img(2, 2);
#endif
