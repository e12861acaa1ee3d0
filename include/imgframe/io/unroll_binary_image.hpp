#pragma once
// SynapseML's UnrollBinaryImage: encoded bytes -> decoded (Spark's rules) -> resized when the size
// asked for differs (replicate_resize: java.awt's ReplicateScaleFilter, stages/unroll.hpp) ->
// unrolled with exact values (unroll{unroll_values::exact}: unrollBI reads raster samples /
// getRGB, so 0 stays 0.0). A file that does not decode gives no vector (SynapseML: null).
// Not reproduced, refused with std::invalid_argument: changing the channel count (nChannels: AWT's
// colour-space conversions), and width without height. Partly transparent pixels of resized
// 4-channel images may differ by AWT's premultiplication rounding.
#include <cstdint>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include "../erased/row_convert.hpp"
#include "../pipeline/pipeline.hpp"
#include "decode.hpp"

namespace imgframe {

// SynapseML's UnrollBinaryImage parameters, and how the bytes are decoded.
struct unroll_binary_options {
  std::optional<int> width, height;  // both or neither (UnrollBinaryImage's width / height)
  std::optional<int> n_channels;     // nChannels: must equal the decoded image's channel count
  // How the bytes are decoded.
  decode_options decode{};
};

// SynapseML's UnrollBinaryImage: the decoded bytes, resized to width x height if asked, unrolled;
// nullopt when they do not decode. Throws std::invalid_argument (see the top of this file).
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
  if (mode_depth(d.row.mode) != depth::u8)
    throw std::invalid_argument("unroll_binary_image: the decoded image is not 8-bit (mode " +
                                std::to_string(d.row.mode) + ")");
  const unroll values{unroll_values::exact};
  return visit(d.row, [&]<class V>(const V& v) -> std::vector<double>
                        requires pipeline<unroll>::template accepts<V>
                      {
                        if (o.width && (*o.width != v.width() || *o.height != v.height()))
                          return (replicate_resize{*o.width, *o.height} | values)(v).values();
                        return make_pipeline(values)(v).values();
                      });
}

}  // namespace imgframe
