#pragma once
// BI_RLE8 / BI_RLE4 BMP, which stb_image rejects and the JDK's ImageIO reads: decoded here into
// palette indices, then looked up into B,G,R. Pixels the stream skips (delta, early end of line)
// keep index 0, as in the JDK's zero-filled raster; indices past the palette are black.
// Every read is bounds-checked; a run past the end of a row is corrupt.
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "../../core/byte_buffer.hpp"
#include "byte_reader.hpp"

namespace imgframe::detail {

struct bmp_rle_result {
  byte_buffer bgr;                // width * height * 3, top row first
  std::string error;              // empty when decoded
  bool truncated = false;         // the data ended before the end-of-bitmap marker
};

// `width` x `height` (bottom-up rows), `bpp` 8 (RLE8) or 4 (RLE4); the palette is `entries` B,G,R,x
// quadruples at `palette_at`; the codes start at `data_at`. Sizes are already within the limits.
inline bmp_rle_result decode_bmp_rle(std::span<const std::uint8_t> bytes, int width, int height, int bpp,
                                     std::size_t palette_at, std::size_t entries, std::size_t data_at) {
  bmp_rle_result out;
  const byte_reader r(bytes);
  const auto w = static_cast<std::size_t>(width), h = static_cast<std::size_t>(height);
  std::vector<std::uint8_t> index(w * h, 0);
  std::size_t x = 0, y = 0;  // y counts rows from the bottom, as stored
  auto put = [&](unsigned v) -> bool {
    if (x >= w) return false;
    if (y < h) index[(h - 1 - y) * w + x] = static_cast<std::uint8_t>(v);
    ++x;
    return true;
  };
  std::size_t pos = data_at;
  bool ended = false;
  while (!ended && y < h) {
    if (!r.has(pos, 2)) break;
    const unsigned n = r.u8(pos), c = r.u8(pos + 1);
    pos += 2;
    if (n > 0) {  // encoded run: n pixels of c (RLE4: alternating nibbles)
      for (unsigned i = 0; i < n; ++i) {
        const unsigned v = bpp == 8 ? c : (i % 2 == 0 ? c >> 4 : c & 15);
        if (!put(v)) {
          out.error = "RLE run past the end of row " + std::to_string(y);
          return out;
        }
      }
    } else if (c == 0) {  // end of line
      x = 0;
      ++y;
    } else if (c == 1) {  // end of bitmap
      ended = true;
    } else if (c == 2) {  // delta
      if (!r.has(pos, 2)) break;
      x += r.u8(pos);
      y += r.u8(pos + 1);
      pos += 2;
      if (x > w) {
        out.error = "RLE delta moves past the end of row " + std::to_string(y);
        return out;
      }
    } else {  // absolute run: c literal pixels, padded to a 16-bit boundary
      const std::size_t nbytes = bpp == 8 ? c : (c + 1) / 2;
      if (!r.has(pos, nbytes)) break;
      for (unsigned i = 0; i < c; ++i) {
        const unsigned b = r.u8(pos + (bpp == 8 ? i : i / 2));
        const unsigned v = bpp == 8 ? b : (i % 2 == 0 ? b >> 4 : b & 15);
        if (!put(v)) {
          out.error = "RLE literal run past the end of row " + std::to_string(y);
          return out;
        }
      }
      pos += nbytes + (nbytes & 1);
    }
  }
  out.truncated = !ended && y < h;
  out.bgr.resize(w * h * 3, 0);  // entries past the palette stay black
  for (std::size_t i = 0; i < index.size(); ++i) {
    const std::size_t e = index[i];
    if (e < entries && r.has(palette_at + 4 * e, 3)) {
      out.bgr[3 * i] = r.u8(palette_at + 4 * e);
      out.bgr[3 * i + 1] = r.u8(palette_at + 4 * e + 1);
      out.bgr[3 * i + 2] = r.u8(palette_at + 4 * e + 2);
    }
  }
  return out;
}

}  // namespace imgframe::detail
