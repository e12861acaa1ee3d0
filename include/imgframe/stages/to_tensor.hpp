#pragma once
// to_tensor<T, Order, Layout, Gray = keep_gray>{mean, stddev, scale}: SynapseML's toTensor.
//   T       float or double (tensorElementType)
//   Order   rgb or bgr (tensorChannelOrder), gray for 1-plane tensors of gray images, or
//           unordered<2> for 2-channel images (SynapseML keeps their 2 planes as stored)
//   Layout  chw (SynapseML's C x H x W) or hwc
//   Gray    keep_gray: a gray image gives 1 plane (needs Order = gray, one mean);
//           expand_gray: a gray image gives 3 equal planes (autoConvertToColor)
// Semantics: alpha is dropped; planes are taken by name in Order; each value is
//   v = (pixel * scale - mean[p]) / stddev[p]   in double, then cast to T (round to nearest),
// with SynapseML's defaults mean 0, stddev 1, scale 1. mean/stddev are listed in Order.
// It is the last stage of a pipeline and fuses with the pointwise stages before it.
#include <array>
#include <string_view>
#include <type_traits>

#include "normalize.hpp"
#include "stage.hpp"

namespace imgframe {

struct keep_gray {};
struct expand_gray {};

namespace detail {
template <class In> consteval int to_tensor_input_class() {  // 0 not an image, 1 gray, 2 two channels, 3 colour
  if constexpr (!ImageView<In>) {
    return 0;
  } else {
    using O = typename std::remove_cvref_t<In>::order;
    if constexpr (std::is_same_v<O, gray>) return 1;
    else if constexpr (O::index_of('R') >= 0 && O::index_of('G') >= 0 && O::index_of('B') >= 0) return 3;
    else return 2;
  }
}
}  // namespace detail

// The last stage: planes (or interleaved values) of type T in Order and Layout, each (value x scale - mean) /
// stddev. Gray images give one plane, or three with expand_gray.
template <class T, channel_order Order, layout_tag Layout, class Gray = keep_gray>
struct to_tensor {
  static_assert(std::is_same_v<T, float> || std::is_same_v<T, double>,
                "imgframe to_tensor: the tensor element type must be float or double");
  static_assert(std::is_same_v<Order, rgb> || std::is_same_v<Order, bgr> || std::is_same_v<Order, gray> ||
                    std::is_same_v<Order, unordered<2>>,
                "imgframe to_tensor: the tensor channel order must be rgb, bgr, gray (or unordered<2>)");
  static_assert(std::is_same_v<Gray, keep_gray> || std::is_same_v<Gray, expand_gray>,
                "imgframe to_tensor: the gray policy must be keep_gray or expand_gray");
  // Number of planes asked for.
  static constexpr int channels = Order::channels;
  // True when gray images are expanded to three planes.
  static constexpr bool expands_gray = std::is_same_v<Gray, expand_gray>;

  // Mean per plane of Order.
  std::array<double, Order::channels> mean = detail::filled<Order::channels>(0.0);
  // Standard deviation per plane of Order.
  std::array<double, Order::channels> stddev = detail::filled<Order::channels>(1.0);
  // Applied to each value before the mean (SynapseML's colorScaleFactor).
  double scale = 1.0;

  // The stage's name in plans and errors.
  static constexpr std::string_view name = "to_tensor";
  // Fused with its pointwise neighbours into one pass.
  static constexpr stage_kind kind = stage_kind::pointwise;

  // (helper of plane_order_t; public because clang checks access at alias use)
  template <class In> static consteval auto plane_order() {
    if constexpr (detail::to_tensor_input_class<In>() == 1 && !expands_gray) return std::type_identity<gray>{};
    else return std::type_identity<Order>{};
  }

  // What the image's channels must be for the planes asked for, in the order checked.
  struct colour_order_for_named_planes {  // rgb/bgr/gray planes: not from a 2-channel image
    // True when input format In meets the requirement.
    template <class In> static constexpr bool ok =
        detail::to_tensor_input_class<In>() != 2 || std::is_same_v<Order, unordered<2>>;
    // The static_assert naming stage S, input In and the unmet requirement in words.
    template <class S, class In> static consteval void explain() {
      static_assert(stage_input_ok<S, In, colour_order_for_named_planes>,
                    "imgframe to_tensor: a 2-channel image has no colour order to make rgb/bgr planes from "
                    "(to_tensor<T, unordered<2>, Layout> keeps its two planes as stored)");
    }
  };
  // Order unordered<2> (two planes as stored) needs a 2-channel image.
  struct two_channels_for_unnamed_planes {
    // True when input format In meets the requirement.
    template <class In> static constexpr bool ok =
        !std::is_same_v<Order, unordered<2>> || detail::to_tensor_input_class<In>() == 2;
    // The static_assert naming stage S, input In and the unmet requirement in words.
    template <class S, class In> static consteval void explain() {
      static_assert(stage_input_ok<S, In, two_channels_for_unnamed_planes>,
                    "imgframe to_tensor<unordered<2>>: only 2-channel images have two unnamed planes");
    }
  };
  // Gray planes need a gray image.
  struct gray_image_for_gray_planes {
    // True when input format In meets the requirement.
    template <class In> static constexpr bool ok =
        !std::is_same_v<Order, gray> || detail::to_tensor_input_class<In>() != 3;
    // The static_assert naming stage S, input In and the unmet requirement in words.
    template <class S, class In> static consteval void explain() {
      static_assert(stage_input_ok<S, In, gray_image_for_gray_planes>,
                    "imgframe to_tensor<gray>: the image is colour; convert it with color_format<bgr2gray> first, "
                    "or ask for rgb/bgr planes");
    }
  };
  // A gray image has one mean and stddev, or three with expand_gray.
  struct one_mean_per_gray_plane {
    // True when input format In meets the requirement.
    template <class In> static constexpr bool ok = detail::to_tensor_input_class<In>() != 1 ||
                                                   Order::channels == 1 || (expands_gray && Order::channels == 3);
    // The static_assert naming stage S, input In and the unmet requirement in words.
    template <class S, class In> static consteval void explain() {
      static_assert(stage_input_ok<S, In, one_mean_per_gray_plane>,
                    "imgframe to_tensor: three means/stddevs on a gray image (1 plane); use to_tensor<T, gray, "
                    "Layout> or to_tensor<T, rgb, Layout, expand_gray>");
    }
  };

  // The planes of the tensor, in order: Order, or gray for a kept gray image.
  template <class In> using plane_order_t = typename decltype(plane_order<In>())::type;
  // Output rule: a tensor of T in the plane order and Layout.
  struct tensor_format {
    // The output format for input format In.
    template <class In> using type = tensor<T, plane_order_t<In>, Layout>;
  };
  // The tensor; image inputs whose channels fit the planes asked for.
  using format = stage_format<tensor_format, needs::image_input, colour_order_for_named_planes,
                              two_channels_for_unnamed_planes, gray_image_for_gray_planes, one_mean_per_gray_plane>;

  // Throws std::invalid_argument for a zero or non-finite stddev or a scale that is not > 0.
  void validate() const { detail::validate_affine(name, stddev, scale); }
};

}  // namespace imgframe
