// The hog feature stage (the featurizer of examples/digits_classifier.cpp): reference values on
// edges worked out by hand, signed vs unsigned orientations, the feature map's shape, errors.
#include <cmath>
#include <cstdint>
#include <vector>

#include <imgframe/imgframe.hpp>

#include "catch_compat.hpp"

namespace imf = imgframe;

namespace {
// 10x10 gray: `left` in columns 0-4 and `right` in 5-9 (or rows, when horizontal).
std::vector<std::uint8_t> edge(std::uint8_t first, std::uint8_t second, bool horizontal) {
  std::vector<std::uint8_t> px(100);
  for (int y = 0; y < 10; ++y)
    for (int x = 0; x < 10; ++x) px[static_cast<std::size_t>(y * 10 + x)] = (horizontal ? y : x) < 5 ? first : second;
  return px;
}

std::vector<float> features(const std::vector<std::uint8_t>& px, imf::hog h) {
  const auto v = imf::make_view<imf::gray>(px.data(), 10, 10, 10);
  const auto out = imf::make_pipeline(h)(v);
  REQUIRE(out.width() == 16);
  REQUIRE(out.height() == 1);
  return {out.cview().row(0), out.cview().row(0) + 16};
}

// One 2x2 block of 4-bin cells where every cell voted equally into bins b0 and b1: after L2-Hys
// each of the 8 non-zero values is 1/sqrt(8) (clipping at 0.2 and renormalising changes nothing).
std::vector<float> expected(int b0, int b1) {
  std::vector<float> v(16, 0.0f);
  for (int cell = 0; cell < 4; ++cell) v[static_cast<std::size_t>(cell * 4 + b0)] = v[static_cast<std::size_t>(cell * 4 + b1)] = 1.0f / std::sqrt(8.0f);
  return v;
}

void check(const std::vector<float>& got, const std::vector<float>& want) {
  REQUIRE(got.size() == want.size());
  for (std::size_t i = 0; i < got.size(); ++i) CHECK(got[i] == Approx(want[i]).margin(1e-6));
}
}  // namespace

TEST_CASE("hog: a vertical edge votes half into the bins either side of 0 degrees") {
  // gx = 200 at columns 4 and 5, angle 0: bin position 0 * 4 / pi - 0.5 = -0.5 -> bins 3 and 0.
  check(features(edge(0, 200, false), {.cell = 5, .bins = 4, .block = 2}), expected(0, 3));
}

TEST_CASE("hog: a horizontal edge votes into the bins around 90 degrees") {
  // angle pi/2: position 1.5 -> bins 1 and 2.
  check(features(edge(0, 200, true), {.cell = 5, .bins = 4, .block = 2}), expected(1, 2));
}

TEST_CASE("hog: signed orientations tell a dark-to-light edge from a light-to-dark one") {
  // Light-to-dark: angle pi. Unsigned folds it onto 0 (bins 3 and 0); signed (range 2 pi) puts it
  // at position 1.5 (bins 1 and 2), while dark-to-light stays at bins 3 and 0.
  check(features(edge(200, 0, false), {.cell = 5, .bins = 4, .block = 2}), expected(0, 3));
  check(features(edge(200, 0, false), {.cell = 5, .bins = 4, .block = 2, .signed_gradients = true}), expected(1, 2));
  check(features(edge(0, 200, false), {.cell = 5, .bins = 4, .block = 2, .signed_gradients = true}), expected(0, 3));
}

TEST_CASE("hog: a flat image has no gradient and gives zeros; the map's shape; errors") {
  check(features(std::vector<std::uint8_t>(100, 77), {.cell = 5, .bins = 4, .block = 2}), std::vector<float>(16, 0.0f));
  std::vector<std::uint8_t> digit(20 * 20, 0);
  const auto v = imf::make_view<imf::gray>(digit.data(), 20, 20, 20);
  const auto map = (imf::crop{0, 0, 20, 20} | imf::hog{.cell = 5, .bins = 9, .block = 2})(v);
  CHECK(map.width() == 3 * 2 * 2 * 9);  // 3x3 blocks of 2x2 cells of 9 bins
  CHECK(map.height() == 3);
  static_assert(std::is_same_v<decltype(map), const imf::image<float, 1, imf::gray>>);
  // Colour images do not compile: convert to gray first.
  static_assert(!decltype(imf::make_pipeline(imf::hog{}))::accepts<imf::const_image_view<std::uint8_t, 3>>);
  static_assert(decltype(imf::color_format<imf::color_code::bgr2gray>{} | imf::hog{})::accepts<imf::const_image_view<std::uint8_t, 3>>);
  CHECK_THROWS_WITH(imf::make_pipeline(imf::hog{.cell = 8})(v.subview(0, 0, 12, 20)),
                    "imgframe hog: a 12x20 image holds no block of 2x2 cells of 8 pixels");
  CHECK_THROWS_WITH(imf::make_pipeline(imf::hog{.cell = 0})(v), Catch::Contains("needs cell >= 1"));
}
