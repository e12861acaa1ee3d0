#pragma once
// Feature macros only.
//   IMGFRAME_NO_SIMD  - build every kernel from its scalar reference (no xsimd include).
//   IMGFRAME_ASSERT   - internal invariant check; defaults to assert().
#ifndef IMGFRAME_ASSERT
#include <cassert>
// Internal invariant check (assert() unless defined before including imgframe).
#define IMGFRAME_ASSERT(cond) assert(cond)
#endif
