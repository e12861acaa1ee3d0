#pragma once
// Storage that is not zero-filled before it is written.
// byte_buffer: the std::vector<std::uint8_t> of image rows, except that resize(n) and byte_buffer(n)
// leave the new bytes uninitialised (default-initialised) instead of zero-filling them, because a
// decoder or a kernel is about to overwrite every one of them. resize(n, 0) and assign(n, 0) still
// fill; use them whenever not every byte is written.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <new>
#include <type_traits>
#include <utility>
#include <vector>  // and std::allocator (not <memory>: its C++20 <ostream> would cost every TU)

namespace imgframe {

// std::allocator, but construct(p) with no arguments default-initialises (a no-op for scalars).
template <class T>
struct default_init_allocator {
  // The allocated type.
  using value_type = T;
  // Stateless: any two allocators are interchangeable.
  using is_always_equal = std::true_type;

  constexpr default_init_allocator() noexcept = default;
  // Rebinding copy from an allocator of another type.
  template <class U>
  constexpr default_init_allocator(const default_init_allocator<U>&) noexcept {}

  // Storage for n objects, uninitialised.
  [[nodiscard]] T* allocate(std::size_t n) { return std::allocator<T>{}.allocate(n); }
  // Frees storage from allocate().
  void deallocate(T* p, std::size_t n) noexcept { std::allocator<T>{}.deallocate(p, n); }

  // Default-initialises: no write at all for scalars (resize(n) does not zero-fill).
  template <class U>
  void construct(U* p) noexcept(std::is_nothrow_default_constructible_v<U>) {
    ::new (static_cast<void*>(p)) U;
  }
  // Constructs from arguments, as std::allocator does (resize(n, 0) still fills).
  template <class U, class... Args>
  void construct(U* p, Args&&... args) {
    ::new (static_cast<void*>(p)) U(std::forward<Args>(args)...);
  }

  // Always equal (stateless).
  friend constexpr bool operator==(const default_init_allocator&, const default_init_allocator&) noexcept { return true; }
};

// The bytes of an image row: a std::vector<std::uint8_t> whose resize(n) does not zero-fill.
using byte_buffer = std::vector<std::uint8_t, default_init_allocator<std::uint8_t>>;

// Tag for constructors that leave the pixels or values uninitialised: image(w, h, no_init),
// tensor(h, w, no_init). Only for writers that then write every one of them.
struct no_init_t {
  explicit no_init_t() = default;
};
// The no_init tag value.
inline constexpr no_init_t no_init{};

// Byte-wise comparison with a plain std::vector (tests and callers holding std::vector<uint8_t>).
inline bool operator==(const byte_buffer& a, const std::vector<std::uint8_t>& b) noexcept {
  return a.size() == b.size() && (a.empty() || std::memcmp(a.data(), b.data(), a.size()) == 0);
}

}  // namespace imgframe
