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
#include <boost/hana/unpack.hpp>

#include "../io/shrink_on_load.hpp"
#include "../stages/center_crop.hpp"
#include "../stages/crop.hpp"
#include "../stages/resize.hpp"
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
