#pragma once
// The hog stage's kernel (stages/hog.hpp says what it computes). Scalar: per-pixel atan2 and
// histogram scatter do not vectorise usefully, and feature maps are small.
#include <cmath>
#include <cstddef>
#include <numbers>
#include <vector>

#include "../../core/concepts.hpp"

namespace imgframe::kernels {

// src: gray view; dst: the float feature map of hog::target's size.
template <class Src, class Dst>
void hog(const Src& src, const Dst& dst, int cell, int bins, int block, bool signed_gradients) {
  const int w = src.width(), h = src.height();
  const int cells_x = w / cell, cells_y = h / cell;
  const float range = signed_gradients ? 2 * std::numbers::pi_v<float> : std::numbers::pi_v<float>;
  std::vector<float> hist(static_cast<std::size_t>(cells_x) * static_cast<std::size_t>(cells_y) *
                              static_cast<std::size_t>(bins),
                          0.0f);
  auto at = [&](int x, int y) { return static_cast<float>(src.at(x, y, 0)); };
  for (int y = 0; y < cells_y * cell; ++y) {
    const int ym = y > 0 ? y - 1 : 0, yp = y + 1 < h ? y + 1 : h - 1;  // replicated border
    for (int x = 0; x < cells_x * cell; ++x) {
      const float gx = at(x + 1 < w ? x + 1 : w - 1, y) - at(x > 0 ? x - 1 : 0, y);
      const float gy = at(x, yp) - at(x, ym);
      const float mag = std::sqrt(gx * gx + gy * gy);
      if (mag == 0.0f) continue;
      float angle = std::atan2(gy, gx);  // (-pi, pi]
      if (angle < 0) angle += 2 * std::numbers::pi_v<float>;
      if (!signed_gradients && angle >= range) angle -= range;
      const float pos = angle / range * static_cast<float>(bins) - 0.5f;
      const float lower = std::floor(pos);
      const float frac = pos - lower;
      int b0 = static_cast<int>(lower) % bins;
      if (b0 < 0) b0 += bins;
      const int b1 = (b0 + 1) % bins;
      float* c = hist.data() + (static_cast<std::size_t>(y / cell) * static_cast<std::size_t>(cells_x) +
                                static_cast<std::size_t>(x / cell)) *
                                   static_cast<std::size_t>(bins);
      c[b0] += mag * (1.0f - frac);
      c[b1] += mag * frac;
    }
  }
  const std::size_t block_len = static_cast<std::size_t>(block) * static_cast<std::size_t>(block) * static_cast<std::size_t>(bins);
  std::vector<float> v(block_len);
  constexpr float eps2 = 1e-6f, clip = 0.2f;
  auto normalise = [&] {
    float sum = 0;
    for (float a : v) sum += a * a;
    const float scale = 1.0f / std::sqrt(sum + eps2);
    for (float& a : v) a *= scale;
  };
  for (int by = 0; by + block <= cells_y; ++by) {
    float* out = dst.row(by);
    for (int bx = 0; bx + block <= cells_x; ++bx, out += block_len) {
      std::size_t k = 0;
      for (int cy = by; cy < by + block; ++cy)
        for (int cx = bx; cx < bx + block; ++cx)
          for (int b = 0; b < bins; ++b)
            v[k++] = hist[(static_cast<std::size_t>(cy) * static_cast<std::size_t>(cells_x) + static_cast<std::size_t>(cx)) *
                              static_cast<std::size_t>(bins) +
                          static_cast<std::size_t>(b)];
      normalise();
      for (float& a : v) a = clip < a ? clip : a;
      normalise();
      for (std::size_t i = 0; i < v.size(); ++i) out[i] = v[i];
    }
  }
}

}  // namespace imgframe::kernels
