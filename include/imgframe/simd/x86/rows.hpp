#pragma once
// The dispatched integer row loops (rows.ipp) for SSE2, AVX2 and AVX-512BW, and rows(): the table
// for the level in force (dispatch.hpp). Kernels call through the table once per row.
#include <cmath>
#include <cstddef>
#include <cstdint>

#include "dispatch.hpp"
#include "ops.hpp"

namespace imgframe::simd::x86 {

// floor((s + bias) / area) for 0 <= s + bias < 2^16 and 2 <= area < 2^16, exactly, with a 16-bit
// multiply-high (the round-up method of Hacker's Delight 10-8, a 17-bit magic number):
// t = (x * magic) >> 16, q = (t + ((x - t) >> 1)) >> shift.
struct u16_divider {
  // The constants of the division (see above).
  int bias = 0, magic = 0, shift = 0, area = 2;
  // The divider for floor((s + b) / a).
  u16_divider(int a, int b) : bias(b), area(a) {
    int l = 0;
    while ((1 << l) < a) ++l;  // l = ceil(log2(area)) >= 1
    magic = static_cast<int>((static_cast<std::uint64_t>(1) << 16) * static_cast<std::uint64_t>((1 << l) - a) /
                             static_cast<std::uint64_t>(a)) + 1;
    shift = l - 1;
  }
  // floor((s + bias) / area).
  unsigned operator()(unsigned s) const noexcept {
    const unsigned x = s + static_cast<unsigned>(bias);
    const unsigned t = (x * static_cast<unsigned>(magic)) >> 16;
    return (t + ((x - t) >> 1)) >> shift;
  }
};

// One output plane of the fused u8 -> f32 pass (rows.ipp affine_u8_f32): d[i] = float(a * v + b)
// for the value v of `channel` in pixel i, computed in double; `table` holds the same function of
// all 256 values.
struct affine_plane_row {
  // The channel of the pixel (0 .. step - 1).
  int channel = 0;
  // The multiplier.
  double a = 0.0;
  // The offset.
  double b = 0.0;
  // The 256 results, for the values at the row's ends.
  const float* table = nullptr;
  // The output row.
  float* d = nullptr;
};

// One entry of OpenCV's INTER_AREA table (kernels::detail::area_weight): destination index, source
// index, weight.
struct area_term {
  // Destination and source pixel (or row) index.
  int di, si;
  // The source pixel's share of the destination cell.
  float alpha;
};

}  // namespace imgframe::simd::x86

#if IMGFRAME_X86_DISPATCH
namespace imgframe::simd::x86 {
namespace sse2 {
using V = sse2_ops;
#define IMGFRAME_X86_ROWS_F64 0  // no affine_u8_f32 (a table is faster than 2 double lanes)
#define IMGFRAME_X86_ROWS_SSSE3 0  // no pshufb
#include "rows.ipp"
#undef IMGFRAME_X86_ROWS_F64
#undef IMGFRAME_X86_ROWS_SSSE3
}  // namespace sse2
}  // namespace imgframe::simd::x86

IMGFRAME_TARGET_AVX2_BEGIN
namespace imgframe::simd::x86 {
namespace avx2 {
using V = avx2_ops;
#define IMGFRAME_X86_ROWS_F64 1
#define IMGFRAME_X86_ROWS_SSSE3 1
#include "rows.ipp"
#undef IMGFRAME_X86_ROWS_F64
#undef IMGFRAME_X86_ROWS_SSSE3
}  // namespace avx2
}  // namespace imgframe::simd::x86
IMGFRAME_TARGET_END

IMGFRAME_TARGET_AVX512_BEGIN
namespace imgframe::simd::x86 {
namespace avx512 {
using V = avx512_ops;
#define IMGFRAME_X86_ROWS_F64 1
#define IMGFRAME_X86_ROWS_SSSE3 1
#include "rows.ipp"
#undef IMGFRAME_X86_ROWS_F64
#undef IMGFRAME_X86_ROWS_SSSE3
}  // namespace avx512
}  // namespace imgframe::simd::x86
IMGFRAME_TARGET_END

namespace imgframe::simd::x86 {

struct row_table {
  level isa;
  void (*widen_u8_u16)(const std::uint8_t*, std::uint16_t*, std::size_t);
  void (*window_sum_u16)(const std::uint16_t*, int, std::size_t, std::uint16_t*, std::size_t, std::uint16_t*);
  void (*add_u16)(std::uint16_t*, const std::uint16_t*, std::size_t);
  void (*box_column_u16)(std::uint16_t*, const std::uint16_t*, const std::uint16_t*, std::uint8_t*, std::size_t,
                         const u16_divider&);
  void (*add_u16_i32)(std::int32_t*, const std::uint16_t*, std::size_t);
  void (*box_column_i32)(std::int32_t*, const std::uint16_t*, const std::uint16_t*, std::uint8_t*, std::size_t, float);
  void (*symmetric_row_u16)(const std::uint16_t*, const std::uint16_t*, int, std::size_t, std::uint16_t*, std::size_t);
  void (*symmetric_column_u8)(const std::uint16_t* const*, const std::uint16_t*, int, std::uint8_t*, std::size_t);
  void (*symmetric_column_u16)(const std::uint16_t* const*, const std::uint16_t*, int, int, std::uint8_t*, std::size_t);
  void (*taps_u8_f32)(const std::uint8_t* const*, const float*, int, std::uint8_t*, std::size_t);
  void (*threshold_u8)(const std::uint8_t*, std::uint8_t*, std::size_t, std::uint8_t, std::uint8_t, int);
};

#define IMGFRAME_X86_ROW_TABLE(ns, lvl)                                                                          \
  row_table {                                                                                                    \
    lvl, &ns::widen_u8_u16, &ns::window_sum_u16, &ns::add_u16, &ns::box_column_u16, &ns::add_u16_i32,            \
        &ns::box_column_i32, &ns::symmetric_row_u16, &ns::symmetric_column_u8, &ns::symmetric_column_u16,        \
        &ns::taps_u8_f32, &ns::threshold_u8                                                                      \
  }

// The row loops of the level in force.
inline const row_table& rows() noexcept {
  static const row_table sse2_rows = IMGFRAME_X86_ROW_TABLE(sse2, level::sse2);
  static const row_table avx2_rows = IMGFRAME_X86_ROW_TABLE(avx2, level::avx2);
  static const row_table avx512_rows = IMGFRAME_X86_ROW_TABLE(avx512, level::avx512);
  switch (active()) {
    case level::avx512: return avx512_rows;
    case level::avx2: return avx2_rows;
    default: return sse2_rows;
  }
}
#undef IMGFRAME_X86_ROW_TABLE

// One loop of the level in force, for loops outside row_table (resize, the fused pass): a TU
// compiles only the loops it picks, where calling rows() compiles all of the table's loops at all
// three levels (+0.55 s CPU for the header-only pipeline TU of benchmarks/compile_cost.py).
template <class F>
inline F pick(F sse2_loop, F avx2_loop, F avx512_loop) noexcept {
  switch (active()) {
    case level::avx512: return avx512_loop;
    case level::avx2: return avx2_loop;
    default: return sse2_loop;
  }
}

// A row of `width` pixels of C u8 channels widened to u16 into p, with `left` and `right` columns
// reflected around it (BORDER_REFLECT_101; a width of 1 repeats its pixel).
inline void padded_row_u16(const row_table& k, const std::uint8_t* s, int width, int C, int left, int right,
                           std::uint16_t* p) {
  auto reflect = [width](int x) {
    if (width == 1) return 0;
    while (x < 0 || x >= width) x = x < 0 ? -x : 2 * width - 2 - x;
    return x;
  };
  for (int i = 0; i < left; ++i)
    for (int c = 0; c < C; ++c) p[i * C + c] = s[reflect(i - left) * C + c];
  k.widen_u8_u16(s, p + left * C, static_cast<std::size_t>(width) * C);
  std::uint16_t* tail = p + (left + width) * C;
  for (int i = 0; i < right; ++i)
    for (int c = 0; c < C; ++c) tail[i * C + c] = s[reflect(width + i) * C + c];
}

}  // namespace imgframe::simd::x86
#endif  // IMGFRAME_X86_DISPATCH
