#pragma once
// What every stage shares. A stage is a small constexpr value type: its parameters, plus
//   name     for plans, diagnostics and errors ("resize", "crop", ...)
//   kind     view (no pixels touched), kernel (its own pass) or pointwise (fused with its
//            pointwise neighbours into one pass)
//   format   what it does to the format of its input, usually one line built from this header:
//              using format = stage_format<same_format, needs::image_input, needs::u8_or_float_values>;
//            i.e. the output format rule, then the requirements on the input in the order they
//            are checked. Any type with the three members below works too (to_tensor has its own).
// The pipeline reads the format through stage_accepts / stage_output_t / stage_diagnose:
//   stage_accepts<S, In>       true when S can take format In (never a hard error: usable in requires)
//   stage_output_t<S, In>      the format S produces (a const image_view type or a tensor)
//   stage_diagnose<S, In>()    a static_assert that names S, In and the unmet requirement in words
// Formats flowing between stages are read-only view types image_view<const T, C, Order>; the
// executor decides whether one is a window on the input or on an image it allocated.
// Stages hold no loops: the executor (pipeline/executor.hpp) decides how they run.
#include <cstdint>
#include <string_view>
#include <type_traits>

#include "../core/concepts.hpp"
#include "../core/image_view.hpp"
#include "../core/tensor.hpp"

namespace imgframe {

// How a stage runs: a window on its input (view), its own pass (kernel), or fused with its pointwise
// neighbours (pointwise).
enum class stage_kind { view, kernel, pointwise };

namespace detail {

template <class... T> inline constexpr bool dependent_false = false;

// An image format in a chain: a view type (constness ignored).
template <class In> inline constexpr bool is_image_format = ImageView<In>;

template <class In, class T> inline constexpr bool image_of_value = [] {
  if constexpr (ImageView<In>) return std::is_same_v<typename std::remove_cvref_t<In>::value_type, T>;
  else return false;
}();

template <class In> inline constexpr int channels_of = [] {
  if constexpr (ImageView<In>) return std::remove_cvref_t<In>::channels;
  else return 0;
}();

// The format type of a view after a stage that keeps value type and channels but may rename them.
template <class T, channel_order Order>
using format_t = image_view<const T, Order::channels, Order>;

template <class In> using const_format_t = typename std::remove_cvref_t<In>::const_view;

template <class In>
inline constexpr bool resizable = image_of_value<In, std::uint8_t> || image_of_value<In, float>;
template <class In>
inline constexpr bool resizable16 = resizable<In> || image_of_value<In, std::uint16_t>;

}  // namespace detail

// ---- requirements on a stage's input ------------------------------------------------------------
// A requirement is a type with ok<In> and explain<S, In>(), a static_assert whose condition is
// stage_input_ok<S, In, Need> so that compilers print the stage and the input type next to the
// words. A stage header adds its own requirements the same way (see normalize.hpp).

// True when stage S's requirement Need holds for input In (S is there for the diagnostic only).
template <class S, class In, class Need>
inline constexpr bool stage_input_ok = Need::template ok<In>;

namespace needs {

// The input is an image, not a tensor.
struct image_input {
  // True when input format In meets the requirement.
  template <class In> static constexpr bool ok = detail::is_image_format<In>;
  // The static_assert naming stage S, input In and the unmet requirement in words.
  template <class S, class In> static consteval void explain() {
    static_assert(stage_input_ok<S, In, image_input>,
                  "imgframe: this stage needs an image input, not a tensor (to_tensor must be the last stage)");
  }
};

// The depths the SIMD kernels (resize, blur, Gaussian, threshold) take.
struct u8_or_float_values {
  // True when input format In meets the requirement.
  template <class In> static constexpr bool ok = detail::resizable<In>;
  // The static_assert naming stage S, input In and the unmet requirement in words.
  template <class S, class In> static consteval void explain() {
    static_assert(stage_input_ok<S, In, u8_or_float_values>,
                  "imgframe: this stage takes only 8-bit unsigned and float images (convert the depth first)");
  }
};

// The depths OpenCV's resize engine takes (resize, resize_short): 16-bit too.
struct resize_values {
  // True when input format In meets the requirement.
  template <class In> static constexpr bool ok = detail::resizable16<In>;
  // The static_assert naming stage S, input In and the unmet requirement in words.
  template <class S, class In> static consteval void explain() {
    static_assert(stage_input_ok<S, In, resize_values>,
                  "imgframe: this stage takes only 8-bit, 16-bit unsigned and float images (convert the depth first)");
  }
};

}  // namespace needs

// ---- output rules -------------------------------------------------------------------------------

// The input format unchanged (crop, flip, resize, blur, ...).
struct same_format {
  // The output format for input format In.
  template <class In> using type = detail::const_format_t<In>;
};

// Same channels and order, values of type T (normalize).
template <class T>
struct values_of {
  // The output format for input format In.
  template <class In> using type = detail::format_t<T, typename std::remove_cvref_t<In>::order>;
};

// ---- the helper ---------------------------------------------------------------------------------

namespace detail {
// The first requirement In does not meet (void when it meets them all).
template <class In, class... Needs> struct first_unmet { using type = void; };
template <class In, class N0, class... Rest>
struct first_unmet<In, N0, Rest...>
    : std::conditional_t<N0::template ok<In>, first_unmet<In, Rest...>, std::type_identity<N0>> {};
}  // namespace detail

// A stage's format from an output rule and its requirements, checked in order.
template <class Output, class... Needs>
struct stage_format {
  // True when input format In meets every requirement.
  template <class In> static constexpr bool accepts = (Needs::template ok<In> && ...);
  // The output format for input format In.
  template <class In> using output_t = typename Output::template type<In>;
  // Names the first requirement In does not meet, in a static_assert (nothing when it meets them all).
  template <class S, class In> static consteval void diagnose() {
    using unmet = typename detail::first_unmet<In, Needs...>::type;
    if constexpr (!std::is_void_v<unmet>) unmet::template explain<S, In>();
  }
};

// What the pipeline asks of a stage (see the top of this file).
template <class S, class In>
inline constexpr bool stage_accepts = S::format::template accepts<In>;

// The format stage S produces from input format In.
template <class S, class In>
using stage_output_t = typename S::format::template output_t<In>;

// A static_assert that names S, In and the first unmet requirement in words.
template <class S, class In>
consteval void stage_diagnose() {
  S::format::template diagnose<S, In>();
}

}  // namespace imgframe
