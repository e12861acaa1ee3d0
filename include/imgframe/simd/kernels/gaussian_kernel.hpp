#pragma once
// cv::getGaussianKernel(n, sigma, CV_64F) and the Q8 fixed-point form cv::GaussianBlur uses on
// 8-bit images. For sigma <= 0 and n in {1, 3, 5, 7, 9} OpenCV returns fixed binomial-like tables;
// otherwise sigma (or 0.15 n + 0.35 when sigma <= 0) gives exp(-x^2 / (2 sigma^2)), normalized.
// OpenCV evaluates this in software floating point; std::exp agrees to the last bit or one ulp,
// which never changes an 8-bit result.
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "support.hpp"

namespace imgframe::kernels {

// OpenCV's getGaussianKernel(n, sigma, CV_64F): n taps summing to 1.
inline std::vector<double> gaussian_kernel(int n, double sigma) {
  if (n <= 0) detail::fail("gaussian_kernel", "size must be positive (got " + std::to_string(n) + ")");
  if (sigma <= 0) {
    switch (n) {
      case 1: return {1.0};
      case 3: return {0.25, 0.5, 0.25};
      case 5: return {0.0625, 0.25, 0.375, 0.25, 0.0625};
      case 7: return {0.03125, 0.109375, 0.21875, 0.28125, 0.21875, 0.109375, 0.03125};
      case 9: return {4 / 256., 13 / 256., 30 / 256., 51 / 256., 60 / 256., 51 / 256., 30 / 256., 13 / 256., 4 / 256.};
      default: break;
    }
  }
  const double s = sigma > 0 ? sigma : std::fma(static_cast<double>(n), 0.15, 0.35);
  const double scale2 = -0.125 / (s * s);  // (x/2)^2 * scale2 with x = 2i - (n-1)
  const int half = (n - 1) / 2;
  std::vector<double> values(static_cast<std::size_t>(half));
  double sum = 0;
  for (int i = 0, x = 1 - n; i < half; ++i, x += 2) {
    values[static_cast<std::size_t>(i)] = std::exp(static_cast<double>(x * x) * scale2);
    sum += values[static_cast<std::size_t>(i)];
  }
  sum *= 2;
  sum += 1;
  if ((n & 1) == 0) sum += 1;
  const double mul = 1 / sum;
  std::vector<double> k(static_cast<std::size_t>(n));
  for (int i = 0; i < half; ++i) {
    const double t = values[static_cast<std::size_t>(i)] * mul;
    k[static_cast<std::size_t>(i)] = t;
    k[static_cast<std::size_t>(n - 1 - i)] = t;
  }
  k[static_cast<std::size_t>(half)] = mul;
  if ((n & 1) == 0) k[static_cast<std::size_t>(half + 1)] = mul;
  return k;
}

// Q8 weights summing to exactly 256: rounding errors are carried from tap to tap (error
// diffusion) and the centre tap takes the remainder, as OpenCV's bit-exact GaussianBlur does.
inline std::vector<std::int32_t> gaussian_kernel_q8(const std::vector<double>& k) {
  const int n = static_cast<int>(k.size());
  std::vector<std::int32_t> q(k.size());
  double err = 0;
  std::int64_t sum = 0;
  for (int i = 0; i < n / 2; ++i) {
    const double adj = k[static_cast<std::size_t>(i)] * 256.0 + err;
    const auto v = static_cast<std::int32_t>(std::lrint(adj));
    err = adj - v;
    q[static_cast<std::size_t>(i)] = v;
    q[static_cast<std::size_t>(n - 1 - i)] = v;
    sum += v;
  }
  q[static_cast<std::size_t>(n / 2)] = static_cast<std::int32_t>(256 - 2 * sum);
  return q;
}

}  // namespace imgframe::kernels
