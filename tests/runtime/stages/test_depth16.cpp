// 16-bit rows (CV_16UC1/3/4) through resize (bilinear, area), crop, flip and to_tensor: exact
// against OpenCV 4.6 (cv::resize on CV_16U: float weights and rows, saturate_cast rounding half to
// even; an exact 2x downscale is INTER_AREA's integer mean for 1, 3 and 4 channels).
#include <imgframe/imgframe.hpp>

#include <cmath>
#include <cstdint>
#include <string>

#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

#include "catch_compat.hpp"
#include "opencv_views.hpp"

namespace imf = imgframe;
using namespace testing_cv;

namespace {
// A photo spread over the 16-bit range with noise in the low bits (every bit matters).
cv::Mat photo16(const std::string& name, int channels) {
  cv::Mat m = read(name, channels == 1 ? cv::IMREAD_GRAYSCALE : cv::IMREAD_COLOR), m16;
  if (channels == 4) cv::cvtColor(m, m, cv::COLOR_BGR2BGRA);
  cv::Mat noise(m.size(), CV_16UC(m.channels()));
  cv::randu(noise, 0, 257);
  m.convertTo(m16, CV_16U, 257.0);
  return m16 - noise;  // saturating: 0 stays 0
}

template <class Order>
cv::Mat resized(const cv::Mat& m, int w, int h, imf::interpolation interp) {
  const auto out = imf::make_pipeline(imf::resize{h, w, interp})(view<Order, std::uint16_t>(m));
  return to_mat(out.cview());
}

template <class Order>
void check_resizes(const cv::Mat& m) {
  struct target { int w, h; };
  for (const target t : {target{224, 224}, target{100, 67}, target{640, 480}, target{m.cols / 2, m.rows / 2},
                         target{m.cols / 3, m.rows / 3}, target{m.cols, m.rows / 2}, target{7, 5}}) {
    cv::Mat lin, area;
    cv::resize(m, lin, cv::Size(t.w, t.h), 0, 0, cv::INTER_LINEAR);
    cv::resize(m, area, cv::Size(t.w, t.h), 0, 0, cv::INTER_AREA);
    INFO(m.cols << "x" << m.rows << "x" << m.channels() << " -> " << t.w << "x" << t.h);
    CHECK(count_differences(resized<Order>(m, t.w, t.h, imf::interpolation::bilinear), lin) == 0);
    CHECK(count_differences(resized<Order>(m, t.w, t.h, imf::interpolation::area), area) == 0);
  }
}
}  // namespace

TEST_CASE("16-bit resize equals cv::resize on CV_16UC1/3/4, bilinear and area", "[stages][resize][u16]") {
  const cv::Mat bgr = photo16("chelsea.png", 3)(cv::Rect(0, 0, 450, 300)).clone();  // even: exact 2x and 3x
  check_resizes<imf::bgr>(bgr);
  check_resizes<imf::bgra>(photo16("chelsea.png", 4)(cv::Rect(0, 0, 450, 300)).clone());
  check_resizes<imf::gray>(photo16("camera.png", 1));
  // Full-range extremes: saturation at 0 and 65535.
  cv::Mat edges(9, 11, CV_16UC1);
  for (int y = 0; y < edges.rows; ++y)
    for (int x = 0; x < edges.cols; ++x) edges.at<std::uint16_t>(y, x) = (x + y) % 2 ? 65535 : 0;
  check_resizes<imf::gray>(edges);
  // A cropped, mirrored view resizes like the copy OpenCV gets.
  const auto v = view<imf::bgr, std::uint16_t>(bgr).subview(3, 5, 201, 120).flipped_left_right();
  cv::Mat expected;
  cv::Mat roi;
  cv::flip(bgr(cv::Rect(3, 5, 201, 120)), roi, 1);
  cv::resize(roi, expected, cv::Size(97, 61), 0, 0, cv::INTER_LINEAR);
  CHECK(count_differences(to_mat(imf::make_pipeline(imf::resize{61, 97})(v).cview()), expected) == 0);
  // Pillow's antialias has no 16-bit reference here: refused at run time, saying so.
  CHECK_THROWS_WITH(resized<imf::bgr>(bgr, 10, 10, imf::interpolation::antialias),
                    Catch::Matchers::Contains("antialias"));
}

TEST_CASE("8-bit 2-channel 2x downscale is OpenCV's rounded float mean (no fast integer path)", "[stages][resize]") {
  // OpenCV's ResizeAreaFastVec has its integer (sum + 2) >> 2 only for 1, 3 and 4 channels; 2
  // channels take sum * 0.25f, rounded half to even (sum 2 -> 0, 10 -> 2).
  cv::Mat m(4, 4, CV_8UC2);
  cv::randu(m, 0, 4);
  m.at<cv::Vec2b>(0, 0) = {0, 1};
  m.at<cv::Vec2b>(0, 1) = {1, 3};
  m.at<cv::Vec2b>(1, 0) = {1, 3};
  m.at<cv::Vec2b>(1, 1) = {0, 3};  // sums 2 and 10
  cv::Mat expected;
  cv::resize(m, expected, cv::Size(2, 2), 0, 0, cv::INTER_LINEAR);
  const auto v = imf::image_view<const std::uint8_t, 2, imf::unordered<2>>(m.data, 4, 4);
  const cv::Mat got = to_mat(imf::make_pipeline(imf::resize{2, 2})(v).cview());
  CHECK(count_differences(got, expected) == 0);
  CHECK(got.at<cv::Vec2b>(0, 0) == cv::Vec2b(0, 2));
}

TEST_CASE("16-bit crop, flip and to_tensor equal OpenCV", "[stages][u16]") {
  const cv::Mat m = photo16("chelsea.png", 3);
  const auto v = view<imf::bgr, std::uint16_t>(m);
  CHECK(count_differences(to_mat(imf::make_pipeline(imf::crop{37, 11, 120, 201})(v)), m(cv::Rect(37, 11, 201, 120))) == 0);
  for (int code : {0, 1, -1}) {
    cv::Mat flipped;
    cv::flip(m, flipped, code);
    CHECK(count_differences(to_mat(imf::make_pipeline(imf::flip{code})(v)), flipped) == 0);
  }
  // SynapseML's toTensor: planes R, G, B of (x * scale - mean) / std in double, cast to float.
  const imf::to_tensor<float, imf::rgb, imf::chw> stage{{0.485, 0.456, 0.406}, {0.229, 0.224, 0.225}, 1.0 / 65535};
  const auto t = (imf::crop{100, 50, 40, 60} | stage)(v);
  REQUIRE(t.shape() == std::array<std::size_t, 3>{3, 40, 60});
  long long off = 0;
  for (int p = 0; p < 3; ++p)
    for (int y = 0; y < 40; ++y)
      for (int x = 0; x < 60; ++x) {
        const double px = m.at<cv::Vec3w>(50 + y, 100 + x)[2 - p];
        const auto expected = static_cast<float>((px * (1.0 / 65535) - stage.mean[p]) / stage.stddev[p]);
        off += t.at(p, y, x) != expected;
      }
  CHECK(off == 0);
}
