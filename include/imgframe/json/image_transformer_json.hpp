#pragma once
// Opt-in: image_transformer from JSON (needs nlohmann-json; the rest of imgframe does not).
// Two shapes are accepted:
//   a list of SynapseML stage maps
//     [{"action": "resize", "height": 64, "width": 64}, {"action": "flip", "flipCode": 1}]
//   an object with the stages and the transformer's parameters, under SynapseML's names
//     {"stages": [...], "toTensor": true, "normalizeMean": [0.485, 0.456, 0.406],
//      "normalizeStd": [0.229, 0.224, 0.225], "colorScaleFactor": 0.00392156862745098,
//      "tensorChannelOrder": "rgb", "tensorElementType": "float", "autoConvertToColor": true}
// JSON integers are integers and JSON numbers with a fraction or exponent are doubles, which is
// what the stage parameters check ("height": 64.0 is refused: sizes are integers).
// Every error is a transform_error: invalid JSON (with nlohmann's line/column), a misshapen
// stage ("stage 2: ..."), an unknown top-level key, or the transformer's own checks.
// This header builds transformers; running them (transform) needs <imgframe/transformer.hpp> too,
// or the dispatch instantiated in a TU of your own (see erased/image_transformer.hpp).
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "../erased/image_transformer.hpp"

namespace imgframe {

namespace detail::xform_json {

inline std::string_view json_kind(const nlohmann::json& j) {
  switch (j.type()) {
    case nlohmann::json::value_t::null: return "null";
    case nlohmann::json::value_t::object: return "an object";
    case nlohmann::json::value_t::array: return "an array";
    case nlohmann::json::value_t::string: return "a string";
    case nlohmann::json::value_t::boolean: return "a boolean";
    case nlohmann::json::value_t::number_float: return "a number";
    default: return "an integer";
  }
}

inline stage_spec stage_from_json(std::size_t index, const nlohmann::json& j) {
  const std::string where = "stage " + std::to_string(index);
  if (!j.is_object())
    throw transform_error(where + ": must be an object like {\"action\": \"resize\", ...}, got " +
                          std::string(json_kind(j)));
  const auto action = j.find("action");
  if (action == j.end()) throw transform_error(where + ": missing \"action\"");
  if (!action->is_string())
    throw transform_error(where + ": \"action\" must be a string, got " + std::string(json_kind(*action)));
  stage_spec spec;
  spec.action = action->get<std::string>();
  for (const auto& [key, v] : j.items()) {
    if (key == "action") continue;
    const std::string name = where + " (" + detail::xform::lower(spec.action) + "): parameter '" + key + "'";
    switch (v.type()) {
      case nlohmann::json::value_t::boolean: spec.params.emplace(key, v.get<bool>()); break;
      case nlohmann::json::value_t::number_integer: spec.params.emplace(key, v.get<std::int64_t>()); break;
      case nlohmann::json::value_t::number_unsigned: {
        const auto u = v.get<std::uint64_t>();
        if (u > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
          throw transform_error(name + " = " + std::to_string(u) + " is too large");
        spec.params.emplace(key, static_cast<std::int64_t>(u));
        break;
      }
      case nlohmann::json::value_t::number_float: spec.params.emplace(key, v.get<double>()); break;
      case nlohmann::json::value_t::string: spec.params.emplace(key, v.get<std::string>()); break;
      default: throw transform_error(name + " must be a single value, got " + std::string(json_kind(v)));
    }
  }
  return spec;
}

inline std::vector<stage_spec> stages_from_json(const nlohmann::json& j) {
  if (!j.is_array()) throw transform_error("\"stages\" must be a list of stage objects, got " + std::string(json_kind(j)));
  std::vector<stage_spec> out;
  out.reserve(j.size());
  for (std::size_t i = 0; i < j.size(); ++i) out.push_back(stage_from_json(i, j[i]));
  return out;
}

inline std::vector<double> numbers(const char* key, const nlohmann::json& j) {
  if (!j.is_array()) throw transform_error(std::string(key) + " must be a list of numbers, got " + std::string(json_kind(j)));
  std::vector<double> out;
  for (const auto& v : j) {
    if (!v.is_number())
      throw transform_error(std::string(key) + " must be a list of numbers, got " + std::string(json_kind(v)) +
                            " in it");
    out.push_back(v.get<double>());
  }
  return out;
}

inline bool boolean(const char* key, const nlohmann::json& j) {
  if (!j.is_boolean()) throw transform_error(std::string(key) + " must be true or false, got " + std::string(json_kind(j)));
  return j.get<bool>();
}

inline std::string text(const char* key, const nlohmann::json& j) {
  if (!j.is_string()) throw transform_error(std::string(key) + " must be a string, got " + std::string(json_kind(j)));
  return j.get<std::string>();
}

}  // namespace detail::xform_json

// The stage maps and parameters a JSON document describes (either shape, see above).
inline std::pair<std::vector<stage_spec>, transformer_params> image_transformer_spec_from_json(const nlohmann::json& j) {
  namespace x = detail::xform_json;
  if (j.is_array()) return {x::stages_from_json(j), transformer_params{}};
  if (!j.is_object())
    throw transform_error("an image transformer is a list of stages or an object with \"stages\", got " +
                          std::string(x::json_kind(j)));
  std::vector<stage_spec> stages;
  transformer_params p;
  for (const auto& [key, v] : j.items()) {
    if (key == "stages") stages = x::stages_from_json(v);
    else if (key == "toTensor") p.to_tensor = x::boolean("toTensor", v);
    else if (key == "normalizeMean") p.normalize_mean = x::numbers("normalizeMean", v);
    else if (key == "normalizeStd") p.normalize_std = x::numbers("normalizeStd", v);
    else if (key == "colorScaleFactor") {
      if (!v.is_number())
        throw transform_error("colorScaleFactor must be a number, got " + std::string(x::json_kind(v)));
      p.color_scale_factor = v.get<double>();
    } else if (key == "tensorChannelOrder") p.tensor_channel_order = x::text("tensorChannelOrder", v);
    else if (key == "tensorElementType") p.tensor_element_type = x::text("tensorElementType", v);
    else if (key == "autoConvertToColor") p.auto_convert_to_color = x::boolean("autoConvertToColor", v);
    else
      throw transform_error("unknown key '" + key +
                            "' (accepted: stages, toTensor, normalizeMean, normalizeStd, colorScaleFactor, "
                            "tensorChannelOrder, tensorElementType, autoConvertToColor)");
  }
  return {std::move(stages), std::move(p)};
}

// An image_transformer from parsed JSON: a list of stage maps, or an object with "stages" and the
// transformer's parameters.
inline image_transformer image_transformer_from_json(const nlohmann::json& j) {
  auto [stages, params] = image_transformer_spec_from_json(j);
  return image_transformer(stages, params);
}

// Parses JSON text; a syntax error (or a number out of double's range) is a transform_error with
// nlohmann's message.
inline image_transformer parse_image_transformer(std::string_view json_text) {
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(json_text.begin(), json_text.end());
  } catch (const nlohmann::json::exception& e) {  // parse_error, and out_of_range for numbers like 1e400
    throw transform_error(std::string("invalid JSON: ") + e.what());
  }
  return image_transformer_from_json(j);
}

namespace detail::xform {
template <>
struct json_front_end<void> {
  static image_transformer parse(std::string_view json_text) { return parse_image_transformer(json_text); }
};
}  // namespace detail::xform

// For nlohmann's get<image_transformer>() / j.get_to(t) (found by ADL).
inline void from_json(const nlohmann::json& j, image_transformer& t) { t = image_transformer_from_json(j); }

}  // namespace imgframe
