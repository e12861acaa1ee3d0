#pragma once
// Value conversions for the fused per-pixel tail. Rows here are strided in *elements* (step 1 is
// a plain row, step C walks one channel of interleaved pixels, step P writes one HWC plane).
//   to_double_row    any depth -> double (exact for every OpenCV depth)
//   from_double_row  double -> U: saturate_cast (round half to even, clamp) for integers,
//                    round-to-nearest for float, as OpenCV's convertTo and Spark's cast do
//   lut_row          8-bit source through a 256-entry table (exact for any per-value formula)
// The vector paths take contiguous rows (step 1); strided rows take the scalar loop, which is
// also the reference the vector paths are tested against.
// Each kernel is an Arch-first function object (xsimd style: a consumer can instantiate it per
// ISA or hand it to xsimd::dispatch); call it with simd::default_arch{} or simd::scalar_arch{}.
#include <cstddef>
#include <cmath>
#include <cstdint>
#include <limits>
#include <type_traits>

#include "../arch.hpp"
#include "../loop.hpp"

namespace imgframe::kernels {

// OpenCV's saturate_cast<U>(double): round half to even, then clamp (NaN becomes 0).
template <class U>
inline U from_double(double v) noexcept {
  if constexpr (std::is_floating_point_v<U>) {
    return static_cast<U>(v);
  } else {
    constexpr double lo = static_cast<double>(std::numeric_limits<U>::min());
    constexpr double hi = static_cast<double>(std::numeric_limits<U>::max());
    if (v != v) return U{0};
    const double r = std::nearbyint(v);
    return static_cast<U>(r < lo ? lo : (r > hi ? hi : r));
  }
}

// Values to double, as a function object taking the architecture.
struct to_double_row_fn {
  // dst[i] = src[i * src_step], as double, for n values.
  template <class Arch, class T>
  void operator()(Arch, const T* src, std::ptrdiff_t src_step, double* dst, std::size_t n) const {
    const auto scalar = [&](std::size_t i) { dst[i] = static_cast<double>(src[static_cast<std::ptrdiff_t>(i) * src_step]); };
    if constexpr (simd::vectorize<double, Arch>) {
      if (src_step == 1) {
        simd::for_each_batch<simd::lanes<double, Arch>>(
            n, [&](std::size_t i) { simd::store(dst + i, simd::load_as<double, Arch>(src + i)); }, scalar);
        return;
      }
    }
    for (std::size_t i = 0; i < n; ++i) scalar(i);
  }
};
// A row of values to double.
inline constexpr to_double_row_fn to_double_row{};

// Doubles to values of type U (rounded and saturated as OpenCV's saturate_cast), as a function object taking
// the architecture.
struct from_double_row_fn {
  // dst[i * dst_step] = src[i] converted to U, for n values.
  template <class Arch, class U>
  void operator()(Arch, const double* src, U* dst, std::ptrdiff_t dst_step, std::size_t n) const {
    const auto scalar = [&](std::size_t i) { dst[static_cast<std::ptrdiff_t>(i) * dst_step] = from_double<U>(src[i]); };
    if constexpr (std::is_floating_point_v<U> && simd::vectorize<double, Arch>) {
      if (dst_step == 1) {
        simd::for_each_batch<simd::lanes<double, Arch>>(
            n, [&](std::size_t i) { simd::store_as<U>(dst + i, simd::load<Arch>(src + i)); }, scalar);
        return;
      }
    }
    for (std::size_t i = 0; i < n; ++i) scalar(i);
  }
};
// A row of doubles to values of type U.
inline constexpr from_double_row_fn from_double_row{};

// A table lookup has no vector form in the xsimd API shared by 8.1 and 14 (no gather in 8.1).
struct lut_row_fn {
  // dst[i] = lut[src[i * src_step]], for n values.
  template <class Arch, class U>
  void operator()(Arch, const std::uint8_t* src, std::ptrdiff_t src_step, const U* lut, U* dst,
                  std::ptrdiff_t dst_step, std::size_t n) const {
    // A plane row (dst_step 1) is the hot case (to_tensor CHW): spelled out, the compiler keeps the
    // stores contiguous (with the step a run-time value it did not, and the loop ran 1.7x slower).
    if (dst_step == 1) {
      for (std::size_t i = 0; i < n; ++i) dst[i] = lut[src[static_cast<std::ptrdiff_t>(i) * src_step]];
      return;
    }
    for (std::size_t i = 0; i < n; ++i)
      dst[static_cast<std::ptrdiff_t>(i) * dst_step] = lut[src[static_cast<std::ptrdiff_t>(i) * src_step]];
  }
};
// A row through a 256-entry lookup table.
inline constexpr lut_row_fn lut_row{};

}  // namespace imgframe::kernels
