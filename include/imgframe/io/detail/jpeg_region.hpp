#pragma once
// ROI decode (shrink-on-load's crop, io/shrink_on_load.hpp) with libjpeg-turbo's libjpeg API, which
// TurboJPEG 2.1 does not expose: only the iMCU columns that hold a region are decoded
// (jpeg_crop_scanline), the rows above it are skipped (jpeg_skip_scanlines: entropy-decoded, never
// inverse-DCT'd, upsampled or colour-converted) and the decode stops after its last row. Same
// settings as tjDecompress2 with flags 0 (ISLOW IDCT, fancy upsampling, scale 1/denom), so the
// region holds the same bytes as the whole decode at that scale cut to it (tested value for value in
// tests/runtime/io/test_roi_decode.cpp). jpeg_crop_scanline widens the columns to iMCU boundaries and
// the upsampler treats the widened edges as image edges: the request keeps `edge_margin` decoded
// columns on each side of the region, then the region is cut out exactly.
// Errors as TurboJPEG reports them: libjpeg's text of a fatal error, after a warning too (the caller
// then gives the invalid row the whole-image path gives).
// Compiled only in the decoder TU (stb_implementation.hpp) with IMGFRAME_WITH_LIBJPEG.
#include <algorithm>
#include <csetjmp>
#include <cstddef>
#include <cstdint>
#include <cstdio>  // jpeglib.h needs FILE and size_t declared first
#include <cstring>
#include <span>
#include <string>

#include <jpeglib.h>

#include "../../stages/crop.hpp"

namespace imgframe::detail {

// How decode_jpeg_region ended.
struct jpeg_region_status {
  bool whole = false;   // the region would not decode as within the whole image: decode all of it
  bool fatal = false;   // libjpeg stopped with an error (message holds its text)
  std::string message;
};

// libjpeg's error manager: fatal errors jump back, nothing is printed (warnings neither).
struct jpeg_region_error : jpeg_error_mgr {
  std::jmp_buf jump;
  char message[JMSG_LENGTH_MAX] = {};
};

extern "C" inline void imgframe_jpeg_region_error_exit(j_common_ptr c) {
  auto* e = static_cast<jpeg_region_error*>(c->err);
  e->format_message(c, e->message);
  std::longjmp(e->jump, 1);
}
extern "C" inline void imgframe_jpeg_region_output(j_common_ptr) {}

// The part of a w x h stored image that apply_orientation(row, orientation) (exif_orientation.hpp)
// turns into the part q of the turned image: ROI decode under an applied EXIF orientation.
constexpr roi stored_region(const roi& q, int orientation, int w, int h) noexcept {
  switch (orientation) {
    case 2: return {w - q.x - q.width, q.y, q.width, q.height};
    case 3: return {w - q.x - q.width, h - q.y - q.height, q.width, q.height};
    case 4: return {q.x, h - q.y - q.height, q.width, q.height};
    case 5: return {q.y, q.x, q.height, q.width};
    case 6: return {q.y, h - q.x - q.width, q.height, q.width};
    case 7: return {w - q.y - q.height, h - q.x - q.width, q.height, q.width};
    case 8: return {w - q.y - q.height, q.x, q.height, q.width};
    default: return q;
  }
}

// Decoded columns kept on each side of a region, so that edge upsampling stays outside it.
inline constexpr int jpeg_edge_margin = 2;

// The bytes before a row decoded straight into the output (jpeg_region_run), kept to be put back.
struct jpeg_region_stash {
  std::uint8_t bytes[256];
  std::uint8_t* at = nullptr;  // where they go back; nullptr: nothing kept
  std::size_t size = 0;
  // Puts them back.
  void restore() noexcept {
    if (at) std::memcpy(at, bytes, size);
    at = nullptr;
  }
};

// The decode itself. cinfo, err and stash belong to the caller: only this function calls setjmp, so
// everything libjpeg changes before a longjmp lives outside it; its own locals are not read after one.
inline jpeg_region_status jpeg_region_run(jpeg_decompress_struct& cinfo, jpeg_region_error& err,
                                          std::span<const std::uint8_t> bytes, int denom, int sw, int sh,
                                          const roi& region, int channels, std::uint8_t* out,
                                          jpeg_region_stash& stash) {
  if (setjmp(err.jump)) return {false, true, err.message};
  jpeg_create_decompress(&cinfo);
  jpeg_mem_src(&cinfo, bytes.data(), static_cast<unsigned long>(bytes.size()));
  jpeg_read_header(&cinfo, TRUE);
  cinfo.scale_num = 1;
  cinfo.scale_denom = static_cast<unsigned>(denom);
  cinfo.out_color_space = channels == 1 ? JCS_GRAYSCALE : channels == 4 ? JCS_CMYK : JCS_EXT_BGR;
  jpeg_start_decompress(&cinfo);
  if (static_cast<int>(cinfo.output_width) != sw || static_cast<int>(cinfo.output_height) != sh ||
      cinfo.output_components != channels)
    return {true, false, {}};  // not TurboJPEG's scaled size: never seen, but safe
  // A progressive JPEG whose coefficients did not all arrive (cut short, damaged, or a scan script
  // that stops early): libjpeg smooths each block with its neighbours' coefficients, which across a
  // cropped or skipped edge are not the same.
  if (cinfo.progressive_mode && cinfo.coef_bits != nullptr)
    for (int c = 0; c < cinfo.num_components; ++c)
      for (int k = 0; k < DCTSIZE2; ++k)
        if (cinfo.coef_bits[c][k] != 0) return {true, false, {}};
  const int x0 = std::max(0, region.x - jpeg_edge_margin);
  const int x1 = std::min(sw, region.x + region.width + jpeg_edge_margin);
  JDIMENSION xoff = static_cast<JDIMENSION>(x0), cw = static_cast<JDIMENSION>(x1 - x0);
  jpeg_crop_scanline(&cinfo, &xoff, &cw);  // widened to iMCU columns: xoff <= x0, xoff + cw >= x1
  const std::size_t skip = static_cast<std::size_t>(region.x - static_cast<int>(xoff)) * static_cast<std::size_t>(channels);
  const std::size_t row_bytes = static_cast<std::size_t>(region.width) * static_cast<std::size_t>(channels);
  const std::size_t line_bytes = static_cast<std::size_t>(cw) * static_cast<std::size_t>(channels);
  const std::size_t out_bytes = row_bytes * static_cast<std::size_t>(region.height);
  // As many rows per call as the upsampler makes at once (rec_outbuf_height): one at a time goes
  // through its spare row, an extra copy of every row.
  const int batch = std::max(1, cinfo.rec_outbuf_height);
  JSAMPARRAY lines = (*cinfo.mem->alloc_sarray)(reinterpret_cast<j_common_ptr>(&cinfo), JPOOL_IMAGE,
                                                cw * static_cast<JDIMENSION>(channels), static_cast<JDIMENSION>(batch));
  if (region.y > 0) jpeg_skip_scanlines(&cinfo, static_cast<JDIMENSION>(region.y));
  for (int y = 0; y < region.height;) {
    // One row at a time, libjpeg writes straight into `out` (no copy): its cropped line starts `skip`
    // bytes before the region's row, in the row above, whose bytes there are kept and put back, and
    // runs on into the rows below, which are decoded later. The first row and those whose line would
    // pass the end of `out` go through `lines`.
    const std::size_t at = static_cast<std::size_t>(y) * row_bytes;
    int got = 0;
    if (batch == 1 && at >= skip && at - skip + line_bytes <= out_bytes && skip <= sizeof stash.bytes) {
      JSAMPROW line = out + (at - skip);
      std::memcpy(stash.bytes, line, skip);
      stash.at = line, stash.size = skip;
      got = static_cast<int>(jpeg_read_scanlines(&cinfo, &line, 1));
      stash.restore();
    } else {
      const auto want = static_cast<JDIMENSION>(std::min(batch, region.height - y));
      got = static_cast<int>(jpeg_read_scanlines(&cinfo, lines, want));
      for (int k = 0; k < got; ++k)
        std::memcpy(out + static_cast<std::size_t>(y + k) * row_bytes, lines[k] + skip, row_bytes);
    }
    y += got;
    if (got == 0) break;  // never with jpeg_mem_src (it never suspends); no endless loop if it did
  }
  return {false, false, {}};
}

// Decodes `region` (in pixels of the image decoded at scale 1/denom, whose size is sw x sh) of the
// JPEG in `bytes` into `out`: region.height rows of region.width * channels bytes, B,G,R
// (channels 3), gray (1) or the inks of a CMYK / YCCK JPEG (4, as TJPF_CMYK); after a fatal error,
// rows it did not reach are left as they were.
inline jpeg_region_status decode_jpeg_region(std::span<const std::uint8_t> bytes, int denom, int sw, int sh,
                                             const roi& region, int channels, std::uint8_t* out) {
  jpeg_decompress_struct cinfo{};
  jpeg_region_error err;
  cinfo.err = jpeg_std_error(&err);
  err.error_exit = imgframe_jpeg_region_error_exit;
  err.output_message = imgframe_jpeg_region_output;
  jpeg_region_stash stash;
  jpeg_region_status s = jpeg_region_run(cinfo, err, bytes, denom, sw, sh, region, channels, out, stash);
  stash.restore();                  // a fatal error in a row decoded straight into `out`
  jpeg_destroy_decompress(&cinfo);  // also stops a decode after the region's last row
  return s;
}

}  // namespace imgframe::detail
