#pragma once
// Antialiased resize matching Pillow's Image.resize(size, Image.BILINEAR) (reducing_gap=None,
// the default) value for value on 8-bit images; torchvision's resize(antialias=True) uses the same
// triangle filter and support, so it agrees to within rounding.
//   Per axis: scale = in/out, support = max(scale, 1) (triangle filter of radius 1, stretched when
//   downscaling), window [round(c - support), round(c + support)) around c = (i + 0.5) * scale,
//   clipped to the image, weights tri((x + 0.5 - c) / max(scale, 1)) normalized over the window
//   (so borders renormalize instead of padding).
//   u8: weights in Q22 (round half away from zero), sums start at 2^21, result clamp(sum >> 22);
//   the horizontal pass writes 8-bit values, then the vertical pass reads them (as Pillow does).
//   f32: double weights and double sums, float intermediate (Pillow's "F" mode).
//   An axis whose size does not change is not resampled. Channels are independent: a 4-channel
//   view is filtered like Pillow's RGBX (Pillow premultiplies RGBA by alpha; this does not).
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "../../core/concepts.hpp"
#include "../arch.hpp"
#include "../loop.hpp"
#include "support.hpp"

namespace imgframe::kernels {

namespace detail {

struct antialias_axis {
  int ksize = 0;
  std::vector<int> first, count;  // window start and length per output index
  std::vector<double> w;          // ksize weights per output index
  std::vector<std::int32_t> q;    // the same in Q22
};

inline constexpr int antialias_bits = 22;

inline antialias_axis make_antialias_axis(int in_size, int out_size) {
  antialias_axis a;
  const double scale = static_cast<double>(in_size) / out_size;
  const double filter_scale = std::max(scale, 1.0);
  const double support = 1.0 * filter_scale;
  a.ksize = static_cast<int>(std::ceil(support)) * 2 + 1;
  const auto ks = static_cast<std::size_t>(a.ksize);
  a.first.resize(static_cast<std::size_t>(out_size));
  a.count.resize(static_cast<std::size_t>(out_size));
  a.w.assign(ks * static_cast<std::size_t>(out_size), 0.0);
  a.q.assign(a.w.size(), 0);
  for (int o = 0; o < out_size; ++o) {
    const double center = (o + 0.5) * scale;
    const double inv = 1.0 / filter_scale;
    int lo = static_cast<int>(center - support + 0.5);
    if (lo < 0) lo = 0;
    int hi = static_cast<int>(center + support + 0.5);
    if (hi > in_size) hi = in_size;
    const int len = hi - lo;
    double* k = a.w.data() + ks * static_cast<std::size_t>(o);
    double total = 0.0;
    for (int x = 0; x < len; ++x) {
      double t = (x + lo - center + 0.5) * inv;
      if (t < 0.0) t = -t;
      const double v = t < 1.0 ? 1.0 - t : 0.0;
      k[x] = v;
      total += v;
    }
    for (int x = 0; x < len; ++x)
      if (total != 0.0) k[x] /= total;
    std::int32_t* q = a.q.data() + ks * static_cast<std::size_t>(o);
    for (int x = 0; x < a.ksize; ++x)
      q[x] = static_cast<std::int32_t>(k[x] < 0 ? -0.5 + k[x] * (1 << antialias_bits)
                                                : 0.5 + k[x] * (1 << antialias_bits));
    a.first[static_cast<std::size_t>(o)] = lo;
    a.count[static_cast<std::size_t>(o)] = len;
  }
  return a;
}

inline std::int32_t antialias_clip8(std::int32_t s) noexcept {
  const std::int32_t v = s >> antialias_bits;
  return v < 0 ? 0 : (v > 255 ? 255 : v);
}

// Vertical u8 pass: out[e] = clip8(2^21 + sum_j k[j] * rows[j][e]).
template <class Arch>
void antialias_vertical(Arch arch, const std::vector<const std::int32_t*>& rows, const std::int32_t* k,
                        std::uint8_t* out, std::size_t n) {
  simd::for_each_batch_of<std::int32_t>(
      arch, n,
      [&](std::size_t e) {
        if constexpr (simd::vectorize<std::int32_t, Arch>) {
          using B = simd::batch<std::int32_t, Arch>;
          B acc(1 << (antialias_bits - 1));
          for (std::size_t j = 0; j < rows.size(); ++j) acc = acc + B(k[j]) * simd::load<Arch>(rows[j] + e);
          simd::store_narrow_u8(out + e, acc >> antialias_bits);
        }
      },
      [&](std::size_t e) {
        std::int32_t acc = 1 << (antialias_bits - 1);
        for (std::size_t j = 0; j < rows.size(); ++j) acc += k[j] * rows[j][e];
        out[e] = static_cast<std::uint8_t>(antialias_clip8(acc));
      });
}

}  // namespace detail

// The antialiased resize kernel as a function object taking the architecture (see the top of this file).
struct resize_antialias_fn {
  // Resizes src into dst (the sizes of the views) on architecture arch.
  template <class Arch, ImageView Src, MutableImageView Dst>
  void operator()(Arch arch, const Src& src, const Dst& dst) const {
    static_assert(SamePixelLayout<Src, Dst>, "resize_antialias: source and destination need the same pixel layout");
    using T = detail::value_of<Src>;
    static_assert(detail::is_kernel_value<T>, "resize_antialias: supports u8 and f32 views");
    constexpr int C = std::remove_cvref_t<Src>::channels;
    if (dst.empty()) return;
    if (src.empty()) detail::fail("resize_antialias", "empty source");

    const int sw = src.width(), sh = src.height(), dw = dst.width(), dh = dst.height();
    const bool horizontal = dw != sw, vertical = dh != sh;
    const detail::antialias_axis xa = detail::make_antialias_axis(sw, dw);
    const detail::antialias_axis ya = detail::make_antialias_axis(sh, dh);
    // Only the source rows some output row reads.
    const int y_first = vertical ? ya.first.front() : 0;
    const int y_last = vertical ? ya.first.back() + ya.count.back() : sh;
    const int rows_used = y_last - y_first;
    const std::size_t n_mid = static_cast<std::size_t>(dw) * C;

    // W: the intermediate (u8 values held in int32 lanes for the vector pass, or float).
    using W = std::conditional_t<std::is_same_v<T, std::uint8_t>, std::int32_t, float>;
    std::vector<W> mid(n_mid * static_cast<std::size_t>(rows_used));
    detail::row_source<Src> in(src);
    const auto xks = static_cast<std::size_t>(xa.ksize);
    for (int r = 0; r < rows_used; ++r) {
      const T* s = in(y_first + r);
      W* m = mid.data() + n_mid * static_cast<std::size_t>(r);
      if (!horizontal) {
        std::copy(s, s + n_mid, m);
        continue;
      }
      for (int o = 0; o < dw; ++o) {
        const auto oi = static_cast<std::size_t>(o);
        const T* p = s + static_cast<std::size_t>(xa.first[oi]) * C;
        for (int c = 0; c < C; ++c) {
          if constexpr (std::is_same_v<T, std::uint8_t>) {
            const std::int32_t* k = xa.q.data() + xks * oi;
            std::int32_t acc = 1 << (detail::antialias_bits - 1);
            for (int x = 0; x < xa.count[oi]; ++x) acc += p[static_cast<std::size_t>(x) * C + c] * k[x];
            m[oi * C + c] = detail::antialias_clip8(acc);
          } else {
            const double* k = xa.w.data() + xks * oi;
            double acc = 0.0;
            for (int x = 0; x < xa.count[oi]; ++x) acc += p[static_cast<std::size_t>(x) * C + c] * k[x];
            m[oi * C + c] = static_cast<float>(acc);
          }
        }
      }
    }

    detail::row_sink<Dst> out(dst);
    const auto yks = static_cast<std::size_t>(ya.ksize);
    std::vector<const W*> rows;
    for (int o = 0; o < dh; ++o) {
      T* d = out.target(o);
      if (!vertical) {
        const W* m = mid.data() + n_mid * static_cast<std::size_t>(o);
        for (std::size_t e = 0; e < n_mid; ++e) d[e] = static_cast<T>(m[e]);
        out.commit(o);
        continue;
      }
      const auto oi = static_cast<std::size_t>(o);
      rows.clear();
      for (int j = 0; j < ya.count[oi]; ++j)
        rows.push_back(mid.data() + n_mid * static_cast<std::size_t>(ya.first[oi] - y_first + j));
      if constexpr (std::is_same_v<T, std::uint8_t>) {
        detail::antialias_vertical(arch, rows, ya.q.data() + yks * oi, d, n_mid);
      } else {
        const double* k = ya.w.data() + yks * oi;
        for (std::size_t e = 0; e < n_mid; ++e) {
          double acc = 0.0;
          for (std::size_t j = 0; j < rows.size(); ++j) acc += rows[j][e] * k[j];
          d[e] = static_cast<float>(acc);
        }
      }
      out.commit(o);
    }
  }
};

// Antialiased resize (Pillow's Image.resize(BILINEAR)) on the best architecture of this machine.
template <ImageView Src, MutableImageView Dst>
void resize_antialias(const Src& src, const Dst& dst) {
  resize_antialias_fn{}(simd::default_arch{}, src, dst);
}

namespace scalar {
// The scalar reference of resize_antialias (what the SIMD paths are tested against).
template <ImageView Src, MutableImageView Dst>
void resize_antialias(const Src& src, const Dst& dst) {
  resize_antialias_fn{}(simd::scalar_arch{}, src, dst);
}
}  // namespace scalar

}  // namespace imgframe::kernels
