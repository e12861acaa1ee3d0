#pragma once
// EXIF orientation (tag 0x0112) and its application to a row, as Pillow's ImageOps.exif_transpose:
//   2 mirror left-right, 3 rotate 180, 4 mirror top-bottom, 5 transpose, 6 rotate 90 clockwise,
//   7 transverse, 8 rotate 90 counter-clockwise; 1, missing or other values: unchanged.
// Where the tag is looked for: JPEG APP1 "Exif\0\0", PNG eXIf chunk, WebP EXIF chunk, TIFF IFD0.
// Spark (JDK ImageIO) ignores it, hence decode_options::apply_exif_orientation defaults to false.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>
#include <utility>
#include <vector>

#include "../../erased/image_row.hpp"
#include "../format.hpp"
#include "byte_reader.hpp"

namespace imgframe::detail {

// Orientation in a TIFF-structured block ("II*\0" or "MM\0*" + IFD0); 0 when absent or malformed.
inline int tiff_orientation(std::span<const std::uint8_t> t) noexcept {
  const byte_reader r(t);
  if (t.size() < 8) return 0;
  const bool le = t[0] == 'I' && t[1] == 'I';
  if (!le && !(t[0] == 'M' && t[1] == 'M')) return 0;
  auto u16 = [&](std::size_t p) { return le ? r.le16(p) : r.be16(p); };
  auto u32 = [&](std::size_t p) { return le ? r.le32(p) : r.be32(p); };
  if (u16(2) != 42) return 0;
  const std::size_t ifd = u32(4);
  if (!r.has(ifd, 2)) return 0;
  const std::size_t n = u16(ifd);
  for (std::size_t i = 0; i < n; ++i) {
    const std::size_t e = ifd + 2 + 12 * i;
    if (!r.has(e, 12)) return 0;
    if (u16(e) == 0x0112 && u16(e + 2) == 3 && u32(e + 4) >= 1) {
      const int v = u16(e + 8);
      return v >= 1 && v <= 8 ? v : 0;
    }
  }
  return 0;
}

inline int exif_orientation(std::span<const std::uint8_t> b, image_format f) noexcept {
  const byte_reader r(b);
  switch (f) {
    case image_format::jpeg: {
      std::size_t pos = 2;
      while (r.has(pos, 4) && b[pos] == 0xFF) {
        const int m = b[pos + 1];
        if (m == 0xDA || m == 0xD9) break;
        const std::size_t len = r.be16(pos + 2);
        if (len < 2 || !r.has(pos + 2, len)) break;
        if (m == 0xE1 && len >= 8 && std::memcmp(b.data() + pos + 4, "Exif\0\0", 6) == 0)
          return tiff_orientation(b.subspan(pos + 10, len - 8));
        pos += 2 + len;
      }
      return 0;
    }
    case image_format::png:
      for (std::size_t pos = 8; r.has(pos, 8);) {
        const std::size_t len = r.be32(pos);
        if (!r.has(pos + 8, len)) break;
        if (std::memcmp(b.data() + pos + 4, "eXIf", 4) == 0) return tiff_orientation(b.subspan(pos + 8, len));
        if (std::memcmp(b.data() + pos + 4, "IDAT", 4) == 0) break;
        pos += 12 + len;
      }
      return 0;
    case image_format::webp:
      for (std::size_t pos = 12; r.has(pos, 8);) {
        const std::size_t len = r.le32(pos + 4);
        if (!r.has(pos + 8, len)) break;
        if (std::memcmp(b.data() + pos, "EXIF", 4) == 0) {
          auto exif = b.subspan(pos + 8, len);
          if (exif.size() >= 6 && std::memcmp(exif.data(), "Exif\0\0", 6) == 0) exif = exif.subspan(6);
          return tiff_orientation(exif);
        }
        pos += 8 + len + (len & 1);
      }
      return 0;
    case image_format::tiff:
      return tiff_orientation(b);
    default:
      return 0;
  }
}

// Rotates / mirrors the row's pixels in place of the row (orientation 2-8).
inline void apply_orientation(image_row& row, int orientation) {
  if (orientation < 2 || orientation > 8 || row.is_invalid()) return;
  const std::size_t w = static_cast<std::size_t>(row.width), h = static_cast<std::size_t>(row.height),
                    c = static_cast<std::size_t>(row.n_channels);
  const bool swap = orientation >= 5;
  const std::size_t ow = swap ? h : w, oh = swap ? w : h;
  byte_buffer out(row.data.size());  // every byte written below
  for (std::size_t y = 0; y < oh; ++y)
    for (std::size_t x = 0; x < ow; ++x) {
      std::size_t sx = x, sy = y;  // source pixel of output (x, y)
      switch (orientation) {
        case 2: sx = w - 1 - x; break;
        case 3: sx = w - 1 - x, sy = h - 1 - y; break;
        case 4: sy = h - 1 - y; break;
        case 5: sx = y, sy = x; break;
        case 6: sx = y, sy = h - 1 - x; break;
        case 7: sx = w - 1 - y, sy = h - 1 - x; break;
        case 8: sx = w - 1 - y, sy = x; break;
      }
      std::memcpy(out.data() + (y * ow + x) * c, row.data.data() + (sy * w + sx) * c, c);
    }
  row.data = std::move(out);
  row.width = static_cast<int>(ow);
  row.height = static_cast<int>(oh);
}

}  // namespace imgframe::detail
