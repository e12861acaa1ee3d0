#pragma once
// cv::blur(src, dst, Size(kw, kh)): normalized box filter, anchor at the centre (kw/2, kh/2),
// BORDER_REFLECT_101, the view treated as a whole image (OpenCV's BORDER_ISOLATED).
// u8 matches OpenCV bit for bit: integer window sums, then for kw*kh <= 256 OpenCV's fixed-point
// division ((s + dd) * ds) >> 23 and for larger windows round(s / (kw*kh)). f32 sums in double.
// Separable: a running sum along each padded row, then a sliding column sum (the SIMD part).
#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "../../core/concepts.hpp"
#include "../arch.hpp"
#include "../loop.hpp"
#include "support.hpp"

namespace imgframe::kernels {

namespace detail {

// OpenCV's ColumnSum<ushort, uchar> divisor: exact for every sum of at most 256 bytes.
struct box_divisor {
  int scale = 1, delta = 0;
  bool exact_shift = false;  // true: ((s + delta) * scale) >> 23; false: round(s * inv)
  double inv = 1.0;
  static constexpr int shift = 23;

  explicit box_divisor(int area) : inv(1.0 / area) {
    if (area == 1) return;
    if (area <= 256) {
      exact_shift = true;
      const double f = static_cast<double>(1 << shift) / area;
      scale = floor_int(f);
      const double frac = f - scale;
      delta = area / 2;
      if (frac < 0.5)
        ++delta;
      else
        ++scale;
    }
  }
  std::uint8_t operator()(std::int32_t s) const noexcept {
    if (inv == 1.0) return saturate<std::uint8_t>(s);
    if (exact_shift) return static_cast<std::uint8_t>((static_cast<std::int64_t>(s + delta) * scale) >> shift);
    return saturate<std::uint8_t>(s * inv);
  }
};

template <class Arch>
void box_column_out(Arch arch, const std::int32_t* sum, std::uint8_t* d, std::size_t n, const box_divisor& div) {
  simd::for_each_batch_of<std::int32_t>(
      arch, n,
      [&](std::size_t i) {
        if constexpr (simd::vectorize<std::int32_t, Arch>) {
          using B = simd::batch<std::int32_t, Arch>;
          if (div.exact_shift) {
            // (s + delta) * scale < 2^31 for every s <= 255 * area, so int32 lanes are exact.
            const B r = ((simd::load<Arch>(sum + i) + B(div.delta)) * B(div.scale)) >> box_divisor::shift;
            simd::store_as<std::uint8_t>(d + i, r);
          } else {
            for (std::size_t k = 0; k < B::size; ++k) d[i + k] = div(sum[i + k]);
          }
        }
      },
      [&](std::size_t i) { d[i] = div(sum[i]); });
}

template <class Arch>
void add_rows(Arch arch, std::int32_t* acc, const std::int32_t* plus, const std::int32_t* minus, std::size_t n) {
  simd::for_each_batch_of<std::int32_t>(
      arch, n,
      [&](std::size_t i) {
        if constexpr (simd::vectorize<std::int32_t, Arch>) {
          const auto r = simd::load<Arch>(acc + i) + simd::load<Arch>(plus + i) -
                         (minus ? simd::load<Arch>(minus + i) : simd::broadcast<Arch>(std::int32_t{0}));
          simd::store(acc + i, r);
        }
      },
      [&](std::size_t i) { acc[i] += plus[i] - (minus ? minus[i] : 0); });
}

}  // namespace detail

struct box_blur_fn {
  template <class Arch, ImageView Src, MutableImageView Dst>
  void operator()(Arch arch, const Src& src, const Dst& dst, int kw, int kh) const {
    static_assert(SamePixelLayout<Src, Dst>, "box_blur: source and destination need the same pixel layout");
    using T = detail::value_of<Src>;
    static_assert(detail::is_kernel_value<T>, "box_blur: supports u8 and f32 views");
    constexpr int C = std::remove_cvref_t<Src>::channels;
    if (kw < 1 || kh < 1)
      detail::fail("box_blur", "kernel size must be positive (got " + std::to_string(kw) + "x" + std::to_string(kh) + ")");
    if (src.width() != dst.width() || src.height() != dst.height())
      detail::fail("box_blur", "source and destination sizes differ");
    if (dst.empty()) return;

    const int w = src.width(), h = src.height();
    const int ax = kw / 2, ay = kh / 2;
    const std::size_t n = static_cast<std::size_t>(w) * C;
    using S = std::conditional_t<std::is_same_v<T, std::uint8_t>, std::int32_t, double>;

    // Horizontal window sums of every source row (the source may alias dst, so rows are read first).
    std::vector<std::int32_t> col_index(static_cast<std::size_t>(w + kw - 1));
    for (int i = 0; i < w + kw - 1; ++i) col_index[static_cast<std::size_t>(i)] = detail::reflect101(i - ax, w);
    std::vector<S> hsum(n * static_cast<std::size_t>(h));
    detail::row_source<Src> in(src);
    for (int y = 0; y < h; ++y) {
      const T* s = in(y);
      S* out = hsum.data() + n * static_cast<std::size_t>(y);
      for (int c = 0; c < C; ++c) {
        S acc = 0;
        for (int i = 0; i < kw; ++i) acc += s[static_cast<std::size_t>(col_index[static_cast<std::size_t>(i)]) * C + c];
        for (int x = 0; x < w; ++x) {
          out[static_cast<std::size_t>(x) * C + c] = acc;
          if (x + 1 < w)
            acc += s[static_cast<std::size_t>(col_index[static_cast<std::size_t>(x + kw)]) * C + c] -
                   s[static_cast<std::size_t>(col_index[static_cast<std::size_t>(x)]) * C + c];
        }
      }
    }

    auto hrow = [&](int y) { return hsum.data() + n * static_cast<std::size_t>(detail::reflect101(y, h)); };
    detail::row_sink<Dst> out(dst);
    std::vector<S> acc(n, S(0));
    for (int i = 0; i < kh; ++i) {
      const S* r = hrow(i - ay);
      if constexpr (std::is_same_v<S, std::int32_t>)
        detail::add_rows(arch, acc.data(), r, nullptr, n);
      else
        for (std::size_t e = 0; e < n; ++e) acc[e] += r[e];
    }
    const detail::box_divisor div(kw * kh);
    for (int y = 0; y < h; ++y) {
      T* d = out.target(y);
      if constexpr (std::is_same_v<T, std::uint8_t>) {
        detail::box_column_out(arch, acc.data(), d, n, div);
      } else {
        for (std::size_t e = 0; e < n; ++e) d[e] = static_cast<float>(acc[e] * div.inv);
      }
      out.commit(y);
      if (y + 1 < h) {
        const S* plus = hrow(y + 1 - ay + kh - 1);
        const S* minus = hrow(y - ay);
        if constexpr (std::is_same_v<S, std::int32_t>)
          detail::add_rows(arch, acc.data(), plus, minus, n);
        else
          for (std::size_t e = 0; e < n; ++e) acc[e] += plus[e] - minus[e];
      }
    }
  }
};

template <ImageView Src, MutableImageView Dst>
void box_blur(const Src& src, const Dst& dst, int kw, int kh) {
  box_blur_fn{}(simd::default_arch{}, src, dst, kw, kh);
}

namespace scalar {
template <ImageView Src, MutableImageView Dst>
void box_blur(const Src& src, const Dst& dst, int kw, int kh) {
  box_blur_fn{}(simd::scalar_arch{}, src, dst, kw, kh);
}
}  // namespace scalar

}  // namespace imgframe::kernels
