#pragma once
// The single source of the version: CMake and meson parse these three lines.

// Major version.
#define IMGFRAME_VERSION_MAJOR 0
// Minor version.
#define IMGFRAME_VERSION_MINOR 1
// Patch version.
#define IMGFRAME_VERSION_PATCH 0

namespace imgframe {
// Major version.
inline constexpr int version_major = IMGFRAME_VERSION_MAJOR;
// Minor version.
inline constexpr int version_minor = IMGFRAME_VERSION_MINOR;
// Patch version.
inline constexpr int version_patch = IMGFRAME_VERSION_PATCH;
// "major.minor.patch".
inline constexpr const char* version_string = "0.1.0";
}  // namespace imgframe
