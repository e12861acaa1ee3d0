// The kernel stages through the pipeline against OpenCV 4.6 on real photos: threshold exact,
// resize (INTER_LINEAR, INTER_AREA), blur and the two Gaussians within +-1, with the fraction of
// values that differ reported.
#include <imgframe/imgframe.hpp>
#include <imgframe/simd/kernels/threshold.hpp>  // kernels::threshold's return value, checked below

#include <cstdint>

#include <opencv2/imgproc.hpp>

#include "catch_compat.hpp"
#include "opencv_views.hpp"

namespace imf = imgframe;
using namespace testing_cv;

namespace {
template <class P>
cv::Mat run_bgr(const P& p, const cv::Mat& m) {
  const auto out = p(view<imf::bgr>(m));
  return to_mat(out.cview());
}
double fraction_differing(const cv::Mat& a, const cv::Mat& b) {
  return static_cast<double>(count_differences(a, b, 0.0)) / static_cast<double>(a.total() * a.channels());
}
}  // namespace

TEST_CASE("threshold: OpenCV's five types, exact on 8U (threshold floored) and 32F", "[stages][threshold]") {
  const cv::Mat m = read("astronaut.png");
  cv::Mat mf;
  m.convertTo(mf, CV_32F, 1.0 / 255);
  for (int type = 0; type <= 4; ++type) {
    const auto p = imf::make_pipeline(imf::threshold{127.9, 200, static_cast<imf::threshold_type>(type)});
    cv::Mat expected, expected_f;
    cv::threshold(m, expected, 127.9, 200, type);
    cv::threshold(mf, expected_f, 0.4, 0.9, type);
    INFO("type " << type);
    CHECK(count_differences(run_bgr(p, m), expected) == 0);
    const auto pf = imf::make_pipeline(imf::threshold{0.4, 0.9, static_cast<imf::threshold_type>(type)});
    CHECK(count_differences(to_mat(pf(view<imf::bgr, float>(mf)).cview()), expected_f) == 0);
  }
}

TEST_CASE("threshold with a threshold outside int range is cv::threshold's (no signed overflow)", "[stages][threshold]") {
  // cvFloor(-1e52) wraps to INT_MAX on x86 (found by fuzz_transformer: UBSan signed overflow).
  cv::Mat m(3, 4, CV_8UC3);
  cv::randu(m, 0, 256);
  for (const double t : {-1e52, -3e9, -2147483648.5, 1e52, 3e9}) {
    cv::Mat expected;
    const double cv_returned = cv::threshold(m, expected, t, 200, cv::THRESH_BINARY);
    const imf::image_view<const std::uint8_t, 3, imf::bgr> v(m.data, m.cols, m.rows, static_cast<std::ptrdiff_t>(m.step));
    imf::image<std::uint8_t, 3, imf::bgr> out(m.cols, m.rows);
    INFO("threshold " << t);
    CHECK(imf::kernels::threshold(v, out.view(), t, 200, imf::kernels::threshold_type::binary) == cv_returned);
    CHECK(count_differences(to_mat(out.cview()), expected) == 0);
  }
}

TEST_CASE("resize bilinear and area: within +-1 of cv::resize", "[stages][resize]") {
  const cv::Mat m = read("chelsea.png");  // 451 x 300
  struct target { int w, h; };
  for (const target t : {target{224, 224}, target{100, 67}, target{640, 480}, target{451, 151}}) {
    cv::Mat lin, area;
    cv::resize(m, lin, cv::Size(t.w, t.h), 0, 0, cv::INTER_LINEAR);
    cv::resize(m, area, cv::Size(t.w, t.h), 0, 0, cv::INTER_AREA);
    const cv::Mat got_lin = run_bgr(imf::make_pipeline(imf::resize{t.h, t.w}), m);
    const cv::Mat got_area = run_bgr(imf::make_pipeline(imf::resize{t.h, t.w, imf::interpolation::area}), m);
    INFO(t.w << "x" << t.h << ": linear differs on " << fraction_differing(got_lin, lin) << ", area on "
               << fraction_differing(got_area, area));
    CHECK(count_differences(got_lin, lin, 1.0) == 0);
    CHECK(count_differences(got_area, area, 1.0) == 0);
    CHECK(fraction_differing(got_lin, lin) < 0.01);
    CHECK(fraction_differing(got_area, area) < 0.01);
  }
}

TEST_CASE("resize_short | center_crop | to_tensor equals the OpenCV chain", "[stages][resize][to_tensor]") {
  const cv::Mat m = read("rocket.jpg");  // 640 x 427
  const auto p = imf::resize_short{256} | imf::center_crop{224, 224} |
                 imf::to_tensor<float, imf::rgb, imf::chw>{{0.485, 0.456, 0.406}, {0.229, 0.224, 0.225}, 1.0 / 255};
  const auto t = p(view<imf::bgr>(m));
  // OpenCV: shorter side 427 -> 256, W = Math.round(256/427 * 640) = 384
  cv::Mat small;
  cv::resize(m, small, cv::Size(384, 256), 0, 0, cv::INTER_LINEAR);
  const cv::Mat crop = small(cv::Rect(384 / 2 - 112, 256 / 2 - 112, 224, 224));
  REQUIRE(t.shape() == std::array<std::size_t, 3>{3, 224, 224});
  const double mean[3] = {0.485, 0.456, 0.406}, stdv[3] = {0.229, 0.224, 0.225};
  long off = 0;
  for (int y = 0; y < 224; ++y)
    for (int x = 0; x < 224; ++x)
      for (int p_ = 0; p_ < 3; ++p_) {
        const double ref = (crop.ptr<std::uint8_t>(y)[3 * x + (2 - p_)] / 255.0 - mean[p_]) / stdv[p_];
        const double d = std::abs(t.at(p_, y, x) - ref);
        CHECK(d <= 1.0 / 255 / stdv[p_] + 1e-6);  // one 8-bit level at most (resize within +-1)
        off += d > 1e-6;
      }
  INFO("values off by one level: " << off);
  CHECK(off < 224 * 224 * 3 / 100);
}

TEST_CASE("blur, gaussian_kernel (vertical 1-D) and gaussian_blur: within +-1 of OpenCV", "[stages][blur]") {
  const cv::Mat m = read("coffee.png");
  for (const cv::Size k : {cv::Size(3, 3), cv::Size(5, 2), cv::Size(1, 7), cv::Size(8, 4)}) {
    cv::Mat expected;
    cv::blur(m, expected, k);  // BORDER_REFLECT_101, anchor at the centre
    const cv::Mat got = run_bgr(imf::make_pipeline(imf::blur{k.width, k.height}), m);
    INFO("blur " << k.width << "x" << k.height << " differs on " << fraction_differing(got, expected));
    CHECK(count_differences(got, expected, 1.0) == 0);
  }
  for (const auto& [aperture, sigma] : {std::pair{5, 1.5}, std::pair{4, 0.0}, std::pair{9, 3.0}}) {
    cv::Mat expected;
    cv::filter2D(m, expected, -1, cv::getGaussianKernel(aperture, sigma));  // a column: vertical only
    const cv::Mat got = run_bgr(imf::make_pipeline(imf::gaussian_kernel{aperture, sigma}), m);
    INFO("gaussian_kernel " << aperture << " sigma " << sigma << " differs on " << fraction_differing(got, expected));
    CHECK(count_differences(got, expected, 1.0) == 0);
  }
  cv::Mat expected;
  cv::GaussianBlur(m, expected, cv::Size(7, 5), 1.7, 0.9);
  const cv::Mat got = run_bgr(imf::make_pipeline(imf::gaussian_blur{7, 5, 1.7, 0.9}), m);
  INFO("gaussian_blur differs on " << fraction_differing(got, expected));
  CHECK(count_differences(got, expected, 1.0) == 0);
  CHECK_THROWS_WITH((imf::make_pipeline(imf::blur{0, 3})(view<imf::bgr>(m))),
                    "imgframe blur: kernel width and height must be in 1...65536 (width=0, height=3)");
  CHECK_THROWS_WITH((imf::make_pipeline(imf::gaussian_blur{4, 3, 1, 1})(view<imf::bgr>(m))),
                    "imgframe gaussian_blur: kernel width and height must be positive, odd and at most 65536 (width=4, height=3)");
  CHECK_THROWS_WITH((imf::make_pipeline(imf::gaussian_kernel{1 << 30, 2.0})(view<imf::bgr>(m))),
                    "imgframe gaussian_kernel: apertureSize must be in 1...65536 (got 1073741824)");
}

TEST_CASE("antialias resize is a kernel pass with the requested size", "[stages][resize]") {
  const cv::Mat m = read("astronaut.png");
  const auto out = imf::make_pipeline(imf::resize{64, 96, imf::interpolation::antialias})(view<imf::bgr>(m));
  CHECK(out.width() == 96);
  CHECK(out.height() == 64);
  // A flat image stays flat through the triangle filter.
  imf::image<std::uint8_t, 3, imf::bgr> flat(50, 40);
  for (int y = 0; y < 40; ++y)
    for (int x = 0; x < 50; ++x)
      for (int c = 0; c < 3; ++c) flat.view().at(x, y, c) = static_cast<std::uint8_t>(40 + 50 * c);
  const auto small = imf::make_pipeline(imf::resize{7, 9, imf::interpolation::antialias})(flat.cview());
  CHECK(small.cview().at(4, 3, 2) == 140);
}

TEST_CASE("kernel stages read flipped and cropped views directly", "[stages][resize][view]") {
  const cv::Mat m = read("hubble_deep_field.jpg");
  const auto p = imf::crop{100, 50, 300, 401} | imf::flip{-1} | imf::resize{150, 200} | imf::flip{1};
  STATIC_REQUIRE(decltype(p)::plan_type::pixel_passes == 1);
  cv::Mat a, b, expected;
  cv::flip(m(cv::Rect(100, 50, 401, 300)), a, -1);
  cv::resize(a, b, cv::Size(200, 150), 0, 0, cv::INTER_LINEAR);
  cv::flip(b, expected, 1);
  // The result is a mirrored window on the resized image, copied out into its own image.
  const auto out = p(view<imf::bgr>(m));
  STATIC_REQUIRE(std::is_same_v<std::remove_cvref_t<decltype(out)>, imf::image<std::uint8_t, 3, imf::bgr>>);
  CHECK(count_differences(to_mat(out.cview()), expected, 1.0) == 0);
  CHECK(out.cview().is_contiguous() == false);  // rows padded to 64 bytes
  CHECK(out.cview().pixel_step() == 3);
}
