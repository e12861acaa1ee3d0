#pragma once
// Row-wise algorithms on views: the row is the unit of work, contiguous rows take memcpy/memcmp.
#include <cstring>

#include "concepts.hpp"
#include "error.hpp"
#include "image_view.hpp"

namespace imgframe {

// Calls f(pixel_pointer, x, y) for every pixel, rows top to bottom.
template <ImageView V, class F>
constexpr void for_each_pixel(const V& v, F&& f) {
  for (int y = 0; y < v.height(); ++y)
    for (int x = 0; x < v.width(); ++x) f(v.pixel(x, y), x, y);
}

// Copies every pixel of src into dst (same size, channel count and value type; any strides).
template <ImageView Src, MutableImageView Dst>
  requires SamePixelLayout<Src, Dst>
void copy_pixels(const Src& src, const Dst& dst) {
  if (src.width() != dst.width() || src.height() != dst.height())
    detail::raise(detail::error_kind::invalid_argument, {"imgframe: copy_pixels needs views of the same size"});
  constexpr int C = Src::channels;
  for (int y = 0; y < src.height(); ++y) {
    if (src.rows_are_contiguous() && dst.rows_are_contiguous()) {
      std::memcpy(dst.row(y), src.row(y), src.row_bytes());
    } else {
      for (int x = 0; x < src.width(); ++x)
        for (int c = 0; c < C; ++c) dst.pixel(x, y)[c] = src.pixel(x, y)[c];
    }
  }
}

// True when both views have the same size and the same channel values at every pixel.
template <ImageView A, ImageView B>
  requires SamePixelLayout<A, B>
bool equal_pixels(const A& a, const B& b) {
  if (a.width() != b.width() || a.height() != b.height()) return false;
  constexpr int C = A::channels;
  for (int y = 0; y < a.height(); ++y) {
    if (a.rows_are_contiguous() && b.rows_are_contiguous()) {
      if (std::memcmp(a.row(y), b.row(y), a.row_bytes()) != 0) return false;
    } else {
      for (int x = 0; x < a.width(); ++x)
        for (int c = 0; c < C; ++c)
          if (!(a.pixel(x, y)[c] == b.pixel(x, y)[c])) return false;
    }
  }
  return true;
}

}  // namespace imgframe
