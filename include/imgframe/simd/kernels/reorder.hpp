#pragma once
// Channel moves for the fused tail: pick one channel out of interleaved pixels, or fill a channel
// with a constant (the alpha cvtColor adds). Rows are strided in elements, as in convert.hpp.
// These are plain scalar loops on every architecture: the xsimd API that 8.1 and 14 share has
// no gather and no portable byte shuffle, and compilers already vectorize the fixed-stride
// copies. The scalar_arch and default_arch overloads are one function, kept Arch-first so the
// fused pass calls every kernel the same way.
#include <cstddef>

namespace imgframe::kernels {

template <class Arch, class T, class U>
void extract_channel(Arch, const T* src, int channels, int channel, U* dst, std::ptrdiff_t dst_step, std::size_t n) {
  const T* p = src + channel;
  for (std::size_t i = 0; i < n; ++i, p += channels) dst[static_cast<std::ptrdiff_t>(i) * dst_step] = static_cast<U>(*p);
}

template <class Arch, class U>
void fill_channel(Arch, U value, U* dst, std::ptrdiff_t dst_step, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) dst[static_cast<std::ptrdiff_t>(i) * dst_step] = value;
}

}  // namespace imgframe::kernels
