#pragma once
// IMGFRAME_EXTERN_KERNELS: the kernel instantiations <imgframe/kernels_implementation.hpp> compiles,
// one list used three times: the executor's static_asserts (kernel_listed, fused_listed), the
// extern template declarations below and the explicit instantiations of the implementation TU.
// It holds every format the built-in stages accept (so the macro changes no chain that compiles,
// nor what it computes: apply(row, p) instantiates every row format a chain takes):
//   resize, resize_short     8-bit, 16-bit unsigned and float views of 1 to 4 channels
//   blur, gaussian_*,        8-bit and float views of 1 to 4 channels
//   threshold
//   fused pointwise passes   from views of 1 to 4 channels of every depth to float or double
//                            (normalize, to_tensor), and from 8-bit, 16-bit unsigned and float
//                            views to their own type (color_format); any number of output planes
// Views are listed with order spark_order_t<C> (kernel_calls.hpp renames the order at the door).
#include <cstdint>

#include "kernel_calls.hpp"

// X(T, C) for each resize format.
#define IMGFRAME_EXTERN_RESIZE_FORMATS(X)                                                            \
  X(std::uint8_t, 1) X(std::uint8_t, 2) X(std::uint8_t, 3) X(std::uint8_t, 4) X(std::uint16_t, 1) \
  X(std::uint16_t, 2) X(std::uint16_t, 3) X(std::uint16_t, 4) X(float, 1) X(float, 2) X(float, 3) X(float, 4)
// X(T, C) for each format of the neighbourhood kernels (blur, gaussian_kernel, gaussian_blur, threshold).
#define IMGFRAME_EXTERN_FILTER_FORMATS(X)                                                      \
  X(std::uint8_t, 1) X(std::uint8_t, 2) X(std::uint8_t, 3) X(std::uint8_t, 4) X(float, 1) X(float, 2) \
  X(float, 3) X(float, 4)
// X(T, C, U) for each fused pass: input T x C, output values U (the input's for color_format, which
// takes 8-bit, 16-bit unsigned and float; float or double for normalize and to_tensor, which take
// every depth of the mode table).
#define IMGFRAME_EXTERN_FUSED_FORMATS(X)                                                                 \
  IMGFRAME_EXTERN_FUSED_FROM(X, std::uint8_t, std::uint8_t)                                            \
  IMGFRAME_EXTERN_FUSED_FROM(X, std::uint16_t, std::uint16_t)                                          \
  IMGFRAME_EXTERN_FUSED_TO(X, float) IMGFRAME_EXTERN_FUSED_TO(X, double)
// X(T, C, U) from every depth to U.
#define IMGFRAME_EXTERN_FUSED_TO(X, U)                                                                    \
  IMGFRAME_EXTERN_FUSED_FROM(X, std::uint8_t, U) IMGFRAME_EXTERN_FUSED_FROM(X, std::int8_t, U)          \
  IMGFRAME_EXTERN_FUSED_FROM(X, std::uint16_t, U) IMGFRAME_EXTERN_FUSED_FROM(X, std::int16_t, U)        \
  IMGFRAME_EXTERN_FUSED_FROM(X, std::int32_t, U) IMGFRAME_EXTERN_FUSED_FROM(X, float, U)                \
  IMGFRAME_EXTERN_FUSED_FROM(X, double, U)
// X(T, C, U) for C = 1 to 4.
#define IMGFRAME_EXTERN_FUSED_FROM(X, T, U) X(T, 1, U) X(T, 2, U) X(T, 3, U) X(T, 4, U)

namespace imgframe::exec::extern_kernels {

// The input and output views of a listed kernel.
template <class T, int C> using in_view = image_view<const T, C, spark_order_t<C>>;
// The output view of a listed kernel.
template <class T, int C> using out_view = image_view<T, C, spark_order_t<C>>;

// True when kernel stage Stage has a compiled kernel for T x C views.
template <class Stage, class T, int C> inline constexpr bool kernel_listed = false;
// True when a fused pass from T x C views to values U is compiled.
template <class T, int C, class U> inline constexpr bool fused_listed = false;

// Marks a resize format as listed.
#define IMGFRAME_X(T, C) template <> inline constexpr bool kernel_listed<resize, T, C> = true;
IMGFRAME_EXTERN_RESIZE_FORMATS(IMGFRAME_X)
#undef IMGFRAME_X
// Marks a neighbourhood kernel format as listed.
#define IMGFRAME_X(T, C)                                                          \
  template <> inline constexpr bool kernel_listed<blur, T, C> = true;            \
  template <> inline constexpr bool kernel_listed<gaussian_kernel, T, C> = true; \
  template <> inline constexpr bool kernel_listed<gaussian_blur, T, C> = true;   \
  template <> inline constexpr bool kernel_listed<threshold, T, C> = true;
IMGFRAME_EXTERN_FILTER_FORMATS(IMGFRAME_X)
#undef IMGFRAME_X
// Marks a fused pass as listed.
#define IMGFRAME_X(T, C, U) template <> inline constexpr bool fused_listed<T, C, U> = true;
IMGFRAME_EXTERN_FUSED_FORMATS(IMGFRAME_X)
#undef IMGFRAME_X

}  // namespace imgframe::exec::extern_kernels

// The explicit instantiation declarations (IMGFRAME_EXTERN_INSTANTIATE = extern template, below)
// or definitions (= template, in <imgframe/kernels_implementation.hpp>) of the listed kernels.
// The resize instantiations of format T x C.
#define IMGFRAME_EXTERN_KERNEL_RESIZE(T, C)                                                                   \
  IMGFRAME_EXTERN_INSTANTIATE void kernel_stage(const extern_kernels::in_view<T, C>&,                          \
                                                const extern_kernels::out_view<T, C>&, const resize&);        \
  IMGFRAME_EXTERN_INSTANTIATE void kernel_stage(const extern_kernels::in_view<T, C>&,                          \
                                                const extern_kernels::out_view<T, C>&, const resize&,         \
                                                const resize_window&);
// The neighbourhood kernel instantiations of format T x C.
#define IMGFRAME_EXTERN_KERNEL_FILTER(T, C)                                                                   \
  IMGFRAME_EXTERN_INSTANTIATE void kernel_stage(const extern_kernels::in_view<T, C>&,                          \
                                                const extern_kernels::out_view<T, C>&, const blur&);          \
  IMGFRAME_EXTERN_INSTANTIATE void kernel_stage(const extern_kernels::in_view<T, C>&,                          \
                                                const extern_kernels::out_view<T, C>&, const gaussian_kernel&); \
  IMGFRAME_EXTERN_INSTANTIATE void kernel_stage(const extern_kernels::in_view<T, C>&,                          \
                                                const extern_kernels::out_view<T, C>&, const gaussian_blur&);  \
  IMGFRAME_EXTERN_INSTANTIATE void kernel_stage(const extern_kernels::in_view<T, C>&,                          \
                                                const extern_kernels::out_view<T, C>&, const threshold&);
// The fused pass instantiation from T x C to U.
#define IMGFRAME_EXTERN_KERNEL_FUSED(T, C, U)                                                      \
  IMGFRAME_EXTERN_INSTANTIATE void fused_pass<U>(const extern_kernels::in_view<T, C>&,              \
                                                 std::span<const plane_program>, const plane_layout&);
// Every listed instantiation (inside namespace imgframe::exec::kernel_calls).
#define IMGFRAME_EXTERN_KERNELS_ALL                         \
  IMGFRAME_EXTERN_RESIZE_FORMATS(IMGFRAME_EXTERN_KERNEL_RESIZE) \
  IMGFRAME_EXTERN_FILTER_FORMATS(IMGFRAME_EXTERN_KERNEL_FILTER) \
  IMGFRAME_EXTERN_FUSED_FORMATS(IMGFRAME_EXTERN_KERNEL_FUSED)

namespace imgframe::exec::kernel_calls {
// Explicit instantiation declarations here.
#define IMGFRAME_EXTERN_INSTANTIATE extern template
IMGFRAME_EXTERN_KERNELS_ALL
#undef IMGFRAME_EXTERN_INSTANTIATE
}  // namespace imgframe::exec::kernel_calls
