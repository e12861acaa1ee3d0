#pragma once
// SynapseML's UnrollImage on a Spark row: the typed unroll stage (stages/unroll.hpp) on the row's
// view, so the planes come in the stored order B, G, R[, A], each row-major:
// out[c*H*W + y*W + x] = pixel(y, x)[c], with SynapseML's 0 -> 256.0 by default.
//
//   std::vector<double> v = imgframe::unroll_image(row);          // like UnrollImage.unroll(row)
//   auto t = imgframe::make_pipeline(imgframe::unroll{})(view);   // typed: tensor<double, Order, chw>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <vector>

#include "../core/mode.hpp"
#include "../pipeline/pipeline.hpp"
#include "image_row.hpp"
#include "row_convert.hpp"

namespace imgframe {

// UnrollImage.unroll's checks ("image has incorrect dimensions", "image has incorrect number of
// bytes"), which an invalid row fails; only 8-bit rows (SynapseML unrolls bytes: a 16-bit row would
// fail its byte count). Throws std::invalid_argument.
inline std::vector<double> unroll_image(const image_row& row, unroll_values values = unroll_values::synapseml) {
  const long long area = static_cast<long long>(row.width) * row.height;
  const auto dims = [&] { return std::to_string(row.width) + "x" + std::to_string(row.height); };
  if (area < 0 || area >= 100'000'000)
    throw std::invalid_argument("unroll_image: image has incorrect dimensions (" + dims() + ")");
  if (row.n_channels < 1 || static_cast<long long>(row.data.size()) != area * row.n_channels)
    throw std::invalid_argument("unroll_image: image has incorrect number of bytes (" + std::to_string(row.data.size()) +
                                " for " + dims() + "x" + std::to_string(row.n_channels) + ")");
  if (row.width < 0 || row.height < 0)  // (-2)x(-2) passes both checks above: SynapseML unrolls zeros
    throw std::invalid_argument("unroll_image: image has incorrect dimensions (" + dims() + ")");
  if (mode_depth(row.mode) != depth::u8)
    throw std::invalid_argument("unroll_image: mode " + std::to_string(row.mode) +
                                " is not an 8-bit image (UnrollImage unrolls bytes)");
  const auto p = make_pipeline(unroll{values});
  return visit(row, [&]<class V>(const V& v) -> std::vector<double>
                      requires pipeline<unroll>::template accepts<V>
                    { return p(v).values(); });
}

}  // namespace imgframe
