#pragma once
// Bilinear resize reproducing OpenCV 4.6 cv::resize(..., INTER_LINEAR) byte for byte on u8
// (Q11 weights, OpenCV's vertical rounding and saturation; an exact 2x downscale takes the
// INTER_AREA integer path as OpenCV does), to float rounding on f32, and exactly on u16 (OpenCV's
// float weights and rows, then saturate_cast). The destination view's width and height are the
// target size. Separable: horizontal pass into row buffers, then a vertical pass (the SIMD part).
// Any strided, flipped or cropped views; u8, u16 and f32; 1-4 channels.
#include "../../core/concepts.hpp"
#include "../arch.hpp"
#include "detail/resize_opencv.hpp"

namespace imgframe::kernels {

// The window of a resize to full_width x full_height that a windowed call computes (detail/resize_opencv.hpp).
using detail::resize_window;

// Arch-first functor: instantiate with any xsimd architecture, or simd::scalar_arch.
struct resize_bilinear_fn {
  // Resizes src into dst (the sizes of the views) with OpenCV's INTER_LINEAR on architecture arch.
  template <class Arch, ImageView Src, MutableImageView Dst>
  void operator()(Arch arch, const Src& src, const Dst& dst) const {
    static_assert(SamePixelLayout<Src, Dst>, "resize_bilinear: source and destination need the same pixel layout");
    static_assert(detail::is_resize_value<detail::value_of<Src>>, "resize_bilinear: supports u8, u16 and f32 views");
    detail::resize_opencv(arch, src, dst, detail::cv_interpolation::linear, "resize_bilinear");
  }
  // Only the `window` of the full resize: dst is its (x, y, dst.width(), dst.height()) region.
  template <class Arch, ImageView Src, MutableImageView Dst>
  void operator()(Arch arch, const Src& src, const Dst& dst, const resize_window& window) const {
    static_assert(SamePixelLayout<Src, Dst>, "resize_bilinear: source and destination need the same pixel layout");
    static_assert(detail::is_resize_value<detail::value_of<Src>>, "resize_bilinear: supports u8, u16 and f32 views");
    detail::resize_opencv(arch, src, dst, detail::cv_interpolation::linear, "resize_bilinear", window);
  }
};

// cv::resize(src, dst, dst size, 0, 0, INTER_LINEAR) on the best architecture of this machine.
template <ImageView Src, MutableImageView Dst>
void resize_bilinear(const Src& src, const Dst& dst) {
  resize_bilinear_fn{}(simd::default_arch{}, src, dst);
}
// Only the window of that resize (see the window overload of resize_bilinear_fn).
template <ImageView Src, MutableImageView Dst>
void resize_bilinear(const Src& src, const Dst& dst, const resize_window& window) {
  resize_bilinear_fn{}(simd::default_arch{}, src, dst, window);
}

namespace scalar {
// The scalar reference of resize_bilinear (what the SIMD paths are tested against).
template <ImageView Src, MutableImageView Dst>
void resize_bilinear(const Src& src, const Dst& dst) {
  resize_bilinear_fn{}(simd::scalar_arch{}, src, dst);
}
// The scalar reference of the windowed resize_bilinear.
template <ImageView Src, MutableImageView Dst>
void resize_bilinear(const Src& src, const Dst& dst, const resize_window& window) {
  resize_bilinear_fn{}(simd::scalar_arch{}, src, dst, window);
}
}  // namespace scalar

}  // namespace imgframe::kernels
