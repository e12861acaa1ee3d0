#pragma once
// The single source of the version: CMake and meson parse these three lines.
#define IMGFRAME_VERSION_MAJOR 0
#define IMGFRAME_VERSION_MINOR 1
#define IMGFRAME_VERSION_PATCH 0

namespace imgframe {
inline constexpr int version_major = IMGFRAME_VERSION_MAJOR;
inline constexpr int version_minor = IMGFRAME_VERSION_MINOR;
inline constexpr int version_patch = IMGFRAME_VERSION_PATCH;
inline constexpr const char* version_string = "0.1.0";
}  // namespace imgframe
