// Tensors hold float or double, as SynapseML's tensorElementType.
// first-lines: to_tensor
// first-lines: to_tensor<int, imgframe::rgb|is_same_v<int, float>
#include <imgframe/imgframe.hpp>

using namespace imgframe;

#ifdef IMGFRAME_COMPILE_FAIL
[[maybe_unused]] constexpr to_tensor<int, rgb, chw> stage{};
#else
[[maybe_unused]] constexpr to_tensor<double, rgb, chw> stage{};
#endif
