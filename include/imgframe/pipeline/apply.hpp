#pragma once
// Pipelines on Spark rows: apply(row, p) dispatches once, through imgframe::visit, to the typed
// pipeline for the row's view type (no second, dynamic implementation), and returns
//   an image_row    when the pipeline ends with an image (view or image stage), or
//   a tensor_row    when it ends with to_tensor.
// Row types the pipeline does not accept, and invalid rows, are row_error (from visit); a
// runtime transformer decides whether to pass invalid rows through.
// Image results are packed as SynapseML does: the bytes as they are. A result whose order is not
// Spark's (e.g. rgb after color_format<bgr2rgb>) keeps its bytes and is labelled with the
// row's channel count; the row format has no order field.
#include <cstdint>
#include <string>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include "../core/depth.hpp"
#include "../core/image.hpp"
#include "../core/tensor.hpp"
#include "../erased/image_row.hpp"
#include "../erased/row_convert.hpp"
#include "pipeline.hpp"

namespace imgframe {

// A tensor at the runtime edge: SynapseML's array<array<array<float|double>>> as one flat
// vector in `layout` order plus its shape.
struct tensor_row {
  std::string origin;            // SynapseML drops the origin from tensors; kept for bookkeeping
  depth dtype = depth::f32;      // f32 or f64
  tensor_layout layout = tensor_layout::chw;
  std::string order;             // "rgb", "bgr" or "gray": the planes' order
  int channels = 0, height = 0, width = 0;
  std::variant<std::vector<float>, std::vector<double>> values;

  // Shape in memory order: {C, H, W} or {H, W, C}.
  std::array<std::size_t, 3> shape() const noexcept {
    const auto c = static_cast<std::size_t>(channels), h = static_cast<std::size_t>(height),
               w = static_cast<std::size_t>(width);
    if (layout == tensor_layout::chw) return {c, h, w};
    return {h, w, c};
  }
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

// Runs p on the row's typed view and erases the result back to a row.
template <Pipeline P>
auto apply(const image_row& row, const P& p) {
  return visit(row, [&](auto view) -> decltype(detail::erase_result(p(view), std::string{})) {
    return detail::erase_result(p(view), row.origin);
  });
}

namespace detail {
template <class ColourOrder, ImageView V>
auto relabel(const V& view) {
  using View = std::remove_cvref_t<V>;
  if constexpr (View::channels == 3) return view.template reinterpret_order<ColourOrder>();
  else if constexpr (View::channels == 4)
    return view.template reinterpret_order<std::conditional_t<std::is_same_v<ColourOrder, rgb>, rgba, bgra>>();
  else return view;
}
}  // namespace detail

// apply, with the row's colour bytes read as ColourOrder (rgb: R first) instead of Spark's BGR.
// OpenCV (so SynapseML) does not know channel names: COLOR_RGB2GRAY on a Spark row weighs its
// first byte as red. This reproduces that without giving up the typed stages:
//   with_color_code(7, [&](auto s) { return apply_as<rgb>(row, make_pipeline(s)); });
template <class ColourOrder, Pipeline P>
  requires(std::is_same_v<ColourOrder, bgr> || std::is_same_v<ColourOrder, rgb>)
auto apply_as(const image_row& row, const P& p) {
  return visit(row, [&](auto view) -> decltype(detail::erase_result(p(detail::relabel<ColourOrder>(view)), std::string{})) {
    return detail::erase_result(p(detail::relabel<ColourOrder>(view)), row.origin);
  });
}

}  // namespace imgframe
