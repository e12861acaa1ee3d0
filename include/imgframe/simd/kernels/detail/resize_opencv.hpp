#pragma once
// The engine behind resize_bilinear and resize_area: OpenCV 4.6's cv::resize for INTER_LINEAR
// and INTER_AREA, rebuilt from its documented arithmetic so results match byte for byte on u8:
//  * INTER_LINEAR: separable. Per destination column a source index and weights (1-f, f) in
//    float, rounded to Q11 shorts for u8 (INTER_RESIZE_COEF_BITS = 11). The horizontal pass
//    writes int rows (u8) or float rows; the vertical pass combines two of them. For u8 the
//    vertical rounding is OpenCV's: ((b0*(S0>>4))>>16) + ((b1*(S1>>4))>>16), then (+2)>>2.
//  * u16 (OpenCV's CV_16U tables): float weights and rows like f32, then saturate_cast (round half
//    to even, clamp) of the vertical sum.
//  * An exact 2x downscale in both axes is INTER_AREA's path (OpenCV switches too): the integer
//    mean (a+b+c+d+2)>>2 on u8 / u16 with 1, 3 or 4 channels (ResizeAreaFastVec's fast mode), the
//    rounded float mean (sum * 0.25f) with 2 channels.
//  * INTER_AREA, downscale: integer ratios average whole cells; other ratios weight each source
//    pixel by its covered fraction (float), rows accumulated in float, then saturate.
//  * INTER_AREA with any upscaled axis: INTER_LINEAR with "area" coordinates.
// The Arch parameter only changes how the passes are computed, never the result. On x86 the u8
// paths use OpenCV's own 16-bit instructions (simd/arch.hpp): pmaddwd for S0*a0 + S1*a1 in the
// horizontal pass (two source rows per sweep when a destination row needs two new ones), pmulhw
// for the vertical rounding, and u16 sums for the 2x2 mean; INTER_AREA's fractional horizontal
// step keeps a 3-4 channel pixel in one float register (area_row_u8x4).
#include <algorithm>
#include <cfloat>
#include <climits>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <vector>

#include "../../arch.hpp"
#include "../../loop.hpp"
#include "../../x86/rows.hpp"
#include "../support.hpp"

namespace imgframe::kernels::detail {

enum class cv_interpolation { linear, area };

inline constexpr int resize_coef_bits = 11;
inline constexpr int resize_coef_scale = 1 << resize_coef_bits;

// One axis of INTER_LINEAR: source index and the two weights per destination index.
struct linear_axis {
  std::vector<int> ofs;
  std::vector<float> w0, w1;
  std::vector<std::int16_t> q0, q1;  // w0, w1 in Q11
  int limit = 0;                     // first index that reads only the last source sample
};

// clamp: the x axis clamps index and weight at the borders; the y axis keeps them and clips rows.
inline linear_axis make_linear_axis(int ssize, int dsize, double scale, double inv_scale, bool area_mode,
                                    bool clamp) {
  linear_axis a;
  a.ofs.resize(static_cast<std::size_t>(dsize));
  a.w0.resize(a.ofs.size());
  a.w1.resize(a.ofs.size());
  a.q0.resize(a.ofs.size());
  a.q1.resize(a.ofs.size());
  a.limit = dsize;
  for (int d = 0; d < dsize; ++d) {
    float f;
    int s;
    if (!area_mode) {
      f = static_cast<float>((d + 0.5) * scale - 0.5);
      s = static_cast<int>(std::floor(f));
      f -= static_cast<float>(s);
    } else {
      s = floor_int(d * scale);
      f = static_cast<float>((d + 1) - (s + 1) * inv_scale);
      f = f <= 0 ? 0.f : f - std::floor(f);
    }
    if (clamp) {
      if (s < 0) f = 0, s = 0;
      if (s + 1 >= ssize) {
        a.limit = std::min(a.limit, d);
        if (s >= ssize - 1) f = 0, s = ssize - 1;
      }
    }
    const auto i = static_cast<std::size_t>(d);
    a.ofs[i] = s;
    a.w0[i] = 1.f - f;
    a.w1[i] = f;
    a.q0[i] = static_cast<std::int16_t>(std::clamp(round_half_even(a.w0[i] * resize_coef_scale), -32768, 32767));
    a.q1[i] = static_cast<std::int16_t>(std::clamp(round_half_even(a.w1[i] * resize_coef_scale), -32768, 32767));
  }
  return a;
}

// The part of a resize that is computed: the (x, y, width, height) window of the full_width x
// full_height result (a crop after the resize, planned by the executor). Every value in it equals
// the full resize's; only the source pixels that feed the window are read.
// The source view may itself be the (src_x, src_y) window of a src_width x src_height image (all 0:
// the view is the whole source): the sampling positions are then the whole image's, and the view only
// has to hold the pixels source_window() names (ROI decode gives just those).
struct resize_window {
  int full_width = 0, full_height = 0;
  int x = 0, y = 0;
  int src_width = 0, src_height = 0, src_x = 0, src_y = 0;
};

// A rectangle of source pixels.
struct source_rect {
  int x = 0, y = 0, width = 0, height = 0;
};

// Indices [first, first + count) of an axis, renumbered from 0.
inline linear_axis slice(const linear_axis& a, int first, int count) {
  linear_axis s;
  const auto b = a.ofs.begin() + first;
  s.ofs.assign(b, b + count);
  s.w0.assign(a.w0.begin() + first, a.w0.begin() + first + count);
  s.w1.assign(a.w1.begin() + first, a.w1.begin() + first + count);
  s.q0.assign(a.q0.begin() + first, a.q0.begin() + first + count);
  s.q1.assign(a.q1.begin() + first, a.q1.begin() + first + count);
  s.limit = std::clamp(a.limit - first, 0, count);
  return s;
}

// u8 vertical combine of two Q11 rows (OpenCV's rounding, see the header comment).
inline std::uint8_t vertical_q11(std::int32_t s0, std::int32_t s1, std::int32_t b0, std::int32_t b1) noexcept {
  const std::int32_t t = ((b0 * (s0 >> 4)) >> 16) + ((b1 * (s1 >> 4)) >> 16);
  return saturate<std::uint8_t>((t + 2) >> 2);
}

// (b * x) >> 16 for 0 <= x < 2^15 and |b| <= 2^11 without integer multiplies (which are not
// vector instructions everywhere): split x = 256 xh + xl; both products are exact in float and
// (256 u + v) >> 16 == (u + (v >> 8)) >> 8.
template <class Arch>
simd::batch<std::int32_t, Arch> mul_shift16(const simd::batch<std::int32_t, Arch>& x, float b) noexcept {
  using I = simd::batch<std::int32_t, Arch>;
  using F = simd::batch<float, Arch>;
  const F vb(b);
  const I u = simd::truncate_to_int(simd::to_float(x >> 8) * vb);
  const I v = simd::truncate_to_int(simd::to_float(x & I(255)) * vb);
  return (u + (v >> 8)) >> 8;
}

template <class Arch>
void vertical_pass(Arch arch, const std::int32_t* s0, const std::int32_t* s1, std::int16_t b0, std::int16_t b1,
                   std::uint8_t* d, std::size_t n) {
  simd::for_each_batch_of<std::int32_t>(
      arch, n,
      [&](std::size_t i) {
        if constexpr (simd::vectorize<std::int32_t, Arch>) {
          using B = simd::batch<std::int32_t, Arch>;
          const B a = simd::load<Arch>(s0 + i) >> 4, b = simd::load<Arch>(s1 + i) >> 4;
          const B t = (mul_shift16(a, static_cast<float>(b0)) + mul_shift16(b, static_cast<float>(b1)) + B(2)) >> 2;
          simd::store_narrow_u8(d + i, t);
        }
      },
      [&](std::size_t i) { d[i] = vertical_q11(s0[i], s1[i], b0, b1); });
}

// Rows already holding S >> 4 as int16 (the x86 horizontal steps): OpenCV's 16-bit vertical step,
// on the dispatched row loops (SSE2 / AVX2 / AVX-512BW at run time) where they are compiled in.
template <class Arch>
void vertical_pass(Arch, const std::int16_t* h0, const std::int16_t* h1, std::int16_t b0, std::int16_t b1,
                   std::uint8_t* d, std::size_t n) {
#if IMGFRAME_X86_DISPATCH
  if constexpr (simd::has_fixed_point_q11<Arch>) {
    namespace x86 = simd::x86;
    return x86::pick(&x86::sse2::vertical_q11_u8, &x86::avx2::vertical_q11_u8, &x86::avx512::vertical_q11_u8)(
        h0, h1, b0, b1, d, n);
  }
#endif
  std::size_t i = 0;
  if constexpr (simd::has_fixed_point_q11<Arch>)
    for (; i + 8 <= n; i += 8) simd::vertical_u8x8_q11(h0 + i, h1 + i, b0, b1, d + i);
  for (; i < n; ++i) {
    const std::int32_t t = ((b0 * h0[i]) >> 16) + ((b1 * h1[i]) >> 16);
    d[i] = saturate<std::uint8_t>((t + 2) >> 2);
  }
}

template <class Arch>
void vertical_pass(Arch arch, const float* s0, const float* s1, float b0, float b1, float* d, std::size_t n) {
  simd::for_each_batch_of<float>(
      arch, n,
      [&](std::size_t i) {
        if constexpr (simd::vectorize<float, Arch>) {
          using B = simd::batch<float, Arch>;
          // Two products and a sum, as OpenCV's baseline code, also where the build contracts.
          const B r = uncontracted(simd::load<Arch>(s0 + i) * B(b0)) + uncontracted(simd::load<Arch>(s1 + i) * B(b1));
          simd::store(d + i, r);
        }
      },
      [&](std::size_t i) { d[i] = uncontracted(s0[i] * b0) + uncontracted(s1[i] * b1); });
}

// INTER_LINEAR (area_mode = false) or INTER_AREA's upscale emulation (area_mode = true).
// dst is the `win` window of the full result (resize_opencv fills in every field of win).
template <class Arch, ImageView Src, MutableImageView Dst>
void resize_linear(Arch arch, const Src& full_src, const Dst& dst, bool area_mode, const resize_window& win) {
  using T = value_of<Src>;
  constexpr int C = std::remove_cvref_t<Src>::channels;
  constexpr bool fixed = std::is_same_v<T, std::uint8_t>;
  using WT = std::conditional_t<fixed, std::int32_t, float>;

  const int dw = dst.width(), dh = dst.height();
  const int fsw = win.src_width, sh = win.src_height;  // the whole source's size (resize_opencv sets them)
  const double inv_x = static_cast<double>(win.full_width) / fsw, inv_y = static_cast<double>(win.full_height) / sh;
  linear_axis xa = slice(make_linear_axis(fsw, win.full_width, 1. / inv_x, inv_x, area_mode, true), win.x, dw);
  const linear_axis ya = slice(make_linear_axis(sh, win.full_height, 1. / inv_y, inv_y, area_mode, false), win.y, dh);
  // Only the source columns the window reads: from the first one's left sample to the last one's
  // right sample (its only sample past xa.limit); the offsets become relative to that range.
  const int sx0 = xa.ofs.front(), sx1 = xa.ofs.back() + (dw - 1 < xa.limit ? 1 : 0);
  for (int& o : xa.ofs) o -= sx0;
  const auto src = full_src.subview(sx0 - win.src_x, 0, sx1 - sx0 + 1, full_src.height());
  [[maybe_unused]] const int sw = src.width();

  // Horizontal tables per destination pixel: first source element and the two weights.
  const std::size_t n = static_cast<std::size_t>(dw) * C;
  const int interior = xa.limit;
  std::vector<int> xofs(static_cast<std::size_t>(dw));
  std::vector<WT> a0(static_cast<std::size_t>(dw)), a1(static_cast<std::size_t>(dw));
  for (std::size_t p = 0; p < xofs.size(); ++p) {
    xofs[p] = xa.ofs[p] * C;
    if constexpr (fixed) {
      a0[p] = xa.q0[p];
      a1[p] = xa.q1[p];
    } else {
      a0[p] = xa.w0[p];
      a1[p] = xa.w1[p];
    }
  }
  constexpr WT one = fixed ? resize_coef_scale : 1;

  // u8 vector tables (x86): per pixel its packed Q11 weight pair four times (C = 3, 4: one pixel
  // per 4 lanes), or per element its source index and packed pair (C = 1: 8 pixels per step,
  // C = 2: 2 pixels). Vector steps stop where a load could run past the source row.
  [[maybe_unused]] constexpr bool vec_h = fixed && simd::has_fixed_point_q11<Arch>;
  // Row values: WT, or with the x86 steps S >> 4 as int16 (all the vertical step reads of S).
  using HT = std::conditional_t<vec_h, std::int16_t, WT>;
  auto put = [](WT v) { return vec_h ? static_cast<HT>(static_cast<std::int32_t>(v) >> 4) : static_cast<HT>(v); };
  constexpr bool per_pixel = C >= 3;
  std::vector<std::int32_t> wpack;
  std::vector<int> eofs;
  int vec_end = 0;  // pixels (C >= 3) or elements (C < 3) handled by vector steps
  if constexpr (vec_h) {
    auto pack = [&](std::size_t p) {
      return static_cast<std::int32_t>((static_cast<std::uint32_t>(static_cast<std::uint16_t>(xa.q0[p]))) |
                                       (static_cast<std::uint32_t>(static_cast<std::uint16_t>(xa.q1[p])) << 16));
    };
    if constexpr (per_pixel) {
      wpack.resize(static_cast<std::size_t>(interior) * 4);
      for (int p = 0; p < interior; ++p) {
        const auto i = static_cast<std::size_t>(p);
        std::fill_n(wpack.begin() + static_cast<std::ptrdiff_t>(i * 4), 4, pack(i));
        if (xofs[i] + 8 <= sw * C) vec_end = p + 1;  // the 8-byte load stays in the row
      }
    } else {
      const std::size_t ne = static_cast<std::size_t>(interior) * C;
      wpack.resize(ne);
      eofs.resize(ne);
      for (std::size_t e = 0; e < ne; ++e) {
        wpack[e] = pack(e / C);
        eofs[e] = xofs[e / C] + static_cast<int>(e % C);
      }
      vec_end = static_cast<int>(C == 1 ? ne / 8 * 8 : ne / 4 * 4);  // whole steps of 8 pixels (C = 1) or 2 (C = 2)
    }
  }

  // u16 / f32 with 3 or 4 channels on the x86 dispatch: the pixels whose 8 values stay in the row
  // go through lerp_rows_u16 / lerp_rows_f32 (4 float lanes per pixel).
#if IMGFRAME_X86_DISPATCH
  [[maybe_unused]] constexpr bool vec_f = !fixed && per_pixel && simd::has_fixed_point_q11<Arch>;
#else
  [[maybe_unused]] constexpr bool vec_f = false;
#endif
  if constexpr (vec_f)
    for (int p = 0; p < interior; ++p)
      if (xofs[static_cast<std::size_t>(p)] + 8 <= sw * C) vec_end = p + 1;

  // The scalar reference from pixel p on (all of the row on the scalar path).
  auto horizontal_from = [&](const T* s, HT* out, int p) {
    out += static_cast<std::size_t>(p) * C;
    for (; p < interior; ++p, out += C) {
      const T* q = s + xofs[static_cast<std::size_t>(p)];
      const WT w0 = a0[static_cast<std::size_t>(p)], w1 = a1[static_cast<std::size_t>(p)];
      for (int c = 0; c < C; ++c) {
        if constexpr (fixed)
          out[c] = put(static_cast<WT>(q[c] * w0 + q[c + C] * w1));
        else  // two products and a sum, also where the build contracts
          out[c] = put(uncontracted(q[c] * w0) + uncontracted(q[c + C] * w1));
      }
    }
    for (; p < dw; ++p, out += C) {
      const T* q = s + xofs[static_cast<std::size_t>(p)];
      for (int c = 0; c < C; ++c) out[c] = put(static_cast<WT>(q[c] * one));
    }
  };
  // The vector steps of C = 3, 4 on row sa into oa and, if sb, row sb into ob; returns the first
  // pixel they leave to horizontal_from. On the x86 dispatch where it is compiled in.
  [[maybe_unused]] auto horizontal_pixels = [&](const T* sa, HT* oa, const T* sb, HT* ob) -> int {
    if constexpr (vec_h && per_pixel) {
#if IMGFRAME_X86_DISPATCH
      namespace x86 = simd::x86;
      x86::pick(&x86::sse2::lerp_rows_q11_u8, &x86::avx2::lerp_rows_q11_u8, &x86::avx512::lerp_rows_q11_u8)(
          sa, sb, C, xofs.data(), wpack.data(), oa, ob, static_cast<std::size_t>(vec_end));
#else
      for (const auto& [s, out] : {std::pair{sa, oa}, std::pair{sb, ob}}) {
        if (s == nullptr) continue;
        int p = 0;
        if constexpr (C == 4)
          for (; p + 2 <= vec_end; p += 2) {
            const auto i = static_cast<std::size_t>(p);
            simd::lerp_u8x4x2_q11(s + xofs[i], s + xofs[i + 1], wpack.data() + i * 4, out + i * C);
          }
        for (; p < vec_end; ++p)
          simd::lerp_u8x4_q11<C>(s + xofs[static_cast<std::size_t>(p)], wpack.data() + static_cast<std::size_t>(p) * 4,
                                 out + static_cast<std::size_t>(p) * C);
      }
#endif
      return vec_end;
    } else if constexpr (vec_f) {
#if IMGFRAME_X86_DISPATCH
      namespace x86 = simd::x86;
      const auto count = static_cast<std::size_t>(vec_end);
      for (const auto& [s, out] : {std::pair{sa, oa}, std::pair{sb, ob}}) {
        if (s == nullptr) continue;
        if constexpr (std::is_same_v<T, float>)
          x86::pick(&x86::sse2::lerp_rows_f32, &x86::avx2::lerp_rows_f32, &x86::avx512::lerp_rows_f32)(
              s, C, xofs.data(), a0.data(), a1.data(), out, count);
        else
          x86::pick(&x86::sse2::lerp_rows_u16, &x86::avx2::lerp_rows_u16, &x86::avx512::lerp_rows_u16)(
              s, C, xofs.data(), a0.data(), a1.data(), out, count);
      }
#endif
      return vec_end;
    } else {
      return 0;
    }
  };
  // The vector steps; returns the first pixel they leave to horizontal_from.
  auto horizontal_vector = [&](const T* s, HT* out) -> int {
    if constexpr (vec_f) {
      return horizontal_pixels(s, out, nullptr, nullptr);
    } else if constexpr (vec_h) {
      if constexpr (per_pixel) {
        return horizontal_pixels(s, out, nullptr, nullptr);
      } else {
        if constexpr (C == 1) {
          for (int e = 0; e < vec_end; e += 8) simd::lerp_adjacent_u8x8_q11(s, eofs.data() + e, wpack.data() + e, out + e);
        } else {
          for (int e = 0; e < vec_end; e += 4)
            simd::lerp_u8x2x2_q11(s + eofs[static_cast<std::size_t>(e)], s + eofs[static_cast<std::size_t>(e) + 2],
                                  wpack.data() + e, out + e);
        }
        return vec_end / C;
      }
    } else {
      return 0;
    }
  };
  row_source<Src> rows_a(src), rows_b(src);  // two: a mirrored view's rows share one buffer per source
  auto horizontal = [&](int y, HT* out) {
    const T* s = rows_a(y);
    horizontal_from(s, out, horizontal_vector(s, out));
  };
  // Two rows in one sweep share the offsets and weights (C = 3, 4 on x86, the downscale case).
  auto horizontal2 = [&](int ya, HT* oa, int yb, HT* ob) {
    const T* sa = rows_a(ya);
    const T* sb = rows_b(yb);
    if constexpr ((vec_h && per_pixel) || vec_f) {
      const int p = horizontal_pixels(sa, oa, sb, ob);
      horizontal_from(sa, oa, p);
      horizontal_from(sb, ob, p);
    } else {
      horizontal_from(sa, oa, horizontal_vector(sa, oa));
      horizontal_from(sb, ob, horizontal_vector(sb, ob));
    }
  };

  std::vector<float> vrow(std::is_same_v<T, std::uint16_t> ? n : 0);  // u16: the float vertical sums

  // Two cached horizontal rows, reused while consecutive destination rows share them.
  std::vector<HT> buf[2] = {std::vector<HT>(n + 4), std::vector<HT>(n + 4)};  // + 4: a 4-lane store of the last pixel (C = 3)
  int cached[2] = {-1, -1};
  auto slot_of = [&](int y) { return cached[0] == y ? 0 : (cached[1] == y ? 1 : -1); };

  row_sink<Dst> out(dst);
  for (int dy = 0; dy < dh; ++dy) {
    const int sy = ya.ofs[static_cast<std::size_t>(dy)];
    const int r0 = std::clamp(sy, 0, sh - 1) - win.src_y, r1 = std::clamp(sy + 1, 0, sh - 1) - win.src_y;
    int k0 = slot_of(r0);
    if (k0 < 0 && r1 != r0 && slot_of(r1) < 0) {
      horizontal2(r0, buf[0].data(), r1, buf[1].data());
      cached[0] = r0;
      cached[1] = r1;
      k0 = 0;
    }
    if (k0 < 0) {
      k0 = slot_of(r1) == 0 ? 1 : 0;
      horizontal(r0, buf[k0].data());
      cached[k0] = r0;
    }
    int k1 = slot_of(r1);
    if (k1 < 0) {
      k1 = 1 - k0;
      horizontal(r1, buf[k1].data());
      cached[k1] = r1;
    }
    const auto i = static_cast<std::size_t>(dy);
    if constexpr (fixed) {
      vertical_pass(arch, buf[k0].data(), buf[k1].data(), ya.q0[i], ya.q1[i], out.target(dy), n);
    } else if constexpr (std::is_same_v<T, float>) {
      vertical_pass(arch, buf[k0].data(), buf[k1].data(), ya.w0[i], ya.w1[i], out.target(dy), n);
    } else {  // u16: OpenCV's Cast<float, ushort>
      T* d = out.target(dy);
      bool done = false;
#if IMGFRAME_X86_DISPATCH  // the same operations at SSE2 / AVX2 / AVX-512BW, products and store in one loop
      if constexpr (simd::has_fixed_point_q11<Arch>) {
        namespace x86 = simd::x86;
        x86::pick(&x86::sse2::vertical_f32_u16, &x86::avx2::vertical_f32_u16, &x86::avx512::vertical_f32_u16)(
            buf[k0].data(), buf[k1].data(), ya.w0[i], ya.w1[i], d, n);
        done = true;
      }
#endif
      if (!done) {
        vertical_pass(arch, buf[k0].data(), buf[k1].data(), ya.w0[i], ya.w1[i], vrow.data(), n);
        for (std::size_t e = 0; e < n; ++e) d[e] = saturate<T>(vrow[e]);
      }
    }
    out.commit(dy);
  }
}

// INTER_AREA with integer ratios (ix x iy cells).
template <class Arch, ImageView Src, MutableImageView Dst>
void resize_area_integer(Arch, const Src& src, const Dst& dst, int ix, int iy) {
  using T = value_of<Src>;
  constexpr int C = std::remove_cvref_t<Src>::channels;
  const int dw = dst.width(), dh = dst.height();
  const std::size_t n = static_cast<std::size_t>(dw) * C;
  // OpenCV's fast integer 2x2 mean is for 1, 3 and 4 channels only.
  constexpr bool integer_mean2x2 = !std::is_same_v<T, float> && C != 2;
  if constexpr (std::is_same_v<T, std::uint8_t> && integer_mean2x2 && simd::has_fixed_point_q11<Arch>) {
    if (ix == 2 && iy == 2) {
      row_source<Src> in0(src), in1(src);
      row_sink<Dst> out(dst);
      for (int dy = 0; dy < dh; ++dy) {
        simd::mean2x2_u8_row<C>(in0(2 * dy), in1(2 * dy + 1), out.target(dy), n);
        out.commit(dy);
      }
      return;
    }
  }
  const float scale = 1.f / static_cast<float>(ix * iy);
  row_sink<Dst> out(dst);
  std::vector<std::conditional_t<std::is_same_v<T, std::uint8_t>, int, float>> sum(n);
  std::vector<const T*> rows(static_cast<std::size_t>(iy));
  std::vector<row_source<Src>> ins;
  ins.reserve(static_cast<std::size_t>(iy));
  for (int k = 0; k < iy; ++k) ins.emplace_back(src);

  for (int dy = 0; dy < dh; ++dy) {
    for (int k = 0; k < iy; ++k) rows[static_cast<std::size_t>(k)] = ins[static_cast<std::size_t>(k)](dy * iy + k);
    T* d = out.target(dy);
    if (ix == 2 && iy == 2 && (integer_mean2x2 || std::is_same_v<T, float>)) {
      const T* s0 = rows[0];
      const T* s1 = rows[1];
      for (std::size_t e = 0; e < n; ++e) {
        const std::size_t p = e / C, c = e % C, j = 2 * p * C + c;
        if constexpr (integer_mean2x2) {
          // OpenCV's 2x2 path: exact integer mean with round-half-up.
          d[e] = static_cast<T>((s0[j] + s0[j + C] + s1[j] + s1[j + C] + 2) >> 2);
        } else {
          d[e] = ((s0[j] + s0[j + C]) + (s1[j] + s1[j + C])) * 0.25f;
        }
      }
    } else {
      for (std::size_t e = 0; e < n; ++e) {
        const std::size_t p = e / C, c = e % C;
        std::conditional_t<std::is_same_v<T, std::uint8_t>, int, float> s = 0;
        for (int k = 0; k < iy; ++k) {
          const T* r = rows[static_cast<std::size_t>(k)] + static_cast<std::size_t>(ix) * p * C + c;
          for (int m = 0; m < ix; ++m) s += r[static_cast<std::size_t>(m) * C];
        }
        d[e] = saturate<T>(static_cast<float>(s) * scale);
      }
    }
    out.commit(dy);
  }
}

// One entry of OpenCV's area table: destination index, source index, weight.
using area_weight = simd::x86::area_term;

// The table's entries for destination indices [first, first + count), renumbered from 0.
inline std::vector<area_weight> slice(std::vector<area_weight> tab, int first, int count) {
  std::erase_if(tab, [&](const area_weight& w) { return w.di < first || w.di >= first + count; });
  for (area_weight& w : tab) w.di -= first;
  return tab;
}

inline std::vector<area_weight> make_area_table(int ssize, int dsize, double scale) {
  std::vector<area_weight> tab;
  tab.reserve(static_cast<std::size_t>(ssize) * 2);
  for (int dx = 0; dx < dsize; ++dx) {
    const double fsx1 = dx * scale, fsx2 = fsx1 + scale;
    const double cell = std::min(scale, ssize - fsx1);
    int sx1 = ceil_int(fsx1), sx2 = floor_int(fsx2);
    sx2 = std::min(sx2, ssize - 1);
    sx1 = std::min(sx1, sx2);
    if (sx1 - fsx1 > 1e-3) tab.push_back({dx, sx1 - 1, static_cast<float>((sx1 - fsx1) / cell)});
    for (int sx = sx1; sx < sx2; ++sx) tab.push_back({dx, sx, static_cast<float>(1.0 / cell)});
    if (fsx2 - sx2 > 1e-3)
      tab.push_back({dx, sx2, static_cast<float>(std::min(std::min(fsx2 - sx2, 1.), cell) / cell)});
  }
  return tab;
}

template <class Arch>
void area_accumulate(Arch arch, float* sum, const float* buf, float beta, bool first, std::size_t n) {
  simd::for_each_batch_of<float>(
      arch, n,
      [&](std::size_t i) {
        if constexpr (simd::vectorize<float, Arch>) {
          using B = simd::batch<float, Arch>;
          const B t = B(beta) * simd::load<Arch>(buf + i);
          simd::store(sum + i, first ? t : simd::load<Arch>(sum + i) + uncontracted(t));
        }
      },
      [&](std::size_t i) { sum[i] = first ? beta * buf[i] : sum[i] + uncontracted(beta * buf[i]); });
}

#if defined(__SSE2__) && defined(__GNUC__)
// INTER_AREA's horizontal step on u8 with 3 or 4 channels: a pixel's channels in the lanes of one
// float register (lane 3 of C = 3 sums the next pixel's byte, never read), each destination
// pixel's sum kept in a register over its table entries: the same products and additions in the
// same order as the scalar step. Two destination pixels at a time (two independent add chains).
// tab is grouped by destination index, start[dx] its first entry (start[dw] = tab.size()); buf4
// gets 4 floats per pixel.
template <int C>
inline void area_row_u8x4(const std::uint8_t* s, int sw, const std::vector<area_weight>& tab,
                          const std::vector<std::size_t>& start, float* buf4, int dw) {
  const __m128i z = _mm_setzero_si128();
  auto term = [&](std::size_t k) {
    const std::uint8_t* p = s + static_cast<std::size_t>(tab[k].si) * C;
    int v;
    if (C == 4 || tab[k].si + 1 < sw)
      std::memcpy(&v, p, 4);
    else
      v = p[0] | p[1] << 8 | p[2] << 16;  // the row's last pixel: no byte past the row
    __m128 t = _mm_mul_ps(_mm_cvtepi32_ps(_mm_unpacklo_epi16(_mm_unpacklo_epi8(_mm_cvtsi32_si128(v), z), z)),
                          _mm_set1_ps(tab[k].alpha));
    __asm__("" : "+x"(t));  // a product and a sum, as OpenCV, even where the build contracts
    return t;
  };
  int dx = 0;
  for (; dx + 2 <= dw; dx += 2) {
    std::size_t ka = start[static_cast<std::size_t>(dx)], kb = start[static_cast<std::size_t>(dx) + 1];
    const std::size_t ea = kb, eb = start[static_cast<std::size_t>(dx) + 2];
    __m128 a = _mm_setzero_ps(), b = _mm_setzero_ps();
    for (; ka < ea && kb < eb; ++ka, ++kb) {
      a = _mm_add_ps(a, term(ka));
      b = _mm_add_ps(b, term(kb));
    }
    for (; ka < ea; ++ka) a = _mm_add_ps(a, term(ka));
    for (; kb < eb; ++kb) b = _mm_add_ps(b, term(kb));
    _mm_storeu_ps(buf4 + static_cast<std::size_t>(dx) * 4, a);
    _mm_storeu_ps(buf4 + static_cast<std::size_t>(dx) * 4 + 4, b);
  }
  for (; dx < dw; ++dx) {
    __m128 a = _mm_setzero_ps();
    for (std::size_t k = start[static_cast<std::size_t>(dx)]; k < start[static_cast<std::size_t>(dx) + 1]; ++k)
      a = _mm_add_ps(a, term(k));
    _mm_storeu_ps(buf4 + static_cast<std::size_t>(dx) * 4, a);
  }
}
#endif

// INTER_AREA with a fractional ratio >= 1 in both axes.
// dst is the `win` window of the full result. Out of line: inlined into resize_opencv, GCC 12
// compiled the f32 INTER_LINEAR upscale next to it 25-35 % slower (0.67-0.73 -> 0.89-0.99 ms).
template <class Arch, ImageView Src, MutableImageView Dst>
[[gnu::noinline]] void resize_area_fractional(Arch arch, const Src& src, const Dst& dst, double scale_x, double scale_y,
                            const resize_window& win) {
  using T = value_of<Src>;
  constexpr int C = std::remove_cvref_t<Src>::channels;
  const int dw = dst.width(), dh = dst.height();
  [[maybe_unused]] const int sw = src.width();  // the view's rows (a window of the source: offsets below)
  std::vector<area_weight> xt = slice(make_area_table(win.src_width, win.full_width, scale_x), win.x, dw);
  std::vector<area_weight> yt = slice(make_area_table(win.src_height, win.full_height, scale_y), win.y, dh);
  for (area_weight& a : xt) a.si -= win.src_x;
  for (area_weight& a : yt) a.si -= win.src_y;
  // Row sums with S floats per pixel: 4 on the x86 steps for 3 and 4 channels (area_row_* on the
  // dispatch: u8, u16, f32; without it area_row_u8x4: u8).
#if IMGFRAME_X86_DISPATCH
  constexpr bool lanes4 = (C == 3 || C == 4) && simd::has_fixed_point_q11<Arch>;
#elif defined(__SSE2__) && defined(__GNUC__)
  constexpr bool lanes4 = std::is_same_v<T, std::uint8_t> && (C == 3 || C == 4) && simd::has_fixed_point_q11<Arch>;
#else
  constexpr bool lanes4 = false;
#endif
  constexpr int S = lanes4 ? 4 : C;
  const std::size_t n = static_cast<std::size_t>(dw) * S;
  std::vector<float> buf(n), sum(n, 0.f);
  row_source<Src> in(src);
  row_sink<Dst> out(dst);

  auto flush = [&](int dy) {
    T* d = out.target(dy);
    for (int x = 0; x < dw; ++x)
      for (int c = 0; c < C; ++c)
        d[static_cast<std::size_t>(x) * C + c] = saturate<T>(sum[static_cast<std::size_t>(x) * S + c]);
    out.commit(dy);
  };

  [[maybe_unused]] int done_row = -1;
  [[maybe_unused]] std::vector<std::size_t> xstart;  // first entry of xt per destination column
  if constexpr (lanes4) {
    xstart.assign(static_cast<std::size_t>(dw) + 1, xt.size());
    for (std::size_t k = xt.size(); k-- > 0;) xstart[static_cast<std::size_t>(xt[k].di)] = k;
    for (std::size_t dx = static_cast<std::size_t>(dw); dx-- > 0;)  // no entries: start where the next column does
      xstart[dx] = std::min(xstart[dx], xstart[dx + 1]);
  }
  int prev = yt.empty() ? 0 : yt.front().di;
  bool first = true;
  for (const area_weight& yw : yt) {
    const T* s = in(yw.si);
#if defined(__SSE2__) && defined(__GNUC__)
    if constexpr (lanes4) {
      if (yw.si != done_row) {
#if IMGFRAME_X86_DISPATCH  // the same operations at SSE2 / AVX2 / AVX-512BW
        namespace x86 = simd::x86;
        const auto dwn = static_cast<std::size_t>(dw);
        if constexpr (std::is_same_v<T, std::uint8_t>)
          x86::pick(&x86::sse2::area_row_u8, &x86::avx2::area_row_u8, &x86::avx512::area_row_u8)(
              s, sw, C, xt.data(), xstart.data(), buf.data(), dwn);
        else if constexpr (std::is_same_v<T, std::uint16_t>)
          x86::pick(&x86::sse2::area_row_u16, &x86::avx2::area_row_u16, &x86::avx512::area_row_u16)(
              s, sw, C, xt.data(), xstart.data(), buf.data(), dwn);
        else
          x86::pick(&x86::sse2::area_row_f32, &x86::avx2::area_row_f32, &x86::avx512::area_row_f32)(
              s, sw, C, xt.data(), xstart.data(), buf.data(), dwn);
#else
        area_row_u8x4<C>(s, sw, xt, xstart, buf.data(), dw);
#endif
      }
      done_row = yw.si;  // a source row on a cell boundary serves two destination rows
    }
#endif
    if constexpr (!lanes4) {
      std::fill(buf.begin(), buf.end(), 0.f);
      for (const area_weight& xw : xt) {
        float* b = buf.data() + static_cast<std::size_t>(xw.di) * C;
        const T* p = s + static_cast<std::size_t>(xw.si) * C;
        for (int c = 0; c < C; ++c) b[c] = b[c] + uncontracted(static_cast<float>(p[c]) * xw.alpha);
      }
    }
    if (yw.di != prev) {
      flush(prev);
      prev = yw.di;
      first = true;
    }
    area_accumulate(arch, sum.data(), buf.data(), yw.alpha, first, n);
    first = false;
  }
  flush(prev);
}

// Which of OpenCV's paths a resize of win.src_width x win.src_height to win.full_width x
// win.full_height takes: the ratios, and INTER_LINEAR's exact 2x downscale turned into INTER_AREA.
struct resize_dispatch {
  double scale_x, scale_y;
  int ix, iy;
  bool integer_ratio;
  cv_interpolation interpolation;
};
inline resize_dispatch dispatch_resize(cv_interpolation interpolation, const resize_window& win) {
  resize_dispatch d;
  d.scale_x = 1. / (static_cast<double>(win.full_width) / win.src_width);
  d.scale_y = 1. / (static_cast<double>(win.full_height) / win.src_height);
  d.ix = round_half_even(d.scale_x), d.iy = round_half_even(d.scale_y);
  d.integer_ratio = std::abs(d.scale_x - d.ix) < DBL_EPSILON && std::abs(d.scale_y - d.iy) < DBL_EPSILON;
  d.interpolation = interpolation == cv_interpolation::linear && d.integer_ratio && d.ix == 2 && d.iy == 2
                        ? cv_interpolation::area
                        : interpolation;
  return d;
}

// The source pixels that the dw x dh window `win` of a resize reads (win.src_width, win.src_height: the
// whole source's size): what a source view that is only a window of the image must hold.
inline source_rect source_window(cv_interpolation interpolation, const resize_window& win, int dw, int dh) {
  if (win.src_width == win.full_width && win.src_height == win.full_height) return {win.x, win.y, dw, dh};
  const resize_dispatch d = dispatch_resize(interpolation, win);
  if (d.interpolation == cv_interpolation::area && d.scale_x >= 1 && d.scale_y >= 1) {
    if (d.integer_ratio) return {win.x * d.ix, win.y * d.iy, dw * d.ix, dh * d.iy};
    auto extent = [](const std::vector<area_weight>& t, int& lo, int& hi) {
      lo = INT_MAX, hi = -1;
      for (const area_weight& a : t) lo = std::min(lo, a.si), hi = std::max(hi, a.si);
    };
    int x0, x1, y0, y1;
    extent(slice(make_area_table(win.src_width, win.full_width, d.scale_x), win.x, dw), x0, x1);
    extent(slice(make_area_table(win.src_height, win.full_height, d.scale_y), win.y, dh), y0, y1);
    return {x0, y0, x1 - x0 + 1, y1 - y0 + 1};
  }
  // As resize_linear reads: its columns sx0..sx1, and rows sy, sy + 1 clamped to the image.
  const bool area_mode = d.interpolation == cv_interpolation::area;
  const double inv_x = static_cast<double>(win.full_width) / win.src_width;
  const double inv_y = static_cast<double>(win.full_height) / win.src_height;
  const linear_axis xa = slice(make_linear_axis(win.src_width, win.full_width, 1. / inv_x, inv_x, area_mode, true), win.x, dw);
  const linear_axis ya =
      slice(make_linear_axis(win.src_height, win.full_height, 1. / inv_y, inv_y, area_mode, false), win.y, dh);
  const int x0 = xa.ofs.front(), x1 = xa.ofs.back() + (dw - 1 < xa.limit ? 1 : 0);
  const int y0 = std::clamp(ya.ofs.front(), 0, win.src_height - 1);
  const int y1 = std::clamp(ya.ofs.back() + 1, 0, win.src_height - 1);
  return {x0, y0, x1 - x0 + 1, y1 - y0 + 1};
}

// cv::resize(src, dst, dst.size(), 0, 0, interpolation) for INTER_LINEAR and INTER_AREA; with a
// window, dst is that window of the full_width x full_height result (only it is computed).
template <class Arch, ImageView Src, MutableImageView Dst>
void resize_opencv(Arch arch, const Src& src, const Dst& dst, cv_interpolation interpolation, const char* name,
                   resize_window win = {}) {
  if (dst.empty()) return;
  if (win.full_width == 0) win.full_width = dst.width(), win.full_height = dst.height(), win.x = win.y = 0;
  if (win.src_width == 0) win.src_width = src.width(), win.src_height = src.height(), win.src_x = win.src_y = 0;
  if (src.empty()) fail(name, "empty source for a " + std::to_string(win.full_width) + "x" +
                                  std::to_string(win.full_height) + " destination");
  if (win.src_width == win.full_width && win.src_height == win.full_height) {
    row_source<Src> in(src.subview(win.x - win.src_x, win.y - win.src_y, dst.width(), dst.height()));
    row_sink<Dst> out(dst);
    for (int y = 0; y < dst.height(); ++y) {
      const auto* s = in(y);
      std::copy(s, s + dst.row_elements(), out.target(y));
      out.commit(y);
    }
    return;
  }
  const resize_dispatch d = dispatch_resize(interpolation, win);
  const double scale_x = d.scale_x, scale_y = d.scale_y;
  const int ix = d.ix, iy = d.iy;
  interpolation = d.interpolation;
  if (interpolation == cv_interpolation::area && scale_x >= 1 && scale_y >= 1) {
    if (d.integer_ratio)  // whole ix x iy cells: the window's cells are a window of the source
      resize_area_integer(arch,
                          src.subview(win.x * ix - win.src_x, win.y * iy - win.src_y, dst.width() * ix, dst.height() * iy),
                          dst, ix, iy);
    else
      resize_area_fractional(arch, src, dst, scale_x, scale_y, win);
    return;
  }
  resize_linear(arch, src, dst, interpolation == cv_interpolation::area, win);
}

}  // namespace imgframe::kernels::detail
