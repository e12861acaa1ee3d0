// A read-only view never converts back to a mutable one.
#include <imgframe/core.hpp>

imgframe::image_view<std::uint8_t, 3> unconst(imgframe::image_view<const std::uint8_t, 3> view) {
#ifdef IMGFRAME_COMPILE_FAIL
  imgframe::image_view<std::uint8_t, 3> mutable_view = view;
  return mutable_view;
#else
  (void)view;
  return {};
#endif
}
