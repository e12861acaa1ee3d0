#pragma once
// Umbrella header: core, erased rows, transform stages, the pipeline and its executor.
// io/ stays opt-in: include <imgframe/io.hpp>, and <imgframe/io/stb_implementation.hpp> in exactly one TU.
#include "core.hpp"
#include "erased.hpp"
#include "pipeline.hpp"
#include "stages.hpp"
// SynapseML's ImageTransformer at run time (JSON front end: <imgframe/json/image_transformer_json.hpp>).
#include "erased/image_transformer.hpp"
