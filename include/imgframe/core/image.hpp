#pragma once
// image<T, C, Order>: owns its pixels; rows start on 64-byte boundaries; copies are deep.
#include <cstddef>
#include <cstring>
#include <new>
#include <utility>

#include "byte_buffer.hpp"
#include "error.hpp"
#include "image_view.hpp"

namespace imgframe {

// Row alignment of an image's pixels, in bytes (rows are padded to it).
inline constexpr std::size_t row_alignment = 64;

// An owning image: width x height pixels of C values of type T in channel order Order, rows aligned to
// row_alignment. Copying copies the pixels; view() borrows them.
template <class T, int C, channel_order Order>
  requires pixel_value<T> && (!std::is_const_v<T>) && (C >= 1 && C <= 4) && (Order::channels == C)
class image {
 public:
  // The mutable view of the pixels.
  using view_type = image_view<T, C, Order>;
  // The read-only view of the pixels.
  using const_view_type = image_view<const T, C, Order>;
  // The channel value type.
  using value_type = T;
  // The channel order type.
  using order = Order;
  // Channels per pixel.
  static constexpr int channels = C;

  image() = default;

  // Uninitialised pixels are zeroed: an image never exposes stale memory.
  image(int width, int height) { allocate(width, height, true); }
  // Pixels left uninitialised (the row padding is zeroed): for a writer that fills every pixel
  // (the executor's passes, pipeline::into).
  image(int width, int height, no_init_t) { allocate(width, height, false); }

  // Deep copy of any view with the same pixel type (strided, cropped or flipped).
  explicit image(const const_view_type& src) {
    allocate(src.width(), src.height(), false);
    copy_from(src);
  }

  // Deep copy.
  image(const image& other) : image(other.cview()) {}
  // Deep copy assignment.
  image& operator=(const image& other) {
    if (this != &other) {
      image copy(other);
      *this = std::move(copy);
    }
    return *this;
  }
  // Moves the pixels (the moved-from image is empty).
  image(image&&) noexcept = default;
  // Move assignment.
  image& operator=(image&&) noexcept = default;

  // Width in pixels.
  int width() const noexcept { return width_; }
  // Height in pixels.
  int height() const noexcept { return height_; }
  // Bytes from one row to the next.
  std::ptrdiff_t stride_bytes() const noexcept { return stride_; }
  // True when the image has no pixels.
  bool empty() const noexcept { return width_ <= 0 || height_ <= 0; }

  // A mutable view of the pixels.
  view_type view() noexcept { return view_type(data(), width_, height_, stride_); }
  // A read-only view of the pixels.
  const_view_type view() const noexcept { return cview(); }
  // A read-only view of the pixels.
  const_view_type cview() const noexcept { return const_view_type(data(), width_, height_, stride_); }

  // The first value of pixel (0, 0).
  T* data() noexcept { return reinterpret_cast<T*>(buffer_.get()); }
  // The first value of pixel (0, 0), read-only.
  const T* data() const noexcept { return reinterpret_cast<const T*>(buffer_.get()); }

 private:
  // The owned, row-aligned pixel bytes (std::unique_ptr would bring <memory>, whose C++20 <ostream>
  // every TU would parse). Moved-from: empty.
  class aligned_buffer {
   public:
    aligned_buffer() = default;
    aligned_buffer(aligned_buffer&& o) noexcept : p_(std::exchange(o.p_, nullptr)) {}
    aligned_buffer& operator=(aligned_buffer&& o) noexcept {
      if (this != &o) {
        release();
        p_ = std::exchange(o.p_, nullptr);
      }
      return *this;
    }
    ~aligned_buffer() { release(); }
    // Frees the bytes held and takes p (from ::operator new[] with row_alignment).
    void reset(std::byte* p) noexcept {
      release();
      p_ = p;
    }
    std::byte* get() const noexcept { return p_; }

   private:
    void release() noexcept {
      if (p_) ::operator delete[](p_, std::align_val_t{row_alignment});
    }
    std::byte* p_ = nullptr;
  };

  void allocate(int width, int height, bool zero) {
    if (width < 0 || height < 0)
      detail::raise(detail::error_kind::invalid_argument,
                    {"imgframe: image size must not be negative (", width, "x", height, ")"});
    width_ = width;
    height_ = height;
    const std::size_t row = static_cast<std::size_t>(width) * C * sizeof(T);
    const std::size_t padded = (row + row_alignment - 1) / row_alignment * row_alignment;
    stride_ = static_cast<std::ptrdiff_t>(padded);
    const std::size_t total = padded * static_cast<std::size_t>(height);
    if (total == 0) return;
    buffer_.reset(static_cast<std::byte*>(::operator new[](total, std::align_val_t{row_alignment})));
    if (zero) {
      std::memset(buffer_.get(), 0, total);
    } else if (padded > row) {
      for (int y = 0; y < height; ++y) std::memset(buffer_.get() + static_cast<std::size_t>(y) * padded + row, 0, padded - row);
    }
  }

  void copy_from(const const_view_type& src) {
    auto dst = view();
    for (int y = 0; y < src.height(); ++y) {
      if (src.rows_are_contiguous()) {
        std::memcpy(dst.row(y), src.row(y), src.row_bytes());
      } else {
        for (int x = 0; x < src.width(); ++x)
          for (int c = 0; c < C; ++c) dst.pixel(x, y)[c] = src.pixel(x, y)[c];
      }
    }
  }

  aligned_buffer buffer_;
  int width_ = 0;
  int height_ = 0;
  std::ptrdiff_t stride_ = 0;
};

// The image type of a channel order: image_of<float, rgb> = image<float, 3, rgb>.
template <class T, channel_order Order>
using image_of = image<T, Order::channels, Order>;

}  // namespace imgframe
