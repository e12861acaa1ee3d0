#pragma once
// shrink_plan(transformer): shrink-on-load for the rows a runtime image_transformer will read, as
// pipeline/shrink_plan.hpp does for a typed pipeline: the decode_options::shrink its leading stages
// allow, and the transformer to run on rows decoded with it.
//   * crop / centercrop then resize: the resize's minimum size for the crop's region; the decoder
//     cuts the region out, so `rest` is the transformer without its leading crop.
//   * resize then crop / centercrop (ImageNet's resize short side -> centercrop): the resize's
//     minimum, and the source window the crop reads (roi_plan), so that the decoder decodes only
//     that part of a JPEG; `rest` is the transformer itself, run on each row with the row's
//     decode_window (dataset_row::window): rest.transform(row, window).
//   * a leading resize: its minimum size.
//   const auto [shrink, rest] = shrink_plan(t);
//   read_options o;  o.decode.shrink = shrink;  ... rest.transform(row.row, row.window) ...
#include <variant>

#include "../../io/shrink_on_load.hpp"
#include "../../pipeline/shrink_plan.hpp"
#include "../image_transformer.hpp"

namespace imgframe {

// What shrink_plan(image_transformer) returns.
struct transformer_shrink {
  shrink_on_load shrink;   // for decode_options::shrink (read_options::decode.shrink)
  image_transformer rest;  // the transformer to run on the rows decoded with it (with their decode_window)
};

// The shrink-on-load a transformer's leading stages allow, and the transformer for its rows.
inline transformer_shrink shrink_plan(const image_transformer& t) {
  const auto& stages = t.stages();
  if (stages.empty()) return {{}, t};
  if (stages.size() >= 2) {
    const shrink_on_load s = std::visit(
        [](const auto& c, const auto& r) -> shrink_on_load {
          using C = std::remove_cvref_t<decltype(c)>;
          using R = std::remove_cvref_t<decltype(r)>;
          if constexpr (detail::is_shrink_crop<C> && detail::is_shrink_resize<R>)
            return shrink_plan(c, r);
          else
            return {};
        },
        stages[0].stage, stages[1].stage);
    if (s.crops()) return {s, t.without_leading_stages(1)};
    const shrink_on_load w = std::visit(
        [](const auto& r, const auto& c) -> shrink_on_load {
          using R = std::remove_cvref_t<decltype(r)>;
          using C = std::remove_cvref_t<decltype(c)>;
          if constexpr (detail::is_shrink_resize<R> && detail::is_shrink_crop<C>)
            return roi_plan(r, c);
          else
            return {};
        },
        stages[0].stage, stages[1].stage);
    if (w.enabled()) return {w, t};
  }
  return {std::visit(
              [](const auto& s) -> shrink_on_load {
                if constexpr (requires { shrink_plan(s); })  // color_format_code is not a Stage
                  return shrink_plan(s);
                else
                  return {};
              },
              stages.front().stage),
          t};
}

}  // namespace imgframe
