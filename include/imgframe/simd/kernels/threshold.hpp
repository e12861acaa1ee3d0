#pragma once
// cv::threshold's five types, element by element (every channel alike).
// 8-bit semantics follow OpenCV exactly: thresh is floored to an integer, maxval is rounded
// (half to even) and saturated to 0..255; a threshold outside 0..254 fills or copies the image
// the way OpenCV does (e.g. binary with thresh >= 255 gives all zeros). Float views compare with
// (float)thresh and write (float)maxval. Returns the threshold actually used, like OpenCV.
#include <cmath>
#include <cstdint>
#include <string>

#include "../../core/concepts.hpp"
#include "../arch.hpp"
#include "../loop.hpp"
#include "../x86/rows.hpp"
#include "support.hpp"

namespace imgframe::kernels {

// OpenCV's THRESH_* codes 0..4.
enum class threshold_type : int { binary = 0, binary_inv = 1, trunc = 2, tozero = 3, tozero_inv = 4 };

// True for a threshold type OpenCV's threshold takes.
constexpr bool is_valid(threshold_type t) noexcept {
  return static_cast<int>(t) >= 0 && static_cast<int>(t) <= 4;
}

namespace detail {

template <class T>
constexpr T threshold_one(T v, T t, T m, threshold_type type) noexcept {
  switch (type) {
    case threshold_type::binary: return v > t ? m : T(0);
    case threshold_type::binary_inv: return v > t ? T(0) : m;
    case threshold_type::trunc: return v > t ? t : v;
    case threshold_type::tozero: return v > t ? v : T(0);
    case threshold_type::tozero_inv: return v > t ? T(0) : v;
  }
  return v;
}

template <class Arch, class T>
void threshold_row(Arch arch, const T* s, T* d, std::size_t n, T t, T m, threshold_type type) {
  simd::for_each_batch_of<T>(
      arch, n,
      [&](std::size_t i) {
        if constexpr (simd::vectorize<T, Arch>) {
          using B = simd::batch<T, Arch>;
          const B v = simd::load<Arch>(s + i), vt(t), vm(m), zero(T(0));
          const auto above = v > vt;
          B r;
          switch (type) {
            case threshold_type::binary: r = simd::select(above, vm, zero); break;
            case threshold_type::binary_inv: r = simd::select(above, zero, vm); break;
            case threshold_type::trunc: r = simd::select(above, vt, v); break;
            case threshold_type::tozero: r = simd::select(above, v, zero); break;
            default: r = simd::select(above, zero, v); break;
          }
          simd::store(d + i, r);
        }
      },
      [&](std::size_t i) { d[i] = threshold_one(s[i], t, m, type); });
}

}  // namespace detail

// The threshold kernel as a function object taking the architecture (see the top of this file).
struct threshold_fn {
  // Thresholds src into dst on architecture arch; returns the threshold used, as cv::threshold does.
  template <class Arch, ImageView Src, MutableImageView Dst>
  double operator()(Arch arch, const Src& src, const Dst& dst, double thresh, double maxval,
                    threshold_type type) const {
    static_assert(SamePixelLayout<Src, Dst>, "threshold: source and destination need the same pixel layout");
    using T = detail::value_of<Src>;
    static_assert(detail::is_kernel_value<T>, "threshold: supports u8 and f32 views");
    if (!is_valid(type)) detail::fail("threshold", "unknown threshold type " + std::to_string(static_cast<int>(type)));
    if (src.width() != dst.width() || src.height() != dst.height())
      detail::fail("threshold", "source and destination sizes differ");
    if (dst.empty()) return thresh;

    detail::row_source<Src> in(src);
    detail::row_sink<Dst> out(dst);
    const std::size_t n = dst.row_elements();

    if constexpr (std::is_same_v<T, std::uint8_t>) {
      const int it = detail::floor_int(thresh);  // cvFloor: huge or NaN gives INT_MIN, huge negative INT_MAX, as in OpenCV
      int im = detail::round_half_even(maxval);
      if (type == threshold_type::trunc) im = it;
      const std::uint8_t m = detail::saturate<std::uint8_t>(im);
      if (it < 0 || it >= 255) {
        // Every value falls on one side: OpenCV fills a constant or copies.
        const bool fill = type == threshold_type::binary || type == threshold_type::binary_inv ||
                          ((type == threshold_type::trunc || type == threshold_type::tozero_inv) && it < 0) ||
                          (type == threshold_type::tozero && it >= 255);
        const std::uint8_t v = type == threshold_type::binary       ? (it >= 255 ? 0 : m)
                               : type == threshold_type::binary_inv ? (it >= 255 ? m : 0)
                                                                    : 0;
        for (int y = 0; y < dst.height(); ++y) {
          std::uint8_t* d = out.target(y);
          if (fill) {
            std::fill(d, d + n, v);
          } else {
            const std::uint8_t* s = in(y);
            std::copy(s, s + n, d);
          }
          out.commit(y);
        }
        return it;
      }
#if IMGFRAME_X86_DISPATCH
      if constexpr (!std::is_same_v<Arch, simd::scalar_arch>) {  // SSE2 / AVX2 / AVX-512BW at run time
        const simd::x86::row_table& k = simd::x86::rows();
        if (src.is_contiguous() && dst.is_contiguous()) {  // one row, as OpenCV on continuous Mats
          k.threshold_u8(src.row(0), dst.row(0), n * static_cast<std::size_t>(dst.height()), static_cast<std::uint8_t>(it),
                         m, static_cast<int>(type));
          return it;
        }
        for (int y = 0; y < dst.height(); ++y) {
          k.threshold_u8(in(y), out.target(y), n, static_cast<std::uint8_t>(it), m, static_cast<int>(type));
          out.commit(y);
        }
        return it;
      }
#endif
      for (int y = 0; y < dst.height(); ++y) {
        detail::threshold_row(arch, in(y), out.target(y), n, static_cast<std::uint8_t>(it), m, type);
        out.commit(y);
      }
      return it;
    } else {
      const float t = static_cast<float>(thresh), m = static_cast<float>(maxval);
      for (int y = 0; y < dst.height(); ++y) {
        detail::threshold_row(arch, in(y), out.target(y), n, t, m, type);
        out.commit(y);
      }
      return thresh;
    }
  }
};

// cv::threshold(src, dst, thresh, maxval, type) on the best architecture of this machine; returns the
// threshold used.
template <ImageView Src, MutableImageView Dst>
double threshold(const Src& src, const Dst& dst, double thresh, double maxval, threshold_type type) {
  return threshold_fn{}(simd::default_arch{}, src, dst, thresh, maxval, type);
}

namespace scalar {
// The scalar reference of threshold (what the SIMD paths are tested against).
template <ImageView Src, MutableImageView Dst>
double threshold(const Src& src, const Dst& dst, double thresh, double maxval, threshold_type type) {
  return threshold_fn{}(simd::scalar_arch{}, src, dst, thresh, maxval, type);
}
}  // namespace scalar

}  // namespace imgframe::kernels
