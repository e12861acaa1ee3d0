#pragma once
// GIF: the first frame, decoded as the JDK's GIFImageReader decodes it (JDK 8 through 21; Spark reads
// GIFs through it), statement for statement where damaged files depend on it:
//   - the image is the first image descriptor's size; its offset and the logical screen play no
//     part (a frame outside the screen is read like any other);
//   - the colour table (local, else global, else java.awt's default 6x6x6 cube + grays) is widened to
//     2, 4, 16 or 256 slots; slots past the table are black, and each pixel is an index masked to
//     that many bits (1, 2, 4 or 8), so an index past the table is black or wraps;
//   - a Graphic Control Extension's transparency flag makes the image BGRA, with the transparent
//     index clamped to the last slot; transparent pixels keep their slot's colour with alpha 0;
//   - LZW: codes past the table are tolerated, as are missing end codes; pixels never decoded stay
//     index 0; data ending before the end code or the block terminator is an error (EOFException).
#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace imgframe::detail {

// A byte stream with the JDK's ImageInputStream semantics where the reader relies on them: skips
// may pass the end, and a read there is an EOF.
class gif_stream {
 public:
  explicit gif_stream(std::span<const std::uint8_t> b, std::size_t pos = 0) noexcept : b_(b), pos_(pos) {}
  int u8() noexcept {  // -1 at the end
    if (pos_ < b_.size()) return b_[pos_++];
    eof_ = true;
    return -1;
  }
  int le16() noexcept {
    const int lo = u8(), hi = u8();
    return lo | hi << 8;
  }
  void skip(std::size_t n) noexcept { pos_ += n; }  // n <= 255: no overflow
  bool read(std::uint8_t* dst, std::size_t n) noexcept {  // readFully
    if (pos_ > b_.size() || b_.size() - pos_ < n) {
      eof_ = true;
      pos_ = b_.size();
      return false;
    }
    for (std::size_t i = 0; i < n; ++i) dst[i] = b_[pos_ + i];
    pos_ += n;
    return true;
  }
  bool eof() const noexcept { return eof_; }
  std::size_t pos() const noexcept { return pos_; }

 private:
  std::span<const std::uint8_t> b_;
  std::size_t pos_;
  bool eof_ = false;
};

enum class gif_status { ok, truncated, corrupt };

struct gif_frame {
  gif_status status = gif_status::ok;
  std::string message;                    // why, when status != ok
  int screen_width = 0, screen_height = 0;
  int x = 0, y = 0, width = 0, height = 0;  // first image descriptor
  bool interlaced = false;
  int bits = 8;                             // pixel bits: 1, 2, 4 or 8
  std::array<std::uint8_t, 256 * 3> rgb{};  // R,G,B per slot; slots past the colour table are black
  bool transparent = false;
  int transparent_index = 0;                // clamped to the last slot
  std::size_t lzw_at = 0;                   // offset of the LZW minimum code size byte
  std::vector<std::uint8_t> index;          // width * height masked indices (decode_gif_frame)
  bool truncated = false;                   // the data ended early and allow_truncated kept what was there
};

// java.awt.image.BufferedImage's TYPE_BYTE_INDEXED palette: a 6x6x6 colour cube, then 40 grays 18..252.
inline std::array<std::uint8_t, 256 * 3> jdk_default_gif_palette() noexcept {
  std::array<std::uint8_t, 256 * 3> p{};
  std::size_t i = 0;
  for (int r = 0; r < 256; r += 51)
    for (int g = 0; g < 256; g += 51)
      for (int b = 0; b < 256; b += 51) {
        p[3 * i] = static_cast<std::uint8_t>(r), p[3 * i + 1] = static_cast<std::uint8_t>(g), p[3 * i + 2] = static_cast<std::uint8_t>(b);
        ++i;
      }
  for (int gray = 18; i < 256; ++i, gray += 6)
    p[3 * i] = p[3 * i + 1] = p[3 * i + 2] = static_cast<std::uint8_t>(gray);
  return p;
}

// Header, extensions and the first image descriptor (GIFImageReader.readHeader / readMetadata /
// getImageTypes with ignoreMetadata, as ImageIO.read sets it).
inline gif_frame parse_gif_frame(std::span<const std::uint8_t> bytes) {
  gif_frame f;
  auto fail = [&f](gif_status s, std::string m) {
    f.status = s;
    f.message = std::move(m);
    return f;
  };
  gif_stream s(bytes, 6);
  f.screen_width = s.le16();
  f.screen_height = s.le16();
  const int flags = s.u8();
  s.skip(2);  // background colour index, aspect ratio
  std::vector<std::uint8_t> table;
  if (flags >= 0 && (flags & 0x80)) {
    table.resize(3u << ((flags & 7) + 1));
    if (!s.read(table.data(), table.size())) return fail(gif_status::truncated, "the data ends inside the global colour table");
  }
  if (s.eof()) return fail(gif_status::truncated, "the data ends inside the header");
  bool transparent_flag = false;
  int transparent_index = 0;
  auto skip_sub_blocks = [&s] {
    for (int n = s.u8(); n > 0; n = s.u8()) s.skip(static_cast<std::size_t>(n));
  };
  for (;;) {
    const int block = s.u8();
    if (block == 0x2C) break;
    if (block == 0x21) {
      const int label = s.u8();
      if (label == 0xF9) {  // Graphic Control Extension: read as 6 bytes, whatever its length byte says
        s.u8();
        const int packed = s.u8();
        s.le16();
        transparent_flag = packed >= 0 && (packed & 1);
        transparent_index = s.u8();
        s.u8();
      } else if (label == 0x01 || label == 0xFF) {  // plain text, application: a first block, then sub-blocks
        const int n = s.u8();
        if (n > 0) s.skip(static_cast<std::size_t>(n));
        skip_sub_blocks();
      } else {
        skip_sub_blocks();
      }
    } else if (block == 0x3B) {
      return fail(gif_status::corrupt, "no image before the GIF trailer");
    } else if (block >= 0) {
      return fail(gif_status::corrupt, "unexpected GIF block type " + std::to_string(block));
    }
    if (s.eof()) return fail(gif_status::truncated, "the data ends before the first image descriptor");
  }
  f.x = s.le16();
  f.y = s.le16();
  f.width = s.le16();
  f.height = s.le16();
  const int local = s.u8();
  if (s.eof()) return fail(gif_status::truncated, "the data ends inside the image descriptor");
  f.interlaced = local & 0x40;
  if (local & 0x80) {
    table.resize(3u << ((local & 7) + 1));
    if (!s.read(table.data(), table.size())) return fail(gif_status::truncated, "the data ends inside the local colour table");
  }
  f.lzw_at = s.pos();
  if (table.empty()) {  // "the spec allows to use any palette": the JDK's default one
    f.rgb = jdk_default_gif_palette();
    f.bits = 8;
  } else {
    const std::size_t n = table.size() / 3;
    f.bits = n == 2 ? 1 : n == 4 ? 2 : n <= 16 ? 4 : 8;
    for (std::size_t i = 0; i < table.size(); ++i) f.rgb[i] = table[i];
  }
  f.transparent = transparent_flag;
  f.transparent_index = std::min(transparent_index, (1 << f.bits) - 1);
  return f;
}

// LZW pixel data of the frame parsed above (GIFImageReader.read: getCode, the string table,
// outputPixels). allow_truncated: an early end of the data keeps the rows decoded so far.
inline void decode_gif_frame(std::span<const std::uint8_t> bytes, gif_frame& f, bool allow_truncated) {
  const auto w = static_cast<std::size_t>(f.width), h = static_cast<std::size_t>(f.height);
  f.index.assign(w * h, 0);
  gif_stream s(bytes, f.lzw_at);
  auto ended_early = [&f, allow_truncated](const char* where) {
    f.truncated = allow_truncated;
    if (allow_truncated) return;
    f.status = gif_status::truncated;
    f.message = std::string("the data ends ") + where;
  };
  const int init_code_size = s.u8();
  if (init_code_size < 0) return ended_early("before the image data");
  if (init_code_size < 1 || init_code_size > 8) {
    f.status = gif_status::corrupt;
    f.message = "bad LZW code size " + std::to_string(init_code_size);
    return;
  }
  std::array<std::uint8_t, 255> block{};
  int block_length = s.u8();
  if (block_length < 0 || !s.read(block.data(), static_cast<std::size_t>(block_length)))
    return ended_early("inside the image data");
  // 32-bit look-ahead, filled from the left one byte at a time, read from the right.
  std::uint32_t next32 = std::uint32_t{block[0]} | std::uint32_t{block[1]} << 8 | std::uint32_t{block[2]} << 16 |
                         std::uint32_t{block[3]} << 24;
  int bit_pos = 0, next_byte = 4;
  bool last_block = false, out_of_data = false;
  const int clear_code = 1 << init_code_size, end_code = clear_code + 1;
  auto get_code = [&](int code_size, int code_mask) -> int {
    if (bit_pos + code_size > 32) return end_code;  // no more data
    const int code = static_cast<int>(next32 >> bit_pos) & code_mask;
    bit_pos += code_size;
    while (bit_pos >= 8 && !last_block) {
      next32 >>= 8;
      bit_pos -= 8;
      if (next_byte >= block_length) {
        block_length = s.u8();
        if (block_length == 0) {
          last_block = true;
          return code;
        }
        if (block_length < 0 || !s.read(block.data(), static_cast<std::size_t>(block_length))) {
          out_of_data = true;
          return end_code;
        }
        next_byte = 0;
      }
      next32 |= std::uint32_t{block[static_cast<std::size_t>(next_byte++)]} << 24;
    }
    return code;
  };

  std::array<int, 4096> prefix{}, length{};
  std::array<std::uint8_t, 4096> suffix{}, initial{}, string{};
  auto init_table = [&] {
    for (int i = 0; i < 4096; ++i) {
      prefix[static_cast<std::size_t>(i)] = -1;
      length[static_cast<std::size_t>(i)] = 1;
      if (i < clear_code) suffix[static_cast<std::size_t>(i)] = initial[static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(i);
    }
  };
  // Pixel output: rows in stream order, interlaced in 4 passes; rows past the last are dropped.
  static constexpr int pass_step[] = {8, 8, 4, 2}, pass_start[] = {0, 4, 2, 1};
  const auto mask = static_cast<std::uint8_t>((1u << f.bits) - 1);
  std::vector<std::uint8_t> row(w);
  std::size_t x = 0;
  long long y = 0;
  int pass = 0;
  auto output = [&](std::size_t len) {
    for (std::size_t i = 0; i < len && pass <= 3; ++i) {
      row[x] = string[i];
      if (++x < w) continue;
      if (y >= 0 && y < static_cast<long long>(h))
        for (std::size_t k = 0; k < w; ++k) f.index[static_cast<std::size_t>(y) * w + k] = row[k] & mask;
      x = 0;
      if (!f.interlaced) {
        ++y;
      } else if ((y += pass_step[pass]) >= static_cast<long long>(h)) {
        if (++pass > 3) return;
        y = pass_start[pass];
      }
    }
  };

  init_table();
  int table_index = clear_code + 2, code_size = init_code_size + 1, code_mask = (1 << code_size) - 1;
  int old_code = -1;
  for (;;) {
    int code = get_code(code_size, code_mask);
    if (code == clear_code) {
      init_table();
      table_index = clear_code + 2;
      code_size = init_code_size + 1;
      code_mask = (1 << code_size) - 1;
      code = get_code(code_size, code_mask);
      old_code = -1;
      if (code == end_code) break;
    } else if (code == end_code) {
      break;
    } else {
      // A code past the table ("out of sequence") repeats the previous string's first byte.
      const int suffix_of = code < table_index ? code : old_code;
      if (old_code != -1 && table_index < 4096) {
        const auto ti = static_cast<std::size_t>(table_index), oc = static_cast<std::size_t>(old_code);
        prefix[ti] = old_code;
        suffix[ti] = initial[static_cast<std::size_t>(suffix_of)];
        initial[ti] = initial[oc];
        length[ti] = length[oc] + 1;
        if (++table_index == (1 << code_size) && table_index < 4096) code_mask = (1 << ++code_size) - 1;
      }
    }
    int c = code;
    const auto len = static_cast<std::size_t>(length[static_cast<std::size_t>(c)]);
    if (len > string.size()) {
      f.status = gif_status::corrupt;
      f.message = "LZW string longer than 4096 bytes";
      return;
    }
    for (std::size_t i = len; i-- > 0;) {
      if (c < 0) {  // the JDK would index its table with -1
        f.status = gif_status::corrupt;
        f.message = "broken LZW string table";
        return;
      }
      string[i] = suffix[static_cast<std::size_t>(c)];
      c = prefix[static_cast<std::size_t>(c)];
    }
    output(len);
    old_code = code;
  }
  if (out_of_data || s.eof()) ended_early("inside the image data");
}

}  // namespace imgframe::detail
