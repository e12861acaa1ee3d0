// Random images (1 x 1 up to 37 x 37) through chains of stages, value by value against the same
// chain written with OpenCV 4.6 calls.
#include <imgframe/imgframe.hpp>

#include <cstdint>
#include <random>

#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

#include "catch_compat.hpp"

namespace imf = imgframe;
using u8 = std::uint8_t;

namespace {
cv::Mat random_mat(std::mt19937& rng, int w, int h, int type) {
  cv::Mat m(h, w, type);
  for (int y = 0; y < h; ++y)
    for (std::size_t x = 0; x < static_cast<std::size_t>(w) * m.elemSize(); ++x) m.ptr<u8>(y)[x] = static_cast<u8>(rng());
  return m;
}
template <class Order>
imf::view_of<const u8, Order> view(const cv::Mat& m) {
  return imf::view_of<const u8, Order>(m.data, m.cols, m.rows, static_cast<std::ptrdiff_t>(m.step));
}
template <imf::ImageView V>
bool equals(const V& v, const cv::Mat& m) {
  if (v.width() != m.cols || v.height() != m.rows || V::channels != m.channels()) return false;
  for (int y = 0; y < v.height(); ++y)
    for (int x = 0; x < v.width(); ++x)
      for (int c = 0; c < V::channels; ++c)
        if (v.at(x, y, c) != m.ptr<u8>(y)[x * V::channels + c]) return false;
  return true;
}
}  // namespace

TEST_CASE("crop | flip | gray | threshold on random images equals OpenCV", "[pipeline][differential]") {
  std::mt19937 rng(2024);
  for (int round = 0; round < 300; ++round) {
    const int w = 1 + static_cast<int>(rng() % 37), h = 1 + static_cast<int>(rng() % 37);
    const cv::Mat m = random_mat(rng, w, h, CV_8UC3);
    const int cw = 1 + static_cast<int>(rng() % static_cast<unsigned>(w)), ch = 1 + static_cast<int>(rng() % static_cast<unsigned>(h));
    const int x = static_cast<int>(rng() % static_cast<unsigned>(w - cw + 1)), y = static_cast<int>(rng() % static_cast<unsigned>(h - ch + 1));
    const int code = static_cast<int>(rng() % 3) - 1;
    const double t = static_cast<double>(rng() % 2560) / 10;
    const int type = static_cast<int>(rng() % 5);
    const auto p = imf::crop{x, y, ch, cw} | imf::flip{code} | imf::color_format<imf::color_code::bgr2gray>{} |
                   imf::threshold{t, 200, static_cast<imf::threshold_type>(type)};
    cv::Mat a, b, expected;
    cv::flip(m(cv::Rect(x, y, cw, ch)), a, code);
    cv::cvtColor(a, b, cv::COLOR_BGR2GRAY);
    cv::threshold(b, expected, t, 200, type);
    const auto out = p(view<imf::bgr>(m));
    INFO("round " << round << ": " << w << "x" << h << " crop " << x << "," << y << " " << cw << "x" << ch);
    REQUIRE(equals(out.cview(), expected));
  }
}

TEST_CASE("flip | BGRA2RGB | to_tensor<bgr, hwc> on random images equals an OpenCV chain", "[pipeline][differential]") {
  std::mt19937 rng(99);
  for (int round = 0; round < 200; ++round) {
    const int w = 1 + static_cast<int>(rng() % 37), h = 1 + static_cast<int>(rng() % 37);
    const cv::Mat m = random_mat(rng, w, h, CV_8UC4);
    const int code = static_cast<int>(rng() % 3) - 1;
    const auto p = imf::flip{code} | imf::color_format<imf::color_code::bgra2rgb>{} |
                   imf::to_tensor<float, imf::bgr, imf::hwc>{{0.1, 0.2, 0.3}, {0.7, 0.8, 0.9}, 1.0 / 255};
    cv::Mat a, b;
    cv::flip(m, a, code);
    cv::cvtColor(a, b, cv::COLOR_BGRA2RGB);
    const auto t = p(view<imf::bgra>(m));
    REQUIRE(t.shape() == std::array<std::size_t, 3>{static_cast<std::size_t>(h), static_cast<std::size_t>(w), 3});
    const double mean[3] = {0.1, 0.2, 0.3}, stdv[3] = {0.7, 0.8, 0.9};  // B, G, R
    bool same = true;
    for (int yy = 0; yy < h; ++yy)
      for (int xx = 0; xx < w; ++xx)
        for (int c = 0; c < 3; ++c) {  // tensor planes B, G, R = RGB Mat channels 2, 1, 0
          volatile double product = b.ptr<u8>(yy)[3 * xx + (2 - c)] * (1.0 / 255);
          same = same && t.at(c, yy, xx) == static_cast<float>((product - mean[c]) / stdv[c]);
        }
    INFO("round " << round << ": " << w << "x" << h << " flip " << code);
    REQUIRE(same);
  }
}

TEST_CASE("center_crop | resize | BGR2RGB on random images equals OpenCV", "[pipeline][differential]") {
  std::mt19937 rng(7);
  for (int round = 0; round < 150; ++round) {
    const int w = 1 + static_cast<int>(rng() % 37), h = 1 + static_cast<int>(rng() % 37);
    const cv::Mat m = random_mat(rng, w, h, CV_8UC3);
    const int cw = 1 + static_cast<int>(rng() % 37), ch = 1 + static_cast<int>(rng() % 37);
    const int tw = 1 + static_cast<int>(rng() % 50), th = 1 + static_cast<int>(rng() % 50);
    const auto interp = rng() % 2 ? imf::interpolation::bilinear : imf::interpolation::area;
    const auto p = imf::center_crop{ch, cw} | imf::resize{th, tw, interp} | imf::color_format<imf::color_code::bgr2rgb>{};
    const int ecw = std::min(cw, w), ech = std::min(ch, h);
    cv::Mat a, expected;
    cv::resize(m(cv::Rect(w / 2 - ecw / 2, h / 2 - ech / 2, ecw, ech)), a, cv::Size(tw, th), 0, 0,
               interp == imf::interpolation::bilinear ? cv::INTER_LINEAR : cv::INTER_AREA);
    cv::cvtColor(a, expected, cv::COLOR_BGR2RGB);
    const auto out = p(view<imf::bgr>(m));
    cv::Mat got(out.height(), out.width(), CV_8UC3);
    for (int yy = 0; yy < out.height(); ++yy) std::memcpy(got.ptr(yy), out.cview().row(yy), out.cview().row_bytes());
    cv::Mat diff;
    cv::absdiff(got, expected, diff);
    double worst = 0;
    cv::minMaxLoc(diff.reshape(1), nullptr, &worst);
    INFO("round " << round << ": " << w << "x" << h << " crop " << cw << "x" << ch << " -> " << tw << "x" << th
                  << (interp == imf::interpolation::bilinear ? " linear" : " area"));
    REQUIRE(worst <= 1.0);
  }
}
