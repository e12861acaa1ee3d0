#pragma once
// The runtime transformer's stage maps: SynapseML's {"action": ..., params} checked once and
// turned into the typed stages of stages/ (compile_stage), and described back (describe_stage).
// Errors (transform_error) name the stage by index and action: "stage 1 (resize): parameter
// 'height' must be an integer, got 64.5". No pipeline, no dispatch: cheap to include.
#include <cctype>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <map>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "../../stages.hpp"
#include "../image_set_augmenter.hpp"

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
                                               // gaussiankernel, flip, and SynapseML's own transformers
                                               // unrollimage, unrollbinaryimage, imagesetaugmenter
                                               // (case-insensitive)
  std::map<std::string, param_value> params;   // every key except "action"
};

// The transformer's own parameters (SynapseML's names in the comments).

// A stage after checking: the typed stage it runs as.
struct color_format_code {
  int code = 0;  // OpenCV COLOR_* value, 0 ... 11
};
// A checked stage map: the typed stage it runs as. unroll ends the list (its result is the
// vector); image_set_augmenter makes several rows of one (image_transformer::transform_set).
using typed_stage = std::variant<resize, resize_short, crop, center_crop, flip, color_format_code, blur,
                                 gaussian_kernel, threshold, replicate_resize, unroll, image_set_augmenter>;


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
        fail("unknown parameter '" + k + "' (" + action_ + (list.empty() ? " takes none)" : " takes " + list + ")"));
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
    "resize, crop, centercrop, colorformat, blur, threshold, gaussiankernel, flip, unrollimage, unrollbinaryimage, "
    "imagesetaugmenter";

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
  if (action == "unrollimage") {
    r.only({});
    return unroll{unroll_values::synapseml};
  }
  if (action == "imagesetaugmenter") {
    r.only({"flipLeftRight", "flipUpDown"});
    return image_set_augmenter{r.has("flipLeftRight") ? r.boolean("flipLeftRight") : true,
                               r.has("flipUpDown") ? r.boolean("flipUpDown") : false};
  }
  throw transform_error("unsupported transformation '" + spec.action + "' in stage " + std::to_string(index) +
                        " (supported: " + supported_actions + ")");
}

// The typed stages of one stage map: compile_stage's one, or for unrollbinaryimage
// {width, height, nChannels} a replicate_resize (when width and height are given) and an exact unroll
// checking the channel count (AWT's colour conversion to another count is not reproduced).
inline std::vector<typed_stage> compile_stages(std::size_t index, const stage_spec& spec) {
  const std::string action = lower(spec.action);
  if (action != "unrollbinaryimage") return {compile_stage(index, spec)};
  const stage_reader r(index, spec, action);
  r.only({"width", "height", "nChannels"});
  if (r.has("width") != r.has("height")) r.fail("Height and width must either both be specified or unspecified");
  std::vector<typed_stage> out;
  if (r.has("width")) out.push_back(replicate_resize{r.positive("width"), r.positive("height")});
  out.push_back(unroll{unroll_values::exact, r.has("nChannels") ? r.positive("nChannels") : 0});
  return out;
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
    std::string operator()(const replicate_resize& s) const {
      return "replicate_resize(" + std::to_string(s.width) + "x" + std::to_string(s.height) + ")";
    }
    std::string operator()(const unroll& s) const {
      return std::string("unroll(") + (s.values == unroll_values::synapseml ? "0 -> 256" : "exact") +
             (s.channels ? ", " + std::to_string(s.channels) + " channels" : "") + ")";
    }
    std::string operator()(const image_set_augmenter& s) const {
      return std::string("imagesetaugmenter(") + (s.flip_left_right ? "flipLeftRight" : "") +
             (s.flip_left_right && s.flip_up_down ? ", " : "") + (s.flip_up_down ? "flipUpDown" : "") + ")";
    }
    std::string operator()(const threshold& s) const {
      return "threshold(" + n(s.thresh) + ", max " + n(s.max_value) + ", type " +
             std::to_string(static_cast<int>(s.type)) + ")";
    }
  };
  return std::visit(describer{num}, stage);
}

}  // namespace detail::xform

}  // namespace imgframe
