#pragma once
// tensor<T, Order, Layout>: an owning 3-D array of planes (CHW) or interleaved pixels (HWC),
// what to_tensor produces. The value type, the plane order (rgb, bgr, gray) and the layout are
// types, like an image's; only the height and width are run-time values.
// tensor_view<T, Order, Layout> borrows the same shape (T may be const).
#include <array>
#include <cstddef>
#include <string_view>
#include <type_traits>
#include <vector>

#include "byte_buffer.hpp"
#include "channel_order.hpp"
#include "depth.hpp"
#include "error.hpp"
#include "huge_pages.hpp"

namespace imgframe {

// Memory layout of a tensor: planes (C x H x W) or interleaved (H x W x C).
enum class tensor_layout { chw, hwc };

// Layout tags for the type: to_tensor<float, rgb, chw>.
struct chw {
  // The layout.
  static constexpr tensor_layout value = tensor_layout::chw;
  // "CHW".
  static constexpr std::string_view name = "CHW";
};
// Interleaved layout tag (H x W x C).
struct hwc {
  // The layout.
  static constexpr tensor_layout value = tensor_layout::hwc;
  // "HWC".
  static constexpr std::string_view name = "HWC";
};

// One of the layout tags (chw, hwc).
template <class L>
concept layout_tag = std::same_as<L, chw> || std::same_as<L, hwc>;

// "CHW" or "HWC".
constexpr std::string_view layout_name(tensor_layout l) noexcept { return l == tensor_layout::chw ? "CHW" : "HWC"; }

// Element offsets of a (c, y, x) index for a tightly packed shape; shared by tensor and tensor_view.
template <layout_tag Layout>
constexpr std::size_t tensor_offset(std::size_t channels, [[maybe_unused]] std::size_t height, std::size_t width, std::size_t c,
                                    std::size_t y, std::size_t x) noexcept {
  if constexpr (Layout::value == tensor_layout::chw)
    return (c * height + y) * width + x;
  else
    return (y * width + x) * channels + c;
}

// A borrowed view on a tightly packed float tensor of Order::channels x height x width values in Layout.
template <class T, channel_order Order, layout_tag Layout>
  requires(std::is_floating_point_v<std::remove_const_t<T>>)
class tensor_view {
 public:
  // The element type, without const.
  using value_type = std::remove_const_t<T>;
  // The channel order of the planes.
  using order = Order;
  // The layout tag.
  using layout = Layout;
  // Number of channels.
  static constexpr int channels = Order::channels;
  // The element depth (f32 or f64).
  static constexpr imgframe::depth dtype = depth_of_v<value_type>;

  constexpr tensor_view() noexcept = default;
  // A view on height x width x channels values at data.
  constexpr tensor_view(T* data, int height, int width) noexcept : data_(data), height_(height), width_(width) {}

  // A mutable view converts to a read-only one.
  template <class U>
    requires(std::is_const_v<T> && std::is_same_v<U, value_type>)
  constexpr tensor_view(const tensor_view<U, Order, Layout>& o) noexcept
      : data_(o.data()), height_(o.height()), width_(o.width()) {}

  // The first element.
  constexpr T* data() const noexcept { return data_; }
  // Height.
  constexpr int height() const noexcept { return height_; }
  // Width.
  constexpr int width() const noexcept { return width_; }
  // Number of elements.
  constexpr std::size_t size() const noexcept {
    return static_cast<std::size_t>(channels) * static_cast<std::size_t>(height_) * static_cast<std::size_t>(width_);
  }
  // The shape in memory order: {C, H, W} for CHW, {H, W, C} for HWC.
  constexpr std::array<std::size_t, 3> shape() const noexcept {
    const auto c = static_cast<std::size_t>(channels), h = static_cast<std::size_t>(height_),
               w = static_cast<std::size_t>(width_);
    if constexpr (Layout::value == tensor_layout::chw) return {c, h, w};
    else return {h, w, c};
  }
  // Element (c, y, x), whatever the layout.
  constexpr T& at(int c, int y, int x) const noexcept {
    return data_[tensor_offset<Layout>(channels, static_cast<std::size_t>(height_), static_cast<std::size_t>(width_),
                                       static_cast<std::size_t>(c), static_cast<std::size_t>(y),
                                       static_cast<std::size_t>(x))];
  }
  // Plane c (CHW only): height*width contiguous values.
  constexpr T* plane(int c) const noexcept
    requires(Layout::value == tensor_layout::chw)
  {
    return data_ + static_cast<std::size_t>(c) * static_cast<std::size_t>(height_) * static_cast<std::size_t>(width_);
  }

 private:
  T* data_ = nullptr;
  int height_ = 0;
  int width_ = 0;
};

// An owning float tensor of Order::channels x height x width values in Layout (what to_tensor makes).
template <class T, channel_order Order, layout_tag Layout>
  requires(std::is_floating_point_v<T>)
class tensor {
 public:
  // The element type.
  using value_type = T;
  // The channel order of the planes.
  using order = Order;
  // The layout tag.
  using layout = Layout;
  // The mutable view type.
  using view_type = tensor_view<T, Order, Layout>;
  // The read-only view type.
  using const_view_type = tensor_view<const T, Order, Layout>;
  // Number of channels.
  static constexpr int channels = Order::channels;
  // The element depth (f32 or f64).
  static constexpr imgframe::depth dtype = depth_of_v<T>;

  tensor() = default;
  // Zero-filled.
  tensor(int height, int width) {
    set_shape(height, width);
    make_room(view().size());
    values_.assign(view().size(), T{});
  }
  // Values left unspecified: for a writer that fills every one (the executor).
  tensor(int height, int width, no_init_t) { resize(height, width); }

  // Reshapes to height x width, keeping the storage when it is large enough (no allocation): for
  // a writer that then writes every value (pipeline::into); the values are unspecified until then.
  void resize(int height, int width) {
    set_shape(height, width);
    make_room(view().size());
    values_.resize(view().size());
  }

  // Height.
  int height() const noexcept { return height_; }
  // Width.
  int width() const noexcept { return width_; }
  // Number of elements.
  std::size_t size() const noexcept { return values_.size(); }
  // Shape in memory order: {C, H, W} or {H, W, C}.
  std::array<std::size_t, 3> shape() const noexcept { return cview().shape(); }

  // A mutable view of the values.
  view_type view() noexcept { return view_type(values_.data(), height_, width_); }
  // A read-only view of the values.
  const_view_type view() const noexcept { return cview(); }
  // A read-only view of the values.
  const_view_type cview() const noexcept { return const_view_type(values_.data(), height_, width_); }

  // The first element.
  T* data() noexcept { return values_.data(); }
  // The first element, read-only.
  const T* data() const noexcept { return values_.data(); }
  // Element (c, y, x).
  T& at(int c, int y, int x) noexcept { return view().at(c, y, x); }
  // Element (c, y, x), read-only.
  const T& at(int c, int y, int x) const noexcept { return cview().at(c, y, x); }
  // All values in memory order.
  const std::vector<T>& values() const& noexcept { return values_; }
  // All values, moved out of the tensor.
  std::vector<T> values() && noexcept { return std::move(values_); }

 private:
  void set_shape(int height, int width) {
    if (height < 0 || width < 0)
      detail::raise(detail::error_kind::invalid_argument,
                    {"imgframe: tensor size must not be negative (", height, "x", width, ")"});
    height_ = height;
    width_ = width;
  }

  // Storage for n values, the old ones not kept where it grows (no copy); large storage is offered
  // to huge pages before the values first touch it (huge_pages.hpp).
  void make_room(std::size_t n) {
    if (n <= values_.capacity()) return;
    std::vector<T>().swap(values_);
    values_.reserve(n);
    detail::advise_huge_pages(values_.data(), n * sizeof(T));
  }

  std::vector<T> values_;
  int height_ = 0;
  int width_ = 0;
};

namespace detail {
template <class X> struct is_tensor : std::false_type {};
template <class T, class O, class L> struct is_tensor<tensor<T, O, L>> : std::true_type {};
}  // namespace detail

// A tensor type (tensor<T, Order, Layout>, cv-ref ignored).
template <class X>
concept Tensor = detail::is_tensor<std::remove_cvref_t<X>>::value;

}  // namespace imgframe
