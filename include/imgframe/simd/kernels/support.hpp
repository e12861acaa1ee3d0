#pragma once
// Small pieces the neighbourhood kernels share: OpenCV's rounding and saturation (cvRound,
// cvFloor, saturate_cast), BORDER_REFLECT_101 indexing, and reading rows of any strided view
// (negative stride, mirrored pixels) as plain forward arrays.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <vector>

#include "../../core/concepts.hpp"
#include "../../core/image_view.hpp"
#include "../loop.hpp"

namespace imgframe::kernels::detail {

// cvRound: nearest, ties to even (the default FP environment, as SSE2's cvtsd2si does).
inline int round_half_even(double v) noexcept { return static_cast<int>(std::lrint(v)); }
inline int round_half_even(float v) noexcept { return static_cast<int>(std::lrintf(v)); }

inline int floor_int(double v) noexcept {
  const int i = static_cast<int>(v);
  return i - (static_cast<double>(i) > v ? 1 : 0);
}
inline int ceil_int(double v) noexcept {
  const int i = static_cast<int>(v);
  return i + (static_cast<double>(i) < v ? 1 : 0);
}

// saturate_cast<T>: integers clamp, floating values round half to even then clamp.
template <class T>
T saturate(int v) noexcept {
  if constexpr (std::is_same_v<T, std::uint8_t>)
    return static_cast<std::uint8_t>(v < 0 ? 0 : (v > 255 ? 255 : v));
  else
    return static_cast<T>(v);
}
template <class T, class F>
  requires std::is_floating_point_v<F>
T saturate(F v) noexcept {
  if constexpr (std::is_floating_point_v<T>)
    return static_cast<T>(v);
  else
    return saturate<T>(round_half_even(v));
}

// BORDER_REFLECT_101 (gfedcb|abcdefgh|gfedcba) for any p; a length of 1 maps everything to 0.
inline int reflect101(int p, int len) noexcept {
  if (len == 1) return 0;
  while (p < 0 || p >= len) {
    if (p < 0) p = -p;
    if (p >= len) p = 2 * len - 2 - p;
  }
  return p;
}

// The value types the neighbourhood kernels accept.
template <class T>
inline constexpr bool is_kernel_value = std::is_same_v<T, std::uint8_t> || std::is_same_v<T, float>;

template <class V>
using value_of = typename std::remove_cvref_t<V>::value_type;

template <class Src, class Dst>
inline constexpr bool kernel_pair =
    SamePixelLayout<Src, Dst> && is_kernel_value<value_of<Src>> && MutableImageView<Dst>;

// Rows of a source view as forward arrays (a copy only for mirrored views).
template <ImageView V>
class row_source {
 public:
  using value_type = value_of<V>;
  explicit row_source(const V& v) : v_(v) {}
  const value_type* operator()(int y) { return simd::forward_row(v_, y, buf_); }

 private:
  V v_;
  std::vector<value_type> buf_;
};

// Rows of a destination view: write into target(y), then commit(y) (copies only when mirrored).
template <MutableImageView V>
class row_sink {
 public:
  using value_type = value_of<V>;
  explicit row_sink(const V& v) : v_(v) {
    if (!v_.rows_are_contiguous()) buf_.resize(v_.row_elements());
  }
  value_type* target(int y) { return v_.rows_are_contiguous() ? v_.row(y) : buf_.data(); }
  void commit(int y) {
    if (!v_.rows_are_contiguous()) simd::store_row(v_, y, buf_.data());
  }

 private:
  V v_;
  std::vector<value_type> buf_;
};

[[noreturn]] inline void fail(const char* kernel, const std::string& why) {
  throw std::invalid_argument(std::string("imgframe: ") + kernel + ": " + why);
}

}  // namespace imgframe::kernels::detail
