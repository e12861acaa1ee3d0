// to_tensor ends a pipeline: no image stage can follow a tensor.
// first-lines: imgframe::crop\b
// first-lines: image_input
// first-lines: tensor<float, imgframe::rgb
#include <imgframe/imgframe.hpp>

using namespace imgframe;

auto after(image_view<const std::uint8_t, 3, bgr> v) {
#ifdef IMGFRAME_COMPILE_FAIL
  constexpr auto p = to_tensor<float, rgb, chw>{} | crop{0, 0, 2, 2};
#else
  constexpr auto p = crop{0, 0, 2, 2} | to_tensor<float, rgb, chw>{};
#endif
  return run(p, v);
}
