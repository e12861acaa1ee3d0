// pipeline::into: the result of p(view), written into storage the caller owns and reuses.
#include <imgframe/imgframe.hpp>

#include <cstdint>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "catch_compat.hpp"

using namespace imgframe;
using u8 = std::uint8_t;

namespace {

using bgr_view = image_view<const u8, 3, bgr>;
using gray_view = image_view<const u8, 1, gray>;

// A BGR image with a pattern that makes every pixel distinct enough to catch misplaced writes.
image<u8, 3, bgr> pattern(int w, int h) {
  image<u8, 3, bgr> img(w, h);
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x)
      for (int c = 0; c < 3; ++c) img.view().at(x, y, c) = static_cast<u8>((x * 7 + y * 13 + c * 101) & 0xFF);
  return img;
}

constexpr auto imagenet = resize_short{64} | center_crop{40, 48} |
                          to_tensor<float, rgb, chw>{{0.485f, 0.456f, 0.406f}, {0.229f, 0.224f, 0.225f}, 1.0 / 255};
using P = std::remove_cvref_t<decltype(imagenet)>;
using chw_tensor = tensor<float, rgb, chw>;

// The constraint: the output's type must be the result's; owners must be lvalues.
template <class Out, class V = bgr_view>
concept can_into = requires(const P& p, const V& v, Out&& out) { p.into(v, std::forward<Out>(out)); };
static_assert(can_into<chw_tensor&> && can_into<chw_tensor::view_type>);
static_assert(!can_into<chw_tensor>);                          // lost in a temporary
static_assert(!can_into<tensor<double, rgb, chw>&>);           // other type
static_assert(!can_into<tensor<float, rgb, hwc>&>);            // other layout
static_assert(!can_into<chw_tensor&, gray_view>);              // the chain rejects gray
static_assert(!can_into<chw_tensor::const_view_type>);         // read-only

}  // namespace

TEST_CASE("into(tensor&) equals p(view) and reuses the tensor's storage", "[pipeline][into]") {
  const auto a = pattern(97, 131), b = pattern(131, 97);
  chw_tensor out;
  imagenet.into(a.cview(), out);
  const chw_tensor expected_a = imagenet(a.cview());
  REQUIRE(out.height() == 40);
  REQUIRE(out.width() == 48);
  CHECK(out.values() == expected_a.values());
  const float* storage = out.data();

  imagenet.into(b.cview(), out);  // same result shape: same storage, new values
  CHECK(out.data() == storage);
  CHECK(out.values() == imagenet(b.cview()).values());

  // Cropped and flipped input views go through the same passes.
  const auto window = a.cview().subview(5, 9, 80, 101).flipped_left_right();
  imagenet.into(window, out);
  CHECK(out.values() == imagenet(window).values());
}

TEST_CASE("into(tensor_view) writes exactly one slot of a caller's buffer", "[pipeline][into]") {
  const auto a = pattern(70, 90);
  const std::size_t sample = 3u * 40u * 48u;
  std::vector<float> batch(3 * sample, -7.0f);  // three slots; fill slot 1 only
  imagenet.into(a.cview(), chw_tensor::view_type(batch.data() + sample, 40, 48));
  const chw_tensor expected = imagenet(a.cview());
  for (std::size_t i = 0; i < sample; ++i) {
    INFO(i);
    REQUIRE(batch[i] == -7.0f);
    REQUIRE(batch[sample + i] == expected.data()[i]);
    REQUIRE(batch[2 * sample + i] == -7.0f);
  }
}

TEST_CASE("into a view of the wrong shape throws before writing to it", "[pipeline][into]") {
  const auto a = pattern(70, 90);
  std::vector<float> buffer(3 * 40 * 47, 1.5f);
  CHECK_THROWS_WITH(imagenet.into(a.cview(), chw_tensor::view_type(buffer.data(), 40, 47)),
                    "imgframe pipeline::into: the output is 47x40, the result 48x40 (width x height)");
  for (float v : buffer) REQUIRE(v == 1.5f);
}

TEST_CASE("into(image&) and into(image_view) for pipelines that end in pixels", "[pipeline][into]") {
  const auto a = pattern(61, 47);
  constexpr auto shrink = resize{21, 33} | flip{1};  // kernel pass, then a view pass: copied out
  constexpr auto gray_small = resize{16, 20} | color_format<color_code::bgr2gray>{};  // kernel, then fused
  constexpr auto only_views = crop{3, 4, 12, 10} | flip{0};

  image<u8, 3, bgr> out;
  shrink.into(a.cview(), out);
  const auto expected = shrink(a.cview());
  REQUIRE(out.width() == 33);
  REQUIRE(out.height() == 21);
  for (int y = 0; y < 21; ++y)
    for (int x = 0; x < 33; ++x)
      for (int c = 0; c < 3; ++c) REQUIRE(out.cview().at(x, y, c) == expected.cview().at(x, y, c));

  // Into a window of a larger image: the pixels around it stay as they were.
  image<u8, 1, gray> canvas(30, 30);
  for (int y = 0; y < 30; ++y)
    for (int x = 0; x < 30; ++x) canvas.view().at(x, y, 0) = 200;
  gray_small.into(a.cview(), canvas.view().subview(4, 6, 20, 16));
  const auto g = gray_small(a.cview());
  for (int y = 0; y < 30; ++y)
    for (int x = 0; x < 30; ++x) {
      const bool inside = x >= 4 && x < 24 && y >= 6 && y < 22;
      REQUIRE(canvas.cview().at(x, y, 0) == (inside ? g.cview().at(x - 4, y - 6, 0) : 200));
    }

  image<u8, 3, bgr> copy;
  only_views.into(a.cview(), copy);
  const auto v = only_views(a.cview());
  REQUIRE(copy.width() == 10);
  REQUIRE(copy.height() == 12);
  for (int y = 0; y < 12; ++y)
    for (int x = 0; x < 10; ++x)
      for (int c = 0; c < 3; ++c) REQUIRE(copy.cview().at(x, y, c) == v.at(x, y, c));
}

TEST_CASE("into through visit skips the row types the chain rejects", "[pipeline][into]") {
  const auto a = pattern(50, 60);
  const image_row color = to_row(a.cview(), "memory:color");
  image<u8, 1, gray> g(8, 8);
  const image_row gray_row = to_row(g.cview(), "memory:gray");
  chw_tensor out;
  auto fill = [&](auto v) -> decltype(imagenet.into(v, out)) { imagenet.into(v, out); };
  visit(color, fill);
  CHECK(out.values() == imagenet(a.cview()).values());
  CHECK_THROWS_AS(visit(gray_row, fill), row_error);
}
