#pragma once
// What the Spark rules need from a PNG that stb_image does not report: bit depth and colour type
// (sub-8-bit and 16-bit gray), tRNS, the PLTE size, and whether the stream reaches IEND.
#include <algorithm>
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
  std::size_t trns_offset = 0;  // offset of the tRNS chunk's length field (when has_trns)
  bool has_iend = false;      // a complete IEND chunk header was reached
  bool is_cgbi = false;       // Apple's non-standard iPhone PNG
  bool empty_idat_first = false;  // a zero-length IDAT before any IDAT with data (png_without_empty_idat)
};

// The JDK's PNG reader keeps min(PLTE entries, 2^bit depth) colours in arrays of 2, 4, 16 or 256
// slots (the slots past the colours are black), then repeats the last slot up to 2^bit depth.
inline std::size_t png_palette_slots(std::size_t entries, int bit_depth) noexcept {
  const std::size_t n = std::min<std::size_t>(entries, std::size_t{1} << bit_depth);
  return n > 16 ? 256 : n > 4 ? 16 : n > 2 ? 4 : 2;
}

inline png_header parse_png_header(std::span<const std::uint8_t> bytes) noexcept {
  png_header h;
  const byte_reader r(bytes);
  std::size_t pos = 8;
  bool idat_data = false;
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
    } else if (is("IDAT")) {
      h.empty_idat_first = h.empty_idat_first || (len == 0 && !idat_data);
      idat_data = idat_data || len > 0;
    } else if (is("CgBI")) {
      h.is_cgbi = true;
    } else if (is("PLTE") && h.plte_entries < 0) {
      h.plte_entries = static_cast<int>(len / 3);
      h.plte_offset = pos;
    } else if (is("tRNS")) {
      h.has_trns = true;
      h.trns_offset = pos;
      // The JDK keeps only as many alphas as its (rounded) palette has entries.
      std::size_t kept = len;
      if (h.color_type == 3 && h.plte_entries >= 0 && h.bit_depth >= 1 && h.bit_depth <= 8)
        kept = std::min<std::size_t>(len, png_palette_slots(static_cast<std::size_t>(h.plte_entries), h.bit_depth));
      h.trns_all_opaque = true;
      for (std::size_t i = 0; i < kept; ++i) h.trns_all_opaque = h.trns_all_opaque && bytes[data + i] == 0xFF;
    }
    pos = data + len + 4;  // + CRC
  }
  return h;
}

// stb_image reads palette indices past the PLTE entries from uninitialised stack memory, rejects a
// PLTE whose length is not a multiple of 3 or over 256 entries, and a tRNS longer than the PLTE;
// the JDK reads all of those. Returns a copy whose PLTE holds the JDK's 256-entry lookup table
// (png_palette_slots) and whose tRNS keeps only the alphas the JDK keeps, or an empty vector when
// stb already reads the file as the JDK does. (stb checks no CRC: the new chunks' are 0.)
inline std::vector<std::uint8_t> pad_png_palette(std::span<const std::uint8_t> bytes, const png_header& h) {
  std::vector<std::uint8_t> out;
  if (h.color_type != 3 || h.plte_entries < 0 || h.bit_depth < 1 || h.bit_depth > 8) return out;
  const byte_reader r(bytes);
  const std::size_t len = r.be32(h.plte_offset);
  const std::size_t plte_end = h.plte_offset + 12 + len;
  if (plte_end > bytes.size()) return out;  // a cut PLTE: stb reports it
  const std::size_t entries = std::min<std::size_t>(len / 3, std::size_t{1} << h.bit_depth);
  const std::size_t slots = png_palette_slots(entries, h.bit_depth);
  const bool trns_after = h.has_trns && h.trns_offset > h.plte_offset;
  const std::size_t trns_len = trns_after ? r.be32(h.trns_offset) : 0;
  const std::size_t trns_end = h.trns_offset + 12 + trns_len;
  const bool cut_trns = trns_after && trns_len > slots && trns_end <= bytes.size();
  if (entries == (std::size_t{1} << h.bit_depth) && len % 3 == 0 && len <= 256 * 3 && !cut_trns) return out;

  auto put_chunk_header = [&out](std::size_t length, const char* type) {
    for (int shift : {24, 16, 8, 0}) out.push_back(static_cast<std::uint8_t>(length >> shift));
    out.insert(out.end(), type, type + 4);
  };
  out.reserve(bytes.size() + 256 * 3);
  out.insert(out.end(), bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(h.plte_offset));
  put_chunk_header(256 * 3, "PLTE");
  const std::uint8_t* plte = bytes.data() + h.plte_offset + 8;
  for (std::size_t i = 0; i < 256; ++i) {
    const std::size_t e = i < slots ? i : slots - 1;  // past the slots: the last slot, repeated
    for (std::size_t k = 0; k < 3; ++k) out.push_back(e < entries ? plte[3 * e + k] : 0);
  }
  out.insert(out.end(), {0, 0, 0, 0});  // CRC, unchecked
  if (!cut_trns) {
    out.insert(out.end(), bytes.begin() + static_cast<std::ptrdiff_t>(plte_end), bytes.end());
    return out;
  }
  out.insert(out.end(), bytes.begin() + static_cast<std::ptrdiff_t>(plte_end),
             bytes.begin() + static_cast<std::ptrdiff_t>(h.trns_offset));
  put_chunk_header(slots, "tRNS");
  const auto* alpha = bytes.data() + h.trns_offset + 8;
  out.insert(out.end(), alpha, alpha + static_cast<std::ptrdiff_t>(slots));
  out.insert(out.end(), {0, 0, 0, 0});
  out.insert(out.end(), bytes.begin() + static_cast<std::ptrdiff_t>(trns_end), bytes.end());
  return out;
}

// stb_image copies a zero-length IDAT that comes before any image data into its still-null buffer
// (memcpy(NULL, p, 0): undefined behaviour, found by fuzz_decode). Such a chunk adds nothing to the
// zlib stream, as libpng and the JDK read it: returns a copy without the zero-length IDAT chunks.
inline std::vector<std::uint8_t> png_without_empty_idat(std::span<const std::uint8_t> bytes) {
  const byte_reader r(bytes);
  std::vector<std::uint8_t> out(bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(std::min<std::size_t>(8, bytes.size())));
  out.reserve(bytes.size());
  std::size_t pos = 8;
  while (r.has(pos, 12)) {
    const std::size_t len = r.be32(pos);
    if (!r.has(pos + 12, len)) break;  // the cut rest is copied below
    if (!(len == 0 && std::memcmp(bytes.data() + pos + 4, "IDAT", 4) == 0))
      out.insert(out.end(), bytes.begin() + static_cast<std::ptrdiff_t>(pos),
                 bytes.begin() + static_cast<std::ptrdiff_t>(pos + 12 + len));
    pos += 12 + len;
  }
  if (pos < bytes.size()) out.insert(out.end(), bytes.begin() + static_cast<std::ptrdiff_t>(pos), bytes.end());
  return out;
}

// A copy of a PNG that stops before its IEND chunk, ending with one: the complete chunks, the data
// of a cut last IDAT chunk (its length shortened), then IEND.
inline std::vector<std::uint8_t> png_with_iend(std::span<const std::uint8_t> bytes) {
  const byte_reader r(bytes);
  std::vector<std::uint8_t> out(bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(std::min<std::size_t>(8, bytes.size())));
  std::size_t pos = 8;
  while (r.has(pos, 8)) {
    const std::size_t len = r.be32(pos);
    if (r.has(pos + 8, len + 4)) {
      out.insert(out.end(), bytes.begin() + static_cast<std::ptrdiff_t>(pos),
                 bytes.begin() + static_cast<std::ptrdiff_t>(pos + 12 + len));
      pos += 12 + len;
      continue;
    }
    if (std::memcmp(bytes.data() + pos + 4, "IDAT", 4) == 0) {  // cut inside: keep the data that is there
      const std::size_t have = std::min(len, bytes.size() - (pos + 8));
      for (int shift : {24, 16, 8, 0}) out.push_back(static_cast<std::uint8_t>(have >> shift));
      out.insert(out.end(), bytes.begin() + static_cast<std::ptrdiff_t>(pos + 4),
                 bytes.begin() + static_cast<std::ptrdiff_t>(pos + 8 + have));
      out.insert(out.end(), {0, 0, 0, 0});  // CRC, unchecked
    }
    break;
  }
  out.insert(out.end(), {0, 0, 0, 0, 'I', 'E', 'N', 'D', 0xAE, 0x42, 0x60, 0x82});
  return out;
}

}  // namespace imgframe::detail
