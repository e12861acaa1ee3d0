#pragma once
// Channel moves for the fused tail: pick one channel out of interleaved pixels, or fill a channel
// with a constant (the alpha cvtColor adds). Rows are strided in elements, as in convert.hpp.
// These are plain scalar loops on every architecture: the xsimd API that 8.1 and 14 share has
// no gather and no portable byte shuffle, and compilers already vectorize the fixed-stride
// copies. The scalar_arch and default_arch overloads are one function, kept Arch-first so the
// fused pass calls every kernel the same way.
// Each kernel is an Arch-first function object (xsimd style: a consumer can instantiate it per
// ISA or hand it to xsimd::dispatch); call it with simd::default_arch{} or simd::scalar_arch{}.
#include <cstddef>

namespace imgframe::kernels {

// One channel of interleaved pixels into a strided destination, as a function object taking the architecture.
struct extract_channel_fn {
  // dst[i * dst_step] = src[i * channels + channel], for n pixels.
  template <class Arch, class T, class U>
  void operator()(Arch, const T* src, int channels, int channel, U* dst, std::ptrdiff_t dst_step, std::size_t n) const {
    const T* p = src + channel;
    for (std::size_t i = 0; i < n; ++i, p += channels) dst[static_cast<std::ptrdiff_t>(i) * dst_step] = static_cast<U>(*p);
  }
};
// Extracts one channel of a row.
inline constexpr extract_channel_fn extract_channel{};

// A constant into a strided destination, as a function object taking the architecture.
struct fill_channel_fn {
  // dst[i * dst_step] = value, for n values.
  template <class Arch, class U>
  void operator()(Arch, U value, U* dst, std::ptrdiff_t dst_step, std::size_t n) const {
    for (std::size_t i = 0; i < n; ++i) dst[static_cast<std::ptrdiff_t>(i) * dst_step] = value;
  }
};
// Fills one channel of a row with a constant.
inline constexpr fill_channel_fn fill_channel{};

}  // namespace imgframe::kernels
