#pragma once
// Forward declarations of the public class templates.
#include <type_traits>

#include "core/channel_order.hpp"
#include "core/depth.hpp"

namespace imgframe {

template <class T, int C, channel_order Order = spark_order_t<C>>
  requires pixel_value<T> && (C >= 1 && C <= 4) && (Order::channels == C)
class image_view;

template <class T, int C, channel_order Order = spark_order_t<C>>
  requires pixel_value<T> && (!std::is_const_v<T>) && (C >= 1 && C <= 4) && (Order::channels == C)
class image;

struct image_row;

}  // namespace imgframe
