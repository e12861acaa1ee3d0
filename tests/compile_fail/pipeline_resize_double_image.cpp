// The resize kernels take 8U, 16U and 32F images only.
// first-lines: imgframe::resize\b
// first-lines: resize_values
// first-lines: image_view<const double, 3, imgframe::bgr>
#include <imgframe/imgframe.hpp>

using namespace imgframe;

#ifdef IMGFRAME_COMPILE_FAIL
auto shrink(image_view<const double, 3, bgr> v) {
#else
auto shrink(image_view<const float, 3, bgr> v) {
#endif
  constexpr auto p = resize{2, 2} | flip{1};
  return run(p, v);
}
