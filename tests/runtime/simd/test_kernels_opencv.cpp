// Conformance of the neighbourhood kernels with OpenCV 4.6 (and Pillow for resize_antialias) on
// the photos in tests/data/samples, decoded with cv::imread. Each case prints its measured
// agreement: the largest difference and the fraction of 8-bit values that differ.
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

// imgframe before OpenCV: the first <immintrin.h> decides GCC 12's AVX-512 warning (simd/x86/intrinsics.hpp).
#include <imgframe/simd/kernels/box_blur.hpp>
#include <imgframe/simd/kernels/gaussian_blur.hpp>
#include <imgframe/simd/kernels/gaussian_vertical.hpp>
#include <imgframe/simd/kernels/resize_antialias.hpp>
#include <imgframe/simd/kernels/resize_area.hpp>
#include <imgframe/simd/kernels/resize_bilinear.hpp>
#include <imgframe/simd/kernels/threshold.hpp>
#include <imgframe/simd/x86/dispatch.hpp>

#include <opencv2/imgproc.hpp>

#include "catch_compat.hpp"
#include "cv_views.hpp"

namespace k = imgframe::kernels;
namespace t = imgframe::test;

namespace {

void report(const std::string& what, const t::diff_stats& s) {
  std::printf("conformance %-58s max|diff| %-10g differing %zu / %zu (%.5f%%)\n", what.c_str(), s.max_abs,
              s.differing, s.total, 100.0 * s.fraction());
}

template <class T, int C, class Mine>
cv::Mat run_mine(const cv::Mat& src, cv::Size size, Mine mine) {
  cv::Mat out(size, src.type(), cv::Scalar::all(0));
  mine(t::cview_of<T, C>(src), t::view_of<T, C>(out));
  return out;
}

const char* depth_name(bool f) { return f ? "f32" : "u8"; }

struct sample_case {
  const char* file;
  int channels;
};
const sample_case samples[] = {{"astronaut.png", 3}, {"camera.png", 1}, {"chelsea.png", 4}, {"coffee.png", 3}};

// Runs mine and OpenCV's ref on a sample with C channels; checks max diff <= tol.
template <class T, int C, class Mine, class Ref>
t::diff_stats compare_on(const char* file, cv::Size dsize, Mine mine, Ref ref) {
  const cv::Mat src = t::load_sample(file, C, std::is_same_v<T, float>);
  if (dsize.width == 0) dsize = src.size();
  cv::Mat expected;
  ref(src, expected, dsize);
  const cv::Mat got = run_mine<T, C>(src, dsize, mine);
  return t::compare(expected, got, std::is_same_v<T, float> ? 1e-4 : 0.0);
}

template <class Mine, class Ref>
void each_sample(const std::string& name, bool as_float, cv::Size dsize, double tol, Mine mine, Ref ref) {
  for (const auto& s : samples) {
    t::diff_stats st;
    if (as_float) {
      if (s.channels == 1) st = compare_on<float, 1>(s.file, dsize, mine, ref);
      if (s.channels == 3) st = compare_on<float, 3>(s.file, dsize, mine, ref);
      if (s.channels == 4) st = compare_on<float, 4>(s.file, dsize, mine, ref);
    } else {
      if (s.channels == 1) st = compare_on<std::uint8_t, 1>(s.file, dsize, mine, ref);
      if (s.channels == 3) st = compare_on<std::uint8_t, 3>(s.file, dsize, mine, ref);
      if (s.channels == 4) st = compare_on<std::uint8_t, 4>(s.file, dsize, mine, ref);
    }
    const std::string what = name + " " + s.file + " C" + std::to_string(s.channels) + " " + depth_name(as_float);
    report(what, st);
    INFO(what);
    CHECK(st.max_abs <= tol);
  }
}

auto cv_resize(int interpolation) {
  return [interpolation](const cv::Mat& s, cv::Mat& d, cv::Size size) { cv::resize(s, d, size, 0, 0, interpolation); };
}

const cv::Size resize_targets[] = {
    {256, 150},  // down 2x in x (astronaut, camera); non-integer elsewhere
    {224, 224},  // down non-integer
    {97, 61},    // down strongly, odd sizes
    {700, 433},  // up
    {180, 500},  // down in x, up in y
};

}  // namespace

TEST_CASE("resize_bilinear reproduces cv::resize INTER_LINEAR", "[simd][kernels][opencv]") {
  for (const bool f : {false, true})
    for (const cv::Size sz : resize_targets)
      each_sample("INTER_LINEAR -> " + std::to_string(sz.width) + "x" + std::to_string(sz.height), f, sz,
                  f ? 1e-4 : 0.0, [](const auto& s, const auto& d) { k::resize_bilinear(s, d); },
                  cv_resize(cv::INTER_LINEAR));
}

TEST_CASE("resize_bilinear: an exact 2x downscale takes OpenCV's area path", "[simd][kernels][opencv]") {
  // OpenCV switches INTER_LINEAR to INTER_AREA's (a+b+c+d+2)>>2 when both ratios are exactly 2.
  auto mine = [](const auto& s, const auto& d) { k::resize_bilinear(s, d); };
  for (const bool f : {false, true}) {
    const t::diff_stats a = f ? compare_on<float, 3>("astronaut.png", {256, 256}, mine, cv_resize(cv::INTER_LINEAR))
                              : compare_on<std::uint8_t, 3>("astronaut.png", {256, 256}, mine, cv_resize(cv::INTER_LINEAR));
    const t::diff_stats c = f ? compare_on<float, 4>("coffee.png", {300, 200}, mine, cv_resize(cv::INTER_LINEAR))
                              : compare_on<std::uint8_t, 4>("coffee.png", {300, 200}, mine, cv_resize(cv::INTER_LINEAR));
    report(std::string("INTER_LINEAR exact 2x astronaut.png C3 ") + depth_name(f), a);
    report(std::string("INTER_LINEAR exact 2x coffee.png C4 ") + depth_name(f), c);
    CHECK(a.max_abs <= (f ? 1e-4 : 0.0));
    CHECK(c.max_abs <= (f ? 1e-4 : 0.0));
  }
}

TEST_CASE("resize_area reproduces cv::resize INTER_AREA", "[simd][kernels][opencv]") {
  for (const bool f : {false, true}) {
    for (const cv::Size sz : resize_targets)
      each_sample("INTER_AREA -> " + std::to_string(sz.width) + "x" + std::to_string(sz.height), f, sz,
                  f ? 1e-4 : 0.0, [](const auto& s, const auto& d) { k::resize_area(s, d); },
                  cv_resize(cv::INTER_AREA));
  }
  // Integer ratios on the 512x512 photos (2x, 4x, 8x and 2x by 4x cells).
  for (const cv::Size sz : {cv::Size{256, 256}, cv::Size{128, 128}, cv::Size{64, 64}, cv::Size{256, 128}}) {
    for (const char* file : {"astronaut.png", "camera.png"}) {
      for (const bool f : {false, true}) {
        const t::diff_stats st =
            f ? compare_on<float, 3>(file, sz, [](const auto& s, const auto& d) { k::resize_area(s, d); },
                                     cv_resize(cv::INTER_AREA))
              : compare_on<std::uint8_t, 3>(file, sz, [](const auto& s, const auto& d) { k::resize_area(s, d); },
                                            cv_resize(cv::INTER_AREA));
        const std::string what = std::string("INTER_AREA integer -> ") + std::to_string(sz.width) + "x" +
                                 std::to_string(sz.height) + " " + file + " " + depth_name(f);
        report(what, st);
        INFO(what);
        CHECK(st.max_abs <= (f ? 1e-4 : 0.0));
      }
    }
  }
}

TEST_CASE("resize_antialias reproduces Pillow's Image.resize(BILINEAR)", "[simd][kernels][pil]") {
  struct pil_case {
    const char* sample;
    const char* fixture;
    int channels;
  };
  const pil_case cases[] = {
      {"astronaut.png", "astronaut_RGB_224x224.png", 3}, {"astronaut.png", "astronaut_RGB_97x131.png", 3},
      {"camera.png", "camera_L_128x128.png", 1},         {"camera.png", "camera_L_300x77.png", 1},
      {"camera.png", "camera_L_560x530.png", 1},         {"chelsea.png", "chelsea_RGB_451x120.png", 3},
      {"chelsea.png", "chelsea_RGB_520x90.png", 3}};
  const std::string base = IMGFRAME_TEST_DATA;
  for (const auto& c : cases) {
    const int flag = c.channels == 1 ? cv::IMREAD_GRAYSCALE : cv::IMREAD_COLOR;
    const cv::Mat src = cv::imread(base + "/samples/" + c.sample, flag);
    const cv::Mat expected = cv::imread(base + "/pil/" + c.fixture, flag);
    REQUIRE(!src.empty());
    REQUIRE(!expected.empty());
    const cv::Mat got = c.channels == 1
                            ? run_mine<std::uint8_t, 1>(src, expected.size(), [](const auto& s, const auto& d) { k::resize_antialias(s, d); })
                            : run_mine<std::uint8_t, 3>(src, expected.size(), [](const auto& s, const auto& d) { k::resize_antialias(s, d); });
    const t::diff_stats st = t::compare(expected, got);
    report(std::string("antialias vs Pillow ") + c.fixture, st);
    INFO(c.fixture);
    CHECK(st.max_abs == 0);
  }
}

TEST_CASE("resize_antialias on float equals a direct double-precision evaluation", "[simd][kernels]") {
  // The formula written out independently: separable triangle filter of radius max(scale, 1),
  // windows rounded and clipped as Pillow does, weights normalized per output sample.
  auto weights = [](int in, int out, int o, int& lo, std::vector<double>& w) {
    const double scale = static_cast<double>(in) / out, fs = std::max(scale, 1.0), c = (o + 0.5) * scale;
    lo = std::max(0, static_cast<int>(c - fs + 0.5));
    const int hi = std::min(in, static_cast<int>(c + fs + 0.5));
    w.clear();
    double sum = 0;
    for (int x = lo; x < hi; ++x) {
      const double v = std::max(0.0, 1.0 - std::abs((x + 0.5 - c) / fs));
      w.push_back(v);
      sum += v;
    }
    for (double& v : w) v /= sum;
  };
  const cv::Mat src = t::load_sample("coffee.png", 3, true);
  for (const cv::Size sz : {cv::Size{224, 224}, cv::Size{901, 37}}) {
    const cv::Mat got = run_mine<float, 3>(src, sz, [](const auto& s, const auto& d) { k::resize_antialias(s, d); });
    double max_rel = 0;
    std::vector<double> wx, wy;
    for (int oy = 0; oy < sz.height; oy += 7) {
      int ly;
      weights(src.rows, sz.height, oy, ly, wy);
      for (int ox = 0; ox < sz.width; ox += 5) {
        int lx;
        weights(src.cols, sz.width, ox, lx, wx);
        for (int c = 0; c < 3; ++c) {
          double v = 0;
          for (std::size_t j = 0; j < wy.size(); ++j)
            for (std::size_t i = 0; i < wx.size(); ++i)
              v += wy[j] * wx[i] * src.ptr<float>(ly + static_cast<int>(j))[(lx + static_cast<int>(i)) * 3 + c];
          max_rel = std::max(max_rel, std::abs(got.ptr<float>(oy)[ox * 3 + c] - v) / std::max(1.0, std::abs(v)));
        }
      }
    }
    std::printf("conformance antialias f32 vs double formula -> %dx%d: max rel diff %g\n", sz.width, sz.height, max_rel);
    CHECK(max_rel < 1e-6);
  }
}

TEST_CASE("box_blur reproduces cv::blur", "[simd][kernels][opencv]") {
  for (const bool f : {false, true})
    for (const auto& [kw, kh] : {std::pair{3, 3}, {5, 5}, {3, 7}, {2, 4}, {1, 9}, {15, 15}, {17, 17}, {25, 25}, {1, 1}})
      each_sample("blur " + std::to_string(kw) + "x" + std::to_string(kh), f, {0, 0}, f ? 1e-4 : 0.0,
                  [kw = kw, kh = kh](const auto& s, const auto& d) { k::box_blur(s, d, kw, kh); },
                  [kw = kw, kh = kh](const cv::Mat& s, cv::Mat& d, cv::Size) { cv::blur(s, d, cv::Size(kw, kh)); });
}

TEST_CASE("gaussian_blur reproduces cv::GaussianBlur", "[simd][kernels][opencv]") {
  struct g {
    int kw, kh;
    double sx, sy;
  };
  for (const bool f : {false, true})
    for (const g p : {g{3, 3, 0, 0}, g{5, 5, 0, 0}, g{7, 7, 0, 0}, g{9, 9, 0, 0}, g{11, 11, 0, 0}, g{5, 9, 1.5, 2.5},
                      g{0, 0, 2.0, 0}, g{3, 1, 0.8, 0}})
      each_sample("GaussianBlur " + std::to_string(p.kw) + "x" + std::to_string(p.kh) + " sigma " +
                      std::to_string(p.sx).substr(0, 4) + "," + std::to_string(p.sy).substr(0, 4),
                  f, {0, 0}, f ? 1e-3 : 0.0, [p](const auto& s, const auto& d) { k::gaussian_blur(s, d, p.kw, p.kh, p.sx, p.sy); },
                  [p](const cv::Mat& s, cv::Mat& d, cv::Size) { cv::GaussianBlur(s, d, cv::Size(p.kw, p.kh), p.sx, p.sy); });
}

TEST_CASE("gaussian_kernel equals cv::getGaussianKernel", "[simd][kernels][opencv]") {
  // OpenCV evaluates exp in software floating point: a few ulps apart from std::exp, growing with
  // the argument (tails near 1e-200 differ by ~200 ulps). Irrelevant for any filtered value.
  for (const int n : {1, 2, 3, 4, 5, 7, 8, 9, 11, 15, 31})
    for (const double sigma : {0.0, -1.0, 0.5, 1.0, 2.5, 7.0}) {
      const cv::Mat ref = cv::getGaussianKernel(n, sigma, CV_64F);
      const std::vector<double> mine = k::gaussian_kernel(n, sigma);
      REQUIRE(static_cast<int>(mine.size()) == n);
      for (int i = 0; i < n; ++i) {
        INFO("n " << n << " sigma " << sigma << " i " << i);
        CHECK(mine[static_cast<std::size_t>(i)] == Approx(ref.at<double>(i)).epsilon(1e-13));
      }
    }
}

TEST_CASE("gaussian_vertical reproduces SynapseML's filter2D with getGaussianKernel", "[simd][kernels][opencv]") {
  // Exact where both fuse the multiply-adds or both do not; within 1 otherwise. OpenCV's filter
  // code fuses on CPUs with AVX2 (its dispatch); the x86-dispatched u8 loop too, unless capped.
  double u8_tol = 1.0;
#if IMGFRAME_X86_DISPATCH
  namespace x86 = imgframe::simd::x86;
  if (x86::active() == x86::cpu_level()) u8_tol = 0.0;
#endif
  for (const bool f : {false, true})
    for (const auto& [ap, sigma] : {std::pair{1, 1.0}, {3, 0.0}, {4, 1.0}, {5, 1.0}, {8, 2.5}, {15, 0.0}, {31, 5.0}})
      each_sample("gaussianKernel aperture " + std::to_string(ap) + " sigma " + std::to_string(sigma).substr(0, 3), f,
                  {0, 0}, f ? 1e-4 : u8_tol,
                  [ap = ap, sigma = sigma](const auto& s, const auto& d) { k::gaussian_vertical(s, d, ap, sigma); },
                  [ap = ap, sigma = sigma](const cv::Mat& s, cv::Mat& d, cv::Size) {
                    cv::filter2D(s, d, -1, cv::getGaussianKernel(ap, sigma, CV_64F));
                  });
}

TEST_CASE("threshold reproduces cv::threshold for the five types", "[simd][kernels][opencv]") {
  for (int type = 0; type <= 4; ++type)
    // 3e9 and +-1e76 are outside int (fuzz_transformer: a float-to-int overflow in the 8-bit path);
    // OpenCV's cvFloor/cvRound give INT_MIN there, and so do the kernels.
    for (const double th : {-3.0, 0.0, 127.5, 200.9, 254.0, 254.5, 255.0, 300.0, 3e9, 1e76, -1e76})
      for (const double maxval : {255.0, 200.6, 300.0, -4.0, 1e300})
        for (const bool f : {false, true}) {
          const std::string what = "threshold type " + std::to_string(type) + " thresh " + std::to_string(th) +
                                   " maxval " + std::to_string(maxval) + " " + depth_name(f);
          auto mine = [&](const auto& s, const auto& d) { k::threshold(s, d, th, maxval, k::threshold_type(type)); };
          auto ref = [&](const cv::Mat& s, cv::Mat& d, cv::Size) { cv::threshold(s, d, th, maxval, type); };
          const t::diff_stats st = f ? compare_on<float, 3>("chelsea.png", {0, 0}, mine, ref)
                                     : compare_on<std::uint8_t, 3>("chelsea.png", {0, 0}, mine, ref);
          INFO(what);
          CHECK(st.max_abs == 0);
        }
  // The returned threshold is the one applied: floored on 8-bit, unchanged on float.
  const cv::Mat src = t::load_sample("camera.png", 1);
  cv::Mat out = src.clone();
  CHECK(k::threshold(t::cview_of<std::uint8_t, 1>(src), t::view_of<std::uint8_t, 1>(out), 100.7, 255,
                     k::threshold_type::binary) == 100.0);
  CHECK(cv::threshold(src, out, 100.7, 255, cv::THRESH_BINARY) == 100.0);
}

template <class F>
std::string error_of(F f) {
  try {
    f();
  } catch (const std::exception& e) {
    return e.what();
  }
  return "(no exception)";
}

TEST_CASE("kernels reject bad parameters with a clear message", "[simd][kernels]") {
  const cv::Mat src = t::load_sample("camera.png", 1);
  cv::Mat out = src.clone();
  const auto s = t::cview_of<std::uint8_t, 1>(src);
  const auto d = t::view_of<std::uint8_t, 1>(out);
  CHECK(error_of([&] { k::box_blur(s, d, 0, 3); }) == "imgframe: box_blur: kernel size must be positive (got 0x3)");
  CHECK(error_of([&] { k::gaussian_blur(s, d, 4, 3, 0); }) ==
        "imgframe: gaussian_blur: kernel size must be odd and positive, or derived from a positive sigma (got 4x3)");
  CHECK(error_of([&] { k::gaussian_vertical(s, d, 0, 1.0); }) ==
        "imgframe: gaussian_vertical: aperture size must be positive (got 0)");
  CHECK(error_of([&] { k::threshold(s, d, 1, 2, k::threshold_type(7)); }) ==
        "imgframe: threshold: unknown threshold type 7");
  CHECK(error_of([&] { k::box_blur(s, d.subview(0, 0, 10, 10), 3, 3); }) ==
        "imgframe: box_blur: source and destination sizes differ");
  CHECK(error_of([&] { k::resize_bilinear(s.subview(0, 0, 0, 0), d); }) ==
        "imgframe: resize_bilinear: empty source for a 512x512 destination");
  CHECK(error_of([&] { k::resize_antialias(s.subview(0, 0, 0, 0), d); }) == "imgframe: resize_antialias: empty source");
}
