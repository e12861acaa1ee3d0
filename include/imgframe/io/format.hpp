#pragma once
// Image formats, recognised by content (magic numbers), never by the file name - except TGA, which
// has no magic number and is only considered for names ending in ".tga", and WBMP (no magic number
// either: an exact length, or a ".wbmp" name, decides; detail/wbmp_header.hpp).
#include <cctype>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>
#include <string_view>

#include "detail/wbmp_header.hpp"

namespace imgframe {

// An image file format, as sniffed from the file's content.
enum class image_format {
  unknown,
  jpeg, png, bmp, gif,        // what Spark's JDK ImageIO reads
  tga, pnm, psd, hdr,         // stb_image can, Spark cannot: opt-in through extra_format
  tiff,                       // JDK 9+ ImageIO reads it; decoded with IMGFRAME_WITH_TIFF (libtiff)
  webp,                       // Spark cannot; decoded with IMGFRAME_WITH_WEBP and extra_format::webp
  wbmp,                       // ImageIO's WBMP type 0 (no magic number: see detail/wbmp_header.hpp)
};

// "JPEG", "PNG", ...; "unknown".
constexpr std::string_view format_name(image_format f) noexcept {
  switch (f) {
    case image_format::unknown: return "unknown";
    case image_format::jpeg: return "JPEG";
    case image_format::png: return "PNG";
    case image_format::bmp: return "BMP";
    case image_format::gif: return "GIF";
    case image_format::tga: return "TGA";
    case image_format::pnm: return "PNM";
    case image_format::psd: return "PSD";
    case image_format::hdr: return "HDR";
    case image_format::tiff: return "TIFF";
    case image_format::webp: return "WebP";
    case image_format::wbmp: return "WBMP";
  }
  return "unknown";
}

// Formats imgframe decodes that Spark's ImageIO does not (bitmask for decode_options).
enum class extra_format : unsigned {
  none = 0,
  tga = 1u << 0,
  pnm = 1u << 1,  // binary P5/P6 only (stb_image has no P1-P4)
  psd = 1u << 2,
  hdr = 1u << 3,  // Radiance RGBE, tone-mapped to 8 bits (stb's gamma 2.2, scale 1)
  webp = 1u << 4, // libwebp (IMGFRAME_WITH_WEBP): still, or the first frame of an animation
  all = tga | pnm | psd | hdr | webp,
};
// The union of two sets of extra formats.
constexpr extra_format operator|(extra_format a, extra_format b) noexcept {
  return static_cast<extra_format>(static_cast<unsigned>(a) | static_cast<unsigned>(b));
}
// True when set contains format f.
constexpr bool contains(extra_format set, extra_format f) noexcept {
  return (static_cast<unsigned>(set) & static_cast<unsigned>(f)) == static_cast<unsigned>(f) && f != extra_format::none;
}

// The extra_format flag an extra format needs; none for Spark's formats and unknown ones.
constexpr extra_format extra_flag_for(image_format f) noexcept {
  switch (f) {
    case image_format::tga: return extra_format::tga;
    case image_format::pnm: return extra_format::pnm;
    case image_format::psd: return extra_format::psd;
    case image_format::hdr: return extra_format::hdr;
    case image_format::webp: return extra_format::webp;
    default: return extra_format::none;
  }
}

namespace detail {

// Literal magic numbers, embedded NULs included (N - 1 drops the terminator).
template <std::size_t N>
bool starts_with(std::span<const std::uint8_t> b, const char (&magic)[N]) noexcept {
  return b.size() >= N - 1 && std::memcmp(b.data(), magic, N - 1) == 0;
}

inline bool has_tga_extension(std::string_view origin) noexcept {
  if (origin.size() < 4) return false;
  const auto ext = origin.substr(origin.size() - 4);
  return ext[0] == '.' && std::tolower(static_cast<unsigned char>(ext[1])) == 't' &&
         std::tolower(static_cast<unsigned char>(ext[2])) == 'g' && std::tolower(static_cast<unsigned char>(ext[3])) == 'a';
}

}  // namespace detail

// Format by content. `origin` (path or URI) only matters for TGA.
inline image_format sniff_format(std::span<const std::uint8_t> b, std::string_view origin = {}) noexcept {
  using detail::starts_with;
  if (b.size() >= 3 && b[0] == 0xFF && b[1] == 0xD8 && b[2] == 0xFF) return image_format::jpeg;
  if (starts_with(b, "\x89PNG\r\n\x1a\n")) return image_format::png;
  if (starts_with(b, "GIF87a") || starts_with(b, "GIF89a")) return image_format::gif;
  if (starts_with(b, "BM")) return image_format::bmp;
  if (starts_with(b, "8BPS")) return image_format::psd;
  if (starts_with(b, "#?RADIANCE\n") || starts_with(b, "#?RGBE\n")) return image_format::hdr;
  // Netpbm: "P1".."P7" and whitespace; stb reads "P5"/"P6" even with a digit right after.
  if (b.size() >= 3 && b[0] == 'P' && b[1] >= '1' && b[1] <= '7' &&
      (b[2] == '\n' || b[2] == '\r' || b[2] == ' ' || b[2] == '\t' || b[2] == '#' ||
       ((b[1] == '5' || b[1] == '6') && b[2] >= '0' && b[2] <= '9')))
    return image_format::pnm;
  if (starts_with(b, "II*\0") || starts_with(b, "MM\0*")) return image_format::tiff;
  if (b.size() >= 12 && starts_with(b, "RIFF") && std::memcmp(b.data() + 8, "WEBP", 4) == 0) return image_format::webp;
  if (detail::looks_like_wbmp(b, origin)) return image_format::wbmp;
  if (detail::has_tga_extension(origin)) return image_format::tga;
  return image_format::unknown;
}

}  // namespace imgframe
