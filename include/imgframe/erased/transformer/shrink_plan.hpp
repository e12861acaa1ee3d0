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
#include <utility>
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
    // One visit of the first two stages: crop / centercrop then resize (crop_first), or resize then
    // crop / centercrop (the source window the crop reads).
    const auto [s, crop_first] = std::visit(
        [](const auto& a, const auto& b) -> std::pair<shrink_on_load, bool> {
          using A = std::remove_cvref_t<decltype(a)>;
          using B = std::remove_cvref_t<decltype(b)>;
          if constexpr (detail::is_shrink_crop<A> && detail::is_shrink_resize<B>)
            return {shrink_plan(a, b), true};
          else if constexpr (detail::is_shrink_resize<A> && detail::is_shrink_crop<B>)
            return {roi_plan(a, b), false};
          else
            return {shrink_on_load{}, false};
        },
        stages[0].stage, stages[1].stage);
    if (crop_first && s.crops()) return {s, t.without_leading_stages(1)};
    if (!crop_first && s.enabled()) return {s, t};
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
