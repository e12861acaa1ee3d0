#pragma once
// cv::GaussianBlur(src, dst, Size(kw, kh), sx, sy) with BORDER_REFLECT_101 on a whole image.
// Parameters as OpenCV: sy <= 0 means sy = sx; a size <= 0 is derived from its sigma
// (round(sigma * (u8 ? 3 : 4) * 2 + 1) | 1); sizes must be odd; an axis of length 1 is not blurred.
// u8 is OpenCV's bit-exact fixed-point path: Q8 weights (see gaussian_kernel_q8), horizontal sums
// kept exactly in 16.8 fixed point, vertical sums rounded once: (sum + 2^15) >> 16. Those integers
// stay below 2^24, so the kernel computes them exactly in float lanes (fast on every architecture).
// f32 uses float weights and float sums (OpenCV's order of additions may differ in the last ulp).
// On x86 the u8 path computes the same integers in u16 lanes with the dispatched row loops
// (simd/x86: SSE2 / AVX2 / AVX-512BW chosen at run time).
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "../../core/concepts.hpp"
#include "../arch.hpp"
#include "../loop.hpp"
#include "../x86/rows.hpp"
#include "gaussian_kernel.hpp"
#include "support.hpp"

namespace imgframe::kernels {

namespace detail {

// Gaussian kernels are symmetric: taps i and n-1-i share a weight, so each pair is added first
// and multiplied once (the centre tap alone). On u8 every value involved is an integer below 2^24
// (pair sums of bytes times Q8 weights; pair sums of Q8 row values times weights <= 128), so float
// lanes compute OpenCV's integer result exactly.

// acc[e] = k * x[e] (first) or acc[e] + k * (x[e] + y[e]): one tap (pair) over a whole row, so the
// weight stays in a register and the loop is a plain stream (the row lives in L1).
template <class Arch>
void tap_row(Arch arch, float* acc, float k, const float* x, const float* y, std::size_t n) {
  simd::for_each_batch_of<float>(
      arch, n,
      [&](std::size_t e) {
        if constexpr (simd::vectorize<float, Arch>) {
          using B = simd::batch<float, Arch>;
          if (y == nullptr)
            simd::store(acc + e, B(k) * simd::load<Arch>(x + e));
          else
            simd::store(acc + e, simd::load<Arch>(acc + e) + B(k) * (simd::load<Arch>(x + e) + simd::load<Arch>(y + e)));
        }
      },
      [&](std::size_t e) { acc[e] = y == nullptr ? k * x[e] : acc[e] + k * (x[e] + y[e]); });
}

// out[e] = sum_i k[i] * p[e + i*C] over a padded row p (forward, C-interleaved).
template <class Arch>
void correlate_row(Arch arch, const float* p, const std::vector<float>& k, int C, float* out, std::size_t n) {
  const std::size_t m = k.size(), half = m / 2, step = static_cast<std::size_t>(C);
  tap_row(arch, out, k[half], p + half * step, nullptr, n);
  for (std::size_t i = 0; i < half; ++i) tap_row(arch, out, k[i], p + i * step, p + (m - 1 - i) * step, n);
}

// acc = sum_j k[j] * rows[j] (paired like correlate_row), then out = acc (f32) or, for u8,
// (acc + 2^15) >> 16.
template <class Arch, class T>
void combine_rows(Arch arch, const std::vector<const float*>& rows, const std::vector<float>& k, float* acc, T* out,
                  std::size_t n) {
  const std::size_t m = k.size(), half = m / 2;
  tap_row(arch, acc, k[half], rows[half], nullptr, n);
  for (std::size_t j = 0; j < half; ++j) tap_row(arch, acc, k[j], rows[j], rows[m - 1 - j], n);
  if constexpr (std::is_same_v<T, std::uint8_t>) {
    simd::for_each_batch_of<float>(
        arch, n,
        [&](std::size_t e) {
          if constexpr (simd::vectorize<float, Arch>) {
            using I = simd::batch<std::int32_t, Arch>;
            simd::store_narrow_u8(out + e, (simd::truncate_to_int(simd::load<Arch>(acc + e)) + I(1 << 15)) >> 16);
          }
        },
        [&](std::size_t e) { out[e] = saturate<std::uint8_t>((static_cast<std::int32_t>(acc[e]) + (1 << 15)) >> 16); });
  } else {
    std::copy(acc, acc + n, out);
  }
}

// Separable correlation with BORDER_REFLECT_101: kx along rows, then ky down columns, in float
// (exact for the Q8 integer weights used on u8 images).
template <class Arch, ImageView Src, MutableImageView Dst>
void separable_filter(Arch arch, const Src& src, const Dst& dst, const std::vector<float>& kx, const std::vector<float>& ky) {
  constexpr int C = std::remove_cvref_t<Src>::channels;
  const int w = src.width(), h = src.height();
  const int kw = static_cast<int>(kx.size()), kh = static_cast<int>(ky.size());
  const int ax = kw / 2, ay = kh / 2;
  const std::size_t n = static_cast<std::size_t>(w) * C;

  std::vector<float> padded(static_cast<std::size_t>(w + kw - 1) * C);
  row_source<Src> in(src);
  row_cache<float> hrows(n, window_slots(src, dst, kh));
  auto compute = [&](int r, float* out) {
    padded_row<Src>(arch, in(r), w, ax, kw - 1 - ax, padded.data());
    correlate_row(arch, padded.data(), kx, C, out, n);
  };
  if (may_overlap(src, dst))
    for (int r = 0; r < h; ++r) hrows.get(r, compute);

  row_sink<Dst> out(dst);
  std::vector<const float*> rows(static_cast<std::size_t>(kh));
  std::vector<float> acc(n);
  for (int y = 0; y < h; ++y) {
    for (int j = 0; j < kh; ++j) rows[static_cast<std::size_t>(j)] = hrows.get(reflect101(y + j - ay, h), compute);
    combine_rows(arch, rows, ky, acc.data(), out.target(y), n);
    out.commit(y);
  }
}

#if IMGFRAME_X86_DISPATCH
// True when the Q8 weights suit the u16 row loops: symmetric, non-negative, summing to 256.
inline bool symmetric_q8(const std::vector<std::int32_t>& q) {
  std::int32_t sum = 0;
  for (std::size_t i = 0; i < q.size(); ++i) {
    if (q[i] < 0 || q[i] != q[q.size() - 1 - i]) return false;
    sum += q[i];
  }
  return sum == 256;
}

// The largest power of two (at most 256) dividing every weight.
inline int power_of_two_factor(const std::vector<std::int32_t>& q) {
  int g = 256;
  for (const std::int32_t v : q)
    while (v % g != 0) g /= 2;
  return g;
}

// The u8 Gaussian on the dispatched x86 row loops: horizontal Q8 sums exact in u16, the vertical
// sum and its rounding (sum + 2^15) >> 16 split into u16 halves (see symmetric_column_u8).
// The whole sum is exact integer arithmetic, so common factors gx, gy of the weights can be taken
// out: with gx * gy = 2^b, b >= 8 (e.g. 5x5 with sigma 0: 16 * [1 4 6 4 1] both ways), the reduced
// 2-D sum T fits u16 and the result is (T + 2^(15-b)) >> (16-b) (symmetric_column_u16).
template <ImageView Src, MutableImageView Dst>
void gaussian_u8_x86(const Src& src, const Dst& dst, const std::vector<std::int32_t>& qx,
                     const std::vector<std::int32_t>& qy) {
  constexpr int C = std::remove_cvref_t<Src>::channels;
  const simd::x86::row_table& k = simd::x86::rows();
  const int w = src.width(), h = src.height();
  const int kw = static_cast<int>(qx.size()), kh = static_cast<int>(qy.size());
  const int ax = kw / 2, ay = kh / 2;
  const std::size_t n = static_cast<std::size_t>(w) * C;
  const int gx = power_of_two_factor(qx), gy = power_of_two_factor(qy);
  const bool reduced = gx * gy >= 256;
  int shift = 16;  // 16 - b, b = log2(gx * gy)
  for (int g = gx * gy; g > 1; g /= 2) --shift;
  std::vector<std::uint16_t> wx(qx.begin(), qx.end()), wy(qy.begin(), qy.end());
  if (reduced) {
    for (std::uint16_t& v : wx) v = static_cast<std::uint16_t>(v / gx);
    for (std::uint16_t& v : wy) v = static_cast<std::uint16_t>(v / gy);
  }

  std::vector<std::uint16_t> padded(static_cast<std::size_t>(w + kw - 1) * C);
  row_source<Src> in(src);
  row_cache<std::uint16_t> hrows(n, window_slots(src, dst, kh));
  auto compute = [&](int r, std::uint16_t* out) {
    simd::x86::padded_row_u16(k, in(r), w, C, ax, kw - 1 - ax, padded.data());
    k.symmetric_row_u16(padded.data(), wx.data(), kw, C, out, n);
  };
  if (may_overlap(src, dst))
    for (int r = 0; r < h; ++r) hrows.get(r, compute);

  row_sink<Dst> out(dst);
  std::vector<const std::uint16_t*> rows(static_cast<std::size_t>(kh));
  for (int y = 0; y < h; ++y) {
    for (int j = 0; j < kh; ++j) rows[static_cast<std::size_t>(j)] = hrows.get(reflect101(y + j - ay, h), compute);
    if (reduced)
      k.symmetric_column_u16(rows.data(), wy.data(), kh, shift, out.target(y), n);
    else
      k.symmetric_column_u8(rows.data(), wy.data(), kh, out.target(y), n);
    out.commit(y);
  }
}
#endif

}  // namespace detail

// The Gaussian blur kernel as a function object taking the architecture (see the top of this file).
struct gaussian_blur_fn {
  // Blurs src into dst with a kw x kh Gaussian of sigmas sx, sy on architecture arch.
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
      const std::vector<std::int32_t> qx = gaussian_kernel_q8(ekx), qy = gaussian_kernel_q8(eky);
#if IMGFRAME_X86_DISPATCH
      if constexpr (!std::is_same_v<Arch, simd::scalar_arch>) {
        if (detail::symmetric_q8(qx) && detail::symmetric_q8(qy)) return detail::gaussian_u8_x86(src, dst, qx, qy);
      }
#endif
      detail::separable_filter(arch, src, dst, std::vector<float>(qx.begin(), qx.end()),
                               std::vector<float>(qy.begin(), qy.end()));
    } else {
      detail::separable_filter(arch, src, dst, std::vector<float>(ekx.begin(), ekx.end()),
                               std::vector<float>(eky.begin(), eky.end()));
    }
  }
};

// cv::GaussianBlur(src, dst, Size(kw, kh), sx, sy) on the best architecture of this machine.
template <ImageView Src, MutableImageView Dst>
void gaussian_blur(const Src& src, const Dst& dst, int kw, int kh, double sx, double sy = 0) {
  gaussian_blur_fn{}(simd::default_arch{}, src, dst, kw, kh, sx, sy);
}

namespace scalar {
// The scalar reference of gaussian_blur (what the SIMD paths are tested against).
template <ImageView Src, MutableImageView Dst>
void gaussian_blur(const Src& src, const Dst& dst, int kw, int kh, double sx, double sy = 0) {
  gaussian_blur_fn{}(simd::scalar_arch{}, src, dst, kw, kh, sx, sy);
}
}  // namespace scalar

}  // namespace imgframe::kernels
