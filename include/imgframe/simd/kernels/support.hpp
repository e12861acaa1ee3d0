#pragma once
// Small pieces the neighbourhood kernels share: OpenCV's rounding and saturation (cvRound,
// cvFloor, saturate_cast), BORDER_REFLECT_101 indexing, and reading rows of any strided view
// (negative stride, mirrored pixels) as plain forward arrays.
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#if defined(__SSE2__) || defined(_M_X64)
#include <emmintrin.h>
#endif

#include "../../core/concepts.hpp"
#include "../../core/image_view.hpp"
#include "../loop.hpp"

namespace imgframe::kernels::detail {

// cvRound: nearest, ties to even (the default FP environment), with the instruction OpenCV uses
// where there is one (std::lrint is a library call unless math errno handling is off).
inline int round_half_even(double v) noexcept {
#if defined(__SSE2__) || defined(_M_X64)
  return _mm_cvtsd_si32(_mm_set_sd(v));
#else
  return static_cast<int>(std::lrint(v));
#endif
}
inline int round_half_even(float v) noexcept {
#if defined(__SSE2__) || defined(_M_X64)
  return _mm_cvtss_si32(_mm_set_ss(v));
#else
  return static_cast<int>(std::lrintf(v));
#endif
}

// (int)v as OpenCV's cvFloor/cvCeil compile it on x86: truncation, and INT_MIN (the "integer
// indefinite" of cvttsd2si) for NaN and values outside int - defined here, undefined as a C++ cast.
inline int truncate_int(double v) noexcept {
#if defined(__SSE2__) || defined(_M_X64)
  return _mm_cvttsd_si32(_mm_set_sd(v));
#else
  return v > -2147483649.0 && v < 2147483648.0 ? static_cast<int>(v) : std::numeric_limits<int>::min();
#endif
}
// cvFloor / cvCeil (OpenCV's SSE2 versions): out of int range the conversion gives INT_MIN and the
// +-1 wraps, e.g. cvFloor(-1e52) == INT_MAX (cv::threshold returns 2147483647 for it). Computed
// in unsigned arithmetic: the same wrap, without signed overflow.
inline int floor_int(double v) noexcept {
  const int i = truncate_int(v);
  return static_cast<int>(static_cast<unsigned>(i) - (static_cast<double>(i) > v ? 1u : 0u));
}
inline int ceil_int(double v) noexcept {
  const int i = truncate_int(v);
  return static_cast<int>(static_cast<unsigned>(i) + (static_cast<double>(i) < v ? 1u : 0u));
}

// x as computed, hidden from floating-point contraction: a use in a * b + c stays a product and a
// sum (two roundings, as OpenCV's baseline SSE2 code) even where the build fuses them (GCC's default
// -ffp-contract=fast with -march=native / -mfma), so the scalar references match the SIMD paths.
inline float uncontracted(float x) noexcept {
#if defined(__GNUC__) && (defined(__x86_64__) || defined(__i386__))
  __asm__("" : "+x"(x));
#endif
  return x;
}

// The same for a SIMD batch (its register: "v" is any SSE / AVX / AVX-512 register).
template <class B>
  requires requires { typename B::register_type; }
B uncontracted(const B& x) noexcept {
#if defined(__GNUC__) && (defined(__x86_64__) || defined(__i386__))
  typename B::register_type r = x;
  __asm__("" : "+v"(r));
  return B(r);
#else
  return x;
#endif
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

// The value types the OpenCV resize engine (bilinear, area) accepts: 16-bit too, as cv::resize.
template <class T>
inline constexpr bool is_resize_value = is_kernel_value<T> || std::is_same_v<T, std::uint16_t>;

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

// True when the two views' pixel memory may overlap (in-place use). Conservative: compares the
// address ranges spanned by the corner pixels.
template <ImageView A, ImageView B>
bool may_overlap(const A& a, const B& b) noexcept {
  if (a.empty() || b.empty()) return false;
  auto span = [](const auto& v) {
    const std::byte* c[4] = {reinterpret_cast<const std::byte*>(v.pixel(0, 0)),
                             reinterpret_cast<const std::byte*>(v.pixel(v.width() - 1, 0)),
                             reinterpret_cast<const std::byte*>(v.pixel(0, v.height() - 1)),
                             reinterpret_cast<const std::byte*>(v.pixel(v.width() - 1, v.height() - 1))};
    const std::size_t px = sizeof(value_of<decltype(v)>) * std::remove_cvref_t<decltype(v)>::channels;
    return std::pair(*std::min_element(c, c + 4), *std::max_element(c, c + 4) + px);
  };
  const auto sa = span(a), sb = span(b);
  return sa.first < sb.second && sb.first < sa.second;
}

// Per-row results (e.g. a horizontal filter pass) of source rows, computed on first use and kept
// in `slots` buffers (slot = row % slots). With slots >= the image height every row is computed
// exactly once, which in-place filtering needs; otherwise a small ring suffices for a sliding window.
template <class W>
class row_cache {
 public:
  row_cache(std::size_t n, int slots)
      : n_(n), slots_(slots), tag_(static_cast<std::size_t>(slots), -1), buf_(n * static_cast<std::size_t>(slots)) {}
  template <class F>
  const W* get(int r, F&& compute) {
    const auto s = static_cast<std::size_t>(r % slots_);
    W* p = buf_.data() + n_ * s;
    if (tag_[s] != r) {
      compute(r, p);
      tag_[s] = r;
    }
    return p;
  }

 private:
  std::size_t n_;
  int slots_;
  std::vector<int> tag_;
  std::vector<W> buf_;
};

// Slots for a vertical window of k rows: a ring normally, every row when filtering in place.
template <ImageView Src, ImageView Dst>
int window_slots(const Src& src, const Dst& dst, int k) {
  const int h = src.height();
  if (may_overlap(src, dst)) return h;
  return std::min(h, k + 2);
}

// A row of v copied to p with `left` reflected columns before it and `right` after it
// (BORDER_REFLECT_101), converted to W. p holds (left + width + right) * C values.
template <ImageView V, class Arch, class W>
void padded_row(Arch, const value_of<V>* s, int width, int left, int right, W* p) {
  constexpr int C = std::remove_cvref_t<V>::channels;
  for (int i = 0; i < left; ++i) {
    const std::size_t from = static_cast<std::size_t>(reflect101(i - left, width)) * C;
    for (int c = 0; c < C; ++c) p[static_cast<std::size_t>(i) * C + c] = static_cast<W>(s[from + c]);
  }
  W* mid = p + static_cast<std::size_t>(left) * C;
  const std::size_t n = static_cast<std::size_t>(width) * C;
  simd::widen_row<Arch>(s, mid, n);
  W* tail = mid + n;
  for (int i = 0; i < right; ++i) {
    const std::size_t from = static_cast<std::size_t>(reflect101(width + i, width)) * C;
    for (int c = 0; c < C; ++c) tail[static_cast<std::size_t>(i) * C + c] = static_cast<W>(s[from + c]);
  }
}

[[noreturn]] inline void fail(const char* kernel, const std::string& why) {
  throw std::invalid_argument(std::string("imgframe: ") + kernel + ": " + why);
}

}  // namespace imgframe::kernels::detail
