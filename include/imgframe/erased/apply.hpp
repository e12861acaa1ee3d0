#pragma once
// Pipelines on Spark rows: apply(row, p) dispatches once, through imgframe::visit, to the typed
// pipeline for the row's view type (no second, dynamic implementation), and returns
//   an image_row    when the pipeline ends with an image (view or image stage), or
//   a tensor_row    when it ends with to_tensor.
// Row types the pipeline does not accept, and invalid rows, are row_error (from visit); a
// runtime transformer decides whether to pass invalid rows through.
// Image results are packed by erase_result (tensor_row.hpp). Rows enter and leave here, at the
// erased layer; pipeline/ knows only typed views.
#include <string>
#include <type_traits>

#include "../pipeline/pipeline.hpp"
#include "image_row.hpp"
#include "row_convert.hpp"
#include "tensor_row.hpp"

namespace imgframe {

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
