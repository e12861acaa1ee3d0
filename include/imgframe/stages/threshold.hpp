#pragma once
// threshold{thresh, max_value, type}: OpenCV's threshold with its five types (numeric values as
// OpenCV's THRESH_*), element by element on every channel. For 8-bit images OpenCV floors the
// threshold first (so 127.9 acts as 127) and saturates max_value; the kernel does the same.
#include <string_view>

#include "stage.hpp"

namespace imgframe {

// OpenCV's threshold types (THRESH_BINARY ... THRESH_TOZERO_INV).
enum class threshold_type : int { binary = 0, binary_inv = 1, trunc = 2, to_zero = 3, to_zero_inv = 4 };

// True for a threshold type OpenCV's threshold takes (0...4).
constexpr bool is_threshold_type(int t) noexcept { return t >= 0 && t <= 4; }

// OpenCV's threshold: each value compared with thresh, written per type with max_value.
struct threshold {
  // The threshold.
  double thresh = 0.0;
  // The value written by binary and binary_inv.
  double max_value = 255.0;
  // What is written above and below the threshold.
  threshold_type type = threshold_type::binary;

  // The stage's name in plans and errors.
  static constexpr std::string_view name = "threshold";
  // Runs as its own pass.
  static constexpr stage_kind kind = stage_kind::kernel;

  // Same format out; 8-bit or float images in.
  using format = stage_format<same_format, needs::image_input, needs::u8_or_float_values>;
};

}  // namespace imgframe
