#pragma once
// Row kernel driver. A kernel is an Arch-first function object (xsimd's style):
//     struct k { template <class Arch> void operator()(Arch, const T* src, U* dst, std::size_t n) const; };
// called with simd::default_arch{} (fixed by the consumer's -m flags) or simd::scalar_arch{}.
// Inside, for_each_batch writes the loop once: a vector body over full batches, then either a
// scalar tail or, for pure out-of-place kernels, one overlapped last batch (Halide's trick).
// Rows of mirrored views (pixel_step -C) are copied forward first, so kernels see plain arrays.
#include <algorithm>
#include <cstddef>
#include <vector>

#include "../core/concepts.hpp"
#include "../core/image_view.hpp"
#include "arch.hpp"

namespace imgframe::simd {

// What a vector loop does with the last n % N elements.
enum class tail_policy {
  scalar,      // remaining elements one by one (always correct, also in place)
  overlapped,  // recompute the last full batch ending at n (only when dst never aliases src)
};

// body(i) handles elements [i, i + N); scalar(i) handles element i.
// With N == 1 (the scalar path) only scalar(i) runs.
template <std::size_t N, tail_policy Tail = tail_policy::scalar, class Body, class Scalar>
constexpr void for_each_batch(std::size_t n, Body&& body, Scalar&& scalar) {
  std::size_t i = 0;
  if constexpr (N > 1) {
    for (; i + N <= n; i += N) body(i);
    if constexpr (Tail == tail_policy::overlapped) {
      if (i < n && n >= N) {
        body(n - N);
        return;
      }
    }
  }
  for (; i < n; ++i) scalar(i);
}

// Lanes of T on Arch, with the loop written once for both paths.
template <class T, class Arch, tail_policy Tail = tail_policy::scalar, class Body, class Scalar>
constexpr void for_each_batch_of(Arch, std::size_t n, Body&& body, Scalar&& scalar) {
  if constexpr (vectorize<T, Arch>)
    for_each_batch<lanes<T, Arch>, Tail>(n, body, scalar);
  else
    for_each_batch<1, Tail>(n, body, scalar);
}

// Row y of v as a forward array of width*C values: the row itself when pixels run forward,
// otherwise a copy in buf (mirrored views). buf is reused across rows.
template <ImageView V>
const typename std::remove_cvref_t<V>::value_type* forward_row(
    const V& v, int y, std::vector<typename std::remove_cvref_t<V>::value_type>& buf) {
  using view_t = std::remove_cvref_t<V>;
  constexpr int C = view_t::channels;
  if (v.rows_are_contiguous()) return v.row(y);
  buf.resize(v.row_elements());
  for (int x = 0; x < v.width(); ++x) {
    const auto* p = v.pixel(x, y);
    for (int c = 0; c < C; ++c) buf[static_cast<std::size_t>(x) * C + c] = p[c];
  }
  return buf.data();
}

// Writes a forward array of width*C values into row y of a (possibly mirrored) view.
template <MutableImageView V>
void store_row(const V& v, int y, const typename std::remove_cvref_t<V>::value_type* src) {
  using view_t = std::remove_cvref_t<V>;
  constexpr int C = view_t::channels;
  if (v.rows_are_contiguous()) {
    std::copy(src, src + v.row_elements(), v.row(y));
    return;
  }
  for (int x = 0; x < v.width(); ++x) {
    auto* p = v.pixel(x, y);
    for (int c = 0; c < C; ++c) p[c] = src[static_cast<std::size_t>(x) * C + c];
  }
}

// Applies a row kernel k(arch, const T* src, U* dst, n) to every row of src into dst (same size).
// Forward rows are passed straight through; mirrored rows go through buffers.
template <class Arch = default_arch, ImageView Src, MutableImageView Dst, class Kernel>
void transform_rows(const Src& src, const Dst& dst, const Kernel& k) {
  using src_t = typename std::remove_cvref_t<Src>::value_type;
  using dst_t = typename std::remove_cvref_t<Dst>::value_type;
  std::vector<src_t> in;
  std::vector<dst_t> out;
  const std::size_t n = dst.row_elements();
  for (int y = 0; y < dst.height(); ++y) {
    const src_t* s = forward_row(src, y, in);
    if (dst.rows_are_contiguous()) {
      k(Arch{}, s, dst.row(y), n);
    } else {
      out.resize(n);
      k(Arch{}, s, out.data(), n);
      store_row(dst, y, out.data());
    }
  }
}

}  // namespace imgframe::simd
