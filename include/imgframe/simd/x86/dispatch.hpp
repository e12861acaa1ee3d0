#pragma once
// Runtime ISA dispatch on x86-64 (GCC and Clang): the few hot integer row loops of the
// neighbourhood kernels (box blur, Gaussian blur, threshold) are compiled three times in one
// header-only build -- SSE2, AVX2 and AVX-512BW -- inside target regions (the technique simdjson
// uses), and the widest level the CPU runs is picked once, at first use, as OpenCV's dispatcher
// does. So a portable build (no -m flags) gets AVX2 / AVX-512 where the CPU has them, and a
// -march=native build runs the same code. Independent of xsimd (works with 8.1 and 14).
//
//   IMGFRAME_NO_DISPATCH        - compile-time: no runtime dispatch (kernels keep their xsimd path)
//   IMGFRAME_SIMD=sse2|avx2|avx512 (environment) - cap the level at run time (tests, benchmarks)
#include <atomic>
#include <cstdlib>
#include <cstring>

#if !defined(IMGFRAME_NO_SIMD) && !defined(IMGFRAME_NO_DISPATCH) && defined(__x86_64__) && \
    (defined(__GNUC__) || defined(__clang__))
#define IMGFRAME_X86_DISPATCH 1
#else
// 1 when the x86 row loops are dispatched at run time (SSE2 / AVX2 / AVX-512BW), else 0.
#define IMGFRAME_X86_DISPATCH 0
#endif

#if IMGFRAME_X86_DISPATCH
#include "intrinsics.hpp"

// Target regions: every function defined between BEGIN and END is compiled for that ISA.
#if defined(__clang__)
#define IMGFRAME_TARGET_AVX2_BEGIN \
  _Pragma("clang attribute push(__attribute__((target(\"avx2,fma,bmi,bmi2,popcnt\"))), apply_to = function)")
#define IMGFRAME_TARGET_AVX512_BEGIN \
  _Pragma("clang attribute push(__attribute__((target(\"avx2,fma,bmi,bmi2,popcnt,avx512f,avx512bw,avx512vl,avx512dq\"))), apply_to = function)")
#define IMGFRAME_TARGET_END _Pragma("clang attribute pop")
#else
#define IMGFRAME_TARGET_AVX2_BEGIN _Pragma("GCC push_options") _Pragma("GCC target(\"avx2,fma,bmi,bmi2,popcnt\")")
#define IMGFRAME_TARGET_AVX512_BEGIN \
  _Pragma("GCC push_options") _Pragma("GCC target(\"avx2,fma,bmi,bmi2,popcnt,avx512f,avx512bw,avx512vl,avx512dq\")")
#define IMGFRAME_TARGET_END _Pragma("GCC pop_options")
#endif
#endif

namespace imgframe::simd::x86 {

// The x86 instruction-set levels the row loops are compiled for.
enum class level : int { none = 0, sse2 = 1, avx2 = 2, avx512 = 3 };

// "none", "sse2", "avx2" or "avx512bw".
inline const char* name(level l) noexcept {
  switch (l) {
    case level::sse2: return "sse2";
    case level::avx2: return "avx2";
    case level::avx512: return "avx512bw";
    default: return "none";
  }
}

// The widest level this CPU runs (none when dispatch is compiled out).
inline level cpu_level() noexcept {
#if IMGFRAME_X86_DISPATCH
  __builtin_cpu_init();
  if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512vl") &&
      __builtin_cpu_supports("avx512dq"))
    return level::avx512;
  if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma") && __builtin_cpu_supports("bmi2"))
    return level::avx2;
  return level::sse2;
#else
  return level::none;
#endif
}

namespace detail {
inline level level_from_environment(level cpu) noexcept {
  const char* e = std::getenv("IMGFRAME_SIMD");
  if (e == nullptr || cpu == level::none) return cpu;
  level want = cpu;
  if (std::strcmp(e, "sse2") == 0) want = level::sse2;
  if (std::strcmp(e, "avx2") == 0) want = level::avx2;
  if (std::strcmp(e, "avx512") == 0 || std::strcmp(e, "avx512bw") == 0) want = level::avx512;
  return static_cast<int>(want) < static_cast<int>(cpu) ? want : cpu;
}
inline std::atomic<int>& current() noexcept {
  static std::atomic<int> l{static_cast<int>(level_from_environment(cpu_level()))};
  return l;
}
}  // namespace detail

// The level the kernels use now: the CPU's widest, capped by IMGFRAME_SIMD and force().
inline level active() noexcept { return static_cast<level>(detail::current().load(std::memory_order_relaxed)); }

// Caps the level (never above what the CPU runs); returns the level now in force. For tests and
// benchmarks that compare the levels against each other.
inline level force(level l) noexcept {
  const level cpu = cpu_level();
  const level use = static_cast<int>(l) < static_cast<int>(cpu) ? l : cpu;
  detail::current().store(static_cast<int>(use), std::memory_order_relaxed);
  return use;
}

}  // namespace imgframe::simd::x86
