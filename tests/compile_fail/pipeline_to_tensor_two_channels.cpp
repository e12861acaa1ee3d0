// A 2-channel image has no colour order: to_tensor<rgb> cannot name its planes.
// first-lines: to_tensor<float, imgframe::rgb, imgframe::chw
// first-lines: colour_order_for_named_planes
// first-lines: image_view<const unsigned char, 2, imgframe::unordered<2> ?>
#include <imgframe/imgframe.hpp>

using namespace imgframe;

#ifdef IMGFRAME_COMPILE_FAIL
auto planes(image_view<const std::uint8_t, 2, unordered<2>> v) {
#else
auto planes(image_view<const std::uint8_t, 3, bgr> v) {
#endif
  constexpr auto p = crop{0, 0, 2, 2} | to_tensor<float, rgb, chw>{};
  return run(p, v);
}
