// Issue 15: damaged files. Every byte of a row is defined (indices past a palette are black, as in
// the JDK), and the damaged files Spark's JDK decoder still reads are read, byte for byte - unless
// decode_options::strict or compat::faithful asks for the invalid row with its reason.
//
// The files are generated here. Reference rows: Spark's ImageSchema.decode on OpenJDK 17.0.15's
// ImageIO (tools/java/SparkDecode.java) run over exactly these bytes; IMGFRAME_DUMP_DAMAGED=DIR
// writes them to DIR so that tools/java/spark_decode.sh DIR regenerates the values below.
#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "catch_compat.hpp"
#include "io_test_support.hpp"

#include <imgframe/io/detail/png_header.hpp>

using namespace imgframe;
using io_test::sha256_hex;
using bytes_t = std::vector<std::uint8_t>;

namespace {

void put16le(bytes_t& b, unsigned v) { b.insert(b.end(), {std::uint8_t(v), std::uint8_t(v >> 8)}); }
void put32le(bytes_t& b, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) b.push_back(std::uint8_t(v >> (8 * i)));
}
void put32be(bytes_t& b, std::uint32_t v) {
  for (int i = 3; i >= 0; --i) b.push_back(std::uint8_t(v >> (8 * i)));
}

// ---- BMP -------------------------------------------------------------------------------------
struct bmp_spec {
  int width = 0, height = 0;  // height < 0: top-down
  int bpp = 8;
  int compression = 0;        // 0 BI_RGB, 1 RLE8, 2 RLE4
  int planes = 1;
  bool os2 = false;           // 12-byte header, 3-byte palette entries
  std::vector<std::array<std::uint8_t, 3>> palette{};  // B, G, R
  std::uint32_t colors_used = 0;                      // biClrUsed as written (the JDK ignores it)
  std::vector<std::uint8_t> index{};                  // uncompressed: width * |height| (x3 for 24-bit), top row first
  bytes_t rle{};                                      // compressed: the codes
};

bytes_t make_bmp(const bmp_spec& s) {
  const int hsz = s.os2 ? 12 : 40;
  const std::size_t entry = s.os2 ? 3 : 4;
  const auto offset = static_cast<std::uint32_t>(14 + hsz + s.palette.size() * entry);
  bytes_t px;
  if (s.compression == 0) {
    const auto w = static_cast<std::size_t>(s.width), h = static_cast<std::size_t>(s.height < 0 ? -s.height : s.height);
    const std::size_t line = (w * static_cast<std::size_t>(s.bpp) + 7) / 8, stride = (line + 3) / 4 * 4;
    for (std::size_t i = 0; i < h; ++i) {
      const std::size_t y = s.height < 0 ? i : h - 1 - i;
      bytes_t row(stride, 0);
      for (std::size_t x = 0; x < w && s.bpp == 24; ++x)  // `index` holds B,G,R samples
        for (std::size_t k = 0; k < 3; ++k) row[3 * x + k] = s.index[3 * (y * w + x) + k];
      for (std::size_t x = 0; x < w && s.bpp <= 8; ++x) {
        const unsigned v = s.index[y * w + x];
        const std::size_t per = 8 / static_cast<std::size_t>(s.bpp);
        row[x / per] = std::uint8_t(row[x / per] | v << (8 - s.bpp * static_cast<int>(x % per + 1)));
      }
      px.insert(px.end(), row.begin(), row.end());
    }
  } else {
    px = s.rle;
  }
  bytes_t b = {'B', 'M'};
  put32le(b, static_cast<std::uint32_t>(offset + px.size()));
  put32le(b, 0);
  put32le(b, offset);
  put32le(b, static_cast<std::uint32_t>(hsz));
  if (s.os2) {
    put16le(b, static_cast<unsigned>(s.width));
    put16le(b, static_cast<unsigned>(s.height));
    put16le(b, static_cast<unsigned>(s.planes));
    put16le(b, static_cast<unsigned>(s.bpp));
  } else {
    put32le(b, static_cast<std::uint32_t>(s.width));
    put32le(b, static_cast<std::uint32_t>(s.height));
    put16le(b, static_cast<unsigned>(s.planes));
    put16le(b, static_cast<unsigned>(s.bpp));
    put32le(b, static_cast<std::uint32_t>(s.compression));
    put32le(b, static_cast<std::uint32_t>(px.size()));
    put32le(b, 2835);
    put32le(b, 2835);
    put32le(b, s.colors_used);
    put32le(b, 0);
  }
  for (const auto& c : s.palette) {
    b.insert(b.end(), c.begin(), c.end());
    if (!s.os2) b.push_back(0);
  }
  b.insert(b.end(), px.begin(), px.end());
  return b;
}

std::vector<std::array<std::uint8_t, 3>> colours(std::size_t n) {  // distinct, none black
  std::vector<std::array<std::uint8_t, 3>> p;
  for (std::size_t i = 0; i < n; ++i)
    p.push_back({std::uint8_t(40 + 29 * i), std::uint8_t(200 - 17 * i), std::uint8_t(90 + 53 * i)});
  return p;
}

std::vector<std::uint8_t> ramp(std::size_t w, std::size_t h, unsigned modulo) {
  std::vector<std::uint8_t> v(w * h);
  for (std::size_t i = 0; i < v.size(); ++i) v[i] = std::uint8_t((i * 37 + i / w * 11) % modulo);
  return v;
}

// ---- PNG (stored deflate blocks: no compressor needed) ----------------------------------------
std::uint32_t crc32(const std::uint8_t* p, std::size_t n) {
  std::uint32_t c = 0xFFFFFFFFu;
  for (std::size_t i = 0; i < n; ++i) {
    c ^= p[i];
    for (int k = 0; k < 8; ++k) c = (c >> 1) ^ (0xEDB88320u & (0u - (c & 1u)));
  }
  return c ^ 0xFFFFFFFFu;
}

void put_chunk(bytes_t& b, const char* type, const bytes_t& data) {
  put32be(b, static_cast<std::uint32_t>(data.size()));
  const std::size_t at = b.size();
  b.insert(b.end(), type, type + 4);
  b.insert(b.end(), data.begin(), data.end());
  put32be(b, crc32(b.data() + at, data.size() + 4));
}

bytes_t zlib_stored(const bytes_t& raw) {
  bytes_t z = {0x78, 0x01};
  std::size_t at = 0;
  do {
    const std::size_t n = std::min<std::size_t>(raw.size() - at, 65535);
    z.push_back(at + n == raw.size() ? 1 : 0);
    put16le(z, static_cast<unsigned>(n));
    put16le(z, static_cast<unsigned>(~n & 0xFFFF));
    z.insert(z.end(), raw.begin() + static_cast<std::ptrdiff_t>(at), raw.begin() + static_cast<std::ptrdiff_t>(at + n));
    at += n;
  } while (at < raw.size());
  std::uint32_t a = 1, b = 0;
  for (std::uint8_t v : raw) a = (a + v) % 65521, b = (b + a) % 65521;
  put32be(z, b << 16 | a);
  return z;
}

struct png_spec {
  int width = 0, height = 0, bit_depth = 8, color_type = 3;
  bytes_t plte{}, trns{};
  std::vector<std::uint8_t> samples{};  // width * height * channels, top row first
  bool iend = true;
};

bytes_t make_png(const png_spec& s) {
  bytes_t b = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
  bytes_t ihdr;
  put32be(ihdr, static_cast<std::uint32_t>(s.width));
  put32be(ihdr, static_cast<std::uint32_t>(s.height));
  ihdr.insert(ihdr.end(), {std::uint8_t(s.bit_depth), std::uint8_t(s.color_type), 0, 0, 0});
  put_chunk(b, "IHDR", ihdr);
  if (!s.plte.empty()) put_chunk(b, "PLTE", s.plte);
  if (!s.trns.empty()) put_chunk(b, "tRNS", s.trns);
  const std::size_t channels = s.color_type == 2 ? 3 : 1, w = static_cast<std::size_t>(s.width);
  bytes_t raw;
  for (std::size_t y = 0; y < static_cast<std::size_t>(s.height); ++y) {
    raw.push_back(0);  // filter: none
    bytes_t line((w * channels * static_cast<std::size_t>(s.bit_depth) + 7) / 8, 0);
    for (std::size_t i = 0; i < w * channels; ++i) {
      const unsigned v = s.samples[y * w * channels + i];
      if (s.bit_depth == 8) {
        line[i] = std::uint8_t(v);
      } else {
        const std::size_t per = 8 / static_cast<std::size_t>(s.bit_depth);
        line[i / per] = std::uint8_t(line[i / per] | v << (8 - s.bit_depth * static_cast<int>(i % per + 1)));
      }
    }
    raw.insert(raw.end(), line.begin(), line.end());
  }
  put_chunk(b, "IDAT", zlib_stored(raw));
  if (s.iend) put_chunk(b, "IEND", {});
  return b;
}

bytes_t palette_bytes(std::size_t n) {
  bytes_t p;
  for (const auto& c : colours(n)) p.insert(p.end(), {c[2], c[1], c[0]});  // R, G, B
  return p;
}

// ---- GIF (LZW of literal codes, a clear code before the table would widen the codes) ----------
struct gif_spec {
  int screen_width = 0, screen_height = 0;
  int x = 0, y = 0, width = 0, height = 0;
  bytes_t global{}, local{};  // R,G,B tables of 2^k entries
  int transparent = -1;   // GCE transparent index, -1: no GCE
  int min_code_size = 8;
  std::vector<std::uint8_t> index{};
};

unsigned table_bits(std::size_t bytes) {  // 2^(bits+1) entries
  unsigned k = 0;
  while ((std::size_t{2} << k) * 3 < bytes) ++k;
  return k;
}

bytes_t make_gif(const gif_spec& s) {
  bytes_t b = {'G', 'I', 'F', '8', '9', 'a'};
  put16le(b, static_cast<unsigned>(s.screen_width));
  put16le(b, static_cast<unsigned>(s.screen_height));
  b.push_back(std::uint8_t(s.global.empty() ? 0 : 0x80 | table_bits(s.global.size())));
  b.insert(b.end(), {0, 0});
  b.insert(b.end(), s.global.begin(), s.global.end());
  if (s.transparent >= 0) b.insert(b.end(), {0x21, 0xF9, 4, 1, 0, 0, std::uint8_t(s.transparent), 0});
  b.push_back(0x2C);
  put16le(b, static_cast<unsigned>(s.x));
  put16le(b, static_cast<unsigned>(s.y));
  put16le(b, static_cast<unsigned>(s.width));
  put16le(b, static_cast<unsigned>(s.height));
  b.push_back(std::uint8_t(s.local.empty() ? 0 : 0x80 | table_bits(s.local.size())));
  b.insert(b.end(), s.local.begin(), s.local.end());
  const int m = s.min_code_size, size = m + 1, clear = 1 << m;
  bytes_t data;
  std::uint32_t acc = 0;
  int bits = 0;
  auto emit = [&](int code) {
    acc |= static_cast<std::uint32_t>(code) << bits;
    for (bits += size; bits >= 8; bits -= 8, acc >>= 8) data.push_back(std::uint8_t(acc));
  };
  const std::size_t per_clear = (std::size_t{1} << m) - 2;
  for (std::size_t i = 0; i < s.index.size(); ++i) {
    if (i % per_clear == 0) emit(clear);
    emit(s.index[i]);
  }
  emit(clear + 1);
  if (bits > 0) data.push_back(std::uint8_t(acc));
  b.push_back(std::uint8_t(m));
  for (std::size_t at = 0; at < data.size(); at += 255) {
    const std::size_t n = std::min<std::size_t>(255, data.size() - at);
    b.push_back(std::uint8_t(n));
    b.insert(b.end(), data.begin() + static_cast<std::ptrdiff_t>(at), data.begin() + static_cast<std::ptrdiff_t>(at + n));
  }
  b.insert(b.end(), {0, 0x3B});
  return b;
}

// ---- the cases --------------------------------------------------------------------------------
struct damaged_case {
  std::string name;
  bytes_t bytes;
  std::string jdk;     // Spark's row on the JDK: "HxWxC mode sha256"
  std::string strict;  // the message strict reading gives; empty: strict reads it too
};

std::string row_summary(const decode_result& r) {
  if (!r.ok()) return "invalid: " + r.message;
  return std::to_string(r.row.height) + "x" + std::to_string(r.row.width) + "x" + std::to_string(r.row.n_channels) + " " +
         std::to_string(r.row.mode) + " " + sha256_hex(r.row.data);
}

void dump_if_asked(const std::vector<damaged_case>& cases) {
  const char* dir = std::getenv("IMGFRAME_DUMP_DAMAGED");
  if (!dir) return;
  std::filesystem::create_directories(dir);
  for (const auto& c : cases) {
    std::ofstream out(std::filesystem::path(dir) / c.name, std::ios::binary);
    out.write(reinterpret_cast<const char*>(c.bytes.data()), static_cast<std::streamsize>(c.bytes.size()));
  }
}

void check_cases(const std::vector<damaged_case>& cases) {
  dump_if_asked(cases);
  decode_options strict;
  strict.strict = true;
  decode_options faithful;
  faithful.quirks = compat::faithful;
  for (const auto& c : cases) {
    INFO(c.name);
    const auto r = decode(c.bytes, "file:/gen/" + c.name);
    CHECK(row_summary(r) == c.jdk);
    const auto again = decode(c.bytes, "file:/gen/" + c.name);  // deterministic: fresh buffers, same bytes
    CHECK(again.row.data == r.row.data);
    const auto s = decode(c.bytes, "file:/gen/" + c.name, strict);
    if (c.strict.empty()) {
      CHECK(row_summary(s) == c.jdk);
    } else {
      CHECK_FALSE(s.ok());
      CHECK(s.message == c.strict);
      CHECK(decode(c.bytes, "file:/gen/" + c.name, faithful).message == c.strict);
    }
  }
}

}  // namespace

TEST_CASE("indices past a palette decode as the JDK's black, in every palette decoder", "[io][damaged][palette]") {
  std::vector<damaged_case> cases;
  {  // 8-bit, 7 palette entries (bmpsuite's pal8badindex.bmp is this kind of file)
    bmp_spec s{.width = 13, .height = 5, .bpp = 8, .palette = colours(7), .colors_used = 7, .index = ramp(13, 5, 256)};
    cases.push_back({"pal8_short.bmp", make_bmp(s), "5x13x3 16 9221394ecd02445e35a5626ebdd7356f03409c605e4478f4252a37b5ccab96f8", ""});
    s.colors_used = 3;  // biClrUsed is not what the JDK reads: the 7 entries before bfOffBits count
    cases.push_back({"pal8_clrused3.bmp", make_bmp(s), "5x13x3 16 9221394ecd02445e35a5626ebdd7356f03409c605e4478f4252a37b5ccab96f8", ""});
    s.os2 = true;
    s.colors_used = 0;
    cases.push_back({"pal8_os2_short.bmp", make_bmp(s), "5x13x3 16 9221394ecd02445e35a5626ebdd7356f03409c605e4478f4252a37b5ccab96f8", ""});
  }
  cases.push_back({"pal4_short.bmp", make_bmp({.width = 9, .height = 3, .bpp = 4, .palette = colours(3), .index = ramp(9, 3, 16)}), "3x9x3 16 fceea0f18bf964c48890d625639e9b9d78e35b17002fd9f62ab14dc2a816262d", ""});
  cases.push_back({"pal1_one.bmp", make_bmp({.width = 10, .height = 2, .bpp = 1, .palette = colours(1), .index = ramp(10, 2, 2)}), "2x10x3 16 8c343158413738c9982541b8d7af66236f244c59d2e57c3e92f8169ed3513170", ""});
  {  // RLE8 with 5 entries: a run and a literal of indices past them
    bmp_spec s{.width = 6, .height = 2, .bpp = 8, .compression = 1, .palette = colours(5)};
    s.rle = {3, 1, 3, 200, 0, 0, 0, 3, 4, 9, 250, 0, 0, 1};
    cases.push_back({"rle8_short.bmp", make_bmp(s), "2x6x3 16 6dda67ed5db8ca801fac0da6cea34812a952732a6e0e39ca2b4260c1a5754034", ""});
  }
  {  // 256 gray levels in order: the JDK makes the 8-bit image gray (1 channel)
    std::vector<std::array<std::uint8_t, 3>> gray(256);
    for (std::size_t i = 0; i < 256; ++i) gray[i] = {std::uint8_t(i), std::uint8_t(i), std::uint8_t(i)};
    cases.push_back({"pal8_gray_identity.bmp", make_bmp({.width = 7, .height = 3, .bpp = 8, .palette = gray, .index = ramp(7, 3, 256)}), "3x7x1 0 3631e6e2de603cacb2cba6441e3381925b77290802c761e868095d393ad4c664", ""});
  }
  // PNG: the JDK keeps the PLTE in 2/4/16/256 slots (black past the entries), then repeats the last slot.
  cases.push_back({"png8_plte5.png", make_png({.width = 11, .height = 4, .plte = palette_bytes(5), .samples = ramp(11, 4, 256)}), "4x11x3 16 121ed3ca0f4afc3ed3b2cb4f21f0a3e8aacf21731789fd375b469351bc8c5a90", ""});
  cases.push_back({"png8_plte16.png", make_png({.width = 11, .height = 4, .plte = palette_bytes(16), .samples = ramp(11, 4, 256)}), "4x11x3 16 3ef1a34dfee400bb012f0c4a1fceea5cdb7c28a39ebeba59b6adac074f14b2f7", ""});
  cases.push_back({"png4_plte2.png", make_png({.width = 9, .height = 3, .bit_depth = 4, .plte = palette_bytes(2), .samples = ramp(9, 3, 16)}), "3x9x3 16 c0ab6692cb1c9016fca33b50fdefdcc14fce24696b14e3b5f80d759300ef8388", ""});
  cases.push_back({"png2_plte3_trns4.png",
                   make_png({.width = 9, .height = 3, .bit_depth = 2, .plte = palette_bytes(3), .trns = {255, 0, 128, 60},
                             .samples = ramp(9, 3, 4)}), "3x9x4 24 49050a432bc59ca76dfe7d3ea5da0697d05843b426131aeac621eed166a9ca2f", ""});
  // GIF: indices are masked to the table's bits (2 for 4 entries, 4 for 8 or 16); slots past the table are black.
  cases.push_back({"gif_table4_code8.gif",
                   make_gif({.screen_width = 12, .screen_height = 5, .width = 12, .height = 5, .global = palette_bytes(4),
                             .index = ramp(12, 5, 256)}), "5x12x3 16 0690a2253954c017278defb1210e9d04c9a97a8442247dd1aa3ed68ac484e99c", ""});
  cases.push_back({"gif_table8_code5.gif",
                   make_gif({.screen_width = 12, .screen_height = 5, .width = 12, .height = 5, .global = palette_bytes(8),
                             .min_code_size = 5, .index = ramp(12, 5, 32)}), "5x12x3 16 453a5d43af1aa34cb397a430bdf172e3da2304c48f479fe7745915efe990cc9a", ""});
  cases.push_back({"gif_local2_transparent7.gif",
                   make_gif({.screen_width = 6, .screen_height = 4, .width = 6, .height = 4, .global = palette_bytes(256),
                             .local = palette_bytes(2), .transparent = 7, .min_code_size = 2, .index = ramp(6, 4, 4)}), "4x6x4 24 6c28bcd2648518d16d63a2d91206686ec31f4cda791b05e442f900cb23a6f503", ""});
  check_cases(cases);
}

TEST_CASE("damaged files Spark reads are read as the JDK reads them; strict gives the reason", "[io][damaged][lenient]") {
  std::vector<damaged_case> cases;
  // planes != 1: stb rejects the file, the JDK never looks at the field.
  cases.push_back({"rgb24_planes3.bmp", make_bmp({.width = 5, .height = 3, .bpp = 24, .planes = 3, .index = ramp(5, 3 * 3, 256)}),
                   "3x5x3 16 68d8a7474e536fc50924756536bb76cb2b52916a9e4fc88220bd538f640df304", "BMP planes field is 3, not 1 (Spark ignores the field)"});
  cases.push_back({"pal8_planes0.bmp",
                   make_bmp({.width = 5, .height = 3, .bpp = 8, .planes = 0, .palette = colours(9), .index = ramp(5, 3, 9)}),
                   "3x5x3 16 e68391d6e0afe31fea5982b5721f906e0d60b60d16dc0dc0df631469d91965a6", "BMP planes field is 0, not 1 (Spark ignores the field)"});
  {  // RLE8, 4 x 3: a run of 6, a literal of 5, a delta then a run of 3 - each past its row's end
    bmp_spec s{.width = 4, .height = 3, .bpp = 8, .compression = 1, .palette = colours(5)};
    s.rle = {6, 1, 0, 0, 0, 5, 2, 3, 2, 3, 2, 0, 0, 0, 0, 2, 3, 0, 3, 4, 0, 1};
    cases.push_back({"rle8_past_row.bmp", make_bmp(s), "3x4x3 16 8cf203ce71c00900afda113937e5e5ab8e0bb1384073c9d721c0c7ccf433187c", "corrupt BMP data (RLE run past the end of row 0; Spark reads it)"});
    s.rle = {3, 1, 0, 0, 2, 2};  // no end-of-bitmap: the JDK drops the last, unfinished line
    cases.push_back({"rle8_no_eob.bmp", make_bmp(s), "3x4x3 16 5f05ce843bf216ea480cb6f8e9a8a19fc5fc63ce8c207350232e9f0b03a0613a",
                     "truncated BMP: the RLE data ends before its end-of-bitmap code (allow_truncated decodes what is there)"});
    s.height = -3;  // top-down: the format forbids it for RLE, the JDK reads it top-down
    s.rle = {4, 1, 0, 0, 2, 2, 0, 1};
    cases.push_back({"rle8_topdown.bmp", make_bmp(s), "3x4x3 16 9d94257e3d0e7a5e9b3c0de1c90eed599e8c8448337d2163d4174e84053995a1",
                     "RLE BMP stored top-down (the format does not allow it; Spark reads it)"});
  }
  {  // RLE4, 5 x 2: a run of 7 nibbles and a literal of 7 nibbles in 5-pixel rows
    bmp_spec s{.width = 5, .height = 2, .bpp = 4, .compression = 2, .palette = colours(6)};
    s.rle = {7, 0x12, 0, 0, 0, 7, 0x34, 0x54, 0x30, 0x50, 0, 1};
    cases.push_back({"rle4_past_row.bmp", make_bmp(s), "2x5x3 16 688dc2f45b6727c84d2341777b3e523b44cd0c0a994126a80da104f47ea67c26", "corrupt BMP data (RLE run past the end of row 0; Spark reads it)"});
  }
  // A GIF frame larger than its logical screen and offset past it: the row is the frame.
  cases.push_back({"gif_frame_outside_screen.gif",
                   make_gif({.screen_width = 4, .screen_height = 3, .x = 2, .y = 1, .width = 5, .height = 4,
                             .global = palette_bytes(4), .min_code_size = 2, .index = ramp(5, 4, 4)}),
                   "4x5x3 16 dcb79a0ec0181334bb087818a5cd9dd1a0278373881fedc875cb9ab6ee4f5c98", "first GIF frame (5 x 4 at 2, 1) lies outside the 4 x 3 logical screen (Spark reads it)"});
  // PNG whose image data is complete but has no IEND (also: cut inside the last IDAT's CRC).
  png_spec rgb{.width = 5, .height = 3, .color_type = 2, .samples = ramp(5 * 3, 3, 256), .iend = false};
  const std::string no_iend = "truncated PNG: the data ends before the IEND chunk (allow_truncated decodes what is there)";
  cases.push_back({"png_rgb_no_iend.png", make_png(rgb), "3x5x3 16 aa615dbd59d72023432c459ba72e198fd3c088d250e28971ab4a063d82f70b25", no_iend});
  bytes_t cut = make_png(rgb);
  cut.resize(cut.size() - 2);
  cases.push_back({"png_rgb_cut_in_crc.png", cut, "3x5x3 16 aa615dbd59d72023432c459ba72e198fd3c088d250e28971ab4a063d82f70b25", no_iend});
  // A palette PNG without IEND is not read by the JDK (EOFException: its palette path reads every chunk first).
  cases.push_back({"png_palette_no_iend.png",
                   make_png({.width = 5, .height = 3, .plte = palette_bytes(4), .samples = ramp(5, 3, 4), .iend = false}),
                   "invalid: truncated PNG: the data ends before the IEND chunk (Spark needs it in a palette PNG; "
                   "allow_truncated decodes what is there)",
                   no_iend});
  check_cases(cases);
}

// fuzz_decode found stb_image copying a zero-length IDAT that precedes the image data into a null
// buffer (memcpy(NULL, p, 0), undefined behaviour). Such chunks add nothing to the zlib stream.
TEST_CASE("zero-length IDAT chunks decode as if absent", "[io][damaged][png]") {
  const bytes_t png = io_test::file_bytes(io_test::corpus("valid/png/pngsuite/basn2c08.png"));
  const auto idat = std::search(png.begin(), png.end(), std::begin("IDAT"), std::end("IDAT") - 1) - 4;
  REQUIRE(idat > png.begin());
  const bytes_t empty_idat = {0, 0, 0, 0, 'I', 'D', 'A', 'T', 0x35, 0xAF, 0x06, 0x1E};  // CRC of "IDAT"
  bytes_t before(png.begin(), idat);
  for (int i = 0; i < 2; ++i) before.insert(before.end(), empty_idat.begin(), empty_idat.end());
  before.insert(before.end(), idat, png.end());
  const auto plain = decode(png, "file:/plain.png");
  const auto patched = decode(before, "file:/empty_idat.png");
  REQUIRE(plain.ok());
  REQUIRE(patched.ok());
  CHECK(patched.row.width == 32);
  CHECK(patched.row.data == plain.row.data);
  decode_options strict;
  strict.strict = true;
  CHECK(decode(before, "file:/empty_idat.png", strict).row.data == plain.row.data);
  // The parser notes the case; a file without it is decoded from its own bytes.
  CHECK(detail::parse_png_header(before).empty_idat_first);
  CHECK_FALSE(detail::parse_png_header(png).empty_idat_first);
  CHECK(detail::png_without_empty_idat(before) == png);
}
