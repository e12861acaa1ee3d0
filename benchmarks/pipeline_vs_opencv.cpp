// The ImageNet preprocessing chain end to end (decode excluded) on the sample photos:
//   imgframe  resize_short{256} | center_crop{224, 224} | to_tensor<float, rgb, chw>{mean, std, 1/255}
//   OpenCV    cv::resize INTER_LINEAR to the same size, ROI, cvtColor BGR2RGB, convertTo(CV_32F, 1/255),
//             subtract mean, divide by std, split into CHW planes
//   libvips   vips_resize (linear kernel) + crop + band reorder + linear, HWC -> CHW (when built with it)
// Each timing is the fastest of repeated runs per photo; the table sums them into ms per image.
// OpenCV runs single-threaded (cv::setNumThreads(1)) and with its default thread pool; libvips with
// one thread. imgframe's tensor must equal OpenCV's within 1e-6 (different rounding order of the
// same float arithmetic); the maximum difference is printed. Ratios > 1 mean imgframe is slower.
//   pipeline_vs_opencv [repetitions]
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#ifdef IMGFRAME_BENCH_HAVE_VIPS
#include <vips/vips8>
#endif

#include <imgframe/imgframe.hpp>

namespace {

using namespace imgframe;
using cview = image_view<const std::uint8_t, 3, bgr>;
using chw_tensor = tensor<float, rgb, chw>;

constexpr double mean[3] = {0.485, 0.456, 0.406};
constexpr double stdv[3] = {0.229, 0.224, 0.225};
constexpr auto imagenet = resize_short{256} | center_crop{224, 224} |
                          to_tensor<float, rgb, chw>{{mean[0], mean[1], mean[2]}, {stdv[0], stdv[1], stdv[2]}, 1.0 / 255};

int repetitions = 30;

double best_ms(const std::function<void()>& f) {
  f();  // warm-up: page in buffers, let thread pools start
  double best = 1e300;
  for (int i = 0; i < repetitions; ++i) {
    const auto a = std::chrono::steady_clock::now();
    f();
    const auto b = std::chrono::steady_clock::now();
    best = std::min(best, std::chrono::duration<double, std::milli>(b - a).count());
  }
  return best;
}

// The size resize_short{256} picks (SynapseML's rounding) and the centre crop inside it.
struct plan {
  cv::Size resized;
  cv::Rect crop;
};
plan plan_for(const cv::Mat& m) {
  const size2d s = resize_short{256}.target(m.cols, m.rows);
  const roi r = center_crop{224, 224}.region(s.width, s.height);
  return {cv::Size(s.width, s.height), cv::Rect(r.x, r.y, r.width, r.height)};
}

// The same chain with OpenCV calls, into a CHW float buffer.
struct opencv_chain {
  cv::Mat resized, rgb, f;
  std::vector<float> out;
  void operator()(const cv::Mat& src, const plan& p) {
    cv::resize(src, resized, p.resized, 0, 0, cv::INTER_LINEAR);
    cv::cvtColor(resized(p.crop), rgb, cv::COLOR_BGR2RGB);
    rgb.convertTo(f, CV_32F, 1.0 / 255);
    cv::subtract(f, cv::Scalar(mean[0], mean[1], mean[2]), f);
    cv::divide(f, cv::Scalar(stdv[0], stdv[1], stdv[2]), f);
    const std::size_t plane = static_cast<std::size_t>(f.rows) * static_cast<std::size_t>(f.cols);
    out.resize(3 * plane);
    std::vector<cv::Mat> planes;
    for (int c = 0; c < 3; ++c) planes.emplace_back(f.rows, f.cols, CV_32F, out.data() + c * plane);
    cv::split(f, planes);
  }
};

#ifdef IMGFRAME_BENCH_HAVE_VIPS
// libvips: resize with its linear (triangle) kernel to the same size, crop, BGR -> RGB, normalise.
struct vips_chain {
  std::vector<float> out;
  void operator()(const cv::Mat& src, const plan& p) {
    vips::VImage in = vips::VImage::new_from_memory(src.data, src.total() * 3, src.cols, src.rows, 3, VIPS_FORMAT_UCHAR);
    vips::VImage r = in.resize(static_cast<double>(p.resized.width) / src.cols,
                               vips::VImage::option()
                                   ->set("vscale", static_cast<double>(p.resized.height) / src.rows)
                                   ->set("kernel", VIPS_KERNEL_LINEAR));
    const int x = std::min(p.crop.x, r.width() - p.crop.width), y = std::min(p.crop.y, r.height() - p.crop.height);
    vips::VImage c = r.crop(x, y, p.crop.width, p.crop.height);
    c = c.extract_band(2).bandjoin(c.extract_band(1)).bandjoin(c.extract_band(0));
    std::vector<double> a, b;
    for (int k = 0; k < 3; ++k) {
      a.push_back(1.0 / (255 * stdv[k]));
      b.push_back(-mean[k] / stdv[k]);
    }
    vips::VImage n = c.linear(a, b);  // float output
    std::size_t size = 0;
    auto* hwc = static_cast<float*>(n.write_to_memory(&size));
    const std::size_t plane = static_cast<std::size_t>(p.crop.width) * static_cast<std::size_t>(p.crop.height);
    out.resize(3 * plane);
    for (std::size_t i = 0; i < plane; ++i)
      for (std::size_t k = 0; k < 3; ++k) out[k * plane + i] = hwc[3 * i + k];
    g_free(hwc);
  }
};
#endif

// The machine is often shared: say how busy it was (Linux; empty elsewhere).
std::string load_average() {
  std::ifstream f("/proc/loadavg");
  std::string one, five, fifteen;
  f >> one >> five >> fifteen;
  return f ? one + " " + five + " " + fifteen : "unknown";
}

double max_diff(const float* a, const float* b, std::size_t n) {
  double m = 0;
  for (std::size_t i = 0; i < n; ++i) m = std::max(m, std::abs(static_cast<double>(a[i]) - b[i]));
  return m;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"the ImageNet chain (resize_short 256, center crop 224, normalized CHW float) against the same "
               "OpenCV calls (1 thread and default) and libvips, with the largest difference to OpenCV"};
  app.add_option("repetitions", repetitions, "repetitions per photo; the fastest counts")
      ->capture_default_str()
      ->check(CLI::Range(3, 100000));
  CLI11_PARSE(app, argc, argv);
#ifdef IMGFRAME_BENCH_HAVE_VIPS
  if (VIPS_INIT(argv[0])) {
    std::fprintf(stderr, "vips: %s\n", vips_error_buffer());
    return 1;
  }
  vips_concurrency_set(1);
  vips_cache_set_max(0);
#endif
  const char* photos[] = {"astronaut.png", "camera.png",  "chelsea.png", "coffee.png",          "digits.png",
                          "horse.png",     "retina.jpg",  "rocket.jpg",  "hubble_deep_field.jpg"};
  const int default_threads = cv::getNumThreads();
  std::printf("ImageNet chain (resize_short 256, center_crop 224, to_tensor float RGB CHW), decode excluded,\n"
              "fastest of %d runs per photo, SIMD arch %s, OpenCV %s (default %d threads), load average %s\n",
              repetitions, simd::default_arch::name(), CV_VERSION, default_threads, load_average().c_str());
  std::printf("%-22s %9s %8s %8s %8s %8s  %7s  %7s  %10s\n", "photo (ms)", "size", "imgframe", "cv 1thr", "cv dflt", "vips",
              "/cv1", "/cvN", "max|diff|");

  double sum_mine = 0, sum_cv1 = 0, sum_cvn = 0, sum_vips = 0, worst = 0;
  int count = 0;
  bool have_vips = false;
  for (const char* name : photos) {
    const std::string path = std::string(IMGFRAME_TEST_DATA) + "/samples/" + name;
    const cv::Mat src = cv::imread(path, cv::IMREAD_COLOR);
    if (src.empty()) {
      std::fprintf(stderr, "cannot read %s\n", path.c_str());
      return 1;
    }
    const cview v(src.ptr<std::uint8_t>(), src.cols, src.rows, static_cast<std::ptrdiff_t>(src.step));
    const plan p = plan_for(src);

    chw_tensor mine;
    const double t_mine = best_ms([&] { mine = imagenet(v); });
    opencv_chain cv_run;
    cv::setNumThreads(1);
    const double t_cv1 = best_ms([&] { cv_run(src, p); });
    cv::setNumThreads(default_threads);
    const double t_cvn = best_ms([&] { cv_run(src, p); });
    double t_vips = -1;
#ifdef IMGFRAME_BENCH_HAVE_VIPS
    vips_chain vips_run;
    t_vips = best_ms([&] { vips_run(src, p); });
    have_vips = true;
#endif
    if (mine.size() != cv_run.out.size()) {
      std::fprintf(stderr, "%s: imgframe tensor has %zu values, OpenCV's %zu\n", name, mine.size(), cv_run.out.size());
      return 1;
    }
    const double d = max_diff(mine.data(), cv_run.out.data(), mine.size());
    worst = std::max(worst, d);
    char size[32];
    std::snprintf(size, sizeof size, "%dx%d", src.cols, src.rows);
    std::printf("%-22s %9s %8.3f %8.3f %8.3f %8.3f  %7.2f  %7.2f  %10.3g\n", name, size, t_mine, t_cv1, t_cvn, t_vips,
                t_mine / t_cv1, t_mine / t_cvn, d);
    sum_mine += t_mine;
    sum_cv1 += t_cv1;
    sum_cvn += t_cvn;
    sum_vips += t_vips;
    ++count;
  }
  std::printf("%-22s %9s %8.3f %8.3f %8.3f %8.3f  %7.2f  %7.2f  %10.3g\n", "mean per image", "", sum_mine / count,
              sum_cv1 / count, sum_cvn / count, have_vips ? sum_vips / count : -1.0, sum_mine / sum_cv1,
              sum_mine / sum_cvn, worst);
  if (have_vips) std::printf("imgframe / vips (1 thread, its own linear resampling): %.2f\n", sum_mine / sum_vips);
  std::printf("load average after: %s\n", load_average().c_str());
  std::printf("imgframe equals OpenCV within 1e-6: %s (max |diff| %.3g)\n", worst <= 1e-6 ? "yes" : "NO", worst);
  return worst <= 1e-6 ? 0 : 2;
}
