#pragma once
// <immintrin.h>, parsed with GCC 12's false -W(maybe-)uninitialized off. Its AVX-512 intrinsics
// initialise their "undefined" vectors from themselves (GCC bug 105593, fixed in 12.3 and 13), and
// the warning fires wherever they are inlined: a -march=native -Werror build on an AVX-512 CPU
// stopped in imgframe's kernels. GCC decides by the diagnostic state of the header's own lines, so
// this works when imgframe is the first to include <immintrin.h> (README, "The hot path").
#if defined(__x86_64__) || defined(__i386__)
#if defined(__GNUC__) && !defined(__clang__) && __GNUC__ < 13
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#pragma GCC diagnostic ignored "-Wuninitialized"
#include <immintrin.h>
#pragma GCC diagnostic pop
#else
#include <immintrin.h>
#endif
#endif
