#pragma once
// image_transformer: SynapseML's ImageTransformer at run time, on Spark image rows.
// Include <imgframe/transformer.hpp> to use it: this header is the class and its plan; the
// runtime -> typed dispatch it runs is erased/transformer/dispatch.hpp (see "Compile cost" below).
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
// The maps are checked once, when the transformer is built (transformer/stage_map.hpp,
// transformer/tensor_options.hpp), and turned into the typed stages of stages/. A row is
// dispatched ONCE to its typed view (imgframe::visit); each stage then runs as the typed one-stage
// pipeline on the current typed view (crop/flip stay zero-copy windows, kernels allocate), and the
// tensor is the typed to_tensor (fused with a final gray colorformat). No second implementation.
//
// SynapseML semantics kept on purpose:
//   * blur{height, width}: OpenCV gets Size(height, width), so the kernel WIDTH is `height`.
//   * colorformat: cvtColor on an unlabelled Mat. Bytes are read as Spark's BGR(A) whatever an
//     earlier colorformat did, so colorformat 4 (BGR2RGB) then toTensor "rgb" gives planes B, G, R,
//     as SynapseML does. Codes 7/11 (RGB(A)2GRAY) weigh the first channel as red, like OpenCV.
//   * invalid rows (Spark's mode -1 row) pass through unchanged, also with toTensor.
//   * SynapseML's own UnrollImage / UnrollBinaryImage (actions unrollimage, unrollbinaryimage) end
//     the list: the result is a tensor_row of doubles, the planes in stored order (B, G, R[, A]);
//     ImageSetAugmenter (imagesetaugmenter) makes several rows of each: transform_set.
// Rows of depths the stages cannot take fail with a transform_error naming the stage.
//
// Compile cost: the dispatch instantiates every typed stage for 3 depths x 4 channel counts (about
// 12 x 20 pipelines), minutes of compiler time. It is therefore behind its own opt-in header, and
// split at the (value type, channels) boundary: run_stage<T, C>, resize_crop<T, C>,
// fused_color_tensor<T, C> and finish_row<T, C> are declared here and defined in transformer/dispatch.hpp.
//   * <imgframe/transformer.hpp> includes both: header-only, every TU that uses it pays.
//   * A build that wants to pay once includes only this header where it uses the transformer, and
//     instantiates the dispatch in TUs of its choosing, e.g. one per depth so they build in parallel:
//       #include <imgframe/erased/transformer/dispatch.hpp>
//       IMGFRAME_INSTANTIATE_TRANSFORMER(std::uint8_t);   // also std::uint16_t and float
//     (tools/transformer_dispatch/*.cpp do that for the project's tool, tests and Python module).
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include "../core/image_view.hpp"
#include "../core/mode.hpp"
#include "../io/shrink_on_load.hpp"
#include "image_row.hpp"
#include "row_convert.hpp"
#include "tensor_row.hpp"
#include "transformer/stage_map.hpp"
#include "transformer/tensor_options.hpp"

namespace imgframe {

// What transform() gives: an image row (toTensor=false, or an invalid row passed through) or a tensor.
using transform_result = std::variant<image_row, tensor_row>;

namespace detail::xform {

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

struct stage_context {
  std::size_t index;
  std::string_view action;
  [[noreturn]] void fail(const std::string& what) const {
    throw transform_error("stage " + std::to_string(index) + " (" + std::string(action) + "): " + what);
  }
};

// The dispatch, per row value type T and channel count C (defined in transformer/dispatch.hpp):
// one typed stage on a view,
template <class T, int C>
working<T> run_stage(const row_view_t<T, C>& v, const typed_stage& stage, std::shared_ptr<const void> owner,
                     const stage_context& ctx);
// a final colorformat fused with the tensor (nullopt when fusing would change a value),
template <class T, int C>
std::optional<tensor_row> fused_color_tensor(const row_view_t<T, C>& v, int code, const tensor_settings& ts,
                                             const std::string& origin);
// a leading resize and the crop of its result as one pass that computes only the crop, reading v as
// the w.part window of a w.width x w.height image (nullopt when the stages are not a resize and a
// crop, or when the crop does not fit: the stages then run one by one and report it),
template <class T, int C>
std::optional<working<T>> resize_crop(const row_view_t<T, C>& v, const typed_stage& resize_stage,
                                      const typed_stage& crop_stage, const decode_window& w);
// and the result: the tensor when ts.enabled, else the image row.
template <class T, int C>
transform_result finish_row(const row_view_t<T, C>& v, const tensor_settings& ts, const std::string& origin);

// The JSON front end, defined by <imgframe/json/image_transformer_json.hpp> (opt-in: nlohmann-json).
template <class Tag>
struct json_front_end {
  static_assert(dependent_false<Tag>,
                "imgframe: image_transformer::parse needs #include <imgframe/json/image_transformer_json.hpp>");
};

}  // namespace detail::xform

// SynapseML's ImageTransformer at run time: stage maps checked once, then each row dispatched to the typed
// stages (see the top of this file).
class image_transformer {
 public:
  // One checked stage: its SynapseML action and the typed stage it runs as.
  struct stage_entry {
    std::string action;     // SynapseML's action, lower case
    // The typed stage.
    typed_stage stage;
    std::size_t index = 0;  // position of its stage map (unrollbinaryimage gives two stages)
  };

  // The identity transformer (rows pass through).
  image_transformer() = default;

  // Checks every stage map and parameter; throws transform_error naming the stage.
  explicit image_transformer(const std::vector<stage_spec>& stages, const transformer_params& params = {}) {
    stages_.reserve(stages.size());
    for (std::size_t i = 0; i < stages.size(); ++i)
      for (typed_stage& s : detail::xform::compile_stages(i, stages[i]))
        stages_.push_back({detail::xform::lower(stages[i].action), std::move(s), i});
    tensor_ = detail::xform::check_tensor_params(params);
    for (std::size_t i = 0; i < stages_.size(); ++i) {
      const auto& e = stages_[i];
      const auto fail = [&](const std::string& what) {
        throw transform_error("stage " + std::to_string(e.index) + " (" + e.action + "): " + what);
      };
      if (const auto* u = std::get_if<unroll>(&e.stage)) {
        if (i + 1 != stages_.size()) fail("must be the last stage (its result is a vector, not an image)");
        if (tensor_.enabled) fail("makes the vector itself: toTensor must be false");
        tensor_.unrolled = *u;
      }
      augments_ = augments_ || std::holds_alternative<image_set_augmenter>(e.stage);
    }
  }

  // From JSON text (a list of stage maps, or an object with "stages" and the tensor parameters);
  // needs <imgframe/json/image_transformer_json.hpp>, which keeps nlohmann-json out of this header.
  template <class Tag = void>
  static image_transformer parse(std::string_view json_text) {
    return detail::xform::json_front_end<Tag>::parse(json_text);
  }

  // The checked stages, in order.
  const std::vector<stage_entry>& stages() const noexcept { return stages_; }
  // This transformer without its first n stages (shrink_plan: the decoder applies a leading crop).
  image_transformer without_leading_stages(std::size_t n) const {
    image_transformer t = *this;
    t.stages_.erase(t.stages_.begin(), t.stages_.begin() + static_cast<std::ptrdiff_t>(std::min(n, stages_.size())));
    return t;
  }
  // True when the output is a tensor (toTensor).
  bool to_tensor() const noexcept { return tensor_.enabled; }
  // True when an imagesetaugmenter stage makes several rows of each (transform_set only).
  bool augments() const noexcept { return augments_; }

  // SynapseML's ImageTransformer on one row. Invalid rows are returned unchanged.
  transform_result transform(const image_row& row) const { return transform(row, decode_window{}); }

  // transform(row) for a row that holds only the w.part window of a w.width x w.height decode: rows
  // read with shrink_plan(*this).shrink (dataset_row::window). The leading resize then samples the
  // whole image, so the values are those of transform() on the whole decode.
  transform_result transform(const image_row& row, const decode_window& w) const {
    if (augments_)
      throw transform_error("imagesetaugmenter makes several rows of each row: use transform_set on the rows");
    if (row.is_invalid()) return row;
    if (stages_.empty() && !tensor_.enabled) return row;
    const mode_info* m = find_mode(row.mode);
    if (m && m->depth_code != depth::u8 && m->depth_code != depth::u16 && m->depth_code != depth::f32)
      throw transform_error("image row '" + row.origin + "': mode " + std::string(m->name) +
                            " is not supported by the image transformer (8-bit, 16-bit unsigned and 32-bit float "
                            "rows only)");
    if (!w.whole() && (w.part.width != row.width || w.part.height != row.height))
      throw transform_error("image row '" + row.origin + "': " + std::to_string(row.width) + "x" +
                            std::to_string(row.height) + " does not match its decode window " +
                            std::to_string(w.part.width) + "x" + std::to_string(w.part.height));
    return visit(row, row_runner{this, &row, &w});
  }

  // Same as transform(row).
  transform_result operator()(const image_row& row) const { return transform(row); }

  // The rows through the stages, imagesetaugmenter stages included: in the order of SynapseML's
  // unions, i.e. all rows as they are, then all flipped left-right, then all flipped up-down (each
  // augmenter's choice more significant than the previous augmenter's, the row least). Without an
  // augmenter: transform() of each row.
  std::vector<transform_result> transform_set(std::span<const image_row> rows) const {
    std::vector<std::size_t> at;                  // positions of the augmenters
    std::vector<std::vector<std::optional<flip>>> choices;  // per augmenter: as is, flip(1), flip(0)
    for (std::size_t i = 0; i < stages_.size(); ++i)
      if (const auto* a = std::get_if<image_set_augmenter>(&stages_[i].stage)) {
        at.push_back(i);
        auto& c = choices.emplace_back(1, std::nullopt);
        if (a->flip_left_right) c.emplace_back(flip{flip_left_right});
        if (a->flip_up_down) c.emplace_back(flip{flip_up_down});
      }
    std::vector<transform_result> out;
    std::vector<std::size_t> pick(at.size(), 0);
    for (;;) {
      image_transformer t;
      t.tensor_ = tensor_;
      for (std::size_t i = 0, k = 0; i < stages_.size(); ++i) {
        if (k < at.size() && at[k] == i) {
          if (const auto& f = choices[k][pick[k]]) t.stages_.push_back({stages_[i].action, *f, stages_[i].index});
          ++k;
        } else {
          t.stages_.push_back(stages_[i]);
        }
      }
      for (const image_row& r : rows) out.push_back(t.transform(r));
      std::size_t k = 0;  // next choice: the first augmenter's turns fastest
      while (k < pick.size() && ++pick[k] == choices[k].size()) pick[k++] = 0;
      if (k == pick.size()) break;
    }
    return out;
  }

  // "resize(224x224, bilinear) -> centercrop(224x224) -> toTensor(float, rgb, CHW)".
  std::string describe() const {
    std::string out;
    for (const auto& e : stages_) {
      if (!out.empty()) out += " -> ";
      out += detail::xform::describe_stage(e.stage);
    }
    if (tensor_.enabled) {
      if (!out.empty()) out += " -> ";
      out += detail::xform::describe_tensor(tensor_);
    }
    return out.empty() ? "identity" : out;
  }

 private:
  struct row_runner {
    const image_transformer* self;
    const image_row* row;
    const decode_window* window;
    template <ImageView V>
      requires detail::xform::is_spark_row_view<V>
    transform_result operator()(const V& view) const {
      return self->run(view, *row, *window);
    }
  };

  template <ImageView V>
  transform_result run(const V& input, const image_row& row, const decode_window& window) const {
    using T = typename std::remove_cvref_t<V>::value_type;
    namespace x = detail::xform;
    x::working<T> w{input, nullptr};
    // A final colorformat fuses with to_tensor when that changes no value (see fused_color_tensor).
    std::size_t n = stages_.size() - (tensor_.unrolled ? 1 : 0);  // the unroll makes the result
    std::optional<int> fuse_code;
    if (tensor_.enabled && n > 0)
      if (const auto* c = std::get_if<color_format_code>(&stages_.back().stage)) {
        fuse_code = c->code;
        --n;
      }
    const auto guarded = [&](std::size_t i, auto&& f) {
      const x::stage_context ctx{stages_[i].index, stages_[i].action};
      try {
        f(ctx);
      } catch (const transform_error&) {
        throw;
      } catch (const std::invalid_argument& e) {  // a typed stage's own check (e.g. a resize target too large)
        ctx.fail(e.what());
      } catch (const std::out_of_range& e) {
        ctx.fail(e.what());
      }
    };
    const auto step = [&](std::size_t i) {
      guarded(i, [&](const x::stage_context& ctx) {
        w = std::visit(
            [&](const auto& v) {
              return x::run_stage<T, std::remove_cvref_t<decltype(v)>::channels>(v, stages_[i].stage,
                                                                                 std::move(w.owner), ctx);
            },
            w.view);
      });
    };
    // A leading resize and the crop of its result run as one pass (only the crop is computed), on
    // the whole image or on the part of it the row holds.
    std::size_t first = 0;
    if (n >= 2)
      guarded(0, [&](const x::stage_context&) {
        auto fused = std::visit(
            [&](const auto& v) {
              return x::resize_crop<T, std::remove_cvref_t<decltype(v)>::channels>(v, stages_[0].stage,
                                                                                  stages_[1].stage, window);
            },
            w.view);
        if (fused) w = std::move(*fused), first = 2;
      });
    if (first == 0 && !window.whole())
      throw transform_error("image row '" + row.origin +
                            "' is a window of its decoded image: the transformer must start with a resize and a "
                            "crop of its result (shrink_plan)");
    for (std::size_t i = first; i < n; ++i) step(i);
    if (fuse_code) {
      auto fused = std::visit(
          [&](const auto& v) {
            return x::fused_color_tensor<T, std::remove_cvref_t<decltype(v)>::channels>(v, *fuse_code, tensor_,
                                                                                       row.origin);
          },
          w.view);
      if (fused) return std::move(*fused);
      step(n);
    }
    const auto finish = [&] {
      return std::visit(
          [&](const auto& v) {
            return x::finish_row<T, std::remove_cvref_t<decltype(v)>::channels>(v, tensor_, row.origin);
          },
          w.view);
    };
    if (!tensor_.unrolled) return finish();
    const x::stage_context ctx{stages_.back().index, stages_.back().action};
    try {
      return finish();
    } catch (const transform_error&) {
      throw;
    } catch (const std::invalid_argument& e) {  // the unroll's own checks (8-bit, nChannels)
      ctx.fail(e.what());
    }
  }

  std::vector<stage_entry> stages_;
  detail::xform::tensor_settings tensor_;
  bool augments_ = false;
};

}  // namespace imgframe
