#pragma once
// Shrink-on-load: decode a JPEG at a reduced libjpeg-turbo DCT scale (1/2, 1/4 or 1/8) when the
// pipeline that follows only needs a smaller image, as libvips' jpegload shrink and Pillow's
// draft() do. Opt-in (decode_options::shrink, default off): Spark's rows are full-size decodes,
// so `read` stays byte-exact. The decoder picks the smallest scale whose output still has at
// least min_width x min_height pixels and a short side of at least min_short_side; the
// pipeline's own resize then runs on the smaller decode (pipeline/shrink_plan.hpp derives the
// target from a typed pipeline). Measured difference to the full-size path: see
// tests/runtime/io/test_shrink_on_load.cpp. Formats other than JPEG decode at full size.
//
// A pipeline that crops before it resizes (crop -> resize, center_crop -> resize) only needs the
// crop's region at the resize's size: `crop` carries that crop, in full-size pixels, the minimum
// size applies to the region, and the decoder itself cuts the region (mapped to the decoded
// scale) out of every row it decodes, whatever the format (at scale 1 exactly the crop stage's
// pixels). The pipeline then runs without its leading crop (shrink_rest in shrink_plan.hpp).
//
// A pipeline that crops the resize's result (resize_short -> center_crop, ImageNet's chain) only reads
// the source pixels under the crop's taps: roi_plan(pipeline) sets `source_window`, which names them
// for a decode of any size, and the decoder then decodes only those (ROI decode, libjpeg-turbo) and
// says where they lie (decode_result::window); shrink_run(pipeline, view, result) resizes them with
// the whole image's sampling positions - the same values as the pipeline on the whole decode.
#include <algorithm>
#include <cstdint>

#include "../stages/center_crop.hpp"
#include "../stages/crop.hpp"

namespace imgframe {

// The smallest decode a pipeline still needs: a width, a height, or a shorter side (0: no bound),
// of the whole image or of the pipeline's leading crop; all 0 and no crop means full size.
struct shrink_on_load {
  // The leading crop the decoder applies: none, crop{x, y, h, w} or center_crop{h, w}.
  enum class crop_kind { none, region, center };

  // Lower bounds of the decoded width, height and shorter side, in pixels (0: none).
  int min_width = 0, min_height = 0, min_short_side = 0;
  // Which leading crop the decoder applies.
  crop_kind crop = crop_kind::none;
  // The crop, in full-size pixels (crop_x, crop_y only for crop_kind::region).
  int crop_x = 0, crop_y = 0, crop_width = 0, crop_height = 0;

  // The pixels of a sw x sh decode that the pipeline reads (set by roi_plan; nullptr: all of them).
  using source_window_fn = roi (*)(const shrink_on_load&, int sw, int sh);
  // What it computes from: the leading resize's sampling, and the crop of its result.
  source_window_fn source_window = nullptr;
  // The leading resize's interpolation (the stages' enum, as int: io/ does not include the stages).
  int resize_interpolation = 0;
  // The crop after the resize: region (then_x, then_y used) or center.
  crop_kind then_crop = crop_kind::none;
  // That crop, in pixels of the resize's result.
  int then_x = 0, then_y = 0, then_width = 0, then_height = 0;

  // True when some bound or a crop is set.
  constexpr bool enabled() const noexcept {
    return min_width > 0 || min_height > 0 || min_short_side > 0 || crop != crop_kind::none;
  }
  // True when the decoder applies a leading crop.
  constexpr bool crops() const noexcept { return crop != crop_kind::none; }

  // The crop's region in a w x h image (the whole image without a crop); crop_kind::region throws
  // std::out_of_range, as the crop stage does, when the region leaves the image.
  constexpr roi region(int w, int h) const {
    switch (crop) {
      case crop_kind::none: break;
      case crop_kind::region: return imgframe::crop{crop_x, crop_y, crop_height, crop_width}.region(w, h);
      case crop_kind::center: return center_crop{crop_height, crop_width}.region(w, h);
    }
    return {0, 0, w, h};
  }
  // That region mapped to the same image decoded at sw x sh: the smallest pixel window covering it.
  constexpr roi scaled_region(int w, int h, int sw, int sh) const {
    const roi r = region(w, h);
    if (sw == w && sh == h) return r;
    auto lo = [](int v, int s, int full) { return static_cast<int>(std::int64_t{v} * s / full); };
    auto hi = [](int v, int s, int full) { return static_cast<int>((std::int64_t{v} * s + full - 1) / full); };
    const int x0 = lo(r.x, sw, w), y0 = lo(r.y, sh, h);
    const int x1 = std::min(sw, hi(r.x + r.width, sw, w)), y1 = std::min(sh, hi(r.y + r.height, sh, h));
    return {x0, y0, x1 - x0, y1 - y0};
  }
  // True when decoding the w x h image at sw x sh still serves the pipeline: the part it reads
  // (the crop's region, else the whole image) keeps the minimum size.
  constexpr bool fits(int w, int h, int sw, int sh) const {
    const roi r = scaled_region(w, h, sw, sh);
    return r.width >= min_width && r.height >= min_height && std::min(r.width, r.height) >= min_short_side;
  }
};

// Where a row lies in the image decoded for it, after a decode with a source_window (roi_plan,
// shrink_plan(image_transformer)): the row holds `part` of a width x height image
// (decode_result::decoded_width, decoded_height, window). width 0: the row is the whole image.
struct decode_window {
  // The whole image's size at the decoded scale.
  int width = 0, height = 0;
  // The part of it the row holds.
  roi part{};
  // True when the row is the whole image (nothing set, or a part that is all of it).
  constexpr bool whole() const noexcept { return width == 0 || (part.width == width && part.height == height); }
  // The same window.
  friend constexpr bool operator==(const decode_window&, const decode_window&) = default;
};

}  // namespace imgframe
