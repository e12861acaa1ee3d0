#pragma once
// Shrink-on-load: decode a JPEG at a reduced libjpeg-turbo DCT scale (1/2, 1/4 or 1/8) when the
// pipeline that follows only needs a smaller image, as libvips' jpegload shrink and Pillow's
// draft() do. Opt-in (decode_options::shrink, default off): Spark's rows are full-size decodes,
// so `read` stays byte-exact. The decoder picks the smallest scale whose output still has at
// least min_width x min_height pixels and a short side of at least min_short_side; the
// pipeline's own resize then runs on the smaller decode (pipeline/shrink_plan.hpp derives the
// target from a typed pipeline). Measured difference to the full-size path: see
// tests/runtime/io/test_shrink_on_load.cpp. Formats other than JPEG decode at full size.
#include <algorithm>

namespace imgframe {

// The smallest decode a pipeline still needs: a width, a height, or a shorter side (0: no bound); all 0 means full size.
struct shrink_on_load {
  // Lower bounds of the decoded width, height and shorter side, in pixels (0: none).
  int min_width = 0, min_height = 0, min_short_side = 0;

  // True when some bound is set.
  constexpr bool enabled() const noexcept { return min_width > 0 || min_height > 0 || min_short_side > 0; }
  // True when a w x h decode still serves the pipeline.
  constexpr bool fits(int w, int h) const noexcept {
    return w >= min_width && h >= min_height && std::min(w, h) >= min_short_side;
  }
};

}  // namespace imgframe
