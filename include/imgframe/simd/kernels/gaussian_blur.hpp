#pragma once
// cv::GaussianBlur(src, dst, Size(kw, kh), sx, sy) with BORDER_REFLECT_101 on a whole image.
// Parameters as OpenCV: sy <= 0 means sy = sx; a size <= 0 is derived from its sigma
// (round(sigma * (u8 ? 3 : 4) * 2 + 1) | 1); sizes must be odd; an axis of length 1 is not blurred.
// u8 is OpenCV's bit-exact fixed-point path: Q8 weights (see gaussian_kernel_q8), horizontal sums
// kept exactly in 16.8 fixed point, vertical sums rounded once: (sum + 2^15) >> 16.
// f32 uses float weights and float sums (OpenCV's order of additions may differ in the last ulp).
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "../../core/concepts.hpp"
#include "../arch.hpp"
#include "../loop.hpp"
#include "gaussian_kernel.hpp"
#include "support.hpp"

namespace imgframe::kernels {

namespace detail {

// out[e] = sum_i k[i] * p[e + i*C] over a padded row p (forward, C-interleaved).
template <class Arch, class W>
void correlate_row(Arch arch, const W* p, const std::vector<W>& k, int C, W* out, std::size_t n) {
  simd::for_each_batch_of<W>(
      arch, n,
      [&](std::size_t e) {
        if constexpr (simd::vectorize<W, Arch>) {
          using B = simd::batch<W, Arch>;
          B acc = B(k[0]) * simd::load<Arch>(p + e);
          for (std::size_t i = 1; i < k.size(); ++i) acc = acc + B(k[i]) * simd::load<Arch>(p + e + i * C);
          simd::store(out + e, acc);
        }
      },
      [&](std::size_t e) {
        W acc = k[0] * p[e];
        for (std::size_t i = 1; i < k.size(); ++i) acc = acc + k[i] * p[e + i * C];
        out[e] = acc;
      });
}

// out[e] = sum_j k[j] * rows[j][e], then the u8 rounding (acc + 2^15) >> 16 or the float value.
template <class Arch, class W, class T>
void combine_rows(Arch arch, const std::vector<const W*>& rows, const std::vector<W>& k, T* out, std::size_t n) {
  simd::for_each_batch_of<W>(
      arch, n,
      [&](std::size_t e) {
        if constexpr (simd::vectorize<W, Arch>) {
          using B = simd::batch<W, Arch>;
          B acc = B(k[0]) * simd::load<Arch>(rows[0] + e);
          for (std::size_t j = 1; j < k.size(); ++j) acc = acc + B(k[j]) * simd::load<Arch>(rows[j] + e);
          if constexpr (std::is_same_v<T, std::uint8_t>)
            simd::store_as<std::uint8_t>(out + e, simd::min((acc + B(1 << 15)) >> 16, B(255)));
          else
            simd::store(out + e, acc);
        }
      },
      [&](std::size_t e) {
        W acc = k[0] * rows[0][e];
        for (std::size_t j = 1; j < k.size(); ++j) acc = acc + k[j] * rows[j][e];
        if constexpr (std::is_same_v<T, std::uint8_t>)
          out[e] = saturate<std::uint8_t>((acc + (1 << 15)) >> 16);
        else
          out[e] = acc;
      });
}

// Separable correlation with BORDER_REFLECT_101: kx along rows, then ky down columns.
// W is int32 (Q8 weights, u8 images) or float.
template <class Arch, ImageView Src, MutableImageView Dst, class W>
void separable_filter(Arch arch, const Src& src, const Dst& dst, const std::vector<W>& kx, const std::vector<W>& ky) {
  using T = value_of<Src>;
  constexpr int C = std::remove_cvref_t<Src>::channels;
  const int w = src.width(), h = src.height();
  const int kw = static_cast<int>(kx.size()), kh = static_cast<int>(ky.size());
  const int ax = kw / 2, ay = kh / 2;
  const std::size_t n = static_cast<std::size_t>(w) * C;

  // Horizontal pass over every source row first, so dst may alias src.
  std::vector<W> hrows(n * static_cast<std::size_t>(h));
  std::vector<W> padded(static_cast<std::size_t>(w + kw - 1) * C);
  std::vector<int> col(static_cast<std::size_t>(w + kw - 1));
  for (int i = 0; i < w + kw - 1; ++i) col[static_cast<std::size_t>(i)] = reflect101(i - ax, w);
  row_source<Src> in(src);
  for (int y = 0; y < h; ++y) {
    const T* s = in(y);
    for (std::size_t i = 0; i < col.size(); ++i)
      for (int c = 0; c < C; ++c)
        padded[i * C + static_cast<std::size_t>(c)] = static_cast<W>(s[static_cast<std::size_t>(col[i]) * C + c]);
    correlate_row(arch, padded.data(), kx, C, hrows.data() + n * static_cast<std::size_t>(y), n);
  }

  row_sink<Dst> out(dst);
  std::vector<const W*> rows(static_cast<std::size_t>(kh));
  for (int y = 0; y < h; ++y) {
    for (int j = 0; j < kh; ++j)
      rows[static_cast<std::size_t>(j)] = hrows.data() + n * static_cast<std::size_t>(reflect101(y + j - ay, h));
    combine_rows(arch, rows, ky, out.target(y), n);
    out.commit(y);
  }
}

}  // namespace detail

struct gaussian_blur_fn {
  template <class Arch, ImageView Src, MutableImageView Dst>
  void operator()(Arch arch, const Src& src, const Dst& dst, int kw, int kh, double sx, double sy) const {
    static_assert(SamePixelLayout<Src, Dst>, "gaussian_blur: source and destination need the same pixel layout");
    using T = detail::value_of<Src>;
    static_assert(detail::is_kernel_value<T>, "gaussian_blur: supports u8 and f32 views");
    if (src.width() != dst.width() || src.height() != dst.height())
      detail::fail("gaussian_blur", "source and destination sizes differ");
    if (dst.empty()) return;

    if (sy <= 0) sy = sx;
    constexpr int sigmas = std::is_same_v<T, std::uint8_t> ? 3 : 4;
    if (kw <= 0 && sx > 0) kw = detail::round_half_even(sx * sigmas * 2 + 1) | 1;
    if (kh <= 0 && sy > 0) kh = detail::round_half_even(sy * sigmas * 2 + 1) | 1;
    if (kw <= 0 || kh <= 0 || kw % 2 == 0 || kh % 2 == 0)
      detail::fail("gaussian_blur", "kernel size must be odd and positive, or derived from a positive sigma (got " +
                                        std::to_string(kw) + "x" + std::to_string(kh) + ")");
    const double sigma_x = std::max(sx, 0.0), sigma_y = std::max(sy, 0.0);
    const std::vector<double> dkx = gaussian_kernel(kw, sigma_x);
    const std::vector<double> dky = gaussian_kernel(kh, sigma_y);
    // OpenCV does not blur along an axis of length 1.
    const int ew = src.width() == 1 ? 1 : kw, eh = src.height() == 1 ? 1 : kh;
    const std::vector<double> ekx = ew == kw ? dkx : std::vector<double>{1.0};
    const std::vector<double> eky = eh == kh ? dky : std::vector<double>{1.0};

    if constexpr (std::is_same_v<T, std::uint8_t>) {
      detail::separable_filter(arch, src, dst, gaussian_kernel_q8(ekx), gaussian_kernel_q8(eky));
    } else {
      std::vector<float> fx(ekx.begin(), ekx.end()), fy(eky.begin(), eky.end());
      detail::separable_filter(arch, src, dst, fx, fy);
    }
  }
};

template <ImageView Src, MutableImageView Dst>
void gaussian_blur(const Src& src, const Dst& dst, int kw, int kh, double sx, double sy = 0) {
  gaussian_blur_fn{}(simd::default_arch{}, src, dst, kw, kh, sx, sy);
}

namespace scalar {
template <ImageView Src, MutableImageView Dst>
void gaussian_blur(const Src& src, const Dst& dst, int kw, int kh, double sx, double sy = 0) {
  gaussian_blur_fn{}(simd::scalar_arch{}, src, dst, kw, kh, sx, sy);
}
}  // namespace scalar

}  // namespace imgframe::kernels
