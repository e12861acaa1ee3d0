#pragma once
// image_transformer: SynapseML's ImageTransformer at run time, on Spark image rows.
//
// Built from SynapseML's stage maps (an "action" and its parameters under SynapseML's names,
// with typed values) plus the transformer's tensor parameters:
//
//   image_transformer t({{"resize", {{"height", 224}, {"width", 224}}},
//                        {"centercrop", {{"height", 224}, {"width", 224}}}},
//                       {.to_tensor = true, .normalize_mean = {0.485, 0.456, 0.406},
//                        .normalize_std = {0.229, 0.224, 0.225}, .color_scale_factor = 1.0 / 255});
//   transform_result r = t.transform(row);   // image_row, or tensor_row when to_tensor (or t(row))
//   auto u = image_transformer::parse(R"([{"action":"flip","flipCode":1}])");   // with the JSON header
//
// The maps are checked once, when the transformer is built (unknown action, missing, unknown or
// mistyped parameter, value out of range), and turned into the typed stages of stages/. A row is
// dispatched ONCE to its typed view (imgframe::visit); each stage then runs as the typed one-stage
// pipeline on the current typed view (crop/flip stay zero-copy windows, kernels allocate), and the
// tensor is the typed to_tensor (fused with a final gray colorformat). No second implementation.
//
// SynapseML semantics kept on purpose:
//   * blur{height, width}: OpenCV gets Size(height, width), so the kernel WIDTH is `height`.
//   * colorformat: cvtColor on an unlabelled Mat. Bytes are read as Spark's BGR(A) whatever an
//     earlier colorformat did, so colorformat 4 (BGR2RGB) then toTensor "rgb" gives planes B, G, R,
//     as SynapseML does. Codes 7/11 (RGB(A)2GRAY) weigh the first channel as red, like OpenCV.
//   * toTensor: alpha dropped, planes by tensorChannelOrder, v = (x * scale - mean) / std in double,
//     C x H x W; a gray image gives 1 plane unless autoConvertToColor (3 equal planes).
//   * invalid rows (Spark's mode -1 row) pass through unchanged, also with toTensor.
// Errors (transform_error) name the stage by index and action: "stage 1 (resize): parameter
// 'height' must be an integer, got 64.5". Rows of depths the stages cannot take fail the same way.
#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include "../core/image.hpp"
#include "../core/image_view.hpp"
#include "../core/mode.hpp"
#include "../core/tensor.hpp"
#include "../pipeline/apply.hpp"
#include "../pipeline/pipeline.hpp"
#include "../stages.hpp"
#include "image_row.hpp"
#include "row_convert.hpp"

namespace imgframe {

class transform_error : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

// A parameter value as SynapseML's Map[String, Any] holds it. Integers and doubles are distinct:
// an integer parameter (sizes, codes) refuses 64.5; a double parameter (blur, threshold, sigma)
// takes an integer too.
using param_value = std::variant<bool, std::int64_t, double, std::string>;

// One stage map: {"action": "resize", "height": 64, "width": 64}.
struct stage_spec {
  std::string action;                          // resize, crop, centercrop, colorformat, blur, threshold,
                                               // gaussiankernel, flip (case-insensitive)
  std::map<std::string, param_value> params;   // every key except "action"
};

// The transformer's own parameters (SynapseML's names in the comments).
struct transformer_params {
  bool to_tensor = false;                      // toTensor
  std::vector<double> normalize_mean;          // normalizeMean; empty: 0 for every plane
  std::vector<double> normalize_std;           // normalizeStd; empty: 1 for every plane
  std::optional<double> color_scale_factor;    // colorScaleFactor (> 0); unset: 1
  std::string tensor_channel_order = "rgb";    // tensorChannelOrder: rgb | bgr (any case)
  std::string tensor_element_type = "float";   // tensorElementType: float | double (or FloatType/DoubleType)
  bool auto_convert_to_color = false;          // autoConvertToColor: gray -> 3 planes
};

// What transform() gives: an image row (toTensor=false, or an invalid row passed through) or a tensor.
using transform_result = std::variant<image_row, tensor_row>;

// A stage after checking: the typed stage it runs as.
struct color_format_code {
  int code = 0;  // OpenCV COLOR_* value, 0 ... 11
};
using typed_stage = std::variant<resize, resize_short, crop, center_crop, flip, color_format_code, blur,
                                 gaussian_kernel, threshold>;

namespace detail::xform {

inline std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

inline std::string describe_value(const param_value& v) {
  struct describe {
    std::string operator()(bool b) const { return b ? "true" : "false"; }
    std::string operator()(std::int64_t i) const { return std::to_string(i); }
    std::string operator()(double d) const {
      std::string s = std::to_string(d);
      while (s.size() > 1 && s.back() == '0' && s[s.size() - 2] != '.') s.pop_back();
      return s;
    }
    std::string operator()(const std::string& s) const { return "\"" + s + "\""; }
  };
  return std::visit(describe{}, v);
}

inline std::string_view kind_of(const param_value& v) {
  switch (v.index()) {
    case 0: return "a boolean";
    case 1: return "an integer";
    case 2: return "a number";
    default: return "a string";
  }
}

// Reads the parameters of one stage map, with errors naming the stage.
class stage_reader {
 public:
  stage_reader(std::size_t index, const stage_spec& spec, std::string action)
      : index_(index), spec_(spec), action_(std::move(action)) {}

  [[noreturn]] void fail(const std::string& what) const {
    throw transform_error("stage " + std::to_string(index_) + " (" + action_ + "): " + what);
  }

  bool has(const char* key) const { return spec_.params.count(key) != 0; }

  const param_value& get(const char* key) const {
    const auto it = spec_.params.find(key);
    if (it == spec_.params.end()) fail(std::string("missing parameter '") + key + "'");
    return it->second;
  }

  int integer(const char* key) const {
    const param_value& v = get(key);
    if (const auto* i = std::get_if<std::int64_t>(&v)) {
      if (*i < -2147483648LL || *i > 2147483647LL)
        fail(std::string("parameter '") + key + "' = " + std::to_string(*i) + " does not fit a 32-bit int");
      return static_cast<int>(*i);
    }
    fail(std::string("parameter '") + key + "' must be an integer, got " + std::string(kind_of(v)) + " (" +
         describe_value(v) + ")");
  }

  double number(const char* key) const {
    const param_value& v = get(key);
    if (const auto* d = std::get_if<double>(&v)) {
      if (!std::isfinite(*d)) fail(std::string("parameter '") + key + "' must be finite");
      return *d;
    }
    if (const auto* i = std::get_if<std::int64_t>(&v)) return static_cast<double>(*i);
    fail(std::string("parameter '") + key + "' must be a number, got " + std::string(kind_of(v)) + " (" +
         describe_value(v) + ")");
  }

  bool boolean(const char* key) const {
    const param_value& v = get(key);
    if (const auto* b = std::get_if<bool>(&v)) return *b;
    fail(std::string("parameter '") + key + "' must be a boolean, got " + std::string(kind_of(v)) + " (" +
         describe_value(v) + ")");
  }

  std::string text(const char* key) const {
    const param_value& v = get(key);
    if (const auto* s = std::get_if<std::string>(&v)) return *s;
    fail(std::string("parameter '") + key + "' must be a string, got " + std::string(kind_of(v)) + " (" +
         describe_value(v) + ")");
  }

  // Every key must be one the action knows (a typo would otherwise be silently ignored).
  void only(std::initializer_list<const char*> keys) const {
    for (const auto& [k, v] : spec_.params) {
      bool known = false;
      for (const char* key : keys) known = known || k == key;
      if (!known) {
        std::string list;
        for (const char* key : keys) list += (list.empty() ? "" : ", ") + std::string(key);
        fail("unknown parameter '" + k + "' (" + action_ + " takes " + list + ")");
      }
    }
  }

  int positive(const char* key) const {
    const int v = integer(key);
    if (v <= 0) fail(std::string("parameter '") + key + "' must be positive, got " + std::to_string(v));
    return v;
  }
  int non_negative(const char* key) const {
    const int v = integer(key);
    if (v < 0) fail(std::string("parameter '") + key + "' must not be negative, got " + std::to_string(v));
    return v;
  }

 private:
  std::size_t index_;
  const stage_spec& spec_;
  std::string action_;
};

inline constexpr const char* supported_actions =
    "resize, crop, centercrop, colorformat, blur, threshold, gaussiankernel, flip";

inline interpolation parse_interpolation(const stage_reader& r) {
  if (!r.has("interpolation")) return interpolation::bilinear;
  const std::string s = lower(r.text("interpolation"));
  if (s == "bilinear" || s == "linear") return interpolation::bilinear;
  if (s == "area") return interpolation::area;
  if (s == "antialias") return interpolation::antialias;
  r.fail("parameter 'interpolation' must be bilinear, area or antialias, got \"" + s + "\"");
}

// Kernel sizes from doubles, truncated like OpenCV's Size(double, double).
inline int kernel_extent(const stage_reader& r, const char* key) {
  const double v = r.number(key);
  if (!(v >= 1.0) || v > 4096.0)
    r.fail(std::string("parameter '") + key + "' must be in [1, 4096] (truncated to an integer), got " +
           describe_value(v));
  return static_cast<int>(v);
}

inline typed_stage compile_stage(std::size_t index, const stage_spec& spec) {
  const std::string action = lower(spec.action);
  const stage_reader r(index, spec, action);
  if (action == "resize") {
    // {height, width} or {size, keepAspectRatio}; "interpolation" is imgframe's extension.
    if (r.has("size")) {
      r.only({"size", "keepAspectRatio", "interpolation"});
      const int size = r.positive("size");
      const bool keep = r.has("keepAspectRatio") ? r.boolean("keepAspectRatio") : false;
      if (keep) return resize_short{size, parse_interpolation(r)};
      return resize{size, size, parse_interpolation(r)};
    }
    r.only({"height", "width", "interpolation"});
    if (!r.has("height") && !r.has("width")) r.fail("missing parameters: give 'height' and 'width', or 'size'");
    return resize{r.positive("height"), r.positive("width"), parse_interpolation(r)};
  }
  if (action == "crop") {
    r.only({"x", "y", "height", "width"});
    return crop{r.non_negative("x"), r.non_negative("y"), r.positive("height"), r.positive("width")};
  }
  if (action == "centercrop") {
    r.only({"height", "width"});
    return center_crop{r.positive("height"), r.positive("width")};
  }
  if (action == "colorformat") {
    r.only({"format"});
    const int code = r.integer("format");
    if (!is_supported_color_code(code))
      r.fail("OpenCV color code " + std::to_string(code) +
             " is not supported (supported: 0 BGR2BGRA, 1 BGRA2BGR, 2 BGR2RGBA, 3 RGBA2BGR, 4 BGR2RGB, "
             "5 BGRA2RGBA, 6 BGR2GRAY, 7 RGB2GRAY, 8 GRAY2BGR, 9 GRAY2BGRA, 10 BGRA2GRAY, 11 RGBA2GRAY)");
    return color_format_code{code};
  }
  if (action == "blur") {
    r.only({"height", "width"});
    // SynapseML: Imgproc.blur(src, dst, Size(height, width)): Size is (width, height).
    return blur{kernel_extent(r, "height"), kernel_extent(r, "width")};
  }
  if (action == "threshold") {
    r.only({"threshold", "maxVal", "type"});
    const int type = r.integer("type");
    if (!is_threshold_type(type))
      r.fail("threshold type " + std::to_string(type) +
             " is not supported (0 BINARY, 1 BINARY_INV, 2 TRUNC, 3 TOZERO, 4 TOZERO_INV; no OTSU/TRIANGLE flags)");
    return threshold{r.number("threshold"), r.number("maxVal"), static_cast<threshold_type>(type)};
  }
  if (action == "gaussiankernel") {
    r.only({"apertureSize", "sigma"});
    const int aperture = r.positive("apertureSize");
    if (aperture > 4096) r.fail("parameter 'apertureSize' must be at most 4096, got " + std::to_string(aperture));
    return gaussian_kernel{aperture, r.number("sigma")};
  }
  if (action == "flip") {
    r.only({"flipCode"});
    return flip{r.integer("flipCode")};
  }
  throw transform_error("unsupported transformation '" + spec.action + "' in stage " + std::to_string(index) +
                        " (supported: " + supported_actions + ")");
}

// "resize(224x224)", "crop(x=1, y=2, 30x40)": the typed stage, in SynapseML's terms (width x height).
inline std::string describe_stage(const typed_stage& stage) {
  const auto num = [](double d) { return describe_value(d); };
  struct describer {
    decltype(num)& n;
    std::string operator()(const resize& s) const {
      return "resize(" + std::to_string(s.width) + "x" + std::to_string(s.height) + ", " +
             std::string(interpolation_name(s.interp)) + ")";
    }
    std::string operator()(const resize_short& s) const {
      return "resize(short side " + std::to_string(s.size) + ", " + std::string(interpolation_name(s.interp)) + ")";
    }
    std::string operator()(const crop& s) const {
      return "crop(x=" + std::to_string(s.x) + ", y=" + std::to_string(s.y) + ", " + std::to_string(s.width) + "x" +
             std::to_string(s.height) + ")";
    }
    std::string operator()(const center_crop& s) const {
      return "centercrop(" + std::to_string(s.width) + "x" + std::to_string(s.height) + ")";
    }
    std::string operator()(const flip& s) const { return "flip(" + std::to_string(s.code) + ")"; }
    std::string operator()(const color_format_code& s) const {
      return "colorformat(" + std::to_string(s.code) + " " +
             std::string(color_code_name(static_cast<color_code>(s.code))) + ")";
    }
    std::string operator()(const blur& s) const {
      return "blur(kernel " + std::to_string(s.kernel_width) + "x" + std::to_string(s.kernel_height) + ")";
    }
    std::string operator()(const gaussian_kernel& s) const {
      return "gaussiankernel(aperture " + std::to_string(s.aperture_size) + ", sigma " + n(s.sigma) + ")";
    }
    std::string operator()(const threshold& s) const {
      return "threshold(" + n(s.thresh) + ", max " + n(s.max_value) + ", type " +
             std::to_string(static_cast<int>(s.type)) + ")";
    }
  };
  return std::visit(describer{num}, stage);
}

// ---- running ------------------------------------------------------------------------------------

template <class T, int C> using row_view_t = image_view<const T, C, spark_order_t<C>>;

// The image between stages: a typed view in Spark's order and what keeps its pixels alive
// (nothing while it is still a window on the input row).
template <class T>
struct working {
  std::variant<row_view_t<T, 1>, row_view_t<T, 2>, row_view_t<T, 3>, row_view_t<T, 4>> view;
  std::shared_ptr<const void> owner;
};

template <class T> inline constexpr bool supported_value = std::is_same_v<T, std::uint8_t> ||
                                                           std::is_same_v<T, std::uint16_t> ||
                                                           std::is_same_v<T, float>;

template <class V> inline constexpr bool is_spark_row_view = [] {
  if constexpr (ImageView<V>) {
    using W = std::remove_cvref_t<V>;
    return std::is_same_v<typename W::order, spark_order_t<W::channels>> && supported_value<typename W::value_type>;
  } else {
    return false;
  }
}();

template <class T, ImageView V>
working<T> keep_window(const V& v, std::shared_ptr<const void> owner) {
  using W = std::remove_cvref_t<V>;
  return {v.template reinterpret_order<spark_order_t<W::channels>>(), std::move(owner)};
}

template <class T, int C, class O>
working<T> keep_image(image<T, C, O>&& img) {
  auto held = std::make_shared<image<T, C, O>>(std::move(img));
  auto v = held->cview().template reinterpret_order<spark_order_t<C>>();
  return {v, std::move(held)};
}

template <ImageView V>
std::string format_name(const V&) {
  using W = std::remove_cvref_t<V>;
  return std::string(mode_name(W::mode));
}

struct stage_context {
  std::size_t index;
  std::string_view action;
  [[noreturn]] void fail(const std::string& what) const {
    throw transform_error("stage " + std::to_string(index) + " (" + std::string(action) + "): " + what);
  }
};

// Runs a typed stage S on view v as the one-stage pipeline, when the pipeline accepts v's type.
template <class T, class V, class S>
working<T> run_typed(const V& v, const S& s, std::shared_ptr<const void> owner, const stage_context& ctx,
                     std::string_view why_rejected) {
  using P = pipeline<S>;
  if constexpr (P::template accepts<V>) {
    auto out = P(s)(v);
    if constexpr (ImageView<decltype(out)>) return keep_window<T>(out, std::move(owner));
    else return keep_image(std::move(out));
  } else {
    ctx.fail(std::string(why_rejected) + " (got a " + format_name(v) + " image)");
  }
}

// The view a colour code reads: Spark's BGR(A) bytes, named RGB(A) for the red-first gray codes
// (OpenCV weighs the first channel as red for them, whatever the bytes are).
template <color_code Code, ImageView V>
auto as_code_input(const V& v) {
  using W = std::remove_cvref_t<V>;
  constexpr auto info = color_format<Code>::info;
  if constexpr (info.to_gray && !info.blue_first && W::channels == 3) return v.template reinterpret_order<rgb>();
  else if constexpr (info.to_gray && !info.blue_first && W::channels == 4) return v.template reinterpret_order<rgba>();
  else return v;
}

template <color_code Code>
std::string color_requirement() {
  constexpr auto info = color_format<Code>::info;
  const std::string name = "code " + std::to_string(static_cast<int>(Code)) + " (COLOR_" +
                           std::string(color_code_name(Code)) + ")";
  if (info.from_gray) return name + " needs a 1-channel gray image";
  return name + " needs a 3- or 4-channel image";
}

template <class T, ImageView V>
working<T> apply_stage(const V& v, const typed_stage& stage, std::shared_ptr<const void> owner,
                       const stage_context& ctx) {
  const auto empty_check = [&](std::string_view what) {
    if (v.width() == 0 || v.height() == 0)
      ctx.fail("cannot " + std::string(what) + " an empty " + std::to_string(v.width()) + "x" +
               std::to_string(v.height()) + " image");
  };
  constexpr std::string_view kernel_depths = "only 8-bit unsigned and 32-bit float images";
  return std::visit(
      [&](const auto& s) -> working<T> {
        using S = std::remove_cvref_t<decltype(s)>;
        if constexpr (std::is_same_v<S, color_format_code>) {
          return with_color_code(s.code, [&](auto cf) -> working<T> {
            using CF = decltype(cf);
            return run_typed<T>(as_code_input<CF::code>(v), cf, std::move(owner), ctx, color_requirement<CF::code>());
          });
        } else if constexpr (std::is_same_v<S, crop>) {
          // Checked here for a message in SynapseML's terms (x, y, width, height of an OpenCV Rect).
          if (s.x > v.width() - s.width || s.y > v.height() - s.height)
            ctx.fail("rectangle x=" + std::to_string(s.x) + " y=" + std::to_string(s.y) + " width=" +
                     std::to_string(s.width) + " height=" + std::to_string(s.height) + " is outside the " +
                     std::to_string(v.width()) + "x" + std::to_string(v.height()) + " image");
          return run_typed<T>(v, s, std::move(owner), ctx, "");
        } else if constexpr (std::is_same_v<S, resize> || std::is_same_v<S, resize_short>) {
          empty_check("resize");
          return run_typed<T>(v, s, std::move(owner), ctx, std::string("can resize ").append(kernel_depths));
        } else if constexpr (std::is_same_v<S, blur> || std::is_same_v<S, gaussian_kernel>) {
          empty_check("blur");
          return run_typed<T>(v, s, std::move(owner), ctx, std::string("can blur ").append(kernel_depths));
        } else if constexpr (std::is_same_v<S, threshold>) {
          return run_typed<T>(v, s, std::move(owner), ctx, std::string("can threshold ").append(kernel_depths));
        } else {
          return run_typed<T>(v, s, std::move(owner), ctx, "");
        }
      },
      stage);
}

// The tensor parameters once checked.
struct tensor_settings {
  bool enabled = false;
  bool bgr_planes = false;  // tensorChannelOrder
  bool as_double = false;   // tensorElementType
  bool expand_gray = false; // autoConvertToColor
  std::vector<double> mean, stddev;
  double scale = 1.0;
};

template <std::size_t N>
std::array<double, N> per_plane(const std::vector<double>& values, double fallback, const char* name,
                                const std::string& image_format) {
  std::array<double, N> out{};
  if (values.empty()) {
    out.fill(fallback);
    return out;
  }
  if (values.size() != N)
    throw transform_error(std::string("toTensor: ") + name + " has " + std::to_string(values.size()) +
                          " values, but the tensor of this " + image_format + " image has " + std::to_string(N) +
                          (N == 1 ? " plane (gray; set autoConvertToColor to get 3 planes)" : " planes"));
  std::copy(values.begin(), values.end(), out.begin());
  return out;
}

// A to_tensor stage for view type V under the settings, passed to f (so it can be fused).
template <class Elem, ImageView V, class F>
auto with_tensor_stage(const V& v, const tensor_settings& ts, F&& f) {
  using W = std::remove_cvref_t<V>;
  const std::string fmt = format_name(v);
  auto make = [&](auto stage) {
    using S = decltype(stage);
    constexpr std::size_t N = S::channels;
    stage.mean = per_plane<N>(ts.mean, 0.0, "normalizeMean", fmt);
    stage.stddev = per_plane<N>(ts.stddev, 1.0, "normalizeStd", fmt);
    stage.scale = ts.scale;
    return f(stage);
  };
  if constexpr (W::channels == 1) {
    if (ts.expand_gray) {
      if (ts.bgr_planes) return make(to_tensor<Elem, bgr, chw, expand_gray>{});
      return make(to_tensor<Elem, rgb, chw, expand_gray>{});
    }
    return make(to_tensor<Elem, gray, chw>{});
  } else {
    if (ts.bgr_planes) return make(to_tensor<Elem, bgr, chw>{});
    return make(to_tensor<Elem, rgb, chw>{});
  }
}

template <class V>
tensor_row tensorize(const V& v, const tensor_settings& ts, const std::string& origin) {
  using W = std::remove_cvref_t<V>;
  if constexpr (W::channels == 2) {
    throw transform_error("toTensor: a 2-channel " + format_name(v) + " image has no colour planes");
  } else {
    auto go = [&]<class Elem>(std::type_identity<Elem>) {
      return with_tensor_stage<Elem>(v, ts, [&](const auto& stage) {
        return imgframe::detail::erase_result(make_pipeline(stage)(v), origin);
      });
    };
    if (ts.as_double) return go(std::type_identity<double>{});
    return go(std::type_identity<float>{});
  }
}

// A final colorformat fused with to_tensor into one typed pipeline: only for the codes whose
// output is already in Spark's order (gray, GRAY2BGR(A), BGR<->BGRA), so fusing changes nothing.
template <class V>
std::optional<tensor_row> fused_color_tensor(const V& v, int code, const tensor_settings& ts,
                                             const std::string& origin) {
  return with_color_code(code, [&](auto cf) -> std::optional<tensor_row> {
    using CF = decltype(cf);
    const auto in = as_code_input<CF::code>(v);
    using In = std::remove_cvref_t<decltype(in)>;
    if constexpr (pipeline<CF>::template accepts<In>) {
      using Mid = typename CF::template output_t<In>;
      if constexpr (std::is_same_v<typename Mid::order, spark_order_t<Mid::channels>> && Mid::channels != 2) {
        auto go = [&]<class Elem>(std::type_identity<Elem>) {
          return with_tensor_stage<Elem>(Mid{}, ts, [&](const auto& stage) {
            return imgframe::detail::erase_result((cf | stage)(in), origin);
          });
        };
        if (ts.as_double) return go(std::type_identity<double>{});
        return go(std::type_identity<float>{});
      } else {
        return std::nullopt;
      }
    } else {
      return std::nullopt;  // the unfused path reports the error with the stage's name
    }
  });
}

// The JSON front end, defined by <imgframe/json/image_transformer_json.hpp> (opt-in: nlohmann-json).
template <class Tag>
struct json_front_end {
  static_assert(dependent_false<Tag>,
                "imgframe: image_transformer::parse needs #include <imgframe/json/image_transformer_json.hpp>");
};

}  // namespace detail::xform

class image_transformer {
 public:
  struct stage_entry {
    std::string action;  // SynapseML's action, lower case
    typed_stage stage;
  };

  // The identity transformer (rows pass through).
  image_transformer() = default;

  // Checks every stage map and parameter; throws transform_error naming the stage.
  explicit image_transformer(const std::vector<stage_spec>& stages, const transformer_params& params = {}) {
    stages_.reserve(stages.size());
    for (std::size_t i = 0; i < stages.size(); ++i)
      stages_.push_back({detail::xform::lower(stages[i].action), detail::xform::compile_stage(i, stages[i])});
    set_params(params);
  }

  // From JSON text (a list of stage maps, or an object with "stages" and the tensor parameters);
  // needs <imgframe/json/image_transformer_json.hpp>, which keeps nlohmann-json out of this header.
  template <class Tag = void>
  static image_transformer parse(std::string_view json_text) {
    return detail::xform::json_front_end<Tag>::parse(json_text);
  }

  const std::vector<stage_entry>& stages() const noexcept { return stages_; }
  bool to_tensor() const noexcept { return tensor_.enabled; }

  // SynapseML's ImageTransformer on one row. Invalid rows are returned unchanged.
  transform_result transform(const image_row& row) const {
    if (row.is_invalid()) return row;
    if (stages_.empty() && !tensor_.enabled) return row;
    const mode_info* m = find_mode(row.mode);
    if (m && m->depth_code != depth::u8 && m->depth_code != depth::u16 && m->depth_code != depth::f32)
      throw transform_error("image row '" + row.origin + "': mode " + std::string(m->name) +
                            " is not supported by the image transformer (8-bit, 16-bit unsigned and 32-bit float "
                            "rows only)");
    return visit(row, row_runner{this, &row});
  }

  transform_result operator()(const image_row& row) const { return transform(row); }

  // "resize(224x224, bilinear) -> centercrop(224x224) -> toTensor(float, rgb, CHW)".
  std::string describe() const {
    std::string out;
    for (const auto& e : stages_) {
      if (!out.empty()) out += " -> ";
      out += detail::xform::describe_stage(e.stage);
    }
    if (tensor_.enabled) {
      if (!out.empty()) out += " -> ";
      out += std::string("toTensor(") + (tensor_.as_double ? "double" : "float") + ", " +
             (tensor_.bgr_planes ? "bgr" : "rgb") + ", CHW)";
    }
    return out.empty() ? "identity" : out;
  }

 private:
  struct row_runner {
    const image_transformer* self;
    const image_row* row;
    template <ImageView V>
      requires detail::xform::is_spark_row_view<V>
    transform_result operator()(const V& view) const {
      return self->run(view, *row);
    }
  };

  template <ImageView V>
  transform_result run(const V& input, const image_row& row) const {
    using T = typename std::remove_cvref_t<V>::value_type;
    namespace x = detail::xform;
    x::working<T> w{input, nullptr};
    // A final colorformat fuses with to_tensor when that changes no value (see fused_color_tensor).
    std::size_t n = stages_.size();
    std::optional<int> fuse_code;
    if (tensor_.enabled && n > 0)
      if (const auto* c = std::get_if<color_format_code>(&stages_.back().stage)) {
        fuse_code = c->code;
        --n;
      }
    const auto step = [&](std::size_t i) {
      const x::stage_context ctx{i, stages_[i].action};
      try {
        w = std::visit([&](const auto& v) { return x::apply_stage<T>(v, stages_[i].stage, std::move(w.owner), ctx); },
                       w.view);
      } catch (const transform_error&) {
        throw;
      } catch (const std::invalid_argument& e) {  // a typed stage's own check (e.g. a resize target too large)
        ctx.fail(e.what());
      } catch (const std::out_of_range& e) {
        ctx.fail(e.what());
      }
    };
    for (std::size_t i = 0; i < n; ++i) step(i);
    if (fuse_code) {
      auto fused = std::visit([&](const auto& v) { return x::fused_color_tensor(v, *fuse_code, tensor_, row.origin); },
                              w.view);
      if (fused) return std::move(*fused);
      step(n);
    }
    if (tensor_.enabled)
      return std::visit([&](const auto& v) -> transform_result { return x::tensorize(v, tensor_, row.origin); },
                        w.view);
    return std::visit(
        [&](const auto& v) -> transform_result { return imgframe::detail::erase_result(v, row.origin); }, w.view);
  }

  void set_params(const transformer_params& p) {
    namespace x = detail::xform;
    const bool normalizing = !p.normalize_mean.empty() || !p.normalize_std.empty() || p.color_scale_factor;
    if (normalizing && !p.to_tensor)
      throw transform_error(
          "normalizeMean, normalizeStd and colorScaleFactor apply to tensors only: set toTensor to true");
    tensor_.enabled = p.to_tensor;
    const std::string order = x::lower(p.tensor_channel_order);
    if (order != "rgb" && order != "bgr")
      throw transform_error("tensorChannelOrder must be rgb or bgr (any case), got \"" + p.tensor_channel_order + "\"");
    tensor_.bgr_planes = order == "bgr";
    const std::string elem = x::lower(p.tensor_element_type);
    if (elem == "float" || elem == "floattype") tensor_.as_double = false;
    else if (elem == "double" || elem == "doubletype") tensor_.as_double = true;
    else
      throw transform_error("tensorElementType must be float or double, got \"" + p.tensor_element_type + "\"");
    tensor_.expand_gray = p.auto_convert_to_color;
    for (const auto* list : {&p.normalize_mean, &p.normalize_std}) {
      const char* name = list == &p.normalize_mean ? "normalizeMean" : "normalizeStd";
      if (list->size() != 1 && list->size() != 3 && !list->empty())
        throw transform_error(std::string(name) + " must have 3 values (or 1 for gray tensors), got " +
                              std::to_string(list->size()));
      for (std::size_t i = 0; i < list->size(); ++i) {
        const double v = (*list)[i];
        if (!std::isfinite(v) || (list == &p.normalize_std && v == 0.0))
          throw transform_error(std::string(name) + "[" + std::to_string(i) + "] must be finite" +
                                (list == &p.normalize_std ? " and non-zero" : "") + ", got " + std::to_string(v));
      }
    }
    tensor_.mean = p.normalize_mean;
    tensor_.stddev = p.normalize_std;
    if (p.color_scale_factor) {
      const double s = *p.color_scale_factor;
      if (!(s > 0.0) || !std::isfinite(s))
        throw transform_error("colorScaleFactor must be > 0, got " + std::to_string(s));
      tensor_.scale = s;
    }
  }

  std::vector<stage_entry> stages_;
  detail::xform::tensor_settings tensor_;
};

}  // namespace imgframe
