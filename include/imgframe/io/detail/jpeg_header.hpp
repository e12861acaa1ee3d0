#pragma once
// JPEG marker walk: the frame header (precision, components, coding) and whether the data reaches an
// EOI marker after the first scan (strict truncation check), and how many scans it has.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>

#include "byte_reader.hpp"

namespace imgframe::detail {

struct jpeg_header {
  bool has_sof = false;
  int sof_marker = 0;       // 0xC0 baseline, 0xC2 progressive, 0xC9 arithmetic, ...
  int precision = 0;        // bits per sample (8, or 12)
  int width = 0, height = 0;
  int components = 0;       // 1 gray, 3 YCbCr/RGB, 4 CMYK/YCCK
  bool has_sos = false;
  bool has_eoi = false;     // FF D9 after the first SOS
  int scans = 0;            // SOS markers before EOI (progressive JPEGs have several)
  int first_scan_components = 0;  // components in the first scan (fewer than `components`: one per scan)
  // A marker other than SOS, RSTn and EOI after the first scan's header (tables between the scans of
  // a progressive JPEG; in a one-scan JPEG, a segment libjpeg only reads after the last row)
  bool markers_after_sos = false;
  bool header_truncated = false;  // a segment before the first scan runs past the end

  // True when libjpeg reads every scan before the first row (jpeg_start_decompress): a progressive
  // JPEG, or one whose first scan holds only some components. Otherwise it reads the scan as the rows
  // are decoded, and what follows the last row only then.
  constexpr bool reads_all_scans_first() const noexcept {
    return sof_marker == 0xC2 || sof_marker == 0xCA || first_scan_components < components;
  }
};

inline jpeg_header parse_jpeg_header(std::span<const std::uint8_t> bytes) noexcept {
  jpeg_header h;
  const byte_reader r(bytes);
  std::size_t pos = 2;  // after SOI
  for (;;) {
    // Markers are FF xx, possibly preceded by fill bytes FF.
    while (pos < bytes.size() && bytes[pos] != 0xFF) ++pos;  // tolerate junk, as decoders do
    while (pos < bytes.size() && bytes[pos] == 0xFF) ++pos;
    if (pos >= bytes.size()) {
      h.header_truncated = true;
      return h;
    }
    const int m = bytes[pos++];
    if (m == 0xD8 || m == 0x01 || (m >= 0xD0 && m <= 0xD7)) continue;  // standalone markers
    if (m == 0xD9) return h;                                            // EOI before any scan
    if (!r.has(pos, 2)) {
      h.header_truncated = true;
      return h;
    }
    const std::size_t len = r.be16(pos);
    if (len < 2 || !r.has(pos, len)) {
      h.header_truncated = true;
      return h;
    }
    const bool is_sof = m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC;
    if (is_sof && !h.has_sof && len >= 8) {
      h.has_sof = true;
      h.sof_marker = m;
      h.precision = r.u8(pos + 2);
      h.height = r.be16(pos + 3);
      h.width = r.be16(pos + 5);
      h.components = r.u8(pos + 7);
    }
    if (m == 0xDA && len >= 3) h.first_scan_components = r.u8(pos + 2);
    pos += len;
    if (m == 0xDA) {
      h.has_sos = true;
      h.scans = 1;
      // Entropy-coded data never contains FF D9 or FF DA (FF is stuffed as FF 00): the first FF D9
      // is EOI, every FF DA before it starts another scan. memchr: this pass over the whole file
      // was 3 % of a decode byte by byte.
      const std::uint8_t* d = bytes.data();
      for (std::size_t i = pos; i + 1 < bytes.size(); ++i) {
        const void* ff = std::memchr(d + i, 0xFF, bytes.size() - 1 - i);
        if (ff == nullptr) break;
        i = static_cast<std::size_t>(static_cast<const std::uint8_t*>(ff) - d);
        const std::uint8_t m = d[i + 1];
        if (m == 0xDA) {
          ++h.scans;
        } else if (m == 0xD9) {
          h.has_eoi = true;
          break;
        } else if (m != 0x00 && m != 0xFF && (m < 0xD0 || m > 0xD7)) {  // not stuffing, fill or RSTn
          h.markers_after_sos = true;
        }
      }
      return h;
    }
  }
}

}  // namespace imgframe::detail
