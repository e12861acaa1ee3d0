#pragma once
// crop{x, y, height, width}: SynapseML's crop(x, y, height, width) (note the argument order),
// i.e. OpenCV's ROI Rect(x, y, width, height); x is the column, y the row. Zero-copy: the
// executor returns a window on its input. A region outside the image is a std::out_of_range
// naming the stage (SynapseML lets OpenCV's CvException fail the job).
#include <string_view>

#include "../core/error.hpp"
#include "stage.hpp"

namespace imgframe {

// A rectangle: top-left corner (x, y) and size, in pixels.
struct roi {
  // Left column, top row, width and height.
  int x = 0, y = 0, width = 0, height = 0;
  // True for the same rectangle.
  friend constexpr bool operator==(const roi&, const roi&) = default;
};

// The rectangle at (x, y) of height x width (a view: no pixels copied); outside the image it is an error.
struct crop {
  // Left column.
  int x = 0;
  // Top row.
  int y = 0;
  // Height.
  int height = 0;
  // Width.
  int width = 0;

  // The stage's name in plans and errors.
  static constexpr std::string_view name = "crop";
  // A window on its input.
  static constexpr stage_kind kind = stage_kind::view;

  // Same format out; any image in.
  using format = stage_format<same_format, needs::image_input>;

  // The window in an image of the given size; throws when it leaves the image.
  constexpr roi region(int image_width, int image_height) const {
    if (x < 0 || y < 0 || width < 0 || height < 0 || x > image_width - width || y > image_height - height)
      detail::raise(detail::error_kind::out_of_range,
                    {"imgframe crop: region (x=", x, ", y=", y, ", height=", height, ", width=", width,
                     ") is outside the ", image_width, "x", image_height, " (width x height) image"});
    return {x, y, width, height};
  }
};

}  // namespace imgframe
