#pragma once
// GIF: the first frame's image descriptor and transparency (the JDK returns that frame at its own
// size, with alpha only when a Graphic Control Extension names a transparent index).
#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

#include "byte_reader.hpp"

namespace imgframe::detail {

struct gif_header {
  int screen_width = 0, screen_height = 0;
  bool has_frame = false;
  int x = 0, y = 0, width = 0, height = 0;  // first image descriptor
  bool transparent = false;                 // GCE transparency flag with an index inside the table
  std::array<std::uint8_t, 3> transparent_rgb{};  // that entry's colour
};

inline gif_header parse_gif_header(std::span<const std::uint8_t> bytes) noexcept {
  gif_header h;
  const byte_reader r(bytes);
  if (!r.has(0, 13)) return h;
  h.screen_width = r.le16(6);
  h.screen_height = r.le16(8);
  const int flags = r.u8(10);
  std::size_t pos = 13;
  std::size_t global_table = 0, global_entries = 0;
  if (flags & 0x80) {
    global_table = pos;
    global_entries = std::size_t{2} << (flags & 7);
    pos += 3 * global_entries;
  }
  int transparent_index = -1;
  while (r.has(pos, 1)) {
    const int tag = r.u8(pos++);
    if (tag == 0x21) {  // extension: label, then sub-blocks
      const int label = r.u8(pos++);
      if (label == 0xF9 && r.u8(pos) == 4 && r.has(pos, 6)) {
        transparent_index = (r.u8(pos + 1) & 1) ? r.u8(pos + 4) : -1;
      }
      while (r.has(pos, 1)) {
        const std::size_t n = r.u8(pos++);
        if (n == 0) break;
        pos += n;
      }
    } else if (tag == 0x2C) {  // image descriptor
      if (!r.has(pos, 9)) return h;
      h.has_frame = true;
      h.x = r.le16(pos);
      h.y = r.le16(pos + 2);
      h.width = r.le16(pos + 4);
      h.height = r.le16(pos + 6);
      const int lflags = r.u8(pos + 8);
      std::size_t table = global_table, entries = (flags & 0x80) ? global_entries : 0;
      if (lflags & 0x80) {
        table = pos + 9;
        entries = std::size_t{2} << (lflags & 7);
      }
      if (transparent_index >= 0 && static_cast<std::size_t>(transparent_index) < entries) {
        h.transparent = true;
        const std::size_t e = table + 3 * static_cast<std::size_t>(transparent_index);
        h.transparent_rgb = {r.u8(e), r.u8(e + 1), r.u8(e + 2)};
      }
      return h;
    } else {
      return h;  // trailer or junk before any frame
    }
  }
  return h;
}

}  // namespace imgframe::detail
