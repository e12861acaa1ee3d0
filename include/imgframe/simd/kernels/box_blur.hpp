#pragma once
// cv::blur(src, dst, Size(kw, kh)): normalized box filter, anchor at the centre (kw/2, kh/2),
// BORDER_REFLECT_101, the view treated as a whole image (OpenCV's BORDER_ISOLATED).
// u8 matches OpenCV bit for bit: integer window sums, then OpenCV's division (see box_divisor).
// f32 sums in double.
// Separable: window sums along each padded row, then a sliding column sum; rows are summed on
// demand into a small ring, or all first when dst overlaps src (in place). On x86 the u8 path runs
// the dispatched row loops (simd/x86: SSE2 / AVX2 / AVX-512BW at run time) with u16 sums as OpenCV
// does (u16 column sums up to 256-pixel windows, int32 above).
#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "../../core/concepts.hpp"
#include "../arch.hpp"
#include "../loop.hpp"
#include "../x86/rows.hpp"
#include "support.hpp"

namespace imgframe::kernels {

namespace detail {

// OpenCV's ColumnSum<ushort, uchar> division for windows of at most 256 pixels is the fixed-point
// ((s + dd) * ds) >> 23 with ds ~ 2^23 / area. Checked exhaustively for every area 2..256 and
// every possible sum, that equals floor((s + bias) / area) with bias = area / 2, plus 1 when area
// is a power of two (OpenCV's rounding quirk: a 2x1 blur of zeros gives 1). Since s + bias < 2^24,
// a float division computes that floor exactly. Larger windows use round(s * float(1.0 / area)) in
// float, as OpenCV's vector loop does (ColumnSum<int, uchar>).
struct box_divisor {
  int area = 1, bias = 0;
  double inv = 1.0;

  explicit box_divisor(int a) : area(a), bias(a / 2 + ((a & (a - 1)) == 0 ? 1 : 0)), inv(1.0 / a) {}
  bool fixed_point() const noexcept { return area > 1 && area <= 256; }
  float scale() const noexcept { return static_cast<float>(inv); }
  std::uint8_t operator()(std::int32_t s) const noexcept {
    if (area == 1) return saturate<std::uint8_t>(s);
    // Saturated: a 2-pixel window of 255s gives (510 + 2) / 2 = 256 -> 255, as OpenCV's vector
    // loop packs it (its scalar row tail would wrap to 0).
    if (fixed_point()) return saturate<std::uint8_t>((s + bias) / area);
    return saturate<std::uint8_t>(static_cast<float>(s) * scale());
  }
};

#if IMGFRAME_X86_DISPATCH
// The u8 box blur on the dispatched x86 row loops: u16 window sums along padded rows (kw <= 257),
// then the sliding column sum in u16 (area <= 256, exact magic-number division) or int32.
template <ImageView Src, MutableImageView Dst>
void box_blur_u8_x86(const Src& src, const Dst& dst, int kw, int kh) {
  constexpr int C = std::remove_cvref_t<Src>::channels;
  const simd::x86::row_table& k = simd::x86::rows();
  const int w = src.width(), h = src.height();
  const int ax = kw / 2, ay = kh / 2;
  const std::size_t n = static_cast<std::size_t>(w) * C;

  std::vector<std::uint16_t> padded(static_cast<std::size_t>(w + kw - 1) * C), scratch(padded.size());
  row_source<Src> in(src);
  row_cache<std::uint16_t> hsum(n, window_slots(src, dst, kh + 1));
  auto compute = [&](int r, std::uint16_t* out) {
    simd::x86::padded_row_u16(k, in(r), w, C, ax, kw - 1 - ax, padded.data());
    k.window_sum_u16(padded.data(), kw, C, out, n, scratch.data());
  };
  if (may_overlap(src, dst))
    for (int r = 0; r < h; ++r) hsum.get(r, compute);
  auto hrow = [&](int y) { return hsum.get(reflect101(y, h), compute); };

  row_sink<Dst> out(dst);
  const box_divisor div(kw * kh);
  auto run = [&](auto* acc, auto add, auto column) {
    for (int i = 0; i < kh; ++i) add(acc, hrow(i - ay), n);
    for (int y = 0; y < h; ++y) {
      const std::uint16_t *minus = nullptr, *plus = nullptr;
      if (y + 1 < h) {
        minus = hrow(y - ay);
        plus = hrow(y + 1 - ay + kh - 1);
      }
      column(acc, plus, minus, out.target(y), n);
      out.commit(y);
    }
  };
  if (div.fixed_point()) {
    const simd::x86::u16_divider d16(div.area, div.bias);
    std::vector<std::uint16_t> acc(n, 0);
    run(acc.data(), k.add_u16, [&](std::uint16_t* a, const std::uint16_t* p, const std::uint16_t* m, std::uint8_t* d,
                                   std::size_t len) { k.box_column_u16(a, p, m, d, len, d16); });
  } else {
    std::vector<std::int32_t> acc(n, 0);
    run(acc.data(), k.add_u16_i32, [&](std::int32_t* a, const std::uint16_t* p, const std::uint16_t* m, std::uint8_t* d,
                                       std::size_t len) { k.box_column_i32(a, p, m, d, len, div.scale()); });
  }
}
#endif

template <class Arch>
void box_column_out(Arch arch, const std::int32_t* sum, std::uint8_t* d, std::size_t n, const box_divisor& div) {
  if (!div.fixed_point()) {
    for (std::size_t i = 0; i < n; ++i) d[i] = div(sum[i]);
    return;
  }
  simd::for_each_batch_of<std::int32_t>(
      arch, n,
      [&](std::size_t i) {
        if constexpr (simd::vectorize<std::int32_t, Arch>) {
          using I = simd::batch<std::int32_t, Arch>;
          using F = simd::batch<float, Arch>;
          const F q = simd::to_float(simd::load<Arch>(sum + i) + I(div.bias)) / F(static_cast<float>(div.area));
          simd::store_narrow_u8(d + i, simd::truncate_to_int(q));
        }
      },
      [&](std::size_t i) { d[i] = div(sum[i]); });
}

// Window sums along a padded row: out[e] = sum of p[e + i*C], i < kw. Short windows add kw
// shifted vectors; long ones keep a running sum per channel.
template <int C, class Arch, class S>
void box_row(Arch arch, const S* p, int kw, S* out, std::size_t n) {
  if (kw <= 12) {
    simd::for_each_batch_of<S>(
        arch, n,
        [&](std::size_t e) {
          if constexpr (simd::vectorize<S, Arch>) {
            auto acc = simd::load<Arch>(p + e);
            for (int i = 1; i < kw; ++i) acc = acc + simd::load<Arch>(p + e + static_cast<std::size_t>(i) * C);
            simd::store(out + e, acc);
          }
        },
        [&](std::size_t e) {
          S acc = p[e];
          for (int i = 1; i < kw; ++i) acc += p[e + static_cast<std::size_t>(i) * C];
          out[e] = acc;
        });
    return;
  }
  // A running sum per channel (kept in a register: one channel at a time).
  const std::size_t width = n / C;
  for (int c = 0; c < C; ++c) {
    const S* q = p + c;
    S* o = out + c;
    S acc = 0;
    for (int i = 0; i < kw; ++i) acc += q[static_cast<std::size_t>(i) * C];
    const std::size_t lag = static_cast<std::size_t>(kw) * C;
    for (std::size_t x = 0; x + 1 < width; ++x) {
      o[x * C] = acc;
      acc += q[x * C + lag] - q[x * C];
    }
    o[(width - 1) * C] = acc;
  }
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

// The box blur kernel as a function object taking the architecture (see the top of this file).
struct box_blur_fn {
  // Blurs src into dst (same size; dst may be src) with a kw x kh box on architecture arch.
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
#if IMGFRAME_X86_DISPATCH
    if constexpr (std::is_same_v<T, std::uint8_t> && !std::is_same_v<Arch, simd::scalar_arch>) {
      if (kw <= 257 && kw * kh > 1) return detail::box_blur_u8_x86(src, dst, kw, kh);
    }
#endif

    const int w = src.width(), h = src.height();
    const int ax = kw / 2, ay = kh / 2;
    const std::size_t n = static_cast<std::size_t>(w) * C;
    using S = std::conditional_t<std::is_same_v<T, std::uint8_t>, std::int32_t, double>;

    // Horizontal window sums of source rows, on demand (all rows first when filtering in place).
    std::vector<S> padded(static_cast<std::size_t>(w + kw - 1) * C);
    detail::row_source<Src> in(src);
    detail::row_cache<S> hsum(n, detail::window_slots(src, dst, kh + 1));
    auto compute = [&](int r, S* out) {
      detail::padded_row<Src>(arch, in(r), w, ax, kw - 1 - ax, padded.data());
      detail::box_row<C>(arch, padded.data(), kw, out, n);
    };
    if (detail::may_overlap(src, dst))
      for (int r = 0; r < h; ++r) hsum.get(r, compute);
    auto hrow = [&](int y) { return hsum.get(detail::reflect101(y, h), compute); };

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
        const S* minus = hrow(y - ay);
        const S* plus = hrow(y + 1 - ay + kh - 1);
        if constexpr (std::is_same_v<S, std::int32_t>)
          detail::add_rows(arch, acc.data(), plus, minus, n);
        else
          for (std::size_t e = 0; e < n; ++e) acc[e] += plus[e] - minus[e];
      }
    }
  }
};

// cv::blur(src, dst, Size(kw, kh)) on the best architecture of this machine.
template <ImageView Src, MutableImageView Dst>
void box_blur(const Src& src, const Dst& dst, int kw, int kh) {
  box_blur_fn{}(simd::default_arch{}, src, dst, kw, kh);
}

namespace scalar {
// The scalar reference of box_blur (what the SIMD paths are tested against).
template <ImageView Src, MutableImageView Dst>
void box_blur(const Src& src, const Dst& dst, int kw, int kh) {
  box_blur_fn{}(simd::scalar_arch{}, src, dst, kw, kh);
}
}  // namespace scalar

}  // namespace imgframe::kernels
