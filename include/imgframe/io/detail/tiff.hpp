#pragma once
// TIFF through libtiff, with the rows JDK 17's TIFF reader (javax.imageio, so Spark) gives.
// Included by stb_implementation.hpp only when IMGFRAME_WITH_TIFF is set (link libtiff).
//
// libtiff decompresses the first IFD (strips or tiles, any planar configuration, LZW, Deflate,
// PackBits, CCITT, JPEG); the samples are then classified as com.sun.imageio.plugins.tiff's
// TIFFDecompressor.getRawImageTypeSpecifier does and turned into bytes as getRGB/getSample would:
//   - a ColorMap makes any 1-sample image indexed: 3 channels, entries (v * 255) / 65535 (truncated);
//   - 1/2/4-bit gray: an IndexColorModel ramp i * 255 / (2^b - 1), 3 channels;
//   - 8-bit gray: 1 channel raw; 16-bit gray: 1 channel, low byte; gray+alpha: 1 channel, alpha dropped;
//   - WhiteIsZero: every sample inverted first (the JDK XORs the raw data);
//   - 8/16-bit RGB: 3 channels; 4 samples: RGBA whatever ExtraSamples says, associated alpha undone
//     in float; 16-bit samples (int)(v / 65535f * 255f + 0.5f);
//   - CMYK (4 x 8-bit): the JDK's SimpleCMYKColorSpace formula, 3 channels;
//   - JPEG-compressed YCbCr: libjpeg's RGB; other YCbCr and old-style JPEG: libtiff's RGBA decode;
//   - an RGB ICC profile (RGB, unassociated RGBA): converted per pixel to sRGB as getRGB does
//     (IMGFRAME_WITH_LCMS2; detail/lcms2_color.hpp); a CMYK profile is ignored, as by the JDK.
// What the JDK refuses is refused under compat::spark: predictor 2 on samples other than 8-bit (LZW,
// Deflate), compressions it has no decompressor for (ZSTD, LZMA, WebP, JBIG, ...).
#include <tiffio.h>

#include <cstdarg>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "decode_support.hpp"
#include "jdk_color.hpp"
#if defined(IMGFRAME_WITH_LCMS2) && IMGFRAME_WITH_LCMS2
#include "lcms2_color.hpp"
#endif

namespace imgframe::detail {

// libtiff reads from memory through these client procedures.
struct tiff_source {
  std::span<const std::uint8_t> bytes;
  std::uint64_t pos = 0;
  std::string error;  // the first error libtiff reported
};

inline tmsize_t tiff_read(thandle_t h, void* buf, tmsize_t n) {
  auto* s = static_cast<tiff_source*>(h);
  if (n <= 0 || s->pos >= s->bytes.size()) return 0;
  const auto take = static_cast<std::size_t>(std::min<std::uint64_t>(static_cast<std::uint64_t>(n), s->bytes.size() - s->pos));
  std::memcpy(buf, s->bytes.data() + s->pos, take);
  s->pos += take;
  return static_cast<tmsize_t>(take);
}
inline tmsize_t tiff_write(thandle_t, void*, tmsize_t) { return -1; }
inline toff_t tiff_seek(thandle_t h, toff_t off, int whence) {
  auto* s = static_cast<tiff_source*>(h);
  std::uint64_t base = whence == SEEK_CUR ? s->pos : whence == SEEK_END ? s->bytes.size() : 0;
  if (off > UINT64_MAX - base) return static_cast<toff_t>(-1);
  s->pos = base + off;  // past the end is allowed; reads there return 0 bytes
  return s->pos;
}
inline int tiff_close(thandle_t) { return 0; }
inline toff_t tiff_size(thandle_t h) { return static_cast<tiff_source*>(h)->bytes.size(); }
inline int tiff_map(thandle_t, void**, toff_t*) { return 0; }
inline void tiff_unmap(thandle_t, void*, toff_t) {}
inline int tiff_on_error(TIFF*, void* user, const char* module, const char* fmt, va_list ap) {
  auto* s = static_cast<tiff_source*>(user);
  if (s && s->error.empty()) {
    char buf[512];
    std::vsnprintf(buf, sizeof buf, fmt, ap);
    s->error = std::string(module ? module : "libtiff") + ": " + buf;
  }
  return 1;
}
inline int tiff_on_warning(TIFF*, void*, const char*, const char*, va_list) { return 1; }

struct tiff_closer {
  void operator()(TIFF* t) const noexcept { TIFFClose(t); }
};

// Compressions JDK 17's TIFF reader has a decompressor for (TIFFImageReader.getImageDecompressor...).
inline bool jdk_reads_compression(std::uint16_t c) noexcept {
  switch (c) {
    case COMPRESSION_NONE: case COMPRESSION_CCITTRLE: case COMPRESSION_CCITTFAX3: case COMPRESSION_CCITTFAX4:
    case COMPRESSION_LZW: case COMPRESSION_OJPEG: case COMPRESSION_JPEG: case COMPRESSION_ADOBE_DEFLATE:
    case COMPRESSION_DEFLATE: case COMPRESSION_PACKBITS:
      return true;
    default:
      return false;
  }
}

// The first IFD's samples, unpacked to one value per sample, interleaved (planes merged).
struct tiff_samples {
  std::vector<std::uint16_t> v;  // width * height * spp
  std::string error;
};

inline tiff_samples read_tiff_samples(TIFF* t, std::uint32_t w, std::uint32_t h, std::uint16_t spp, std::uint16_t bps,
                                      bool separate) {
  tiff_samples out;
  const std::size_t n = static_cast<std::size_t>(w) * h * spp;
  out.v.resize(n);
  const unsigned planes = separate ? spp : 1u;
  const unsigned per_pixel = separate ? 1u : spp;  // samples per pixel within one plane
  // Writes the packed row `src` (starting at pixel x0, `count` pixels) of plane p, row y into out.v.
  auto unpack = [&](const std::uint8_t* src, std::uint32_t y, std::uint32_t x0, std::uint32_t count, unsigned p) {
    std::uint16_t* dst = out.v.data() + (static_cast<std::size_t>(y) * w + x0) * spp;
    const std::size_t values = static_cast<std::size_t>(count) * per_pixel;
    for (std::size_t i = 0; i < values; ++i) {
      std::uint16_t s;
      if (bps == 8) {
        s = src[i];
      } else if (bps == 16) {
        std::memcpy(&s, src + 2 * i, 2);  // libtiff swabs to native order
      } else {
        const std::size_t bit = i * bps;
        s = static_cast<std::uint16_t>((src[bit >> 3] >> (8 - bps - (bit & 7))) & ((1u << bps) - 1));
      }
      const std::size_t pixel = i / per_pixel, k = separate ? p : i % per_pixel;
      dst[pixel * spp + k] = s;
    }
  };
  if (TIFFIsTiled(t)) {
    std::uint32_t tw = 0, th = 0;
    TIFFGetField(t, TIFFTAG_TILEWIDTH, &tw);
    TIFFGetField(t, TIFFTAG_TILELENGTH, &th);
    const tmsize_t tile_bytes = TIFFTileSize(t), row_bytes = TIFFTileRowSize(t);
    if (tw == 0 || th == 0 || tile_bytes <= 0 || row_bytes <= 0) {
      out.error = "bad tile size";
      return out;
    }
    std::vector<std::uint8_t> tile(static_cast<std::size_t>(tile_bytes));
    for (unsigned p = 0; p < planes; ++p)
      for (std::uint32_t ty = 0; ty < h; ty += th)
        for (std::uint32_t tx = 0; tx < w; tx += tw) {
          if (TIFFReadTile(t, tile.data(), tx, ty, 0, static_cast<std::uint16_t>(p)) < 0) {
            out.error = "cannot read the tile at " + std::to_string(tx) + "," + std::to_string(ty);
            return out;
          }
          const std::uint32_t cw = std::min(tw, w - tx), ch = std::min(th, h - ty);
          for (std::uint32_t r = 0; r < ch; ++r)
            unpack(tile.data() + static_cast<std::size_t>(r) * static_cast<std::size_t>(row_bytes), ty + r, tx, cw, p);
        }
  } else {
    const tmsize_t row_bytes = TIFFScanlineSize(t);
    if (row_bytes <= 0) {
      out.error = "bad scanline size";
      return out;
    }
    std::vector<std::uint8_t> row(static_cast<std::size_t>(row_bytes));
    for (unsigned p = 0; p < planes; ++p)
      for (std::uint32_t y = 0; y < h; ++y) {
        if (TIFFReadScanline(t, row.data(), y, static_cast<std::uint16_t>(p)) < 0) {
          out.error = "cannot read row " + std::to_string(y);
          return out;
        }
        unpack(row.data(), y, 0, w, p);
      }
  }
  return out;
}

inline decode_result& decode_tiff(decode_result& r, std::span<const std::uint8_t> bytes, const decode_options& o) {
  const bool spark = o.quirks == compat::spark;
  tiff_source src{bytes, 0, {}};
  TIFFOpenOptions* opts = TIFFOpenOptionsAlloc();
  if (!opts) return set_failure(r, failure::too_large, "cannot allocate libtiff's open options");
  TIFFOpenOptionsSetErrorHandlerExtR(opts, tiff_on_error, &src);
  TIFFOpenOptionsSetWarningHandlerExtR(opts, tiff_on_warning, nullptr);
  // One allocation may not exceed what the row itself may take (plus strip/tile slack).
  TIFFOpenOptionsSetMaxSingleMemAlloc(opts, static_cast<tmsize_t>(std::min<std::uint64_t>(
                                                2 * o.limits.max_decoded_bytes + (16ull << 20), INT64_MAX / 2)));
  std::unique_ptr<TIFF, tiff_closer> tif(TIFFClientOpenExt("memory", "rm", &src, tiff_read, tiff_write, tiff_seek,
                                                           tiff_close, tiff_size, tiff_map, tiff_unmap, opts));
  TIFFOpenOptionsFree(opts);
  auto fail = [&](failure f, const std::string& what) -> decode_result& {
    return set_failure(r, f, what + (src.error.empty() ? std::string() : " (" + src.error + ")"));
  };
  if (!tif) return fail(failure::corrupt, "corrupt TIFF header");
  TIFF* t = tif.get();

  std::uint32_t w = 0, h = 0;
  std::uint16_t spp = 1, bps = 1, photometric = 0, planar = PLANARCONFIG_CONTIG, compression = COMPRESSION_NONE,
                predictor = PREDICTOR_NONE, sample_format = SAMPLEFORMAT_UINT;
  TIFFGetField(t, TIFFTAG_IMAGEWIDTH, &w);
  TIFFGetField(t, TIFFTAG_IMAGELENGTH, &h);
  TIFFGetFieldDefaulted(t, TIFFTAG_SAMPLESPERPIXEL, &spp);
  TIFFGetFieldDefaulted(t, TIFFTAG_BITSPERSAMPLE, &bps);
  TIFFGetFieldDefaulted(t, TIFFTAG_PLANARCONFIG, &planar);
  TIFFGetFieldDefaulted(t, TIFFTAG_COMPRESSION, &compression);
  TIFFGetFieldDefaulted(t, TIFFTAG_PREDICTOR, &predictor);
  TIFFGetFieldDefaulted(t, TIFFTAG_SAMPLEFORMAT, &sample_format);
  std::uint16_t* red = nullptr;
  std::uint16_t* green = nullptr;
  std::uint16_t* blue = nullptr;
  const bool has_colormap = TIFFGetField(t, TIFFTAG_COLORMAP, &red, &green, &blue) == 1 && red && green && blue;
  if (!TIFFGetField(t, TIFFTAG_PHOTOMETRIC, &photometric)) {
    // TIFFImageReader's defaults for a missing PhotometricInterpretation.
    if (compression == COMPRESSION_CCITTRLE || compression == COMPRESSION_CCITTFAX3 || compression == COMPRESSION_CCITTFAX4)
      photometric = PHOTOMETRIC_MINISWHITE;
    else if (has_colormap) photometric = PHOTOMETRIC_PALETTE;
    else if (spp == 3 || spp == 4) photometric = PHOTOMETRIC_RGB;
    else photometric = PHOTOMETRIC_MINISBLACK;
  }
  std::uint16_t extra_count = 0;
  std::uint16_t* extra = nullptr;
  TIFFGetField(t, TIFFTAG_EXTRASAMPLES, &extra_count, &extra);
  const bool associated = extra_count > 0 && extra && extra[0] == EXTRASAMPLE_ASSOCALPHA;

  if (w == 0 || h == 0) return fail(failure::corrupt, "TIFF has zero width or height");
  if (spark && !jdk_reads_compression(compression))
    return fail(failure::unsupported_format,
                "TIFF compression " + std::to_string(compression) +
                    " is not read by Spark's ImageIO (JDK 17 reads none, CCITT, LZW, JPEG, Deflate, PackBits); "
                    "compat::faithful decodes it with libtiff");
  if (spark && predictor == PREDICTOR_HORIZONTAL && bps != 8 &&
      (compression == COMPRESSION_LZW || compression == COMPRESSION_ADOBE_DEFLATE || compression == COMPRESSION_DEFLATE))
    return fail(failure::unsupported_format,
                std::to_string(bps) + "-bit TIFF samples with the horizontal predictor: Spark's ImageIO refuses them "
                "(\"not supported for Horizontal differencing Predictor\"); compat::faithful decodes them");
  if (sample_format == SAMPLEFORMAT_IEEEFP || (sample_format != SAMPLEFORMAT_UINT && sample_format != SAMPLEFORMAT_VOID &&
                                               sample_format != SAMPLEFORMAT_INT))
    return fail(failure::unsupported_format, "floating-point TIFF samples are not supported");
  const bool bits_ok = bps == 1 || bps == 2 || bps == 4 || bps == 8 || bps == 16;

  // Output channels by the JDK's classification.
  enum class kind { indexed, gray_ramp, gray, rgb, rgba, cmyk, rgba_by_libtiff } k;
  if (spp == 1 && bits_ok && has_colormap) k = kind::indexed;
  else if (spp == 1 && bits_ok && bps < 8) k = kind::gray_ramp;
  else if ((spp == 1 || spp == 2) && (bps == 8 || bps == 16) &&
           (photometric == PHOTOMETRIC_MINISBLACK || photometric == PHOTOMETRIC_MINISWHITE)) k = kind::gray;
  else if (photometric == PHOTOMETRIC_YCBCR && compression == COMPRESSION_JPEG && spp == 3 && bps == 8) k = kind::rgb;
  else if (photometric == PHOTOMETRIC_YCBCR || compression == COMPRESSION_OJPEG) k = kind::rgba_by_libtiff;
  else if (photometric == PHOTOMETRIC_RGB && spp == 3 && (bps == 8 || bps == 16)) k = kind::rgb;
  else if (photometric == PHOTOMETRIC_RGB && spp == 4 && (bps == 8 || bps == 16)) k = kind::rgba;
  else if (photometric == PHOTOMETRIC_SEPARATED && spp == 4 && bps == 8) k = kind::cmyk;
  else
    return fail(failure::unsupported_format, "TIFF with " + std::to_string(spp) + " samples of " + std::to_string(bps) +
                                                 " bits, photometric " + std::to_string(photometric) +
                                                 " is not supported");

  int channels = 3;
  if (k == kind::gray) channels = spark ? 1 : spp == 2 ? 4 : 1;
  else if (k == kind::gray_ramp) channels = spark ? 3 : 1;
  else if (k == kind::rgba) channels = 4;
  if (auto m = over_limits(o.limits, w, h, static_cast<std::uint64_t>(std::max(channels, int{spp})), bps > 8 ? 2 : 1))
    return set_failure(r, failure::too_large, *m);

  image_row row = make_row(std::move(r.row.origin), static_cast<int>(w), static_cast<int>(h), channels);
  auto failed_read = [&](const std::string& what) -> decode_result& {
    r.row.origin = std::move(row.origin);
    return fail(failure::corrupt, "corrupt TIFF data: " + what);
  };
  const std::size_t pixels = static_cast<std::size_t>(w) * h;

  if (k == kind::rgba_by_libtiff) {
    std::vector<std::uint32_t> rgba(pixels);
    // Asking for the file's own orientation keeps the stored order (the JDK ignores the tag too).
    std::uint16_t stored_orientation = ORIENTATION_TOPLEFT;
    TIFFGetFieldDefaulted(t, TIFFTAG_ORIENTATION, &stored_orientation);
    if (!TIFFReadRGBAImageOriented(t, w, h, rgba.data(), stored_orientation, 0)) return failed_read("RGBA decode failed");
    for (std::size_t i = 0; i < pixels; ++i) {
      row.data[3 * i] = static_cast<std::uint8_t>(TIFFGetB(rgba[i]));
      row.data[3 * i + 1] = static_cast<std::uint8_t>(TIFFGetG(rgba[i]));
      row.data[3 * i + 2] = static_cast<std::uint8_t>(TIFFGetR(rgba[i]));
    }
    r.row = std::move(row);
    return r;
  }
  if (photometric == PHOTOMETRIC_YCBCR && compression == COMPRESSION_JPEG)
    TIFFSetField(t, TIFFTAG_JPEGCOLORMODE, JPEGCOLORMODE_RGB);  // libjpeg upsamples and converts

  tiff_samples s = read_tiff_samples(t, w, h, spp, bps, planar == PLANARCONFIG_SEPARATE && spp > 1);
  if (!s.error.empty()) return failed_read(s.error);
  if (photometric == PHOTOMETRIC_MINISWHITE) {
    const std::uint16_t all = static_cast<std::uint16_t>((1u << bps) - 1);
    for (auto& v : s.v) v = static_cast<std::uint16_t>(v ^ all);
  }

  const std::uint16_t* in = s.v.data();
  std::uint8_t* out = row.data.data();
  const unsigned mask = (1u << bps) - 1;
#if defined(IMGFRAME_WITH_LCMS2) && IMGFRAME_WITH_LCMS2
  // An ICC profile replaces the colour space of a component colour model (TIFFImageReader.getImageTypes):
  // getRGB then converts every pixel through it. Gray reads raw samples anyway. CMYK profiles never
  // take: the reader's check iccColorSpace.toRGB(new float[]{1, 1, 1}) throws for a 4-component space,
  // so it falls back to SimpleCMYKColorSpace (verified on the JDK). Associated alpha through a profile
  // is not reproduced (the formula path is used).
  std::uint32_t icc_size = 0;
  void* icc_data = nullptr;
  if ((k == kind::rgb || (k == kind::rgba && !associated)) &&
      TIFFGetField(t, TIFFTAG_ICCPROFILE, &icc_size, &icc_data) == 1 && icc_data && icc_size > 0) {
    const icc_to_srgb& icc =
        cached_icc_to_srgb({static_cast<const std::uint8_t*>(icc_data), icc_size}, icc_space::rgb, icc_path::per_pixel16);
    if (icc.ok()) {
      icc.convert_per_pixel(in, spp, mask, out, static_cast<std::size_t>(channels), pixels);
      if (k == kind::rgba)
        for (std::size_t i = 0; i < pixels; ++i)
          out[4 * i + 3] = static_cast<std::uint8_t>(bps == 8 ? in[4 * i + 3] : jdk_scale_to_8(in[4 * i + 3], mask));
      r.row = std::move(row);
      return r;
    }
  }
#endif
  switch (k) {
    case kind::indexed: {
      const std::size_t entries = std::size_t{1} << bps;
      std::vector<std::uint8_t> lut(3 * entries);
      for (std::size_t i = 0; i < entries; ++i) {
        lut[3 * i] = static_cast<std::uint8_t>((blue[i] * 255u) / 65535u);
        lut[3 * i + 1] = static_cast<std::uint8_t>((green[i] * 255u) / 65535u);
        lut[3 * i + 2] = static_cast<std::uint8_t>((red[i] * 255u) / 65535u);
      }
      for (std::size_t i = 0; i < pixels; ++i) std::memcpy(out + 3 * i, lut.data() + 3 * in[i], 3);
      break;
    }
    case kind::gray_ramp:
      for (std::size_t i = 0; i < pixels; ++i) {
        const auto v = static_cast<std::uint8_t>(in[i] * 255u / mask);
        for (int c = 0; c < channels; ++c) out[i * static_cast<std::size_t>(channels) + static_cast<std::size_t>(c)] = v;
      }
      break;
    case kind::gray:
      for (std::size_t i = 0; i < pixels; ++i) {
        const unsigned g = in[i * spp];
        // Spark reads band 0 raw (16-bit: the low byte); faithful scales 16-bit like colour.
        const auto v = static_cast<std::uint8_t>(bps == 8 ? g : spark ? (g & 0xFF) : static_cast<unsigned>(jdk_scale_to_8(g, mask)));
        if (channels == 1) {
          out[i] = v;
        } else {
          const unsigned a = spp == 2 ? in[i * spp + 1] : mask;
          out[4 * i] = out[4 * i + 1] = out[4 * i + 2] = v;
          out[4 * i + 3] = static_cast<std::uint8_t>(bps == 8 ? a : static_cast<unsigned>(jdk_scale_to_8(a, mask)));
        }
      }
      break;
    case kind::rgb:
    case kind::rgba: {
      const bool alpha = k == kind::rgba;
      for (std::size_t i = 0; i < pixels; ++i) {
        const std::uint16_t* p = in + i * spp;
        int c[3], a = 255;
        if (alpha) a = bps == 8 ? p[3] : jdk_scale_to_8(p[3], mask);
        for (int j = 0; j < 3; ++j)
          c[j] = alpha && associated ? jdk_unpremultiply(p[j], p[3], mask) : bps == 8 ? p[j] : jdk_scale_to_8(p[j], mask);
        unpack_argb(c[0], c[1], c[2], a, out + i * static_cast<std::size_t>(channels), alpha);
      }
      break;
    }
    case kind::cmyk:
      jdk_simple_cmyk_to_bgr(in, out, pixels);
      break;
    case kind::rgba_by_libtiff:
      break;
  }
  r.row = std::move(row);
  return r;
}

}  // namespace imgframe::detail
