#pragma once
// Guarded single-image decode into a Spark row.
//
//   decode(bytes, origin)  -> decode_result {row, reason, message}
//   read_image(path)       == decode(read_file_bytes(path), origin_for(path))
//
// The decoders (stb_image v2.30, optionally libjpeg-turbo for JPEG, libtiff for TIFF) are compiled in exactly one
// translation unit that includes <imgframe/io/stb_implementation.hpp>; everything here is inline.
// Bad data never throws: it gives Spark's invalid row plus a reason and a message.
//
// Spark rules (compat::spark, the default) - what Spark's ImageSchema.decode gives on JDK 17 ImageIO,
// and what compat::faithful keeps instead. Rows are 8-bit; 1 ch = gray (mode 0), 3 ch = B,G,R
// (mode 16), 4 ch = B,G,R,A (mode 24).
//
//   source                               | compat::spark                         | compat::faithful
//   -------------------------------------+---------------------------------------+----------------------------
//   8-bit gray JPEG/PNG/PGM/TGA          | 1 ch                                  | same
//   gray+alpha PNG/TGA (8/16-bit)        | 1 ch, alpha dropped (gray wins)       | 4 ch, gray replicated + A
//   gray PNG + tRNS (any depth)          | 1 ch, alpha dropped                   | 4 ch, gray replicated + A
//   16-bit gray (and GA) PNG             | 1 ch, low byte  v & 0xFF (wraps)      | round(v * 255 / 65535)
//   1/2/4-bit gray PNG, no tRNS          | 3 ch B=G=R, ramp v*255/(2^b-1)        | 1 ch, same ramp
//   1/2/4-bit gray PNG + tRNS            | 1 ch, same ramp                       | 4 ch (see tRNS above)
//   RGB PNG/JPEG/BMP                     | 3 ch, R and B swapped                 | same
//   RGB PNG + tRNS colour                | 4 ch, A = 0 where the raw sample      | same
//                                        |   triple equals the tRNS colour       |
//   RGBA PNG                             | 4 ch                                  | same
//   16-bit RGB(A) PNG                    | 3/4 ch, round(v * 255 / 65535)        | same
//   palette PNG/GIF/BMP                  | 3 ch, 4 with tRNS / transparent index | same
//   palette PNG whose tRNS alphas are    | 3 ch (java.awt's IndexColorModel is   | same
//     all 255                            |   then opaque)                        |
//   palette index past the palette       | the JDK's table: BMP black; PNG black | same
//                                        |   up to 2/4/16/256 slots, then the    |
//                                        |   last slot repeated; GIF index masked|
//                                        |   to 1/2/4/8 bits, black past table   |
//   8-bit BMP whose palette is the 256   | 1 ch gray, the raw index (the JDK's   | same
//     gray levels in order               |   gray colour model)                  |
//   GIF                                  | first frame only, the size of its     | same
//                                        |   image descriptor (not the screen,   |
//                                        |   which it may overrun); a GCE        |
//                                        |   transparency flag gives 4 ch (index |
//                                        |   clamped to the table); transparent  |
//                                        |   pixels keep their palette colour    |
//   BMP 16/32-bit bitfields, n-bit field | round(v * 255 / (2^n - 1))            | same
//   BMP 32-bit BI_RGB                    | 3 ch, 4th byte ignored                | same
//   BMP BITFIELDS with an alpha mask     | 4 ch                                  | same
//   BMP RLE8 / RLE4                      | 3 ch, the JDK's RLE reading: skipped  | same
//                                        |   pixels are palette index 0          |
//   damaged files the JDK reads: BMP     | decoded as the JDK decodes them       | invalid row with the reason
//     planes != 1; RLE past a row's end, |   (pixels past a row's end dropped,   |   (also with strict = true)
//     top-down, or without end code; GIF |   the unfinished last RLE line lost)  |
//     frame outside the logical screen;  |                                       |
//     PNG (not palette) without IEND     |                                       |
//     whose image data is complete       |                                       |
//   BMP with BI_JPEG / BI_PNG pixels     | the embedded JPEG / PNG, decoded by   | same
//                                        |   the rules of that format            |
//   BMP with a gap before the pixels     | decoded (stb 2.30 misreads it: fixed  | same
//                                        |   by removing the gap first)          |
//   JPEG (IMGFRAME_WITH_TURBOJPEG)       | libjpeg-turbo default decode (ISLOW,  | same
//                                        |   fancy upsampling) = JDK's pixels    |
//   JPEG (stb_image only)                | stb's IDCT/upsampling: same size and  | same
//                                        |   channels, pixels differ by a few    |
//   arithmetic-coded JPEG                | libjpeg-turbo decodes it; stb: an     | same
//                                        |   invalid row, unsupported_format     |
//   CMYK / YCCK JPEG (libjpeg-turbo)     | JDK 17: bytes inverted, then the      | same
//                                        |   embedded CMYK profile (lcms2, 16-   |
//                                        |   bit, perceptual) or the JDK's       |
//                                        |   SimpleCMYKColorSpace formula; 3 ch  |
//   CMYK / YCCK JPEG (stb_image)         | invalid row, unsupported_format       | same
//   RGB JPEG with an ICC profile         | converted to sRGB (IMGFRAME_WITH_     | stored samples
//                                        |   LCMS2): within 1 of the JDK on      |
//                                        |   matrix profiles; else raw samples   |
//   gray JPEG with a gray ICC profile    | raw samples (the JDK ignores it)      | same
//   EXIF orientation                     | ignored: stored pixels (set           | same
//                                        |   apply_exif_orientation to rotate)   |
//   PNG gAMA/cHRM/iCCP                   | ignored: stored samples               | same
//   PNG CRC errors                       | ignored (as stb and the JDK do)       | same
//   truncated JPEG (no EOI), PNG (image  | invalid row, truncated; Spark renders | same
//     data cut, or palette PNG without   |   the JPEG: set allow_truncated       |
//     IEND), BMP/GIF (data missing)      |                                       |
//   TGA, PNM (P5/P6), PSD, HDR           | invalid row, unsupported_format (the  | same
//                                        |   JDK has no reader); extra_formats   |
//                                        |   opts in to stb's decoders           |
//   Apple CgBI "PNG" (iPhone variant)    | invalid row, unsupported_format       | RGBA, unpremultiplied
//   TIFF (IMGFRAME_WITH_TIFF; JDK 9+),   | JDK 17's TIFF reader: first page;     | 16-bit gray scaled, gray
//     detail/tiff.hpp has every rule     |   1/2/4-bit gray, bilevel, palette -> |   + alpha 4 ch, sub-8-bit
//                                        |   3 ch; 8-bit gray 1 ch; 16-bit gray  |   gray 1 ch; predictor 2
//                                        |   low byte; gray+alpha 1 ch; RGBA     |   on 16 bits and other
//                                        |   (associated alpha undone); CMYK by  |   compressions decoded
//                                        |   the JDK's formula; predictor 2 on   |
//                                        |   16-bit samples: invalid row         |
//   TIFF without IMGFRAME_WITH_TIFF      | invalid row, unsupported_format       | same
//   WBMP type 0 (ImageIO's)              | 3 ch B=G=R; under 1024 x 768 only     | 1 ch, any size
//   WebP (no JDK reader)                 | invalid row, unsupported_format;      | same
//                                        |   extra_format::webp decodes it with  |
//                                        |   libwebp (IMGFRAME_WITH_WEBP): 3/4   |
//                                        |   ch, animated: the first frame       |
//
// TIFF with an RGB ICC profile: converted per pixel as the JDK's getRGB does (IMGFRAME_WITH_LCMS2);
// the JDK ignores CMYK profiles in TIFFs, and so does imgframe.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>

#include "../erased/image_row.hpp"
#include "failure.hpp"
#include "file_reader.hpp"
#include "format.hpp"
#include "origin.hpp"
#include "shrink_on_load.hpp"

namespace imgframe {

// Checked from the file system and the image header before any pixel memory is allocated.
struct decode_limits {
  std::uint64_t max_file_bytes = 256ull << 20;       // 256 MiB, checked before reading
  int max_side = 65'500;                             // libjpeg's JPEG_MAX_DIMENSION
  std::uint64_t max_pixels = 89'478'485;             // Pillow's MAX_IMAGE_PIXELS, as a hard error
  std::uint64_t max_decoded_bytes = 512ull << 20;    // image-rs' default max_alloc: w*h*channels*bytes
  // Every scan of a progressive JPEG is a pass over the whole image: thousands of tiny scans make a
  // small file decode for minutes (libjpeg-turbo's TJPARAM_SCANLIMIT / djpeg -maxscans; its fuzzers
  // use 100). Encoders write about 10; 256 leaves room for hand-tuned scan scripts.
  int max_jpeg_scans = 256;
  // Cap on everything stb_image allocates for one image (its allocator fails past it instead of the
  // process running out of memory). 0 = derived: 2 * max_decoded_bytes + 4 * file size + 16 MiB.
  std::uint64_t max_decoder_memory = 0;
};

// Which decoder quirks to follow (table above).
enum class compat {
  spark,     // Spark 2.x/3.x readImages rows (JDK ImageIO rules), the default
  faithful,  // keep what Spark loses: 16-bit gray scaled, alpha of gray images kept, sub-8-bit gray 1 ch,
             // JPEG samples as stored (no ICC conversion)
};

// Which JPEG decoder to use.
enum class jpeg_decoder {
  automatic,  // libjpeg-turbo when the implementation TU was built with IMGFRAME_WITH_TURBOJPEG, else stb
  stb,        // always stb_image (not Spark-exact pixels)
};

// How one file is decoded: limits, Spark's quirks or not, extra formats, damaged files, JPEG decoder, EXIF
// orientation, shrink-on-load.
struct decode_options {
  // Size limits checked before any pixel memory is allocated.
  decode_limits limits{};
  // Spark's rows (compat::spark) or what the file holds (compat::faithful).
  compat quirks = compat::spark;
  // Formats Spark cannot read that stb_image can: e.g. extra_format::pnm | extra_format::tga.
  extra_format extra_formats = extra_format::none;
  // Spark (ImageIO) renders truncated JPEGs; by default imgframe reports them. true: decode what is
  // there (a JPEG without EOI, a PNG without IEND) and flag the result `truncated`.
  bool allow_truncated = false;
  // Damaged files Spark still reads - a BMP whose planes field is not 1, RLE data running past a
  // row's end (or a top-down RLE BMP), a GIF frame outside its logical screen, a PNG whose image
  // data is complete but has no IEND - decode as the JDK decodes them by default. strict = true
  // (and compat::faithful) gives an invalid row with the reason instead.
  bool strict = false;
  // Which JPEG decoder.
  jpeg_decoder jpeg = jpeg_decoder::automatic;
  // Spark (ImageIO) ignores EXIF orientation: rows hold the stored pixels. true: rotate / mirror them
  // as Pillow's ImageOps.exif_transpose does (JPEG APP1, PNG eXIf, WebP EXIF, TIFF IFD0 tag 0x0112).
  bool apply_exif_orientation = false;
  // Shrink-on-load (opt-in; off keeps rows byte-exact full-size decodes, as Spark's): a JPEG
  // decoded by libjpeg-turbo comes out at the smallest DCT scale that still fits (see
  // shrink_on_load.hpp; pipeline/shrink_plan.hpp plans it from a typed pipeline).
  shrink_on_load shrink{};
  // ROI decode of shrink-on-load's crop (a libjpeg-turbo build with IMGFRAME_WITH_LIBJPEG): only the
  // iMCU columns and the rows that hold the crop's region are decoded, which gives the same bytes as
  // decoding the whole image at that scale and cutting the region out. false: the whole image, then
  // the cut (to compare and measure). CMYK JPEGs, JPEGs turned by an applied EXIF orientation and
  // one-scan JPEGs with marker segments after the scan data (libjpeg reads those only after the last
  // row, so their errors would go unseen) always take the whole-image path.
  bool region_decode = true;
};

// Damaged-but-readable files are rejected (decode_options::strict).
constexpr bool strict_reading(const decode_options& o) noexcept { return o.strict || o.quirks == compat::faithful; }

// What decode() gives: the row, and why it is invalid when it is.
struct decode_result {
  image_row row;                 // valid row, or Spark's invalid row for the origin
  // Why the row is invalid; failure::none for a valid row.
  failure reason = failure::none;
  std::string message;           // human-readable reason; empty when the row is valid
  image_format format = image_format::unknown;  // by content; unknown when nothing matched
  bool truncated = false;        // decoded although the data ended early (allow_truncated)
  int full_width = 0, full_height = 0;  // the image's size before shrink-on-load (= the row's without it)
  // The whole image's size at the decoded scale (after an EXIF rotation, if applied) ...
  int decoded_width = 0, decoded_height = 0;
  // ... and the part of it the row holds: shrink-on-load's crop mapped to that scale, else all of it.
  roi window{};
  bool region_decoded = false;  // only the window was decoded (decode_options::region_decode)
  // Where the row lies in the decoded image (decoded_width, decoded_height, window).
  decode_window row_window() const noexcept { return {decoded_width, decoded_height, window}; }
  // True for a valid row.
  bool ok() const noexcept { return reason == failure::none; }
};

// Decodes one encoded image. Never throws for bad data (std::bad_alloc aside).
decode_result decode(std::span<const std::uint8_t> bytes, std::string origin, const decode_options& options = {});

// Name of the JPEG decoder `jpeg_decoder::automatic` uses in this build: "libjpeg-turbo" or "stb_image".
std::string_view jpeg_backend_name() noexcept;

// Whether this build's decoder TU decodes `f` at all (TIFF needs IMGFRAME_WITH_TIFF, ...): formats that
// need options (extra_formats) count as decodable.
bool can_decode(image_format f) noexcept;

// Whether this build converts ICC-profile and CMYK-profile JPEGs to sRGB (IMGFRAME_WITH_LCMS2), as the JDK does.
bool can_convert_icc() noexcept;

// Whether this build decodes only the region of shrink-on-load's crop of a JPEG (decode_options::region_decode:
// libjpeg-turbo with IMGFRAME_WITH_LIBJPEG).
bool can_decode_jpeg_region() noexcept;

// Reads and decodes one file; file-system problems come back as reasons, never as exceptions.
inline decode_result read_image(const std::filesystem::path& path, const decode_options& options = {}) {
  std::string origin = origin_for(path);
  file_bytes file = read_file_bytes(path, options.limits.max_file_bytes);
  if (!file.ok()) {
    decode_result r;
    r.row = invalid_row(std::move(origin));
    r.reason = file.reason;
    r.message = std::move(file.message);
    return r;
  }
  return decode(file.bytes, std::move(origin), options);
}

}  // namespace imgframe
