#pragma once
// pipeline<S...>: stages composed left to right with `|`, checked at compile time.
//
//   constexpr auto p = resize_short{256} | center_crop{224, 224}
//                    | to_tensor<float, rgb, chw>{{0.485, 0.456, 0.406}, {0.229, 0.224, 0.225}, 1.0 / 255};
//   auto t = p(bgr_view);               // tensor<float, rgb, chw>
//
// The only header that includes Boost.Hana (fine-grained headers, no map/set): the stages live
// in a hana::tuple, and the output format is a hana::fold_left of the stages' output_t over the
// input type. The executor (executor.hpp) decides how the stages run.
//
// Calling a pipeline:
//   p(view)         constrained on accepts<V>: std::is_invocable is false for input types the
//                   chain rejects, so imgframe::visit(row, p) instantiates only accepted row
//                   types and throws row_error for the others. A generic lambda around it must
//                   be constrained the same way to keep this:
//                     visit(row, [&](auto v) -> decltype(p(v)) { return p(v); });
//                   A rejected direct call fails overload resolution; the compiler's note names
//                   the stage that rejects and the format it was given.
//   run(p, view)    unconstrained: a rejected input stops at the static_assert of the stage
//                   that rejects it, in words ("three means/stddevs on a gray image", ...).
//   p.run<Arch>(v)  like run, with an explicit SIMD architecture (simd::scalar_arch runs the
//                   scalar reference kernels; header-only builds only, see kernel_calls.hpp).
// C++20 cannot give one call expression both behaviours: SFINAE-friendly for is_invocable and a
// static_assert when called; hence the two doors.
// Results: the final view when every stage is a view stage (it borrows from the input, like
// subview), an owning image otherwise, or a tensor after to_tensor.
//   p.into(view, out)   the same result written into caller-owned, reused storage (see into).
#include <boost/hana/append.hpp>
#include <boost/hana/concat.hpp>
#include <boost/hana/fold_left.hpp>
#include <boost/hana/tuple.hpp>
#include <boost/hana/type.hpp>
#include <boost/hana/unpack.hpp>

#include <string>
#include <type_traits>
#include <utility>

#include "../core/concepts.hpp"
#include "../core/error.hpp"
#include "../stages.hpp"
#include "executor.hpp"

namespace imgframe {

template <Stage... S>
class pipeline;

namespace detail {

struct chain_rejected {};

// One step of the type-level fold: the format after stage S, or chain_rejected.
struct chain_step {
  template <class Acc, class S>
  constexpr auto operator()(Acc acc, S) const {
    using In = typename Acc::type;
    using St = typename S::type;
    if constexpr (std::is_same_v<In, chain_rejected>) return acc;
    else if constexpr (stage_accepts<St, In>) return boost::hana::type_c<stage_output_t<St, In>>;
    else return boost::hana::type_c<chain_rejected>;
  }
};

// The input format of a view argument: its read-only view type.
template <class V> struct input_format { using type = chain_rejected; };
template <ImageView V> struct input_format<V> { using type = typename std::remove_cvref_t<V>::const_view; };
template <class V> using input_format_t = typename input_format<V>::type;

template <class In, class... S>
using chain_output_t =
    typename decltype(boost::hana::fold_left(boost::hana::tuple_t<S...>, boost::hana::type_c<In>, chain_step{}))::type;

// Stands in for "no stage rejects": accepts everything.
struct no_rejection {
  static constexpr std::string_view name = "none";
  static constexpr stage_kind kind = stage_kind::view;
  struct format {
    template <class In> static constexpr bool accepts = true;
  };
};

// The first stage that rejects format In, and the format it was given (no_rejection if none
// does). The constraint of pipeline::operator() names them, so a failed call shows which stage
// said no, and to what.
template <class In, class... S> struct first_rejection {
  using stage = no_rejection;
  using input = In;
};
template <bool Accepted, class In, class S0, class... Rest> struct first_rejection_step {
  using stage = S0;
  using input = In;
};
template <class In, class S0, class... Rest>
struct first_rejection_step<true, In, S0, Rest...> : first_rejection<stage_output_t<S0, In>, Rest...> {};
template <class In, class S0, class... Rest>
struct first_rejection<In, S0, Rest...> : first_rejection_step<stage_accepts<S0, In>, In, S0, Rest...> {};

// The storage pipeline::into writes a result of type Result into (Out without reference).
template <class Result, class Out> struct into_target_of : std::false_type {};
template <class T, class O, class L> struct into_target_of<tensor<T, O, L>, tensor<T, O, L>> : std::true_type {};
template <class T, class O, class L> struct into_target_of<tensor<T, O, L>, tensor_view<T, O, L>> : std::true_type {};
template <class T, int C, class O> struct into_target_of<image_view<const T, C, O>, image<T, C, O>> : std::true_type {};
template <class T, int C, class O> struct into_target_of<image_view<const T, C, O>, image_view<T, C, O>> : std::true_type {};

template <class Out> inline constexpr bool is_borrowed_output = false;
template <class T, class O, class L> inline constexpr bool is_borrowed_output<tensor_view<T, O, L>> = true;
template <class T, int C, class O> inline constexpr bool is_borrowed_output<image_view<T, C, O>> = true;

// Owners (tensor&, image&) must be lvalues: the result would be lost in a temporary.
template <class Result, class Out>
concept into_target_for = into_target_of<Result, std::remove_cvref_t<Out>>::value &&
                          (is_borrowed_output<std::remove_cvref_t<Out>> || std::is_lvalue_reference_v<Out>);

[[noreturn]] inline void throw_into_shape(int want_w, int want_h, int have_w, int have_h) {
  raise(error_kind::invalid_argument, {"imgframe pipeline::into: the output is ", have_w, "x", have_h,
                                       ", the result ", want_w, "x", want_h, " (width x height)"});
}

// target(width, height) for exec::run_into: the caller's storage, made or checked to be that size.
template <class T, class O, class L>
auto into_target(tensor<T, O, L>& out) {
  return [&out](int w, int h) {
    out.resize(h, w);  // reuses the storage
    return out.view();
  };
}
template <class T, class O, class L>
auto into_target(const tensor_view<T, O, L>& out) {
  return [out](int w, int h) {
    if (out.width() != w || out.height() != h) throw_into_shape(w, h, out.width(), out.height());
    return out;
  };
}
template <class T, int C, class O>
auto into_target(image<T, C, O>& out) {
  return [&out](int w, int h) {
    if (out.width() != w || out.height() != h) out = image<T, C, O>(w, h, no_init);
    return out.view();
  };
}
template <class T, int C, class O>
auto into_target(const image_view<T, C, O>& out) {
  return [out](int w, int h) {
    if (out.width() != w || out.height() != h) throw_into_shape(w, h, out.width(), out.height());
    return out;
  };
}

template <class X> struct is_pipeline : std::false_type {};
template <class... S> struct is_pipeline<pipeline<S...>> : std::true_type {};

}  // namespace detail

template <class P>
concept Pipeline = detail::is_pipeline<std::remove_cvref_t<P>>::value;

// Typed stages composed with |: checked at compile time against the input format, planned into passes (views,
// kernels, fused pointwise runs), run by the executor.
template <Stage... S>
class pipeline {
 public:
  // The stages, as a Boost.Hana tuple.
  using stages_type = boost::hana::tuple<S...>;
  // How the stages run: a list of exec::pass<kind, first, last> (see executor.hpp).
  using plan_type = exec::plan_for<S...>;
  // Number of stages.
  static constexpr std::size_t size = sizeof...(S);

  constexpr pipeline() = default;
  // A pipeline of these stages, in order.
  constexpr explicit pipeline(S... stages)
    requires(sizeof...(S) > 0)
      : stages_(stages...) {}
  // A pipeline from a tuple of stages.
  constexpr explicit pipeline(stages_type stages) : stages_(stages) {}

  // The stages.
  constexpr const stages_type& stages() const noexcept { return stages_; }

  // True when the chain accepts input V (a view type; constness ignored). Never a hard error.
  template <class V>
  static constexpr bool accepts =
      !std::is_same_v<detail::input_format_t<V>, detail::chain_rejected> &&
      !std::is_same_v<detail::chain_output_t<detail::input_format_t<V>, S...>, detail::chain_rejected>;

  // Stops compilation with the rejecting stage's explanation when V is not accepted: the first
  // stage that rejects its input, and the requirement it does not meet (stages/stage.hpp).
  template <class V>
  static consteval void check() {
    static_assert(ImageView<V>, "imgframe pipeline: the input must be an image_view");
    if constexpr (ImageView<V> && sizeof...(S) > 0) {
      using rejection = detail::first_rejection<detail::input_format_t<V>, S...>;
      if constexpr (!std::is_same_v<typename rejection::stage, detail::no_rejection>)
        stage_diagnose<typename rejection::stage, typename rejection::input>();
    }
  }

  // The format after the last stage: a const image_view type, or a tensor type.
  template <class V>
    requires accepts<V>
  using output_format_t = detail::chain_output_t<detail::input_format_t<V>, S...>;

  // Runs the stages on view with the SIMD architecture Arch (operator() uses the best one of this machine).
  template <class Arch, class V>
  auto run(const V& view) const {
    static_assert(exec::runs_on<Arch>,
                  "imgframe (IMGFRAME_EXTERN_KERNELS): the kernels run on the architecture the kernels library was "
                  "compiled for (exec::default_arch); another Arch needs the header-only build");
    check<V>();
    return boost::hana::unpack(stages_, [&](const auto&... s) { return exec::run<Arch>(view, s...); });
  }

  // On a rejected V, the failed constraint names the stage and the input it could not take:
  // "StageFor<to_tensor<float, rgb, chw>, image_view<const unsigned char, 1, gray>>".
  template <ImageView V>
    requires StageFor<typename detail::first_rejection<detail::input_format_t<V>, S...>::stage,
                      typename detail::first_rejection<detail::input_format_t<V>, S...>::input>
  auto operator()(const V& view) const {
    return run<exec::default_arch>(view);
  }

  // Runs the pipeline on `view` into storage the caller owns and reuses (no allocation for the
  // result when the storage fits, no zero-fill: the last pass writes every value once). `out` is
  //   tensor<T, O, L>&       (pipelines ending in to_tensor) reshaped to the result, storage reused
  //   tensor_view<T, O, L>   exactly the result's shape, e.g. one sample of a batch buffer
  //   image<T, C, O>&        reallocated only when the result's size changes
  //   image_view<T, C, O>    mutable, exactly the result's size
  // whose type matches the result's (pipeline_result_t). A view of another size throws
  // std::invalid_argument, before anything is written to it. `out` must not overlap `view`.
  // Constrained like operator(): visit(row, [&](auto v) -> decltype(p.into(v, out)) {...}) skips
  // the row types the chain rejects or whose result does not fit `out`.
  //   tensor<float, rgb, chw> t;                         // once
  //   for (auto& v : views) { p.into(v, t); use(t); }    // no allocation after the first
  template <ImageView V, class Out>
    requires accepts<V> && detail::into_target_for<output_format_t<V>, Out>
  void into(const V& view, Out&& out) const {
    into<exec::default_arch>(view, std::forward<Out>(out));
  }
  // into(view, out) with the SIMD architecture Arch.
  template <class Arch, ImageView V, class Out>
    requires accepts<V> && detail::into_target_for<output_format_t<V>, Out>
  void into(const V& view, Out&& out) const {
    static_assert(exec::runs_on<Arch>,
                  "imgframe (IMGFRAME_EXTERN_KERNELS): the kernels run on the architecture the kernels library was "
                  "compiled for (exec::default_arch); another Arch needs the header-only build");
    auto target = detail::into_target(out);
    boost::hana::unpack(stages_, [&](const auto&... s) { exec::run_into<Arch>(view, target, s...); });
  }

  // This pipeline followed by stage next.
  template <Stage T>
  constexpr pipeline<S..., T> operator|(T next) const {
    return pipeline<S..., T>(boost::hana::append(stages_, next));
  }
  // This pipeline followed by the stages of next.
  template <Stage... T>
  constexpr pipeline<S..., T...> operator|(const pipeline<T...>& next) const {
    return pipeline<S..., T...>(boost::hana::concat(stages_, next.stages()));
  }

  // "view(center_crop) -> kernel(resize) -> fused(color_format + to_tensor)".
  static std::string describe() {
    const std::string_view names[] = {S::name..., ""};
    std::string out;
    describe_passes(out, names, typename plan_type::tuple_type{});
    return out;
  }

 private:
  template <class... Pass>
  static void describe_passes(std::string& out, const std::string_view* names, std::tuple<Pass...>) {
    auto one = [&](stage_kind kind, std::size_t first, std::size_t last) {
      if (!out.empty()) out += " -> ";
      out += kind == stage_kind::view ? "view(" : kind == stage_kind::kernel ? "kernel(" : "fused(";
      for (std::size_t i = first; i < last; ++i) {
        if (i > first) out += " + ";
        out += names[i];
      }
      out += ")";
    };
    (one(Pass::kind, Pass::first, Pass::last), ...);
  }

  stages_type stages_;
};

// The result type of p(view) for view type V.
template <Pipeline P, ImageView V>
using pipeline_result_t =
    decltype(std::declval<const P&>().template run<exec::default_arch>(std::declval<const V&>()));

// The pipeline a | b of two stages.
template <Stage A, Stage B>
constexpr pipeline<A, B> operator|(A a, B b) {
  return pipeline<A, B>(a, b);
}

// Stage first followed by the stages of rest.
template <Stage T, Stage... S>
constexpr pipeline<T, S...> operator|(T first, const pipeline<S...>& rest) {
  return pipeline<T>(first) | rest;
}

// Runs p on view, or explains at compile time why the chain rejects the view's type.
template <Pipeline P, ImageView V>
auto run(const P& p, const V& view) {
  return p.template run<exec::default_arch>(view);
}

// A one-stage pipeline, for uniform handling.
template <Stage S>
constexpr pipeline<S> make_pipeline(S s) {
  return pipeline<S>(s);
}

}  // namespace imgframe
