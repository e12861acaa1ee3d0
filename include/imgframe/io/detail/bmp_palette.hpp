#pragma once
// BMP with a colour palette (1, 4 or 8 bits per pixel, uncompressed or RLE), read the way the
// JDK's BMPImageReader reads it (Spark's decoder), not the way stb_image does:
//   - the palette is every entry between the header and bfOffBits (biClrUsed is not consulted),
//     at most 256 of them; none at all is an error;
//   - an index past the palette is black: java.awt's IndexColorModel holds zeros there (stb reads
//     uninitialised stack memory);
//   - a palette of exactly the 256 gray levels 0..255 in order makes an 8-bit image gray (1 channel,
//     the raw index) and a 1/4-bit image the gray ramp i*255/(2^bpp-1) (ImageUtil.createColorModel).
// Pixel rows are decoded into palette indices first (uncompressed here, RLE in bmp_rle.hpp), then
// looked up, so every byte of the row comes from the file or from these rules.
#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "byte_reader.hpp"

namespace imgframe::detail {

struct bmp_palette {
  std::array<std::uint8_t, 256 * 3> bgr{};  // B,G,R per entry; entries past `entries` stay black
  std::size_t entries = 0;
  bool gray = false;                         // exactly the 256 entries (i, i, i)
};

enum class bmp_palette_status { ok, inside_header, truncated, empty };

// `header_size` 12 (OS/2: 3-byte entries) or a Windows header (4-byte entries); `pixel_offset` is bfOffBits.
inline bmp_palette_status read_bmp_palette(std::span<const std::uint8_t> bytes, int header_size,
                                           std::uint32_t pixel_offset, bmp_palette& p) {
  const byte_reader r(bytes);
  const std::size_t start = 14u + static_cast<std::size_t>(header_size);
  const std::size_t entry = header_size == 12 ? 3 : 4;
  if (pixel_offset < start) return bmp_palette_status::inside_header;
  const std::size_t n = (pixel_offset - start) / entry;
  if (!r.has(start, n * entry)) return bmp_palette_status::truncated;  // the JDK reads it in full first
  p.entries = n < 256 ? n : 256;
  if (p.entries == 0) return bmp_palette_status::empty;
  p.gray = p.entries == 256;
  for (std::size_t i = 0; i < p.entries; ++i) {
    for (std::size_t k = 0; k < 3; ++k) p.bgr[3 * i + k] = r.u8(start + entry * i + k);
    p.gray = p.gray && p.bgr[3 * i] == i && p.bgr[3 * i + 1] == i && p.bgr[3 * i + 2] == i;
  }
  return bmp_palette_status::ok;
}

// Channels of the row: gray identity palettes of 8-bit images are 1-channel gray in the JDK.
inline int bmp_palette_channels(const bmp_palette& p, int bpp) noexcept { return p.gray && bpp == 8 ? 1 : 3; }

// Row bytes from `index` (width * height palette indices, top row first).
inline void bmp_indices_to_row(const std::vector<std::uint8_t>& index, const bmp_palette& p, int bpp,
                               std::uint8_t* dst) {
  if (p.gray && bpp == 8) {
    for (std::size_t i = 0; i < index.size(); ++i) dst[i] = index[i];
    return;
  }
  std::array<std::uint8_t, 256 * 3> lut = p.bgr;
  if (p.gray) {  // 1/4-bit with a gray identity palette: ImageUtil's gray ramp over 2^bpp levels
    const unsigned top = (1u << bpp) - 1;
    for (unsigned i = 0; i <= top; ++i) lut[3 * i] = lut[3 * i + 1] = lut[3 * i + 2] = static_cast<std::uint8_t>(i * 255 / top);
  }
  for (std::size_t i = 0; i < index.size(); ++i) {
    const std::size_t e = 3u * index[i];
    dst[3 * i] = lut[e];
    dst[3 * i + 1] = lut[e + 1];
    dst[3 * i + 2] = lut[e + 2];
  }
}

struct bmp_index_rows {
  std::vector<std::uint8_t> index;  // width * height, top row first; rows past the data stay 0
  bool truncated = false;           // the data ends before the last row (the JDK throws EOFException)
};

// Uncompressed 1/4/8-bit rows: each starts on a 4-byte boundary at bfOffBits; rows are stored
// bottom-up unless the height was negative. The last row needs no padding after it.
inline bmp_index_rows read_bmp_index_rows(std::span<const std::uint8_t> bytes, std::size_t width, std::size_t height,
                                          bool top_down, int bpp, std::size_t pixel_offset) {
  bmp_index_rows out;
  out.index.assign(width * height, 0);
  const std::size_t line = (width * static_cast<std::size_t>(bpp) + 7) / 8;
  const std::size_t stride = (line + 3) / 4 * 4;
  const unsigned mask = (1u << bpp) - 1;
  for (std::size_t i = 0; i < height; ++i) {
    const std::size_t start = pixel_offset + i * stride;
    if (start > bytes.size() || bytes.size() - start < line) {
      out.truncated = true;  // this row and those after it stay index 0
      break;
    }
    std::uint8_t* dst = out.index.data() + (top_down ? i : height - 1 - i) * width;
    const std::uint8_t* src = bytes.data() + start;
    if (bpp == 8) {
      for (std::size_t x = 0; x < width; ++x) dst[x] = src[x];
    } else {
      const std::size_t per_byte = 8 / static_cast<std::size_t>(bpp);
      for (std::size_t x = 0; x < width; ++x) {
        const auto shift = static_cast<unsigned>(8 - bpp * static_cast<int>(x % per_byte + 1));
        dst[x] = static_cast<std::uint8_t>((src[x / per_byte] >> shift) & mask);
      }
    }
  }
  return out;
}

}  // namespace imgframe::detail
