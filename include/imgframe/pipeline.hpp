#pragma once
// Stages composed with `|` (Boost.Hana inside) and the executor that fuses them. Typed views in,
// typed views/images/tensors out: rows enter and leave at the erased layer (erased/apply.hpp).
#include "core/tensor.hpp"
#include "pipeline/executor.hpp"
#include "pipeline/pipeline.hpp"
#include "stages.hpp"
