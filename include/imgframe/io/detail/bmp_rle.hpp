#pragma once
// BI_RLE8 / BI_RLE4 BMP (stb_image has no RLE; the JDK's ImageIO reads it), decoded into palette
// indices exactly as BMPImageReader.decodeRLE8/decodeRLE4 do (JDK 13 through 21), so that damaged
// streams give Spark's pixels:
//   - the codes are the first imSize bytes at bfOffBits (biSizeImage, or bfSize - bfOffBits when 0);
//   - a scanline buffer is copied to its row at end-of-line, at end-of-bitmap (when it holds
//     pixels) and before a delta that moves down; rows outside the image are skipped;
//   - pixels of a run or literal past the row's end are dropped; a delta wraps modulo the width;
//   - a stream without end-of-bitmap just stops (its last, uncopied scanline is lost); pixels never
//     written stay index 0; a top-down (negative height) RLE bitmap is read top-down.
// What a strict reader would reject is reported in `damage` (compat::faithful / strict do).
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace imgframe::detail {

struct bmp_rle_result {
  std::vector<std::uint8_t> index;  // width * height palette indices, top row first
  bool ended = false;               // an end-of-bitmap code was reached
  std::string damage;               // first thing the format forbids (run past a row's end, ...); empty if none
};

// `codes` = the imSize bytes of RLE data; `bpp` 8 (RLE8) or 4 (RLE4). Sizes are within the limits.
inline bmp_rle_result decode_bmp_rle(std::span<const std::uint8_t> codes, std::size_t width, std::size_t height,
                                     bool top_down, int bpp) {
  bmp_rle_result out;
  out.index.assign(width * height, 0);
  std::vector<std::uint8_t> line(width, 0);
  const auto rows = static_cast<long long>(height);
  long long row = top_down ? 0 : rows - 1;  // raster row of the scanline being decoded
  const long long step = top_down ? 1 : -1;
  const std::size_t n = codes.size();
  std::size_t count = 0, x = 0;
  auto damaged = [&](const char* what) {
    if (out.damage.empty()) out.damage = std::string(what) + std::to_string(top_down ? row : rows - 1 - row);
  };
  auto copy_line = [&] {
    if (row < 0 || row >= rows) return;  // the JDK keeps the buffer too: it is only cleared after a copy
    std::copy(line.begin(), line.end(), out.index.begin() + static_cast<std::ptrdiff_t>(row) * static_cast<std::ptrdiff_t>(width));
    std::fill(line.begin(), line.end(), 0);
  };
  auto put = [&](std::uint8_t v) {
    if (x < width) line[x++] = v;
    else damaged("RLE run past the end of row ");
  };
  while (count + 1 < n) {
    const unsigned value = codes[count++];
    if (value != 0) {  // encoded run: `value` pixels of one byte (RLE4: its two nibbles alternating)
      const std::uint8_t c = codes[count++];
      for (unsigned i = 0; i < value; ++i) put(bpp == 8 ? c : static_cast<std::uint8_t>(i % 2 == 0 ? c >> 4 : c & 15));
      continue;
    }
    const unsigned code = codes[count++];
    if (code == 0) {  // end of line
      copy_line();
      row += step;
      x = 0;
    } else if (code == 1) {  // end of bitmap
      out.ended = true;
      if (x != 0) copy_line();
      break;
    } else if (code == 2) {  // delta: right xoff, down yoff
      if (count + 1 < n) {
        const std::size_t xoff = codes[count++], yoff = codes[count++];
        if (yoff != 0) {
          copy_line();
          row += step * static_cast<long long>(yoff);
        }
        if (x + xoff > width) damaged("RLE delta moves past the end of row ");
        x = (x + xoff + yoff * width) % width;
      }
    } else {  // literal run of `code` pixels, padded to a 16-bit boundary
      if (bpp == 8) {
        for (unsigned i = 0; i < code && count < n; ++i) put(codes[count++]);
        if (code & 1) ++count;
      } else {
        for (unsigned i = 0; i < code && count < n; ++i)
          put(static_cast<std::uint8_t>(i % 2 == 0 ? codes[count] >> 4 : codes[count++] & 15));
        if (code & 1) ++count;
        if (((code + 1) / 2) & 1) ++count;
      }
    }
  }
  return out;
}

}  // namespace imgframe::detail
