#pragma once
// Opt-in, with IMGFRAME_EXTERN_KERNELS defined in every TU of the program: include in EXACTLY ONE
// translation unit. It compiles the pipeline's kernels (resize, blur, gaussian_*, threshold and the
// fused pointwise pass; xsimd and the x86 row loops) once, for the formats listed in
// pipeline/extern_kernels.hpp, on the architecture this TU is compiled for (its -m flags). The
// other TUs then see only the kernels' declarations: they parse no xsimd and generate no kernel
// code (README, "Compile cost"). CMake does it for you: link imgframe::kernels.
// Why a compiled part and not an opt-in header per stage: the kernels' compile time is mostly
// code generation at -O2 of the instantiations a chain uses, which a lighter include cannot save.
#ifndef IMGFRAME_EXTERN_KERNELS
#error "imgframe/kernels_implementation.hpp: define IMGFRAME_EXTERN_KERNELS in every TU of the program (it is for the separately compiled kernels)"
#endif

#include "core/error_impl.hpp"
#include "pipeline/executor.hpp"
#include "pipeline/extern_kernels.hpp"
#include "pipeline/kernel_calls_impl.hpp"

namespace imgframe::exec::kernel_calls {
// Explicit instantiation definitions here.
#define IMGFRAME_EXTERN_INSTANTIATE template
IMGFRAME_EXTERN_KERNELS_ALL
#undef IMGFRAME_EXTERN_INSTANTIATE
}  // namespace imgframe::exec::kernel_calls
