#pragma once
// Umbrella header: core, erased rows (and, with the transform layer, stages and pipeline).
// io/ stays opt-in: include <imgframe/io.hpp>, and <imgframe/io/stb_implementation.hpp> in exactly one TU.
#include "core.hpp"
#include "erased.hpp"
