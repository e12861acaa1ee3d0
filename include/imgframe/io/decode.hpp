#pragma once
// Guarded single-image decode into a Spark row.  (API fixed by the foundation; implementation
// lives in io/stb_implementation.hpp, included in exactly one translation unit.)
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <string_view>

#include "../erased/image_row.hpp"

namespace imgframe {

// Why a file gave an invalid row. Reasons are stable; their texts are for people.
enum class failure {
  none,
  not_found,           // path does not exist
  permission_denied,   // open() refused
  not_regular_file,    // FIFO, device, socket, directory: never opened for reading
  vanished,            // listed, then gone before it was read
  unreadable,          // I/O error while reading
  empty_file,          // zero bytes
  too_large,           // file size, side, pixel count or decoded bytes over the limits
  unsupported_format,  // not a format this decoder (or Spark's) reads
  truncated,           // data ends early
  corrupt,             // the decoder rejected the data
};

struct decode_limits {
  std::uint64_t max_file_bytes = 256ull << 20;       // 256 MiB, checked before reading
  int max_side = 65'500;                             // libjpeg's JPEG_MAX_DIMENSION
  std::uint64_t max_pixels = 89'478'485;             // Pillow's MAX_IMAGE_PIXELS, as a hard error
  std::uint64_t max_decoded_bytes = 512ull << 20;    // image-rs' default max_alloc
};

// Which decoder quirks to follow.
enum class compat {
  spark,     // Spark 2.x/3.x readImages rows (JDK ImageIO rules), the default
  faithful,  // keep what Spark loses: 16-bit scaled, gray+alpha kept as BGRA
};

struct decode_options {
  decode_limits limits{};
  compat quirks = compat::spark;
};

struct decode_result {
  image_row row;                 // valid row, or Spark's invalid row for the origin
  failure reason = failure::none;
  std::string message;           // human-readable reason; empty when the row is valid
  bool ok() const noexcept { return reason == failure::none; }
};

std::string_view failure_name(failure f) noexcept;

// "file:" + absolute, lexically normalized path, not percent-encoded (Spark 2.x readImages).
std::string origin_for(const std::filesystem::path& p);

decode_result decode(std::span<const std::uint8_t> bytes, std::string origin, const decode_options& options = {});
decode_result read_image(const std::filesystem::path& path, const decode_options& options = {});

}  // namespace imgframe
