#pragma once
// The definitions of kernel_calls.hpp's doors: the kernels themselves (xsimd, the x86 row loops)
// on simd::default_arch. Included by kernel_calls.hpp (header-only) or only by
// <imgframe/kernels_implementation.hpp> (IMGFRAME_EXTERN_KERNELS).
#include <cstdint>
#include <span>
#include <type_traits>

#include "../core/algorithm.hpp"
#include "../core/image.hpp"
#include "../simd/arch.hpp"
#include "../simd/kernels/box_blur.hpp"
#include "../simd/kernels/gaussian_blur.hpp"
#include "../simd/kernels/gaussian_vertical.hpp"
#include "../simd/kernels/resize_antialias.hpp"
#include "../simd/kernels/resize_area.hpp"
#include "../simd/kernels/resize_bilinear.hpp"
#include "../simd/kernels/threshold.hpp"
#include "fused_pass.hpp"
#include "kernel_calls.hpp"

namespace imgframe::exec {

namespace kernel_calls {

template <class Src, class Dst>
void kernel_stage(const Src& src, const Dst& dst, const resize& s) {
  if constexpr (std::is_same_v<typename Src::value_type, std::uint16_t>) {
    if (s.interp == interpolation::antialias) detail::throw_antialias_u16();
    if (s.interp == interpolation::bilinear) kernels::resize_bilinear(src, dst);
    else kernels::resize_area(src, dst);
  } else {
    switch (s.interp) {
      case interpolation::bilinear: kernels::resize_bilinear(src, dst); break;
      case interpolation::area: kernels::resize_area(src, dst); break;
      case interpolation::antialias: kernels::resize_antialias(src, dst); break;
    }
  }
}

template <class Src, class Dst>
void kernel_stage(const Src& src, const Dst& dst, const resize& s, const resize_window& window) {
  if (s.interp == interpolation::antialias) {  // no windowed kernel: the whole resize, then the window
    if constexpr (std::is_same_v<typename Src::value_type, std::uint16_t>) detail::throw_antialias_u16();
    image<typename Src::value_type, Src::channels, typename Src::order> full(window.full_width, window.full_height,
                                                                             no_init);
    kernel_stage(src, full.view(), s);
    imgframe::copy_pixels(full.cview().subview(window.x, window.y, dst.width(), dst.height()), dst);
    return;
  }
  const kernels::resize_window win{window.full_width, window.full_height, window.x,     window.y,
                                   window.src_width,  window.src_height,  window.src_x, window.src_y};
  if (s.interp == interpolation::bilinear) kernels::resize_bilinear(src, dst, win);
  else kernels::resize_area(src, dst, win);
}

template <class Src, class Dst>
void kernel_stage(const Src& src, const Dst& dst, const blur& s) {
  s.validate();
  kernels::box_blur(src, dst, s.kernel_width, s.kernel_height);
}

template <class Src, class Dst>
void kernel_stage(const Src& src, const Dst& dst, const gaussian_kernel& s) {
  s.validate();
  kernels::gaussian_vertical(src, dst, s.aperture_size, s.sigma);
}

template <class Src, class Dst>
void kernel_stage(const Src& src, const Dst& dst, const gaussian_blur& s) {
  s.validate();
  kernels::gaussian_blur(src, dst, s.kernel_width, s.kernel_height, s.sigma_x, s.sigma_y);
}

template <class Src, class Dst>
void kernel_stage(const Src& src, const Dst& dst, const threshold& s) {
  kernels::threshold(src, dst, s.thresh, s.max_value, static_cast<kernels::threshold_type>(static_cast<int>(s.type)));
}

template <class U, class Src>
void fused_pass(const Src& src, std::span<const plane_program> programs, const plane_layout& target) {
  run_fused<simd::default_arch, U>(src, programs, target);
}

}  // namespace kernel_calls

}  // namespace imgframe::exec
