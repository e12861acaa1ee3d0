#include "contact_sheet.hpp"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <fstream>
#include <limits>
#include <stdexcept>
#include <variant>

// Both are single-header libraries; this is the tool's only TU that compiles them.
#define STB_IMAGE_WRITE_IMPLEMENTATION
#define STB_IMAGE_WRITE_STATIC
#define STBI_WRITE_NO_STDIO
#include <stb_easy_font.h>
#include <stb_image_write.h>

namespace imgframe::cli {
namespace {

// One sample of a row as a double, whatever its depth (rows are native-endian, interleaved).
double sample_at(const std::uint8_t* p, depth d) {
  const auto load = [p]<class T>(T) {
    T v;
    std::memcpy(&v, p, sizeof v);
    return static_cast<double>(v);
  };
  switch (d) {
    case depth::u8: return *p;
    case depth::s8: return load(std::int8_t{});
    case depth::u16: return load(std::uint16_t{});
    case depth::s16: return load(std::int16_t{});
    case depth::s32: return load(std::int32_t{});
    case depth::f32: return load(float{});
    case depth::f64: return load(double{});
  }
  return 0;
}

// Maps values to 0..255: identity for u8, /257 for u16, else stretched from [lo, hi]
// (non-finite values count as lo).
struct to_byte {
  double lo = 0, scale = 1;
  static to_byte stretch(double lo, double hi) {
    return {lo, hi > lo ? 255.0 / (hi - lo) : 0.0};
  }
  std::uint8_t operator()(double v) const {
    if (!std::isfinite(v)) return 0;
    return static_cast<std::uint8_t>(std::clamp(std::lround((v - lo) * scale), 0L, 255L));
  }
};

// Min and max of the finite values at(i) for i < n (0, 0 when there is none).
template <class At>
std::pair<double, double> finite_range(std::size_t n, At at) {
  double lo = std::numeric_limits<double>::infinity(), hi = -lo;
  for (std::size_t i = 0; i < n; ++i) {
    const double v = at(i);
    if (std::isfinite(v)) lo = std::min(lo, v), hi = std::max(hi, v);
  }
  return lo <= hi ? std::pair{lo, hi} : std::pair{0.0, 0.0};
}

image_row bgr8_row(std::string origin, int height, int width) {
  image_row out;
  out.origin = std::move(origin);
  out.height = height;
  out.width = width;
  out.n_channels = 3;
  out.mode = make_mode(depth::u8, 3);
  out.data.resize(static_cast<std::size_t>(height) * static_cast<std::size_t>(width) * 3);
  return out;
}

image_row display_image(const image_row& r) {
  const auto d = mode_depth(r.mode);
  const int c = r.n_channels;
  if (!d || c < 1 || c > 4) throw std::invalid_argument("no picture of an invalid row or unknown mode");
  const std::size_t pixels = static_cast<std::size_t>(r.height) * static_cast<std::size_t>(r.width);
  const std::size_t size = depth_size(*d);
  if (r.data.size() != pixels * static_cast<std::size_t>(c) * size)
    throw std::invalid_argument("row data does not match its height, width and mode");
  const auto at = [&](std::size_t i) { return sample_at(r.data.data() + i * size, *d); };
  to_byte map;
  if (*d == depth::u16) map.scale = 1.0 / 257;
  else if (*d != depth::u8) map = std::apply(to_byte::stretch, finite_range(pixels * static_cast<std::size_t>(c), at));
  image_row out = bgr8_row(r.origin, r.height, r.width);
  for (std::size_t p = 0; p < pixels; ++p)
    for (std::size_t k = 0; k < 3; ++k)  // gray (and gray + alpha) replicated; colour: B, G, R, alpha dropped
      out.data[p * 3 + k] = map(at(p * static_cast<std::size_t>(c) + (c >= 3 ? k : 0)));
  return out;
}

image_row display_tensor(const tensor_row& t) {
  return std::visit(
      [&](const auto& v) {
        const std::size_t c = static_cast<std::size_t>(t.channels), h = static_cast<std::size_t>(t.height),
                          w = static_cast<std::size_t>(t.width);
        if (t.channels < 1 || v.size() != c * h * w) throw std::invalid_argument("tensor values do not match its shape");
        const auto value = [&](std::size_t i) { return static_cast<double>(v[i]); };
        const to_byte map = std::apply(to_byte::stretch, finite_range(v.size(), value));
        image_row out = bgr8_row(t.origin, t.height, t.width);
        for (std::size_t y = 0; y < h; ++y)
          for (std::size_t x = 0; x < w; ++x)
            for (std::size_t k = 0; k < 3; ++k) {  // B, G, R from the planes in the tensor's order
              const std::size_t plane = c < 3 ? 0 : t.order == "rgb" ? 2 - k : k;
              const std::size_t i = t.layout == tensor_layout::chw ? (plane * h + y) * w + x : (y * w + x) * c + plane;
              out.data[(y * w + x) * 3 + k] = map(value(i));
            }
        return out;
      },
      t.values);
}

}  // namespace

image_row display_bgr8(const transform_result& r) {
  if (const auto* row = std::get_if<image_row>(&r)) return display_image(*row);
  return display_tensor(std::get<tensor_row>(r));
}

image_row thumbnail(const image_row& bgr8, int tile) {
  const double s = std::min(static_cast<double>(tile) / bgr8.width, static_cast<double>(tile) / bgr8.height);
  const auto side = [&](int n) { return static_cast<std::int64_t>(std::clamp(std::lround(n * s), 1L, long{tile})); };
  const std::int64_t w = side(bgr8.width), h = side(bgr8.height);
  if (w == bgr8.width && h == bgr8.height) return bgr8;
  const image_transformer resize({{"resize", {{"height", h}, {"width", w}, {"interpolation", std::string("area")}}}});
  return std::get<image_row>(resize.transform(bgr8));
}

int sheet_layout::tile_x(std::size_t cell) const {
  return margin + static_cast<int>(cell % static_cast<std::size_t>(columns)) * (tile + margin);
}

int sheet_layout::tile_y(std::size_t cell) const {
  return margin + static_cast<int>(cell / static_cast<std::size_t>(columns)) * (tile + label_height + margin);
}

int sheet_layout::width(std::size_t cells) const {
  const int used = static_cast<int>(std::min(cells, static_cast<std::size_t>(columns)));
  return margin + std::max(used, 1) * (tile + margin);
}

int sheet_layout::height(std::size_t cells) const {
  const auto lines = static_cast<int>(std::max<std::size_t>((cells + static_cast<std::size_t>(columns) - 1) /
                                                                static_cast<std::size_t>(columns),
                                                            1));
  return margin + lines * (tile + label_height + margin);
}

namespace {

// stb_easy_font indexes its glyph table with (byte - 32): only printable ASCII may reach it.
std::string printable(std::string s) {
  for (char& ch : s)
    if (ch < 32 || ch > 126) ch = '?';
  return s;
}

}  // namespace

int text_width(const std::string& line) {
  std::string s = printable(line);
  return stb_easy_font_width(s.data());
}

contact_sheet::contact_sheet(sheet_layout layout, std::size_t cells)
    : layout_(layout), width_(layout.width(cells)), height_(layout.height(cells)),
      rgb_(static_cast<std::size_t>(width_) * static_cast<std::size_t>(height_) * 3, sheet_background) {}

void contact_sheet::fill(int x, int y, int w, int h, std::uint8_t value) {
  for (int yy = std::max(y, 0); yy < std::min(y + h, height_); ++yy) {
    const int x0 = std::max(x, 0), x1 = std::min(x + w, width_);
    if (x1 > x0)
      std::memset(&rgb_[(static_cast<std::size_t>(yy) * static_cast<std::size_t>(width_) + static_cast<std::size_t>(x0)) * 3],
                  value, static_cast<std::size_t>(x1 - x0) * 3);
  }
}

void contact_sheet::draw_text(int x, int y, const std::string& line, std::uint8_t value, int x0, int y0, int x1, int y1) {
  // stb_easy_font draws each glyph as axis-aligned quads (4 vertices, corners 0 and 2 opposite).
  struct vertex {
    float x, y, z;
    unsigned char color[4];
  };
  std::string s = printable(line);
  std::vector<vertex> quads(s.size() * 4 * 32);  // no glyph has more than 32 segments
  const int n = stb_easy_font_print(static_cast<float>(x), static_cast<float>(y), s.data(), nullptr, quads.data(),
                                    static_cast<int>(quads.size() * sizeof(vertex)));
  for (int q = 0; q < n; ++q) {
    const vertex& a = quads[static_cast<std::size_t>(q) * 4];
    const vertex& b = quads[static_cast<std::size_t>(q) * 4 + 2];
    const int qx0 = std::max(static_cast<int>(a.x), x0), qx1 = std::min(static_cast<int>(b.x), x1);
    const int qy0 = std::max(static_cast<int>(a.y), y0), qy1 = std::min(static_cast<int>(b.y), y1);
    fill(qx0, qy0, qx1 - qx0, qy1 - qy0, value);
  }
}

void contact_sheet::put_image(std::size_t cell, const image_row& thumb) {
  const int tx = layout_.tile_x(cell), ty = layout_.tile_y(cell), t = layout_.tile;
  fill(tx, ty, t, t, tile_backdrop);
  const int w = std::min(thumb.width, t), h = std::min(thumb.height, t);
  const int ox = tx + (t - w) / 2, oy = ty + (t - h) / 2;
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x) {
      const std::uint8_t* bgr = &thumb.data[(static_cast<std::size_t>(y) * static_cast<std::size_t>(thumb.width) +
                                             static_cast<std::size_t>(x)) * 3];
      std::uint8_t* rgb = &rgb_[(static_cast<std::size_t>(oy + y) * static_cast<std::size_t>(width_) +
                                 static_cast<std::size_t>(ox + x)) * 3];
      rgb[0] = bgr[2], rgb[1] = bgr[1], rgb[2] = bgr[0];
    }
}

void contact_sheet::put_grey(std::size_t cell, const std::string& text) {
  const int tx = layout_.tile_x(cell), ty = layout_.tile_y(cell), t = layout_.tile, pad = 4, line_height = 12;
  fill(tx, ty, t, t, grey_tile);
  // Greedy word wrap; a word wider than the tile is cut where it reaches the edge.
  std::vector<std::string> lines(1);
  std::size_t i = 0;
  const std::string s = printable(text);
  while (i < s.size()) {
    const std::size_t end = std::min(s.find(' ', i), s.size());
    const std::string word = s.substr(i, end - i);
    const std::string joined = lines.back().empty() ? word : lines.back() + ' ' + word;
    if (text_width(joined) <= t - 2 * pad || lines.back().empty()) lines.back() = joined;
    else lines.push_back(word);
    i = end + 1;
  }
  int y = ty + pad;
  for (const auto& line : lines) {
    if (y + line_height > ty + t) break;
    draw_text(tx + pad, y, line, 255, tx, ty, tx + t - pad, ty + t);
    y += line_height;
  }
}

void contact_sheet::put_label(std::size_t cell, const std::string& line1, const std::string& line2) {
  const int tx = layout_.tile_x(cell), ty = layout_.tile_y(cell) + layout_.tile, t = layout_.tile;
  int y = ty + 2;
  for (const std::string& line : {line1, line2}) {
    std::string s = line;
    if (text_width(s) > t) {
      while (!s.empty() && text_width(".." + s) > t) s.erase(0, 1);
      s = ".." + s;
    }
    draw_text(tx, y, s, 0, tx, ty, tx + t, ty + layout_.label_height);
    y += 12;
  }
}

void contact_sheet::write_png(const std::string& path) const {
  std::vector<unsigned char> png;
  const auto append = [](void* context, void* data, int size) {
    auto* out = static_cast<std::vector<unsigned char>*>(context);
    const auto* bytes = static_cast<const unsigned char*>(data);
    out->insert(out->end(), bytes, bytes + size);
  };
  if (!stbi_write_png_to_func(append, &png, width_, height_, 3, rgb_.data(), width_ * 3))
    throw std::runtime_error(path + ": cannot encode the PNG");
  std::ofstream out(path, std::ios::binary);
  out.write(reinterpret_cast<const char*>(png.data()), static_cast<std::streamsize>(png.size()));
  out.close();
  if (!out) throw std::runtime_error(path + ": cannot write the file: " + std::strerror(errno));
}

}  // namespace imgframe::cli
