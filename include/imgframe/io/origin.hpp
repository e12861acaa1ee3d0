#pragma once
// The `origin` string of a row read from a file, in one of the two forms Spark writes:
//
//   origin_style::hadoop_path  "file:/abs/dir/a b.jpg"    Spark 2.x readImages / SynapseML: Hadoop's
//                              (the default)              Path.toString, the path not percent-encoded.
//   origin_style::uri          "file:/abs/dir/a%20b.jpg"  Spark 3's image data source: Path.toUri
//                                                         .toString, a valid URI (java.net.URI quoting).
//
// Both: "file:" + the absolute, lexically normalized path, symlinks not resolved, one leading slash.
// SynapseML's per-file sampling hashes the origin string, so the style changes which files a
// sample_ratio < 1 keeps (each style keeps what its Spark API keeps).
#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>
#include <system_error>

#include "java_random.hpp"

namespace imgframe {

// The form of a row's origin: Hadoop's Path.toString (Spark 2.x readImages, SynapseML) or a URI (Spark 3's
// image data source).
enum class origin_style { hadoop_path, uri };

namespace detail {

// Characters java.net.URI leaves alone in a path (RFC 2396 pchar + ';' + '/'); every other ASCII
// byte, '%' included, is written as %XX.
inline bool uri_path_char(unsigned char c) noexcept {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  return std::string_view("-_.!~*'()" ":@&=+$," ";/").find(static_cast<char>(c)) != std::string_view::npos;
}

inline void append_percent(std::string& out, unsigned char b) {
  constexpr char hex[] = "0123456789ABCDEF";  // java.net.URI writes upper-case hex
  out += '%';
  out += hex[b >> 4];
  out += hex[b & 15];
}

// Java's Character.isSpaceChar (Zs, Zl, Zp) or isISOControl above ASCII: quoted by java.net.URI.
inline bool java_quotes_non_ascii(char32_t cp) noexcept {
  return (cp >= 0x80 && cp <= 0xA0) || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 ||
         cp == 0x2029 || cp == 0x202F || cp == 0x205F || cp == 0x3000;
}

}  // namespace detail

// A path as java.net.URI writes it in a URI: the ASCII it does not allow and Unicode space and
// control characters percent-encoded as UTF-8, other non-ASCII characters kept. Bytes that are not
// UTF-8 (Java would have replaced them with U+FFFD and lost the file) are percent-encoded one by one,
// so the origin still names the file.
inline std::string percent_encode_path(std::string_view path) {
  std::string out;
  out.reserve(path.size());
  for (std::size_t i = 0; i < path.size();) {
    const auto c = static_cast<unsigned char>(path[i]);
    if (c < 0x80) {
      if (detail::uri_path_char(c)) out += static_cast<char>(c);
      else detail::append_percent(out, c);
      ++i;
      continue;
    }
    // A UTF-8 sequence is kept unless Java quotes it; the bytes of an invalid one (none of them
    // starts a valid sequence) are each encoded.
    const java::utf8_sequence u = java::decode_utf8_at(path, i);
    for (std::size_t k = 0; k < u.length; ++k) {
      if (!u.valid || detail::java_quotes_non_ascii(u.code_point))
        detail::append_percent(out, static_cast<unsigned char>(path[i + k]));
      else
        out += path[i + k];
    }
    i += u.length;
  }
  return out;
}

// The origin of the file at p: "file:" + absolute, lexically normalized path in the given style.
inline std::string origin_for(const std::filesystem::path& p, origin_style style = origin_style::hadoop_path) {
  std::error_code ec;
  std::filesystem::path abs = std::filesystem::absolute(p, ec);
  if (ec) abs = p;
  std::string s = abs.lexically_normal().generic_string();
  // POSIX allows an implementation-defined leading "//": Spark's Path has one slash.
  while (s.size() >= 2 && s[0] == '/' && s[1] == '/') s.erase(0, 1);
  return "file:" + (style == origin_style::uri ? percent_encode_path(s) : s);
}

// SynapseML's zip entry origin: the archive's origin + "/" + the entry name (ZipIterator's
// zipfile + File.separator + entry.getName), the name encoded like the path in the uri style.
inline std::string zip_entry_origin(std::string_view archive_origin, std::string_view entry_name,
                                    origin_style style = origin_style::hadoop_path) {
  std::string o(archive_origin);
  o += '/';
  o += style == origin_style::uri ? percent_encode_path(entry_name) : std::string(entry_name);
  return o;
}

}  // namespace imgframe
