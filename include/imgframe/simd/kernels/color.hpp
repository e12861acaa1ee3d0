#pragma once
// Colour-to-gray rows, as OpenCV 4.6's cvtColor computes them (exact, conformance-tested):
//   8U, 16U  y = (9798 R + 19235 G + 3735 B + 2^14) >> 15   (fits int32 even for 16U);
//            OpenCV 3.2's (4899 R + 9617 G + 1868 B + 2^13) >> 14 on request (SynapseML's build)
//   32F      y = fma(R, 0.299f, fma(G, 0.587f, B * 0.114f))   (OpenCV's vector path; fused)
// src holds n interleaved pixels of `channels` values; ib, ig, ir locate B, G and R in a pixel.
// The vector path gathers the three channels into int32 lanes and does the arithmetic in
// batches (8U/16U). 32F stays scalar: without hardware FMA xsimd's fma is not fused, and the
// result would no longer be OpenCV's.
// Each kernel is an Arch-first function object (xsimd style: a consumer can instantiate it per
// ISA or hand it to xsimd::dispatch); call it with simd::default_arch{} or simd::scalar_arch{}.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <type_traits>

#include "../arch.hpp"
#include "../loop.hpp"
#include "params.hpp"

namespace imgframe::kernels {

// One pixel, the reference every path must equal. Float ignores the integer weights.
template <class T>
inline T gray_of(T b, T g, T r, const gray_weights& w = opencv4_gray_weights) noexcept {
  if constexpr (std::is_floating_point_v<T>) {
    return std::fma(r, T(0.299f), std::fma(g, T(0.587f), b * T(0.114f)));
  } else {
    const std::int32_t sum = static_cast<std::int32_t>(b) * w.b + static_cast<std::int32_t>(g) * w.g +
                             static_cast<std::int32_t>(r) * w.r + (std::int32_t{1} << (w.shift - 1));
    return static_cast<T>(sum >> w.shift);
  }
}

// Gray from the B, G, R channels of interleaved pixels, as a function object taking the architecture.
struct gray_row_fn {
  // dst[i] = gray of pixel i of src (channels values each; B, G, R at ib, ig, ir), for n pixels.
  template <class Arch, class T>
  void operator()(Arch, const T* src, int channels, int ib, int ig, int ir, T* dst, std::size_t n,
                  const gray_weights& w = opencv4_gray_weights) const {
    const auto scalar = [&](std::size_t i) {
      const T* p = src + i * static_cast<std::size_t>(channels);
      dst[i] = gray_of(p[ib], p[ig], p[ir], w);
    };
    if constexpr (std::is_integral_v<T> && simd::vectorize<std::int32_t, Arch>) {
      using batch = simd::batch<std::int32_t, Arch>;
      constexpr std::size_t N = simd::lanes<std::int32_t, Arch>;
      const batch wb(w.b), wg(w.g), wr(w.r), half(std::int32_t{1} << (w.shift - 1));
      simd::for_each_batch<N>(
          n,
          [&](std::size_t i) {
            alignas(64) std::int32_t b[N], g[N], r[N];
            for (std::size_t k = 0; k < N; ++k) {
              const T* p = src + (i + k) * static_cast<std::size_t>(channels);
              b[k] = p[ib];
              g[k] = p[ig];
              r[k] = p[ir];
            }
            const batch sum = batch::load_aligned(b) * wb + batch::load_aligned(g) * wg + batch::load_aligned(r) * wr + half;
            simd::store_as<T>(dst + i, sum >> w.shift);
          },
          scalar);
    } else {
      for (std::size_t i = 0; i < n; ++i) scalar(i);
    }
  }
};
// The gray conversion of a row.
inline constexpr gray_row_fn gray_row{};

}  // namespace imgframe::kernels
