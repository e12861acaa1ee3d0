// Spark rows are BGR: an RGB view must go through a named reorder stage before to_row.
#include <imgframe/erased.hpp>
#include <imgframe/core.hpp>

imgframe::image_row pack(imgframe::image_view<const std::uint8_t, 3, imgframe::rgb> view) {
#ifdef IMGFRAME_COMPILE_FAIL
  return imgframe::to_row(view, "file:/x.png");
#else
  return imgframe::to_row(view.reinterpret_order<imgframe::bgr>(), "file:/x.png");
#endif
}
