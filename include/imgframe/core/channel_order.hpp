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

// A channel order as a type: N channels named by Letters in memory order, called Name.
template <int N, detail::fixed_name Letters, detail::fixed_name Name>
struct channel_order_tag {
  // Number of channels.
  static constexpr int channels = N;
  // The channels' letters in memory order ('B', 'G', 'R', 'A', 'Y'; '?' when unordered).
  static constexpr std::array<char, N> letters = [] {
    std::array<char, N> out{};
    for (int i = 0; i < N; ++i) out[i] = Letters.chars[i];
    return out;
  }();
  // The order's name: "bgr", "rgba", "gray", ...
  static constexpr std::string_view name{Name.chars, sizeof(Name.chars) - 1};
  // True when one of the channels is alpha ('A').
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

// One gray channel (Y).
struct gray : channel_order_tag<1, "Y", "gray"> {};
// Blue, green, red: Spark's and OpenCV's colour order.
struct bgr : channel_order_tag<3, "BGR", "bgr"> {};
// Red, green, blue: what most models take.
struct rgb : channel_order_tag<3, "RGB", "rgb"> {};
// Blue, green, red, alpha: Spark's order for 4 channels.
struct bgra : channel_order_tag<4, "BGRA", "bgra"> {};
// Red, green, blue, alpha.
struct rgba : channel_order_tag<4, "RGBA", "rgba"> {};
// N channels with no names (2-channel rows have no colour meaning).
template <int N>
struct unordered : channel_order_tag<N, "????", "unordered"> {};

// Spark's order for a channel count: what an image row holds.
template <int C> struct spark_order;
template <> struct spark_order<1> { using type = gray; };
template <> struct spark_order<2> { using type = unordered<2>; };
template <> struct spark_order<3> { using type = bgr; };
template <> struct spark_order<4> { using type = bgra; };
// Spark's channel order for C channels (gray, unordered<2>, bgr, bgra).
template <int C> using spark_order_t = typename spark_order<C>::type;

// A channel order type: channels, letters and name.
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
