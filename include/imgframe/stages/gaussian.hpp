#pragma once
// Two Gaussian stages, because SynapseML's is not the usual one:
//   gaussian_kernel{aperture_size, sigma}: SynapseML's gaussianKernel: getGaussianKernel(aperture,
//     sigma) is an aperture x 1 *column*, applied with filter2D: a vertical-only 1-D blur, anchor
//     (0, aperture/2) (off-centre for even sizes), BORDER_REFLECT_101, saturated to the depth.
//   gaussian_blur{kernel_width, kernel_height, sigma_x, sigma_y}: OpenCV GaussianBlur, 2-D and
//     separable (sigma_y = 0 means sigma_x; a sigma <= 0 is derived from the size as OpenCV does).
#include <string_view>

#include "../core/error.hpp"
#include "stage.hpp"

namespace imgframe {

// Kernel taps are allocated per call: a bound keeps a stage parameter from asking for gigabytes.
inline constexpr int max_gaussian_size = 1 << 16;

// SynapseML's gaussiankernel: a vertical 1-D Gaussian of aperture_size taps.
struct gaussian_kernel {
  // Taps (1...65536).
  int aperture_size = 3;
  // Standard deviation (SynapseML's sigma).
  double sigma = 0.0;

  // The stage's name in plans and errors.
  static constexpr std::string_view name = "gaussian_kernel";
  // Runs as its own pass.
  static constexpr stage_kind kind = stage_kind::kernel;

  // Same format out; 8-bit or float images in.
  using format = stage_format<same_format, needs::image_input, needs::u8_or_float_values>;

  // Throws std::invalid_argument for an aperture outside 1...65536.
  void validate() const {
    if (aperture_size <= 0 || aperture_size > max_gaussian_size)
      detail::raise(detail::error_kind::invalid_argument,
                    {"imgframe gaussian_kernel: apertureSize must be in 1...65536 (got ", aperture_size, ")"});
  }
};

// OpenCV's GaussianBlur: a kernel_width x kernel_height Gaussian (BORDER_REFLECT_101).
struct gaussian_blur {
  // Kernel width (odd).
  int kernel_width = 3;
  // Kernel height (odd).
  int kernel_height = 3;
  // Horizontal standard deviation (OpenCV's sigmaX).
  double sigma_x = 0.0;
  // Vertical standard deviation (OpenCV's sigmaY).
  double sigma_y = 0.0;

  // The stage's name in plans and errors.
  static constexpr std::string_view name = "gaussian_blur";
  // Runs as its own pass.
  static constexpr stage_kind kind = stage_kind::kernel;

  // Same format out; 8-bit or float images in.
  using format = stage_format<same_format, needs::image_input, needs::u8_or_float_values>;

  // Throws std::invalid_argument unless both kernel sides are odd and in 1...65536.
  void validate() const {
    if (kernel_width <= 0 || kernel_height <= 0 || kernel_width % 2 == 0 || kernel_height % 2 == 0 ||
        kernel_width > max_gaussian_size || kernel_height > max_gaussian_size)
      detail::raise(detail::error_kind::invalid_argument,
                    {"imgframe gaussian_blur: kernel width and height must be positive, odd and at most 65536 (width=",
                     kernel_width, ", height=", kernel_height, ")"});
  }
};

}  // namespace imgframe
