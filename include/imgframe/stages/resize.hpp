#pragma once
// resize{height, width, interp} to a fixed size, and resize_short{size, interp}, which scales the
// shorter side to `size` keeping the aspect ratio with SynapseML's rounding:
//   ratio = size / min(W, H) (double); W' = Math.round(ratio * W), H' = Math.round(ratio * H).
// The interpolation is part of the stage, never implied:
//   bilinear   OpenCV INTER_LINEAR (half-pixel centres, SynapseML's default for resize)
//   area       OpenCV INTER_AREA
//   antialias  antialiased resize matching Pillow's Image.resize(BILINEAR) on 8-bit images
//              (torchvision's antialias=True to within rounding; simd/kernels/resize_antialias.hpp);
//              not on 16-bit images (refused at run time: no reference)
// The kernels are separable and run in the executor; the stage only holds the target.
#include <cmath>
#include <cstdint>
#include <string_view>

#include "../core/error.hpp"
#include "stage.hpp"

namespace imgframe {

// How resize samples: OpenCV's INTER_LINEAR, INTER_AREA, or Pillow's antialiased bilinear.
enum class interpolation { bilinear, area, antialias };

// "bilinear", "area" or "antialias".
constexpr std::string_view interpolation_name(interpolation i) noexcept {
  switch (i) {
    case interpolation::bilinear: return "bilinear";
    case interpolation::area: return "area";
    case interpolation::antialias: return "antialias";
  }
  return "?";
}

// A size in pixels.
struct size2d {
  // Width and height.
  int width = 0, height = 0;
  // True for the same size.
  friend constexpr bool operator==(const size2d&, const size2d&) = default;
};

namespace detail {
// Bounds any target size, so a stage parameter can never ask for an unbounded allocation.
inline constexpr long long max_resize_pixels = 1LL << 28;

inline size2d checked_target(std::string_view stage, long long w, long long h) {
  if (w <= 0 || h <= 0 || w > max_resize_pixels / h)
    raise(error_kind::invalid_argument,
          {"imgframe ", stage, ": target size ", w, "x", h, " must be positive and at most 2^28 pixels"});
  return {static_cast<int>(w), static_cast<int>(h)};
}
}  // namespace detail

// Resize to height x width.
struct resize {
  // Target height.
  int height = 0;
  // Target width.
  int width = 0;
  // Sampling.
  interpolation interp = interpolation::bilinear;

  // The stage's name in plans and errors.
  static constexpr std::string_view name = "resize";
  // Runs as its own pass.
  static constexpr stage_kind kind = stage_kind::kernel;

  // Same format out; 8-bit, 16-bit unsigned or float images in.
  using format = stage_format<same_format, needs::image_input, needs::resize_values>;

  // The output size (checked: positive, at most 2^28 pixels).
  size2d target(int /*image_width*/, int /*image_height*/) const {
    return detail::checked_target(name, width, height);
  }
};

// Resize so that the shorter side is size, keeping the aspect ratio (SynapseML's rounding).
struct resize_short {
  // Target length of the shorter side.
  int size = 0;
  // Sampling.
  interpolation interp = interpolation::bilinear;

  // The stage's name in plans and errors.
  static constexpr std::string_view name = "resize_short";
  // Runs as its own pass.
  static constexpr stage_kind kind = stage_kind::kernel;

  // Same format out; 8-bit, 16-bit unsigned or float images in.
  using format = stage_format<same_format, needs::image_input, needs::resize_values>;

  // Java's Math.round for the positive values here is round-half-up, which llround also does.
  size2d target(int image_width, int image_height) const {
    if (size <= 0)
      detail::raise(detail::error_kind::invalid_argument,
                    {"imgframe resize_short: size must be positive (size=", size, ")"});
    if (image_width <= 0 || image_height <= 0)
      detail::raise(detail::error_kind::invalid_argument,
                    {"imgframe resize_short: cannot keep the aspect ratio of an empty ", image_width, "x",
                     image_height, " image"});
    const double ratio = static_cast<double>(size) / static_cast<double>(image_width < image_height ? image_width : image_height);
    const auto w = std::llround(ratio * image_width);
    const auto h = std::llround(ratio * image_height);
    return detail::checked_target(name, w, h);
  }
};

}  // namespace imgframe
