#pragma once
// What the Spark rules need from a PNG that stb_image does not report: bit depth and colour type
// (sub-8-bit and 16-bit gray), tRNS, the PLTE size, and whether the stream reaches IEND.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>
#include <vector>

#include "byte_reader.hpp"

namespace imgframe::detail {

struct png_header {
  bool has_ihdr = false;
  std::uint32_t width = 0, height = 0;
  int bit_depth = 0;
  int color_type = -1;        // 0 gray, 2 RGB, 3 palette, 4 gray+alpha, 6 RGBA
  bool has_trns = false;
  bool trns_all_opaque = false;  // palette tRNS whose alphas are all 255: the JDK's colour model is opaque
  int plte_entries = -1;      // -1: no PLTE chunk
  std::size_t plte_offset = 0;  // offset of the PLTE chunk's length field
  bool has_iend = false;      // a complete IEND chunk header was reached
  bool is_cgbi = false;       // Apple's non-standard iPhone PNG
};

inline png_header parse_png_header(std::span<const std::uint8_t> bytes) noexcept {
  png_header h;
  const byte_reader r(bytes);
  std::size_t pos = 8;
  while (r.has(pos, 8)) {
    const std::uint32_t len = r.be32(pos);
    const std::size_t type_pos = pos + 4;
    auto is = [&](const char* t) { return std::memcmp(bytes.data() + type_pos, t, 4) == 0; };
    if (is("IEND")) {
      h.has_iend = true;
      break;
    }
    if (!r.has(pos + 8, len)) break;  // chunk runs past the end: truncated
    const std::size_t data = pos + 8;
    if (is("IHDR") && len >= 13 && !h.has_ihdr) {
      h.has_ihdr = true;
      h.width = r.be32(data);
      h.height = r.be32(data + 4);
      h.bit_depth = r.u8(data + 8);
      h.color_type = r.u8(data + 9);
    } else if (is("CgBI")) {
      h.is_cgbi = true;
    } else if (is("PLTE") && h.plte_entries < 0) {
      h.plte_entries = static_cast<int>(len / 3);
      h.plte_offset = pos;
    } else if (is("tRNS")) {
      h.has_trns = true;
      h.trns_all_opaque = true;
      for (std::size_t i = 0; i < len; ++i) h.trns_all_opaque = h.trns_all_opaque && bytes[data + i] == 0xFF;
    }
    pos = data + len + 4;  // + CRC
  }
  return h;
}

// stb_image reads palette indices past the PLTE entries from uninitialised stack memory; the JDK
// pads the palette with black. Returns a copy whose PLTE has 256 entries (the missing ones black),
// or an empty vector when the file needs no padding. (stb does not check CRCs: the new chunk's is 0.)
inline std::vector<std::uint8_t> pad_png_palette(std::span<const std::uint8_t> bytes, const png_header& h) {
  std::vector<std::uint8_t> out;
  if (h.color_type != 3 || h.plte_entries < 0 || h.bit_depth < 1 || h.bit_depth > 8) return out;
  if (h.plte_entries >= (1 << h.bit_depth)) return out;  // every index has an entry
  const byte_reader r(bytes);
  const std::size_t len = r.be32(h.plte_offset);
  if (len % 3 != 0) return out;  // stb rejects it as is; do not repair it
  const std::size_t chunk_end = h.plte_offset + 12 + len;
  if (chunk_end > bytes.size()) return out;
  out.reserve(bytes.size() + 256 * 3);
  out.insert(out.end(), bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(h.plte_offset));
  const std::uint32_t new_len = 256 * 3;
  for (int shift : {24, 16, 8, 0}) out.push_back(static_cast<std::uint8_t>(new_len >> shift));
  const auto* plte = bytes.data() + h.plte_offset + 4;
  out.insert(out.end(), plte, plte + 4);                                   // "PLTE"
  out.insert(out.end(), plte + 4, plte + 4 + static_cast<std::ptrdiff_t>(h.plte_entries) * 3);
  out.resize(out.size() + static_cast<std::size_t>(256 - h.plte_entries) * 3, 0);
  out.insert(out.end(), {0, 0, 0, 0});                                     // CRC, unchecked
  out.insert(out.end(), bytes.begin() + static_cast<std::ptrdiff_t>(chunk_end), bytes.end());
  return out;
}

}  // namespace imgframe::detail
