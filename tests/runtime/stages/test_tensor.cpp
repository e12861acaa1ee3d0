// to_tensor and normalize: SynapseML's published case, a double-precision reference on real
// photos (within 1e-6 relative; in fact equal to the reference rounded to float), layouts, orders,
// gray handling, and fused == unfused.
#include <imgframe/imgframe.hpp>

#include <cmath>
#include <cstdint>

#include <opencv2/imgproc.hpp>

#include "catch_compat.hpp"
#include "opencv_views.hpp"

namespace imf = imgframe;
using namespace testing_cv;
using u8 = std::uint8_t;

TEST_CASE("SynapseML's test: pure red, mean 0.5, std 1, scale 1/255 gives R=+0.5, G=B=-0.5", "[stages][to_tensor]") {
  const auto p = imf::make_pipeline(imf::to_tensor<float, imf::rgb, imf::chw>{{0.5, 0.5, 0.5}, {1, 1, 1}, 1.0 / 255});
  imf::image<u8, 3, imf::bgr> red3(5, 4);
  imf::image<u8, 4, imf::bgra> red4(5, 4);
  for (int y = 0; y < 4; ++y)
    for (int x = 0; x < 5; ++x) {
      red3.view().at(x, y, 2) = 255;
      red4.view().at(x, y, 2) = 255;
      red4.view().at(x, y, 3) = 255;  // alpha is dropped
    }
  for (const auto& t : {p(red3.cview()), p(red4.cview())}) {
    REQUIRE(t.shape() == std::array<std::size_t, 3>{3, 4, 5});
    for (int y = 0; y < 4; ++y)
      for (int x = 0; x < 5; ++x) {
        CHECK(t.at(0, y, x) == 0.5f);
        CHECK(t.at(1, y, x) == -0.5f);
        CHECK(t.at(2, y, x) == -0.5f);
      }
  }
}

namespace {
constexpr double mean[3] = {0.485, 0.456, 0.406};  // R, G, B
constexpr double stdv[3] = {0.229, 0.224, 0.225};

// SynapseML's formula as Java evaluates it: the product rounded on its own (no FMA contraction).
double reference(u8 v, int plane) {
  volatile double product = v * (1.0 / 255);
  return (product - mean[plane]) / stdv[plane];
}
}  // namespace

TEST_CASE("to_tensor matches a double reference on photos, CHW and HWC, RGB and BGR", "[stages][to_tensor]") {
  const cv::Mat m = read("chelsea.png");
  const auto v = view<imf::bgr>(m);
  const imf::to_tensor<float, imf::rgb, imf::chw> chw_rgb{{0.485, 0.456, 0.406}, {0.229, 0.224, 0.225}, 1.0 / 255};
  const imf::to_tensor<double, imf::bgr, imf::hwc> hwc_bgr{{0.406, 0.456, 0.485}, {0.225, 0.224, 0.229}, 1.0 / 255};
  const auto a = imf::make_pipeline(chw_rgb)(v);
  const auto b = imf::make_pipeline(hwc_bgr)(v);
  REQUIRE(a.shape() == std::array<std::size_t, 3>{3, 300, 451});
  REQUIRE(b.shape() == std::array<std::size_t, 3>{300, 451, 3});
  double worst = 0;
  long not_float_of_reference = 0;
  for (int y = 0; y < v.height(); ++y)
    for (int x = 0; x < v.width(); ++x)
      for (int p = 0; p < 3; ++p) {  // p in RGB
        const u8 value = v.at(x, y, 2 - p);
        const double ref = reference(value, p);
        const double got = a.at(p, y, x);
        worst = std::max(worst, std::abs(got - ref) / std::max(std::abs(ref), 1e-300));
        not_float_of_reference += a.at(p, y, x) != static_cast<float>(ref);
        CHECK(b.at(2 - p, y, x) == ref);  // double tensor, BGR planes: the reference itself
        if (b.at(2 - p, y, x) != ref) return;
      }
  CHECK(worst <= 1e-6);
  CHECK(not_float_of_reference == 0);
  // memory layout: CHW plane p is contiguous, HWC interleaves
  CHECK(a.data()[1 * 300 * 451 + 7 * 451 + 9] == a.at(1, 7, 9));
  CHECK(b.data()[(7 * 451 + 9) * 3 + 1] == b.at(1, 7, 9));
}

TEST_CASE("to_tensor on gray: one plane, or three equal planes with expand_gray", "[stages][to_tensor]") {
  const cv::Mat m = read("camera.png");
  const auto v = view<imf::gray>(m);
  const auto one = imf::make_pipeline(imf::to_tensor<float, imf::gray, imf::chw>{{0.5}, {0.25}, 1.0 / 255})(v);
  const auto three =
      imf::make_pipeline(imf::to_tensor<float, imf::rgb, imf::chw, imf::expand_gray>{{0.1, 0.2, 0.3}, {1, 2, 4}, 1})(v);
  static_assert(std::is_same_v<decltype(one), const imf::tensor<float, imf::gray, imf::chw>>);
  static_assert(std::is_same_v<decltype(three), const imf::tensor<float, imf::rgb, imf::chw>>);
  REQUIRE(one.shape() == std::array<std::size_t, 3>{1, 512, 512});
  REQUIRE(three.shape() == std::array<std::size_t, 3>{3, 512, 512});
  for (int y = 0; y < 512; y += 17)
    for (int x = 0; x < 512; x += 13) {
      const double g = v.at(x, y, 0);
      CHECK(one.at(0, y, x) == static_cast<float>((g / 255 - 0.5) / 0.25));
      CHECK(three.at(0, y, x) == static_cast<float>((g - 0.1) / 1));
      CHECK(three.at(1, y, x) == static_cast<float>((g - 0.2) / 2));
      CHECK(three.at(2, y, x) == static_cast<float>((g - 0.3) / 4));
    }
}

TEST_CASE("normalize<rgb> matches means by channel name on a BGR image", "[stages][normalize]") {
  const cv::Mat m = read("rocket.jpg");
  const auto v = view<imf::bgr>(m);
  const auto out = imf::make_pipeline(imf::normalize<imf::rgb>{{0.485, 0.456, 0.406}, {0.229, 0.224, 0.225}, 1.0 / 255})(v);
  static_assert(std::is_same_v<decltype(out), const imf::image<float, 3, imf::bgr>>);
  for (int y = 0; y < v.height(); y += 7)
    for (int x = 0; x < v.width(); x += 5)
      for (int c = 0; c < 3; ++c)  // c in BGR memory order
        CHECK(out.cview().at(x, y, c) == static_cast<float>(reference(v.at(x, y, c), 2 - c)));
}

TEST_CASE("a fused tail gives the values of the stages run one by one", "[stages][fusion]") {
  const cv::Mat m = read("hubble_deep_field.jpg");
  const auto v = view<imf::bgr>(m).subview(13, 17, 301, 203).flipped_left_right().flipped_up_down();
  const imf::color_format<imf::color_code::bgr2rgb> swap{};
  const imf::normalize<imf::rgb> norm{{10, 20, 30}, {3, 5, 7}, 0.7};
  const imf::to_tensor<float, imf::bgr, imf::chw> tens{{0.1, 0.2, 0.3}, {1.5, 2.5, 3.5}, 1.0 / 3};
  const auto fused = swap | norm | tens;
  static_assert(decltype(fused)::plan_type::size == 1);
  const auto together = fused(v);
  const auto a = imf::make_pipeline(swap)(v);
  const auto b = imf::make_pipeline(norm)(a.cview());
  const auto separately = imf::make_pipeline(tens)(b.cview());
  REQUIRE(together.size() == separately.size());
  CHECK(std::equal(together.data(), together.data() + together.size(), separately.data()));
#ifndef IMGFRAME_EXTERN_KERNELS  // (there, pipelines run on the kernels library's architecture only)
  // The vector path equals the scalar reference.
  const auto scalar = fused.run<imf::simd::scalar_arch>(v);
  CHECK(std::equal(together.data(), together.data() + together.size(), scalar.data()));
#endif
  // And the float path (a float input takes no tables) agrees with both.
  const auto as_float = imf::make_pipeline(imf::normalize<imf::bgr>{{0, 0, 0}, {1, 1, 1}, 1})(v);
  const auto from_float = (swap | norm | tens)(as_float.cview());
  CHECK(std::equal(together.data(), together.data() + together.size(), from_float.data()));
}

TEST_CASE("normalize and to_tensor reject a zero stddev or a non-positive scale", "[stages][to_tensor]") {
  imf::image<u8, 3, imf::bgr> img(2, 2);
  CHECK_THROWS_WITH((imf::make_pipeline(imf::to_tensor<float, imf::rgb, imf::chw>{{0, 0, 0}, {1, 0, 1}, 1})(img.cview())),
                    "imgframe to_tensor: every stddev must be finite and non-zero, got 0.000000");
  CHECK_THROWS_WITH((imf::make_pipeline(imf::normalize<imf::bgr>{{0, 0, 0}, {1, 1, 1}, 0})(img.cview())),
                    "imgframe normalize: scale (colorScaleFactor) must be > 0, got 0.000000");
}

TEST_CASE("to_tensor on a 2-channel image keeps its two planes as stored (SynapseML)", "[stages][to_tensor]") {
  imf::image<u8, 2, imf::unordered<2>> img(3, 2);
  img.view().at(2, 1, 0) = 10;
  img.view().at(2, 1, 1) = 20;
  const auto t = imf::make_pipeline(imf::to_tensor<double, imf::unordered<2>, imf::chw>{{1, 2}, {2, 4}, 1})(img.cview());
  REQUIRE(t.shape() == std::array<std::size_t, 3>{2, 2, 3});
  CHECK(t.at(0, 1, 2) == 4.5);
  CHECK(t.at(1, 1, 2) == 4.5);
  CHECK(t.at(1, 0, 0) == -0.5);
  STATIC_REQUIRE(!imf::stage_accepts<imf::to_tensor<float, imf::rgb, imf::chw>, imf::image_view<const u8, 2, imf::unordered<2>>>);
  STATIC_REQUIRE(!imf::stage_accepts<imf::to_tensor<float, imf::unordered<2>, imf::chw>, imf::image_view<const u8, 3, imf::bgr>>);
  STATIC_REQUIRE(!imf::stage_accepts<imf::to_tensor<float, imf::unordered<2>, imf::chw, imf::expand_gray>, imf::image_view<const u8, 1, imf::gray>>);
}
