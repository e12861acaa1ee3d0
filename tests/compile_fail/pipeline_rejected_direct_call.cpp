// p(view) is constrained on the accepted input types (so visit can skip the others): a direct
// call with a rejected type fails overload resolution, and the note names the stage that said
// no (to_tensor<float, rgb, chw>) and the input it was given (a gray view).
// (p(v) is the SFINAE-friendly door: its first lines name the chain and the input; the words
// come with run(p, v), see the other pipeline_*.cpp tests.)
// first-lines: to_tensor<float, imgframe::rgb, imgframe::chw
// first-lines: image_view<const unsigned char, 1, imgframe::gray>
#include <imgframe/imgframe.hpp>

using namespace imgframe;

constexpr auto p = resize_short{8} | to_tensor<float, rgb, chw>{};

#ifdef IMGFRAME_COMPILE_FAIL
auto call(image_view<const std::uint8_t, 1, gray> v) { return p(v); }
#else
auto call(image_view<const std::uint8_t, 3, bgr> v) { return p(v); }
static_assert(!std::is_invocable_v<decltype(p), image_view<const std::uint8_t, 1, gray>>);
#endif
