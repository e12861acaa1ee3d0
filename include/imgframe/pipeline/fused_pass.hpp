#pragma once
// The fused per-pixel pass: runs the per-plane programs of a run of pointwise stages
// (fused_program.hpp) in ONE loop over the rows of its input.
// Execution per row: 8-bit inputs go through one 256-entry table per plane (exact: the table is
// the formula evaluated on every possible value); other depths evaluate the steps on a row of
// doubles with the vector kernels. Intermediate rows are one image row long and stay in cache;
// the image itself is read once and the output written once.
#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <type_traits>
#include <vector>

#include "../core/depth.hpp"
#include "../simd/arch.hpp"
#include "../simd/kernels/color.hpp"
#include "../simd/kernels/convert.hpp"
#include "../simd/kernels/normalize.hpp"
#include "../simd/kernels/reorder.hpp"
#include "../simd/loop.hpp"
#include "fused_program.hpp"

namespace imgframe::exec {

namespace detail {

// ---- running them -------------------------------------------------------------------------------

template <class Arch>
void round_trip(Arch a, depth d, double* v, std::size_t n) {
  switch (d) {
    case depth::u8: kernels::round_trip_row<std::uint8_t>(a, v, n); break;
    case depth::s8: kernels::round_trip_row<std::int8_t>(a, v, n); break;
    case depth::u16: kernels::round_trip_row<std::uint16_t>(a, v, n); break;
    case depth::s16: kernels::round_trip_row<std::int16_t>(a, v, n); break;
    case depth::s32: kernels::round_trip_row<std::int32_t>(a, v, n); break;
    case depth::f32: kernels::round_trip_row<float>(a, v, n); break;
    case depth::f64: break;
  }
}

template <class U>
U evaluate_scalar(double v, const plane_program& p) {
  for (int s = 0; s < p.step_count; ++s) {
    v = kernels::affine(v, p.steps[static_cast<std::size_t>(s)].affine);
    if (s + 1 < p.step_count) round_trip(simd::scalar_arch{}, p.steps[static_cast<std::size_t>(s)].rounds_to, &v, 1);
  }
  return kernels::from_double<U>(v);
}

}  // namespace detail

// Runs the programs over src, writing plane p of row y where target says.
template <class Arch, class U, ImageView Src>
void run_fused(const Src& src, std::span<const plane_program> programs, const plane_layout& target) {
  const int P = static_cast<int>(programs.size());
  using T = typename Src::value_type;
  constexpr int C = Src::channels;
  const auto n = static_cast<std::size_t>(src.width());
  // An empty image has nothing to write, and its row pointers may be null (a 0-wide row's data).
  if (n == 0 || src.height() == 0) return;
  const Arch arch{};

  // 8-bit input: one table per plane, the whole step chain evaluated once per possible value.
  constexpr bool use_tables = std::is_same_v<T, std::uint8_t>;
  std::vector<U> tables(use_tables ? static_cast<std::size_t>(P) * 256 : 0);
  if constexpr (use_tables) {
    for (int p = 0; p < P; ++p)
      for (int v = 0; v < 256; ++v)
        tables[static_cast<std::size_t>(p) * 256 + static_cast<std::size_t>(v)] =
            detail::evaluate_scalar<U>(static_cast<double>(v), programs[static_cast<std::size_t>(p)]);
  }

  std::vector<T> forward, gray_values(n);
  std::vector<double> values(use_tables ? 0 : n);
  for (int y = 0; y < src.height(); ++y) {
    const T* row = simd::forward_row(src, y, forward);
    for (int p = 0; p < P; ++p) {
      const plane_program& prog = programs[static_cast<std::size_t>(p)];
      U* dst = reinterpret_cast<U*>(target.base + p * target.plane_bytes + y * target.row_bytes);
      const std::ptrdiff_t dst_step = target.step;
      // The plane's source values, as a pointer + element step into the row (or a gray row).
      const T* source = nullptr;
      std::ptrdiff_t source_step = C;
      if (prog.source.kind == source_kind::channel) {
        source = row + prog.source.channel;
      } else if (prog.source.kind == source_kind::gray) {
        kernels::gray_row(arch, row, C, prog.source.ib, prog.source.ig, prog.source.ir, gray_values.data(), n,
                          prog.source.weights);
        source = gray_values.data();
        source_step = 1;
      }
      if constexpr (use_tables) {
        const U* table = tables.data() + static_cast<std::size_t>(p) * 256;
        if (source)
          kernels::lut_row(arch, source, source_step, table, dst, dst_step, n);
        else
          kernels::fill_channel(arch, table[static_cast<std::size_t>(prog.source.constant)], dst, dst_step, n);
      } else {
        if (source)
          kernels::to_double_row(arch, source, source_step, values.data(), n);
        else
          std::fill(values.begin(), values.end(), prog.source.constant);
        for (int s = 0; s < prog.step_count; ++s) {
          const auto& step = prog.steps[static_cast<std::size_t>(s)];
          kernels::affine_row(arch, values.data(), n, step.affine);
          if (s + 1 < prog.step_count) detail::round_trip(arch, step.rounds_to, values.data(), n);
        }
        kernels::from_double_row(arch, values.data(), dst, dst_step, n);
      }
    }
  }
}

}  // namespace imgframe::exec
