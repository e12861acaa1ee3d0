// color_format against OpenCV 4.6's cvtColor on real photos: exact for 8U (and 16U), and the
// output order type follows the code.
#include <imgframe/imgframe.hpp>

#include <cstdint>
#include <random>
#include <utility>

#include <opencv2/imgproc.hpp>

#include "catch_compat.hpp"
#include "opencv_views.hpp"

namespace imf = imgframe;
using namespace testing_cv;
using u8 = std::uint8_t;

namespace {

template <int Code, class View>
void check_code(const View& v, const cv::Mat& m) {
  constexpr auto code = static_cast<imf::color_code>(Code);
  const auto p = imf::make_pipeline(imf::color_format<code>{});
  const auto out = p(v);
  cv::Mat expected;
  cv::cvtColor(m, expected, Code);
  INFO("code " << imf::color_code_name(code) << " on " << View::order::name);
  CHECK(count_differences(to_mat(out.cview()), expected) == 0);
}

template <int... Codes, class View>
void check_codes(std::integer_sequence<int, Codes...>, const View& v, const cv::Mat& m) {
  (check_code<Codes>(v, m), ...);
}

}  // namespace

TEST_CASE("color_format on BGR photos equals cvtColor exactly", "[stages][color]") {
  for (const char* name : {"astronaut.png", "chelsea.png", "hubble_deep_field.jpg"}) {
    const cv::Mat m = read(name);
    check_codes(std::integer_sequence<int, 0, 1, 2, 3, 4, 5, 6>{}, view<imf::bgr>(m), m);
    // Same bytes called RGB: RGB2GRAY reads R first, as OpenCV's code 7 does.
    check_codes(std::integer_sequence<int, 0, 1, 2, 3, 4, 5, 7>{}, view<imf::bgr>(m).reinterpret_order<imf::rgb>(), m);
  }
}

TEST_CASE("color_format on a BGRA photo and on gray photos equals cvtColor exactly", "[stages][color]") {
  const cv::Mat horse = read("horse.png");
  REQUIRE(horse.channels() == 4);
  check_codes(std::integer_sequence<int, 0, 1, 2, 3, 4, 5, 6, 10>{}, view<imf::bgra>(horse), horse);
  check_codes(std::integer_sequence<int, 7, 11>{}, view<imf::bgra>(horse).reinterpret_order<imf::rgba>(), horse);
  for (const char* name : {"camera.png", "digits.png"}) {
    const cv::Mat m = read(name);
    check_codes(std::integer_sequence<int, 8, 9>{}, view<imf::gray>(m), m);
  }
}

TEST_CASE("color_format output order types follow the code", "[stages][color]") {
  using bgr_in = imf::image_view<const u8, 3, imf::bgr>;
  using rgb_in = imf::image_view<const u8, 3, imf::rgb>;
  using bgra_in = imf::image_view<const u8, 4, imf::bgra>;
  using gray_in = imf::image_view<const u8, 1, imf::gray>;
  using imf::color_code;
  STATIC_REQUIRE(std::is_same_v<imf::stage_output_t<imf::color_format<color_code::bgr2rgb>, bgr_in>::order, imf::rgb>);
  STATIC_REQUIRE(std::is_same_v<imf::stage_output_t<imf::color_format<color_code::rgb2bgr>, rgb_in>::order, imf::bgr>);
  STATIC_REQUIRE(std::is_same_v<imf::stage_output_t<imf::color_format<color_code::bgra2rgb>, bgra_in>::order, imf::rgb>);
  STATIC_REQUIRE(std::is_same_v<imf::stage_output_t<imf::color_format<color_code::bgra2bgr>, bgra_in>::order, imf::bgr>);
  STATIC_REQUIRE(std::is_same_v<imf::stage_output_t<imf::color_format<color_code::bgr2bgra>, bgr_in>::order, imf::bgra>);
  STATIC_REQUIRE(std::is_same_v<imf::stage_output_t<imf::color_format<color_code::gray2bgr>, gray_in>::order, imf::bgr>);
  STATIC_REQUIRE(std::is_same_v<imf::stage_output_t<imf::color_format<color_code::bgr2gray>, bgra_in>::order, imf::gray>);
  STATIC_REQUIRE(imf::stage_accepts<imf::color_format<color_code::bgr2gray>, bgr_in>);
  STATIC_REQUIRE(!imf::stage_accepts<imf::color_format<color_code::bgr2gray>, rgb_in>);  // the weights would be misapplied
  STATIC_REQUIRE(!imf::stage_accepts<imf::color_format<color_code::gray2bgr>, bgr_in>);
  STATIC_REQUIRE(!imf::stage_accepts<imf::color_format<color_code::bgr2rgb>, gray_in>);
  STATIC_REQUIRE(!imf::stage_accepts<imf::color_format<color_code::bgr2rgb>, imf::image_view<const u8, 2, imf::unordered<2>>>);
  STATIC_REQUIRE(!imf::stage_accepts<imf::color_format<color_code::bgr2rgb>, imf::image_view<const double, 3, imf::bgr>>);
}

TEST_CASE("8-bit gray uses OpenCV 4.6's 15-bit weights, not OpenCV 3.2's 14-bit ones", "[stages][color]") {
  // All 2^24 colours would be slow; a random sample shows the difference SynapseML users may see.
  std::mt19937 rng(7);
  cv::Mat m(256, 256, CV_8UC3);
  for (int y = 0; y < m.rows; ++y)
    for (int x = 0; x < m.cols * 3; ++x) m.ptr<u8>(y)[x] = static_cast<u8>(rng());
  const auto out = imf::make_pipeline(imf::color_format<imf::color_code::bgr2gray>{})(view<imf::bgr>(m));
  cv::Mat expected;
  cv::cvtColor(m, expected, cv::COLOR_BGR2GRAY);
  CHECK(count_differences(to_mat(out.cview()), expected) == 0);
  long differ_from_14_bit = 0;
  for (int y = 0; y < m.rows; ++y)
    for (int x = 0; x < m.cols; ++x) {
      const u8* p = m.ptr<u8>(y) + 3 * x;
      const int old = (4899 * p[2] + 9617 * p[1] + 1868 * p[0] + 8192) >> 14;
      differ_from_14_bit += old != out.cview().at(x, y, 0);
    }
  // About 0.3% of random colours are one level apart between the two OpenCV versions.
  CHECK(differ_from_14_bit > 0);
  CHECK(differ_from_14_bit < 256 * 256 / 100);

  // gray_formula::opencv3 gives OpenCV 3.2's values (SynapseML's Java bindings), also fused.
  const auto old = (imf::flip{1} | imf::color_format<imf::color_code::bgr2gray>{imf::gray_formula::opencv3} |
                    imf::to_tensor<double, imf::gray, imf::chw>{})(view<imf::bgr>(m));
  bool all_equal = true;
  for (int y = 0; y < m.rows; ++y)
    for (int x = 0; x < m.cols; ++x) {
      const u8* p = m.ptr<u8>(y) + 3 * (m.cols - 1 - x);
      all_equal = all_equal && old.at(0, y, x) == ((4899 * p[2] + 9617 * p[1] + 1868 * p[0] + 8192) >> 14);
    }
  CHECK(all_equal);
}

TEST_CASE("color_format on 16U and 32F images equals cvtColor", "[stages][color]") {
  const cv::Mat m8 = read("coffee.png");
  cv::Mat m16, m32;
  m8.convertTo(m16, CV_16U, 257.0);
  m8.convertTo(m32, CV_32F, 1.0 / 255);
  const auto g16 = imf::make_pipeline(imf::color_format<imf::color_code::bgr2gray>{})(view<imf::bgr, std::uint16_t>(m16));
  const auto s32 = imf::make_pipeline(imf::color_format<imf::color_code::bgr2rgba>{})(view<imf::bgr, float>(m32));
  const auto g32 = imf::make_pipeline(imf::color_format<imf::color_code::bgr2gray>{})(view<imf::bgr, float>(m32));
  cv::Mat e16, e32, eg32;
  cv::cvtColor(m16, e16, cv::COLOR_BGR2GRAY);
  cv::cvtColor(m32, e32, cv::COLOR_BGR2RGBA);
  cv::cvtColor(m32, eg32, cv::COLOR_BGR2GRAY);
  CHECK(count_differences(to_mat(g16.cview()), e16) == 0);
  CHECK(count_differences(to_mat(s32.cview()), e32) == 0);  // alpha 1.0
  // 32F gray: OpenCV's fused multiply-adds; the scalar fallback of OpenCV may round differently.
  CHECK(count_differences(to_mat(g32.cview()), eg32, 1e-6) == 0);
}

TEST_CASE("with_color_code: a run-time OpenCV code reaches the typed stage", "[stages][color]") {
  const cv::Mat m = read("chelsea.png");
  const auto v = view<imf::bgr>(m);
  // Every code applied to a BGR row the way a runtime transformer does it: erase back to a row.
  const imf::image_row row = imf::to_row(v, "file:/chelsea.png");
  const auto as_synapseml = [&](auto stage) {
    // RGB2GRAY / RGBA2GRAY read a Spark row's first byte as red, as OpenCV does.
    if constexpr (decltype(stage)::info.to_gray && !decltype(stage)::info.blue_first)
      return imf::apply_as<imf::rgb>(row, imf::make_pipeline(stage));
    else
      return imf::apply(row, imf::make_pipeline(stage));
  };
  for (int code : {0, 1, 2, 3, 4, 5, 6, 7}) {
    const imf::image_row out = imf::with_color_code(code, as_synapseml);
    cv::Mat expected;
    cv::cvtColor(m, expected, code);
    INFO("code " << code);
    CHECK(out.n_channels == expected.channels());
    CHECK(std::equal(out.data.begin(), out.data.end(), expected.data));
  }
  CHECK_THROWS_WITH(imf::with_color_code(40, [](auto) { return 0; }),
                    "imgframe color_format: OpenCV colour code 40 is not supported (supported: 0...11, the "
                    "BGR/RGB/BGRA/RGBA/GRAY conversions)");
  // Codes whose input the row type cannot take are row errors from visit, not crashes.
  CHECK_THROWS_AS(imf::with_color_code(8, as_synapseml), imf::row_error);
}
