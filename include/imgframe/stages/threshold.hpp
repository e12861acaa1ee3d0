#pragma once
// threshold{thresh, max_value, type}: OpenCV's threshold with its five types (numeric values as
// OpenCV's THRESH_*), element by element on every channel. For 8-bit images OpenCV floors the
// threshold first (so 127.9 acts as 127) and saturates max_value; the kernel does the same.
#include <string_view>

#include "stage.hpp"

namespace imgframe {

enum class threshold_type : int { binary = 0, binary_inv = 1, trunc = 2, to_zero = 3, to_zero_inv = 4 };

constexpr bool is_threshold_type(int t) noexcept { return t >= 0 && t <= 4; }

struct threshold {
  double thresh = 0.0;
  double max_value = 255.0;
  threshold_type type = threshold_type::binary;

  static constexpr std::string_view name = "threshold";
  static constexpr stage_kind kind = stage_kind::kernel;

  using format = stage_format<same_format, needs::image_input, needs::u8_or_float_values>;
};

}  // namespace imgframe
