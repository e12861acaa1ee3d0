#pragma once
// Pixel depths with OpenCV's depth codes (CV_8U = 0 ... CV_64F = 6) and their value types.
#include <cstdint>
#include <string_view>
#include <type_traits>

namespace imgframe {

// A pixel depth, with OpenCV's depth code as its value (CV_8U = 0 ... CV_64F = 6).
enum class depth : int { u8 = 0, s8 = 1, u16 = 2, s16 = 3, s32 = 4, f32 = 5, f64 = 6 };

// Number of depths.
inline constexpr int depth_count = 7;

// The value type (value_type) and OpenCV name (name, e.g. "8U") of each depth; specialised for all seven.
template <depth D> struct depth_traits;
template <> struct depth_traits<depth::u8>  { using value_type = std::uint8_t;  static constexpr std::string_view name = "8U"; };
template <> struct depth_traits<depth::s8>  { using value_type = std::int8_t;   static constexpr std::string_view name = "8S"; };
template <> struct depth_traits<depth::u16> { using value_type = std::uint16_t; static constexpr std::string_view name = "16U"; };
template <> struct depth_traits<depth::s16> { using value_type = std::int16_t;  static constexpr std::string_view name = "16S"; };
template <> struct depth_traits<depth::s32> { using value_type = std::int32_t;  static constexpr std::string_view name = "32S"; };
template <> struct depth_traits<depth::f32> { using value_type = float;         static constexpr std::string_view name = "32F"; };
template <> struct depth_traits<depth::f64> { using value_type = double;        static constexpr std::string_view name = "64F"; };

// The value type of depth D (std::uint8_t for depth::u8, ...).
template <depth D> using depth_value_t = typename depth_traits<D>::value_type;

// The depth of a value type (cv-qualifiers ignored); only the seven OpenCV types have one.
template <class T> struct depth_of;
template <> struct depth_of<std::uint8_t>  { static constexpr depth value = depth::u8; };
template <> struct depth_of<std::int8_t>   { static constexpr depth value = depth::s8; };
template <> struct depth_of<std::uint16_t> { static constexpr depth value = depth::u16; };
template <> struct depth_of<std::int16_t>  { static constexpr depth value = depth::s16; };
template <> struct depth_of<std::int32_t>  { static constexpr depth value = depth::s32; };
template <> struct depth_of<float>         { static constexpr depth value = depth::f32; };
template <> struct depth_of<double>        { static constexpr depth value = depth::f64; };
template <class T> struct depth_of<const T> : depth_of<T> {};

// The depth of value type T.
template <class T> inline constexpr depth depth_of_v = depth_of<T>::value;

// A type that has a depth: one of OpenCV's seven value types, cv-qualified or not.
template <class T>
concept pixel_value = requires { depth_of<std::remove_cv_t<T>>::value; };

// Bytes per value of a depth.
constexpr std::size_t depth_size(depth d) noexcept {
  constexpr std::size_t sizes[] = {1, 1, 2, 2, 4, 4, 8};
  return sizes[static_cast<int>(d)];
}

// OpenCV's name of a depth: "8U", "8S", "16U", "16S", "32S", "32F", "64F".
constexpr std::string_view depth_name(depth d) noexcept {
  constexpr std::string_view names[] = {"8U", "8S", "16U", "16S", "32S", "32F", "64F"};
  return names[static_cast<int>(d)];
}

}  // namespace imgframe
