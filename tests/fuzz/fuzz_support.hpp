#pragma once
// Shared by the fuzz targets: a byte cursor over the fuzzer's input, and the check that turns a
// broken invariant into a crash libFuzzer records (abort, not an exception a caller could swallow).
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <span>
#include <string_view>

namespace imgframe::fuzz {

// Takes fixed-size values from the front of the input; missing bytes read as zero.
class byte_cursor {
 public:
  byte_cursor(const std::uint8_t* data, std::size_t size) : data_(data), size_(size) {}
  std::uint8_t u8() { return pos_ < size_ ? data_[pos_++] : 0; }
  std::uint32_t u32() {
    std::uint32_t v = 0;
    for (int i = 0; i < 4; ++i) v |= static_cast<std::uint32_t>(u8()) << (8 * i);
    return v;
  }
  std::int32_t i32() { return static_cast<std::int32_t>(u32()); }
  std::span<const std::uint8_t> rest() const { return {data_ + pos_, size_ - pos_}; }
  std::string_view rest_text() const { return {reinterpret_cast<const char*>(data_ + pos_), size_ - pos_}; }

 private:
  const std::uint8_t* data_;
  std::size_t size_;
  std::size_t pos_ = 0;
};

[[noreturn]] inline void invariant_broken(const char* what, const char* file, int line) {
  std::fprintf(stderr, "%s:%d: fuzz invariant broken: %s\n", file, line, what);
  std::abort();
}

}  // namespace imgframe::fuzz

#define IMGFRAME_FUZZ_CHECK(cond) \
  ((cond) ? (void)0 : ::imgframe::fuzz::invariant_broken(#cond, __FILE__, __LINE__))
