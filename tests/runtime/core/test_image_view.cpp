// Views, images and row-wise algorithms: strides in bytes, ROIs, mirrored views, deep copies.
#include <imgframe/core.hpp>

#include <cstdint>
#include <numeric>
#include <vector>

#include <opencv2/core.hpp>

#include "catch_compat.hpp"

namespace imf = imgframe;
using u8 = std::uint8_t;

namespace {
// A 7x5 BGR buffer with 5 bytes of padding per row, pixel (x, y) channel c = 10*y + x + 100*c (mod 256).
struct padded_bgr {
  static constexpr int w = 7, h = 5, pad = 5;
  static constexpr std::ptrdiff_t stride = w * 3 + pad;
  std::vector<u8> bytes = std::vector<u8>(stride * h, 0xEE);
  padded_bgr() {
    for (int y = 0; y < h; ++y)
      for (int x = 0; x < w; ++x)
        for (int c = 0; c < 3; ++c) bytes[y * stride + x * 3 + c] = static_cast<u8>(10 * y + x + 100 * c);
  }
  imf::image_view<u8, 3> view() { return imf::make_view<imf::bgr>(bytes.data(), w, h, stride); }
};
}  // namespace

TEST_CASE("image_view addresses rows by byte stride", "[core][view]") {
  padded_bgr buf;
  auto v = buf.view();
  REQUIRE(v.width() == 7);
  REQUIRE(v.height() == 5);
  REQUIRE(v.stride_bytes() == 26);
  REQUIRE(v.rows_are_contiguous());
  REQUIRE_FALSE(v.is_contiguous());  // padding between rows
  REQUIRE(v.at(3, 2, 0) == 23);
  REQUIRE(v.at(3, 2, 2) == 223);
  REQUIRE(v.row(4) == buf.bytes.data() + 4 * 26);

  // A 16-bit view: the stride stays in bytes even though the element is 2 bytes.
  std::vector<std::uint16_t> wide(3 * 10, 0);
  imf::image_view<std::uint16_t, 1> g(wide.data(), 4, 3, 20);
  g.at(3, 2, 0) = 777;
  REQUIRE(wide[2 * 10 + 3] == 777);
}

TEST_CASE("subview is an ROI without copies and checks its bounds", "[core][view]") {
  padded_bgr buf;
  auto v = buf.view();
  auto roi = v.subview(2, 1, 4, 3);
  REQUIRE(roi.width() == 4);
  REQUIRE(roi.height() == 3);
  REQUIRE(roi.stride_bytes() == v.stride_bytes());
  REQUIRE(roi.at(0, 0, 1) == v.at(2, 1, 1));
  REQUIRE(roi.at(3, 2, 2) == v.at(5, 3, 2));
  roi.at(0, 0, 0) = 1;
  REQUIRE(v.at(2, 1, 0) == 1);  // same memory
  REQUIRE(v.subview(0, 0, 7, 5).at(6, 4, 0) == v.at(6, 4, 0));
  REQUIRE(v.subview(7, 5, 0, 0).empty());
  REQUIRE_THROWS_AS(v.subview(4, 0, 4, 1), std::out_of_range);
  REQUIRE_THROWS_AS(v.subview(-1, 0, 1, 1), std::out_of_range);
  REQUIRE_THROWS_WITH(v.subview(0, 3, 2, 3),
                      "imgframe: subview (x=0, y=3, width=2, height=3) is outside a 7x5 view");
}

TEST_CASE("flipped views mirror like cv::flip", "[core][view]") {
  padded_bgr buf;
  auto v = buf.view();
  cv::Mat m(v.height(), v.width(), CV_8UC3, buf.bytes.data(), static_cast<size_t>(v.stride_bytes()));
  const std::pair<int, imf::image_view<u8, 3>> cases[] = {
      {0, v.flipped_up_down()}, {1, v.flipped_left_right()}, {-1, v.flipped_up_down().flipped_left_right()}};
  for (const auto& [code, flipped] : cases) {
    cv::Mat expected;
    cv::flip(m, expected, code);
    imf::image<u8, 3> copy(flipped);  // deep copy through the mirrored traversal
    REQUIRE(copy.width() == expected.cols);
    for (int y = 0; y < expected.rows; ++y)
      REQUIRE(std::equal(copy.cview().row(y), copy.cview().row(y) + 21, expected.ptr<u8>(y)));
  }
  // Flip of an ROI mirrors inside the ROI only.
  auto roi = v.subview(1, 1, 3, 2).flipped_left_right();
  REQUIRE(roi.at(0, 0, 0) == v.at(3, 1, 0));
  REQUIRE(roi.at(2, 1, 0) == v.at(1, 2, 0));
  REQUIRE_FALSE(roi.rows_are_contiguous());
}

TEST_CASE("image owns aligned rows and copies deeply", "[core][image]") {
  imf::image<float, 3, imf::rgb> img(13, 4);
  REQUIRE(img.stride_bytes() == 192);  // 13*3*4 = 156 -> next multiple of 64
  for (int y = 0; y < img.height(); ++y)
    REQUIRE(reinterpret_cast<std::uintptr_t>(img.view().row(y)) % imf::row_alignment == 0);
  REQUIRE(img.cview().at(12, 3, 2) == 0.0f);  // zero-initialised
  img.view().at(12, 3, 2) = 2.5f;
  imf::image<float, 3, imf::rgb> copy = img;
  copy.view().at(12, 3, 2) = 7.0f;
  REQUIRE(img.cview().at(12, 3, 2) == 2.5f);
  REQUIRE(copy.cview().at(12, 3, 2) == 7.0f);
  REQUIRE_FALSE(imf::equal_pixels(img.cview(), copy.cview()));
  copy = img;
  REQUIRE(imf::equal_pixels(img.cview(), copy.cview()));
  REQUIRE_THROWS_WITH((imf::image<u8, 1>(-1, 2)), "imgframe: image size must not be negative (-1x2)");
  imf::image<u8, 1> empty(0, 0);
  REQUIRE(empty.empty());
}

TEST_CASE("copy_pixels and equal_pixels work across strides and mirrors", "[core][algorithm]") {
  padded_bgr buf;
  auto v = buf.view();
  imf::image<u8, 3> dst(7, 5);
  imf::copy_pixels(v.as_const(), dst.view());
  REQUIRE(imf::equal_pixels(dst.cview(), v));
  REQUIRE(dst.cview().at(6, 4, 2) == static_cast<u8>(10 * 4 + 6 + 200));
  imf::image<u8, 3> mirrored(7, 5);
  imf::copy_pixels(v.flipped_left_right(), mirrored.view());
  REQUIRE(mirrored.cview().at(0, 0, 0) == v.at(6, 0, 0));
  REQUIRE(imf::equal_pixels(mirrored.cview().flipped_left_right(), v));
  REQUIRE_THROWS_AS(imf::copy_pixels(v.subview(0, 0, 3, 3), dst.view()), std::invalid_argument);
  int visited = 0;
  imf::for_each_pixel(v.subview(1, 1, 2, 3), [&](const u8* p, int x, int y) {
    REQUIRE(p[0] == static_cast<u8>(10 * (y + 1) + x + 1));
    ++visited;
  });
  REQUIRE(visited == 6);
}
