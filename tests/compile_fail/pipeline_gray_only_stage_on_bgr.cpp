// GRAY2BGR takes a 1-channel image; on a BGR image the chain is impossible.
// first-lines: color_format<imgframe::color_code::gray2bgr>
// first-lines: channels_the_code_reads
// first-lines: image_view<const unsigned char, 3, imgframe::bgr>
#include <imgframe/imgframe.hpp>

using namespace imgframe;

auto expand(image_view<const std::uint8_t, 3, bgr> v) {
#ifdef IMGFRAME_COMPILE_FAIL
  constexpr auto p = flip{1} | color_format<color_code::gray2bgr>{};
#else
  constexpr auto p = flip{1} | color_format<color_code::bgr2rgb>{};
#endif
  return run(p, v);
}
