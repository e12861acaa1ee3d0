#pragma once
// BMP: size, bits per pixel, compression and channel masks, read the way stb_image reads them, so
// that its bit-replicated n-bit channels can be rescaled the JDK's way and BI_RGB's 4th byte dropped,
// plus what the JDK's own reading of palette and RLE files needs (bmp_palette.hpp, bmp_rle.hpp).
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "byte_reader.hpp"

namespace imgframe::detail {

struct bmp_header {
  bool valid = false;
  int header_size = 0;
  std::int32_t width = 0, height = 0;  // height < 0: rows stored top-down
  int planes = 1;                      // must be 1; stb rejects other values, the JDK ignores the field
  int bpp = 0;
  int compression = 0;  // 0 BI_RGB, 3 BI_BITFIELDS
  std::uint32_t mask[4] = {0, 0, 0, 0};  // R, G, B, A as stb uses them
  std::uint64_t pixels_end = 0;  // offset just past the last pixel row, for uncompressed BMPs (else 0)
  std::uint32_t pixel_offset = 0;  // bfOffBits
  std::uint32_t colors_used = 0;   // biClrUsed
  std::uint32_t file_size = 0;     // bfSize
  std::uint32_t image_size = 0;    // biSizeImage (0 for OS/2 headers)
};

// Uncompressed (BI_RGB / BI_BITFIELDS) rows are padded to 4 bytes; the last one ends here (the JDK
// reads each row in full, then skips its padding, so the last row's padding may be missing).
inline std::uint64_t bmp_pixels_end(std::uint32_t offset, std::int64_t width, std::int64_t height, int bpp) noexcept {
  if (width <= 0 || height == 0 || bpp <= 0 || bpp > 32 || width > (1 << 24)) return 0;
  const std::uint64_t rows = static_cast<std::uint64_t>(height < 0 ? -height : height);
  if (rows > (1u << 24)) return 0;  // the size guard rejects it anyway
  const std::uint64_t line = (static_cast<std::uint64_t>(width) * static_cast<std::uint64_t>(bpp) + 7) / 8;
  return offset + (rows - 1) * ((line + 3) / 4 * 4) + line;
}

inline bmp_header parse_bmp_header(std::span<const std::uint8_t> bytes) noexcept {
  bmp_header h;
  const byte_reader r(bytes);
  if (!r.has(0, 26)) return h;
  h.header_size = static_cast<int>(r.le32(14));
  const std::uint32_t offset = r.le32(10);
  h.pixel_offset = offset;
  h.file_size = r.le32(2);
  if (h.header_size == 12) {  // OS/2 1.x: signed 16-bit sizes (the JDK reads them with readShort)
    h.width = static_cast<std::int16_t>(r.le16(18));
    h.height = static_cast<std::int16_t>(r.le16(20));
    h.planes = r.le16(22);
    h.bpp = r.le16(24);
    h.pixels_end = bmp_pixels_end(offset, h.width, h.height, h.bpp);
    h.valid = true;
    return h;
  }
  if (!r.has(0, 54)) return h;
  h.width = static_cast<std::int32_t>(r.le32(18));
  h.height = static_cast<std::int32_t>(r.le32(22));
  h.planes = r.le16(26);
  h.bpp = r.le16(28);
  h.image_size = r.le32(34);
  h.compression = static_cast<int>(r.le32(30));
  h.colors_used = r.le32(46);
  if (h.compression == 0 || h.compression == 3)
    h.pixels_end = bmp_pixels_end(offset, h.width, h.height, h.bpp);
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

// A copy of a 16/24/32-bit BMP that stb_image 2.30 reads as the JDK does, or an empty vector when
// the file needs no change (palette files never get here: bmp_palette.hpp reads them):
//   - a gap between the header and the pixels, which the format allows (bfOffBits), is removed and
//     bfOffBits adjusted: stb skips it twice (garbage pixels);
//   - a planes field other than 1 is set to 1: stb rejects the file, the JDK ignores the field.
inline std::vector<std::uint8_t> bmp_for_stb(std::span<const std::uint8_t> bytes, const bmp_header& h) {
  std::vector<std::uint8_t> out;
  if (!h.valid) return out;
  const bool known = h.header_size == 12 || h.header_size == 40 || h.header_size == 108 || h.header_size == 124;
  std::uint64_t data_start = 14u + static_cast<std::uint32_t>(h.header_size);
  if (h.header_size == 40 && h.compression == 3) data_start += 12;  // the three masks follow the header
  const bool gap = known && h.pixel_offset > data_start && h.pixel_offset <= bytes.size();
  if (!gap && h.planes == 1) return out;
  if (gap) {
    out.reserve(bytes.size() - (h.pixel_offset - data_start));
    out.insert(out.end(), bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(data_start));
    out.insert(out.end(), bytes.begin() + h.pixel_offset, bytes.end());
    const auto off = static_cast<std::uint32_t>(data_start);
    for (int i = 0; i < 4; ++i) out[10 + static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(off >> (8 * i));
  } else {
    out.assign(bytes.begin(), bytes.end());
  }
  if (h.planes != 1) {
    const std::size_t at = h.header_size == 12 ? 22 : 26;
    out[at] = 1;
    out[at + 1] = 0;
  }
  return out;
}

inline int mask_bits(std::uint32_t m) noexcept {
  int n = 0;
  for (; m; m &= m - 1) ++n;
  return n;
}

}  // namespace imgframe::detail
