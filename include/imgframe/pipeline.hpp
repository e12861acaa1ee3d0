#pragma once
// Stages composed with `|` (Boost.Hana inside), the executor that fuses them, and apply(row, p).
#include "core/tensor.hpp"
#include "pipeline/apply.hpp"
#include "pipeline/executor.hpp"
#include "pipeline/pipeline.hpp"
#include "stages.hpp"
