#pragma once
// center_crop{height, width}: SynapseML's centerCrop, integer arithmetic as it does it:
//   cw = min(width, W), ch = min(height, H), x = W/2 - cw/2, y = H/2 - ch/2 (each division
//   truncates, so W=5, cw=2 gives x=1 where torchvision's round(1.5) gives 2).
// A crop larger than the image is clamped to it. Zero-copy, like crop.
#include <string_view>

#include "../core/error.hpp"
#include "crop.hpp"
#include "stage.hpp"

namespace imgframe {

// The centred height x width window (a view: no pixels copied).
struct center_crop {
  // Window height.
  int height = 0;
  // Window width.
  int width = 0;

  // The stage's name in plans and errors.
  static constexpr std::string_view name = "center_crop";
  // A window on its input.
  static constexpr stage_kind kind = stage_kind::view;

  // Same format out; any image in.
  using format = stage_format<same_format, needs::image_input>;

  // The window on an image_width x image_height image.
  constexpr roi region(int image_width, int image_height) const {
    if (height < 0 || width < 0)
      detail::raise(detail::error_kind::invalid_argument,
                    {"imgframe center_crop: height and width must not be negative (height=", height,
                     ", width=", width, ")"});
    const int cw = width < image_width ? width : image_width;
    const int ch = height < image_height ? height : image_height;
    return {image_width / 2 - cw / 2, image_height / 2 - ch / 2, cw, ch};
  }
};

}  // namespace imgframe
