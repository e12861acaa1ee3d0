// A 2-channel image has no colour order: to_tensor<rgb> cannot name its planes.
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
