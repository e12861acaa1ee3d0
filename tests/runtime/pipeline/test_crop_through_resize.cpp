// A crop right after a resize runs as one pass that computes only the window (executor.hpp):
// byte-identical to OpenCV's resize of the whole image followed by the crop, on odd sizes, with
// SynapseML's center-crop offsets (center_crop) and torchvision's (crop at round-half-even offsets).
#include <imgframe/imgframe.hpp>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <random>
#include <string>

#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

#include "catch_compat.hpp"

using namespace imgframe;
using u8 = std::uint8_t;

namespace {

template <class P> using plan_of = typename std::remove_cvref_t<P>::plan_type;

// The plans: resize + crop is one kernel pass; a flip between them keeps them apart.
static_assert(std::is_same_v<plan_of<decltype(resize_short{256} | center_crop{224, 224})>,
                             exec::plan<exec::pass<stage_kind::kernel, 0, 2>>>);
static_assert(std::is_same_v<plan_of<decltype(resize{64, 48} | crop{1, 2, 3, 4} | to_tensor<float, rgb, chw>{})>,
                             exec::plan<exec::pass<stage_kind::kernel, 0, 2>, exec::pass<stage_kind::pointwise, 2, 3>>>);
static_assert(std::is_same_v<plan_of<decltype(resize{64, 48} | flip{1} | crop{1, 2, 3, 4})>,
                             exec::plan<exec::pass<stage_kind::kernel, 0, 1>, exec::pass<stage_kind::view, 1, 2>,
                                        exec::pass<stage_kind::view, 2, 3>>>);

cv::Mat noise(int w, int h, int type, unsigned seed) {
  cv::Mat m(h, w, type);
  cv::theRNG().state = seed;
  if (CV_MAT_DEPTH(type) == CV_8U) cv::randu(m, 0, 256);
  else cv::randu(m, 0.0, 1.0);
  return m;
}

template <class T, int C, class O>
image_view<const T, C, O> mat_view(const cv::Mat& m) {
  return image_view<const T, C, O>(m.ptr<T>(), m.cols, m.rows, static_cast<std::ptrdiff_t>(m.step));
}

template <class T, int C>
void check_equal(const cv::Mat& expected, const image_view<const T, C, typename std::conditional_t<C == 1, gray, bgr>>& got) {
  REQUIRE(got.width() == expected.cols);
  REQUIRE(got.height() == expected.rows);
  // Row by row with memcmp (an assertion per value made this the slowest test under the sanitizers);
  // on a difference, the first differing value is reported.
  for (int y = 0; y < expected.rows; ++y) {
    const T* want = expected.ptr<T>(y);
    const std::size_t row_bytes = sizeof(T) * C * static_cast<std::size_t>(expected.cols);
    if (got.pixel_step() == C && std::memcmp(got.row(y), want, row_bytes) == 0) continue;
    for (int x = 0; x < expected.cols; ++x)
      for (int c = 0; c < C; ++c) {
        INFO("x=" << x << " y=" << y << " c=" << c);
        REQUIRE(got.at(x, y, c) == want[x * C + c]);
      }
  }
}

int cv_interp(interpolation i) { return i == interpolation::area ? cv::INTER_AREA : cv::INTER_LINEAR; }

// torchvision's CenterCrop offsets: int(round((size - crop) / 2.0)), Python rounding half to even.
int torchvision_offset(int size, int crop) { return static_cast<int>(std::nearbyint((size - crop) / 2.0)); }

template <class T, int C>
void compare_all(int type) {
  using O = std::conditional_t<C == 1, gray, bgr>;
  const int sizes[][2] = {{97, 131}, {131, 97}, {255, 257}, {301, 199}, {64, 64}, {448, 300}};
  const int shorts[] = {32, 33, 50, 150, 256};  // downscales (64 -> 32: exact 2x), upscales
  const int crops[][2] = {{31, 29}, {24, 24}, {150, 149}, {224, 224}};
  unsigned seed = 1;
  for (const auto& s : sizes) {
    const cv::Mat src = noise(s[0], s[1], type, seed++);
    const auto v = mat_view<T, C, O>(src);
    for (const int short_side : shorts)
      for (const auto& c : crops)
        for (const interpolation interp : {interpolation::bilinear, interpolation::area}) {
          const resize_short rs{short_side, interp};
          const size2d full = rs.target(src.cols, src.rows);
          INFO(src.cols << "x" << src.rows << " -> short side " << short_side << " (" << full.width << "x"
                        << full.height << "), crop " << c[1] << "x" << c[0] << ", interpolation " << static_cast<int>(interp));
          // 8U: OpenCV's resize (imgframe reproduces it byte for byte); 32F: imgframe's own whole resize.
          cv::Mat resized;
          const auto whole = make_pipeline(rs)(v);
          if constexpr (std::is_same_v<T, u8>)
            cv::resize(src, resized, cv::Size(full.width, full.height), 0, 0, cv_interp(interp));
          else
            resized = cv::Mat(full.height, full.width, type, const_cast<T*>(whole.data()),
                              static_cast<std::size_t>(whole.stride_bytes()));

          // SynapseML's offsets (center_crop), clamped to the image as center_crop does.
          const auto synapse = rs | center_crop{c[0], c[1]};
          const roi r = center_crop{c[0], c[1]}.region(full.width, full.height);
          check_equal<T, C>(resized(cv::Rect(r.x, r.y, r.width, r.height)), synapse(v).cview());

          // torchvision's offsets, as an explicit crop.
          if (c[1] <= full.width && c[0] <= full.height) {
            const int x = torchvision_offset(full.width, c[1]), y = torchvision_offset(full.height, c[0]);
            const auto tv = rs | crop{x, y, c[0], c[1]};
            check_equal<T, C>(resized(cv::Rect(x, y, c[1], c[0])), tv(v).cview());
          }
        }
  }
}

}  // namespace

TEST_CASE("resize + crop computes only the window, equal to OpenCV's resize then crop (8U)", "[pipeline][window]") {
  SECTION("BGR") { compare_all<u8, 3>(CV_8UC3); }
  SECTION("gray") { compare_all<u8, 1>(CV_8UC1); }
}

TEST_CASE("resize + crop computes only the window, equal to the whole resize then crop (32F)", "[pipeline][window]") {
  compare_all<float, 3>(CV_32FC3);
}

TEST_CASE("resize + crop: exact 2x and integer area ratios, mirrored input, antialias", "[pipeline][window]") {
  const cv::Mat src = noise(200, 120, CV_8UC3, 77);
  const auto v = mat_view<u8, 3, bgr>(src);
  for (const interpolation interp : {interpolation::bilinear, interpolation::area}) {
    for (const auto& [w, h] : {std::pair{100, 60}, std::pair{50, 30}}) {  // 2x (area path), 4x area cells
      cv::Mat resized;
      cv::resize(src, resized, cv::Size(w, h), 0, 0, cv_interp(interp));
      const auto p = resize{h, w, interp} | crop{7, 5, 17, 21};
      check_equal<u8, 3>(resized(cv::Rect(7, 5, 21, 17)), p(v).cview());
    }
  }
  // A mirrored input view: the window is read through the mirror.
  cv::Mat flipped, resized;
  cv::flip(src, flipped, 1);
  cv::resize(flipped, resized, cv::Size(77, 45), 0, 0, cv::INTER_LINEAR);
  const auto p = flip{1} | resize{45, 77} | center_crop{20, 30};
  const roi r = center_crop{20, 30}.region(77, 45);
  check_equal<u8, 3>(resized(cv::Rect(r.x, r.y, r.width, r.height)), p(v).cview());

  // antialias has no windowed kernel: same values as imgframe's own resize then crop.
  const auto whole = make_pipeline(resize{45, 77, interpolation::antialias})(v);
  const auto windowed = (resize{45, 77, interpolation::antialias} | crop{3, 4, 30, 50})(v);
  const auto expected = whole.cview().subview(3, 4, 50, 30);
  for (int y = 0; y < 30; ++y)
    for (int x = 0; x < 50; ++x)
      for (int c = 0; c < 3; ++c) REQUIRE(windowed.cview().at(x, y, c) == expected.at(x, y, c));

  // A crop outside the resized image still fails as the crop stage says.
  CHECK_THROWS_AS((resize{20, 20} | crop{10, 10, 5, 11})(v), std::out_of_range);
}
