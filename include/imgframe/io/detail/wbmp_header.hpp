#pragma once
// WBMP type 0 (Wireless Bitmap: 1 bit per pixel, 1 = white) header: type 0, fixed header 0, then
// width and height as multi-byte integers (7 bits per byte, high bit = more). The format has no
// magic number, so a file counts as WBMP only if its length is exactly header + rows (the check the
// JDK's WBMPImageReaderSpi makes when it knows the length), or if its name ends in ".wbmp" and the
// rows fit. (Spark's ImageIO sees a stream of unknown length and takes any 0,0-prefixed data under
// 1024 x 768: a quirk not copied.)
#include <cctype>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

namespace imgframe::detail {

struct wbmp_header {
  bool valid = false;          // type 0, fixed header 0, both sides > 0
  std::uint32_t width = 0, height = 0;
  std::size_t data_offset = 0;  // first byte of the rows
  std::uint64_t data_bytes = 0; // ceil(width / 8) * height
};

inline wbmp_header parse_wbmp_header(std::span<const std::uint8_t> b) noexcept {
  wbmp_header h;
  if (b.size() < 4 || b[0] != 0 || b[1] != 0) return h;
  std::size_t pos = 2;
  // WBMPImageReaderSpi.tryReadMultiByteInteger: at most 32 bits.
  auto read_int = [&](std::uint32_t& out) {
    std::uint32_t v = 0;
    for (;;) {
      if (pos >= b.size() || (v & 0xFE000000u) != 0) return false;
      const std::uint8_t c = b[pos++];
      v = v << 7 | (c & 0x7Fu);
      if (!(c & 0x80)) break;
    }
    out = v;
    return true;
  };
  if (!read_int(h.width) || !read_int(h.height) || h.width == 0 || h.height == 0 || h.width > 0x7FFFFFFF ||
      h.height > 0x7FFFFFFF)
    return h;
  h.valid = true;
  h.data_offset = pos;
  h.data_bytes = (std::uint64_t{h.width} + 7) / 8 * h.height;
  return h;
}

inline bool has_wbmp_extension(std::string_view origin) noexcept {
  if (origin.size() < 5) return false;
  const auto ext = origin.substr(origin.size() - 5);
  const char want[] = ".wbmp";
  for (std::size_t i = 0; i < 5; ++i)
    if (std::tolower(static_cast<unsigned char>(ext[i])) != want[i]) return false;
  return true;
}

inline bool looks_like_wbmp(std::span<const std::uint8_t> b, std::string_view origin) noexcept {
  const wbmp_header h = parse_wbmp_header(b);
  if (!h.valid) return false;
  const std::uint64_t have = b.size() - h.data_offset;
  return have == h.data_bytes || has_wbmp_extension(origin);
}

}  // namespace imgframe::detail
