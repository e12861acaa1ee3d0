#pragma once
// Opt-in: include in exactly ONE translation unit. Compiles stb_image (vendored v2.30) and the
// stb-backed parts of io/decode.hpp. (Filled in by the decode work.)
#include "decode.hpp"
