// SynapseML needs one mean per plane: three means on a gray image cannot work, so it must not compile.
// first-lines: to_tensor<float, imgframe::rgb, imgframe::chw
// first-lines: one_mean_per_gray_plane
// first-lines: image_view<const unsigned char, 1, imgframe::gray>
#include <imgframe/imgframe.hpp>

using namespace imgframe;

auto tensor_of(image_view<const std::uint8_t, 1, gray> v) {
#ifdef IMGFRAME_COMPILE_FAIL
  constexpr auto p = center_crop{4, 4} | to_tensor<float, rgb, chw>{{0.485, 0.456, 0.406}, {0.229, 0.224, 0.225}, 1.0 / 255};
#else
  constexpr auto p = center_crop{4, 4} | to_tensor<float, gray, chw>{{0.485}, {0.229}, 1.0 / 255};
#endif
  return run(p, v);
}
