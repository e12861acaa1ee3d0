#include "row_format.hpp"

#include <algorithm>
#include <cstdio>

#include <imgframe/io/java_random.hpp>

#include "sha256.hpp"

namespace imgframe::cli {

std::string error_text(const dataset_row& r) {
  if (r.ok()) return {};
  return std::string(failure_name(r.reason)) + ": " + r.error;
}

std::string label_text(const dataset_row& r) { return r.label ? r.label->name : std::string(); }

std::string data_preview(const image_row& row, std::size_t max_bytes) {
  std::string s = "[";
  const std::size_t n = std::min(max_bytes, row.data.size());
  char buf[4];
  for (std::size_t i = 0; i < n; ++i) {
    std::snprintf(buf, sizeof buf, "%02X", row.data[i]);
    if (i) s += ' ';
    s += buf;
  }
  if (row.data.size() > n) s += " ...";
  return s + "]";
}

namespace {

std::string tsv_escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '\t': out += "\\t"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\\': out += "\\\\"; break;
      default: out += c;
    }
  }
  return out;
}

// Valid UTF-8 with JSON escapes; invalid bytes become U+FFFD (same decoding as the JVM's).
std::string json_string(const std::string& s) {
  std::u16string units;
  java::for_each_utf16_unit(s, [&](char16_t u) { units += u; });
  std::string out = "\"";
  auto put_utf8 = [&](char32_t cp) {
    if (cp < 0x80) {
      out += static_cast<char>(cp);
    } else if (cp < 0x800) {
      out += static_cast<char>(0xC0 | (cp >> 6));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      out += static_cast<char>(0xE0 | (cp >> 12));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
      out += static_cast<char>(0xF0 | (cp >> 18));
      out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    }
  };
  for (std::size_t i = 0; i < units.size(); ++i) {
    char32_t cp = units[i];
    if (cp >= 0xD800 && cp <= 0xDBFF && i + 1 < units.size()) {
      cp = 0x10000 + ((cp - 0xD800) << 10) + (units[++i] - 0xDC00);
    }
    switch (cp) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (cp < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(cp));
          out += buf;
        } else {
          put_utf8(cp);
        }
    }
  }
  return out + "\"";
}

std::string sha_or_dash(const dataset_row& r) { return r.ok() ? sha256_hex(r.row.data) : "-"; }

}  // namespace

std::string tsv_header(bool with_label) {
  return std::string("origin\theight\twidth\tnChannels\tmode\tbytes\tsha256\terror") + (with_label ? "\tlabel" : "");
}

std::string tsv_line(const dataset_row& r, bool with_label) {
  const image_row& x = r.row;
  std::string s = tsv_escape(x.origin) + '\t' + std::to_string(x.height) + '\t' + std::to_string(x.width) + '\t' +
                  std::to_string(x.n_channels) + '\t' + std::to_string(x.mode) + '\t' + std::to_string(x.data.size()) +
                  '\t' + sha_or_dash(r) + '\t' + tsv_escape(error_text(r));
  if (with_label) s += '\t' + tsv_escape(label_text(r));
  return s;
}

std::string json_line(const dataset_row& r, bool with_label) {
  const image_row& x = r.row;
  std::string s = "{\"origin\":" + json_string(x.origin) + ",\"height\":" + std::to_string(x.height) +
                  ",\"width\":" + std::to_string(x.width) + ",\"nChannels\":" + std::to_string(x.n_channels) +
                  ",\"mode\":" + std::to_string(x.mode) + ",\"bytes\":" + std::to_string(x.data.size()) +
                  ",\"sha256\":" + (r.ok() ? json_string(sha256_hex(x.data)) : std::string("null")) +
                  ",\"reason\":" + json_string(std::string(failure_name(r.reason))) +
                  ",\"error\":" + (r.ok() ? std::string("null") : json_string(r.error));
  if (with_label) {
    s += ",\"label\":" + (r.label ? json_string(r.label->name) : std::string("null"));
    if (r.label && r.label->index >= 0) s += ",\"label_index\":" + std::to_string(r.label->index);
    if (r.label && !r.label->columns.empty()) {
      s += ",\"partition_columns\":{";
      for (std::size_t i = 0; i < r.label->columns.size(); ++i) {
        if (i) s += ',';
        s += json_string(r.label->columns[i].first);
        s += ':';
        s += json_string(r.label->columns[i].second);
      }
      s += "}";
    }
  }
  return s + "}";
}

void show_table::add(const dataset_row& r) {
  const image_row& x = r.row;
  std::vector<std::string> c{x.origin,
                             std::to_string(x.height),
                             std::to_string(x.width),
                             std::to_string(x.n_channels),
                             std::to_string(x.mode),
                             data_preview(x, 6),
                             error_text(r)};
  if (with_label_) c.push_back(label_text(r));
  cells_.push_back(std::move(c));
}

namespace {
// Display width in code points (what a terminal shows for most text), not bytes.
std::size_t width_of(const std::string& s) {
  std::size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}
}  // namespace

std::string render_table(const std::vector<std::vector<std::string>>& rows, const std::vector<std::string>& header,
                         std::size_t truncate, std::size_t total_rows) {
  auto cut = [&](std::string s) {
    if (truncate > 0 && width_of(s) > truncate) {
      // Spark: first (truncate - 3) characters + "..."
      const std::size_t keep = truncate < 4 ? truncate : truncate - 3;
      std::size_t bytes = 0, chars = 0;
      while (bytes < s.size() && chars < keep) {
        ++bytes;
        while (bytes < s.size() && (static_cast<unsigned char>(s[bytes]) & 0xC0) == 0x80) ++bytes;
        ++chars;
      }
      s = s.substr(0, bytes) + (truncate < 4 ? "" : "...");
    }
    return s;
  };
  std::vector<std::vector<std::string>> cells;
  for (const auto& r : rows) {
    std::vector<std::string> t;
    for (const auto& c : r) t.push_back(cut(c));
    cells.push_back(std::move(t));
  }
  std::vector<std::size_t> w(header.size(), 3);  // Spark's minimum column width
  for (std::size_t i = 0; i < header.size(); ++i) w[i] = std::max(w[i], width_of(header[i]));
  for (const auto& r : cells)
    for (std::size_t i = 0; i < r.size(); ++i) w[i] = std::max(w[i], width_of(r[i]));
  auto pad = [&](const std::string& s, std::size_t i) {
    const std::string fill(w[i] - width_of(s), ' ');
    return truncate > 0 ? fill + s : s + fill;
  };
  std::string sep = "+";
  for (auto n : w) sep += std::string(n, '-') + "+";
  sep += '\n';
  std::string out = sep + "|";
  for (std::size_t i = 0; i < header.size(); ++i) out += pad(header[i], i) + "|";
  out += "\n" + sep;
  for (const auto& r : cells) {
    out += "|";
    for (std::size_t i = 0; i < r.size(); ++i) out += pad(r[i], i) + "|";
    out += '\n';
  }
  out += sep;
  if (total_rows > cells.size())
    out += "only showing top " + std::to_string(cells.size()) + " row" + (cells.size() == 1 ? "" : "s") + "\n";
  return out;
}

std::string show_table::render(std::size_t total_rows) const {
  std::vector<std::string> header{"origin", "height", "width", "nChannels", "mode", "data", "error"};
  if (with_label_) header.push_back("label");
  return render_table(cells_, header, truncate_, total_rows);
}

std::string numpy_dtype(depth d) {
  switch (d) {
    case depth::u8: return "uint8";
    case depth::s8: return "int8";
    case depth::u16: return "uint16";
    case depth::s16: return "int16";
    case depth::s32: return "int32";
    case depth::f32: return "float32";
    case depth::f64: return "float64";
  }
  return "?";
}

}  // namespace imgframe::cli
