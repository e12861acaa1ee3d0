#pragma once
// SynapseML's per-value formula on rows of doubles, in place:
//   affine_row      v = (v * scale - mean) / stddev     (the order of operations is SynapseML's)
//   round_trip_row  v = double(U(v)): the rounding a stage's output type U imposes, so a fused
//                   pass gives the same values as running the stages one by one
// The vector path does the same IEEE operations lane by lane (no FMA contraction), so it equals
// the scalar reference exactly.
#include <cstddef>

#include "../arch.hpp"
#include "../loop.hpp"
#include "convert.hpp"

namespace imgframe::kernels {

struct affine_params {
  double scale = 1.0;
  double mean = 0.0;
  double stddev = 1.0;
};

inline double affine(double v, const affine_params& a) noexcept { return (v * a.scale - a.mean) / a.stddev; }

template <class Arch>
void affine_row(Arch, double* v, std::size_t n, const affine_params& a) {
  const auto scalar = [&](std::size_t i) { v[i] = affine(v[i], a); };
  if constexpr (simd::vectorize<double, Arch>) {
    using batch = simd::batch<double, Arch>;
    const batch scale(a.scale), mean(a.mean), stddev(a.stddev);
    simd::for_each_batch<simd::lanes<double, Arch>>(
        n, [&](std::size_t i) { simd::store(v + i, (simd::load<Arch>(v + i) * scale - mean) / stddev); }, scalar);
  } else {
    for (std::size_t i = 0; i < n; ++i) scalar(i);
  }
}

template <class U, class Arch>
void round_trip_row(Arch, double* v, std::size_t n) {
  if constexpr (std::is_same_v<U, double>) {
    return;
  } else if constexpr (std::is_same_v<U, float> && simd::vectorize<double, Arch>) {
    // double -> float -> double through the vector registers' lanes.
    simd::for_each_batch<simd::lanes<double, Arch>>(
        n,
        [&](std::size_t i) {
          alignas(64) float f[simd::lanes<double, Arch>];
          simd::store_as<float>(f, simd::load<Arch>(v + i));
          simd::store(v + i, simd::load_as<double, Arch>(f));
        },
        [&](std::size_t i) { v[i] = static_cast<double>(static_cast<float>(v[i])); });
  } else {
    for (std::size_t i = 0; i < n; ++i) v[i] = static_cast<double>(from_double<U>(v[i]));
  }
}

}  // namespace imgframe::kernels
