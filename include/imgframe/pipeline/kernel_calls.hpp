#pragma once
// The executor's one door to the kernels. Every built-in kernel stage (resize, blur, gaussian_*,
// threshold) and every fused pointwise pass runs through the function templates declared here,
// on views whose channel order is renamed to spark_order_t<C>: the kernels read channels by
// position, so bgr, rgb and the other orders of C channels share one instantiation.
//   header-only (the default)  kernel_calls_impl.hpp defines them below: each TU compiles the
//                              kernels it runs, for its own -m flags (simd::default_arch).
//   IMGFRAME_EXTERN_KERNELS    they are only declared, so a TU parses neither xsimd, <immintrin.h>
//                              nor a kernel body, and generates no kernel code: the library
//                              imgframe::kernels (or one TU of your own that includes
//                              <imgframe/kernels_implementation.hpp>) instantiates them, once, for
//                              every format the built-in stages accept (extern_kernels.hpp).
//                              Define the macro in every TU of the program (the CMake target does).
// hog (scalar, small) and user-written kernel stages stay in the TU that runs them.
#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <type_traits>

#include "../core/channel_order.hpp"
#include "../core/error.hpp"
#include "../core/image_view.hpp"
#include "../stages/blur.hpp"
#include "../stages/gaussian.hpp"
#include "../stages/resize.hpp"
#include "../stages/threshold.hpp"
#include "fused_program.hpp"

#ifndef IMGFRAME_EXTERN_KERNELS
#include "../simd/arch.hpp"
#endif

namespace imgframe::exec {

#ifdef IMGFRAME_EXTERN_KERNELS
// The architecture of the TU that compiled the kernels (IMGFRAME_EXTERN_KERNELS): a tag, so that
// the pipeline's TU names no xsimd type.
struct implementation_arch {
  // "implementation".
  static constexpr const char* name() noexcept { return "implementation"; }
};
// What pipelines run on unless told: the kernels' implementation TU's architecture.
using default_arch = implementation_arch;
// True for the architectures pipelines can run on: only the implementation TU's.
template <class Arch> inline constexpr bool runs_on = std::is_same_v<Arch, implementation_arch>;
#else
// What pipelines run on unless told: the best architecture this TU is compiled for.
using default_arch = simd::default_arch;
// True for the architectures pipelines can run on: any (xsimd's, or simd::scalar_arch).
template <class Arch> inline constexpr bool runs_on = true;
#endif

// The window of a resize to full_width x full_height that a resize + crop pass computes: dst is
// its (x, y, dst width, dst height) region (simd/kernels/detail/resize_opencv.hpp's, without the kernels).
struct resize_window {
  // Size of the whole resize.
  int full_width = 0, full_height = 0;
  // Top-left corner of the window in it.
  int x = 0, y = 0;
  // When src is only part of the image resized (a region decode): the whole source's size (0: src
  // is all of it) and src's top-left corner in it.
  int src_width = 0, src_height = 0, src_x = 0, src_y = 0;
};

// A view as the kernels see it: the same pixels, channel order spark_order_t<C>.
template <class V>
using kernel_view = image_view<typename V::element_type, V::channels, spark_order_t<V::channels>>;

// The view renamed for the kernels (no copy).
template <class V>
kernel_view<V> to_kernel_view(const V& v) noexcept {
  return v.template reinterpret_order<spark_order_t<V::channels>>();
}

namespace kernel_calls {
// Each: dst = the stage applied to src (views of the same pixel layout, dst of the stage's output
// size). Defined in kernel_calls_impl.hpp.

// resize / resize_short (as resize{0, 0, interp}): src resized to dst's size.
template <class Src, class Dst> void kernel_stage(const Src& src, const Dst& dst, const resize& s);
// Only `window` of the full resize (antialias, which has no windowed kernel: the whole resize, then the window).
template <class Src, class Dst>
void kernel_stage(const Src& src, const Dst& dst, const resize& s, const resize_window& window);
// Box blur.
template <class Src, class Dst> void kernel_stage(const Src& src, const Dst& dst, const blur& s);
// Vertical Gaussian.
template <class Src, class Dst> void kernel_stage(const Src& src, const Dst& dst, const gaussian_kernel& s);
// Gaussian blur.
template <class Src, class Dst> void kernel_stage(const Src& src, const Dst& dst, const gaussian_blur& s);
// Threshold.
template <class Src, class Dst> void kernel_stage(const Src& src, const Dst& dst, const threshold& s);
// A fused pointwise pass: programs (one per output plane) over src, values of type U written where target says.
template <class U, class Src>
void fused_pass(const Src& src, std::span<const plane_program> programs, const plane_layout& target);
}  // namespace kernel_calls

}  // namespace imgframe::exec

#ifdef IMGFRAME_EXTERN_KERNELS
#include "extern_kernels.hpp"
#endif

namespace imgframe::exec::detail {

// 16-bit images resize with cv::resize's tables only (Pillow's antialias has no 16-bit reference here).
[[noreturn]] inline void throw_antialias_u16() {
  imgframe::detail::raise(imgframe::detail::error_kind::invalid_argument,
                          {"imgframe resize: antialias takes 8-bit and float images (16-bit: bilinear or area)"});
}

// The executor's calls: kernel stage s (with a resize window, or not) from src into dst.
template <class Src, class Dst, class Stage, class... Window>
void run_kernel_stage(const Src& src, const Dst& dst, const Stage& s, const Window&... window) {
#ifdef IMGFRAME_EXTERN_KERNELS
  static_assert(extern_kernels::kernel_listed<Stage, typename Src::value_type, Src::channels>,
                "imgframe (IMGFRAME_EXTERN_KERNELS): this kernel stage has no compiled kernel for the view's "
                "value type and channel count; add the format to <imgframe/pipeline/extern_kernels.hpp> "
                "(the list <imgframe/kernels_implementation.hpp> instantiates)");
#endif
  kernel_calls::kernel_stage(to_kernel_view(src), to_kernel_view(dst), s, window...);
}

// A fused pass on architecture Arch writing values of type U.
template <class Arch, class U, class Src, std::size_t Planes>
void run_fused_pass(const Src& src, const std::array<plane_program, Planes>& programs, const plane_layout& target) {
#ifdef IMGFRAME_EXTERN_KERNELS
  static_assert(runs_on<Arch>, "imgframe (IMGFRAME_EXTERN_KERNELS): no other architecture than exec::default_arch");
  static_assert(extern_kernels::fused_listed<typename Src::value_type, Src::channels, U>,
                "imgframe (IMGFRAME_EXTERN_KERNELS): no compiled fused pass from this view's value type and "
                "channel count to this output value type; add it to <imgframe/pipeline/extern_kernels.hpp> "
                "(the list <imgframe/kernels_implementation.hpp> instantiates)");
  kernel_calls::fused_pass<U>(to_kernel_view(src), programs, target);
#else
  run_fused<Arch, U>(to_kernel_view(src), programs, target);
#endif
}

}  // namespace imgframe::exec::detail

#ifndef IMGFRAME_EXTERN_KERNELS
#include "kernel_calls_impl.hpp"
#endif
