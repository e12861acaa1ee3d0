#pragma once
// The one place that includes xsimd. Everything SIMD in imgframe goes through the names below,
// which mean the same with Debian's xsimd 8.1 and with xsimd 14 (vcpkg, third_party/xsimd-14):
//   8.1 -> 14 renamed hadd to reduce_add (9.0), generic to common (14.0), and bitwise_cast
//   takes the target batch in 8.1 but the target value type in 14.
// The architecture is chosen at compile time by the consumer's -m flags (xsimd::default_arch);
// headers never dispatch at run time. With IMGFRAME_NO_SIMD every kernel runs its scalar
// reference and xsimd is not included at all.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <type_traits>

#include "../config.hpp"

#ifndef IMGFRAME_NO_SIMD
#include "x86/intrinsics.hpp"  // first: GCC 12's AVX-512 warning
#include <xsimd/xsimd.hpp>
#endif

namespace imgframe::simd {

// The tag of the always-correct scalar path; kernels take it like any xsimd architecture.
struct scalar_arch {
  // "scalar".
  static constexpr const char* name() noexcept { return "scalar"; }
};

#ifndef IMGFRAME_NO_SIMD

// True when the kernels use xsimd (not built with IMGFRAME_NO_SIMD).
inline constexpr bool enabled = true;
// The major version of the xsimd headers compiled against (8 on Debian 12, or 14).
inline constexpr int xsimd_version_major = XSIMD_VERSION_MAJOR;

// The best architecture this build targets (xsimd::default_arch).
using default_arch = xsimd::default_arch;

// The architecture-independent fallback layer inside xsimd (for requires_arch overloads).
#if XSIMD_VERSION_MAJOR >= 14
using common_arch = xsimd::common;
#else
using common_arch = xsimd::generic;
#endif

// A register of T values on Arch.
template <class T, class Arch = default_arch>
using batch = xsimd::batch<T, Arch>;

// A register of lane masks on Arch.
template <class T, class Arch = default_arch>
using batch_bool = xsimd::batch_bool<T, Arch>;

// True when Arch has registers for T (so batch<T, Arch> is usable).
template <class T, class Arch>
inline constexpr bool has_batch =
    std::conjunction_v<std::negation<std::is_same<Arch, scalar_arch>>, xsimd::has_simd_register<T, Arch>>;

// Values per batch; 1 on the scalar path so loops can be written once.
template <class T, class Arch = default_arch>
inline constexpr std::size_t lanes = [] {
  if constexpr (has_batch<T, Arch>)
    return xsimd::batch<T, Arch>::size;
  else
    return std::size_t{1};
}();

// ---- memory: always unaligned (views are strided, rows need not be aligned) -----------------
template <class Arch, class T>
inline batch<T, Arch> load(const T* p) noexcept {
  return xsimd::batch<T, Arch>::load_unaligned(p);
}

// Loads lanes<To, Arch> values of another type, converting each (e.g. u8 -> float).
template <class To, class Arch, class From>
inline batch<To, Arch> load_as(const From* p) noexcept {
  if constexpr (std::is_same_v<To, From>) {
    return xsimd::batch<To, Arch>::load_unaligned(p);
  } else {
    // xsimd converts through a buffer for pairs it has no instruction for; keep it explicit.
    alignas(64) To buf[xsimd::batch<To, Arch>::size];
    for (std::size_t i = 0; i < xsimd::batch<To, Arch>::size; ++i) buf[i] = static_cast<To>(p[i]);
    return xsimd::batch<To, Arch>::load_aligned(buf);
  }
}

// Stores the lanes to p (unaligned).
template <class T, class Arch>
inline void store(T* p, const batch<T, Arch>& b) noexcept {
  b.store_unaligned(p);
}

// Stores each lane converted with static_cast (the caller clamps first when narrowing).
template <class To, class From, class Arch>
inline void store_as(To* p, const batch<From, Arch>& b) noexcept {
  if constexpr (std::is_same_v<To, From>) {
    b.store_unaligned(p);
  } else {
    alignas(64) From buf[xsimd::batch<From, Arch>::size];
    b.store_aligned(buf);
    for (std::size_t i = 0; i < xsimd::batch<From, Arch>::size; ++i) p[i] = static_cast<To>(buf[i]);
  }
}

// Every lane set to v.
template <class Arch, class T>
inline batch<T, Arch> broadcast(T v) noexcept {
  return xsimd::batch<T, Arch>(v);
}

// Lane-wise minimum.
template <class T, class Arch>
inline batch<T, Arch> min(const batch<T, Arch>& a, const batch<T, Arch>& b) noexcept {
  return xsimd::min(a, b);
}
// Lane-wise maximum.
template <class T, class Arch>
inline batch<T, Arch> max(const batch<T, Arch>& a, const batch<T, Arch>& b) noexcept {
  return xsimd::max(a, b);
}
// Lane-wise clamp to [lo, hi].
template <class T, class Arch>
inline batch<T, Arch> clamp(const batch<T, Arch>& v, const batch<T, Arch>& lo, const batch<T, Arch>& hi) noexcept {
  return xsimd::min(xsimd::max(v, lo), hi);
}
// Lane-wise choice: cond ? a : b.
template <class T, class Arch>
inline batch<T, Arch> select(const batch_bool<T, Arch>& cond, const batch<T, Arch>& a, const batch<T, Arch>& b) noexcept {
  return xsimd::select(cond, a, b);
}

// a * b + c rounded once. Only a true fused operation on architectures that have one (see
// has_fused_multiply_add); elsewhere xsimd computes it unfused, so kernels that must match a
// fused reference check the trait and take their scalar std::fma path instead.
template <class T, class Arch>
inline batch<T, Arch> fma(const batch<T, Arch>& a, const batch<T, Arch>& b, const batch<T, Arch>& c) noexcept {
  return xsimd::fma(a, b, c);
}

// True when Arch has a fused multiply-add (FMA3, AVX-512, NEON64), so fma() rounds once.
template <class Arch>
inline constexpr bool has_fused_multiply_add =
    std::is_base_of_v<xsimd::fma3<xsimd::sse4_2>, Arch> || std::is_base_of_v<xsimd::fma3<xsimd::avx>, Arch> ||
    std::is_base_of_v<xsimd::fma3<xsimd::avx2>, Arch> ||
    std::is_base_of_v<xsimd::avx512f, Arch> || std::is_base_of_v<xsimd::neon64, Arch>;

// ---- u8 <-> int32 lanes ------------------------------------------------------------------------
// The widening load and saturating narrowing store image kernels need at every row end. xsimd 8.1
// has no portable instruction for them, so x86 gets requires_arch-style overloads (widest first)
// and everything else a plain loop.
template <class Arch>
inline batch<std::int32_t, Arch> load_widen_u8(const std::uint8_t* p) noexcept {
  using B = xsimd::batch<std::int32_t, Arch>;
#if XSIMD_WITH_AVX512F
  if constexpr (std::is_base_of_v<xsimd::avx512f, Arch> && B::size == 16) {
    // The maskz forms avoid GCC 12's false "uninitialized" warning on the plain AVX-512 intrinsics.
    return B(_mm512_maskz_cvtepu8_epi32(0xFFFF, _mm_loadu_si128(reinterpret_cast<const __m128i*>(p))));
  } else
#endif
#if XSIMD_WITH_AVX2
  if constexpr (std::is_base_of_v<xsimd::avx2, Arch> && B::size == 8) {
    return B(_mm256_cvtepu8_epi32(_mm_loadl_epi64(reinterpret_cast<const __m128i*>(p))));
  } else
#endif
#if XSIMD_WITH_SSE2
  if constexpr (std::is_base_of_v<xsimd::sse2, Arch> && B::size == 4) {
    int v;
    std::memcpy(&v, p, 4);
    const __m128i zero = _mm_setzero_si128();
    return B(_mm_unpacklo_epi16(_mm_unpacklo_epi8(_mm_cvtsi32_si128(v), zero), zero));
  } else
#endif
  {
    alignas(64) std::int32_t buf[B::size];
    for (std::size_t i = 0; i < B::size; ++i) buf[i] = p[i];
    return B::load_aligned(buf);
  }
}

// Stores each lane clamped to 0..255.
template <class Arch>
inline void store_narrow_u8(std::uint8_t* p, const batch<std::int32_t, Arch>& v) noexcept {
  using B = xsimd::batch<std::int32_t, Arch>;
#if XSIMD_WITH_AVX512F
  if constexpr (std::is_base_of_v<xsimd::avx512f, Arch> && B::size == 16) {
    const __m512i c = _mm512_max_epi32(static_cast<__m512i>(v), _mm512_setzero_si512());
    _mm_storeu_si128(reinterpret_cast<__m128i*>(p), _mm512_maskz_cvtusepi32_epi8(0xFFFF, c));
  } else
#endif
#if XSIMD_WITH_AVX2
  if constexpr (std::is_base_of_v<xsimd::avx2, Arch> && B::size == 8) {
    const __m256i w = static_cast<__m256i>(v);
    const __m256i b = _mm256_packus_epi16(_mm256_packs_epi32(w, w), _mm256_packs_epi32(w, w));
    const int lo = _mm_cvtsi128_si32(_mm256_castsi256_si128(b)), hi = _mm_cvtsi128_si32(_mm256_extracti128_si256(b, 1));
    std::memcpy(p, &lo, 4);
    std::memcpy(p + 4, &hi, 4);
  } else
#endif
#if XSIMD_WITH_SSE2
  if constexpr (std::is_base_of_v<xsimd::sse2, Arch> && B::size == 4) {
    const __m128i w = static_cast<__m128i>(v);
    const __m128i h = _mm_packs_epi32(w, w);
    const int r = _mm_cvtsi128_si32(_mm_packus_epi16(h, h));
    std::memcpy(p, &r, 4);
  } else
#endif
  {
    alignas(64) std::int32_t buf[B::size];
    v.store_aligned(buf);
    for (std::size_t i = 0; i < B::size; ++i)
      p[i] = static_cast<std::uint8_t>(buf[i] < 0 ? 0 : (buf[i] > 255 ? 255 : buf[i]));
  }
}

// ---- Q11 fixed-point steps (OpenCV's integer resize arithmetic) --------------------------------
// 16-bit multiplies (pmaddwd, pmulhw) that xsimd 8.1 does not expose. Any x86 build has SSE2, so
// these are 128-bit whatever Arch is; elsewhere kernels keep their scalar loops.
template <class Arch>
inline constexpr bool has_fixed_point_q11 = !std::is_same_v<Arch, scalar_arch> && XSIMD_WITH_SSE2;

#if XSIMD_WITH_SSE2
// The horizontal steps write S >> 4 as int16, S = a * w0 + b * w1 (exact in int32; w0, w1 are Q11
// weights, packed per output lane as (w0 & 0xffff) | (w1 << 16)): the vertical step only ever
// uses S >> 4, which fits 16 bits for u8 samples and weights in [0, 2048].
inline __m128i q11_shift4_i16(__m128i lo, __m128i hi) noexcept {
  return _mm_packs_epi32(_mm_srai_epi32(lo, 4), _mm_srai_epi32(hi, 4));
}

// Three or four channels, one pixel: out[k] = (p[k] * w0 + p[k + C] * w1) >> 4 for k < 4, from one
// 8-byte load at p (all 8 bytes must be readable); w4 holds the pixel's packed weights four times.
template <int C>
inline void lerp_u8x4_q11(const std::uint8_t* p, const std::int32_t* w4, std::int16_t* out) noexcept {
  static_assert(C == 3 || C == 4);
  const __m128i v = _mm_unpacklo_epi8(_mm_loadl_epi64(reinterpret_cast<const __m128i*>(p)), _mm_setzero_si128());
  const __m128i pairs = _mm_unpacklo_epi16(v, _mm_srli_si128(v, 2 * C));
  const __m128i r = _mm_madd_epi16(pairs, _mm_loadu_si128(reinterpret_cast<const __m128i*>(w4)));
  _mm_storel_epi64(reinterpret_cast<__m128i*>(out), q11_shift4_i16(r, r));
}

// Four channels, two pixels: lerp_u8x4_q11<4> for p and q (weights w8[0..3], w8[4..7]) into out[0..7].
inline void lerp_u8x4x2_q11(const std::uint8_t* p, const std::uint8_t* q, const std::int32_t* w8,
                            std::int16_t* out) noexcept {
  const __m128i zero = _mm_setzero_si128();
  const __m128i a = _mm_unpacklo_epi8(_mm_loadl_epi64(reinterpret_cast<const __m128i*>(p)), zero);
  const __m128i b = _mm_unpacklo_epi8(_mm_loadl_epi64(reinterpret_cast<const __m128i*>(q)), zero);
  const __m128i ra = _mm_madd_epi16(_mm_unpacklo_epi16(a, _mm_srli_si128(a, 8)),
                                    _mm_loadu_si128(reinterpret_cast<const __m128i*>(w8)));
  const __m128i rb = _mm_madd_epi16(_mm_unpacklo_epi16(b, _mm_srli_si128(b, 8)),
                                    _mm_loadu_si128(reinterpret_cast<const __m128i*>(w8 + 4)));
  _mm_storeu_si128(reinterpret_cast<__m128i*>(out), q11_shift4_i16(ra, rb));
}

// One channel: out[k] = (s[ofs[k]] * w0[k] + s[ofs[k] + 1] * w1[k]) >> 4 for k < 8 (both samples in
// one 16-bit load per output).
inline void lerp_adjacent_u8x8_q11(const std::uint8_t* s, const int* ofs, const std::int32_t* w01,
                                   std::int16_t* out) noexcept {
  auto pair = [&](int k) {
    std::uint16_t v;
    std::memcpy(&v, s + ofs[k], 2);
    return static_cast<int>(v);
  };
  __m128i v = _mm_cvtsi32_si128(pair(0));
  v = _mm_insert_epi16(v, pair(1), 1);
  v = _mm_insert_epi16(v, pair(2), 2);
  v = _mm_insert_epi16(v, pair(3), 3);
  v = _mm_insert_epi16(v, pair(4), 4);
  v = _mm_insert_epi16(v, pair(5), 5);
  v = _mm_insert_epi16(v, pair(6), 6);
  v = _mm_insert_epi16(v, pair(7), 7);
  const __m128i zero = _mm_setzero_si128();
  const __m128i lo = _mm_madd_epi16(_mm_unpacklo_epi8(v, zero), _mm_loadu_si128(reinterpret_cast<const __m128i*>(w01)));
  const __m128i hi = _mm_madd_epi16(_mm_unpackhi_epi8(v, zero), _mm_loadu_si128(reinterpret_cast<const __m128i*>(w01 + 4)));
  _mm_storeu_si128(reinterpret_cast<__m128i*>(out), q11_shift4_i16(lo, hi));
}

// Two channels, two pixels: pa and pb each point at 4 bytes (a pixel and its right neighbour);
// out[c] = (pa[c] * w0 + pa[c + 2] * w1) >> 4 with weights w01[c], out[2 + c] likewise from pb, c < 2.
inline void lerp_u8x2x2_q11(const std::uint8_t* pa, const std::uint8_t* pb, const std::int32_t* w01,
                            std::int16_t* out) noexcept {
  int a, b;
  std::memcpy(&a, pa, 4);
  std::memcpy(&b, pb, 4);
  const __m128i v = _mm_unpacklo_epi8(_mm_unpacklo_epi32(_mm_cvtsi32_si128(a), _mm_cvtsi32_si128(b)), _mm_setzero_si128());
  const __m128i pairs = _mm_shufflehi_epi16(_mm_shufflelo_epi16(v, _MM_SHUFFLE(3, 1, 2, 0)), _MM_SHUFFLE(3, 1, 2, 0));
  const __m128i r = _mm_madd_epi16(pairs, _mm_loadu_si128(reinterpret_cast<const __m128i*>(w01)));
  _mm_storel_epi64(reinterpret_cast<__m128i*>(out), q11_shift4_i16(r, r));
}

// d[k] = saturate_u8((((b0 * h0[k]) >> 16) + ((b1 * h1[k]) >> 16) + 2) >> 2) for k < 8, h = S >> 4
// from the steps above and 0 <= b <= 2^11 (OpenCV's vertical rounding, exact in 16 bits).
inline void vertical_u8x8_q11(const std::int16_t* h0, const std::int16_t* h1, std::int16_t b0, std::int16_t b1,
                              std::uint8_t* d) noexcept {
  const __m128i t = _mm_add_epi16(_mm_mulhi_epi16(_mm_loadu_si128(reinterpret_cast<const __m128i*>(h0)), _mm_set1_epi16(b0)),
                                  _mm_mulhi_epi16(_mm_loadu_si128(reinterpret_cast<const __m128i*>(h1)), _mm_set1_epi16(b1)));
  const __m128i r = _mm_srai_epi16(_mm_add_epi16(t, _mm_set1_epi16(2)), 2);
  _mm_storel_epi64(reinterpret_cast<__m128i*>(d), _mm_packus_epi16(r, r));
}

// One row of a 2x2 mean, OpenCV's INTER_AREA 2x path: d[p*C + c] = (s0[j] + s0[j + C] + s1[j] + s1[j + C] + 2) >> 2
// with j = 2*p*C + c, for n = dw*C outputs (each source row holds at least 2*n values). Each step
// reads 16 bytes of both rows and writes 8 outputs (C = 3: 14 bytes, 6 outputs; the next step
// rewrites the other two).
template <int C>
inline void mean2x2_u8_row(const std::uint8_t* s0, const std::uint8_t* s1, std::uint8_t* d, std::size_t n) noexcept {
  static_assert(C >= 1 && C <= 4);
  // Sums of the values C apart in v (u16 lanes of vertical sums): 4 in the low lanes (3 for C = 3).
  auto pairs = [](__m128i v) -> __m128i {
    if constexpr (C == 1) {
      const __m128i s = _mm_add_epi32(_mm_and_si128(v, _mm_set1_epi32(0xffff)), _mm_srli_epi32(v, 16));
      return _mm_packs_epi32(s, s);
    } else if constexpr (C == 2) {
      const __m128i s = _mm_add_epi64(_mm_and_si128(v, _mm_set1_epi64x(0xffffffff)), _mm_srli_epi64(v, 32));
      return _mm_shuffle_epi32(s, _MM_SHUFFLE(2, 0, 2, 0));
    } else {
      return _mm_add_epi16(v, _mm_srli_si128(v, 2 * C));
    }
  };
  const __m128i zero = _mm_setzero_si128(), two = _mm_set1_epi16(2);
  constexpr std::size_t step = C == 3 ? 6 : 8;
  std::size_t o = 0;
  if constexpr (C == 1) {  // 16 outputs per step: even and odd bytes are the low and high halves of u16 lanes
    const __m128i low = _mm_set1_epi16(0xff);
    auto sums8 = [&](std::size_t i) {
      const __m128i a = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s0 + i));
      const __m128i b = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s1 + i));
      const __m128i t = _mm_add_epi16(_mm_add_epi16(_mm_and_si128(a, low), _mm_srli_epi16(a, 8)),
                                      _mm_add_epi16(_mm_and_si128(b, low), _mm_srli_epi16(b, 8)));
      return _mm_srli_epi16(_mm_add_epi16(t, two), 2);
    };
    for (; o + 16 <= n; o += 16)
      _mm_storeu_si128(reinterpret_cast<__m128i*>(d + o), _mm_packus_epi16(sums8(2 * o), sums8(2 * o + 16)));
  }
  for (; o + 8 <= n; o += step) {
    __m128i r;
    if constexpr (C == 3) {  // two pixel pairs, 6 values each, from 8-byte loads at 2*o and 2*o + 6
      auto sums = [&](std::size_t i) {
        const __m128i a = _mm_loadl_epi64(reinterpret_cast<const __m128i*>(s0 + i));
        const __m128i b = _mm_loadl_epi64(reinterpret_cast<const __m128i*>(s1 + i));
        return _mm_add_epi16(_mm_unpacklo_epi8(a, zero), _mm_unpacklo_epi8(b, zero));
      };
      r = _mm_or_si128(_mm_and_si128(pairs(sums(2 * o)), _mm_setr_epi16(-1, -1, -1, 0, 0, 0, 0, 0)),
                       _mm_slli_si128(pairs(sums(2 * o + 6)), 6));
    } else {
      const __m128i a = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s0 + 2 * o));
      const __m128i b = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s1 + 2 * o));
      const __m128i lo = _mm_add_epi16(_mm_unpacklo_epi8(a, zero), _mm_unpacklo_epi8(b, zero));
      const __m128i hi = _mm_add_epi16(_mm_unpackhi_epi8(a, zero), _mm_unpackhi_epi8(b, zero));
      r = _mm_unpacklo_epi64(pairs(lo), pairs(hi));
    }
    r = _mm_srli_epi16(_mm_add_epi16(r, two), 2);
    _mm_storel_epi64(reinterpret_cast<__m128i*>(d + o), _mm_packus_epi16(r, r));
  }
  for (; o < n; ++o) {
    const std::size_t p = o / C, c = o % C, j = 2 * p * C + c;
    d[o] = static_cast<std::uint8_t>((s0[j] + s0[j + C] + s1[j] + s1[j + C] + 2) >> 2);
  }
}
#else
// Declared only where SSE2 is missing: callers then take their scalar paths (the SSE2 definitions above say
// what each does).
template <int C>
void lerp_u8x4_q11(const std::uint8_t*, const std::int32_t*, std::int16_t*) noexcept;
// Declared only where SSE2 is missing (see lerp_u8x4_q11).
void lerp_adjacent_u8x8_q11(const std::uint8_t*, const int*, const std::int32_t*, std::int16_t*) noexcept;
// Declared only where SSE2 is missing (see lerp_u8x4_q11).
void lerp_u8x4x2_q11(const std::uint8_t*, const std::uint8_t*, const std::int32_t*, std::int16_t*) noexcept;
// Declared only where SSE2 is missing (see lerp_u8x4_q11).
void lerp_u8x2x2_q11(const std::uint8_t*, const std::uint8_t*, const std::int32_t*, std::int16_t*) noexcept;
// Declared only where SSE2 is missing (see lerp_u8x4_q11).
void vertical_u8x8_q11(const std::int16_t*, const std::int16_t*, std::int16_t, std::int16_t, std::uint8_t*) noexcept;
// Declared only where SSE2 is missing (see lerp_u8x4_q11).
template <int C>
void mean2x2_u8_row(const std::uint8_t*, const std::uint8_t*, std::uint8_t*, std::size_t) noexcept;
#endif

// Converts a row of n values to W (u8 -> float or int32, or float -> float) with vector loads.
template <class Arch, class From, class To>
inline void widen_row(const From* s, To* d, std::size_t n) noexcept {
  std::size_t i = 0;
  if constexpr (std::is_same_v<From, std::uint8_t> && (std::is_same_v<To, float> || std::is_same_v<To, std::int32_t>) &&
                has_batch<std::int32_t, Arch>) {
    constexpr std::size_t L = xsimd::batch<std::int32_t, Arch>::size;
    for (; i + L <= n; i += L) {
      const auto v = load_widen_u8<Arch>(s + i);
      if constexpr (std::is_same_v<To, float>)
        xsimd::batch_cast<float>(v).store_unaligned(d + i);
      else
        v.store_unaligned(d + i);
    }
  }
  for (; i < n; ++i) d[i] = static_cast<To>(s[i]);
}

// ---- reductions and casts -------------------------------------------------------------------
template <class T, class Arch>
inline T reduce_add(const batch<T, Arch>& b) noexcept {
#if XSIMD_VERSION_MAJOR >= 9
  return xsimd::reduce_add(b);
#else
  return xsimd::hadd(b);
#endif
}

// Reinterprets the bits (same register width, lanes of another type).
template <class To, class From, class Arch>
inline batch<To, Arch> bit_cast(const batch<From, Arch>& b) noexcept {
#if XSIMD_VERSION_MAJOR >= 14
  return xsimd::bitwise_cast<To>(b);
#else
  return xsimd::bitwise_cast<xsimd::batch<To, Arch>>(b);
#endif
}

// Value conversion between lanes of equal width (int32 <-> float, int64 <-> double).
template <class To, class From, class Arch>
inline batch<To, Arch> convert(const batch<From, Arch>& b) noexcept {
  return xsimd::batch_cast<To>(b);
}

// int32 lanes converted to float.
template <class Arch>
inline batch<float, Arch> to_float(const batch<std::int32_t, Arch>& b) noexcept {
  return xsimd::to_float(b);
}

// float -> int32 rounding half to even (the default FP environment), as cvRound does.
template <class Arch>
inline batch<std::int32_t, Arch> round_to_int(const batch<float, Arch>& b) noexcept {
  return xsimd::nearbyint_as_int(b);
}

// float -> int32 truncating toward zero, as static_cast does.
template <class Arch>
inline batch<std::int32_t, Arch> truncate_to_int(const batch<float, Arch>& b) noexcept {
  return xsimd::batch_cast<std::int32_t>(b);
}

#else  // IMGFRAME_NO_SIMD

inline constexpr bool enabled = false;
inline constexpr int xsimd_version_major = 0;

using default_arch = scalar_arch;
using common_arch = scalar_arch;

template <class T, class Arch>
inline constexpr bool has_batch = false;

template <class T, class Arch = default_arch>
inline constexpr std::size_t lanes = 1;

// Declared, never defined: vector bodies inside `if constexpr (vectorize<T, Arch>)` still parse
// without #ifdefs, and are discarded because vectorize is always false here.
template <class T, class Arch = default_arch> struct batch;
template <class T, class Arch = default_arch> struct batch_bool;
template <class Arch, class T> batch<T, Arch> load(const T* p) noexcept;
template <class To, class Arch, class From> batch<To, Arch> load_as(const From* p) noexcept;
template <class T, class Arch> void store(T* p, const batch<T, Arch>& b) noexcept;
template <class To, class From, class Arch> void store_as(To* p, const batch<From, Arch>& b) noexcept;
template <class Arch, class T> batch<T, Arch> broadcast(T v) noexcept;
template <class T, class Arch> batch<T, Arch> min(const batch<T, Arch>& a, const batch<T, Arch>& b) noexcept;
template <class T, class Arch> batch<T, Arch> max(const batch<T, Arch>& a, const batch<T, Arch>& b) noexcept;
template <class T, class Arch>
batch<T, Arch> clamp(const batch<T, Arch>& v, const batch<T, Arch>& lo, const batch<T, Arch>& hi) noexcept;
template <class T, class Arch>
batch<T, Arch> select(const batch_bool<T, Arch>& c, const batch<T, Arch>& a, const batch<T, Arch>& b) noexcept;
template <class T, class Arch> T reduce_add(const batch<T, Arch>& b) noexcept;
template <class To, class From, class Arch> batch<To, Arch> bit_cast(const batch<From, Arch>& b) noexcept;
template <class To, class From, class Arch> batch<To, Arch> convert(const batch<From, Arch>& b) noexcept;
template <class Arch> batch<float, Arch> to_float(const batch<std::int32_t, Arch>& b) noexcept;
template <class Arch> batch<std::int32_t, Arch> load_widen_u8(const std::uint8_t* p) noexcept;
template <class Arch> void store_narrow_u8(std::uint8_t* p, const batch<std::int32_t, Arch>& v) noexcept;
template <class Arch, class From, class To>
inline void widen_row(const From* s, To* d, std::size_t n) noexcept {
  for (std::size_t i = 0; i < n; ++i) d[i] = static_cast<To>(s[i]);
}
template <class T, class Arch>
batch<T, Arch> fma(const batch<T, Arch>& a, const batch<T, Arch>& b, const batch<T, Arch>& c) noexcept;
template <class Arch>
inline constexpr bool has_fused_multiply_add = false;
template <class Arch>
inline constexpr bool has_fixed_point_q11 = false;
template <int C>
void lerp_u8x4_q11(const std::uint8_t*, const std::int32_t*, std::int16_t*) noexcept;
void lerp_adjacent_u8x8_q11(const std::uint8_t*, const int*, const std::int32_t*, std::int16_t*) noexcept;
void lerp_u8x4x2_q11(const std::uint8_t*, const std::uint8_t*, const std::int32_t*, std::int16_t*) noexcept;
void lerp_u8x2x2_q11(const std::uint8_t*, const std::uint8_t*, const std::int32_t*, std::int16_t*) noexcept;
void vertical_u8x8_q11(const std::int16_t*, const std::int16_t*, std::int16_t, std::int16_t, std::uint8_t*) noexcept;
template <int C>
void mean2x2_u8_row(const std::uint8_t*, const std::uint8_t*, std::uint8_t*, std::size_t) noexcept;
template <class Arch> batch<std::int32_t, Arch> round_to_int(const batch<float, Arch>& b) noexcept;
template <class Arch> batch<std::int32_t, Arch> truncate_to_int(const batch<float, Arch>& b) noexcept;

#endif  // IMGFRAME_NO_SIMD

// True when kernels should take their vector path for value type T on Arch.
template <class T, class Arch>
inline constexpr bool vectorize = has_batch<T, Arch> && (lanes<T, Arch> > 1);

}  // namespace imgframe::simd
