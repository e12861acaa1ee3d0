#pragma once
// Every transform stage: small constexpr value types that say what to do; the executor
// (pipeline/executor.hpp) decides how. Compose them with `|` from pipeline/pipeline.hpp.
#include "stages/blur.hpp"
#include "stages/center_crop.hpp"
#include "stages/color_format.hpp"
#include "stages/crop.hpp"
#include "stages/flip.hpp"
#include "stages/gaussian.hpp"
#include "stages/hog.hpp"
#include "stages/normalize.hpp"
#include "stages/resize.hpp"
#include "stages/stage.hpp"
#include "stages/threshold.hpp"
#include "stages/to_tensor.hpp"
#include "stages/unroll.hpp"
