#pragma once
// The executor: decides how a chain of stages runs. Stages only say what.
//   plan     grouping of the stages into passes, fixed at compile time by the stage types:
//              view     crop, center_crop, flip: a new window on the same pixels (no copy)
//              kernel   resize, blur, gaussian_*, threshold: one pass into a new image (unroll:
//                       into the final tensor).
//                       A crop (crop, center_crop) right after a resize joins its pass: the crop
//                       is mapped back through the resize, so only the source pixels feeding
//                       the window are read and only the window is computed (same values as
//                       resize-then-crop, byte for byte)
//              fused    a run of pointwise stages (color_format, normalize, to_tensor): ONE
//                       loop over rows for the whole run (see fused_pass.hpp)
//            A fused run is split only where a gray conversion would follow a normalization
//            (the gray of normalized values is not a per-plane formula).
//   run      executes a plan on a view; the result is the final view when no pass copied pixels
//            (it borrows from the input), else an owning image, or the tensor.
// Hana-free: pipeline/pipeline.hpp unpacks its hana::tuple into run(view, stages...).
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <string>
#include <tuple>
#include <type_traits>
#include <utility>
#include <variant>

#include "../core/concepts.hpp"
#include "../core/image.hpp"
#include "../core/image_view.hpp"
#include "../core/tensor.hpp"
#include "../simd/kernels/hog.hpp"
#include "../stages.hpp"
#include "fused_program.hpp"
#include "kernel_calls.hpp"

namespace imgframe::exec {

// ---- the plan -----------------------------------------------------------------------------------

// Stages [first, last) run as one pass of the given kind.
template <stage_kind Kind, std::size_t First, std::size_t Last>
struct pass {
  // How the stages of the pass run.
  static constexpr stage_kind kind = Kind;
  // Index of its first stage.
  static constexpr std::size_t first = First;
  // Index after its last stage.
  static constexpr std::size_t last = Last;
};

// The passes a chain of stages runs as, in order (computed at compile time by plan_for).
template <class... Passes>
struct plan {
  // Number of passes.
  static constexpr std::size_t size = sizeof...(Passes);
  // Passes that read and write pixels (views are free).
  static constexpr std::size_t pixel_passes = ((Passes::kind != stage_kind::view ? 1 : 0) + ... + 0);
  // Passes that fuse pointwise stages.
  static constexpr std::size_t fused_passes = ((Passes::kind == stage_kind::pointwise ? 1 : 0) + ... + 0);
  // The passes as a std::tuple, to iterate over.
  using tuple_type = std::tuple<Passes...>;
};

namespace detail {

template <class S> inline constexpr bool is_gray_conversion = false;
template <color_code Code> inline constexpr bool is_gray_conversion<color_format<Code>> = color_format<Code>::info.to_gray;

template <class S> inline constexpr bool is_resize = std::is_same_v<S, resize> || std::is_same_v<S, resize_short>;
template <class S> inline constexpr bool is_crop = std::is_same_v<S, crop> || std::is_same_v<S, center_crop>;

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
  constexpr std::array<bool, n> resizes{is_resize<S>...};
  constexpr std::array<bool, n> crops{is_crop<S>...};
  std::array<pass_info, n + 1> passes{};
  std::size_t count = 0;
  for (std::size_t i = 0; i < n;) {
    if (resizes[i] && i + 1 < n && crops[i + 1]) {  // resize + the crop of its result: one windowed pass
      passes[count++] = {stage_kind::kernel, i, i + 2};
      i += 2;
      continue;
    }
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

// The format after the first I stages of S... on input format In.
template <std::size_t I, class In, class... S>
using format_at = typename detail::format_at_impl<I, In, S...>::type;

// ---- running ------------------------------------------------------------------------------------

// What flows between passes: the current view, and the image it lives in when a pass made one.
template <class View, class Owned>
struct carrier {
  // The current view.
  View view;
  // What keeps its pixels alive (nothing for a window on the input).
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
  run_kernel_stage(src, dst, s);
}
template <class Src, class Dst>
void apply_kernel(const Src& src, const Dst& dst, const resize_short& s) {
  run_kernel_stage(src, dst, resize{0, 0, s.interp});
}
template <class Src, class Dst, class Stage>
  requires(std::is_same_v<Stage, blur> || std::is_same_v<Stage, gaussian_kernel> ||
           std::is_same_v<Stage, gaussian_blur> || std::is_same_v<Stage, threshold>)
void apply_kernel(const Src& src, const Dst& dst, const Stage& s) {
  run_kernel_stage(src, dst, s);
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

template <ImageView Src, MutableImageView Dst>
void copy_pixels(const Src& src, const Dst& dst) {
  const std::size_t row_bytes = src.row_bytes();
  for (int y = 0; y < src.height(); ++y) {
    if (src.rows_are_contiguous() && dst.rows_are_contiguous()) {
      if (row_bytes) std::memcpy(dst.row(y), src.row(y), row_bytes);
    } else {
      for (int x = 0; x < src.width(); ++x)
        for (int c = 0; c < Src::channels; ++c) dst.pixel(x, y)[c] = src.pixel(x, y)[c];
    }
  }
}

// dst = the `win` window of the resize of src to win.full_width x win.full_height.
template <class Src, class Dst>
void apply_kernel_window(const Src& src, const Dst& dst, const resize& s, const resize_window& win) {
  run_kernel_stage(src, dst, s, win);
}
template <class Src, class Dst>
void apply_kernel_window(const Src& src, const Dst& dst, const resize_short& s, const resize_window& win) {
  apply_kernel_window(src, dst, resize{0, 0, s.interp}, win);
}

// A kernel pass is one kernel stage, or a resize and the crop of its result. Its output size and,
// for a resize + crop, the window of the full resize it computes.
struct kernel_plan {
  size2d size;
  resize_window window;
};
template <class Pass, class Tuple>
kernel_plan plan_kernel(const Tuple& stages, int w, int h) {
  const size2d full = output_size(std::get<Pass::first>(stages), w, h);
  if constexpr (Pass::last - Pass::first == 2) {
    const roi r = std::get<Pass::first + 1>(stages).region(full.width, full.height);
    return {{r.width, r.height}, {full.width, full.height, r.x, r.y}};
  } else {
    return {full, {}};
  }
}
template <class Pass, class Src, class Dst, class Tuple>
void run_kernel(const Src& src, const Dst& dst, const Tuple& stages, const kernel_plan& k) {
  if constexpr (Pass::last - Pass::first == 2)
    apply_kernel_window(src, dst, std::get<Pass::first>(stages), k.window);
  else
    apply_kernel(src, dst, std::get<Pass::first>(stages));
}

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
    using S = std::remove_cvref_t<decltype(std::get<Pass::first>(stages))>;
    using Out = stage_output_t<S, View>;  // hog: a float feature map; unroll: the final tensor
    const kernel_plan k = plan_kernel<Pass>(stages, in.view.width(), in.view.height());
    if constexpr (Tensor<Out>) {
      Out out(k.size.height, k.size.width);
      run_kernel<Pass>(in.view, out.view(), stages, k);
      return carrier<std::monostate, Out>{{}, std::move(out)};
    } else {
      // The resize kernels write every pixel: no zero-fill (the other kernels keep it).
      image_for<Out> out = is_resize<S> ? image_for<Out>(k.size.width, k.size.height, no_init)
                                        : image_for<Out>(k.size.width, k.size.height);
      run_kernel<Pass>(in.view, out.view(), stages, k);
      auto view = out.cview();
      return carrier<Out, image_for<Out>>{view, std::move(out)};
    }
  } else {
    auto [programs, out_type] = fused_programs<Pass::first, Pass::last, View>(identity_programs<View>(), stages);
    using Out = typename std::remove_cvref_t<decltype(out_type)>::type;
    if constexpr (Tensor<Out>) {
      Out out(in.view.height(), in.view.width(), no_init);
      run_fused_pass<Arch, typename Out::value_type>(in.view, programs, tensor_target(out));
      return carrier<std::monostate, Out>{{}, std::move(out)};
    } else {
      image_for<Out> out(in.view.width(), in.view.height(), no_init);
      run_fused_pass<Arch, typename Out::value_type>(in.view, programs, image_target(out));
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
template <class Arch = default_arch, ImageView V, Stage... S>
auto run(const V& input, const S&... stages) {
  using View = typename std::remove_cvref_t<V>::const_view;
  using Plan = plan_for<S...>;
  const std::tuple<const S&...> tuple(stages...);
  return detail::run_from<Arch, Plan, 0>(carrier<View, std::monostate>{View(input), {}}, tuple);
}

// ---- running into the caller's storage -----------------------------------------------------------

namespace detail {

// Runs passes P... like run_from, except that the last one writes into target(width, height): the
// caller's image_view or tensor_view of the result's size (the only writes to it).
template <class Arch, class Plan, std::size_t P, class View, class Owned, class Tuple, class Target>
void run_into_from(carrier<View, Owned>&& c, const Tuple& stages, Target& target) {
  if constexpr (Plan::size == 0) {
    copy_pixels(c.view, target(c.view.width(), c.view.height()));
  } else if constexpr (P + 1 < Plan::size) {
    using Pass = std::tuple_element_t<P, typename Plan::tuple_type>;
    run_into_from<Arch, Plan, P + 1>(run_pass<Arch, Pass>(std::move(c), stages), stages, target);
  } else {
    using Pass = std::tuple_element_t<P, typename Plan::tuple_type>;
    if constexpr (Pass::kind == stage_kind::view) {
      const View v = apply_view(c.view, std::get<Pass::first>(stages));
      copy_pixels(v, target(v.width(), v.height()));
    } else if constexpr (Pass::kind == stage_kind::kernel) {
      const kernel_plan k = plan_kernel<Pass>(stages, c.view.width(), c.view.height());
      run_kernel<Pass>(c.view, target(k.size.width, k.size.height), stages, k);
    } else {
      auto [programs, out_type] = fused_programs<Pass::first, Pass::last, View>(identity_programs<View>(), stages);
      using Out = typename std::remove_cvref_t<decltype(out_type)>::type;
      const auto dst = target(c.view.width(), c.view.height());
      if constexpr (Tensor<Out>)
        run_fused_pass<Arch, typename Out::value_type>(c.view, programs, tensor_target(dst));
      else
        run_fused_pass<Arch, typename Out::value_type>(c.view, programs, image_target(dst));
    }
  }
}

}  // namespace detail

// Runs stages on a read-only view; the last pass writes the result through target(width, height),
// which returns the destination of that size (a mutable image_view, or a tensor_view).
template <class Arch = default_arch, ImageView V, class Target, Stage... S>
void run_into(const V& input, Target&& target, const S&... stages) {
  using View = typename std::remove_cvref_t<V>::const_view;
  using Plan = plan_for<S...>;
  const std::tuple<const S&...> tuple(stages...);
  detail::run_into_from<Arch, Plan, 0>(carrier<View, std::monostate>{View(input), {}}, tuple, target);
}

}  // namespace imgframe::exec
