#pragma once
// blur{kernel_width, kernel_height}: normalized box filter (OpenCV blur, anchor at the centre,
// BORDER_REFLECT_101). SynapseML's blur(height, width) passes Size(height, width) to OpenCV, so
// its `height` parameter is the kernel *width*; the runtime transformer maps it that way.
#include <string_view>

#include "../core/error.hpp"
#include "stage.hpp"

namespace imgframe {

// Box blur (OpenCV's blur with a kernel_width x kernel_height kernel, BORDER_REFLECT_101).
struct blur {
  // Kernel width in pixels.
  int kernel_width = 3;
  // Kernel height in pixels.
  int kernel_height = 3;

  // The stage's name in plans and errors.
  static constexpr std::string_view name = "blur";
  // Runs as its own pass.
  static constexpr stage_kind kind = stage_kind::kernel;

  // Same format out; 8-bit or float images in.
  using format = stage_format<same_format, needs::image_input, needs::u8_or_float_values>;

  // Throws std::invalid_argument for a kernel side outside 1...65536.
  void validate() const {
    if (kernel_width <= 0 || kernel_height <= 0 || kernel_width > 65536 || kernel_height > 65536)
      detail::raise(detail::error_kind::invalid_argument,
                    {"imgframe blur: kernel width and height must be in 1...65536 (width=", kernel_width,
                     ", height=", kernel_height, ")"});
  }
};

}  // namespace imgframe
