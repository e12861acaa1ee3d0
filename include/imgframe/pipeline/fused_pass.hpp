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
#include <cstring>
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
#include "../simd/x86/rows.hpp"
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

#if IMGFRAME_X86_DISPATCH
// A u8 -> float plane of one affine step as one double multiply-add a * v + b on the dispatched
// x86 loop (8 / 16 values per instruction with AVX2 / AVX-512, against a table lookup per value),
// used only where that gives the table's value for all 256 inputs at the level in force. It
// nearly always does (the result is rounded to float, 29 bits coarser than the double error),
// and the check keeps the rare exception exact: that plane keeps its table.
struct affine_plane {
  bool use = false;
  double a = 0.0, b = 0.0;
};

// The dispatched loop (rows.ipp affine_u8_f32); null on SSE2, where the table is faster than 2 double lanes.
using affine_loop = void (*)(const std::uint8_t*, int, const simd::x86::affine_plane_row*, int, std::size_t, bool);
inline affine_loop affine_loop_in_force() noexcept {
  namespace x86 = simd::x86;
  return x86::pick<affine_loop>(nullptr, &x86::avx2::affine_u8_f32, &x86::avx512::affine_u8_f32);
}

inline affine_plane affine_plane_for(affine_loop k, const plane_program& p, const float* table) {
  if (k == nullptr || p.step_count != 1 || p.source.kind == source_kind::constant) return {};
  const kernels::affine_params& s = p.steps[0].affine;
  const affine_plane f{true, s.scale / s.stddev, -s.mean / s.stddev};
  std::array<std::uint8_t, 256> v;
  std::array<float, 256> out;
  for (int i = 0; i < 256; ++i) v[static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(i);
  // 256 contiguous values, no streaming: every value comes from the vector body, none from the table.
  const simd::x86::affine_plane_row row{0, f.a, f.b, table, out.data()};
  k(v.data(), 1, &row, 1, 256, false);
  return std::memcmp(out.data(), table, sizeof out) == 0 ? f : affine_plane{};
}

// Outputs above this many bytes are written with non-temporal stores: larger than the L2 of x86
// cores, they leave it before a consumer reads them anyway, and plain stores first read each line
// in (W4, the 25 MB of a 1080p CHW float tensor: 1.3 ms streamed, 2.1-2.4 ms with plain stores).
inline constexpr std::size_t stream_output_bytes = std::size_t{4} << 20;
#endif

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

#if IMGFRAME_X86_DISPATCH
  // Planes of a channel on the dispatched loop run in one call per row (channel_rows, their plane
  // numbers in channel_plane); a gray plane on it has its affine entry.
  std::vector<detail::affine_plane> affine(static_cast<std::size_t>(P));
  std::array<simd::x86::affine_plane_row, 4> channel_rows{};
  std::array<int, 4> channel_plane{};
  int channel_planes = 0;
  const detail::affine_loop k = detail::affine_loop_in_force();
  const bool stream = static_cast<std::size_t>(P) * n * static_cast<std::size_t>(src.height()) * sizeof(U) >
                      detail::stream_output_bytes;
  if constexpr (use_tables && std::is_same_v<U, float> && !std::is_same_v<Arch, simd::scalar_arch>)
    for (int p = 0; p < P && target.step == 1; ++p) {
      const plane_program& prog = programs[static_cast<std::size_t>(p)];
      const float* table = tables.data() + static_cast<std::size_t>(p) * 256;
      const detail::affine_plane f = detail::affine_plane_for(k, prog, table);
      if (f.use && prog.source.kind == source_kind::channel && channel_planes < 4) {
        channel_plane[static_cast<std::size_t>(channel_planes)] = p;
        channel_rows[static_cast<std::size_t>(channel_planes++)] = {prog.source.channel, f.a, f.b, table, nullptr};
      } else if (prog.source.kind == source_kind::gray) {
        affine[static_cast<std::size_t>(p)] = f;
      }
    }
#endif

  std::vector<T> forward, gray_values(n);
  std::vector<double> values(use_tables ? 0 : n);
  for (int y = 0; y < src.height(); ++y) {
    const T* row = simd::forward_row(src, y, forward);
#if IMGFRAME_X86_DISPATCH
    if constexpr (use_tables && std::is_same_v<U, float>) {
      if (channel_planes > 0) {
        for (int j = 0; j < channel_planes; ++j)
          channel_rows[static_cast<std::size_t>(j)].d = reinterpret_cast<float*>(
              target.base + channel_plane[static_cast<std::size_t>(j)] * target.plane_bytes + y * target.row_bytes);
        k(row, C, channel_rows.data(), channel_planes, n, stream);
      }
    }
#endif
    for (int p = 0; p < P; ++p) {
#if IMGFRAME_X86_DISPATCH
      const auto written = channel_plane.begin() + channel_planes;
      if (std::find(channel_plane.begin(), written, p) != written) continue;  // a channel plane: written above
#endif
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
#if IMGFRAME_X86_DISPATCH
        if constexpr (std::is_same_v<U, float>) {
          const detail::affine_plane& f = affine[static_cast<std::size_t>(p)];
          if (f.use) {  // a gray plane
            const simd::x86::affine_plane_row gray_row{0, f.a, f.b, table, dst};
            k(source, static_cast<int>(source_step), &gray_row, 1, n, stream);
            continue;
          }
        }
#endif
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
#if IMGFRAME_X86_DISPATCH
  if (stream) _mm_sfence();  // the streamed stores are visible to other threads once the pass returns
#endif
}

}  // namespace imgframe::exec
