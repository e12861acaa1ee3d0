#pragma once
// image_row: exactly Spark's image schema struct, fields in Spark's order
// (origin, height, width, nChannels, mode, data). Runtime types live only here, at the edge.
#include <cstdint>
#include <string>
#include <utility>

#include "../core/byte_buffer.hpp"
#include "../core/mode.hpp"

namespace imgframe {

// One row of Spark's image DataFrame: origin, height, width, nChannels, mode and data, as Spark's image schema
// has them.
struct image_row {
  std::string origin;              // "file:/abs/path.jpg" from the reader; may be empty
  // Height in pixels; -1 in an invalid row.
  int height = -1;
  // Width in pixels; -1 in an invalid row.
  int width = -1;
  int n_channels = -1;             // Spark's nChannels
  int mode = undefined_mode;       // OpenCV type code, see core/mode.hpp
  byte_buffer data;                // interleaved, row-major, no padding; BGR(A) for colour.
                                   // A std::vector<uint8_t> whose resize(n) does not zero-fill.

  // Spark's invalidImageRow: (origin, -1, -1, -1, -1, empty data).
  bool is_invalid() const noexcept {
    return height == -1 && width == -1 && n_channels == -1 && mode == undefined_mode && data.empty();
  }

  // Same fields, same bytes.
  friend bool operator==(const image_row&, const image_row&) = default;
};

// Spark's field names, in schema order (ImageSchema.imageFields).
inline constexpr const char* image_fields[] = {"origin", "height", "width", "nChannels", "mode", "data"};

// Spark's invalid row for origin: (origin, -1, -1, -1, -1, no data).
inline image_row invalid_row(std::string origin) {
  image_row r;
  r.origin = std::move(origin);
  return r;
}

}  // namespace imgframe
