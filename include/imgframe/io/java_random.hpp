#pragma once
// Bit-exact re-implementations of the two JVM algorithms that decide Spark's and SynapseML's
// sampling: java.util.Random (48-bit LCG) and java.lang.String.hashCode (over UTF-16 code units).
#include <cstdint>
#include <string_view>

namespace imgframe::java {

// java.util.Random: same seed, same sequence as the JDK (documented algorithm, Java SE API spec).
class random {
 public:
  // A generator seeded like new java.util.Random(seed).
  explicit random(std::int64_t seed) noexcept { set_seed(seed); }

  // setSeed scrambles the seed with the multiplier before use.
  void set_seed(std::int64_t seed) noexcept { state_ = (static_cast<std::uint64_t>(seed) ^ multiplier) & mask; }

  // next(bits): advance the LCG and return its top `bits` bits as a signed int (Java's `int`).
  std::int32_t next(int bits) noexcept {
    state_ = (state_ * multiplier + increment) & mask;
    return static_cast<std::int32_t>(static_cast<std::uint32_t>(state_ >> (48 - bits)));
  }

  // nextInt().
  std::int32_t next_int() noexcept { return next(32); }

  // nextInt(bound), including the rejection loop and the power-of-two fast path.
  std::int32_t next_int(std::int32_t bound) noexcept {
    if (bound <= 0) return 0;  // Java throws; callers never pass it
    std::int32_t r = next(31);
    const std::int32_t m = bound - 1;
    if ((bound & m) == 0) return static_cast<std::int32_t>((static_cast<std::int64_t>(bound) * r) >> 31);
    // Java's `u - r + m < 0` overflows on purpose: evaluate it in wrapping 32-bit arithmetic.
    auto overflows = [&](std::int32_t u) {
      r = u % bound;
      const std::uint32_t sum = static_cast<std::uint32_t>(u) - static_cast<std::uint32_t>(r) + static_cast<std::uint32_t>(m);
      return static_cast<std::int32_t>(sum) < 0;
    };
    for (std::int32_t u = r; overflows(u); u = next(31)) {
    }
    return r;
  }

  // nextLong().
  std::int64_t next_long() noexcept {
    const auto hi = static_cast<std::uint64_t>(static_cast<std::int64_t>(next(32))) << 32;
    return static_cast<std::int64_t>(hi + static_cast<std::uint64_t>(static_cast<std::int64_t>(next(32))));
  }

  // ((next(26) << 27) + next(27)) * 2^-53: a multiple of 2^-53 in [0, 1), exactly as the JDK.
  double next_double() noexcept {
    const auto hi = static_cast<std::uint64_t>(static_cast<std::uint32_t>(next(26)));
    const auto lo = static_cast<std::uint64_t>(static_cast<std::uint32_t>(next(27)));
    return static_cast<double>((hi << 27) + lo) * 0x1.0p-53;
  }

  // The 48-bit state (for tests).
  std::uint64_t state() const noexcept { return state_; }

 private:
  static constexpr std::uint64_t multiplier = 0x5DEECE66DULL;
  static constexpr std::uint64_t increment = 0xBULL;
  static constexpr std::uint64_t mask = (1ULL << 48) - 1;
  std::uint64_t state_ = 0;
};

// One UTF-8 sequence, as decode_utf8_at reads it.
struct utf8_sequence {
  char32_t code_point = 0;  // the character, when valid
  std::size_t length = 0;   // bytes it takes (invalid: the bytes the JDK replaces with one U+FFFD)
  bool valid = false;       // well-formed UTF-8
};
// The UTF-8 sequence at utf8[i], checked as the JDK's decoder checks it (Unicode Table 3-7: no
// overlongs, no surrogates, <= U+10FFFF). Invalid: the maximal invalid prefix, or all 3 bytes of an
// encoded surrogate (ED A0..BF xx).
constexpr utf8_sequence decode_utf8_at(std::string_view utf8, std::size_t i) noexcept {
  const auto n = utf8.size();
  auto byte = [&](std::size_t k) { return static_cast<unsigned char>(utf8[k]); };
  const unsigned char b0 = byte(i);
  if (b0 < 0x80) return {b0, 1, true};
  std::uint32_t cp = 0;
  std::size_t len = 0;
  unsigned char lo = 0x80, hi = 0xBF;  // the valid range of the second byte
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    len = 2, cp = b0 & 0x1F;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    len = 3, cp = b0 & 0x0F;
    if (b0 == 0xE0) lo = 0xA0;  // (ED A0..BF: an encoded surrogate, rejected whole below, like the JDK)
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    len = 4, cp = b0 & 0x07;
    if (b0 == 0xF0) lo = 0x90;
    if (b0 == 0xF4) hi = 0x8F;
  } else {
    return {0, 1, false};
  }
  std::size_t k = 1;
  for (; k < len; ++k) {
    if (i + k >= n) break;
    const unsigned char b = byte(i + k);
    if (k == 1 ? (b < lo || b > hi) : (b & 0xC0) != 0x80) break;
    cp = (cp << 6) | (b & 0x3F);
  }
  if (k < len) return {0, k, false};                    // truncated or invalid: the valid prefix
  if (cp >= 0xD800 && cp <= 0xDFFF) return {0, len, false};  // an encoded surrogate: its 3 bytes
  return {cp, len, true};
}

// Calls f(code_unit) for each UTF-16 code unit of the UTF-8 text, as the JVM would decode it:
// supplementary characters become surrogate pairs; each invalid sequence (decode_utf8_at) becomes
// one U+FFFD, as the JDK's UTF-8 decoder does (new String(bytes, UTF_8), checked against JDK 17).
template <class F>
constexpr void for_each_utf16_unit(std::string_view utf8, F&& f) {
  for (std::size_t i = 0; i < utf8.size();) {
    const utf8_sequence u = decode_utf8_at(utf8, i);
    i += u.length;
    if (!u.valid) {
      f(char16_t{0xFFFD});
    } else if (u.code_point >= 0x10000) {
      const char32_t cp = u.code_point - 0x10000;
      f(static_cast<char16_t>(0xD800 + (cp >> 10)));
      f(static_cast<char16_t>(0xDC00 + (cp & 0x3FF)));
    } else {
      f(static_cast<char16_t>(u.code_point));
    }
  }
}

// java.lang.String.hashCode of the string the UTF-8 text decodes to: s[0]*31^(n-1) + ... + s[n-1],
// in 32-bit wrapping arithmetic over UTF-16 code units.
constexpr std::int32_t string_hash_code(std::string_view utf8) noexcept {
  std::uint32_t h = 0;
  for_each_utf16_unit(utf8, [&](char16_t u) { h = 31u * h + static_cast<std::uint32_t>(u); });
  return static_cast<std::int32_t>(h);
}

}  // namespace imgframe::java
