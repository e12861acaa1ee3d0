#pragma once
// Bounds-checked big/little-endian reads over an encoded file (for the header parsers).
#include <cstddef>
#include <cstdint>
#include <span>

namespace imgframe::detail {

class byte_reader {
 public:
  explicit byte_reader(std::span<const std::uint8_t> b) noexcept : b_(b) {}
  std::size_t size() const noexcept { return b_.size(); }
  bool has(std::size_t pos, std::size_t n) const noexcept { return pos <= b_.size() && n <= b_.size() - pos; }
  std::uint8_t u8(std::size_t pos) const noexcept { return has(pos, 1) ? b_[pos] : 0; }
  std::uint16_t be16(std::size_t pos) const noexcept { return static_cast<std::uint16_t>(u8(pos) << 8 | u8(pos + 1)); }
  std::uint16_t le16(std::size_t pos) const noexcept { return static_cast<std::uint16_t>(u8(pos) | u8(pos + 1) << 8); }
  std::uint32_t be32(std::size_t pos) const noexcept {
    return std::uint32_t{be16(pos)} << 16 | be16(pos + 2);
  }
  std::uint32_t le32(std::size_t pos) const noexcept {
    return std::uint32_t{le16(pos)} | std::uint32_t{le16(pos + 2)} << 16;
  }
  std::span<const std::uint8_t> bytes() const noexcept { return b_; }

 private:
  std::span<const std::uint8_t> b_;
};

}  // namespace imgframe::detail
