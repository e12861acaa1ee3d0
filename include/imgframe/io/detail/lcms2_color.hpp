#pragma once
// Colour management through LittleCMS (the JDK's own colour engine), as JDK 17 applies it to JPEGs:
//   - RGB JPEG with an ICC profile: JPEGImageReader converts each decoded 8-bit raster with
//     ColorConvertOp(profile -> sRGB): an 8-bit transform, perceptual intent (relative colorimetric
//     when the profile is of the output class);
//   - CMYK/YCCK JPEG, and RGB/CMYK TIFF, with an ICC profile: getRGB goes through ICC_ColorSpace.toRGB
//     per pixel: samples to 16 bits as (short)(v / max * 65535f + 0.5f), a 16-bit perceptual transform
//     to sRGB, back as (int)(v16 / 65535f * 255f + 0.5f).
// The JDK converts to its own sRGB profile; lcms2's built-in sRGB is the same space with a parametric
// curve, so values can differ by one here and there (measured in tests/runtime/io/test_decode_formats.cpp).
// Included by stb_implementation.hpp only when IMGFRAME_WITH_LCMS2 is set (link lcms2).
#include <lcms2.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "jdk_color.hpp"

namespace imgframe::detail {

enum class icc_space { none, gray, rgb, cmyk, other };

// One context per call: no global state, no error output (lcms2 logs to stderr by default).
class lcms_context {
 public:
  lcms_context() : ctx_(cmsCreateContext(nullptr, nullptr)) {
    if (ctx_) cmsSetLogErrorHandlerTHR(ctx_, [](cmsContext, cmsUInt32Number, const char*) {});
  }
  ~lcms_context() {
    if (ctx_) cmsDeleteContext(ctx_);
  }
  lcms_context(const lcms_context&) = delete;
  lcms_context& operator=(const lcms_context&) = delete;
  cmsContext get() const noexcept { return ctx_; }

 private:
  cmsContext ctx_;
};

// ICC_ColorSpace.toRGB's input quantization: (short)((v / mask) * 65535f + 0.5f).
inline std::uint16_t jdk_to_16(unsigned v, unsigned mask) noexcept {
  volatile float f = static_cast<float>(v) / static_cast<float>(mask);
  volatile float scaled = f * 65535.0f;
  return static_cast<std::uint16_t>(static_cast<int>(scaled + 0.5f));
}

// How the JDK reaches the transform: JPEGImageReader's ColorConvertOp over the 8-bit raster, or
// a ColorModel's getRGB through ICC_ColorSpace.toRGB, 16 bits per pixel.
enum class icc_path { raster8, per_pixel16 };

// An opened embedded profile plus the transform from it to sRGB.
class icc_to_srgb {
 public:
  // `want`: the colour space the samples are in (rgb or cmyk); a profile of another space is not used.
  icc_to_srgb(std::span<const std::uint8_t> profile, icc_space want, icc_path path = icc_path::per_pixel16) {
    if (!ctx_.get() || profile.empty()) return;
    cmsHPROFILE in = cmsOpenProfileFromMemTHR(ctx_.get(), profile.data(), static_cast<cmsUInt32Number>(profile.size()));
    if (!in) return;
    const cmsColorSpaceSignature cs = cmsGetColorSpace(in);
    space_ = cs == cmsSigRgbData ? icc_space::rgb : cs == cmsSigCmykData ? icc_space::cmyk
           : cs == cmsSigGrayData ? icc_space::gray : icc_space::other;
    if (space_ == want && (want == icc_space::rgb || want == icc_space::cmyk)) {
      cmsHPROFILE srgb = cmsCreate_sRGBProfileTHR(ctx_.get());
      const bool raster = path == icc_path::raster8;
      // ColorConvertOp: relative colorimetric from an output-class profile, else perceptual;
      // toRGB: always perceptual (ColorTransform.Any).
      const cmsUInt32Number intent =
          raster && cmsGetDeviceClass(in) == cmsSigOutputClass ? INTENT_RELATIVE_COLORIMETRIC : INTENT_PERCEPTUAL;
      const cmsUInt32Number in_format = raster ? TYPE_BGR_8 : want == icc_space::rgb ? TYPE_RGB_16 : TYPE_CMYK_16;
      if (srgb)
        xform_ = cmsCreateTransformTHR(ctx_.get(), in, in_format, srgb, raster ? TYPE_BGR_8 : TYPE_BGR_16, intent, 0);
      if (srgb) cmsCloseProfile(srgb);
    }
    cmsCloseProfile(in);
  }
  ~icc_to_srgb() {
    if (xform_) cmsDeleteTransform(xform_);
  }
  icc_to_srgb(const icc_to_srgb&) = delete;
  icc_to_srgb& operator=(const icc_to_srgb&) = delete;

  icc_space space() const noexcept { return space_; }
  bool ok() const noexcept { return xform_ != nullptr; }

  // In place, `pixels` B,G,R byte triples.
  void convert_bgr(std::uint8_t* bgr, std::size_t pixels) const {
    cmsDoTransform(xform_, bgr, bgr, static_cast<cmsUInt32Number>(pixels));
  }

  // ICC_ColorSpace.toRGB per pixel (icc_path::per_pixel16): `pixels` pixels of `stride` samples in
  // `in` (R,G,B or C,M,Y,K first; CMYK as true ink values, not Adobe-inverted), each at most `mask`,
  // to `out_channels`-byte B,G,R pixels in `bgr`.
  template <class T>
  void convert_per_pixel(const T* in, std::size_t stride, unsigned mask, std::uint8_t* bgr, std::size_t out_channels,
                         std::size_t pixels) const {
    const std::size_t nc = space_ == icc_space::cmyk ? 4 : 3;
    constexpr std::size_t chunk = 4096;
    std::vector<std::uint16_t> in16(4 * chunk), out16(3 * chunk);
    for (std::size_t done = 0; done < pixels; done += chunk) {
      const std::size_t n = std::min(chunk, pixels - done);
      for (std::size_t i = 0; i < n; ++i)
        for (std::size_t k = 0; k < nc; ++k) in16[i * nc + k] = jdk_to_16(in[(done + i) * stride + k], mask);
      cmsDoTransform(xform_, in16.data(), out16.data(), static_cast<cmsUInt32Number>(n));
      for (std::size_t i = 0; i < n; ++i)
        for (std::size_t k = 0; k < 3; ++k)
          bgr[(done + i) * out_channels + k] = static_cast<std::uint8_t>(jdk_scale_to_8(out16[3 * i + k], 65535));
    }
  }

 private:
  lcms_context ctx_;
  icc_space space_ = icc_space::none;
  cmsHTRANSFORM xform_ = nullptr;
};

// The transform for a profile, kept per thread for the next images: building one (cmsCreateTransform
// samples the profile's curves into lookup tables) took 37 % of read_images' CPU on the sample
// photos, more than the JPEG decode, and a folder's photos share a handful of profiles. Per thread,
// so a transform is only ever used by one thread; the 8 most recent, profiles up to 1 MiB.
inline const icc_to_srgb& cached_icc_to_srgb(std::span<const std::uint8_t> profile, icc_space want, icc_path path) {
  struct entry {
    std::vector<std::uint8_t> profile;
    icc_space want;
    icc_path path;
    std::unique_ptr<icc_to_srgb> transform;
  };
  thread_local std::vector<entry> recent;  // most recently used last
  for (std::size_t i = 0; i < recent.size(); ++i) {
    entry& e = recent[i];
    if (e.want == want && e.path == path && std::ranges::equal(e.profile, profile)) {
      std::rotate(recent.begin() + static_cast<std::ptrdiff_t>(i), recent.begin() + static_cast<std::ptrdiff_t>(i) + 1,
                  recent.end());
      return *recent.back().transform;
    }
  }
  auto made = std::make_unique<icc_to_srgb>(profile, want, path);
  if (profile.size() > (std::size_t{1} << 20)) {  // not kept: the caller's use ends before the next call
    thread_local std::unique_ptr<icc_to_srgb> large;
    large = std::move(made);
    return *large;
  }
  if (recent.size() == 8) recent.erase(recent.begin());
  recent.push_back({std::vector<std::uint8_t>(profile.begin(), profile.end()), want, path, std::move(made)});
  return *recent.back().transform;
}

}  // namespace imgframe::detail
