#pragma once
// SynapseML's UnrollImage: an image as one flat vector of doubles, channel planes in the stored order
// (B, G, R[, A] for Spark rows), each plane row-major: out[c*H*W + y*W + x] = pixel(y, x)[c].
// SynapseML converts each byte with `b = byte.toDouble; if (b > 0) b else b + 256` on Java's signed
// byte, so 0 becomes 256.0 (1..255 keep their value): unroll_values::synapseml reproduces it (the
// default: vectors equal SynapseML's, so models trained on them see the same input);
// unroll_values::exact gives 0.0 for 0.
//
//   std::vector<double> v = imgframe::unroll_image(row);          // like UnrollImage.unroll(row)
//   std::vector<double> w = imgframe::unroll(view);               // typed: any 8-bit image_view
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <vector>

#include "../core/concepts.hpp"
#include "../core/image_view.hpp"
#include "../core/mode.hpp"
#include "image_row.hpp"

namespace imgframe {

// How unroll writes a zero byte: as SynapseML's UnrollImage (256.0) or as its value (0.0).
enum class unroll_values {
  synapseml,  // 0 -> 256.0, SynapseML's signed-byte conversion (UnrollImage)
  exact,      // 0 -> 0.0 (UnrollBinaryImage's values, and what the pixels are)
};

namespace detail {
inline double unrolled_byte(std::uint8_t b, unroll_values v) noexcept {
  return b == 0 && v == unroll_values::synapseml ? 256.0 : static_cast<double>(b);
}
}  // namespace detail

// Typed: the planes of an 8-bit view in its own channel order (any stride, any crop).
template <ImageView V>
  requires std::is_same_v<typename std::remove_cvref_t<V>::value_type, std::uint8_t>
std::vector<double> unroll(const V& view, unroll_values values = unroll_values::synapseml) {
  constexpr int C = std::remove_cvref_t<V>::channels;
  const std::size_t w = static_cast<std::size_t>(view.width()), h = static_cast<std::size_t>(view.height());
  std::vector<double> out(w * h * C);
  for (int c = 0; c < C; ++c)
    for (std::size_t y = 0; y < h; ++y) {
      double* dst = out.data() + (static_cast<std::size_t>(c) * h + y) * w;
      for (std::size_t x = 0; x < w; ++x)
        dst[x] = detail::unrolled_byte(view.pixel(static_cast<int>(x), static_cast<int>(y))[c], values);
    }
  return out;
}

// Runtime, on a Spark row: UnrollImage.unroll's checks ("image has incorrect dimensions",
// "image has incorrect number of bytes"), which an invalid row fails; only 8-bit rows (SynapseML
// unrolls bytes: a 16-bit row would fail its byte count). Throws std::invalid_argument.
inline std::vector<double> unroll_image(const image_row& row, unroll_values values = unroll_values::synapseml) {
  const long long area = static_cast<long long>(row.width) * row.height;
  if (area < 0 || area >= 100'000'000)
    throw std::invalid_argument("unroll_image: image has incorrect dimensions (" + std::to_string(row.width) + "x" +
                                std::to_string(row.height) + ")");
  if (row.n_channels < 1 || static_cast<long long>(row.data.size()) != area * row.n_channels)
    throw std::invalid_argument("unroll_image: image has incorrect number of bytes (" + std::to_string(row.data.size()) +
                                " for " + std::to_string(row.width) + "x" + std::to_string(row.height) + "x" +
                                std::to_string(row.n_channels) + ")");
  if (row.width < 0 || row.height < 0)  // (-2)x(-2) passes both checks above: SynapseML unrolls zeros
    throw std::invalid_argument("unroll_image: image has incorrect dimensions (" + std::to_string(row.width) + "x" +
                                std::to_string(row.height) + ")");
  if (mode_depth(row.mode) != depth::u8)
    throw std::invalid_argument("unroll_image: mode " + std::to_string(row.mode) +
                                " is not an 8-bit image (UnrollImage unrolls bytes)");
  const std::size_t n = static_cast<std::size_t>(area), c_count = static_cast<std::size_t>(row.n_channels);
  std::vector<double> out(n * c_count);
  for (std::size_t c = 0; c < c_count; ++c)
    for (std::size_t i = 0; i < n; ++i) out[c * n + i] = detail::unrolled_byte(row.data[i * c_count + c], values);
  return out;
}

}  // namespace imgframe
