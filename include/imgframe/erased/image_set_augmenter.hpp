#pragma once
// SynapseML's ImageSetAugmenter: the images, then (flip_left_right, on by default as there) each
// image flipped left-right (ImageTransformer.flip(1)), then (flip_up_down, off by default) each
// flipped up-down (flip(0)): n * (1 + LR + UD) images, originals first (the order of SynapseML's
// union of the three data frames). It makes several images of one, so it is no pipeline stage:
//   augmenter(rows)    Spark rows (any type), origins kept; invalid rows pass through the flips
//                      unchanged (SynapseML's ImageTransformer would fail the job on them)
//   augmenter(views)   typed: a range of image_views in, the views and their mirror views out
//                      (zero-copy, like the flip stage)
// In an image_transformer stage list it is the action "imagesetaugmenter" (transform_set).
#include <ranges>
#include <span>
#include <vector>

#include "../core/concepts.hpp"
#include "image_row.hpp"
#include "row_convert.hpp"

namespace imgframe {

// SynapseML's ImageSetAugmenter: the rows, then their left-right and/or up-down flips, in SynapseML's union
// order.
struct image_set_augmenter {
  bool flip_left_right = true;  // flipLeftRight (effective default true)
  bool flip_up_down = false;    // flipUpDown

  // Typed: every view of `views`, then their mirror views.
  template <std::ranges::input_range R>
    requires ImageView<std::ranges::range_value_t<R>>
  auto operator()(const R& views) const {
    std::vector<std::ranges::range_value_t<R>> out(std::ranges::begin(views), std::ranges::end(views));
    const std::size_t n = out.size();
    out.reserve(n * (1 + flip_left_right + flip_up_down));
    if (flip_left_right)
      for (std::size_t i = 0; i < n; ++i) out.push_back(out[i].flipped_left_right());
    if (flip_up_down)
      for (std::size_t i = 0; i < n; ++i) out.push_back(out[i].flipped_up_down());
    return out;
  }

  // The augmented rows: the input rows first, then each flip of all of them (invalid rows repeated unchanged).
  std::vector<image_row> operator()(std::span<const image_row> rows) const {
    std::vector<image_row> out(rows.begin(), rows.end());
    out.reserve(rows.size() * (1 + flip_left_right + flip_up_down));
    const auto add_flipped = [&](bool left_right) {
      for (const image_row& r : rows) {
        if (r.is_invalid()) {
          out.push_back(r);
          continue;
        }
        out.push_back(visit(r, [&](const auto& v) {
          return to_row(left_right ? v.flipped_left_right() : v.flipped_up_down(), r.origin);
        }));
      }
    };
    if (flip_left_right) add_flipped(true);
    if (flip_up_down) add_flipped(false);
    return out;
  }
};

}  // namespace imgframe
