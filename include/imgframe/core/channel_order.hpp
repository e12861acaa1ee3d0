#pragma once
// Channel orders as types: a BGR/RGB mix-up is a compile error, not a comment.
// Each tag names its channels in memory order ('B','G','R','A','Y'); 2-channel data has no
// meaning attached, so it gets the anonymous order `unordered<2>`.
#include <array>
#include <concepts>
#include <cstddef>
#include <string_view>

namespace imgframe {

namespace detail {
template <std::size_t N>
struct fixed_name {
  char chars[N]{};
  constexpr fixed_name(const char (&s)[N]) noexcept {
    for (std::size_t i = 0; i < N; ++i) chars[i] = s[i];
  }
};
}  // namespace detail

template <int N, detail::fixed_name Letters, detail::fixed_name Name>
struct channel_order_tag {
  static constexpr int channels = N;
  static constexpr std::array<char, N> letters = [] {
    std::array<char, N> out{};
    for (int i = 0; i < N; ++i) out[i] = Letters.chars[i];
    return out;
  }();
  static constexpr std::string_view name{Name.chars, sizeof(Name.chars) - 1};
  static constexpr bool has_alpha = [] {
    for (int i = 0; i < N; ++i)
      if (Letters.chars[i] == 'A') return true;
    return false;
  }();
  // Index of a named channel in memory, or -1 ('R' in bgr is 2).
  static constexpr int index_of(char letter) noexcept {
    for (int i = 0; i < N; ++i)
      if (Letters.chars[i] == letter) return i;
    return -1;
  }
};

struct gray : channel_order_tag<1, "Y", "gray"> {};
struct bgr : channel_order_tag<3, "BGR", "bgr"> {};
struct rgb : channel_order_tag<3, "RGB", "rgb"> {};
struct bgra : channel_order_tag<4, "BGRA", "bgra"> {};
struct rgba : channel_order_tag<4, "RGBA", "rgba"> {};
template <int N>
struct unordered : channel_order_tag<N, "????", "unordered"> {};

// Spark's order for a channel count: what an image row holds.
template <int C> struct spark_order;
template <> struct spark_order<1> { using type = gray; };
template <> struct spark_order<2> { using type = unordered<2>; };
template <> struct spark_order<3> { using type = bgr; };
template <> struct spark_order<4> { using type = bgra; };
template <int C> using spark_order_t = typename spark_order<C>::type;

template <class O>
concept channel_order = requires {
  { O::channels } -> std::convertible_to<int>;
  O::letters;
  O::name;
};

// True when both orders hold the same channels, possibly permuted (bgr ~ rgb, bgra ~ rgba).
template <channel_order A, channel_order B>
constexpr bool same_channel_set() noexcept {
  if (A::channels != B::channels) return false;
  for (int i = 0; i < A::channels; ++i)
    if (B::index_of(A::letters[i]) < 0) return false;
  return true;
}

}  // namespace imgframe
