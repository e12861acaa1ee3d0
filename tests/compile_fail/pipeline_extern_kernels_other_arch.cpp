// With IMGFRAME_EXTERN_KERNELS every kernel comes from the kernels library, compiled for one
// architecture: asking a pipeline for another (here the scalar reference) must stop at compile
// time, saying why, not at link time.
// first-lines: IMGFRAME_EXTERN_KERNELS
// first-lines: architecture the kernels library was compiled for
// first-lines: Arch = imgframe::simd::scalar_arch|simd::scalar_arch
#define IMGFRAME_EXTERN_KERNELS
#include <imgframe/pipeline.hpp>
#include <imgframe/simd/arch.hpp>

#include <cstdint>

using namespace imgframe;

auto prep(image_view<const std::uint8_t, 3, bgr> v) {
  constexpr auto p = resize{8, 8} | to_tensor<float, rgb, chw>{};
#ifdef IMGFRAME_COMPILE_FAIL
  return p.run<simd::scalar_arch>(v);
#else
  return p(v);
#endif
}
