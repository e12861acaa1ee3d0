#pragma once
// Area resize reproducing OpenCV 4.6 cv::resize(..., INTER_AREA): integer ratios average whole
// ix x iy cells (2x2 on u8 and u16 with 1, 3 or 4 channels: (a+b+c+d+2)>>2), fractional downscales
// weight each source pixel by the fraction of the cell it covers (float accumulation, saturate),
// and if either axis is upscaled OpenCV's bilinear "area" emulation is used. u8, u16 and f32;
// 1-4 channels; any views.
#include "../../core/concepts.hpp"
#include "../arch.hpp"
#include "detail/resize_opencv.hpp"

namespace imgframe::kernels {

using detail::resize_window;  // see resize_bilinear.hpp

struct resize_area_fn {
  // Resizes src into dst (the sizes of the views) with OpenCV's INTER_AREA on architecture arch.
  template <class Arch, ImageView Src, MutableImageView Dst>
  void operator()(Arch arch, const Src& src, const Dst& dst) const {
    static_assert(SamePixelLayout<Src, Dst>, "resize_area: source and destination need the same pixel layout");
    static_assert(detail::is_resize_value<detail::value_of<Src>>, "resize_area: supports u8, u16 and f32 views");
    detail::resize_opencv(arch, src, dst, detail::cv_interpolation::area, "resize_area");
  }
  // Only the `window` of the full resize: dst is its (x, y, dst.width(), dst.height()) region.
  template <class Arch, ImageView Src, MutableImageView Dst>
  void operator()(Arch arch, const Src& src, const Dst& dst, const resize_window& window) const {
    static_assert(SamePixelLayout<Src, Dst>, "resize_area: source and destination need the same pixel layout");
    static_assert(detail::is_resize_value<detail::value_of<Src>>, "resize_area: supports u8, u16 and f32 views");
    detail::resize_opencv(arch, src, dst, detail::cv_interpolation::area, "resize_area", window);
  }
};

// cv::resize(src, dst, dst size, 0, 0, INTER_AREA) on the best architecture of this machine.
template <ImageView Src, MutableImageView Dst>
void resize_area(const Src& src, const Dst& dst) {
  resize_area_fn{}(simd::default_arch{}, src, dst);
}
// Only the window of that resize (see the window overload of resize_area_fn).
template <ImageView Src, MutableImageView Dst>
void resize_area(const Src& src, const Dst& dst, const resize_window& window) {
  resize_area_fn{}(simd::default_arch{}, src, dst, window);
}

namespace scalar {
// The scalar reference of resize_area (what the SIMD paths are tested against).
template <ImageView Src, MutableImageView Dst>
void resize_area(const Src& src, const Dst& dst) {
  resize_area_fn{}(simd::scalar_arch{}, src, dst);
}
// The scalar reference of the windowed resize_area.
template <ImageView Src, MutableImageView Dst>
void resize_area(const Src& src, const Dst& dst, const resize_window& window) {
  resize_area_fn{}(simd::scalar_arch{}, src, dst, window);
}
}  // namespace scalar

}  // namespace imgframe::kernels
