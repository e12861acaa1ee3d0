// Tensors hold float or double, as SynapseML's tensorElementType.
#include <imgframe/imgframe.hpp>

using namespace imgframe;

#ifdef IMGFRAME_COMPILE_FAIL
constexpr to_tensor<int, rgb, chw> stage{};
#else
constexpr to_tensor<double, rgb, chw> stage{};
#endif
