#pragma once
// Opt-in: include in EXACTLY ONE translation unit of a program. Compiles stb_image (vendored v2.30,
// static, restricted: no stdio, no PIC, never the animated-GIF API, the flip or the HDR/LDR setters;
// only the per-thread CgBI switches, for compat::faithful)
// and imgframe::decode() on top of it, guarded as docs/reliability.md section 0 asks:
//   - format sniffed by content; only JPEG, PNG, BMP, GIF unless decode_options::extra_formats;
//     TGA (no magic number) only for names ending in .tga;
//   - stbi_info_from_memory first, and side / pixel / decoded-byte limits checked before stb allocates;
//   - every stb allocation goes through a per-thread budget that fails instead of exhausting memory.
// GIF and 1/4/8-bit BMP (uncompressed and RLE) do not go through stb: they are read by ports of the
// JDK's own readers (detail/gif_frame.hpp, bmp_palette.hpp, bmp_rle.hpp), so that damaged files and
// palette indices past the palette give Spark's bytes, never uninitialised memory.
// Define IMGFRAME_WITH_TURBOJPEG (and link libturbojpeg) in that TU to decode JPEG with
// libjpeg-turbo's default settings, which give the JDK's (so Spark's) pixels byte for byte;
// IMGFRAME_WITH_TIFF (link libtiff-4) to decode TIFF as JDK 17's ImageIO does (detail/tiff.hpp);
// IMGFRAME_WITH_LCMS2 (link lcms2) to convert ICC-profile JPEGs to sRGB as the JDK does;
// IMGFRAME_WITH_LIBJPEG too (link libjpeg, libjpeg-turbo's libjpeg API) to decode only shrink-on-load's
// crop region of a JPEG (detail/jpeg_region.hpp).
#include <algorithm>
#include <climits>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "../core/mode.hpp"
#include "decode.hpp"
#include "detail/decode_support.hpp"
#include "detail/bmp_header.hpp"
#include "detail/bmp_palette.hpp"
#include "detail/bmp_rle.hpp"
#include "detail/exif_orientation.hpp"
#include "detail/gif_frame.hpp"
#include "detail/jdk_color.hpp"
#include "detail/jpeg_icc.hpp"
#include "detail/jpeg_header.hpp"
#include "detail/png_header.hpp"
#include "detail/wbmp.hpp"

namespace imgframe::detail {

// ---- per-thread allocation budget for stb_image ------------------------------------------------
struct stb_budget {
  std::uint64_t limit = 0;
  std::uint64_t used = 0;
  bool refused = false;  // an allocation was refused: the image needs more than the limit
};

inline thread_local stb_budget* active_stb_budget = nullptr;

// Each block carries its size in front (16 bytes keep malloc's alignment) so free/realloc can
// return it to the budget.
inline constexpr std::size_t stb_block_header = 16;

inline bool stb_budget_take(std::size_t n) noexcept {
  stb_budget* b = active_stb_budget;
  if (!b) return true;
  if (n > b->limit || b->used > b->limit - n) {
    b->refused = true;
    return false;
  }
  b->used += n;
  return true;
}

inline void stb_budget_give(std::size_t n) noexcept {
  if (stb_budget* b = active_stb_budget) b->used = n > b->used ? 0 : b->used - n;
}

// Zero-filled (calloc, and the grown part of a realloc): stb_image leaves parts of its buffers
// unwritten on some damaged files (e.g. the component planes of a JPEG whose scan ends early) and
// still returns an image, whose bytes would then be whatever the heap held.
inline void* stb_budget_malloc(std::size_t n) noexcept {
  if (n > SIZE_MAX - stb_block_header || !stb_budget_take(n)) return nullptr;
  auto* p = static_cast<unsigned char*>(std::calloc(1, n + stb_block_header));
  if (!p) {
    stb_budget_give(n);
    return nullptr;
  }
  std::memcpy(p, &n, sizeof n);
  return p + stb_block_header;
}

inline void stb_budget_free(void* q) noexcept {
  if (!q) return;
  auto* p = static_cast<unsigned char*>(q) - stb_block_header;
  std::size_t n;
  std::memcpy(&n, p, sizeof n);
  stb_budget_give(n);
  std::free(p);
}

inline void* stb_budget_realloc(void* q, std::size_t n) noexcept {
  if (!q) return stb_budget_malloc(n);
  auto* p = static_cast<unsigned char*>(q) - stb_block_header;
  std::size_t old;
  std::memcpy(&old, p, sizeof old);
  if (n > SIZE_MAX - stb_block_header) return nullptr;
  if (n > old && !stb_budget_take(n - old)) return nullptr;
  auto* np = static_cast<unsigned char*>(std::realloc(p, n + stb_block_header));
  if (!np) {
    if (n > old) stb_budget_give(n - old);
    return nullptr;  // the old block stays valid, as realloc promises
  }
  if (n < old) stb_budget_give(old - n);
  if (n > old) std::memset(np + stb_block_header + old, 0, n - old);
  std::memcpy(np, &n, sizeof n);
  return np + stb_block_header;
}

class stb_budget_scope {
 public:
  explicit stb_budget_scope(stb_budget& b) noexcept : previous_(active_stb_budget) { active_stb_budget = &b; }
  ~stb_budget_scope() { active_stb_budget = previous_; }
  stb_budget_scope(const stb_budget_scope&) = delete;
  stb_budget_scope& operator=(const stb_budget_scope&) = delete;

 private:
  stb_budget* previous_;
};

}  // namespace imgframe::detail

// stb_image's implementation is compiled in this TU.
#define STB_IMAGE_IMPLEMENTATION
// stb_image's functions are static to this TU.
#define STB_IMAGE_STATIC
// No stdio: imgframe reads the bytes.
#define STBI_NO_STDIO
// No PIC format.
#define STBI_NO_PIC
// stb's allocations go through the per-thread decode budget.
#define STBI_MALLOC(sz) ::imgframe::detail::stb_budget_malloc(sz)
// stb's allocations go through the per-thread decode budget.
#define STBI_REALLOC(p, newsz) ::imgframe::detail::stb_budget_realloc(p, newsz)
// stb's allocations go through the per-thread decode budget.
#define STBI_FREE(p) ::imgframe::detail::stb_budget_free(p)
#if defined(__GNUC__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wunused-function"
#pragma GCC diagnostic ignored "-Wsign-compare"
#pragma GCC diagnostic ignored "-Wunused-parameter"
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"
#pragma GCC diagnostic ignored "-Wimplicit-fallthrough"
#endif
#include <stb_image.h>
#if defined(__GNUC__)
#pragma GCC diagnostic pop
#endif

#if defined(IMGFRAME_WITH_TURBOJPEG) && IMGFRAME_WITH_TURBOJPEG
#include <turbojpeg.h>
#define IMGFRAME_IO_TURBOJPEG 1
#else
// 1 when this TU decodes JPEG with libjpeg-turbo.
#define IMGFRAME_IO_TURBOJPEG 0
#endif

#if IMGFRAME_IO_TURBOJPEG && defined(IMGFRAME_WITH_LIBJPEG) && IMGFRAME_WITH_LIBJPEG
#include "detail/jpeg_region.hpp"
#define IMGFRAME_IO_LIBJPEG 1
#else
// 1 when this TU decodes shrink-on-load's crop region alone with libjpeg-turbo's libjpeg API.
#define IMGFRAME_IO_LIBJPEG 0
#endif

#if defined(IMGFRAME_WITH_LCMS2) && IMGFRAME_WITH_LCMS2
#include "detail/lcms2_color.hpp"
#define IMGFRAME_IO_LCMS2 1
#else
// 1 when this TU converts ICC profiles with lcms2.
#define IMGFRAME_IO_LCMS2 0
#endif

#if defined(IMGFRAME_WITH_WEBP) && IMGFRAME_WITH_WEBP
#include "detail/webp.hpp"
#define IMGFRAME_IO_WEBP 1
#else
// 1 when this TU decodes WebP with libwebp.
#define IMGFRAME_IO_WEBP 0
#endif

#if defined(IMGFRAME_WITH_TIFF) && IMGFRAME_WITH_TIFF
#include "detail/tiff.hpp"
#define IMGFRAME_IO_TIFF 1
#else
// 1 when this TU decodes TIFF with libtiff.
#define IMGFRAME_IO_TIFF 0
#endif

namespace imgframe {
namespace detail {

inline std::string stb_reason() {
  const char* s = stbi_failure_reason();
  return std::string("stb_image: ") + (s && *s ? s : "unknown error");
}

// Spark row from decoder output: `src` holds `sc` interleaved R,G,B(,A) or gray(,alpha) samples per
// pixel, `stride` elements per row; `map[k]` is the source channel of output channel k.
template <class T>
void pack_row_data(const T* src, std::size_t stride, int sc, int w, int h, const int* map, int dc, bool low_byte,
                   std::uint8_t* dst) {
  for (int y = 0; y < h; ++y) {
    const T* s = src + static_cast<std::size_t>(y) * stride;
    for (int x = 0; x < w; ++x, s += sc, dst += dc) {
      for (int k = 0; k < dc; ++k) {
        const T v = s[map[k]];
        if constexpr (sizeof(T) == 1) {
          dst[k] = v;
        } else {
          // 16-bit: Spark keeps the low byte of gray samples and rounds colour to 8 bits.
          dst[k] = static_cast<std::uint8_t>(low_byte ? (v & 0xFF) : (static_cast<unsigned>(v) + 128u) / 257u);
        }
      }
    }
  }
}

// Output channel k <- source channel map[k] (source channels are gray/GA or RGB/RGBA).
inline const int* channel_map(int sc, int dc) noexcept {
  static constexpr int gray1[] = {0}, gray3[] = {0, 0, 0}, ga4[] = {0, 0, 0, 1}, bgr[] = {2, 1, 0}, bgra[] = {2, 1, 0, 3};
  if (sc <= 2) return dc == 1 ? gray1 : dc == 3 ? gray3 : ga4;
  return dc == 4 ? bgra : bgr;
}

// stb replicates the bits of an n-bit BMP field (v << 3 | v >> 2 for 5 bits); the JDK rounds
// v * 255 / (2^n - 1). The top n bits of stb's byte are v, so the JDK value follows from it.
inline void rescale_bmp_fields(std::uint8_t* px, std::size_t pixels, int channels, const bmp_header& b) {
  for (int k = 0; k < channels && k < 4; ++k) {
    const int n = mask_bits(b.mask[k]);
    if (n < 1 || n > 7) continue;
    std::uint8_t table[256];
    const unsigned top = (1u << n) - 1;
    for (unsigned o = 0; o < 256; ++o) table[o] = static_cast<std::uint8_t>(((o >> (8 - n)) * 255u + top / 2) / top);
    for (std::size_t i = 0; i < pixels; ++i) px[i * static_cast<std::size_t>(channels) + static_cast<std::size_t>(k)] =
        table[px[i * static_cast<std::size_t>(channels) + static_cast<std::size_t>(k)]];
  }
}

inline std::string unsupported_extra_message(image_format f) {
  const std::string name(format_name(f));
  std::string flag = name;
  for (auto& c : flag) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  return name + " is not read by Spark's ImageIO; enable decode_options::extra_formats |= extra_format::" + flag +
         " to decode it";
}

struct stb_image_deleter {
  void operator()(void* p) const noexcept { stbi_image_free(p); }
};

#if IMGFRAME_IO_TURBOJPEG
// Colour management of a gray or RGB JPEG's row as JDK 17's JPEG reader does it (detail/lcms2_color.hpp):
// a gray JPEG keeps its samples whatever its profile says; RGB with a profile is converted to sRGB
// (with lcms2, pixel by pixel: a region converts as it does within the whole image; compat::faithful
// keeps the stored samples). CMYK (always converted: a row is BGR) is decode_turbojpeg's.
inline decode_result& convert_jpeg_colour(decode_result& r, image_row row, [[maybe_unused]] std::span<const std::uint8_t> bytes,
                                          [[maybe_unused]] const decode_options& o, [[maybe_unused]] bool gray) {
#if IMGFRAME_IO_LCMS2
  if (!gray && o.quirks == compat::spark) {  // faithful: the stored samples
    const auto profile = jpeg_icc_profile(bytes);
    if (!profile.empty()) {
      const icc_to_srgb& icc = cached_icc_to_srgb(profile, icc_space::rgb, icc_path::raster8);
      if (icc.ok()) icc.convert_bgr(row.data.data(), static_cast<std::size_t>(row.width) * static_cast<std::size_t>(row.height));
    }
  }
#endif
  r.row = std::move(row);
  return r;
}

// The part of a sw x sh decode of the w x h image that shrink-on-load needs: the leading crop's region,
// or the source window of a resize + crop; empty when a crop leaves the image (decode() or the
// pipeline reports that).
inline roi shrink_region(const shrink_on_load& s, int w, int h, int sw, int sh) noexcept {
  try {
    return s.crops() ? s.scaled_region(w, h, sw, sh) : s.source_window(s, sw, sh);
  } catch (const std::exception&) {
    return {};
  }
}

// A CMYK / YCCK JPEG's decoded inks (4 per pixel, as TJPF_CMYK gives them) to B,G,R as the JDK
// converts them: every byte flipped (Adobe's inverted storage), then through the embedded CMYK profile
// if there is one, else its SimpleCMYKColorSpace formula. Pixel by pixel: a region converts as it
// does within the whole image.
inline void jdk_cmyk_to_bgr(std::vector<std::uint8_t>& inks, std::uint8_t* bgr, std::size_t pixels,
                            [[maybe_unused]] std::span<const std::uint8_t> bytes) {
  for (auto& v : inks) v = static_cast<std::uint8_t>(255 - v);
#if IMGFRAME_IO_LCMS2
  const auto profile = jpeg_icc_profile(bytes);
  if (!profile.empty()) {
    const icc_to_srgb& icc = cached_icc_to_srgb(profile, icc_space::cmyk, icc_path::per_pixel16);
    if (icc.ok()) {
      icc.convert_per_pixel(inks.data(), 4, 255, bgr, 3, pixels);
      return;
    }
  }
#endif
  jdk_simple_cmyk_to_bgr(inks.data(), bgr, pixels);
}

// After tjDecompress2 on `bytes` returned -1 with TJERR_WARNING and the text `last`: whether a fatal
// error followed the warning and stopped the decode (`last` is then its text). libjpeg outputs the
// text of the first warning only, so a decode that ends with another text ended on a fatal error; the
// first warning's text comes from a decode that stops at it (at 1/8 scale: the entropy decoding and
// its warnings are the same at every scale). Only damaged files pay for it.
inline bool turbojpeg_fatal_after_warning(tjhandle tj, std::span<const std::uint8_t> bytes, int format,
                                          const std::string& last) {
  int w = 0, h = 0, subsamp = 0, cs = 0;
  const auto size = static_cast<unsigned long>(bytes.size());
  tjDecompressHeader3(tj, bytes.data(), size, &w, &h, &subsamp, &cs);
  const tjscalingfactor eighth{1, 8};
  const int sw = TJSCALED(w, eighth), sh = TJSCALED(h, eighth);
  std::vector<std::uint8_t> scratch(static_cast<std::size_t>(sw) * static_cast<std::size_t>(sh) *
                                    static_cast<std::size_t>(tjPixelSize[format]));
  tjDecompress2(tj, bytes.data(), size, scratch.data(), sw, 0, sh, format, TJFLAG_STOPONWARNING);
  return last != tjGetErrorStr2(tj);
}

inline decode_result& decode_turbojpeg(decode_result& r, std::span<const std::uint8_t> bytes, const decode_options& o,
                                       [[maybe_unused]] const jpeg_header& jpg) {
  tjhandle tj = tjInitDecompress();
  if (!tj) return set_failure(r, failure::corrupt, "cannot start libjpeg-turbo: " + std::string(tjGetErrorStr2(nullptr)));
  struct closer {
    tjhandle h;
    ~closer() { tjDestroy(h); }
  } close{tj};
  int w = 0, h = 0, subsamp = 0, cs = 0;
  const auto size = static_cast<unsigned long>(bytes.size());
  // Warnings (e.g. "extraneous bytes before marker") are not errors: the JDK decodes such files too.
  if (tjDecompressHeader3(tj, bytes.data(), size, &w, &h, &subsamp, &cs) != 0 && tjGetErrorCode(tj) != TJERR_WARNING)
    return set_failure(r, failure::corrupt, "corrupt JPEG header (libjpeg-turbo: " + std::string(tjGetErrorStr2(tj)) + ")");
  if (w <= 0 || h <= 0) return set_failure(r, failure::corrupt, "JPEG has zero width or height");
  const bool gray = cs == TJCS_GRAY, cmyk = cs == TJCS_CMYK || cs == TJCS_YCCK;
  const int channels = gray ? 1 : 3;
  if (auto m = over_limits(o.limits, static_cast<std::uint64_t>(w), static_cast<std::uint64_t>(h), cmyk ? 4 : channels, 1))
    return set_failure(r, failure::too_large, *m);
  // Sizes are compared as the pipeline sees them: after an EXIF rotation by 90 degrees, if applied.
  const int orientation = o.shrink.enabled() && o.apply_exif_orientation ? exif_orientation(bytes, image_format::jpeg) : 1;
  [[maybe_unused]] int denom = 1;  // the DCT scale is 1/denom
  if (o.shrink.enabled()) {
    // Shrink-on-load: the smallest of the scales 1/2, 1/4, 1/8 whose output still fits. Only these:
    // libjpeg-turbo's other N/8 scales have no SIMD IDCT, and 7/8, 3/4 and 5/8 decode slower than 1/1
    // (measured: hubble_deep_field 1/1 6.7 ms, 3/4 7.1, 7/8 8.7), as libvips and Pillow's draft() know.
    const bool turned = orientation >= 5;
    int n = 0, bw = w, bh = h;
    const tjscalingfactor* f = tjGetScalingFactors(&n);
    for (int i = 0; f != nullptr && i < n; ++i) {
      if (f[i].num != 1) continue;
      const int sw = TJSCALED(w, f[i]), sh = TJSCALED(h, f[i]);
      bool fits = false;
      try {
        fits = turned ? o.shrink.fits(h, w, sh, sw) : o.shrink.fits(w, h, sw, sh);
      } catch (const std::exception&) {  // a crop outside the image: decode() reports it
      }
      if (fits && static_cast<long long>(sw) * sh < static_cast<long long>(bw) * bh) bw = sw, bh = sh, denom = f[i].denom;
    }
    r.full_width = w, r.full_height = h;
    w = bw, h = bh;  // tjDecompress2 picks the scale that gives exactly this size
  }
#if IMGFRAME_IO_LIBJPEG
  // ROI decode (detail/jpeg_region.hpp): only the leading crop's region, or the source window the
  // pipeline's resize + crop reads (roi_plan), when the whole-image path would give the same bytes
  // and the same errors (decode_options::region_decode).
  // A one-scan JPEG with anything but restart markers after its scan header (a segment, or a second
  // scan libjpeg would not expect) takes the whole-image path: libjpeg meets it after the last row.
  // With an applied EXIF orientation the pipeline's region is in the turned image's pixels: the stored
  // pixels under it are decoded, then turned as the whole image would be.
  if ((o.shrink.crops() || o.shrink.source_window) && o.region_decode &&
      (jpg.reads_all_scans_first() || (jpg.scans == 1 && !jpg.markers_after_sos))) {
    const bool turned = orientation >= 5;
    const int tw = turned ? h : w, th = turned ? w : h;
    const roi q = turned ? shrink_region(o.shrink, r.full_height, r.full_width, tw, th)
                         : shrink_region(o.shrink, r.full_width, r.full_height, tw, th);
    if (q.width > 0 && q.height > 0 && q.x >= 0 && q.y >= 0 && q.x + q.width <= tw && q.y + q.height <= th &&
        (q.width < tw || q.height < th)) {
      const roi stored = stored_region(q, orientation, w, h);
      image_row row = make_row(std::move(r.row.origin), stored.width, stored.height, channels, no_init);
      const std::size_t pixels = static_cast<std::size_t>(stored.width) * static_cast<std::size_t>(stored.height);
      std::vector<std::uint8_t> inks(cmyk ? 4 * pixels : 0);
      const jpeg_region_status s = decode_jpeg_region(bytes, denom, w, h, stored, cmyk ? 4 : channels,
                                                      cmyk ? inks.data() : row.data.data());
      if (s.fatal) {  // also after a warning, as on the whole-image path
        r.row.origin = std::move(row.origin);
        return set_failure(r, r.truncated ? failure::truncated : failure::corrupt,
                           "corrupt JPEG data (libjpeg-turbo: " + s.message + ")");
      }
      if (!s.whole) {
        r.decoded_width = tw, r.decoded_height = th;
        r.window = q;
        r.region_decoded = true;
        if (turned) std::swap(r.full_width, r.full_height);
        if (cmyk) {
          jdk_cmyk_to_bgr(inks, row.data.data(), pixels, bytes);
          r.row = std::move(row);
        } else {
          convert_jpeg_colour(r, std::move(row), bytes, o, gray);
        }
        apply_orientation(r.row, orientation);
        return r;
      }
      r.row.origin = std::move(row.origin);  // the whole-image path after all
    }
  }
#endif
  // The decode writes every byte of the row, straight into the row's buffer, unless a fatal error
  // stops it part-way - also one that follows a warning, which tjGetErrorCode still calls
  // TJERR_WARNING. The JDK throws on it (an invalid row in Spark), so that is an invalid row too.
  image_row row = make_row(std::move(r.row.origin), w, h, channels, no_init);
  const std::size_t pixels = static_cast<std::size_t>(w) * static_cast<std::size_t>(h);
  std::vector<std::uint8_t> inks(cmyk ? 4 * pixels : 0);
  // Flags 0: ISLOW IDCT and fancy upsampling, libjpeg's defaults - what the JDK's decoder does.
  const int format = cmyk ? TJPF_CMYK : gray ? TJPF_GRAY : TJPF_BGR;
  if (tjDecompress2(tj, bytes.data(), size, cmyk ? inks.data() : row.data.data(), w, 0, h, format, 0) != 0) {
    const std::string message = tjGetErrorStr2(tj);
    if (tjGetErrorCode(tj) != TJERR_WARNING || turbojpeg_fatal_after_warning(tj, bytes, format, message)) {
      r.row.origin = std::move(row.origin);
      return set_failure(r, r.truncated ? failure::truncated : failure::corrupt,
                         "corrupt JPEG data (libjpeg-turbo: " + message + ")");
    }
  }
  if (!cmyk) return convert_jpeg_colour(r, std::move(row), bytes, o, gray);
  jdk_cmyk_to_bgr(inks, row.data.data(), pixels, bytes);
  r.row = std::move(row);
  return r;
}
#endif

// 1/4/8-bit BMP, uncompressed or RLE, read as the JDK reads it (bmp_palette.hpp, bmp_rle.hpp):
// stb leaves indices past a short palette uninitialised and has no RLE.
inline decode_result& decode_bmp_palette(decode_result& r, std::span<const std::uint8_t> bytes, const bmp_header& b,
                                         const decode_options& o) {
  const bool rle = b.compression == 1 || b.compression == 2;
  if (rle && b.bpp != (b.compression == 1 ? 8 : 4))
    return set_failure(r, failure::corrupt, "RLE BMP with " + std::to_string(b.bpp) + " bits per pixel");
  if (!rle && b.compression != 0 && b.bpp != 1)  // the JDK reads 1-bit rows whatever the compression says
    return set_failure(r, failure::corrupt, std::to_string(b.bpp) + "-bit BMP with compression " +
                                                std::to_string(b.compression));
  if (b.width <= 0 || b.height == 0 || b.height == INT32_MIN)
    return set_failure(r, failure::corrupt, "BMP header says " + std::to_string(b.width) + " x " + std::to_string(b.height));
  const bool top_down = b.height < 0;
  if (rle && top_down && strict_reading(o))
    return set_failure(r, failure::corrupt, "RLE BMP stored top-down (the format does not allow it; Spark reads it)");
  const auto w = static_cast<std::size_t>(b.width), h = static_cast<std::size_t>(top_down ? -b.height : b.height);
  bmp_palette pal;
  switch (read_bmp_palette(bytes, b.header_size, b.pixel_offset, pal)) {
    case bmp_palette_status::inside_header:
      return set_failure(r, failure::corrupt, "BMP pixel data offset " + std::to_string(b.pixel_offset) + " lies inside its header");
    case bmp_palette_status::truncated:
      return set_failure(r, failure::truncated, "truncated BMP: the data ends inside the palette");
    case bmp_palette_status::empty:
      return set_failure(r, failure::corrupt, std::to_string(b.bpp) + "-bit BMP without a palette");
    case bmp_palette_status::ok:
      break;
  }
  const int channels = bmp_palette_channels(pal, b.bpp);
  if (auto m = over_limits(o.limits, w, h, static_cast<std::uint64_t>(channels), 1)) return set_failure(r, failure::too_large, *m);

  std::vector<std::uint8_t> index;
  const std::size_t have = bytes.size() > b.pixel_offset ? bytes.size() - b.pixel_offset : 0;
  const std::string cut = " (allow_truncated decodes what is there)";
  if (rle) {
    // The JDK reads imSize bytes of codes first: biSizeImage, or bfSize - bfOffBits (as Java ints).
    const auto size = static_cast<std::int32_t>(b.image_size ? b.image_size : b.file_size - b.pixel_offset);
    if (size < 0) return set_failure(r, failure::corrupt, "RLE BMP data size " + std::to_string(size) + " is negative");
    auto need = static_cast<std::size_t>(size);
    if (need > have) {
      if (!o.allow_truncated)
        return set_failure(r, failure::truncated, "truncated BMP: the RLE data is " + std::to_string(need) +
                                                      " bytes, the file has " + std::to_string(have) + cut);
      r.truncated = true;
      need = have;
    }
    auto px = decode_bmp_rle(bytes.subspan(bytes.size() - have, need), w, h, top_down, b.bpp);
    if (strict_reading(o) && !px.damage.empty())
      return set_failure(r, failure::corrupt, "corrupt BMP data (" + px.damage + "; Spark reads it)");
    if (strict_reading(o) && !px.ended && !r.truncated) {
      if (!o.allow_truncated)
        return set_failure(r, failure::truncated, "truncated BMP: the RLE data ends before its end-of-bitmap code" + cut);
      r.truncated = true;
    }
    index = std::move(px.index);
  } else {
    auto rows = read_bmp_index_rows(bytes, w, h, top_down, b.bpp, b.pixel_offset);
    if (rows.truncated) {
      if (!o.allow_truncated)
        return set_failure(r, failure::truncated, "truncated BMP: the pixel rows need " +
                                                      std::to_string(bmp_pixels_end(b.pixel_offset, b.width, b.height, b.bpp)) +
                                                      " bytes, the data has " + std::to_string(bytes.size()) + cut);
      r.truncated = true;
    }
    index = std::move(rows.index);
  }
  image_row row = make_row(std::move(r.row.origin), static_cast<int>(w), static_cast<int>(h), channels, no_init);
  bmp_indices_to_row(index, pal, b.bpp, row.data.data());
  r.row = std::move(row);
  return r;
}

// GIF: the first frame as the JDK decodes it (gif_frame.hpp); stb composites frames on the logical
// screen, rejects frames outside it and has other rules for indices past the colour table.
inline decode_result& decode_gif(decode_result& r, std::span<const std::uint8_t> bytes, const decode_options& o) {
  gif_frame f = parse_gif_frame(bytes);
  const int channels = f.transparent ? 4 : 3;
  if (f.status == gif_status::ok) {
    const std::string frame = std::to_string(f.width) + " x " + std::to_string(f.height);
    if (f.width == 0 || f.height == 0) return set_failure(r, failure::corrupt, "first GIF frame is empty (" + frame + ")");
    if (strict_reading(o) && (f.x + f.width > f.screen_width || f.y + f.height > f.screen_height))
      return set_failure(r, failure::corrupt,
                         "first GIF frame (" + frame + " at " + std::to_string(f.x) + ", " + std::to_string(f.y) +
                             ") lies outside the " + std::to_string(f.screen_width) + " x " +
                             std::to_string(f.screen_height) + " logical screen (Spark reads it)");
    if (auto m = over_limits(o.limits, static_cast<std::uint64_t>(f.width), static_cast<std::uint64_t>(f.height),
                             static_cast<std::uint64_t>(channels), 1, "first GIF frame"))
      return set_failure(r, failure::too_large, *m);
    decode_gif_frame(bytes, f, o.allow_truncated);
  }
  if (f.status == gif_status::truncated)
    return set_failure(r, failure::truncated, "truncated GIF: " + f.message + " (allow_truncated decodes what is there)");
  if (f.status == gif_status::corrupt) return set_failure(r, failure::corrupt, "corrupt GIF: " + f.message);
  r.truncated = f.truncated;
  image_row row = make_row(std::move(r.row.origin), f.width, f.height, channels, no_init);
  std::uint8_t* d = row.data.data();
  for (const std::uint8_t i : f.index) {
    const std::size_t e = 3u * i;
    d[0] = f.rgb[e + 2], d[1] = f.rgb[e + 1], d[2] = f.rgb[e];
    if (channels == 4) d[3] = i == f.transparent_index ? 0 : 255;
    d += channels;
  }
  r.row = std::move(row);
  return r;
}

inline decode_result& decode_stb(decode_result& r, std::span<const std::uint8_t> bytes, const decode_options& o) {
  const image_format fmt = r.format;
  const std::string name(format_name(fmt));
  const bool spark = o.quirks == compat::spark;

  const std::size_t file_size = bytes.size();
  png_header png;
  bmp_header bmp;
  std::vector<std::uint8_t> patched;  // PNG with its palette padded, BMP without its pixel-offset gap
  if (fmt == image_format::png) {
    png = parse_png_header(bytes);
    patched = pad_png_palette(bytes, png);
    if (!patched.empty()) bytes = patched;
    if (png.empty_idat_first) {
      std::vector<std::uint8_t> stripped = png_without_empty_idat(bytes);
      patched = std::move(stripped);
      bytes = patched;
    }
  } else if (fmt == image_format::bmp) {
    bmp = parse_bmp_header(bytes);
    patched = bmp_for_stb(bytes, bmp);
    if (!patched.empty()) bytes = patched;
  }
  if (bytes.size() > static_cast<std::size_t>(INT_MAX))
    return set_failure(r, failure::too_large, "file is over 2 GiB, more than stb_image can take");
  const auto* data = bytes.data();
  const int len = static_cast<int>(bytes.size());

  stb_budget budget;
  budget.limit = o.limits.max_decoder_memory
                     ? o.limits.max_decoder_memory
                     : 2 * o.limits.max_decoded_bytes + 4 * static_cast<std::uint64_t>(bytes.size()) + (16ull << 20);
  stb_budget_scope scope(budget);

  int w = 0, h = 0, c = 0;
  if (!stbi_info_from_memory(data, len, &w, &h, &c)) {
    // stb refuses PNGs over 2^30 decoded bytes in its header check, then reports the last format it
    // tried ("unknown image type"): say what is wrong with the size the IHDR declares instead.
    if (fmt == image_format::png && png.has_ihdr)
      if (auto m = over_limits(o.limits, png.width, png.height, 4, png.bit_depth == 16 ? 2 : 1))
        return set_failure(r, failure::too_large, *m);
    return set_failure(r, failure::corrupt, "corrupt " + name + " header (" + stb_reason() + ")");
  }
  if (h < 0) h = h == INT_MIN ? INT_MAX : -h;  // top-down BMP: stbi_info reports a negative height
  if (w <= 0 || h <= 0 || c < 1 || c > 4)
    return set_failure(r, failure::corrupt, name + " header says " + std::to_string(w) + " x " + std::to_string(h) +
                                                " x " + std::to_string(c) + " channels");
  const bool is16 = stbi_is_16_bit_from_memory(data, len) != 0;
  // stbi_info does not count the alpha a tRNS chunk adds; the row may also widen gray to 3 or 4 ch.
  int channels = c;
  if (fmt == image_format::png && png.has_trns && (png.color_type == 0 || png.color_type == 2)) ++channels;
  if (channels == 1 && spark && fmt == image_format::png && png.color_type == 0 && png.bit_depth < 8) channels = 3;
  if (channels == 2 && !spark) channels = 4;
  const int sample_bytes = fmt == image_format::hdr ? 4 : is16 ? 2 : 1;  // stb decodes HDR as float
  if (auto m = over_limits(o.limits, static_cast<std::uint64_t>(w), static_cast<std::uint64_t>(h),
                           static_cast<std::uint64_t>(channels), static_cast<std::uint64_t>(sample_bytes)))
    return set_failure(r, failure::too_large, *m);

  // After the size checks, so that a bomb is reported as too large rather than as short.
  if (fmt == image_format::bmp && bmp.valid && bmp.pixels_end > file_size) {
    if (!o.allow_truncated)
      return set_failure(r, failure::truncated,
                         "truncated BMP: the pixel rows need " + std::to_string(bmp.pixels_end) + " bytes, the data has " +
                             std::to_string(file_size) + " (allow_truncated decodes what is there)");
    r.truncated = true;
  }
  // TGA: stb reads zeros past the end, so an 18-byte header "decodes" to any size (stb #1996).
  // Raw pixels need w*h*pixel bytes, RLE at least one packet (1 + pixel bytes) per 128 pixels.
  if (fmt == image_format::tga && file_size >= 18) {
    const std::uint64_t pixel_bytes = (static_cast<std::uint64_t>(bytes[16]) + 7) / 8;
    const std::uint64_t pixels = static_cast<std::uint64_t>(w) * static_cast<std::uint64_t>(h);
    const bool rle = bytes[2] >= 9;
    const std::uint64_t need = 18 + (rle ? (pixels + 127) / 128 * (1 + pixel_bytes) : pixels * pixel_bytes);
    if (need > file_size) {
      if (!o.allow_truncated)
        return set_failure(r, failure::truncated,
                           "truncated TGA: " + std::to_string(w) + " x " + std::to_string(h) + " pixels need at least " +
                               std::to_string(need) + " bytes, the data has " + std::to_string(file_size) +
                               " (allow_truncated decodes what is there)");
      r.truncated = true;
    }
  }

  // CgBI (faithful only): stb's per-thread switches turn its BGRA premultiplied samples into RGBA.
  struct cgbi_scope {
    bool on;
    explicit cgbi_scope(bool b) : on(b) {
      if (on) stbi_convert_iphone_png_to_rgb_thread(1), stbi_set_unpremultiply_on_load_thread(1);
    }
    ~cgbi_scope() {
      if (on) stbi_convert_iphone_png_to_rgb_thread(0), stbi_set_unpremultiply_on_load_thread(0);
    }
  } cgbi(fmt == image_format::png && png.is_cgbi);

  // Decode. 16-bit PNGs through the 16-bit API: stb's own narrowing keeps the high byte, Spark the low.
  const bool load16 = is16 && fmt == image_format::png;
  int lw = 0, lh = 0, lc = 0;
  std::unique_ptr<void, stb_image_deleter> pixels(
      load16 ? static_cast<void*>(stbi_load_16_from_memory(data, len, &lw, &lh, &lc, 0))
             : static_cast<void*>(stbi_load_from_memory(data, len, &lw, &lh, &lc, 0)));
  if (!pixels) {
    if (budget.refused)
      return set_failure(r, failure::too_large,
                         "decoding " + name + " needs more than max_decoder_memory = " + std::to_string(budget.limit) +
                             " bytes");
    return set_failure(r, r.truncated ? failure::truncated : failure::corrupt,
                       std::string(r.truncated ? "truncated " : "corrupt ") + name + " data (" + stb_reason() + ")");
  }
  if (lw != w || lh != h || lc < 1 || lc > 4)
    return set_failure(r, failure::corrupt, name + " header says " + std::to_string(w) + " x " + std::to_string(h) +
                                                ", data decodes to " + std::to_string(lw) + " x " + std::to_string(lh));


  if (fmt == image_format::bmp && (bmp.bpp == 16 || bmp.bpp == 32) && !load16)
    rescale_bmp_fields(static_cast<std::uint8_t*>(pixels.get()), static_cast<std::size_t>(lw) * static_cast<std::size_t>(lh),
                       lc, bmp);

  // Output channels (rule table in decode.hpp).
  int dc = lc;
  if (lc == 1) {
    const bool sub8_gray = fmt == image_format::png && png.color_type == 0 && png.bit_depth < 8;
    dc = (spark && sub8_gray) ? 3 : 1;
  } else if (lc == 2) {
    dc = spark ? 1 : 4;
  } else if (lc == 4) {
    if (fmt == image_format::bmp && bmp.bpp == 32 && bmp.compression == 0) dc = 3;  // BI_RGB: 4th byte unused
    // An IndexColorModel whose alphas are all 255 is opaque: java.awt reports no alpha.
    if (fmt == image_format::png && png.color_type == 3 && png.trns_all_opaque) dc = 3;
  }
  // 16-bit gray keeps the low byte in Spark (raw sample .toByte); faithful rounds like colour.
  const bool low_byte = spark && lc <= 2;

  // pack_row_data writes every byte of the row: no zero-fill first.
  image_row row = make_row(std::move(r.row.origin), lw, lh, dc, no_init);
  const int* map = channel_map(lc, dc);
  const std::size_t stride = static_cast<std::size_t>(lw) * static_cast<std::size_t>(lc);
  if (load16)
    pack_row_data(static_cast<const std::uint16_t*>(pixels.get()), stride, lc, lw, lh, map, dc, low_byte,
                  row.data.data());
  else
    pack_row_data(static_cast<const std::uint8_t*>(pixels.get()), stride, lc, lw, lh, map, dc, false,
                  row.data.data());
  r.row = std::move(row);
  return r;
}

}  // namespace detail

std::string_view jpeg_backend_name() noexcept {
  return IMGFRAME_IO_TURBOJPEG ? "libjpeg-turbo" : "stb_image";
}

bool can_convert_icc() noexcept { return IMGFRAME_IO_LCMS2; }

bool can_decode_jpeg_region() noexcept { return IMGFRAME_IO_LIBJPEG; }

bool can_decode(image_format f) noexcept {
  switch (f) {
    case image_format::unknown: return false;
    case image_format::tiff: return IMGFRAME_IO_TIFF;
    case image_format::webp: return IMGFRAME_IO_WEBP;
    default: return true;
  }
}

namespace detail {

// decode() into `r` (whose row holds the origin) without the EXIF orientation step. Every decoder
// path fills r in place, so the decoded pixels are moved into the caller's result, never copied.
inline decode_result& decode_into(decode_result& r, std::span<const std::uint8_t> bytes, const decode_options& o) {
  if (bytes.empty()) return set_failure(r, failure::empty_file, "no data (0 bytes)");
  if (bytes.size() > o.limits.max_file_bytes)
    return set_failure(r, failure::too_large, "data is " + std::to_string(bytes.size()) + " bytes, over max_file_bytes = " +
                                                  std::to_string(o.limits.max_file_bytes));
  r.format = sniff_format(bytes, r.row.origin);
  const std::string name(format_name(r.format));
  switch (r.format) {
    case image_format::unknown:
      return set_failure(r, failure::unsupported_format,
                         "not a recognised image format (no JPEG, PNG, GIF or BMP signature)");
    case image_format::tiff:
#if IMGFRAME_IO_TIFF
      return detail::decode_tiff(r, bytes, o);
#else
      return set_failure(r, failure::unsupported_format,
                         "TIFF needs libtiff: build the decoder TU with IMGFRAME_WITH_TIFF (Spark on JDK 9+ reads it)");
#endif
    case image_format::webp:
      if (!contains(o.extra_formats, extra_format::webp))
        return set_failure(r, failure::unsupported_format, detail::unsupported_extra_message(r.format));
#if IMGFRAME_IO_WEBP
      return detail::decode_webp(r, bytes, o);
#else
      return set_failure(r, failure::unsupported_format,
                         "WebP needs libwebp: build the decoder TU with IMGFRAME_WITH_WEBP (Spark cannot read WebP)");
#endif
    case image_format::wbmp:
      return detail::decode_wbmp(r, bytes, o);
    case image_format::tga:
    case image_format::pnm:
    case image_format::psd:
    case image_format::hdr:
      if (!contains(o.extra_formats, extra_flag_for(r.format)))
        return set_failure(r, failure::unsupported_format, detail::unsupported_extra_message(r.format));
      if (r.format == image_format::pnm && bytes.size() >= 2 && bytes[1] != '5' && bytes[1] != '6')
        return set_failure(r, failure::unsupported_format,
                           "PNM type P" + std::string(1, static_cast<char>(bytes[1])) + " is not supported (only P5, P6)");
      break;
    default:
      break;
  }

  if (r.format == image_format::png) {
    const auto png = detail::parse_png_header(bytes);
    if (png.is_cgbi && o.quirks == compat::spark)
      return set_failure(r, failure::unsupported_format,
                         "Apple CgBI PNG (Xcode's iPhone variant: raw deflate, premultiplied BGRA) is not read by "
                         "Spark's ImageIO; compat::faithful decodes it");
    if (png.has_ihdr && !png.has_iend) {
      // The JDK reads a PNG without IEND when its image data is complete - except palette PNGs,
      // whose chunks it reads up to IEND first. stb needs the IEND: decode a copy that has one.
      const bool jdk_reads = !strict_reading(o) && png.color_type != 3;
      if (!jdk_reads && !o.allow_truncated)
        return set_failure(r, failure::truncated,
                           std::string("truncated PNG: the data ends before the IEND chunk (") +
                               (png.color_type == 3 && !strict_reading(o) ? "Spark needs it in a palette PNG; " : "") +
                               "allow_truncated decodes what is there)");
      const std::vector<std::uint8_t> ended = detail::png_with_iend(bytes);
      r.truncated = true;  // stb failing on the copy means the image data ends early
      detail::decode_stb(r, ended, o);
      if (r.ok() && jdk_reads) r.truncated = false;
      if (r.reason == failure::truncated)
        r.message = "truncated PNG: no IEND chunk, and the image data ends early (" + detail::stb_reason() + ")";
      return r;
    }
  }

  if (r.format == image_format::jpeg) {
    const auto jpg = detail::parse_jpeg_header(bytes);
    if (jpg.has_sof && jpg.components == 4 && !(IMGFRAME_IO_TURBOJPEG && o.jpeg == jpeg_decoder::automatic))
      return set_failure(r, failure::unsupported_format,
                         "CMYK JPEG needs libjpeg-turbo (build with IMGFRAME_WITH_TURBOJPEG; stb_image has no CMYK)");
    if (jpg.has_sof && jpg.precision != 8)
      return set_failure(r, failure::unsupported_format,
                         std::to_string(jpg.precision) + "-bit JPEG is not supported (8-bit samples only, like the JDK)");
    if (jpg.header_truncated || (jpg.has_sos && !jpg.has_eoi)) {
      if (!o.allow_truncated)
        return set_failure(r, failure::truncated,
                           jpg.header_truncated
                               ? "truncated JPEG: the data ends inside the header segments"
                               : "truncated JPEG: no EOI marker after the scan data (allow_truncated decodes what is "
                                 "there, as Spark does)");
      r.truncated = true;
    }
    if (jpg.scans > o.limits.max_jpeg_scans)
      return set_failure(r, failure::too_large,
                         "JPEG has " + std::to_string(jpg.scans) + " scans, over max_jpeg_scans = " +
                             std::to_string(o.limits.max_jpeg_scans) + " (each scan is a pass over the whole image)");
    const bool arithmetic = jpg.has_sof && jpg.sof_marker >= 0xC9 && jpg.sof_marker != 0xCC;
    if (IMGFRAME_IO_TURBOJPEG && o.jpeg == jpeg_decoder::automatic) {
#if IMGFRAME_IO_TURBOJPEG
      return detail::decode_turbojpeg(r, bytes, o, jpg);
#endif
    }
    if (arithmetic)
      return set_failure(r, failure::unsupported_format,
                         "arithmetic-coded JPEG needs libjpeg-turbo (build with IMGFRAME_WITH_TURBOJPEG)");
    if (jpg.has_sof && jpg.sof_marker == 0xC3)
      return set_failure(r, failure::unsupported_format, "lossless JPEG is not supported");
  }
  if (r.format == image_format::bmp) {
    const auto bmp = detail::parse_bmp_header(bytes);
    if (bmp.valid && bmp.planes != 1 && strict_reading(o))
      return set_failure(r, failure::corrupt,
                         "BMP planes field is " + std::to_string(bmp.planes) + ", not 1 (Spark ignores the field)");
    // BI_JPEG / BI_PNG: the pixels are a whole JPEG or PNG stream, which ImageIO decodes as such.
    if (bmp.valid && bmp.header_size >= 40 && (bmp.compression == 4 || bmp.compression == 5) &&
        bmp.pixel_offset < bytes.size()) {
      const auto inner = bytes.subspan(bmp.pixel_offset);
      const image_format want = bmp.compression == 4 ? image_format::jpeg : image_format::png;
      if (sniff_format(inner) != want)
        return set_failure(r, failure::corrupt,
                           "BMP says its pixels are " + std::string(format_name(want)) + " data, but they are not");
      decode_into(r, inner, o);
      r.format = image_format::bmp;
      return r;
    }
    if (bmp.valid && (bmp.bpp == 1 || bmp.bpp == 4 || bmp.bpp == 8) &&
        (bmp.header_size == 12 || bmp.header_size == 40 || bmp.header_size == 52 || bmp.header_size == 56 ||
         bmp.header_size == 108 || bmp.header_size == 124))
      return detail::decode_bmp_palette(r, bytes, bmp, o);
  }
  if (r.format == image_format::gif) return detail::decode_gif(r, bytes, o);
  return detail::decode_stb(r, bytes, o);
}

// Shrink-on-load's crop (io/shrink_on_load.hpp): the region of the full-size image, mapped to the
// decoded size, cut out of the row in place (rows move up within the buffer).
inline void apply_shrink_crop(decode_result& r, const shrink_on_load& s) {
  roi q;
  try {
    q = s.scaled_region(r.full_width, r.full_height, r.row.width, r.row.height);
  } catch (const std::exception& e) {
    set_failure(r, failure::outside_crop, e.what());
    return;
  }
  if (q.width <= 0 || q.height <= 0) {
    set_failure(r, failure::outside_crop, "shrink-on-load: the leading crop's region is empty");
    return;
  }
  const std::size_t src_stride = r.row.data.size() / static_cast<std::size_t>(r.row.height);
  const std::size_t pixel = src_stride / static_cast<std::size_t>(r.row.width);  // bytes per pixel
  const std::size_t dst_stride = static_cast<std::size_t>(q.width) * pixel;
  std::uint8_t* p = r.row.data.data();
  for (int y = 0; y < q.height; ++y)
    std::memmove(p + static_cast<std::size_t>(y) * dst_stride,
                 p + static_cast<std::size_t>(q.y + y) * src_stride + static_cast<std::size_t>(q.x) * pixel, dst_stride);
  r.row.data.resize(dst_stride * static_cast<std::size_t>(q.height));
  r.row.width = q.width;
  r.row.height = q.height;
  r.window = q;
}

}  // namespace detail

decode_result decode(std::span<const std::uint8_t> bytes, std::string origin, const decode_options& o) {
  decode_result r;
  r.row = invalid_row(std::move(origin));
  detail::decode_into(r, bytes, o);
  if (r.ok() && r.decoded_width == 0) {  // else the ROI decode gave the crop's region itself
    r.full_width = r.full_width ? r.full_width : r.row.width;
    r.full_height = r.full_height ? r.full_height : r.row.height;
    if (o.apply_exif_orientation) {
      const int orientation = detail::exif_orientation(bytes, r.format);
      detail::apply_orientation(r.row, orientation);
      if (orientation >= 5) std::swap(r.full_width, r.full_height);
    }
    r.decoded_width = r.row.width, r.decoded_height = r.row.height;
    r.window = {0, 0, r.row.width, r.row.height};
    if (o.shrink.crops()) detail::apply_shrink_crop(r, o.shrink);
  }
  if (!r.ok()) r.full_width = r.full_height = r.decoded_width = r.decoded_height = 0, r.window = {};
  return r;  // named return value: no copy of the pixels
}

}  // namespace imgframe

// Zip archives (SynapseML's inspectZip) are read in the same translation unit, with libzip when the
// TU is built with IMGFRAME_WITH_LIBZIP (cmake/imgframe_libzip.cmake).
#include "zip_implementation.hpp"
