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

#include "resize.hpp"
#include "stage.hpp"

namespace imgframe {

// Kernel taps are allocated per call: a bound keeps a stage parameter from asking for gigabytes.
inline constexpr int max_gaussian_size = 1 << 16;

struct gaussian_kernel {
  int aperture_size = 3;
  double sigma = 0.0;

  static constexpr std::string_view name = "gaussian_kernel";
  static constexpr stage_kind kind = stage_kind::kernel;

  template <class In> static constexpr bool accepts = detail::resizable<In>;
  template <class In> static consteval void diagnose() {
    static_assert(detail::is_image_format<In>,
                  "imgframe gaussian_kernel: needs an image input (to_tensor must be the last stage)");
    static_assert(detail::resizable<In>, "imgframe gaussian_kernel: only 8-bit unsigned and float images");
  }
  template <class In> using output_t = detail::const_format_t<In>;

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

  template <class In> static constexpr bool accepts = detail::resizable<In>;
  template <class In> static consteval void diagnose() {
    static_assert(detail::is_image_format<In>,
                  "imgframe gaussian_blur: needs an image input (to_tensor must be the last stage)");
    static_assert(detail::resizable<In>, "imgframe gaussian_blur: only 8-bit unsigned and float images");
  }
  template <class In> using output_t = detail::const_format_t<In>;

  void validate() const {
    if (kernel_width <= 0 || kernel_height <= 0 || kernel_width % 2 == 0 || kernel_height % 2 == 0 ||
        kernel_width > max_gaussian_size || kernel_height > max_gaussian_size)
      throw std::invalid_argument("imgframe gaussian_blur: kernel width and height must be positive, odd and at most "
                                  "65536 (width=" +
                                  std::to_string(kernel_width) + ", height=" + std::to_string(kernel_height) + ")");
  }
};

}  // namespace imgframe
