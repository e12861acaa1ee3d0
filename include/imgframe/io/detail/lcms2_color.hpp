#pragma once
// Colour management through LittleCMS (the JDK's own colour engine), as JDK 17 applies it to JPEGs:
//   - RGB JPEG with an ICC profile: JPEGImageReader converts each decoded 8-bit raster with
//     ColorConvertOp(profile -> sRGB): an 8-bit transform, perceptual intent (relative colorimetric
//     when the profile is of the output class);
//   - CMYK/YCCK JPEG (and CMYK TIFF) with an ICC profile: getRGB goes through ICC_ColorSpace.toRGB per
//     pixel: inks to 16 bits as (short)(v / 255f * 65535f + 0.5f), a 16-bit perceptual transform to
//     sRGB, back as (int)(v16 / 65535f * 255f + 0.5f).
// The JDK converts to its own sRGB profile; lcms2's built-in sRGB is the same space with a parametric
// curve, so values can differ by one here and there (measured in tests/runtime/io/test_decode_formats.cpp).
// Included by stb_implementation.hpp only when IMGFRAME_WITH_LCMS2 is set (link lcms2).
#include <lcms2.h>

#include <cstdint>
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

// An opened embedded profile plus the transform from it to sRGB.
class icc_to_srgb {
 public:
  // `input_format` is an lcms2 TYPE_* of the decoded samples; outputs are BGR.
  icc_to_srgb(std::span<const std::uint8_t> profile, icc_space want) {
    if (!ctx_.get() || profile.empty()) return;
    cmsHPROFILE in = cmsOpenProfileFromMemTHR(ctx_.get(), profile.data(), static_cast<cmsUInt32Number>(profile.size()));
    if (!in) return;
    const cmsColorSpaceSignature cs = cmsGetColorSpace(in);
    space_ = cs == cmsSigRgbData ? icc_space::rgb : cs == cmsSigCmykData ? icc_space::cmyk
           : cs == cmsSigGrayData ? icc_space::gray : icc_space::other;
    if (space_ == want && (want == icc_space::rgb || want == icc_space::cmyk)) {
      cmsHPROFILE srgb = cmsCreate_sRGBProfileTHR(ctx_.get());
      const cmsUInt32Number intent = cmsGetDeviceClass(in) == cmsSigOutputClass && want == icc_space::rgb
                                         ? INTENT_RELATIVE_COLORIMETRIC
                                         : INTENT_PERCEPTUAL;
      if (srgb)
        xform_ = cmsCreateTransformTHR(ctx_.get(), in, want == icc_space::rgb ? TYPE_BGR_8 : TYPE_CMYK_16, srgb,
                                       want == icc_space::rgb ? TYPE_BGR_8 : TYPE_BGR_16, intent, 0);
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

  // `pixels` C,M,Y,K bytes (true ink values, not Adobe-inverted) to B,G,R bytes, as ICC_ColorSpace.toRGB.
  void convert_cmyk(const std::uint8_t* cmyk, std::uint8_t* bgr, std::size_t pixels) const {
    std::uint16_t to16[256];
    for (unsigned v = 0; v < 256; ++v) {
      volatile float f = static_cast<float>(v) / 255.0f;
      volatile float scaled = f * 65535.0f;
      to16[v] = static_cast<std::uint16_t>(static_cast<int>(scaled + 0.5f));
    }
    constexpr std::size_t chunk = 4096;
    std::vector<std::uint16_t> in(4 * chunk), out(3 * chunk);
    for (std::size_t done = 0; done < pixels; done += chunk) {
      const std::size_t n = std::min(chunk, pixels - done);
      for (std::size_t i = 0; i < 4 * n; ++i) in[i] = to16[cmyk[4 * done + i]];
      cmsDoTransform(xform_, in.data(), out.data(), static_cast<cmsUInt32Number>(n));
      for (std::size_t i = 0; i < 3 * n; ++i) bgr[3 * done + i] = static_cast<std::uint8_t>(jdk_scale_to_8(out[i], 65535));
    }
  }

 private:
  lcms_context ctx_;
  icc_space space_ = icc_space::none;
  cmsHTRANSFORM xform_ = nullptr;
};

}  // namespace imgframe::detail
