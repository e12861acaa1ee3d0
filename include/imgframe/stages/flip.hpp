#pragma once
// flip{code}: OpenCV's Core.flip codes as SynapseML passes them:
//   0 = up-down (around the x-axis), > 0 = left-right (around the y-axis), < 0 = both.
// Zero-copy: a mirrored view (negative row stride and/or pixel step).
#include <string_view>

#include "stage.hpp"

namespace imgframe {

// OpenCV flip code: mirror up-down.
inline constexpr int flip_up_down = 0;
// OpenCV flip code: mirror left-right.
inline constexpr int flip_left_right = 1;
// OpenCV flip code: mirror both ways.
inline constexpr int flip_both = -1;

// OpenCV's flip with a flip code (a view: negative strides, no pixels copied).
struct flip {
  int code = flip_left_right;  // SynapseML's Python default flip_code=1

  // The stage's name in plans and errors.
  static constexpr std::string_view name = "flip";
  // A window on its input.
  static constexpr stage_kind kind = stage_kind::view;

  // Same format out; any image in.
  using format = stage_format<same_format, needs::image_input>;

  constexpr bool mirrors_rows() const noexcept { return code <= 0; }     // up-down part
  constexpr bool mirrors_columns() const noexcept { return code != 0; }  // left-right part
};

}  // namespace imgframe
