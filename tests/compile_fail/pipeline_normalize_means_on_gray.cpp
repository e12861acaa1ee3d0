// normalize<rgb> states three means; a gray image has one channel.
// first-lines: normalize<imgframe::rgb
// first-lines: one_mean_per_channel
// first-lines: image_view<const unsigned char, 1, imgframe::gray>
#include <imgframe/imgframe.hpp>

using namespace imgframe;

auto norm(image_view<const std::uint8_t, 1, gray> v) {
#ifdef IMGFRAME_COMPILE_FAIL
  constexpr auto p = flip{0} | normalize<rgb>{{0.5, 0.5, 0.5}, {0.2, 0.2, 0.2}, 1.0 / 255};
#else
  constexpr auto p = flip{0} | normalize<gray>{{0.5}, {0.2}, 1.0 / 255};
#endif
  return run(p, v);
}
