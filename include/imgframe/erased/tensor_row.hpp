#pragma once
// tensor_row: a tensor at the runtime edge, and erase_result, the door by which a typed result
// (a view, an image or a tensor) leaves as a row. Hana-free, pipeline-free.
// Image results are packed as SynapseML does: the bytes as they are. A result whose order is not
// Spark's (e.g. rgb after color_format<bgr2rgb>) keeps its bytes and is labelled with the
// row's channel count; the row format has no order field.
#include <array>
#include <cstddef>
#include <string>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include "../core/depth.hpp"
#include "../core/image.hpp"
#include "../core/tensor.hpp"
#include "image_row.hpp"
#include "row_convert.hpp"

namespace imgframe {

// A tensor at the runtime edge: SynapseML's array<array<array<float|double>>> as one flat
// vector in `layout` order plus its shape.
struct tensor_row {
  std::string origin;            // SynapseML drops the origin from tensors; kept for bookkeeping
  depth dtype = depth::f32;      // f32 or f64
  // Planes (CHW) or interleaved (HWC).
  tensor_layout layout = tensor_layout::chw;
  std::string order;             // "rgb", "bgr" or "gray": the planes' order
  // Shape: planes, height and width.
  int channels = 0, height = 0, width = 0;
  // The values in layout order, float or double as dtype says.
  std::variant<std::vector<float>, std::vector<double>> values;

  // Shape in memory order: {C, H, W} or {H, W, C}.
  std::array<std::size_t, 3> shape() const noexcept {
    const auto c = static_cast<std::size_t>(channels), h = static_cast<std::size_t>(height),
               w = static_cast<std::size_t>(width);
    if (layout == tensor_layout::chw) return {c, h, w};
    return {h, w, c};
  }
  // Same shape, order and values.
  friend bool operator==(const tensor_row&, const tensor_row&) = default;
};

namespace detail {

template <ImageView V>
image_row erase_result(const V& view, std::string origin) {
  using View = std::remove_cvref_t<V>;
  return to_row(view.template reinterpret_order<spark_order_t<View::channels>>(), std::move(origin));
}

template <class T, int C, class O>
image_row erase_result(const image<T, C, O>& img, std::string origin) {
  return erase_result(img.cview(), std::move(origin));
}

template <class T, class O, class L>
tensor_row erase_result(tensor<T, O, L>&& t, std::string origin) {
  tensor_row r;
  r.origin = std::move(origin);
  r.dtype = depth_of_v<T>;
  r.layout = L::value;
  r.order = std::string(O::name);
  r.channels = O::channels;
  r.height = t.height();
  r.width = t.width();
  r.values = std::move(t).values();
  return r;
}

}  // namespace detail

}  // namespace imgframe
