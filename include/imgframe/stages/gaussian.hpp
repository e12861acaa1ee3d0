#pragma once
// Two Gaussian stages, because SynapseML's is not the usual one:
//   gaussian_kernel{aperture_size, sigma}: SynapseML's gaussianKernel: getGaussianKernel(aperture,
//     sigma) is an aperture x 1 *column*, applied with filter2D: a vertical-only 1-D blur, anchor
//     (0, aperture/2) (off-centre for even sizes), BORDER_REFLECT_101, saturated to the depth.
//   gaussian_blur{kernel_width, kernel_height, sigma_x, sigma_y}: OpenCV GaussianBlur, 2-D and
//     separable (sigma_y = 0 means sigma_x; a sigma <= 0 is derived from the size as OpenCV does).
#include <stdexcept>
#include <string>
#include <string_view>

#include "stage.hpp"

namespace imgframe {

// Kernel taps are allocated per call: a bound keeps a stage parameter from asking for gigabytes.
inline constexpr int max_gaussian_size = 1 << 16;

struct gaussian_kernel {
  int aperture_size = 3;
  double sigma = 0.0;

  static constexpr std::string_view name = "gaussian_kernel";
  static constexpr stage_kind kind = stage_kind::kernel;

  using format = stage_format<same_format, needs::image_input, needs::u8_or_float_values>;

  void validate() const {
    if (aperture_size <= 0 || aperture_size > max_gaussian_size)
      throw std::invalid_argument("imgframe gaussian_kernel: apertureSize must be in 1...65536 (got " +
                                  std::to_string(aperture_size) + ")");
  }
};

struct gaussian_blur {
  int kernel_width = 3;
  int kernel_height = 3;
  double sigma_x = 0.0;
  double sigma_y = 0.0;

  static constexpr std::string_view name = "gaussian_blur";
  static constexpr stage_kind kind = stage_kind::kernel;

  using format = stage_format<same_format, needs::image_input, needs::u8_or_float_values>;

  void validate() const {
    if (kernel_width <= 0 || kernel_height <= 0 || kernel_width % 2 == 0 || kernel_height % 2 == 0 ||
        kernel_width > max_gaussian_size || kernel_height > max_gaussian_size)
      throw std::invalid_argument("imgframe gaussian_blur: kernel width and height must be positive, odd and at most "
                                  "65536 (width=" +
                                  std::to_string(kernel_width) + ", height=" + std::to_string(kernel_height) + ")");
  }
};

}  // namespace imgframe
