#pragma once
// SynapseML's UnrollBinaryImage: encoded bytes -> decoded (Spark's rules) -> optionally resized ->
// unrolled (erased/unroll.hpp's plane order, values as they are: UnrollBinaryImage reads
// getRGB / raster samples, so 0 stays 0.0). A file that does not decode gives no vector (SynapseML:
// null). The resize is java.awt's getScaledInstance(w, h, SCALE_DEFAULT), a ReplicateScaleFilter:
// output pixel (x, y) is source pixel ((2x+1)*W / (2w), (2y+1)*H / (2h)), integer division.
// Not reproduced, refused with std::invalid_argument: changing the channel count (AWT's colour-space
// conversions), and width without height. Partly transparent pixels of resized 4-channel images may
// differ by AWT's premultiplication rounding (alpha-0 pixels become 0 there, as drawn onto a
// transparent image).
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include "../erased/unroll.hpp"
#include "decode.hpp"

namespace imgframe {

// SynapseML's UnrollBinaryImage parameters, and how the bytes are decoded.
struct unroll_binary_options {
  std::optional<int> width, height;  // both or neither (UnrollBinaryImage's width / height)
  std::optional<int> n_channels;     // nChannels: must equal the decoded image's channel count
  // How the bytes are decoded.
  decode_options decode{};
};

// ReplicateScaleFilter's nearest neighbour on a tight interleaved 8-bit row.
inline image_row replicate_scale(const image_row& in, int width, int height) {
  image_row out = in;
  out.width = width;
  out.height = height;
  const std::size_t c = static_cast<std::size_t>(in.n_channels);
  out.data.assign(static_cast<std::size_t>(width) * static_cast<std::size_t>(height) * c, 0);
  for (int y = 0; y < height; ++y) {
    const long long sy = (2LL * y + 1) * in.height / (2LL * height);
    for (int x = 0; x < width; ++x) {
      const long long sx = (2LL * x + 1) * in.width / (2LL * width);
      const std::uint8_t* src = in.data.data() + (static_cast<std::size_t>(sy) * static_cast<std::size_t>(in.width) +
                                                   static_cast<std::size_t>(sx)) * c;
      std::uint8_t* dst = out.data.data() + (static_cast<std::size_t>(y) * static_cast<std::size_t>(width) +
                                             static_cast<std::size_t>(x)) * c;
      for (std::size_t k = 0; k < c; ++k) dst[k] = src[k];
      if (c == 4 && dst[3] == 0) dst[0] = dst[1] = dst[2] = 0;  // drawn onto a transparent image
    }
  }
  return out;
}

// SynapseML's UnrollBinaryImage: decodes the bytes, scales them to width x height if asked
// (ReplicateScaleFilter), and unrolls them; nullopt when they do not decode or nChannels differs; throws
// std::invalid_argument for width without height or a size that is not positive.
inline std::optional<std::vector<double>> unroll_binary_image(std::span<const std::uint8_t> bytes,
                                                              const unroll_binary_options& o = {}) {
  if (o.width.has_value() != o.height.has_value())
    throw std::invalid_argument("unroll_binary_image: Height and width must either both be specified or unspecified");
  if (o.width && (*o.width <= 0 || *o.height <= 0))
    throw std::invalid_argument("unroll_binary_image: width and height must be positive");
  decode_result d = decode(bytes, "", o.decode);
  if (!d.ok()) return std::nullopt;
  if (o.n_channels && *o.n_channels != d.row.n_channels)
    throw std::invalid_argument("unroll_binary_image: converting a " + std::to_string(d.row.n_channels) +
                                "-channel image to nChannels = " + std::to_string(*o.n_channels) +
                                " (java.awt's colour conversion) is not reproduced");
  if (o.width && (*o.width != d.row.width || *o.height != d.row.height))
    return unroll_image(replicate_scale(d.row, *o.width, *o.height), unroll_values::exact);
  return unroll_image(d.row, unroll_values::exact);
}

}  // namespace imgframe
