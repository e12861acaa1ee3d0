#pragma once
// The plain parameters of the pointwise kernels (gray weights, affine steps), apart from the
// kernels themselves: the fused pass's programs are built from them in every TU, including those
// that see no kernel body (IMGFRAME_EXTERN_KERNELS, pipeline/kernel_calls.hpp).
#include <cstdint>

namespace imgframe::kernels {

// Integer weights of B, G, R and the shift (the rounding term is 2^(shift-1)).
struct gray_weights {
  // Bits of the weights' fixed point.
  int shift;
  // Weights of blue, green and red.
  std::int32_t b, g, r;
};

// OpenCV 4.x (the default, conformance-tested against 4.6) and OpenCV 3.2, which SynapseML's
// Java bindings link; they differ by 1 on about 0.3% of random 8-bit colours.
inline constexpr gray_weights opencv4_gray_weights{15, 3735, 19235, 9798};
// OpenCV 3.2's weights (what SynapseML's Java build links), 14-bit.
inline constexpr gray_weights opencv3_gray_weights{14, 1868, 9617, 4899};

// One normalize step: (value x scale - mean) / stddev.
struct affine_params {
  // Applied first (colorScaleFactor).
  double scale = 1.0;
  // Subtracted.
  double mean = 0.0;
  // Divided by.
  double stddev = 1.0;
};

}  // namespace imgframe::kernels
