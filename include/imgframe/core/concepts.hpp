#pragma once
// The named concepts every public template is constrained with. Nothing else lives here.
#include <concepts>
#include <string_view>
#include <type_traits>

#include "../fwd.hpp"

namespace imgframe {

namespace detail {
template <class V> struct is_image_view : std::false_type {};
template <class T, int C, class O> struct is_image_view<image_view<T, C, O>> : std::true_type {};
}  // namespace detail

// Any image_view (read-only or mutable).
template <class V>
concept ImageView = detail::is_image_view<std::remove_cvref_t<V>>::value;

// A view whose pixels may be written.
template <class V>
concept MutableImageView = ImageView<V> && std::remove_cvref_t<V>::is_mutable;

// A view with a given channel order (gray, bgr, ...).
template <class V, class Order>
concept ViewWithOrder = ImageView<V> && std::same_as<typename std::remove_cvref_t<V>::order, Order>;

// A view with a given depth value type (std::uint8_t, float, ...).
template <class V, class T>
concept ViewOfValue = ImageView<V> && std::same_as<typename std::remove_cvref_t<V>::value_type, T>;

// A view of one gray channel.
template <class V>
concept GrayView = ViewWithOrder<V, gray>;

// A view of colour channels (3 or 4, with red among them).
template <class V>
concept ColorView = ImageView<V> && (std::remove_cvref_t<V>::channels >= 3) &&
                    (std::remove_cvref_t<V>::order::index_of('R') >= 0);

// Two views with the same pixel layout (value type, channels, order); constness may differ.
template <class A, class B>
concept SamePixelLayout =
    ImageView<A> && ImageView<B> &&
    std::same_as<typename std::remove_cvref_t<A>::value_type, typename std::remove_cvref_t<B>::value_type> &&
    std::same_as<typename std::remove_cvref_t<A>::order, typename std::remove_cvref_t<B>::order>;

// A transform stage (stages/stage.hpp): a small, trivially copyable value type that names itself,
// says how it runs (view, kernel or pointwise) and what it does to the format.
template <class S>
concept Stage = std::is_trivially_copyable_v<S> && requires {
  { S::name } -> std::convertible_to<std::string_view>;
  S::kind;
  typename S::format;
};

// A stage that accepts input format In (a const image_view type, or a tensor after to_tensor).
template <class S, class In>
concept StageFor = Stage<S> && S::format::template accepts<In>;

}  // namespace imgframe
