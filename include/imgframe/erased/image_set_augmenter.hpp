#pragma once
// SynapseML's ImageSetAugmenter: the rows, then (flip_left_right, on by default as there) each row
// flipped left-right (ImageTransformer.flip(1)), then (flip_up_down, off by default) each row flipped
// up-down (flip(0)): rows.size() * (1 + LR + UD) rows, originals first (the order of SynapseML's
// union), origins kept. Invalid rows pass through the flips unchanged (SynapseML's ImageTransformer
// would fail the job on them). A flip is the typed mirror view packed back into a row: any row type.
#include <span>
#include <vector>

#include "image_row.hpp"
#include "row_convert.hpp"

namespace imgframe {

// SynapseML's ImageSetAugmenter: the rows, then their left-right and/or up-down flips, in SynapseML's union
// order.
struct image_set_augmenter {
  bool flip_left_right = true;  // flipLeftRight (effective default true)
  bool flip_up_down = false;    // flipUpDown

  // The augmented rows: the input rows first, then each flip of all of them (invalid rows repeated unchanged).
  std::vector<image_row> operator()(std::span<const image_row> rows) const {
    std::vector<image_row> out(rows.begin(), rows.end());
    out.reserve(rows.size() * (1 + flip_left_right + flip_up_down));
    auto add_flipped = [&](bool left_right) {
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
