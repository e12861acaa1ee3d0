#pragma once
// The fused per-pixel pass: a run of pointwise stages (color_format, normalize, to_tensor) turned
// into one program per output plane and executed in ONE loop over the rows of its input:
//   source   where the plane's value comes from: an input channel, a constant (the alpha
//            cvtColor adds) or the gray of three input channels
//   steps    the affine formulas of normalize / to_tensor in order, each followed by the
//            rounding of that stage's output type (so fusing changes no value)
// Execution per row: 8-bit inputs go through one 256-entry table per plane (exact: the table is
// the formula evaluated on every possible value); other depths evaluate the steps on a row of
// doubles with the vector kernels. Intermediate rows are one image row long and stay in cache;
// the image itself is read once and the output written once.
#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <type_traits>
#include <vector>

#include "../core/depth.hpp"
#include "../core/image.hpp"
#include "../core/tensor.hpp"
#include "../simd/arch.hpp"
#include "../simd/kernels/color.hpp"
#include "../simd/kernels/convert.hpp"
#include "../simd/kernels/normalize.hpp"
#include "../simd/kernels/reorder.hpp"
#include "../simd/loop.hpp"
#include "../stages/color_format.hpp"
#include "../stages/normalize.hpp"
#include "../stages/to_tensor.hpp"

namespace imgframe::exec {

// Where a fused plane's values come from: an input channel, a constant, or a gray conversion of B, G, R.
enum class source_kind { channel, constant, gray };

// The source of one output plane of a fused pass.
struct plane_source {
  // Which source.
  source_kind kind = source_kind::channel;
  int channel = 0;        // source_kind::channel
  double constant = 0.0;  // source_kind::constant
  int ib = 0, ig = 0, ir = 0;  // source_kind::gray: B, G, R channels of the pass input
  // Gray weights, for source_kind::gray.
  kernels::gray_weights weights = kernels::opencv4_gray_weights;
};

// Most pointwise steps one fused pass chains.
inline constexpr int max_fused_steps = 8;

// One pointwise step of a plane: value x scale + offset, then rounded to the stage's output type.
struct fused_step {
  // The affine map of the step.
  kernels::affine_params affine;
  depth rounds_to = depth::f64;  // the stage's output value type
};

// A plane's whole computation in a fused pass: its source, then step_count steps.
struct plane_program {
  // Where the values come from.
  plane_source source;
  // Number of steps used.
  int step_count = 0;
  // The steps, in order.
  std::array<fused_step, max_fused_steps> steps{};
};

// Per-plane programs of the current format while a fused pass is being assembled.
template <int C>
using plane_programs = std::array<plane_program, static_cast<std::size_t>(C)>;

namespace detail {

template <class T>
constexpr double max_value_of() noexcept {
  if constexpr (std::is_floating_point_v<T>) return 1.0;
  else return static_cast<double>(std::numeric_limits<T>::max());
}

// ---- building the programs, one stage at a time ------------------------------------------------

template <class In> plane_programs<In::channels> identity_programs() {
  plane_programs<In::channels> p{};
  for (int c = 0; c < In::channels; ++c) p[static_cast<std::size_t>(c)].source.channel = c;
  return p;
}

// For each channel of order From, its index in order To (by name), fixed at compile time.
// Same order: identity (this also covers unordered<2>, whose channels have no names).
template <class From, class To>
consteval auto channel_map() {
  std::array<std::size_t, static_cast<std::size_t>(From::channels)> map{};
  for (int k = 0; k < From::channels; ++k) {
    if constexpr (std::is_same_v<From, To>) {
      map[static_cast<std::size_t>(k)] = static_cast<std::size_t>(k);
      continue;
    }
    const int i = To::index_of(From::letters[static_cast<std::size_t>(k)]);
    map[static_cast<std::size_t>(k)] = static_cast<std::size_t>(i < 0 ? 0 : i);
  }
  return map;
}

inline void append_step(plane_program& p, const kernels::affine_params& a, depth d) {
  // max_fused_steps bounds a fused run; the planner starts a new pass long before (see plan).
  p.steps[static_cast<std::size_t>(p.step_count++)] = {a, d};
}

template <class In, color_code Code>
auto apply_stage(const plane_programs<In::channels>& in, [[maybe_unused]] const color_format<Code>& s) {
  using S = color_format<Code>;
  using Out = stage_output_t<S, In>;
  using InOrder = typename In::order;
  using OutOrder = typename Out::order;
  plane_programs<Out::channels> out{};
  if constexpr (S::info.to_gray) {
    // The planner guarantees every input plane is still a plain channel of the pass input.
    constexpr auto bgr_in = channel_map<bgr, InOrder>();
    plane_program& g = out[0];
    g.source.kind = source_kind::gray;
    g.source.ib = in[bgr_in[0]].source.channel;
    g.source.ig = in[bgr_in[1]].source.channel;
    g.source.ir = in[bgr_in[2]].source.channel;
    g.source.weights = s.gray == gray_formula::opencv3 ? kernels::opencv3_gray_weights : kernels::opencv4_gray_weights;
  } else {
    constexpr auto from_input = channel_map<OutOrder, InOrder>();
    for (std::size_t k = 0; k < static_cast<std::size_t>(Out::channels); ++k) {
      const char letter = OutOrder::letters[k];
      auto& o = out[k];
      if (S::info.from_gray && letter != 'A') {
        o = in[0];
      } else if (InOrder::index_of(letter) >= 0) {
        o = in[from_input[k]];
      } else {  // an added alpha: the depth's maximum, as cvtColor writes it
        o = plane_program{};
        o.source.kind = source_kind::constant;
        o.source.constant = max_value_of<typename In::value_type>();
      }
    }
  }
  return out;
}

template <class In, class Order, class T>
auto apply_stage(const plane_programs<In::channels>& in, const normalize<Order, T>& s) {
  constexpr auto to_param = channel_map<typename In::order, Order>();
  plane_programs<In::channels> out = in;
  for (std::size_t k = 0; k < static_cast<std::size_t>(In::channels); ++k)
    append_step(out[k], {s.scale, s.mean[to_param[k]], s.stddev[to_param[k]]}, depth_of_v<T>);
  return out;
}

template <class In, class T, class Order, class Layout, class Gray>
auto apply_stage(const plane_programs<In::channels>& in, const to_tensor<T, Order, Layout, Gray>& s) {
  using S = to_tensor<T, Order, Layout, Gray>;
  using Planes = typename S::template plane_order_t<In>;
  constexpr auto from_input = channel_map<Planes, typename In::order>();  // gray maps every plane to 0
  plane_programs<Planes::channels> out{};
  for (std::size_t p = 0; p < static_cast<std::size_t>(Planes::channels); ++p) {
    out[p] = std::is_same_v<typename In::order, gray> ? in[0] : in[from_input[p]];
    append_step(out[p], {s.scale, s.mean[p], s.stddev[p]}, depth_of_v<T>);
  }
  return out;
}

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

// Where output plane p of row y goes: pointer and element step.
struct plane_target {
  void* data;
  std::ptrdiff_t step;
};

}  // namespace detail

// Runs the programs over src, writing plane p of row y through target(p, y).
template <class Arch, class U, ImageView Src, std::size_t Planes, class Target>
void run_fused(const Src& src, const std::array<plane_program, Planes>& programs, Target&& target) {
  constexpr int P = static_cast<int>(Planes);
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
      const auto [dst_ptr, dst_step] = target(p, y);
      U* dst = static_cast<U*>(dst_ptr);
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

// Output targets: an interleaved image, or a tensor in its layout (owned, or a caller's view).
template <class U, int P, class Order>
auto image_target(const image_view<U, P, Order>& view) {
  return [view](int p, int y) { return detail::plane_target{view.pixel(0, y) + p, view.pixel_step()}; };
}
// Where a fused pass writes plane p, row y of an image.
template <class U, int P, class Order>
auto image_target(image<U, P, Order>& out) {
  return image_target(out.view());
}

// Where a fused pass writes plane p, row y of a tensor view.
template <class U, class Order, class Layout>
auto tensor_target(const tensor_view<U, Order, Layout>& view) {
  return [view](int p, int y) {
    if constexpr (Layout::value == tensor_layout::chw)
      return detail::plane_target{view.plane(p) + static_cast<std::ptrdiff_t>(y) * view.width(), 1};
    else
      return detail::plane_target{view.data() + static_cast<std::ptrdiff_t>(y) * view.width() * Order::channels + p,
                                  Order::channels};
  };
}
// Where a fused pass writes plane p, row y of a tensor.
template <class U, class Order, class Layout>
auto tensor_target(tensor<U, Order, Layout>& out) {
  return tensor_target(out.view());
}

}  // namespace imgframe::exec
