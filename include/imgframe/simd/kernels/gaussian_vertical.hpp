#pragma once
// SynapseML's gaussianKernel stage: k = cv::getGaussianKernel(aperture, sigma) (an aperture x 1
// column), then cv::filter2D(src, dst, -1, k). That is a vertical-only 1-D blur: anchor at
// (0, aperture/2) (off-centre for even apertures), BORDER_REFLECT_101, taps applied top to
// bottom in float (filter2D converts the kernel to float and skips zero taps), saturate-cast.
// OpenCV 4.6 runs this loop with fused multiply-adds on AVX2 machines (its filter code is
// dispatched per CPU); fused taps reproduce it exactly, so both paths here use fma: std::fma on
// the scalar path, and the vector path only where the architecture has a fused instruction.
#include <cmath>
#include <cstdint>
#include <string>
#include <type_traits>
#include <vector>

#include "../../core/concepts.hpp"
#include "../arch.hpp"
#include "../loop.hpp"
#include "gaussian_kernel.hpp"
#include "support.hpp"

namespace imgframe::kernels {

namespace detail {

template <class Arch, class T>
void vertical_taps(Arch, const std::vector<const float*>& rows, const std::vector<float>& k, T* out,
                   std::size_t n) {
  constexpr bool vector_fma = simd::vectorize<float, Arch> && simd::has_fused_multiply_add<Arch>;
  using loop_arch = std::conditional_t<vector_fma, Arch, simd::scalar_arch>;
  simd::for_each_batch_of<float>(
      loop_arch{}, n,
      [&](std::size_t e) {
        if constexpr (vector_fma) {
          using B = simd::batch<float, Arch>;
          B acc(0.f);
          for (std::size_t j = 0; j < k.size(); ++j) acc = simd::fma(B(k[j]), simd::load<Arch>(rows[j] + e), acc);
          if constexpr (std::is_same_v<T, std::uint8_t>)
            simd::store_as<std::uint8_t>(out + e, simd::clamp(simd::round_to_int(acc), simd::batch<std::int32_t, Arch>(0),
                                                              simd::batch<std::int32_t, Arch>(255)));
          else
            simd::store(out + e, acc);
        }
      },
      [&](std::size_t e) {
        float acc = 0.f;
        for (std::size_t j = 0; j < k.size(); ++j) acc = std::fma(k[j], rows[j][e], acc);
        out[e] = saturate<T>(acc);
      });
}

}  // namespace detail

struct gaussian_vertical_fn {
  template <class Arch, ImageView Src, MutableImageView Dst>
  void operator()(Arch arch, const Src& src, const Dst& dst, int aperture, double sigma) const {
    static_assert(SamePixelLayout<Src, Dst>, "gaussian_vertical: source and destination need the same pixel layout");
    using T = detail::value_of<Src>;
    static_assert(detail::is_kernel_value<T>, "gaussian_vertical: supports u8 and f32 views");
    if (aperture < 1) detail::fail("gaussian_vertical", "aperture size must be positive (got " + std::to_string(aperture) + ")");
    if (src.width() != dst.width() || src.height() != dst.height())
      detail::fail("gaussian_vertical", "source and destination sizes differ");
    if (dst.empty()) return;

    // filter2D works with float taps and leaves zero taps out.
    const std::vector<double> dk = gaussian_kernel(aperture, sigma);
    std::vector<float> k;
    std::vector<int> offset;
    const int anchor = aperture / 2;
    for (int j = 0; j < aperture; ++j) {
      const float f = static_cast<float>(dk[static_cast<std::size_t>(j)]);
      if (f != 0.f) {
        k.push_back(f);
        offset.push_back(j - anchor);
      }
    }

    const int h = src.height();
    const std::size_t n = src.row_elements();
    // Every source row once as float (the destination may alias the source).
    std::vector<float> rows_f(n * static_cast<std::size_t>(h));
    detail::row_source<Src> in(src);
    for (int y = 0; y < h; ++y) {
      const T* s = in(y);
      std::copy(s, s + n, rows_f.begin() + static_cast<std::ptrdiff_t>(n * static_cast<std::size_t>(y)));
    }
    detail::row_sink<Dst> out(dst);
    std::vector<const float*> rows(k.size());
    for (int y = 0; y < h; ++y) {
      for (std::size_t j = 0; j < k.size(); ++j)
        rows[j] = rows_f.data() + n * static_cast<std::size_t>(detail::reflect101(y + offset[j], h));
      if (k.empty()) {
        std::fill(out.target(y), out.target(y) + n, T(0));
      } else {
        detail::vertical_taps(arch, rows, k, out.target(y), n);
      }
      out.commit(y);
    }
  }
};

template <ImageView Src, MutableImageView Dst>
void gaussian_vertical(const Src& src, const Dst& dst, int aperture, double sigma) {
  gaussian_vertical_fn{}(simd::default_arch{}, src, dst, aperture, sigma);
}

namespace scalar {
template <ImageView Src, MutableImageView Dst>
void gaussian_vertical(const Src& src, const Dst& dst, int aperture, double sigma) {
  gaussian_vertical_fn{}(simd::scalar_arch{}, src, dst, aperture, sigma);
}
}  // namespace scalar

}  // namespace imgframe::kernels
