// A read-only view hands out const pixels: writing through it does not compile.
#include <imgframe/core.hpp>

void write(imgframe::image_view<const std::uint8_t, 3> view) {
#ifdef IMGFRAME_COMPILE_FAIL
  view.at(0, 0, 0) = 1;
#else
  (void)view.at(0, 0, 0);
#endif
}
