#pragma once
// WBMP type 0 rows as the JDK's WBMPImageReader gives them: a TYPE_BYTE_BINARY image (black/white
// IndexColorModel), so 3 channels B=G=R in Spark (compat::faithful: 1 channel). Rows are byte-aligned,
// the most significant bit first; bytes after the last row are ignored, missing rows are an error
// (the JDK's readFully throws EOFException).
#include <cstdint>
#include <span>
#include <string>

#include "decode_support.hpp"
#include "wbmp_header.hpp"

namespace imgframe::detail {

inline decode_result& decode_wbmp(decode_result& r, std::span<const std::uint8_t> bytes, const decode_options& o) {
  const wbmp_header h = parse_wbmp_header(bytes);
  if (!h.valid) return set_failure(r, failure::corrupt, "corrupt WBMP header");
  const bool spark = o.quirks == compat::spark;
  if (spark && (h.width >= 1024 || h.height >= 768))
    return set_failure(r, failure::unsupported_format,
                       "WBMP of " + std::to_string(h.width) + " x " + std::to_string(h.height) +
                           ": Spark's ImageIO only recognises WBMPs under 1024 x 768 in a stream (compat::faithful "
                           "decodes it)");
  const int channels = spark ? 3 : 1;
  if (auto m = over_limits(o.limits, h.width, h.height, static_cast<std::uint64_t>(channels), 1))
    return set_failure(r, failure::too_large, *m);
  const std::uint64_t have = bytes.size() - h.data_offset;
  if (have < h.data_bytes) {
    if (!o.allow_truncated)
      return set_failure(r, failure::truncated,
                         "truncated WBMP: the rows need " + std::to_string(h.data_bytes) + " bytes, the data has " +
                             std::to_string(have) + " (allow_truncated decodes what is there)");
    r.truncated = true;
  }
  image_row row = make_row(std::move(r.row.origin), static_cast<int>(h.width), static_cast<int>(h.height), channels);
  const std::size_t row_bytes = (std::size_t{h.width} + 7) / 8;
  std::uint8_t* out = row.data.data();
  for (std::size_t y = 0; y < h.height; ++y) {
    const std::size_t start = h.data_offset + y * row_bytes;
    for (std::size_t x = 0; x < h.width; ++x) {
      const std::size_t at = start + x / 8;
      const bool white = at < bytes.size() && ((bytes[at] >> (7 - x % 8)) & 1);  // missing bytes: black
      const std::uint8_t v = white ? 255 : 0;
      for (int c = 0; c < channels; ++c) *out++ = v;
    }
  }
  r.row = std::move(row);
  return r;
}

}  // namespace imgframe::detail
