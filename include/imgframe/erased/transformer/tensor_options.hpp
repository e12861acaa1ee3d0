#pragma once
// The runtime transformer's tensor options: SynapseML's toTensor, normalizeMean, normalizeStd,
// colorScaleFactor, tensorChannelOrder, tensorElementType and autoConvertToColor, checked once
// (check_tensor_params) into tensor_settings. Semantics (as SynapseML): alpha dropped, planes by
// tensorChannelOrder, v = (x * scale - mean) / std in double, C x H x W; a gray image gives 1
// plane unless autoConvertToColor (3 equal planes).
#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "stage_map.hpp"

namespace imgframe {

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

namespace detail::xform {

// The tensor parameters once checked.
struct tensor_settings {
  bool enabled = false;
  bool bgr_planes = false;  // tensorChannelOrder
  bool as_double = false;   // tensorElementType
  bool expand_gray = false; // autoConvertToColor
  std::vector<double> mean, stddev;
  double scale = 1.0;
  // A final unrollimage / unrollbinaryimage stage: the result is its vector of doubles instead.
  std::optional<unroll> unrolled;
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


// Checks the tensor parameters; throws transform_error naming the parameter.
inline tensor_settings check_tensor_params(const transformer_params& p) {
  tensor_settings ts;
  const bool normalizing = !p.normalize_mean.empty() || !p.normalize_std.empty() || p.color_scale_factor;
  if (normalizing && !p.to_tensor)
    throw transform_error("normalizeMean, normalizeStd and colorScaleFactor apply to tensors only: set toTensor to true");
  ts.enabled = p.to_tensor;
  const std::string order = lower(p.tensor_channel_order);
  if (order != "rgb" && order != "bgr")
    throw transform_error("tensorChannelOrder must be rgb or bgr (any case), got \"" + p.tensor_channel_order + "\"");
  ts.bgr_planes = order == "bgr";
  const std::string elem = lower(p.tensor_element_type);
  if (elem == "float" || elem == "floattype") ts.as_double = false;
  else if (elem == "double" || elem == "doubletype") ts.as_double = true;
  else throw transform_error("tensorElementType must be float or double, got \"" + p.tensor_element_type + "\"");
  ts.expand_gray = p.auto_convert_to_color;
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
  ts.mean = p.normalize_mean;
  ts.stddev = p.normalize_std;
  if (p.color_scale_factor) {
    const double s = *p.color_scale_factor;
    if (!(s > 0.0) || !std::isfinite(s)) throw transform_error("colorScaleFactor must be > 0, got " + std::to_string(s));
    ts.scale = s;
  }
  return ts;
}

// "toTensor(float, rgb, CHW)".
inline std::string describe_tensor(const tensor_settings& ts) {
  return std::string("toTensor(") + (ts.as_double ? "double" : "float") + ", " + (ts.bgr_planes ? "bgr" : "rgb") +
         ", CHW)";
}

}  // namespace detail::xform

}  // namespace imgframe
