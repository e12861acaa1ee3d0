#pragma once
// The JDK's own float arithmetic for colour models that are not plain 8-bit sRGB, as
// BufferedImage.getRGB (which Spark calls per pixel) evaluates it on JDK 17:
//   - ComponentColorModel.extractComponent: 16-bit samples, premultiplied alpha;
//   - SimpleCMYKColorSpace.toRGB: CMYK JPEGs/TIFFs without an ICC profile.
// Java float arithmetic is IEEE single precision without fused multiply-adds; the volatile stores
// keep a compiler from contracting a*b+c into an FMA (which rounds once, not twice).
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <memory>

namespace imgframe::detail {

// (int)(f * 255f + 0.5f) with f = comp / mask (extractComponent, non-premultiplied, nBits != 8).
inline int jdk_scale_to_8(unsigned comp, unsigned mask) noexcept {
  volatile float f = static_cast<float>(comp) / static_cast<float>(mask);
  volatile float scaled = f * 255.0f;
  return static_cast<int>(scaled + 0.5f);
}

// Premultiplied component: (int)((comp/mask) * (mask/alpha) * 255f + 0.5f), 0 where alpha is 0.
// Not clamped: values over 255 (comp > alpha) spill into the next byte of getRGB's packed int.
inline int jdk_unpremultiply(unsigned comp, unsigned alpha, unsigned mask) noexcept {
  if (alpha == 0) return 0;
  volatile float f = static_cast<float>(comp) / static_cast<float>(mask);
  volatile float inv = static_cast<float>(mask) / static_cast<float>(alpha);
  volatile float prod = f * inv;
  volatile float scaled = prod * 255.0f;
  return static_cast<int>(scaled + 0.5f);
}

// B,G,R(,A) bytes from getRGB's packed ARGB int (what Spark's `new Color(argb, hasAlpha)` unpacks).
inline void unpack_argb(int r, int g, int b, int a, std::uint8_t* bgra, bool alpha) noexcept {
  const auto argb = static_cast<std::uint32_t>(a) << 24 | static_cast<std::uint32_t>(r) << 16 |
                    static_cast<std::uint32_t>(g) << 8 | static_cast<std::uint32_t>(b);
  bgra[0] = static_cast<std::uint8_t>(argb);
  bgra[1] = static_cast<std::uint8_t>(argb >> 8);
  bgra[2] = static_cast<std::uint8_t>(argb >> 16);
  if (alpha) bgra[3] = static_cast<std::uint8_t>(argb >> 24);
}

// SimpleCMYKColorSpace.toRGB for one channel, then ComponentColorModel's (int)(v * 255f + 0.5f):
// ink `x` (C, M or Y) and black `k` as bytes (normalized x/255f), linear (1-K)(1-X), then the sRGB
// curve in double (Math.pow) rounded to float.
inline std::uint8_t jdk_simple_cmyk_channel(unsigned x, unsigned k) noexcept {
  volatile float xf = static_cast<float>(x) / 255.0f;
  volatile float kf = static_cast<float>(k) / 255.0f;
  volatile float k1 = 1.0f - kf;
  volatile float one_minus_x = 1.0f - xf;
  float v = k1 * one_minus_x;
  if (v < 0.0f) v = 0.0f;
  float srgb;
  if (v < 0.0031308f) {
    srgb = 12.92f * v;
  } else {
    if (v > 1.0f) v = 1.0f;
    srgb = static_cast<float>(1.055 * std::pow(static_cast<double>(v), 1.0 / 2.4) - 0.055);
  }
  volatile float scaled = srgb * 255.0f;
  return static_cast<std::uint8_t>(static_cast<int>(scaled + 0.5f));
}

// The same for every (ink, black) byte pair: 64 KiB, built once per process.
inline const std::array<std::uint8_t, 65536>& jdk_simple_cmyk_table() {
  static const std::unique_ptr<std::array<std::uint8_t, 65536>> table = [] {
    auto t = std::make_unique<std::array<std::uint8_t, 65536>>();
    for (unsigned k = 0; k < 256; ++k)
      for (unsigned x = 0; x < 256; ++x) (*t)[k << 8 | x] = jdk_simple_cmyk_channel(x, k);
    return t;
  }();
  return *table;
}

// `pixels` C,M,Y,K samples (bytes, true ink values) to B,G,R bytes through SimpleCMYKColorSpace.
template <class T>
void jdk_simple_cmyk_to_bgr(const T* cmyk, std::uint8_t* bgr, std::size_t pixels) {
  const auto& table = jdk_simple_cmyk_table();
  for (std::size_t i = 0; i < pixels; ++i, cmyk += 4, bgr += 3) {
    const unsigned k = static_cast<unsigned>(cmyk[3] & 0xFF) << 8;
    bgr[0] = table[k | (cmyk[2] & 0xFFu)];
    bgr[1] = table[k | (cmyk[1] & 0xFFu)];
    bgr[2] = table[k | (cmyk[0] & 0xFFu)];
  }
}

}  // namespace imgframe::detail
