// The library imgframe::kernels (CMake): the pipeline's kernels compiled once, for programs built
// with IMGFRAME_EXTERN_KERNELS (README, "Compile cost").
#include <imgframe/kernels_implementation.hpp>
