// imgframe's neighbourhood kernels against OpenCV 4.6 (and libvips when built with it) in one run:
// resize of a ~1000 px photo to 224x224 and back and filters on the full photo, u8 BGR (the resizes
// also on u16, f32 and gray copies of it). Each timing is the
// fastest of repeated runs (robust on a shared machine) and the median is printed too; OpenCV is
// timed single-threaded (cv::setNumThreads(1)) and with its default thread pool. The /cv1 and /cvN
// columns are time ratios (> 1: imgframe is slower); "x cv1" is OpenCV's one-thread median time
// over imgframe's (>= 1: imgframe is at least as fast). FILTER runs only the operations whose name
// contains it.
//   kernels_vs_opencv [photo] [repetitions] [filter]
#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <cstdio>
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

#include <imgframe/core/image_view.hpp>
#include <imgframe/simd/kernels/box_blur.hpp>
#include <imgframe/simd/kernels/gaussian_blur.hpp>
#include <imgframe/simd/kernels/gaussian_vertical.hpp>
#include <imgframe/simd/kernels/resize_antialias.hpp>
#include <imgframe/simd/kernels/resize_area.hpp>
#include <imgframe/simd/kernels/resize_bilinear.hpp>
#include <imgframe/simd/kernels/threshold.hpp>

namespace k = imgframe::kernels;
using view = imgframe::image_view<std::uint8_t, 3, imgframe::bgr>;
using cview = imgframe::image_view<const std::uint8_t, 3, imgframe::bgr>;

namespace {

int repetitions = 30;
std::string filter;

struct timing {
  double best = 0, median = 0;
};

timing time_ms(const std::function<void()>& f) {
  f();  // warm-up: page in buffers, let thread pools start
  std::vector<double> t;
  for (int i = 0; i < repetitions; ++i) {
    const auto a = std::chrono::steady_clock::now();
    f();
    const auto b = std::chrono::steady_clock::now();
    t.push_back(std::chrono::duration<double, std::milli>(b - a).count());
  }
  std::sort(t.begin(), t.end());
  return {t.front(), t[t.size() / 2]};
}

cview cv_of(const cv::Mat& m) { return cview(m.ptr<std::uint8_t>(), m.cols, m.rows, static_cast<std::ptrdiff_t>(m.step)); }
view v_of(cv::Mat& m) { return view(m.ptr<std::uint8_t>(), m.cols, m.rows, static_cast<std::ptrdiff_t>(m.step)); }

struct row {
  std::string name;
  timing simd, scalar, cv1, cvn, other{-1, -1};
  std::string other_name;
};

void print(const row& r) {
  if (r.name.empty()) return;
  std::printf("%-38s %8.3f %8.3f %8.3f %8.3f  %6.2f  %6.2f  %6.2f   (medians %.3f / %.3f / %.3f)", r.name.c_str(),
              r.simd.best, r.scalar.best, r.cv1.best, r.cvn.best, r.simd.best / r.cv1.best, r.simd.best / r.cvn.best,
              r.cv1.median / r.simd.median, r.simd.median, r.cv1.median, r.cvn.median);
  if (r.other.best >= 0)
    std::printf("\n%38s %s %.3f ms: imgframe/%s %.2f", "", r.other_name.c_str(), r.other.best, r.other_name.c_str(),
                r.simd.best / r.other.best);
  std::printf("\n");
}

// Times imgframe (SIMD and scalar reference) and OpenCV (1 thread and default) on one operation.
row measure(const std::string& name, const std::function<void()>& mine, const std::function<void()>& mine_scalar,
            const std::function<void()>& opencv) {
  row r;
  if (name.find(filter) == std::string::npos) return r;
  r.name = name;
  r.simd = time_ms(mine);
  r.scalar = time_ms(mine_scalar);
  const int threads = cv::getNumThreads();
  cv::setNumThreads(1);
  r.cv1 = time_ms(opencv);
  cv::setNumThreads(threads);
  r.cvn = time_ms(opencv);
  return r;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"imgframe's neighbourhood kernels (resize to 224x224 and up, blur, Gaussian, threshold) against "
               "OpenCV 4.6 on one thread and its default threads, and libvips where built with it"};
  const std::string sample = std::string(IMGFRAME_TEST_DATA) + "/samples/hubble_deep_field.jpg";
  std::string photo;
  app.add_option("photo", photo, "the BGR photo every kernel runs on (empty: " + sample + ")");
  app.add_option("repetitions", repetitions, "repetitions per kernel; the fastest counts")
      ->capture_default_str()
      ->check(CLI::Range(3, 100000));
  app.add_option("filter", filter, "run only the rows whose name contains this text");
  CLI11_PARSE(app, argc, argv);
  if (photo.empty()) photo = sample;
#ifdef IMGFRAME_BENCH_HAVE_VIPS
  if (VIPS_INIT(argv[0])) {
    std::fprintf(stderr, "vips: %s\n", vips_error_buffer());
    return 1;
  }
#endif
  const cv::Mat src = cv::imread(photo, cv::IMREAD_COLOR);
  if (src.empty()) {
    std::fprintf(stderr, "cannot read %s\n", photo.c_str());
    return 1;
  }
  std::printf("photo %s (%dx%d BGR u8), fastest of %d runs, SIMD arch %s, OpenCV %s with %d threads\n",
              photo.c_str(), src.cols, src.rows, repetitions, imgframe::simd::default_arch::name(), CV_VERSION,
              cv::getNumThreads());
  std::printf("%-38s %8s %8s %8s %8s  %6s  %6s  %6s\n", "operation (ms)", "imgframe", "scalar", "cv 1thr", "cv dflt",
              "/cv1", "/cvN", "x cv1");

  cv::Mat small(224, 224, CV_8UC3), ref_small, full(src.size(), CV_8UC3), ref_full;
  const cv::Size s224(224, 224);

  print(measure("resize bilinear -> 224x224", [&] { k::resize_bilinear(cv_of(src), v_of(small)); },
                [&] { k::scalar::resize_bilinear(cv_of(src), v_of(small)); },
                [&] { cv::resize(src, ref_small, s224, 0, 0, cv::INTER_LINEAR); }));
  print(measure("resize area -> 224x224", [&] { k::resize_area(cv_of(src), v_of(small)); },
                [&] { k::scalar::resize_area(cv_of(src), v_of(small)); },
                [&] { cv::resize(src, ref_small, s224, 0, 0, cv::INTER_AREA); }));
  {
    // Upscale: the 224x224 result back to the photo's size (non-integer ratios).
    const cv::Mat thumb = small.clone();
    print(measure("resize bilinear 224x224 -> photo size", [&] { k::resize_bilinear(cv_of(thumb), v_of(full)); },
                  [&] { k::scalar::resize_bilinear(cv_of(thumb), v_of(full)); },
                  [&] { cv::resize(thumb, ref_full, src.size(), 0, 0, cv::INTER_LINEAR); }));
  }
  {
    row r = measure("resize antialias -> 224x224 (cv AREA)", [&] { k::resize_antialias(cv_of(src), v_of(small)); },
                    [&] { k::scalar::resize_antialias(cv_of(src), v_of(small)); },
                    [&] { cv::resize(src, ref_small, s224, 0, 0, cv::INTER_AREA); });
#ifdef IMGFRAME_BENCH_HAVE_VIPS
    // vips_resize with the same triangle kernel (PIL-like antialias), single-threaded, no cache.
    vips_concurrency_set(1);
    vips_cache_set_max(0);
    r.other_name = "vips";
    if (!r.name.empty())
      r.other = time_ms([&] {
        vips::VImage in = vips::VImage::new_from_memory(src.data, src.total() * 3, src.cols, src.rows, 3, VIPS_FORMAT_UCHAR);
        vips::VImage out = in.resize(224.0 / src.cols, vips::VImage::option()
                                                         ->set("vscale", 224.0 / src.rows)
                                                         ->set("kernel", VIPS_KERNEL_LINEAR));
        std::size_t size = 0;
        void* mem = out.write_to_memory(&size);
        g_free(mem);
      });
#endif
    print(r);
  }
  {
    // The other depths and gray (the photo converted: u16 = 257 * u8, f32 = u8 as float).
    auto depth_rows = [&](auto zero, int cv_type, const char* what, double scale) {
      using T = decltype(zero);
      auto in = [](const cv::Mat& m) {
        return imgframe::image_view<const T, 3, imgframe::bgr>(m.ptr<T>(), m.cols, m.rows, static_cast<std::ptrdiff_t>(m.step));
      };
      auto out = [](cv::Mat& m) {
        return imgframe::image_view<T, 3, imgframe::bgr>(m.ptr<T>(), m.cols, m.rows, static_cast<std::ptrdiff_t>(m.step));
      };
      cv::Mat big, thumb(224, 224, cv_type), ref, up(src.size(), cv_type);
      src.convertTo(big, cv_type, scale);
      const std::string name = std::string(" ") + what;
      print(measure("resize bilinear -> 224x224" + name, [&] { k::resize_bilinear(in(big), out(thumb)); },
                    [&] { k::scalar::resize_bilinear(in(big), out(thumb)); },
                    [&] { cv::resize(big, ref, s224, 0, 0, cv::INTER_LINEAR); }));
      print(measure("resize area -> 224x224" + name, [&] { k::resize_area(in(big), out(thumb)); },
                    [&] { k::scalar::resize_area(in(big), out(thumb)); },
                    [&] { cv::resize(big, ref, s224, 0, 0, cv::INTER_AREA); }));
      const cv::Mat t = thumb.clone();
      print(measure("resize bilinear 224 -> photo" + name, [&] { k::resize_bilinear(in(t), out(up)); },
                    [&] { k::scalar::resize_bilinear(in(t), out(up)); },
                    [&] { cv::resize(t, ref, src.size(), 0, 0, cv::INTER_LINEAR); }));
    };
    depth_rows(std::uint16_t{}, CV_16UC3, "u16", 257.0);
    depth_rows(float{}, CV_32FC3, "f32", 1.0);
    cv::Mat gray, gray_small(224, 224, CV_8UC1), ref_gray;
    cv::cvtColor(src, gray, cv::COLOR_BGR2GRAY);
    using gview = imgframe::image_view<const std::uint8_t, 1, imgframe::gray>;
    using gmut = imgframe::image_view<std::uint8_t, 1, imgframe::gray>;
    const gview g(gray.ptr<std::uint8_t>(), gray.cols, gray.rows, static_cast<std::ptrdiff_t>(gray.step));
    const gmut gs(gray_small.ptr<std::uint8_t>(), 224, 224, static_cast<std::ptrdiff_t>(gray_small.step));
    print(measure("resize bilinear -> 224x224 gray", [&] { k::resize_bilinear(g, gs); },
                  [&] { k::scalar::resize_bilinear(g, gs); },
                  [&] { cv::resize(gray, ref_gray, s224, 0, 0, cv::INTER_LINEAR); }));
  }
  print(measure("box blur 5x5 (full photo)", [&] { k::box_blur(cv_of(src), v_of(full), 5, 5); },
                [&] { k::scalar::box_blur(cv_of(src), v_of(full), 5, 5); },
                [&] { cv::blur(src, ref_full, cv::Size(5, 5)); }));
  print(measure("box blur 25x25 (full photo)", [&] { k::box_blur(cv_of(src), v_of(full), 25, 25); },
                [&] { k::scalar::box_blur(cv_of(src), v_of(full), 25, 25); },
                [&] { cv::blur(src, ref_full, cv::Size(25, 25)); }));
  print(measure("box blur 15x15 (full photo)", [&] { k::box_blur(cv_of(src), v_of(full), 15, 15); },
                [&] { k::scalar::box_blur(cv_of(src), v_of(full), 15, 15); },
                [&] { cv::blur(src, ref_full, cv::Size(15, 15)); }));
  print(measure("GaussianBlur 5x5 (full photo)", [&] { k::gaussian_blur(cv_of(src), v_of(full), 5, 5, 0); },
                [&] { k::scalar::gaussian_blur(cv_of(src), v_of(full), 5, 5, 0); },
                [&] { cv::GaussianBlur(src, ref_full, cv::Size(5, 5), 0); }));
  print(measure("gaussianKernel 5, sigma 1 (filter2D)", [&] { k::gaussian_vertical(cv_of(src), v_of(full), 5, 1.0); },
                [&] { k::scalar::gaussian_vertical(cv_of(src), v_of(full), 5, 1.0); },
                [&] { cv::filter2D(src, ref_full, -1, cv::getGaussianKernel(5, 1.0, CV_64F)); }));
  print(measure("threshold binary (full photo)",
                [&] { k::threshold(cv_of(src), v_of(full), 127, 255, k::threshold_type::binary); },
                [&] { k::scalar::threshold(cv_of(src), v_of(full), 127, 255, k::threshold_type::binary); },
                [&] { cv::threshold(src, ref_full, 127, 255, cv::THRESH_BINARY); }));
  return 0;
}
