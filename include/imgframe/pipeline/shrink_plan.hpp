#pragma once
// shrink_plan(p): the decode size a typed pipeline needs, for decode_options::shrink
// (io/shrink_on_load.hpp). Planned from the leading stages:
//   resize{h, w} ...                  at least w x h
//   resize_short{s} ...               a short side of at least s (so resize_short | center_crop and
//                                     resize_short | center_crop | to_tensor shrink too)
//   crop | resize ...,                the crop's region at least the resize's size; the decoder
//   center_crop | resize ...          cuts the region out, so the rows then go through
//                                     shrink_rest(p): p without its leading crop
//   anything else first               no shrink: a flip, colour or kernel stage needs every pixel
// The resize then runs on the smaller decode; its target is recomputed from the decoded size,
// which for resize_short may differ from the full-size target by one pixel on the long side.
//   decode_options o;  o.shrink = shrink_plan(p);
//   const decode_result r = decode(bytes, origin, o);
//   auto out = shrink_rest(p)(row_as<view>(r.row));
#include <type_traits>

#include <boost/hana/at.hpp>
#include <boost/hana/drop_front.hpp>
#include <boost/hana/front.hpp>
#include <boost/hana/integral_constant.hpp>
#include <boost/hana/unpack.hpp>

#include "../io/decode.hpp"
#include "../io/shrink_on_load.hpp"
#include "../simd/kernels/detail/resize_opencv.hpp"
#include "../stages/center_crop.hpp"
#include "../stages/crop.hpp"
#include "../stages/resize.hpp"
#include "executor.hpp"
#include "pipeline.hpp"

namespace imgframe {

// A leading resize: the decode may shrink down to its target size.
constexpr shrink_on_load shrink_plan(const resize& r) noexcept { return {r.width, r.height, 0}; }
// A leading resize_short: the decode may shrink until the shorter side is its size.
constexpr shrink_on_load shrink_plan(const resize_short& r) noexcept { return {0, 0, r.size}; }
// Any other first stage: no shrink.
template <Stage S>
constexpr shrink_on_load shrink_plan(const S&) noexcept {
  return {};
}
// A crop followed by a resize: the resize's minimum, applied to the crop's region.
template <class Resize>
constexpr shrink_on_load shrink_plan(const crop& c, const Resize& r) noexcept {
  shrink_on_load s = shrink_plan(r);
  s.crop = shrink_on_load::crop_kind::region;
  s.crop_x = c.x, s.crop_y = c.y, s.crop_width = c.width, s.crop_height = c.height;
  return s;
}
// A center crop followed by a resize: the resize's minimum, applied to the centred region.
template <class Resize>
constexpr shrink_on_load shrink_plan(const center_crop& c, const Resize& r) noexcept {
  shrink_on_load s = shrink_plan(r);
  s.crop = shrink_on_load::crop_kind::center;
  s.crop_width = c.width, s.crop_height = c.height;
  return s;
}

namespace detail {
template <class S> inline constexpr bool is_shrink_resize = std::is_same_v<S, resize> || std::is_same_v<S, resize_short>;
template <class S> inline constexpr bool is_shrink_crop = std::is_same_v<S, crop> || std::is_same_v<S, center_crop>;
// True when shrink_plan takes the pipeline's leading crop (the decoder applies it).
template <class... S> struct leading_crop : std::false_type {};
template <class C, class R, class... S>
struct leading_crop<C, R, S...> : std::bool_constant<is_shrink_crop<C> && is_shrink_resize<R>> {};
}  // namespace detail

// The shrink the pipeline's first stages allow (a leading crop + resize, or a leading resize).
template <Stage... S>
constexpr shrink_on_load shrink_plan(const pipeline<S...>& p) noexcept {
  if constexpr (sizeof...(S) == 0)
    return {};
  else if constexpr (detail::leading_crop<S...>::value)
    return shrink_plan(boost::hana::at_c<0>(p.stages()), boost::hana::at_c<1>(p.stages()));
  else
    return shrink_plan(boost::hana::front(p.stages()));
}

namespace detail {
// A leading resize whose result the second stage crops (and a windowed kernel computes).
template <class... S> struct resize_then_crop : std::false_type {};
template <class R, class C, class... S>
struct resize_then_crop<R, C, S...> : std::bool_constant<is_shrink_resize<R> && is_shrink_crop<C>> {};

// The resize a shrink_on_load describes (shrink_plan(resize), shrink_plan(resize_short) wrote it).
template <class R>
constexpr R resize_of(const shrink_on_load& s) {
  const auto in = static_cast<interpolation>(s.resize_interpolation);
  if constexpr (std::is_same_v<R, resize>) return resize{s.min_height, s.min_width, in};
  else return resize_short{s.min_short_side, in};
}
// The crop of the resize's result it describes, in a w x h result.
constexpr roi then_region(const shrink_on_load& s, int w, int h) {
  if (s.then_crop == shrink_on_load::crop_kind::center) return center_crop{s.then_height, s.then_width}.region(w, h);
  return crop{s.then_x, s.then_y, s.then_height, s.then_width}.region(w, h);
}
// shrink_on_load::source_window of a resize R followed by a crop: the source pixels of a sw x sh
// decode that the crop's window of the resize reads (the kernel's own taps).
template <class R>
roi resize_crop_source(const shrink_on_load& s, int sw, int sh) {
  const R r = resize_of<R>(s);
  const size2d t = exec::detail::output_size(r, sw, sh);
  const roi c = then_region(s, t.width, t.height);
  const auto in = r.interp == interpolation::area ? kernels::detail::cv_interpolation::area
                                                  : kernels::detail::cv_interpolation::linear;
  const auto k = kernels::detail::source_window(in, {t.width, t.height, c.x, c.y, sw, sh, 0, 0}, c.width, c.height);
  return {k.x, k.y, k.width, k.height};
}
}  // namespace detail

// roi_plan for a leading resize `r` whose result the crop `c` crops: shrink_plan(r) and the source
// window that crop reads (shrink_on_load::source_window), so that decode() decodes only that part
// of a JPEG. Not for an antialiased resize (it has no windowed kernel): then shrink_plan(r).
template <class R, class C>
  requires(detail::is_shrink_resize<R> && detail::is_shrink_crop<C>)
constexpr shrink_on_load roi_plan(const R& r, const C& c) {
  shrink_on_load s = shrink_plan(r);
  if (r.interp == interpolation::antialias) return s;
  s.resize_interpolation = static_cast<int>(r.interp);
  if constexpr (std::is_same_v<C, crop>) {
    s.then_crop = shrink_on_load::crop_kind::region;
    s.then_x = c.x, s.then_y = c.y;
  } else {
    s.then_crop = shrink_on_load::crop_kind::center;
  }
  s.then_width = c.width, s.then_height = c.height;
  s.source_window = &detail::resize_crop_source<R>;
  return s;
}

// shrink_plan(p), and for a pipeline that starts with a resize and crops its result (resize_short{256}
// | center_crop{224, 224} | ...): roi_plan of those two stages. Run p on the rows with shrink_run,
// not shrink_rest: a row may be a window of the decoded image.
template <Stage... S>
constexpr shrink_on_load roi_plan(const pipeline<S...>& p) {
  if constexpr (detail::resize_then_crop<S...>::value)
    return roi_plan(boost::hana::at_c<0>(p.stages()), boost::hana::at_c<1>(p.stages()));
  else
    return shrink_plan(p);
}

namespace detail {
// The resize `rs` and the crop `c` of its result, on a view that is the w.part window of a
// w.width x w.height image (w.width 0: the whole image): the values of the whole image's resize.
template <class R, class C, ImageView V>
auto resize_crop_window(const R& rs, const C& c, const V& view, const decode_window& w) {
  const int sw = w.width ? w.width : view.width();
  const int sh = w.width ? w.height : view.height();
  const size2d t = exec::detail::output_size(rs, sw, sh);
  const roi q = c.region(t.width, t.height);
  exec::detail::image_for<typename V::const_view> mid(q.width, q.height, no_init);
  exec::detail::apply_kernel_window(view, mid.view(), rs,
                                    exec::resize_window{t.width, t.height, q.x, q.y, sw, sh, w.part.x, w.part.y});
  return mid;
}
// The resize + crop that start p, on a row that is the r.window part of the decoded image.
template <Stage... S, ImageView V>
auto resized_window(const pipeline<S...>& p, const V& view, const decode_result& r) {
  return resize_crop_window(boost::hana::at_c<0>(p.stages()), boost::hana::at_c<1>(p.stages()), view,
                            r.row_window());
}
// p without its first two stages.
template <Stage... S>
constexpr auto after_two(const pipeline<S...>& p) {
  return boost::hana::unpack(boost::hana::drop_front(p.stages(), boost::hana::size_c<2>),
                             [](auto... s) { return pipeline<decltype(s)...>(s...); });
}
}  // namespace detail

// p's output for a row decoded with roi_plan(p) (or shrink_plan(p)): `view` is the row, `r` the
// decode_result it came from. For a leading resize + crop the windowed resize reads the row as the
// r.window part of an r.decoded_width x r.decoded_height image, so the values are those of p on the
// whole decode; otherwise shrink_rest(p)(view).
template <Stage... S, ImageView V>
auto shrink_run(const pipeline<S...>& p, const V& view, const decode_result& r) {
  if constexpr (detail::resize_then_crop<S...>::value) {
    auto mid = detail::resized_window(p, view, r);
    if constexpr (sizeof...(S) == 2) {
      return mid;
    } else {
      auto out = detail::after_two(p)(mid.cview());
      if constexpr (ImageView<decltype(out)>) return exec::detail::image_for<decltype(out)>(out);  // not a view of mid
      else return out;
    }
  } else {
    return shrink_rest(p)(view);
  }
}

// shrink_run into storage the caller owns and reuses, as pipeline::into (`out` takes the same
// targets). After a leading resize + crop, the stages after the crop write `out`: p needs one.
template <Stage... S, ImageView V, class Out>
void shrink_run(const pipeline<S...>& p, const V& view, const decode_result& r, Out&& out) {
  if constexpr (detail::resize_then_crop<S...>::value) {
    static_assert(sizeof...(S) > 2, "shrink_run into `out`: a stage after the crop must write it");
    const auto mid = detail::resized_window(p, view, r);
    detail::after_two(p).into(mid.cview(), std::forward<Out>(out));
  } else {
    shrink_rest(p).into(view, std::forward<Out>(out));
  }
}

// The pipeline to run on rows decoded with shrink_plan(p): p itself, or p without its leading
// crop when the decoder applies it.
template <Stage... S>
constexpr auto shrink_rest(const pipeline<S...>& p) {
  if constexpr (detail::leading_crop<S...>::value) {
    auto rest = boost::hana::drop_front(p.stages());
    return boost::hana::unpack(rest, [](auto... s) { return pipeline<decltype(s)...>(s...); });
  } else {
    return p;
  }
}

}  // namespace imgframe
