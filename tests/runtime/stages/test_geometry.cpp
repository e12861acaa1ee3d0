// crop, center_crop, flip and resize targets: exact against OpenCV 4.6 on real photos, zero-copy,
// and SynapseML's integer arithmetic and rounding.
#include <imgframe/imgframe.hpp>

#include <string>

#include <opencv2/core.hpp>

#include "catch_compat.hpp"
#include "opencv_views.hpp"

namespace imf = imgframe;
using namespace testing_cv;

namespace {
template <class V>
bool points_into(const V& v, const cv::Mat& m) {
  const auto* p = reinterpret_cast<const std::uint8_t*>(v.data());
  return p >= m.datastart && p < m.dataend;
}
}  // namespace

TEST_CASE("crop{x, y, height, width} is OpenCV's Rect(x, y, width, height), without a copy", "[stages][crop]") {
  for (const char* name : {"chelsea.png", "horse.png", "camera.png"}) {
    const cv::Mat m = read(name);
    const imf::crop stage{37, 11, 120, 201};  // x, y, height, width
    const cv::Mat expected = m(cv::Rect(37, 11, 201, 120));
    auto check = [&](auto v) {
      const auto p = imf::make_pipeline(stage);
      const auto out = p(v);
      CHECK(out.width() == 201);
      CHECK(out.height() == 120);
      CHECK(points_into(out, m));  // a window on the input
      CHECK(count_differences(to_mat(out), expected) == 0);
    };
    if (m.channels() == 1) check(view<imf::gray>(m));
    if (m.channels() == 3) check(view<imf::bgr>(m));
    if (m.channels() == 4) check(view<imf::bgra>(m));
  }
}

TEST_CASE("crop outside the image is an error naming the stage", "[stages][crop]") {
  const cv::Mat m = read("chelsea.png");  // 451 x 300
  const auto p = imf::make_pipeline(imf::crop{400, 0, 10, 52});
  try {
    (void)p(view<imf::bgr>(m));
    FAIL("no exception");
  } catch (const std::out_of_range& e) {
    CHECK(std::string(e.what()) ==
          "imgframe crop: region (x=400, y=0, height=10, width=52) is outside the 451x300 (width x height) image");
  }
  CHECK_THROWS_AS((imf::make_pipeline(imf::crop{-1, 0, 1, 1})(view<imf::bgr>(m))), std::out_of_range);
  CHECK_NOTHROW((imf::make_pipeline(imf::crop{400, 0, 10, 51})(view<imf::bgr>(m))));
}

TEST_CASE("center_crop uses SynapseML's integer divisions", "[stages][center_crop]") {
  // W=5, cw=2: x = 5/2 - 2/2 = 1 (torchvision would round 1.5 to 2).
  CHECK(imf::center_crop{3, 2}.region(5, 7) == imf::roi{1, 2, 2, 3});
  // A crop larger than the image is clamped to it.
  CHECK(imf::center_crop{1000, 1000}.region(451, 300) == imf::roi{0, 0, 451, 300});
  CHECK(imf::center_crop{224, 224}.region(451, 300) == imf::roi{225 - 112, 150 - 112, 224, 224});

  const cv::Mat m = read("coffee.png");  // 600 x 400
  const auto out = imf::make_pipeline(imf::center_crop{301, 199})(view<imf::bgr>(m));
  const int x = 600 / 2 - 199 / 2, y = 400 / 2 - 301 / 2;
  CHECK(points_into(out, m));
  CHECK(count_differences(to_mat(out), m(cv::Rect(x, y, 199, 301))) == 0);
  CHECK_THROWS_AS((imf::center_crop{-1, 3}.region(5, 5)), std::invalid_argument);
}

TEST_CASE("flip codes 0, 1, -1 equal cv::flip and are mirrored views", "[stages][flip]") {
  for (const char* name : {"astronaut.png", "horse.png", "digits.png"}) {
    const cv::Mat m = read(name);
    for (int code : {0, 1, -1, 2, -5}) {
      cv::Mat expected;
      cv::flip(m, expected, code);
      const auto p = imf::make_pipeline(imf::flip{code});
      cv::Mat got;
      if (m.channels() == 1) got = to_mat(p(view<imf::gray>(m)));
      if (m.channels() == 3) got = to_mat(p(view<imf::bgr>(m)));
      if (m.channels() == 4) got = to_mat(p(view<imf::bgra>(m)));
      INFO(name << " code " << code);
      CHECK(count_differences(got, expected) == 0);
    }
  }
  const cv::Mat m = read("chelsea.png");
  const auto both = imf::make_pipeline(imf::flip{imf::flip_both})(view<imf::bgr>(m));
  CHECK(both.stride_bytes() < 0);
  CHECK(both.pixel_step() == -3);
  CHECK(points_into(both, m));
}

TEST_CASE("crop after flip after crop stays a view and matches OpenCV", "[stages][view]") {
  const cv::Mat m = read("rocket.jpg");
  const auto p = imf::crop{10, 20, 200, 300} | imf::flip{-1} | imf::center_crop{101, 99} | imf::flip{0};
  static_assert(decltype(p)::plan_type::pixel_passes == 0);
  const auto out = p(view<imf::bgr>(m));
  static_assert(std::is_same_v<std::remove_cvref_t<decltype(out)>, imf::image_view<const std::uint8_t, 3, imf::bgr>>);
  cv::Mat a, b;
  cv::flip(m(cv::Rect(10, 20, 300, 200)), a, -1);
  cv::flip(a(cv::Rect(300 / 2 - 99 / 2, 200 / 2 - 101 / 2, 99, 101)), b, 0);
  CHECK(points_into(out, m));
  CHECK(count_differences(to_mat(out), b) == 0);
}

TEST_CASE("resize_short keeps the aspect ratio with Math.round (half up)", "[stages][resize]") {
  CHECK(imf::resize_short{256}.target(500, 375) == imf::size2d{341, 256});  // 341.33
  CHECK(imf::resize_short{256}.target(375, 500) == imf::size2d{256, 341});
  CHECK(imf::resize_short{3}.target(3, 2) == imf::size2d{5, 3});  // ratio 1.5: 4.5 rounds up to 5
  CHECK(imf::resize_short{224}.target(451, 300) == imf::size2d{337, 224});  // 336.75
  CHECK(imf::resize{100, 50}.target(7, 7) == imf::size2d{50, 100});  // height, width
  CHECK_THROWS_WITH((imf::resize{0, 5}.target(7, 7)),
                    "imgframe resize: target size 5x0 must be positive and at most 2^28 pixels");
  CHECK_THROWS_AS((imf::resize{100000, 100000}.target(7, 7)), std::invalid_argument);
  CHECK_THROWS_AS((imf::resize_short{0}.target(7, 7)), std::invalid_argument);
  CHECK_THROWS_AS((imf::resize_short{10}.target(0, 7)), std::invalid_argument);
}
