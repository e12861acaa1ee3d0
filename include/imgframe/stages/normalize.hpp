#pragma once
// normalize<Order, T = float>{mean, stddev, scale}: per channel v = (pixel * scale - mean[c]) / stddev[c],
// computed in double and stored as T, into an image of the same channel order as its input.
// `Order` states the order of mean and stddev: normalize<rgb>{{0.485, 0.456, 0.406}, ...} lists R
// first and applies correctly to a BGR image (values are matched by channel name, not position).
// Defaults are SynapseML's: mean 0, stddev 1, scale 1. A pointwise stage: the executor fuses it
// with neighbouring colour conversions and to_tensor into one pass.
#include <array>
#include <cmath>
#include <string_view>
#include <type_traits>

#include "../core/error.hpp"
#include "stage.hpp"

namespace imgframe {

namespace detail {
template <std::size_t N>
constexpr std::array<double, N> filled(double v) noexcept {
  std::array<double, N> a{};
  for (auto& x : a) x = v;
  return a;
}

template <class In, class Order> consteval bool same_channels_as() {
  if constexpr (ImageView<In>) return std::remove_cvref_t<In>::channels == Order::channels;
  else return false;
}
template <class In, class Order> consteval bool named_like() {
  if constexpr (same_channels_as<In, Order>()) return same_channel_set<typename std::remove_cvref_t<In>::order, Order>();
  else return false;
}

// SynapseML requires colorScaleFactor > 0; a zero stddev would silently make infinities.
template <std::size_t N>
void validate_affine(std::string_view stage, const std::array<double, N>& stddev, double scale) {
  if (!(scale > 0.0) || !std::isfinite(scale))
    raise(error_kind::invalid_argument, {"imgframe ", stage, ": scale (colorScaleFactor) must be > 0, got ", scale});
  for (double s : stddev)
    if (s == 0.0 || !std::isfinite(s))
      raise(error_kind::invalid_argument, {"imgframe ", stage, ": every stddev must be finite and non-zero, got ", s});
}
}  // namespace detail

namespace needs {
// One mean/stddev per channel of the image (normalize<Order>: Order's channels).
template <channel_order Order>
struct one_mean_per_channel {
  // True when input format In meets the requirement.
  template <class In> static constexpr bool ok = detail::same_channels_as<In, Order>();
  // The static_assert naming stage S, input In and the unmet requirement in words.
  template <class S, class In> static consteval void explain() {
    static_assert(stage_input_ok<S, In, one_mean_per_channel>,
                  "imgframe normalize: the number of means/stddevs (the channels of its order type) is not the "
                  "image's number of channels (e.g. three means on a gray image)");
  }
};
// The means/stddevs name the image's channels (normalize<rgb> on a BGR image is fine, on BGRA not).
template <channel_order Order>
struct means_named_like_channels {
  // True when input format In meets the requirement.
  template <class In> static constexpr bool ok = detail::named_like<In, Order>();
  // The static_assert naming stage S, input In and the unmet requirement in words.
  template <class S, class In> static consteval void explain() {
    static_assert(stage_input_ok<S, In, means_named_like_channels>,
                  "imgframe normalize: the order of the means/stddevs names channels the image does not have");
  }
};
}  // namespace needs

// (value x scale - mean) / stddev per channel, into values of type T; Order names the channels the means and
// stddevs are for.
template <channel_order Order, class T = float>
struct normalize {
  static_assert(std::is_floating_point_v<T>, "imgframe normalize: the output value type must be float or double");
  // Number of means and stddevs.
  static constexpr int channels = Order::channels;

  // Mean per channel of Order.
  std::array<double, Order::channels> mean = detail::filled<Order::channels>(0.0);
  // Standard deviation per channel of Order.
  std::array<double, Order::channels> stddev = detail::filled<Order::channels>(1.0);
  // Applied to each value before the mean (SynapseML's colorScaleFactor).
  double scale = 1.0;

  // The stage's name in plans and errors.
  static constexpr std::string_view name = "normalize";
  // Fused with its pointwise neighbours into one pass.
  static constexpr stage_kind kind = stage_kind::pointwise;
  // Values of type T out; one mean per image channel, named like them.
  using format = stage_format<values_of<T>, needs::image_input, needs::one_mean_per_channel<Order>,
                              needs::means_named_like_channels<Order>>;

  // mean/stddev for channel `letter` ('R', 'G', 'B', 'A' or 'Y').
  constexpr double mean_of(char letter) const noexcept { return mean[static_cast<std::size_t>(Order::index_of(letter))]; }
  // stddev for channel letter ('R', 'G', 'B', 'A' or 'Y').
  constexpr double stddev_of(char letter) const noexcept {
    return stddev[static_cast<std::size_t>(Order::index_of(letter))];
  }

  // Throws std::invalid_argument for a zero or non-finite stddev or a scale that is not > 0.
  void validate() const { detail::validate_affine(name, stddev, scale); }
};

}  // namespace imgframe
