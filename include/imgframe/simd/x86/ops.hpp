#pragma once
// The integer vector operations the dispatched row loops (rows.ipp) are written with, once per
// x86 level: 128-bit SSE2, 256-bit AVX2 and 512-bit AVX-512BW. Each struct has the same names;
// L8 / L16 / L32 are the lanes of u8 / u16 / i32 per register. The AVX2 and AVX-512 structs are
// defined inside target regions, so they compile without -m flags (see dispatch.hpp).
#include <cstddef>
#include <cstdint>
#include <cstring>

#include "dispatch.hpp"

#if IMGFRAME_X86_DISPATCH
namespace imgframe::simd::x86 {

struct sse2_ops {
  using reg = __m128i;
  static constexpr std::size_t L8 = 16, L16 = 8, L32 = 4;
  static reg load(const void* p) { return _mm_loadu_si128(static_cast<const __m128i*>(p)); }
  static void store(void* p, reg v) { _mm_storeu_si128(static_cast<__m128i*>(p), v); }
  // u16
  static reg load_u8_u16(const std::uint8_t* p) {
    return _mm_unpacklo_epi8(_mm_loadl_epi64(reinterpret_cast<const __m128i*>(p)), _mm_setzero_si128());
  }
  static void store_u16_u8(std::uint8_t* p, reg v) { _mm_storel_epi64(reinterpret_cast<__m128i*>(p), _mm_packus_epi16(v, v)); }
  static reg set16(int v) { return _mm_set1_epi16(static_cast<short>(v)); }
  static reg add16(reg a, reg b) { return _mm_add_epi16(a, b); }
  static reg sub16(reg a, reg b) { return _mm_sub_epi16(a, b); }
  static reg mullo16(reg a, reg b) { return _mm_mullo_epi16(a, b); }
  static reg mulhi_u16(reg a, reg b) { return _mm_mulhi_epu16(a, b); }
  static reg mulhi_i16(reg a, reg b) { return _mm_mulhi_epi16(a, b); }
  static reg srl16(reg a, int n) { return _mm_srl_epi16(a, _mm_cvtsi32_si128(n)); }
  static reg sra16(reg a, int n) { return _mm_sra_epi16(a, _mm_cvtsi32_si128(n)); }
  static reg and_(reg a, reg b) { return _mm_and_si128(a, b); }
  static reg andnot(reg a, reg b) { return _mm_andnot_si128(a, b); }
  // u8
  static reg set8(int v) { return _mm_set1_epi8(static_cast<char>(v)); }
  static reg le_u8(reg a, reg t) { return _mm_cmpeq_epi8(_mm_subs_epu8(a, t), _mm_setzero_si128()); }
  static reg min_u8(reg a, reg b) { return _mm_min_epu8(a, b); }
  // i32
  static reg load_u16_i32(const std::uint16_t* p) {
    return _mm_unpacklo_epi16(_mm_loadl_epi64(reinterpret_cast<const __m128i*>(p)), _mm_setzero_si128());
  }
  static reg add32(reg a, reg b) { return _mm_add_epi32(a, b); }
  static reg sub32(reg a, reg b) { return _mm_sub_epi32(a, b); }
  static reg set32(int v) { return _mm_set1_epi32(v); }
  static reg or_(reg a, reg b) { return _mm_or_si128(a, b); }
  static reg sll32(reg a, int n) { return _mm_sll_epi32(a, _mm_cvtsi32_si128(n)); }
  static reg sra32(reg a, int n) { return _mm_sra_epi32(a, _mm_cvtsi32_si128(n)); }
  static reg madd16(reg a, reg b) { return _mm_madd_epi16(a, b); }
  // Each i32 lane saturated to u8, L32 bytes.
  static void store_i32_u8(std::uint8_t* p, reg v) {
    const __m128i h = _mm_packs_epi32(v, v);
    const int b = _mm_cvtsi128_si32(_mm_packus_epi16(h, h));
    std::memcpy(p, &b, 4);
  }
  // round(v * scale) half to even, saturated to u8, L32 bytes.
  static void store_scaled_u8(std::uint8_t* p, reg v, float scale) {
    store_i32_u8(p, _mm_cvtps_epi32(_mm_mul_ps(_mm_cvtepi32_ps(v), _mm_set1_ps(scale))));
  }
  // f32, L32 lanes. a * b + c with two roundings, also where the build could fuse them (the asm
  // hides the product from contraction): OpenCV's float loops on CPUs without FMA.
  using freg = __m128;
  static constexpr bool fused = false;
  static freg set_f32(float v) { return _mm_set1_ps(v); }
  static freg load_u8_f32(const std::uint8_t* p) {
    int b;
    std::memcpy(&b, p, 4);
    const __m128i z = _mm_setzero_si128();
    return _mm_cvtepi32_ps(_mm_unpacklo_epi16(_mm_unpacklo_epi8(_mm_cvtsi32_si128(b), z), z));
  }
  static freg mul_add_f32(freg a, freg b, freg c) {
    freg m = _mm_mul_ps(a, b);
    __asm__("" : "+x"(m));
    return _mm_add_ps(m, c);
  }
  // round(v) half to even, saturated to u8, L32 bytes.
  static void store_f32_u8(std::uint8_t* p, freg v) { store_i32_u8(p, _mm_cvtps_epi32(v)); }
};

}  // namespace imgframe::simd::x86

IMGFRAME_TARGET_AVX2_BEGIN
namespace imgframe::simd::x86 {

struct avx2_ops {
  using reg = __m256i;
  static constexpr std::size_t L8 = 32, L16 = 16, L32 = 8;
  static reg load(const void* p) { return _mm256_loadu_si256(static_cast<const __m256i*>(p)); }
  static void store(void* p, reg v) { _mm256_storeu_si256(static_cast<__m256i*>(p), v); }
  static reg load_u8_u16(const std::uint8_t* p) {
    return _mm256_cvtepu8_epi16(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p)));
  }
  static void store_u16_u8(std::uint8_t* p, reg v) {
    const __m256i b = _mm256_permute4x64_epi64(_mm256_packus_epi16(v, v), 0x08);
    _mm_storeu_si128(reinterpret_cast<__m128i*>(p), _mm256_castsi256_si128(b));
  }
  static reg set16(int v) { return _mm256_set1_epi16(static_cast<short>(v)); }
  static reg add16(reg a, reg b) { return _mm256_add_epi16(a, b); }
  static reg sub16(reg a, reg b) { return _mm256_sub_epi16(a, b); }
  static reg mullo16(reg a, reg b) { return _mm256_mullo_epi16(a, b); }
  static reg mulhi_u16(reg a, reg b) { return _mm256_mulhi_epu16(a, b); }
  static reg mulhi_i16(reg a, reg b) { return _mm256_mulhi_epi16(a, b); }
  static reg srl16(reg a, int n) { return _mm256_srl_epi16(a, _mm_cvtsi32_si128(n)); }
  static reg sra16(reg a, int n) { return _mm256_sra_epi16(a, _mm_cvtsi32_si128(n)); }
  static reg and_(reg a, reg b) { return _mm256_and_si256(a, b); }
  static reg andnot(reg a, reg b) { return _mm256_andnot_si256(a, b); }
  static reg set8(int v) { return _mm256_set1_epi8(static_cast<char>(v)); }
  static reg le_u8(reg a, reg t) { return _mm256_cmpeq_epi8(_mm256_subs_epu8(a, t), _mm256_setzero_si256()); }
  static reg min_u8(reg a, reg b) { return _mm256_min_epu8(a, b); }
  static reg load_u16_i32(const std::uint16_t* p) {
    return _mm256_cvtepu16_epi32(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p)));
  }
  static reg add32(reg a, reg b) { return _mm256_add_epi32(a, b); }
  static reg sub32(reg a, reg b) { return _mm256_sub_epi32(a, b); }
  static reg set32(int v) { return _mm256_set1_epi32(v); }
  static reg or_(reg a, reg b) { return _mm256_or_si256(a, b); }
  static reg sll32(reg a, int n) { return _mm256_sll_epi32(a, _mm_cvtsi32_si128(n)); }
  static reg sra32(reg a, int n) { return _mm256_sra_epi32(a, _mm_cvtsi32_si128(n)); }
  static reg madd16(reg a, reg b) { return _mm256_madd_epi16(a, b); }
  static void store_i32_u8(std::uint8_t* p, reg v) {
    const __m256i h = _mm256_packs_epi32(v, v);
    const __m256i b = _mm256_packus_epi16(h, h);
    const int lo = _mm_cvtsi128_si32(_mm256_castsi256_si128(b)), hi = _mm_cvtsi128_si32(_mm256_extracti128_si256(b, 1));
    std::memcpy(p, &lo, 4);
    std::memcpy(p + 4, &hi, 4);
  }
  static void store_scaled_u8(std::uint8_t* p, reg v, float scale) {
    store_i32_u8(p, _mm256_cvtps_epi32(_mm256_mul_ps(_mm256_cvtepi32_ps(v), _mm256_set1_ps(scale))));
  }
  using freg = __m256;
  static constexpr bool fused = true;
  static freg set_f32(float v) { return _mm256_set1_ps(v); }
  static freg load_u8_f32(const std::uint8_t* p) {
    return _mm256_cvtepi32_ps(_mm256_cvtepu8_epi32(_mm_loadl_epi64(reinterpret_cast<const __m128i*>(p))));
  }
  static freg mul_add_f32(freg a, freg b, freg c) { return _mm256_fmadd_ps(a, b, c); }
  static void store_f32_u8(std::uint8_t* p, freg v) { store_i32_u8(p, _mm256_cvtps_epi32(v)); }
  // u8 -> f32 through double (rows.ipp affine_u8_f32; not on SSE2, where a table lookup per value is
  // faster than 2 double lanes), LF pixels at a time: load_pixels reads LF pixels of `step` (1..4)
  // interleaved u8 channels (exactly LF * step bytes) with each 128-bit lane holding the dwords of
  // its 4 pixels; channel_i32 picks one channel's bytes as i32 lanes (the control from channel_of);
  // store_affine_f32 writes float(a * v + b) computed in double.
  static constexpr std::size_t LF = 8;
  struct pixel_picker {
    reg perm, load;
  };
  static pixel_picker pixels_of(int step) {
    alignas(32) std::int32_t perm[8], load[8];
    for (int i = 0; i < 8; ++i) {
      perm[i] = (i / 4) * step + (i % 4 < step ? i % 4 : 0);
      load[i] = i < 2 * step ? -1 : 0;
    }
    return {_mm256_load_si256(reinterpret_cast<const __m256i*>(perm)), _mm256_load_si256(reinterpret_cast<const __m256i*>(load))};
  }
  static reg load_pixels(const std::uint8_t* p, const pixel_picker& k) {
    return _mm256_permutevar8x32_epi32(_mm256_maskload_epi32(reinterpret_cast<const int*>(p), k.load), k.perm);
  }
  static reg channel_of(int step, int c) {
    alignas(32) std::int8_t shuf[32];
    for (int i = 0; i < 32; ++i) shuf[i] = static_cast<std::int8_t>(i % 4 == 0 ? step * ((i % 16) / 4) + c : -128);
    return _mm256_load_si256(reinterpret_cast<const __m256i*>(shuf));
  }
  static reg channel_i32(reg pixels, reg channel) { return _mm256_shuffle_epi8(pixels, channel); }
  // stream: a non-temporal store to an aligned d (LF * 4 bytes).
  static void store_affine_f32(float* d, reg v, double a, double b, bool stream) {
    const __m256d va = _mm256_set1_pd(a), vb = _mm256_set1_pd(b);
    const __m256d lo = _mm256_fmadd_pd(_mm256_cvtepi32_pd(_mm256_castsi256_si128(v)), va, vb);
    const __m256d hi = _mm256_fmadd_pd(_mm256_cvtepi32_pd(_mm256_extracti128_si256(v, 1)), va, vb);
    const __m256 f = _mm256_set_m128(_mm256_cvtpd_ps(hi), _mm256_cvtpd_ps(lo));
    if (stream)
      _mm256_stream_ps(d, f);
    else
      _mm256_storeu_ps(d, f);
  }
};

}  // namespace imgframe::simd::x86
IMGFRAME_TARGET_END

IMGFRAME_TARGET_AVX512_BEGIN
namespace imgframe::simd::x86 {

// (The maskz forms avoid GCC 12's false "may be used uninitialized" on the plain conversions.)
struct avx512_ops {
  using reg = __m512i;
  static constexpr std::size_t L8 = 64, L16 = 32, L32 = 16;
  static reg load(const void* p) { return _mm512_loadu_si512(p); }
  static void store(void* p, reg v) { _mm512_storeu_si512(p, v); }
  static reg load_u8_u16(const std::uint8_t* p) {
    return _mm512_maskz_cvtepu8_epi16(~__mmask32(0), _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p)));
  }
  static void store_u16_u8(std::uint8_t* p, reg v) {
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(p), _mm512_maskz_cvtusepi16_epi8(~__mmask32(0), v));
  }
  static reg set16(int v) { return _mm512_set1_epi16(static_cast<short>(v)); }
  static reg add16(reg a, reg b) { return _mm512_add_epi16(a, b); }
  static reg sub16(reg a, reg b) { return _mm512_sub_epi16(a, b); }
  static reg mullo16(reg a, reg b) { return _mm512_mullo_epi16(a, b); }
  static reg mulhi_u16(reg a, reg b) { return _mm512_mulhi_epu16(a, b); }
  static reg mulhi_i16(reg a, reg b) { return _mm512_mulhi_epi16(a, b); }
  static reg srl16(reg a, int n) { return _mm512_srl_epi16(a, _mm_cvtsi32_si128(n)); }
  static reg sra16(reg a, int n) { return _mm512_sra_epi16(a, _mm_cvtsi32_si128(n)); }
  static reg and_(reg a, reg b) { return _mm512_and_si512(a, b); }
  static reg andnot(reg a, reg b) { return _mm512_maskz_andnot_epi32(0xFFFF, a, b); }
  static reg set8(int v) { return _mm512_set1_epi8(static_cast<char>(v)); }
  static reg le_u8(reg a, reg t) { return _mm512_movm_epi8(_mm512_cmple_epu8_mask(a, t)); }
  static reg min_u8(reg a, reg b) { return _mm512_min_epu8(a, b); }
  static reg load_u16_i32(const std::uint16_t* p) {
    return _mm512_maskz_cvtepu16_epi32(0xFFFF, _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p)));
  }
  static reg add32(reg a, reg b) { return _mm512_add_epi32(a, b); }
  static reg sub32(reg a, reg b) { return _mm512_sub_epi32(a, b); }
  static reg set32(int v) { return _mm512_set1_epi32(v); }
  static reg or_(reg a, reg b) { return _mm512_or_si512(a, b); }
  static reg sll32(reg a, int n) { return _mm512_maskz_sll_epi32(0xFFFF, a, _mm_cvtsi32_si128(n)); }
  static reg sra32(reg a, int n) { return _mm512_maskz_sra_epi32(0xFFFF, a, _mm_cvtsi32_si128(n)); }
  static reg madd16(reg a, reg b) { return _mm512_madd_epi16(a, b); }
  static void store_i32_u8(std::uint8_t* p, reg v) {
    _mm_storeu_si128(reinterpret_cast<__m128i*>(p),
                     _mm512_maskz_cvtusepi32_epi8(0xFFFF, _mm512_maskz_max_epi32(0xFFFF, v, _mm512_setzero_si512())));
  }
  static void store_scaled_u8(std::uint8_t* p, reg v, float scale) {
    store_i32_u8(p, _mm512_maskz_cvtps_epi32(0xFFFF, _mm512_mul_ps(_mm512_maskz_cvtepi32_ps(0xFFFF, v), _mm512_set1_ps(scale))));
  }
  using freg = __m512;
  static constexpr bool fused = true;
  static freg set_f32(float v) { return _mm512_set1_ps(v); }
  static freg load_u8_f32(const std::uint8_t* p) {
    return _mm512_maskz_cvtepi32_ps(0xFFFF, _mm512_maskz_cvtepu8_epi32(0xFFFF, _mm_loadu_si128(reinterpret_cast<const __m128i*>(p))));
  }
  static freg mul_add_f32(freg a, freg b, freg c) { return _mm512_fmadd_ps(a, b, c); }
  static void store_f32_u8(std::uint8_t* p, freg v) { store_i32_u8(p, _mm512_maskz_cvtps_epi32(0xFFFF, v)); }
  static constexpr std::size_t LF = 16;
  struct pixel_picker {
    reg perm;
    __mmask64 load;
  };
  static pixel_picker pixels_of(int step) {
    alignas(64) std::int32_t perm[16];
    for (int i = 0; i < 16; ++i) perm[i] = (i / 4) * step + (i % 4 < step ? i % 4 : 0);
    return {_mm512_load_si512(perm), ~std::uint64_t{0} >> (64 - 16 * step)};
  }
  static reg load_pixels(const std::uint8_t* p, const pixel_picker& k) {
    return _mm512_maskz_permutexvar_epi32(0xFFFF, k.perm, _mm512_maskz_loadu_epi8(k.load, p));
  }
  static reg channel_of(int step, int c) {
    alignas(64) std::int8_t shuf[64];
    for (int i = 0; i < 64; ++i) shuf[i] = static_cast<std::int8_t>(i % 4 == 0 ? step * ((i % 16) / 4) + c : -128);
    return _mm512_load_si512(shuf);
  }
  static reg channel_i32(reg pixels, reg channel) { return _mm512_shuffle_epi8(pixels, channel); }
  static void store_affine_f32(float* d, reg v, double a, double b, bool stream) {
    const __m512d va = _mm512_set1_pd(a), vb = _mm512_set1_pd(b);
    const __m512d lo = _mm512_fmadd_pd(_mm512_maskz_cvtepi32_pd(0xFF, _mm512_maskz_extracti64x4_epi64(0xF, v, 0)), va, vb);
    const __m512d hi = _mm512_fmadd_pd(_mm512_maskz_cvtepi32_pd(0xFF, _mm512_maskz_extracti64x4_epi64(0xF, v, 1)), va, vb);
    // Two 256-bit stores: no shuffle-port instruction to join the halves.
    if (stream) {
      _mm256_stream_ps(d, _mm512_maskz_cvtpd_ps(0xFF, lo));
      _mm256_stream_ps(d + 8, _mm512_maskz_cvtpd_ps(0xFF, hi));
    } else {
      _mm256_storeu_ps(d, _mm512_maskz_cvtpd_ps(0xFF, lo));
      _mm256_storeu_ps(d + 8, _mm512_maskz_cvtpd_ps(0xFF, hi));
    }
  }
};

}  // namespace imgframe::simd::x86
IMGFRAME_TARGET_END
#endif  // IMGFRAME_X86_DISPATCH
