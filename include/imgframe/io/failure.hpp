#pragma once
// Why a file gave an invalid row. Reasons are stable (tests and tools switch on them); the message
// that travels with them is for people.
#include <string_view>

namespace imgframe {

// Why a file gives Spark's invalid row (or no row); failure_name() gives the names the tool prints.
enum class failure {
  none,
  not_found,           // path does not exist
  permission_denied,   // the OS refused to open it
  not_regular_file,    // FIFO, device, socket, directory: never opened for reading
  vanished,            // existed when checked, gone (or shrunk, or grown) by the time it was read
  unreadable,          // I/O error while reading
  empty_file,          // zero bytes
  too_large,           // file size, side, pixel count or decoded bytes over the limits
  unsupported_format,  // not a format this decoder (or Spark's ImageIO) reads
  truncated,           // data ends early
  corrupt,             // the decoder rejected the data
  outside_crop,        // shrink-on-load's crop (the pipeline's leading crop) leaves the image
};

// Stable snake_case name, e.g. "not_regular_file".
constexpr std::string_view failure_name(failure f) noexcept {
  switch (f) {
    case failure::none: return "none";
    case failure::not_found: return "not_found";
    case failure::permission_denied: return "permission_denied";
    case failure::not_regular_file: return "not_regular_file";
    case failure::vanished: return "vanished";
    case failure::unreadable: return "unreadable";
    case failure::empty_file: return "empty_file";
    case failure::too_large: return "too_large";
    case failure::unsupported_format: return "unsupported_format";
    case failure::truncated: return "truncated";
    case failure::corrupt: return "corrupt";
    case failure::outside_crop: return "outside_crop";
  }
  return "unknown";
}

}  // namespace imgframe
