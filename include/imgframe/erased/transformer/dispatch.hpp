#pragma once
// The runtime transformer's runtime -> typed dispatch: each typed_stage runs as the typed
// one-stage pipeline on the current typed view, and the tensor is the typed to_tensor. This is
// where the compile time goes (every stage x 3 depths x 4 channel counts); see "Compile cost" in
// ../image_transformer.hpp for including it in one TU (or a few) of your choosing.
#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>

#include "../../core/image.hpp"
#include "../../pipeline/pipeline.hpp"
#include "../../pipeline/shrink_plan.hpp"
#include "../image_transformer.hpp"

namespace imgframe::detail::xform {

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
          return run_typed<T>(v, s, std::move(owner), ctx, "can resize only 8-bit, 16-bit unsigned and 32-bit float images");
        } else if constexpr (std::is_same_v<S, blur> || std::is_same_v<S, gaussian_kernel>) {
          empty_check("blur");
          return run_typed<T>(v, s, std::move(owner), ctx, std::string("can blur ").append(kernel_depths));
        } else if constexpr (std::is_same_v<S, threshold>) {
          return run_typed<T>(v, s, std::move(owner), ctx, std::string("can threshold ").append(kernel_depths));
        } else if constexpr (std::is_same_v<S, replicate_resize>) {
          empty_check("resize");
          return run_typed<T>(v, s, std::move(owner), ctx, "resizes only 8-bit unsigned images");
        } else if constexpr (std::is_same_v<S, unroll> || std::is_same_v<S, image_set_augmenter>) {
          // The transformer runs these itself (the last stage's vector; transform_set).
          ctx.fail("is not a per-image stage here");
        } else {
          return run_typed<T>(v, s, std::move(owner), ctx, "");
        }
      },
      stage);
}

// The tensor parameters once checked.
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
std::optional<tensor_row> fuse_color_into_tensor(const V& v, int code, const tensor_settings& ts,
                                                 const std::string& origin) {
  return with_color_code(code, [&](auto cf) -> std::optional<tensor_row> {
    using CF = decltype(cf);
    const auto in = as_code_input<CF::code>(v);
    using In = std::remove_cvref_t<decltype(in)>;
    if constexpr (pipeline<CF>::template accepts<In>) {
      using Mid = stage_output_t<CF, In>;
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

template <class T, int C>
working<T> run_stage(const row_view_t<T, C>& v, const typed_stage& stage, std::shared_ptr<const void> owner,
                     const stage_context& ctx) {
  return apply_stage<T>(v, stage, std::move(owner), ctx);
}

template <class T, int C>
std::optional<tensor_row> fused_color_tensor(const row_view_t<T, C>& v, int code, const tensor_settings& ts,
                                             const std::string& origin) {
  return fuse_color_into_tensor(v, code, ts, origin);
}

template <class T, int C>
std::optional<working<T>> resize_crop(const row_view_t<T, C>& v, const typed_stage& resize_stage,
                                      const typed_stage& crop_stage, const decode_window& w) {
  return std::visit(
      [&](const auto& r, const auto& c) -> std::optional<working<T>> {
        using R = std::remove_cvref_t<decltype(r)>;
        using Crop = std::remove_cvref_t<decltype(c)>;
        if constexpr (!::imgframe::detail::is_shrink_resize<R> || !::imgframe::detail::is_shrink_crop<Crop>) {
          return std::nullopt;
        } else if constexpr (!pipeline<R>::template accepts<row_view_t<T, C>>) {
          return std::nullopt;
        } else {
          // No windowed antialiased kernel: it runs on the whole image only.
          if (v.width() == 0 || v.height() == 0 || (r.interp == interpolation::antialias && !w.whole()))
            return std::nullopt;
          size2d t;
          try {  // the stages' own checks: one by one they report them
            t = exec::detail::output_size(r, w.width ? w.width : v.width(), w.width ? w.height : v.height());
            if constexpr (std::is_same_v<Crop, crop>) {
              if (c.x > t.width - c.width || c.y > t.height - c.height) return std::nullopt;
            }
            (void)c.region(t.width, t.height);
          } catch (const std::exception&) {
            return std::nullopt;
          }
          return keep_image(::imgframe::detail::resize_crop_window(r, c, v, w));
        }
      },
      resize_stage, crop_stage);
}

template <class T, int C>
transform_result finish_row(const row_view_t<T, C>& v, const tensor_settings& ts, const std::string& origin) {
  if (ts.unrolled) {
    if constexpr (pipeline<unroll>::template accepts<row_view_t<T, C>>)
      return imgframe::detail::erase_result(make_pipeline(*ts.unrolled)(v), origin);
    else
      throw std::invalid_argument("unrolls only 8-bit unsigned images (got a " + format_name(v) + " image)");
  }
  if (ts.enabled) return tensorize(v, ts, origin);
  return imgframe::detail::erase_result(v, origin);
}

}  // namespace imgframe::detail::xform

// Instantiates the dispatch for rows of value type T (std::uint8_t, std::uint16_t or float), all
// channel counts; write it at namespace scope in the TU that compiles it.
#define IMGFRAME_INSTANTIATE_TRANSFORMER_C(T, C)                                                                \
  template ::imgframe::detail::xform::working<T> imgframe::detail::xform::run_stage<T, C>(                  \
      const ::imgframe::detail::xform::row_view_t<T, C>&, const ::imgframe::typed_stage&,                     \
      std::shared_ptr<const void>, const ::imgframe::detail::xform::stage_context&);                          \
  template std::optional<::imgframe::tensor_row> imgframe::detail::xform::fused_color_tensor<T, C>(         \
      const ::imgframe::detail::xform::row_view_t<T, C>&, int, const ::imgframe::detail::xform::tensor_settings&, \
      const std::string&);                                                                                     \
  template std::optional<::imgframe::detail::xform::working<T>> imgframe::detail::xform::resize_crop<T, C>(  \
      const ::imgframe::detail::xform::row_view_t<T, C>&, const ::imgframe::typed_stage&,                     \
      const ::imgframe::typed_stage&, const ::imgframe::decode_window&);                                      \
  template ::imgframe::transform_result imgframe::detail::xform::finish_row<T, C>(                          \
      const ::imgframe::detail::xform::row_view_t<T, C>&, const ::imgframe::detail::xform::tensor_settings&,  \
      const std::string&)
// Instantiates the transformer's dispatch for rows of value type T (std::uint8_t, std::uint16_t or float), all
// channel counts, in this translation unit.
#define IMGFRAME_INSTANTIATE_TRANSFORMER(T)    \
  IMGFRAME_INSTANTIATE_TRANSFORMER_C(T, 1);    \
  IMGFRAME_INSTANTIATE_TRANSFORMER_C(T, 2);    \
  IMGFRAME_INSTANTIATE_TRANSFORMER_C(T, 3);    \
  IMGFRAME_INSTANTIATE_TRANSFORMER_C(T, 4)
