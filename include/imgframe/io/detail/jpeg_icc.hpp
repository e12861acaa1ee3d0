#pragma once
// The ICC profile of a JPEG: the APP2 "ICC_PROFILE\0" segments (sequence number, count, data),
// joined in sequence order, as libjpeg's read_icc_profile and the JDK's JPEG reader do. Empty when
// there is none or the chunks are inconsistent (missing, repeated or numbered past the count).
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>
#include <vector>

#include "byte_reader.hpp"

namespace imgframe::detail {

inline std::vector<std::uint8_t> jpeg_icc_profile(std::span<const std::uint8_t> bytes) {
  const byte_reader r(bytes);
  std::vector<std::span<const std::uint8_t>> chunks;
  std::size_t count = 0;
  std::size_t pos = 2;  // after SOI
  while (r.has(pos, 4) && bytes[pos] == 0xFF) {
    const int m = bytes[pos + 1];
    if (m == 0xFF) {  // fill byte
      ++pos;
      continue;
    }
    if (m == 0xDA || m == 0xD9) break;  // the profile precedes the first scan
    const std::size_t len = r.be16(pos + 2);
    if (len < 2 || !r.has(pos + 2, len)) break;
    const std::size_t body = pos + 4, body_len = len - 2;
    if (m == 0xE2 && body_len > 14 && std::memcmp(bytes.data() + body, "ICC_PROFILE\0", 12) == 0) {
      const std::size_t seq = bytes[body + 12], n = bytes[body + 13];
      if (seq == 0 || n == 0 || seq > n || (count && n != count)) return {};
      count = n;
      if (chunks.size() < n) chunks.resize(n);
      if (!chunks[seq - 1].empty()) return {};
      chunks[seq - 1] = bytes.subspan(body + 14, body_len - 14);
    }
    pos += 2 + len;
  }
  std::vector<std::uint8_t> profile;
  for (const auto& c : chunks) {
    if (c.empty()) return {};
    profile.insert(profile.end(), c.begin(), c.end());
  }
  return profile;
}

}  // namespace imgframe::detail
