#pragma once
// blur{kernel_width, kernel_height}: normalized box filter (OpenCV blur, anchor at the centre,
// BORDER_REFLECT_101). SynapseML's blur(height, width) passes Size(height, width) to OpenCV, so
// its `height` parameter is the kernel *width*; the runtime transformer maps it that way.
#include <stdexcept>
#include <string>
#include <string_view>

#include "stage.hpp"

namespace imgframe {

struct blur {
  int kernel_width = 3;
  int kernel_height = 3;

  static constexpr std::string_view name = "blur";
  static constexpr stage_kind kind = stage_kind::kernel;

  using format = stage_format<same_format, needs::image_input, needs::u8_or_float_values>;

  void validate() const {
    if (kernel_width <= 0 || kernel_height <= 0 || kernel_width > 65536 || kernel_height > 65536)
      throw std::invalid_argument("imgframe blur: kernel width and height must be in 1...65536 (width=" +
                                  std::to_string(kernel_width) + ", height=" + std::to_string(kernel_height) + ")");
  }
};

}  // namespace imgframe
