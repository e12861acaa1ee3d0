// The packaging tests' consumer of imgframe::kernels (the opt-in compiled kernels): a pipeline run
// in a TU that sees only the kernels' declarations, linked against the library the package builds.
// Its one output line is checked by tests/package/find_package.sh.
#ifndef IMGFRAME_EXTERN_KERNELS
#error "linking imgframe::kernels must define IMGFRAME_EXTERN_KERNELS"
#endif
#include <imgframe/imgframe.hpp>

#include <cstdint>
#include <cstdio>
#include <vector>

int main() {
  // 4x2 BGR pixels, value = 20*y + 4*x + channel: each 2x2 block averages to a whole number.
  std::vector<std::uint8_t> buffer(4 * 2 * 3);
  for (int y = 0; y < 2; ++y)
    for (int x = 0; x < 4; ++x)
      for (int c = 0; c < 3; ++c) buffer[static_cast<std::size_t>((y * 4 + x) * 3 + c)] = static_cast<std::uint8_t>(20 * y + 4 * x + c);
  const auto view = imgframe::make_view<imgframe::bgr>(buffer.data(), 4, 2, 12);
  // resize (a kernel) then to_tensor (the fused pass): both run in imgframe::kernels.
  constexpr auto p = imgframe::resize{1, 2, imgframe::interpolation::area} | imgframe::to_tensor<float, imgframe::rgb, imgframe::chw>{};
  const auto t = p(view.as_const());
  std::printf("kernels: %dx%d", t.width(), t.height());
  for (const float v : t.values()) std::printf(" %g", static_cast<double>(v));
  std::printf("\n");
  return 0;
}
