#pragma once
// The OpenCV type-code table as Spark stores it in the `mode` field.
// Hard-coded (mode = depth + 8 * (channels - 1), OpenCV 4 / Spark values): never OpenCV's macros,
// whose channel shift changed in OpenCV 5.
#include <array>
#include <optional>
#include <string_view>

#include "depth.hpp"

namespace imgframe {

inline constexpr int undefined_mode = -1;   // Spark's ocvTypes("Undefined")
// Most channels an image row can have.
inline constexpr int max_mode_channels = 4;

// One OpenCV type: its code, depth, channels and name (CV_8UC3 ...).
struct mode_info {
  // OpenCV type code: depth + 8 x (channels - 1).
  int code;
  // Its depth.
  depth depth_code;
  // Its channel count.
  int channels;
  std::string_view name;  // "CV_8UC3"
};

// OpenCV's type code of a depth and channel count (CV_MAKETYPE).
constexpr int make_mode(depth d, int channels) noexcept {
  return static_cast<int>(d) + ((channels - 1) << 3);
}

// Every OpenCV type Spark's image schema can name.
inline constexpr std::array<mode_info, depth_count * max_mode_channels> mode_table{{
    {0, depth::u8, 1, "CV_8UC1"},   {8, depth::u8, 2, "CV_8UC2"},   {16, depth::u8, 3, "CV_8UC3"},  {24, depth::u8, 4, "CV_8UC4"},
    {1, depth::s8, 1, "CV_8SC1"},   {9, depth::s8, 2, "CV_8SC2"},   {17, depth::s8, 3, "CV_8SC3"},  {25, depth::s8, 4, "CV_8SC4"},
    {2, depth::u16, 1, "CV_16UC1"}, {10, depth::u16, 2, "CV_16UC2"}, {18, depth::u16, 3, "CV_16UC3"}, {26, depth::u16, 4, "CV_16UC4"},
    {3, depth::s16, 1, "CV_16SC1"}, {11, depth::s16, 2, "CV_16SC2"}, {19, depth::s16, 3, "CV_16SC3"}, {27, depth::s16, 4, "CV_16SC4"},
    {4, depth::s32, 1, "CV_32SC1"}, {12, depth::s32, 2, "CV_32SC2"}, {20, depth::s32, 3, "CV_32SC3"}, {28, depth::s32, 4, "CV_32SC4"},
    {5, depth::f32, 1, "CV_32FC1"}, {13, depth::f32, 2, "CV_32FC2"}, {21, depth::f32, 3, "CV_32FC3"}, {29, depth::f32, 4, "CV_32FC4"},
    {6, depth::f64, 1, "CV_64FC1"}, {14, depth::f64, 2, "CV_64FC2"}, {22, depth::f64, 3, "CV_64FC3"}, {30, depth::f64, 4, "CV_64FC4"},
}};

// The entry for a code, or nullptr for -1 and anything outside the table.
constexpr const mode_info* find_mode(int code) noexcept {
  for (const auto& m : mode_table)
    if (m.code == code) return &m;
  return nullptr;
}

// True for a code in mode_table.
constexpr bool is_valid_mode(int code) noexcept { return find_mode(code) != nullptr; }

// The depth of a type code; nullopt for an unknown code.
constexpr std::optional<depth> mode_depth(int code) noexcept {
  if (const auto* m = find_mode(code)) return m->depth_code;
  return std::nullopt;
}

// The channel count of a type code; 0 for an unknown code.
constexpr int mode_channels(int code) noexcept {
  const auto* m = find_mode(code);
  return m ? m->channels : -1;
}

// OpenCV's name of a type code ("CV_8UC3"); "Undefined" for -1 and unknown codes.
constexpr std::string_view mode_name(int code) noexcept {
  const auto* m = find_mode(code);
  return m ? m->name : std::string_view{"Undefined"};
}

// Accepts "CV_8UC3", the single-channel short form "CV_8U" and Spark's "Undefined".
constexpr std::optional<int> mode_from_name(std::string_view name) noexcept {
  if (name == "Undefined") return undefined_mode;
  for (const auto& m : mode_table) {
    if (m.name == name) return m.code;
    if (m.channels == 1 && m.name.substr(0, m.name.size() - 2) == name) return m.code;
  }
  return std::nullopt;
}

}  // namespace imgframe
