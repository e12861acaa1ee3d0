#pragma once
// WebP through libwebp (an extra format: Spark's ImageIO has no WebP reader). Still images: 3 channels
// B,G,R, or 4 with alpha; animated files: the first frame composed on the canvas (libwebpdemux's
// WebPAnimDecoder), as Pillow's Image.open gives it. Included by stb_implementation.hpp only when
// IMGFRAME_WITH_WEBP is set (link libwebp and libwebpdemux).
#include <webp/decode.h>
#include <webp/demux.h>

#include <cstdint>
#include <cstring>
#include <span>
#include <string>

#include "decode_support.hpp"

namespace imgframe::detail {

inline decode_result& decode_webp(decode_result& r, std::span<const std::uint8_t> bytes, const decode_options& o) {
  WebPBitstreamFeatures f;
  if (WebPGetFeatures(bytes.data(), bytes.size(), &f) != VP8_STATUS_OK)
    return set_failure(r, failure::corrupt, "corrupt WebP header");
  if (f.width <= 0 || f.height <= 0) return set_failure(r, failure::corrupt, "WebP has zero width or height");
  const int channels = f.has_alpha ? 4 : 3;
  if (auto m = over_limits(o.limits, static_cast<std::uint64_t>(f.width), static_cast<std::uint64_t>(f.height), 4, 1))
    return set_failure(r, failure::too_large, *m);
  image_row row = make_row(std::move(r.row.origin), f.width, f.height, channels);
  auto fail = [&](std::string message) -> decode_result& {
    r.row.origin = std::move(row.origin);
    return set_failure(r, failure::corrupt, std::move(message));
  };
  if (!f.has_animation) {
    const int stride = f.width * channels;
    const bool ok = f.has_alpha
                        ? WebPDecodeBGRAInto(bytes.data(), bytes.size(), row.data.data(), row.data.size(), stride) != nullptr
                        : WebPDecodeBGRInto(bytes.data(), bytes.size(), row.data.data(), row.data.size(), stride) != nullptr;
    if (!ok) return fail("corrupt WebP data (libwebp could not decode it)");
    r.row = std::move(row);
    return r;
  }
  WebPAnimDecoderOptions opts;
  if (!WebPAnimDecoderOptionsInit(&opts)) return fail("libwebp: bad WebPAnimDecoder version");
  opts.color_mode = MODE_BGRA;
  opts.use_threads = 0;
  const WebPData data{bytes.data(), bytes.size()};
  struct anim_closer {
    WebPAnimDecoder* d;
    ~anim_closer() { WebPAnimDecoderDelete(d); }
  } dec{WebPAnimDecoderNew(&data, &opts)};
  WebPAnimInfo info;
  if (!dec.d || !WebPAnimDecoderGetInfo(dec.d, &info)) return fail("corrupt animated WebP");
  if (info.canvas_width != static_cast<std::uint32_t>(f.width) || info.canvas_height != static_cast<std::uint32_t>(f.height))
    return fail("animated WebP canvas disagrees with its header");
  std::uint8_t* frame = nullptr;
  int timestamp = 0;
  if (!WebPAnimDecoderGetNext(dec.d, &frame, &timestamp) || !frame) return fail("corrupt first frame of an animated WebP");
  const std::size_t pixels = static_cast<std::size_t>(f.width) * static_cast<std::size_t>(f.height);
  if (channels == 4) {
    std::memcpy(row.data.data(), frame, 4 * pixels);
  } else {
    for (std::size_t i = 0; i < pixels; ++i) std::memcpy(row.data.data() + 3 * i, frame + 4 * i, 3);
  }
  r.row = std::move(row);
  return r;
}

}  // namespace imgframe::detail
