#pragma once
// Umbrella header: core, erased rows, transform stages, the pipeline and its executor, and
// apply(row, pipeline). Opt-in, each behind its own header:
//   <imgframe/transformer.hpp>                     SynapseML's ImageTransformer at run time (the
//                                                  runtime -> typed dispatch table: costly to compile)
//   <imgframe/json/image_transformer_json.hpp>     its JSON front end (nlohmann-json)
//   <imgframe/io.hpp>                              reading files (and <imgframe/io/stb_implementation.hpp>
//                                                  in exactly one TU)
//   <imgframe/kernels_implementation.hpp>          with IMGFRAME_EXTERN_KERNELS: the pipeline's kernels,
//                                                  compiled in exactly one TU (CMake: imgframe::kernels)
// The stages come first, so that a wrong chain's diagnostic (a static_assert in a stage header)
// starts with a short include trace and names the stage within its first lines.
#include "stages/stage.hpp"
#include "stages.hpp"
#include "core.hpp"
#include "erased.hpp"
#include "erased/apply.hpp"
#include "pipeline.hpp"
