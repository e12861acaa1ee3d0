#pragma once
// What every decoder back end (stb_image, libjpeg-turbo, libtiff, ...) shares: failing a result with
// a reason, the size limits checked before pixel memory is allocated, and an empty Spark row.
// Used only by the implementation TU (stb_implementation.hpp and the back ends it includes).
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "../../core/mode.hpp"
#include "../decode.hpp"

namespace imgframe::detail {

inline decode_result& set_failure(decode_result& r, failure f, std::string message) {
  r.row = invalid_row(std::move(r.row.origin));
  r.reason = f;
  r.message = std::move(message);
  return r;
}

// Checks the size an image will decode to against the limits; the message names the limit.
inline std::optional<std::string> over_limits(const decode_limits& l, std::uint64_t w, std::uint64_t h,
                                              std::uint64_t channels, std::uint64_t bytes_per_sample,
                                              std::string_view what = "image") {
  const std::string dims = std::to_string(w) + " x " + std::to_string(h);
  if (w == 0 || h == 0) return std::nullopt;  // reported as corrupt by the caller
  const auto side = static_cast<std::uint64_t>(l.max_side < 0 ? 0 : l.max_side);
  if (w > side || h > side)
    return std::string(what) + " is " + dims + ": a side over max_side = " + std::to_string(side);
  const std::uint64_t pixels = w * h;  // both <= 2^31: no overflow
  if (pixels > l.max_pixels)
    return std::string(what) + " is " + dims + " = " + std::to_string(pixels) + " pixels, over max_pixels = " +
           std::to_string(l.max_pixels);
  const std::uint64_t bytes = pixels * channels * bytes_per_sample;
  if (bytes > l.max_decoded_bytes)
    return std::string(what) + " " + dims + " x " + std::to_string(channels) + " channels x " +
           std::to_string(bytes_per_sample) + " bytes decodes to " + std::to_string(bytes) +
           " bytes, over max_decoded_bytes = " + std::to_string(l.max_decoded_bytes);
  return std::nullopt;
}

// A row of w * h * channels bytes, not initialised: for a decoder that writes every byte straight
// into the row's own buffer (libjpeg-turbo, the stb pack, the BMP palette lookup, the GIF frame).
inline image_row make_row(std::string origin, int w, int h, int channels, no_init_t) {
  image_row row;
  row.origin = std::move(origin);
  row.height = h;
  row.width = w;
  row.n_channels = channels;
  row.mode = make_mode(depth::u8, channels);
  row.data.resize(static_cast<std::size_t>(w) * static_cast<std::size_t>(h) * static_cast<std::size_t>(channels));
  return row;
}

// The same, zero-filled.
inline image_row make_row(std::string origin, int w, int h, int channels) {
  image_row row = make_row(std::move(origin), w, h, channels, no_init);
  std::fill(row.data.begin(), row.data.end(), std::uint8_t{0});
  return row;
}

}  // namespace imgframe::detail
