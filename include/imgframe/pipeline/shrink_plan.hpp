#pragma once
// shrink_plan(p): the decode size a typed pipeline needs, for decode_options::shrink
// (io/shrink_on_load.hpp). Planned from the leading stage:
//   resize{h, w} ...          at least w x h
//   resize_short{s} ...       a short side of at least s (so resize_short | center_crop and
//                             resize_short | center_crop | to_tensor shrink too)
//   anything else first       no shrink: a crop before the resize is in full-size pixels, and
//                             a flip, colour or kernel stage needs every pixel
// The resize then runs on the smaller decode; its target is recomputed from the decoded size,
// which for resize_short may differ from the full-size target by one pixel on the long side.
#include <boost/hana/front.hpp>

#include "../io/shrink_on_load.hpp"
#include "../stages/resize.hpp"
#include "pipeline.hpp"

namespace imgframe {

constexpr shrink_on_load shrink_plan(const resize& r) noexcept { return {r.width, r.height, 0}; }
constexpr shrink_on_load shrink_plan(const resize_short& r) noexcept { return {0, 0, r.size}; }
template <Stage S>
constexpr shrink_on_load shrink_plan(const S&) noexcept {
  return {};
}
template <Stage... S>
constexpr shrink_on_load shrink_plan(const pipeline<S...>& p) noexcept {
  if constexpr (sizeof...(S) == 0)
    return {};
  else
    return shrink_plan(boost::hana::front(p.stages()));
}

}  // namespace imgframe
