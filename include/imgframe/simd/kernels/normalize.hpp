#pragma once
// SynapseML's per-value formula on rows of doubles, in place:
//   affine_row      v = (v * scale - mean) / stddev     (the order of operations is SynapseML's)
//   round_trip_row  v = double(U(v)): the rounding a stage's output type U imposes, so a fused
//                   pass gives the same values as running the stages one by one
// SynapseML computes in Java doubles, which never fuse a multiply and an add. Compilers may
// contract v * scale - mean into one FMA when FMA instructions are enabled (-mfma, -march=native),
// which changes the last bit; the product goes through `rounded` to keep it a separate, rounded
// operation, so every path (scalar, vector, 8-bit tables) gives SynapseML's values exactly.
// Each kernel is an Arch-first function object (xsimd style: a consumer can instantiate it per
// ISA or hand it to xsimd::dispatch); call it with simd::default_arch{} or simd::scalar_arch{}.
#include <cstddef>

#include "../arch.hpp"
#include "../loop.hpp"
#include "convert.hpp"
#include "params.hpp"

namespace imgframe::kernels {

// An optimisation barrier: the value must exist rounded in a register, so it cannot be fused.
template <class R>
inline R rounded(R x) noexcept {
#if defined(__GNUC__) && (defined(__x86_64__) || defined(__i386__)) && defined(__AVX512F__)
  __asm__("" : "+v"(x));
#elif defined(__GNUC__) && (defined(__x86_64__) || defined(__i386__)) && defined(__SSE2__)
  __asm__("" : "+x"(x));
#elif defined(__GNUC__) && defined(__aarch64__)
  __asm__("" : "+w"(x));
#else
  volatile R v = x;
  x = v;
#endif
  return x;
}

// One value through the step.
inline double affine(double v, const affine_params& a) noexcept { return (rounded(v * a.scale) - a.mean) / a.stddev; }

// The step on a row of doubles, in place, as a function object taking the architecture.
struct affine_row_fn {
  // v[i] = affine(v[i], a) for n values.
  template <class Arch>
  void operator()(Arch, double* v, std::size_t n, const affine_params& a) const {
    const auto scalar = [&](std::size_t i) { v[i] = affine(v[i], a); };
    if constexpr (simd::vectorize<double, Arch>) {
      using batch = simd::batch<double, Arch>;
      const batch scale(a.scale), mean(a.mean), stddev(a.stddev);
      simd::for_each_batch<simd::lanes<double, Arch>>(
          n,
          [&](std::size_t i) {
            using reg = typename batch::register_type;
            const batch product(rounded(static_cast<reg>(simd::load<Arch>(v + i) * scale)));
            simd::store(v + i, (product - mean) / stddev);
          },
          scalar);
    } else {
      for (std::size_t i = 0; i < n; ++i) scalar(i);
    }
  }
};
// The normalize step on a row.
inline constexpr affine_row_fn affine_row{};

// A plain loop on every architecture: compilers vectorize it to cvtpd2ps/cvtps2pd themselves,
// and GCC 12's vectorizer drops the float rounding when it goes through a lane buffer instead.
template <class U>
struct round_trip_row_fn {
  // v[i] rounded to U's precision and back to double, for n values.
  template <class Arch>
  void operator()(Arch, double* v, std::size_t n) const {
    if constexpr (!std::is_same_v<U, double>)
      for (std::size_t i = 0; i < n; ++i) v[i] = static_cast<double>(from_double<U>(v[i]));
  }
};
// Rounds a row of doubles as a store into U and a load back would.
template <class U>
inline constexpr round_trip_row_fn<U> round_trip_row{};

}  // namespace imgframe::kernels
