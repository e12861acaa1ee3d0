// The runtime transformer's dispatch for 32-bit float rows, compiled once here instead of in
// cmd_transform.cpp: one TU per depth (u8, u16, f32) keeps each under a minute and lets the
// build compile them in parallel (erased/image_transformer.hpp, "Compile cost").
#include <imgframe/erased/transformer/dispatch.hpp>

IMGFRAME_INSTANTIATE_TRANSFORMER(float);
