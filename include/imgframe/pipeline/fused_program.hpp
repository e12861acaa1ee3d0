#pragma once
// The programs of a fused per-pixel pass (fused_pass.hpp runs them): a run of pointwise stages
// (color_format, normalize, to_tensor) turned into one program per output plane:
//   source   where the plane's value comes from: an input channel, a constant (the alpha
//            cvtColor adds) or the gray of three input channels
//   steps    the affine formulas of normalize / to_tensor in order, each followed by the
//            rounding of that stage's output type (so fusing changes no value)
// and where the pass writes them (plane_layout). Plain data, built at each call from the stage
// values: no kernel code here, so TUs with IMGFRAME_EXTERN_KERNELS build them too.
#include <array>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <type_traits>

#include "../core/depth.hpp"
#include "../core/image.hpp"
#include "../core/tensor.hpp"
#include "../simd/kernels/params.hpp"
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

}  // namespace detail

// Where a fused pass writes: plane p of row y starts at base + p * plane_bytes + y * row_bytes and
// its values are `step` elements apart (an interleaved image, or a tensor in its layout).
struct plane_layout {
  // Address of plane 0, row 0.
  std::byte* base = nullptr;
  // Bytes from one plane to the next.
  std::ptrdiff_t plane_bytes = 0;
  // Bytes from one row to the next.
  std::ptrdiff_t row_bytes = 0;
  // Elements from one value of a plane's row to the next.
  std::ptrdiff_t step = 1;
};

// Output targets: an interleaved image, or a tensor in its layout (owned, or a caller's view).
template <class U, int P, class Order>
plane_layout image_target(const image_view<U, P, Order>& view) {
  return {reinterpret_cast<std::byte*>(view.data()), static_cast<std::ptrdiff_t>(sizeof(U)), view.stride_bytes(),
          view.pixel_step()};
}
// Where a fused pass writes plane p, row y of an image.
template <class U, int P, class Order>
plane_layout image_target(image<U, P, Order>& out) {
  return image_target(out.view());
}

// Where a fused pass writes plane p, row y of a tensor view.
template <class U, class Order, class Layout>
plane_layout tensor_target(const tensor_view<U, Order, Layout>& view) {
  const auto value = static_cast<std::ptrdiff_t>(sizeof(U));
  const std::ptrdiff_t w = view.width(), plane = static_cast<std::ptrdiff_t>(view.height()) * w;
  auto* base = reinterpret_cast<std::byte*>(view.data());
  if constexpr (Layout::value == tensor_layout::chw)
    return {base, plane * value, w * value, 1};
  else
    return {base, value, w * Order::channels * value, Order::channels};
}
// Where a fused pass writes plane p, row y of a tensor.
template <class U, class Order, class Layout>
plane_layout tensor_target(tensor<U, Order, Layout>& out) {
  return tensor_target(out.view());
}

}  // namespace imgframe::exec
