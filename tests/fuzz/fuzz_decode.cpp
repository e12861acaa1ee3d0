// decode() on arbitrary bytes. The whole input is the file; its LAST byte also picks the options
// (so image files seed the corpus as they are, and a mutation of the tail flips the options):
// Spark or faithful quirks, the extra formats (TGA, PNM, PSD, HDR) on or off, allow_truncated, the
// stb or the default JPEG decoder, a ".tga" origin (TGA is only tried for that extension) and strict;
// bit 64 also decodes a valid row's image again with a shrink-on-load crop, through the ROI decode and
// through the whole-image path (decode_options::region_decode), which must give the same result.
// Invariants: never throws; a valid row is consistent (data = height x width x channels, Spark's
// mode for the channel count); a failure is Spark's invalid row with a reason and a message.
// Limits are smaller than the defaults (4 Mpx, 64 MiB) so one input stays well under the 1 s
// timeout under ASan; the limit checks themselves are the same code.
#include <cstddef>
#include <cstdint>
#include <string>

#include <imgframe/io/decode.hpp>

#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace imgframe;
  const std::uint8_t flags = size ? data[size - 1] : 0;
  decode_options o;
  o.quirks = (flags & 1) ? compat::faithful : compat::spark;
  o.extra_formats = (flags & 2) ? extra_format::all : extra_format::none;
  o.allow_truncated = (flags & 4) != 0;
  o.jpeg = (flags & 8) ? jpeg_decoder::stb : jpeg_decoder::automatic;
  o.strict = (flags & 32) != 0;
  o.limits.max_pixels = 4u << 20;
  o.limits.max_decoded_bytes = 64u << 20;
  std::string origin = (flags & 16) ? "file:/fuzz/input.tga" : "file:/fuzz/input.img";

  const decode_result r = decode(std::span<const std::uint8_t>(data, size), origin, o);
  IMGFRAME_FUZZ_CHECK(r.row.origin == origin);
  if (r.ok()) {
    IMGFRAME_FUZZ_CHECK(r.message.empty());
    IMGFRAME_FUZZ_CHECK(r.row.height > 0 && r.row.width > 0);
    IMGFRAME_FUZZ_CHECK(r.row.n_channels == 1 || r.row.n_channels == 3 || r.row.n_channels == 4);
    IMGFRAME_FUZZ_CHECK(r.row.mode == 8 * (r.row.n_channels - 1));  // CV_8UC1/3/4 = 0/16/24
    IMGFRAME_FUZZ_CHECK(r.row.data.size() ==
                        static_cast<std::size_t>(r.row.height) * r.row.width * r.row.n_channels);
    IMGFRAME_FUZZ_CHECK(static_cast<std::uint64_t>(r.row.height) * r.row.width <= o.limits.max_pixels);
    IMGFRAME_FUZZ_CHECK(!r.truncated || o.allow_truncated);
  } else {
    IMGFRAME_FUZZ_CHECK(r.row.is_invalid());
    IMGFRAME_FUZZ_CHECK(!r.message.empty());
  }
  if ((flags & 64) && r.ok() && o.jpeg == jpeg_decoder::automatic) {  // the ROI decode is libjpeg-turbo's
    const int w = r.row.width, h = r.row.height;
    o.shrink.crop = shrink_on_load::crop_kind::region;
    o.shrink.crop_x = w / 3, o.shrink.crop_y = h / 4, o.shrink.crop_width = w / 2 + 1, o.shrink.crop_height = h / 2 + 1;
    o.shrink.min_width = (flags & 128) ? o.shrink.crop_width : 1;  // 1/1, else the smallest scale
    const decode_result a = decode(std::span<const std::uint8_t>(data, size), origin, o);
    o.region_decode = false;
    const decode_result b = decode(std::span<const std::uint8_t>(data, size), origin, o);
    IMGFRAME_FUZZ_CHECK(a.reason == b.reason);
    IMGFRAME_FUZZ_CHECK(a.message == b.message);
    IMGFRAME_FUZZ_CHECK(a.row.width == b.row.width && a.row.height == b.row.height);
    IMGFRAME_FUZZ_CHECK(a.row.data == b.row.data);
    IMGFRAME_FUZZ_CHECK(!a.ok() || a.window == b.window);
  }
  return 0;
}
