#pragma once
// image_view<T, C, Order>: a borrowed, strided window on interleaved pixels.
//   T      value type of one channel; `const T` makes a read-only view (like std::span<const T>).
//   C      channels per pixel; Order names them (bgr, rgb, gray, ...), so C == Order::channels.
// Row stride is in bytes and may be negative (a vertically flipped view). The pixel step is in
// elements and is either +C or -C (a horizontally mirrored view), so crop and flip never copy.
#include <cstddef>
#include <cstdint>
#include <type_traits>

#include "../fwd.hpp"
#include "channel_order.hpp"
#include "depth.hpp"
#include "error.hpp"
#include "mode.hpp"

namespace imgframe {

// A borrowed, typed window on pixels: C values of type T per pixel in channel order Order; stride in bytes
// between rows, and a pixel step (negative for a left-right flip). Never owns; const T for read-only views.
template <class T, int C, channel_order Order>
  requires pixel_value<T> && (C >= 1 && C <= 4) && (Order::channels == C)
class image_view {
 public:
  // The channel value type, without const.
  using value_type = std::remove_cv_t<T>;
  // The channel value type as accessed (const for read-only views).
  using element_type = T;
  // The channel order type.
  using order = Order;
  // The read-only view type of the same pixels.
  using const_view = image_view<const value_type, C, Order>;
  // Byte pointer with the view's constness, for stride arithmetic.
  using byte_pointer = std::conditional_t<std::is_const_v<T>, const std::byte*, std::byte*>;
  // Channels per pixel.
  static constexpr int channels = C;
  // The pixels' depth.
  static constexpr imgframe::depth depth = depth_of_v<value_type>;
  // OpenCV type code of the pixels (e.g. 16 = CV_8UC3).
  static constexpr int mode = make_mode(depth, C);
  // True for views through which pixels can be written.
  static constexpr bool is_mutable = !std::is_const_v<T>;

  constexpr image_view() noexcept = default;

  // A tightly packed buffer: stride = width * C * sizeof(T).
  constexpr image_view(T* data, int width, int height) noexcept
      : image_view(data, width, height, static_cast<std::ptrdiff_t>(width) * C * sizeof(T)) {}

  // A view on width x height pixels at data, rows stride_bytes apart, pixels pixel_step values apart.
  constexpr image_view(T* data, int width, int height, std::ptrdiff_t stride_bytes,
                       std::ptrdiff_t pixel_step = C) noexcept
      : data_(data), width_(width), height_(height), stride_(stride_bytes), step_(pixel_step) {}

  // A mutable view converts to a read-only one, never the other way.
  template <class U>
    requires(std::is_const_v<T> && std::is_same_v<std::remove_cv_t<U>, value_type> && !std::is_const_v<U>)
  constexpr image_view(const image_view<U, C, Order>& other) noexcept
      : data_(other.data()), width_(other.width()), height_(other.height()),
        stride_(other.stride_bytes()), step_(other.pixel_step()) {}

  // The first value of pixel (0, 0).
  constexpr T* data() const noexcept { return data_; }
  // Width in pixels.
  constexpr int width() const noexcept { return width_; }
  // Height in pixels.
  constexpr int height() const noexcept { return height_; }
  // Bytes from one row to the next (may be negative or padded).
  constexpr std::ptrdiff_t stride_bytes() const noexcept { return stride_; }
  // Values from one pixel to the next in a row: C, or -C for a left-right flipped view.
  constexpr std::ptrdiff_t pixel_step() const noexcept { return step_; }
  // True when the view has no pixels.
  constexpr bool empty() const noexcept { return width_ <= 0 || height_ <= 0; }
  // width x height.
  constexpr std::size_t pixel_count() const noexcept {
    return empty() ? 0 : static_cast<std::size_t>(width_) * static_cast<std::size_t>(height_);
  }
  // Values in one row: width x C.
  constexpr std::size_t row_elements() const noexcept { return static_cast<std::size_t>(width_) * C; }
  // Bytes of one row's values (without padding).
  constexpr std::size_t row_bytes() const noexcept { return row_elements() * sizeof(T); }

  // Rows run forward in memory (step +C), so a row is a plain array of width*C values.
  constexpr bool rows_are_contiguous() const noexcept { return step_ == C; }
  // The whole image is one array: forward rows and no padding between them.
  constexpr bool is_contiguous() const noexcept {
    return rows_are_contiguous() && (height_ <= 1 || stride_ == static_cast<std::ptrdiff_t>(row_bytes()));
  }

  // Pointer to the first channel of pixel (0, y).
  T* row(int y) const noexcept {
    return reinterpret_cast<T*>(reinterpret_cast<byte_pointer>(data_) + y * stride_);
  }
  // Pointer to the first channel of pixel (x, y).
  T* pixel(int x, int y) const noexcept { return row(y) + x * step_; }
  // Channel c of pixel (x, y).
  T& at(int x, int y, int c) const noexcept { return pixel(x, y)[c]; }

  // Region of interest (OpenCV's Rect(x, y, width, height)); throws when it leaves the view.
  image_view subview(int x, int y, int w, int h) const {
    if (x < 0 || y < 0 || w < 0 || h < 0 || x > width_ - w || y > height_ - h)
      detail::raise(detail::error_kind::out_of_range, {"imgframe: subview (x=", x, ", y=", y, ", width=", w,
                                                       ", height=", h, ") is outside a ", width_, "x", height_,
                                                       " view"});
    if (w == 0 || h == 0) return image_view(data_, w, h, stride_, step_);
    return image_view(pixel(x, y), w, h, stride_, step_);
  }

  // Mirror views (OpenCV flip codes 0 and 1): same pixels, traversed backwards.
  image_view flipped_up_down() const noexcept {
    if (empty()) return *this;
    return image_view(row(height_ - 1), width_, height_, -stride_, step_);
  }
  // The same pixels mirrored left-right (no copy: negative pixel step).
  image_view flipped_left_right() const noexcept {
    if (empty()) return *this;
    return image_view(pixel(width_ - 1, 0), width_, height_, stride_, -step_);
  }

  // Same memory under another order name of the same channel count (used by explicit reorder stages).
  template <channel_order Other>
    requires(Other::channels == C)
  constexpr image_view<T, C, Other> reinterpret_order() const noexcept {
    return image_view<T, C, Other>(data_, width_, height_, stride_, step_);
  }

  // The read-only view of the same pixels.
  constexpr const_view as_const() const noexcept { return const_view(data_, width_, height_, stride_, step_); }

 private:
  T* data_ = nullptr;
  int width_ = 0;
  int height_ = 0;
  std::ptrdiff_t stride_ = 0;
  std::ptrdiff_t step_ = C;
};

// Read-only view helpers with the usual names.
template <class T, int C, class Order = spark_order_t<C>>
using const_image_view = image_view<const T, C, Order>;

// The view type of a channel order: view_of<std::uint8_t, bgr> = image_view<std::uint8_t, 3, bgr>.
template <class T, channel_order Order>
using view_of = image_view<T, Order::channels, Order>;

// One door for raw buffers: pointer, size, stride in bytes.
template <channel_order Order, class T>
constexpr view_of<T, Order> make_view(T* data, int width, int height, std::ptrdiff_t stride_bytes) noexcept {
  return view_of<T, Order>(data, width, height, stride_bytes);
}

}  // namespace imgframe
