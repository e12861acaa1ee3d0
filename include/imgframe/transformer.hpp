#pragma once
// Opt-in: SynapseML's ImageTransformer at run time (image_transformer), header-only. Not in the
// umbrella: its runtime -> typed dispatch instantiates every stage for every row type, which is
// most of a TU's compile time. To compile that once instead of in every TU, see "Compile cost" in
// erased/image_transformer.hpp. JSON front end: <imgframe/json/image_transformer_json.hpp>.
#include "erased/image_transformer.hpp"
#include "erased/transformer/dispatch.hpp"
