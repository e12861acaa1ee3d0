#pragma once
// The executor: decides how a chain of stages runs. Stages only say what.
//   plan     grouping of the stages into passes, fixed at compile time by the stage types:
//              view     crop, center_crop, flip: a new window on the same pixels (no copy)
//              kernel   resize, blur, gaussian_*, threshold: one pass into a new image
//              fused    a run of pointwise stages (color_format, normalize, to_tensor): ONE
//                       loop over rows for the whole run (see fused_pass.hpp)
//            A fused run is split only where a gray conversion would follow a normalization
//            (the gray of normalized values is not a per-plane formula).
//   run      executes a plan on a view; the result is the final view when no pass copied pixels
//            (it borrows from the input), else an owning image, or the tensor.
// Hana-free: pipeline/pipeline.hpp unpacks its hana::tuple into run(view, stages...).
#include <array>
#include <cstddef>
#include <string>
#include <tuple>
#include <type_traits>
#include <utility>
#include <variant>

#include "../core/concepts.hpp"
#include "../core/image.hpp"
#include "../core/image_view.hpp"
#include "../core/tensor.hpp"
#include "../simd/arch.hpp"
#include "../simd/kernels/box_blur.hpp"
#include "../simd/kernels/gaussian_blur.hpp"
#include "../simd/kernels/gaussian_vertical.hpp"
#include "../simd/kernels/hog.hpp"
#include "../simd/kernels/resize_antialias.hpp"
#include "../simd/kernels/resize_area.hpp"
#include "../simd/kernels/resize_bilinear.hpp"
#include "../simd/kernels/threshold.hpp"
#include "../stages.hpp"
#include "fused_pass.hpp"

namespace imgframe::exec {

// ---- the plan -----------------------------------------------------------------------------------

// Stages [first, last) run as one pass of the given kind.
template <stage_kind Kind, std::size_t First, std::size_t Last>
struct pass {
  static constexpr stage_kind kind = Kind;
  static constexpr std::size_t first = First;
  static constexpr std::size_t last = Last;
};

template <class... Passes>
struct plan {
  static constexpr std::size_t size = sizeof...(Passes);
  // Passes that read and write pixels (views are free).
  static constexpr std::size_t pixel_passes = ((Passes::kind != stage_kind::view ? 1 : 0) + ... + 0);
  static constexpr std::size_t fused_passes = ((Passes::kind == stage_kind::pointwise ? 1 : 0) + ... + 0);
  using tuple_type = std::tuple<Passes...>;
};

namespace detail {

template <class S> inline constexpr bool is_gray_conversion = false;
template <color_code Code> inline constexpr bool is_gray_conversion<color_format<Code>> = color_format<Code>::info.to_gray;

template <class S> inline constexpr bool is_affine = false;
template <class O, class T> inline constexpr bool is_affine<normalize<O, T>> = true;
template <class T, class O, class L, class G> inline constexpr bool is_affine<to_tensor<T, O, L, G>> = true;

struct pass_info {
  stage_kind kind = stage_kind::view;
  std::size_t first = 0, last = 0;
};

template <class... S>
consteval auto plan_array() {
  constexpr std::size_t n = sizeof...(S);
  constexpr std::array<stage_kind, n> kinds{S::kind...};
  constexpr std::array<bool, n> gray{is_gray_conversion<S>...};
  constexpr std::array<bool, n> affine{is_affine<S>...};
  std::array<pass_info, n + 1> passes{};
  std::size_t count = 0;
  for (std::size_t i = 0; i < n;) {
    if (kinds[i] != stage_kind::pointwise) {
      passes[count++] = {kinds[i], i, i + 1};
      ++i;
      continue;
    }
    std::size_t j = i, steps = 0;
    bool seen_affine = false, seen_gray = false;
    while (j < n && kinds[j] == stage_kind::pointwise) {
      if (gray[j] && (seen_affine || seen_gray)) break;
      if (affine[j] && steps == max_fused_steps) break;
      seen_affine = seen_affine || affine[j];
      seen_gray = seen_gray || gray[j];
      steps += affine[j] ? 1 : 0;
      ++j;
    }
    passes[count++] = {stage_kind::pointwise, i, j};
    i = j;
  }
  return std::pair{passes, count};
}

template <class Seq, class... S> struct make_plan;
template <std::size_t... P, class... S>
struct make_plan<std::index_sequence<P...>, S...> {
  static constexpr auto info = plan_array<S...>().first;
  using type = plan<pass<info[P].kind, info[P].first, info[P].last>...>;
};

}  // namespace detail

// The plan for stages S... (independent of the input type).
template <class... S>
using plan_for = typename detail::make_plan<std::make_index_sequence<detail::plan_array<S...>().second>, S...>::type;

// ---- formats along the chain --------------------------------------------------------------------

namespace detail {
// The format entering stage I.
template <std::size_t I, class In, class... S> struct format_at_impl;
template <class In, class... S> struct format_at_impl<0, In, S...> { using type = In; };
template <std::size_t I, class In, class S0, class... S>
  requires(I > 0)
struct format_at_impl<I, In, S0, S...> : format_at_impl<I - 1, stage_output_t<S0, In>, S...> {};
}  // namespace detail

template <std::size_t I, class In, class... S>
using format_at = typename detail::format_at_impl<I, In, S...>::type;

// ---- running ------------------------------------------------------------------------------------

// What flows between passes: the current view, and the image it lives in when a pass made one.
template <class View, class Owned>
struct carrier {
  View view;
  Owned owned;
};

namespace detail {

template <ImageView V, class Stage>
V apply_view(const V& v, const Stage& s) {
  if constexpr (std::is_same_v<Stage, flip>) {
    V out = v;
    if (s.mirrors_rows()) out = out.flipped_up_down();
    if (s.mirrors_columns()) out = out.flipped_left_right();
    return out;
  } else {
    const roi r = s.region(v.width(), v.height());
    return v.subview(r.x, r.y, r.width, r.height);
  }
}

template <class Src, class Dst>
void apply_kernel(const Src& src, const Dst& dst, const resize& s) {
  switch (s.interp) {
    case interpolation::bilinear: kernels::resize_bilinear(src, dst); break;
    case interpolation::area: kernels::resize_area(src, dst); break;
    case interpolation::antialias: kernels::resize_antialias(src, dst); break;
  }
}
template <class Src, class Dst>
void apply_kernel(const Src& src, const Dst& dst, const resize_short& s) {
  apply_kernel(src, dst, resize{0, 0, s.interp});
}
template <class Src, class Dst>
void apply_kernel(const Src& src, const Dst& dst, const blur& s) {
  s.validate();
  kernels::box_blur(src, dst, s.kernel_width, s.kernel_height);
}
template <class Src, class Dst>
void apply_kernel(const Src& src, const Dst& dst, const gaussian_kernel& s) {
  s.validate();
  kernels::gaussian_vertical(src, dst, s.aperture_size, s.sigma);
}
template <class Src, class Dst>
void apply_kernel(const Src& src, const Dst& dst, const gaussian_blur& s) {
  s.validate();
  kernels::gaussian_blur(src, dst, s.kernel_width, s.kernel_height, s.sigma_x, s.sigma_y);
}
template <class Src, class Dst>
void apply_kernel(const Src& src, const Dst& dst, const threshold& s) {
  kernels::threshold(src, dst, s.thresh, s.max_value, static_cast<kernels::threshold_type>(static_cast<int>(s.type)));
}

template <class Src, class Dst>
void apply_kernel(const Src& src, const Dst& dst, const hog& s) {
  kernels::hog(src, dst, s.cell, s.bins, s.block, s.signed_gradients);
}

// A kernel stage of the user's: stages/stage.hpp's "writing a stage" (it fills dst from src).
template <class Src, class Dst, class Stage>
  requires requires(const Stage& s, const Src& src, const Dst& dst) { s.apply(src, dst); }
void apply_kernel(const Src& src, const Dst& dst, const Stage& s) {
  s.apply(src, dst);
}

// The size a kernel stage writes: target(w, h) when it has one (resize), else its input's.
template <class Stage>
size2d output_size(const Stage& s, int w, int h) {
  if constexpr (requires { s.target(w, h); }) return s.target(w, h);
  else return {w, h};
}

template <class View> using image_for = image<typename View::value_type, View::channels, typename View::order>;

template <class Stage> void validate_stage(const Stage& s) {
  if constexpr (requires { s.validate(); }) s.validate();
}

// Builds the programs of stages [I, Last) starting from the programs of format In.
template <std::size_t I, std::size_t Last, class In, class Tuple>
auto fused_programs(const plane_programs<In::channels>& progs, const Tuple& stages) {
  if constexpr (I == Last) {
    return std::pair{progs, std::type_identity<In>{}};
  } else {
    const auto& s = std::get<I>(stages);
    validate_stage(s);
    using S = std::remove_cvref_t<decltype(s)>;
    using Out = stage_output_t<S, In>;
    if constexpr (Tensor<Out>) {
      return std::pair{apply_stage<In>(progs, s), std::type_identity<Out>{}};
    } else {
      return fused_programs<I + 1, Last, Out>(apply_stage<In>(progs, s), stages);
    }
  }
}

template <class Arch, class Pass, class View, class Owned, class Tuple>
auto run_pass(carrier<View, Owned>&& in, const Tuple& stages) {
  if constexpr (Pass::kind == stage_kind::view) {
    const auto& s = std::get<Pass::first>(stages);
    return carrier<View, Owned>{apply_view(in.view, s), std::move(in.owned)};
  } else if constexpr (Pass::kind == stage_kind::kernel) {
    const auto& s = std::get<Pass::first>(stages);
    using Out = stage_output_t<std::remove_cvref_t<decltype(s)>, View>;
    const size2d size = output_size(s, in.view.width(), in.view.height());
    image_for<Out> out(size.width, size.height);
    apply_kernel(in.view, out.view(), s);
    auto view = out.cview();
    return carrier<Out, image_for<Out>>{view, std::move(out)};
  } else {
    auto [programs, out_type] = fused_programs<Pass::first, Pass::last, View>(identity_programs<View>(), stages);
    using Out = typename std::remove_cvref_t<decltype(out_type)>::type;
    if constexpr (Tensor<Out>) {
      Out out(in.view.height(), in.view.width());
      run_fused<Arch, typename Out::value_type>(in.view, programs, tensor_target(out));
      return carrier<std::monostate, Out>{{}, std::move(out)};
    } else {
      image_for<Out> out(in.view.width(), in.view.height());
      run_fused<Arch, typename Out::value_type>(in.view, programs, image_target(out));
      auto view = out.cview();
      return carrier<Out, image_for<Out>>{view, std::move(out)};
    }
  }
}

template <class View, class Owned>
auto finish(carrier<View, Owned>&& c) {
  if constexpr (std::is_same_v<Owned, std::monostate>) {
    return c.view;  // nothing was copied: the result borrows from the input
  } else if constexpr (Tensor<Owned>) {
    return std::move(c.owned);
  } else {
    const auto whole = c.owned.cview();
    const bool is_whole = c.view.data() == whole.data() && c.view.width() == whole.width() &&
                          c.view.height() == whole.height() && c.view.stride_bytes() == whole.stride_bytes() &&
                          c.view.pixel_step() == whole.pixel_step();
    if (is_whole) return std::move(c.owned);
    return Owned(c.view);  // a window on a temporary: copy it out
  }
}

template <class Arch, class Plan, std::size_t P, class View, class Owned, class Tuple>
auto run_from(carrier<View, Owned>&& c, const Tuple& stages) {
  if constexpr (P == Plan::size) {
    return finish(std::move(c));
  } else {
    using Pass = std::tuple_element_t<P, typename Plan::tuple_type>;
    return run_from<Arch, Plan, P + 1>(run_pass<Arch, Pass>(std::move(c), stages), stages);
  }
}

}  // namespace detail

// Runs stages on a read-only view. The caller has checked the chain (pipeline::accepts).
template <class Arch = simd::default_arch, ImageView V, Stage... S>
auto run(const V& input, const S&... stages) {
  using View = typename std::remove_cvref_t<V>::const_view;
  using Plan = plan_for<S...>;
  const std::tuple<const S&...> tuple(stages...);
  return detail::run_from<Arch, Plan, 0>(carrier<View, std::monostate>{View(input), {}}, tuple);
}

}  // namespace imgframe::exec
