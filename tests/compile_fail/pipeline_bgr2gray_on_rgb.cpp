// BGR2GRAY weighs the first channel as blue: on a view typed RGB that would be a silent colour bug.
// first-lines: color_format<imgframe::color_code::bgr2gray>
// first-lines: gray_weights_in_the_view_order
// first-lines: image_view<const unsigned char, 3, imgframe::rgb>
#include <imgframe/imgframe.hpp>

using namespace imgframe;

auto luma(image_view<const std::uint8_t, 3, rgb> v) {
#ifdef IMGFRAME_COMPILE_FAIL
  constexpr auto p = make_pipeline(color_format<color_code::bgr2gray>{});
#else
  constexpr auto p = make_pipeline(color_format<color_code::rgb2gray>{});
#endif
  return run(p, v);
}
