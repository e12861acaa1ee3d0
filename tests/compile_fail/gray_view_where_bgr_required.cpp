// A gray view cannot be copied into a BGR image: the channel layout is part of the type.
#include <imgframe/core.hpp>

void gray_into_bgr(imgframe::image_view<const std::uint8_t, 1> gray, imgframe::image<std::uint8_t, 3>& bgr) {
#ifdef IMGFRAME_COMPILE_FAIL
  imgframe::copy_pixels(gray, bgr.view());
#else
  (void)gray;
  (void)bgr;
#endif
}
