#pragma once
// BMP: bits per pixel, compression and channel masks, read the way stb_image reads them, so that
// its bit-replicated n-bit channels can be rescaled the JDK's way and BI_RGB's 4th byte dropped.
#include <cstddef>
#include <cstdint>
#include <span>

#include "byte_reader.hpp"

namespace imgframe::detail {

struct bmp_header {
  bool valid = false;
  int header_size = 0;
  int bpp = 0;
  int compression = 0;  // 0 BI_RGB, 3 BI_BITFIELDS
  std::uint32_t mask[4] = {0, 0, 0, 0};  // R, G, B, A as stb uses them
  std::uint64_t pixels_end = 0;  // offset just past the last pixel row, for uncompressed BMPs (else 0)
};

// Uncompressed (BI_RGB / BI_BITFIELDS) rows are padded to 4 bytes; the last one ends here.
inline std::uint64_t bmp_pixels_end(std::uint32_t offset, std::int64_t width, std::int64_t height, int bpp) noexcept {
  if (width <= 0 || height == 0 || bpp <= 0 || bpp > 32 || width > (1 << 24)) return 0;
  const std::uint64_t rows = static_cast<std::uint64_t>(height < 0 ? -height : height);
  if (rows > (1u << 24)) return 0;  // the size guard rejects it anyway
  const std::uint64_t stride = (static_cast<std::uint64_t>(width) * static_cast<std::uint64_t>(bpp) + 31) / 32 * 4;
  return offset + rows * stride;
}

inline bmp_header parse_bmp_header(std::span<const std::uint8_t> bytes) noexcept {
  bmp_header h;
  const byte_reader r(bytes);
  if (!r.has(0, 54)) return h;
  h.header_size = static_cast<int>(r.le32(14));
  const std::uint32_t offset = r.le32(10);
  if (h.header_size == 12) {
    h.bpp = r.le16(24);
    h.pixels_end = bmp_pixels_end(offset, r.le16(18), r.le16(20), h.bpp);
    h.valid = true;
    return h;
  }
  h.bpp = r.le16(28);
  h.compression = static_cast<int>(r.le32(30));
  if (h.compression == 0 || h.compression == 3)
    h.pixels_end = bmp_pixels_end(offset, static_cast<std::int32_t>(r.le32(18)), static_cast<std::int32_t>(r.le32(22)), h.bpp);
  std::size_t masks = 0;
  bool alpha_mask = false;
  if (h.header_size == 40 || h.header_size == 56) {
    masks = h.header_size == 56 ? 70 : 54;  // stb skips 4 words of a 56-byte header first
  } else if (h.header_size == 108 || h.header_size == 124) {
    masks = 54;
    alpha_mask = true;
  }
  if ((h.bpp == 16 || h.bpp == 32) && h.compression == 0) {
    if (h.bpp == 16) {
      h.mask[0] = 31u << 10, h.mask[1] = 31u << 5, h.mask[2] = 31u;
    } else {
      h.mask[0] = 0xFFu << 16, h.mask[1] = 0xFFu << 8, h.mask[2] = 0xFFu;
    }
    if (alpha_mask) h.mask[3] = r.le32(66);
  } else if ((h.bpp == 16 || h.bpp == 32) && h.compression == 3 && masks) {
    for (int i = 0; i < 3; ++i) h.mask[i] = r.le32(masks + 4 * static_cast<std::size_t>(i));
    if (alpha_mask) h.mask[3] = r.le32(66);
  }
  h.valid = true;
  return h;
}

inline int mask_bits(std::uint32_t m) noexcept {
  int n = 0;
  for (; m; m &= m - 1) ++n;
  return n;
}

}  // namespace imgframe::detail
