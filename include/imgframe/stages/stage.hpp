#pragma once
// What every stage shares. A stage is a small constexpr value type holding its parameters and
// describing, at compile time, what it does to the format of its input:
//   name                        for plans, diagnostics and errors ("resize", "crop", ...)
//   kind                        view (no pixels touched), kernel (its own pass) or pointwise
//                               (fused with its pointwise neighbours into one pass)
//   accepts<In>                 true when the stage can take In (no hard errors: usable in requires)
//   diagnose<In>()              static_asserts that say, in words, why In is rejected
//   output_t<In>                the format it produces (a const image_view type or a tensor)
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

}  // namespace detail

}  // namespace imgframe
