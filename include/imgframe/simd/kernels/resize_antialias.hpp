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
//   On x86 both u8 passes run on pmaddwd with the Q22 weights split in 11-bit halves (the same
//   integers; see antialias_pairs), the horizontal one for 3 and 4 channels.
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
#include "../x86/rows.hpp"
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

#if defined(__SSE2__) && defined(__GNUC__)
// The u8 horizontal pass for 3 and 4 channels with pmaddwd (SSE2): each Q22 weight split as
// q = 2^11 * hi + lo (0 <= lo < 2^11, 0 <= hi <= 2^11), so two taps' samples times their hi (and
// times their lo) are 16-bit products summed in int32, and sum p * q = 2^11 * sum p * hi + sum p * lo
// exactly (< 2^30): the same integers as the scalar pass. Taps go in pairs (a zero weight pads an
// odd count); a pixel's channels fill lanes 0..C-1.
struct antialias_pairs {
  int pairs = 0;                       // tap pairs per output pixel
  std::vector<std::int32_t> hi, lo;    // per output pixel and pair: (w[2j] & 0xffff) | (w[2j+1] << 16)
  int vector_end = 0;                  // output pixels whose 8-byte loads all stay in the row
};

inline antialias_pairs make_antialias_pairs(const antialias_axis& a, int in_size, int channels) {
  antialias_pairs t;
  const int out = static_cast<int>(a.first.size());
  t.pairs = (a.ksize + 1) / 2;
  t.hi.assign(static_cast<std::size_t>(out) * static_cast<std::size_t>(t.pairs), 0);
  t.lo.assign(t.hi.size(), 0);
  for (int o = 0; o < out; ++o) {
    const std::int32_t* q = a.q.data() + static_cast<std::size_t>(a.ksize) * static_cast<std::size_t>(o);
    const int count = a.count[static_cast<std::size_t>(o)];
    for (int j = 0; j < t.pairs; ++j) {
      auto part = [&](int x, bool high) -> std::uint32_t {
        if (x >= count) return 0;
        return static_cast<std::uint32_t>(high ? q[x] >> 11 : q[x] & 2047);
      };
      const auto i = static_cast<std::size_t>(o) * static_cast<std::size_t>(t.pairs) + static_cast<std::size_t>(j);
      t.hi[i] = static_cast<std::int32_t>(part(2 * j, true) | part(2 * j + 1, true) << 16);
      t.lo[i] = static_cast<std::int32_t>(part(2 * j, false) | part(2 * j + 1, false) << 16);
    }
    // The last pair's second load reads 8 bytes from tap first + 2 * pairs - 1.
    if ((a.first[static_cast<std::size_t>(o)] + 2 * t.pairs - 1) * channels + 8 <= in_size * channels) t.vector_end = o + 1;
  }
  // Weights are non-negative and at most 2^22 (the split assumes it); else no vector pixels.
  for (const std::int32_t v : a.q)
    if (v < 0 || v > (1 << antialias_bits)) t.vector_end = 0;
  return t;
}

// Output pixels [0, t.vector_end) of row s into m (int32 values 0..255).
template <int C>
void antialias_row_u8_sse2(const std::uint8_t* s, const antialias_axis& a, const antialias_pairs& t, std::int32_t* m) {
  const __m128i z = _mm_setzero_si128(), round = _mm_set1_epi32(1 << (antialias_bits - 1));
  const std::size_t np = static_cast<std::size_t>(t.pairs);
  for (int o = 0; o < t.vector_end; ++o) {
    const auto oi = static_cast<std::size_t>(o);
    const std::uint8_t* p = s + static_cast<std::size_t>(a.first[oi]) * C;
    const std::int32_t* hi = t.hi.data() + oi * np;
    const std::int32_t* lo = t.lo.data() + oi * np;
    __m128i sh = z, sl = z;
    for (std::size_t j = 0; j < np; ++j, p += 2 * C) {
      const __m128i x0 = _mm_unpacklo_epi8(_mm_loadl_epi64(reinterpret_cast<const __m128i*>(p)), z);
      const __m128i x1 = _mm_unpacklo_epi8(_mm_loadl_epi64(reinterpret_cast<const __m128i*>(p + C)), z);
      const __m128i pairs = _mm_unpacklo_epi16(x0, x1);
      sh = _mm_add_epi32(sh, _mm_madd_epi16(pairs, _mm_set1_epi32(hi[j])));
      sl = _mm_add_epi32(sl, _mm_madd_epi16(pairs, _mm_set1_epi32(lo[j])));
    }
    const __m128i v = _mm_srai_epi32(_mm_add_epi32(_mm_add_epi32(_mm_slli_epi32(sh, 11), sl), round), antialias_bits);
    const __m128i b = _mm_packus_epi16(_mm_packs_epi32(v, v), z);  // clamp to 0..255
    alignas(16) std::int32_t r[4];
    _mm_store_si128(reinterpret_cast<__m128i*>(r), _mm_unpacklo_epi16(_mm_unpacklo_epi8(b, z), z));
    std::copy(r, r + C, m + oi * C);
  }
}

// The vertical u8 pass with pmaddwd, weights split as in the horizontal one, two rows per madd
// (values 0..255 packed to int16). Returns false (nothing written) for weights outside 0..2^22.
inline bool antialias_vertical_u8_sse2(const std::vector<const std::int32_t*>& rows, const std::int32_t* k,
                                       std::uint8_t* out, std::size_t n) {
  const std::size_t m = rows.size(), np = (m + 1) / 2;
  std::int32_t hi[32], lo[32];
  if (np > 32) return false;
  for (std::size_t j = 0; j < m; ++j)
    if (k[j] < 0 || k[j] > (1 << antialias_bits)) return false;
  for (std::size_t j = 0; j < np; ++j) {
    const auto w1 = static_cast<std::uint32_t>(2 * j + 1 < m ? k[2 * j + 1] : 0), w0 = static_cast<std::uint32_t>(k[2 * j]);
    hi[j] = static_cast<std::int32_t>((w0 >> 11) | (w1 >> 11) << 16);
    lo[j] = static_cast<std::int32_t>((w0 & 2047) | (w1 & 2047) << 16);
  }
#if IMGFRAME_X86_DISPATCH  // the same arithmetic at SSE2 / AVX2 / AVX-512BW (without the dispatch: the loop below)
  namespace x86 = simd::x86;
  x86::pick(&x86::sse2::antialias_column_u8, &x86::avx2::antialias_column_u8, &x86::avx512::antialias_column_u8)(
      rows.data(), static_cast<int>(m), k, hi, lo, out, n);
  return true;
#endif
  const __m128i z = _mm_setzero_si128(), round = _mm_set1_epi32(1 << (antialias_bits - 1));
  auto row8 = [&](std::size_t j, std::size_t e) {
    if (j >= m) return z;
    const auto* r = reinterpret_cast<const __m128i*>(rows[j] + e);
    return _mm_packs_epi32(_mm_loadu_si128(r), _mm_loadu_si128(r + 1));
  };
  std::size_t e = 0;
  for (; e + 8 <= n; e += 8) {
    __m128i h0 = z, h1 = z, l0 = z, l1 = z;
    for (std::size_t j = 0; j < np; ++j) {
      const __m128i a = row8(2 * j, e), b = row8(2 * j + 1, e);
      const __m128i pl = _mm_unpacklo_epi16(a, b), ph = _mm_unpackhi_epi16(a, b);
      const __m128i wh = _mm_set1_epi32(hi[j]), wl = _mm_set1_epi32(lo[j]);
      h0 = _mm_add_epi32(h0, _mm_madd_epi16(pl, wh));
      h1 = _mm_add_epi32(h1, _mm_madd_epi16(ph, wh));
      l0 = _mm_add_epi32(l0, _mm_madd_epi16(pl, wl));
      l1 = _mm_add_epi32(l1, _mm_madd_epi16(ph, wl));
    }
    const __m128i v0 = _mm_srai_epi32(_mm_add_epi32(_mm_add_epi32(_mm_slli_epi32(h0, 11), l0), round), antialias_bits);
    const __m128i v1 = _mm_srai_epi32(_mm_add_epi32(_mm_add_epi32(_mm_slli_epi32(h1, 11), l1), round), antialias_bits);
    _mm_storel_epi64(reinterpret_cast<__m128i*>(out + e), _mm_packus_epi16(_mm_packs_epi32(v0, v1), z));
  }
  for (; e < n; ++e) {
    std::int32_t acc = 1 << (antialias_bits - 1);
    for (std::size_t j = 0; j < m; ++j) acc += k[j] * rows[j][e];
    out[e] = static_cast<std::uint8_t>(antialias_clip8(acc));
  }
  return true;
}
#endif

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
    std::vector<W> mid(n_mid * static_cast<std::size_t>(rows_used) + 1);  // + 1: a 4-lane store of the last pixel (C = 3)
    detail::row_source<Src> in(src);
    const auto xks = static_cast<std::size_t>(xa.ksize);
    // The SSE2 pmaddwd pass for u8 with 3 or 4 channels (the scalar pass finishes the row).
#if defined(__SSE2__) && defined(__GNUC__)
    constexpr bool pairs_u8 = std::is_same_v<T, std::uint8_t> && (C == 3 || C == 4) && simd::has_fixed_point_q11<Arch>;
    const detail::antialias_pairs xp = pairs_u8 && horizontal ? detail::make_antialias_pairs(xa, sw, C) : detail::antialias_pairs{};
#endif
    for (int r = 0; r < rows_used; ++r) {
      const T* s = in(y_first + r);
      W* m = mid.data() + n_mid * static_cast<std::size_t>(r);
      if (!horizontal) {
        std::copy(s, s + n_mid, m);
        continue;
      }
      int o0 = 0;
#if defined(__SSE2__) && defined(__GNUC__)
      if constexpr (pairs_u8) {
#if IMGFRAME_X86_DISPATCH
        namespace x86 = simd::x86;  // the same arithmetic at SSE2 / AVX2 / AVX-512BW
        x86::pick(&x86::sse2::antialias_row_u8, &x86::avx2::antialias_row_u8, &x86::avx512::antialias_row_u8)(
            s, C, xa.first.data(), xp.pairs, xp.hi.data(), xp.lo.data(), m, static_cast<std::size_t>(xp.vector_end));
#else
        detail::antialias_row_u8_sse2<C>(s, xa, xp, m);
#endif
        o0 = xp.vector_end;
      }
#endif
      for (int o = o0; o < dw; ++o) {
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
        bool done = false;
#if defined(__SSE2__) && defined(__GNUC__)
        if constexpr (simd::has_fixed_point_q11<Arch>) done = detail::antialias_vertical_u8_sse2(rows, ya.q.data() + yks * oi, d, n_mid);
#endif
        if (!done) detail::antialias_vertical(arch, rows, ya.q.data() + yks * oi, d, n_mid);
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
