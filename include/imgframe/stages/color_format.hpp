#pragma once
// color_format<code>: OpenCV's cvtColor for the codes SynapseML's colorFormat stage uses, with
// OpenCV's numeric values (COLOR_BGR2GRAY = 6, ...). Codes that OpenCV defines twice (BGR2RGB and
// RGB2BGR are both 4) swap red and blue whatever the input is called, exactly as OpenCV does;
// the output order type follows (bgr in -> rgb out, rgb in -> bgr out).
// The gray codes weigh B, G and R, so they must agree with the view's order: BGR2GRAY on an RGB
// view is a compile error (use RGB2GRAY, or reinterpret_order if the bytes really are BGR).
// Values, as OpenCV 4.6 computes them (conformance-tested against it):
//   8U/16U gray = (9798 R + 19235 G + 3735 B + 2^14) >> 15
//              OpenCV 3.2, which SynapseML's Java bindings link, used (4899 R + 9617 G + 1868 B + 2^13) >> 14;
//              for 8U the two differ by 1 on about 0.3% of random pixels. color_format<code>{gray_formula::opencv3}
//              selects 3.2's weights (integer depths; 32F is the same formula in both).
//   32F gray = fma(R, 0.299f, fma(G, 0.587f, B * 0.114f))
//   an added alpha is the depth's maximum (255, 65535, 1.0); a dropped alpha is ignored.
#include <cstdint>
#include <string_view>

#include "../core/error.hpp"
#include "stage.hpp"

namespace imgframe {

// Which OpenCV's integer gray weights a gray conversion uses (see above).
enum class gray_formula { opencv4, opencv3 };

// OpenCV's COLOR_* codes 0...11; codes that are the same conversion share a value.
enum class color_code : int {
  bgr2bgra = 0, rgb2rgba = 0,
  bgra2bgr = 1, rgba2rgb = 1,
  bgr2rgba = 2, rgb2bgra = 2,
  rgba2bgr = 3, bgra2rgb = 3,
  bgr2rgb = 4, rgb2bgr = 4,
  bgra2rgba = 5, rgba2bgra = 5,
  bgr2gray = 6,
  rgb2gray = 7,
  gray2bgr = 8, gray2rgb = 8,
  gray2bgra = 9, gray2rgba = 9,
  bgra2gray = 10,
  rgba2gray = 11,
};

// True for the OpenCV codes color_format implements (0 ... 11).
constexpr bool is_supported_color_code(int code) noexcept { return code >= 0 && code <= 11; }

// OpenCV's name of a code: "BGR2RGB", "BGR2GRAY", ...
constexpr std::string_view color_code_name(color_code c) noexcept {
  constexpr std::string_view names[] = {"BGR2BGRA", "BGRA2BGR", "BGR2RGBA",  "RGBA2BGR",  "BGR2RGB",   "BGRA2RGBA",
                                        "BGR2GRAY", "RGB2GRAY", "GRAY2BGR", "GRAY2BGRA", "BGRA2GRAY", "RGBA2GRAY"};
  const int i = static_cast<int>(c);
  return is_supported_color_code(i) ? names[i] : std::string_view{"?"};
}

namespace detail {

struct color_code_info {
  int dst_channels;
  bool from_gray;   // source must have 1 channel
  bool to_gray;     // weighted sum of B, G, R
  bool blue_first;  // for to_gray: the code reads B first (BGR2GRAY, BGRA2GRAY)
  bool swap_rb;     // exchanges R and B
};

constexpr color_code_info color_info(color_code c) noexcept {
  switch (static_cast<int>(c)) {
    case 0: return {4, false, false, false, false};
    case 1: return {3, false, false, false, false};
    case 2: return {4, false, false, false, true};
    case 3: return {3, false, false, false, true};
    case 4: return {3, false, false, false, true};
    case 5: return {4, false, false, false, true};
    case 6: return {1, false, true, true, false};
    case 7: return {1, false, true, false, false};
    case 8: return {3, true, false, false, false};
    case 9: return {4, true, false, false, false};
    case 10: return {1, false, true, true, false};
    default: return {1, false, true, false, false};
  }
}

template <class In> inline constexpr bool cvt_color_depth =
    image_of_value<In, std::uint8_t> || image_of_value<In, std::uint16_t> || image_of_value<In, float>;

template <class O> inline constexpr bool blue_first_order = std::is_same_v<O, bgr> || std::is_same_v<O, bgra>;
template <class O> inline constexpr bool red_first_order = std::is_same_v<O, rgb> || std::is_same_v<O, rgba>;

template <color_code Code, class In> consteval bool color_channels_ok() {
  if constexpr (!ImageView<In>) {
    return false;
  } else {
    using O = typename std::remove_cvref_t<In>::order;
    constexpr auto info = color_info(Code);
    if constexpr (info.from_gray) return std::is_same_v<O, gray>;
    else return blue_first_order<O> || red_first_order<O>;
  }
}

template <color_code Code, class In> consteval bool color_order_ok() {
  if constexpr (!color_channels_ok<Code, In>()) {
    return false;
  } else {
    using O = typename std::remove_cvref_t<In>::order;
    constexpr auto info = color_info(Code);
    if constexpr (info.to_gray) return info.blue_first ? blue_first_order<O> : red_first_order<O>;
    else return true;
  }
}

// The order a code produces from input order O.
template <color_code Code, class O> consteval auto color_output_order() {
  constexpr auto info = color_info(Code);
  if constexpr (info.to_gray) {
    return std::type_identity<gray>{};
  } else if constexpr (info.from_gray) {
    if constexpr (info.dst_channels == 3) return std::type_identity<bgr>{};
    else return std::type_identity<bgra>{};
  } else {
    constexpr bool blue = blue_first_order<O> != info.swap_rb;
    if constexpr (info.dst_channels == 3) {
      if constexpr (blue) return std::type_identity<bgr>{};
      else return std::type_identity<rgb>{};
    } else {
      if constexpr (blue) return std::type_identity<bgra>{};
      else return std::type_identity<rgba>{};
    }
  }
}

}  // namespace detail

namespace needs {
// 8-bit, 16-bit unsigned or float values (what cvtColor takes).
struct u8_u16_or_float_values {
  // True when input format In meets the requirement.
  template <class In> static constexpr bool ok = detail::cvt_color_depth<In>;
  // The static_assert naming stage S, input In and the unmet requirement in words.
  template <class S, class In> static consteval void explain() {
    static_assert(stage_input_ok<S, In, u8_u16_or_float_values>,
                  "imgframe color_format: cvtColor works on 8U, 16U and 32F images only");
  }
};
// The channels the code reads: gray for GRAY2*, 3 or 4 colour channels for the others.
template <color_code Code>
struct channels_the_code_reads {
  // True when input format In meets the requirement.
  template <class In> static constexpr bool ok = detail::color_channels_ok<Code, In>();
  // The static_assert naming stage S, input In and the unmet requirement in words.
  template <class S, class In> static consteval void explain() {
    if constexpr (detail::color_info(Code).from_gray)
      static_assert(stage_input_ok<S, In, channels_the_code_reads>,
                    "imgframe color_format: GRAY2BGR/GRAY2BGRA need a 1-channel gray image");
    else
      static_assert(stage_input_ok<S, In, channels_the_code_reads>,
                    "imgframe color_format: this code needs a 3- or 4-channel BGR(A)/RGB(A) image, not gray or 2-channel");
  }
};
// The gray codes weigh B, G and R: their order must be the view's.
template <color_code Code>
struct gray_weights_in_the_view_order {
  // True when input format In meets the requirement.
  template <class In> static constexpr bool ok = detail::color_order_ok<Code, In>();
  // The static_assert naming stage S, input In and the unmet requirement in words.
  template <class S, class In> static consteval void explain() {
    if constexpr (detail::color_info(Code).blue_first)
      static_assert(stage_input_ok<S, In, gray_weights_in_the_view_order>,
                    "imgframe color_format: BGR2GRAY/BGRA2GRAY on an RGB(A) view; use RGB2GRAY/RGBA2GRAY "
                    "(or reinterpret_order if the bytes really are BGR)");
    else
      static_assert(stage_input_ok<S, In, gray_weights_in_the_view_order>,
                    "imgframe color_format: RGB2GRAY/RGBA2GRAY on a BGR(A) view; use BGR2GRAY/BGRA2GRAY "
                    "(or reinterpret_order if the bytes really are RGB)");
  }
};
}  // namespace needs

// OpenCV's cvtColor with code Code, typed: the output's channel order is the code's (BGR2RGB turns a bgr view
// into rgb).
template <color_code Code>
struct color_format {
  static_assert(is_supported_color_code(static_cast<int>(Code)),
                "imgframe color_format: only OpenCV codes 0...11 (BGR/RGB/BGRA/RGBA/GRAY conversions) are supported");
  // The conversion code.
  static constexpr color_code code = Code;
  // What the code reads and writes.
  static constexpr detail::color_code_info info = detail::color_info(Code);

  gray_formula gray = gray_formula::opencv4;  // used by the *2GRAY codes only

  // The stage's name in plans and errors.
  static constexpr std::string_view name = "color_format";
  // Fused with its pointwise neighbours into one pass.
  static constexpr stage_kind kind = stage_kind::pointwise;

  // The order the code produces from input format In (bgr in -> rgb out for BGR2RGB, ...).
  template <class In>
  using output_order_t = typename decltype(detail::color_output_order<Code, typename std::remove_cvref_t<In>::order>())::type;

  // Output rule: the input's value type in the code's output order.
  struct converted_format {
    // The output format for input format In.
    template <class In> using type = detail::format_t<typename std::remove_cvref_t<In>::value_type, output_order_t<In>>;
  };
  // The converted format; the depths, channels and order the code needs, checked in this order.
  using format = stage_format<converted_format, needs::image_input, needs::u8_u16_or_float_values, needs::channels_the_code_reads<Code>,
                              needs::gray_weights_in_the_view_order<Code>>;
};

// The door from a run-time OpenCV code (SynapseML's colorformat {format}) to the typed stage:
// calls f(color_format<code>{}) and returns its result (every call must return the same type).
// A code color_format does not implement is a std::invalid_argument naming it.
template <class F>
decltype(auto) with_color_code(int code, F&& f) {
  switch (code) {
    case 0: return f(color_format<static_cast<color_code>(0)>{});
    case 1: return f(color_format<static_cast<color_code>(1)>{});
    case 2: return f(color_format<static_cast<color_code>(2)>{});
    case 3: return f(color_format<static_cast<color_code>(3)>{});
    case 4: return f(color_format<static_cast<color_code>(4)>{});
    case 5: return f(color_format<static_cast<color_code>(5)>{});
    case 6: return f(color_format<static_cast<color_code>(6)>{});
    case 7: return f(color_format<static_cast<color_code>(7)>{});
    case 8: return f(color_format<static_cast<color_code>(8)>{});
    case 9: return f(color_format<static_cast<color_code>(9)>{});
    case 10: return f(color_format<static_cast<color_code>(10)>{});
    case 11: return f(color_format<static_cast<color_code>(11)>{});
    default:
      detail::raise(detail::error_kind::invalid_argument,
                    {"imgframe color_format: OpenCV colour code ", code,
                     " is not supported (supported: 0...11, the BGR/RGB/BGRA/RGBA/GRAY conversions)"});
  }
}

}  // namespace imgframe
