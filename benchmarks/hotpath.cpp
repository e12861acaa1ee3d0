// The hot path against the hand-written TurboJPEG chains, in one process, one thread, timed in
// thread CPU time (images per CPU-second, robust on a shared machine), median of the runs:
//   W1  decode to a Spark BGR row: imgframe::decode vs TurboJPEG tjDecompress2 (full size, BGR) into
//       a buffer it reuses (the fastest a hand-written decode gets)
//   T   to_tensor on a 224x224 BGR crop: imgframe's to_tensor (new tensor, and into a reused one)
//       vs a plain C loop at the same compile flags
//   W3  decode + resize_short 256 + center_crop 224 + ImageNet normalise to CHW float RGB:
//       imgframe (decode, then the pipeline into a reused tensor) vs TurboJPEG 1/1 + cv::resize
//       INTER_LINEAR + ROI + the C loop
//   W3s the same with shrink-on-load (decode_options::shrink = shrink_plan(chain)) vs the chain a
//       performance-minded user writes: TurboJPEG decoding at the smallest 1/2^k scale that keeps
//       the short side >= 256 (tjDecompress2 with the scaled size) + cv::resize + ROI + the C loop
//   W2r, W3r  the same with ROI decode too (roi_plan: only the source window the 224x224 crop reads is
//       decoded; shrink_run resizes it), without and with the normalise, vs that TurboJPEG 1/2^k chain
// Photos: the sample photos, re-encoded in memory by TurboJPEG at quality 90, 4:2:0, as
// "ImageNet-size" (the middle 500x375 or the whole photo if smaller) and 1920x1080 (resized up).
//   hotpath [runs]
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <functional>
#include <string>
#include <vector>

#include <turbojpeg.h>

#include <CLI/CLI.hpp>
#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <imgframe/imgframe.hpp>
#include <imgframe/io/stb_implementation.hpp>
#include <imgframe/pipeline/shrink_plan.hpp>

namespace {

using namespace imgframe;

int runs = 15;

double cpu_ms() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) * 1e3 + static_cast<double>(t.tv_nsec) * 1e-6;
}

// Median over `runs` of the CPU time of one call of f for every input (ms per input).
double median_ms(std::size_t inputs, const std::function<void(std::size_t)>& f) {
  for (std::size_t i = 0; i < inputs; ++i) f(i);  // warm-up
  std::vector<double> t;
  for (int r = 0; r < runs; ++r) {
    const double a = cpu_ms();
    for (std::size_t i = 0; i < inputs; ++i) f(i);
    t.push_back((cpu_ms() - a) / static_cast<double>(inputs));
  }
  std::nth_element(t.begin(), t.begin() + static_cast<std::ptrdiff_t>(t.size() / 2), t.end());
  return t[t.size() / 2];
}

std::string load_average() {
  std::ifstream f("/proc/loadavg");
  std::string one, five, fifteen;
  f >> one >> five >> fifteen;
  return f ? one + " " + five + " " + fifteen : "unknown";
}

std::vector<std::uint8_t> encode_jpeg(const cv::Mat& bgr) {
  tjhandle tj = tjInitCompress();
  unsigned char* out = nullptr;
  unsigned long size = 0;
  if (tjCompress2(tj, bgr.data, bgr.cols, static_cast<int>(bgr.step), bgr.rows, TJPF_BGR, &out, &size, TJSAMP_420, 90,
                  0) != 0) {
    std::fprintf(stderr, "tjCompress2: %s\n", tjGetErrorStr2(tj));
    std::exit(1);
  }
  std::vector<std::uint8_t> v(out, out + size);
  tjFree(out);
  tjDestroy(tj);
  return v;
}

constexpr float mean[3] = {0.485f, 0.456f, 0.406f};
constexpr float stdv[3] = {0.229f, 0.224f, 0.225f};
constexpr auto to_chw = to_tensor<float, rgb, chw>{{mean[0], mean[1], mean[2]}, {stdv[0], stdv[1], stdv[2]}, 1.0 / 255};
constexpr auto normalise = make_pipeline(to_chw);
constexpr auto imagenet = resize_short{256} | center_crop{224, 224} | to_chw;

// The plain C normalise loop a user writes: BGR u8 interleaved -> CHW float RGB, (v/255 - m)/s.
void c_loop(const std::uint8_t* src, std::ptrdiff_t stride, int w, int h, float* out) {
  const std::size_t plane = static_cast<std::size_t>(w) * static_cast<std::size_t>(h);
  float a[3], b[3];
  for (int c = 0; c < 3; ++c) a[c] = 1.0f / (255.0f * stdv[c]), b[c] = -mean[c] / stdv[c];
  for (int y = 0; y < h; ++y) {
    const std::uint8_t* s = src + y * stride;
    float* r = out + static_cast<std::size_t>(y) * static_cast<std::size_t>(w);
    float* g = r + plane;
    float* bl = g + plane;
    for (int x = 0; x < w; ++x) {
      r[x] = s[3 * x + 2] * a[0] + b[0];
      g[x] = s[3 * x + 1] * a[1] + b[1];
      bl[x] = s[3 * x] * a[2] + b[2];
    }
  }
}

struct photo_set {
  const char* name;
  std::vector<std::vector<std::uint8_t>> jpegs;
  std::vector<cv::Mat> crops224;  // a 224x224 BGR crop of each decoded photo
};

void run_set(const photo_set& set) {
  const std::size_t n = set.jpegs.size();
  tjhandle tj = tjInitDecompress();
  std::vector<std::uint8_t> tj_buf;

  // W1
  const double w1_mine = median_ms(n, [&](std::size_t i) {
    const decode_result r = decode(set.jpegs[i], "file:/bench.jpg");
    if (!r.ok()) std::abort();
  });
  const double w1_tj = median_ms(n, [&](std::size_t i) {
    int w, h, ss, cs;
    tjDecompressHeader3(tj, set.jpegs[i].data(), set.jpegs[i].size(), &w, &h, &ss, &cs);
    tj_buf.resize(static_cast<std::size_t>(w) * static_cast<std::size_t>(h) * 3);
    if (tjDecompress2(tj, set.jpegs[i].data(), set.jpegs[i].size(), tj_buf.data(), w, 0, h, TJPF_BGR, 0) != 0)
      std::abort();
  });
  std::printf("%-14s W1 decode           imgframe %8.3f ms  TurboJPEG %8.3f ms  ratio (imgs/CPU-s) %.3f\n", set.name,
              w1_mine, w1_tj, w1_tj / w1_mine);

  // T: to_tensor on 224x224 crops
  using view3 = image_view<const std::uint8_t, 3, bgr>;
  auto view_of_mat = [](const cv::Mat& m) { return view3(m.ptr<std::uint8_t>(), m.cols, m.rows, static_cast<std::ptrdiff_t>(m.step)); };
  const std::size_t nc = set.crops224.size();
  const double t_new = median_ms(nc, [&](std::size_t i) {
    auto t = normalise(view_of_mat(set.crops224[i]));
    if (t.size() == 0) std::abort();
  });
  std::vector<float> c_out(3 * 224 * 224);
  const double t_c = median_ms(nc, [&](std::size_t i) {
    const cv::Mat& m = set.crops224[i];
    c_loop(m.ptr<std::uint8_t>(), static_cast<std::ptrdiff_t>(m.step), m.cols, m.rows, c_out.data());
  });
  tensor<float, rgb, chw> reused;
  const double t_into = median_ms(nc, [&](std::size_t i) { normalise.into(view_of_mat(set.crops224[i]), reused); });
  std::printf("%-14s T  to_tensor 224    new %8.4f ms  into %8.4f ms  C loop %8.4f ms  C/into %.3f\n", set.name, t_new,
              t_into, t_c, t_c / t_into);

  // W3
  tensor<float, rgb, chw> out;
  const double w3_mine = median_ms(n, [&](std::size_t i) {
    const decode_result r = decode(set.jpegs[i], "file:/bench.jpg");
    const auto v = row_as<view3>(r.row);
    imagenet.into(v, out);
  });
  // The hand-written chain up to the crop: TurboJPEG at 1/1 or at the smallest 1/2^k that keeps the
  // short side >= 256, cv::resize INTER_LINEAR to short side 256, the 224x224 centre (a view).
  cv::Mat resized;
  int tj_scale = 1;  // the 1/2^k of the last scaled decode (printed)
  const auto tj_crop = [&](std::size_t i, bool scaled) {
    int w, h, ss, cs;
    tjDecompressHeader3(tj, set.jpegs[i].data(), set.jpegs[i].size(), &w, &h, &ss, &cs);
    int k = 1;
    while (scaled && k < 8 && std::min((w + 2 * k - 1) / (2 * k), (h + 2 * k - 1) / (2 * k)) >= 256) k *= 2;
    const int sw = (w + k - 1) / k, sh = (h + k - 1) / k;
    tj_buf.resize(static_cast<std::size_t>(sw) * static_cast<std::size_t>(sh) * 3);
    tjDecompress2(tj, set.jpegs[i].data(), set.jpegs[i].size(), tj_buf.data(), sw, 0, sh, TJPF_BGR, 0);
    const cv::Mat decoded(sh, sw, CV_8UC3, tj_buf.data());
    const size2d s = resize_short{256}.target(sw, sh);
    const roi c = center_crop{224, 224}.region(s.width, s.height);
    cv::resize(decoded, resized, cv::Size(s.width, s.height), 0, 0, cv::INTER_LINEAR);
    if (scaled) tj_scale = k;
    return resized(cv::Rect(c.x, c.y, c.width, c.height));
  };
  const auto tj_chain_c_loop = [&](std::size_t i, bool scaled) {
    const cv::Mat crop = tj_crop(i, scaled);
    c_loop(crop.ptr<std::uint8_t>(), static_cast<std::ptrdiff_t>(crop.step), crop.cols, crop.rows, c_out.data());
  };
  const double w3_tj = median_ms(n, [&](std::size_t i) { tj_chain_c_loop(i, false); });
  std::printf("%-14s W3 decode+ImageNet  imgframe %8.3f ms  TJ 1/1+cv+C %8.3f ms  ratio (imgs/CPU-s) %.3f\n", set.name,
              w3_mine, w3_tj, w3_tj / w3_mine);

  // W3s: shrink-on-load against the 1/2^k TurboJPEG chain
  decode_options shrink;
  shrink.shrink = shrink_plan(imagenet);
  const double w3s_mine = median_ms(n, [&](std::size_t i) {
    const decode_result r = decode(set.jpegs[i], "file:/bench.jpg", shrink);
    imagenet.into(row_as<view3>(r.row), out);
  });
  const double w3s_tj = median_ms(n, [&](std::size_t i) { tj_chain_c_loop(i, true); });
  std::printf("%-14s W3 shrink-on-load   imgframe %8.3f ms  TJ 1/%d+cv+C %8.3f ms  ratio (imgs/CPU-s) %.3f\n", set.name,
              w3s_mine, tj_scale, w3s_tj, w3s_tj / w3s_mine);

  // W2r, W3r: ROI decode of the window the crop reads, against the same TurboJPEG 1/2^k chains
  constexpr auto crop_chain = resize_short{256} | center_crop{224, 224};
  decode_options roi2, roi3;
  roi2.shrink = roi_plan(crop_chain);
  roi3.shrink = roi_plan(imagenet);
  const double w2r_mine = median_ms(n, [&](std::size_t i) {
    const decode_result r = decode(set.jpegs[i], "file:/bench.jpg", roi2);
    const auto img = shrink_run(crop_chain, row_as<view3>(r.row), r);
    if (img.width() != 224) std::abort();
  });
  cv::Mat crop_copy;
  const double w2r_tj = median_ms(n, [&](std::size_t i) { tj_crop(i, true).copyTo(crop_copy); });
  std::printf("%-14s W2 ROI decode       imgframe %8.3f ms  TJ 1/%d+cv     %8.3f ms  ratio (imgs/CPU-s) %.3f\n", set.name,
              w2r_mine, tj_scale, w2r_tj, w2r_tj / w2r_mine);
  const double w3r_mine = median_ms(n, [&](std::size_t i) {
    const decode_result r = decode(set.jpegs[i], "file:/bench.jpg", roi3);
    shrink_run(imagenet, row_as<view3>(r.row), r, out);
  });
  std::printf("%-14s W3 ROI decode       imgframe %8.3f ms  TJ 1/%d+cv+C %8.3f ms  ratio (imgs/CPU-s) %.3f\n", set.name,
              w3r_mine, tj_scale, w3s_tj, w3s_tj / w3r_mine);
  tjDestroy(tj);
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"the hot path against hand-written TurboJPEG chains: decode, to_tensor (new and into a reused "
               "tensor) vs a C loop, decode + ImageNet chain; 1 thread, thread CPU time"};
  app.add_option("runs", runs, "runs per case; the median counts")->capture_default_str()->check(CLI::Range(3, 100000));
  CLI11_PARSE(app, argc, argv);
  cv::setNumThreads(1);
  const char* names[] = {"astronaut.png", "chelsea.png", "coffee.png", "horse.png", "retina.jpg", "rocket.jpg",
                         "hubble_deep_field.jpg"};
  photo_set small{"ImageNet-size", {}, {}}, hd{"1920x1080", {}, {}};
  for (const char* name : names) {
    const cv::Mat src = cv::imread(std::string(IMGFRAME_TEST_DATA) + "/samples/" + name, cv::IMREAD_COLOR);
    if (src.empty()) return 1;
    const int w = std::min(500, src.cols), h = std::min(375, src.rows);
    const cv::Mat mid = src(cv::Rect((src.cols - w) / 2, (src.rows - h) / 2, w, h)).clone();
    cv::Mat big;
    cv::resize(src, big, cv::Size(1920, 1080), 0, 0, cv::INTER_CUBIC);
    small.jpegs.push_back(encode_jpeg(mid));
    hd.jpegs.push_back(encode_jpeg(big));
    small.crops224.push_back(mid(cv::Rect(0, 0, std::min(224, w), std::min(224, h))).clone());
    hd.crops224.push_back(big(cv::Rect(848, 428, 224, 224)).clone());
  }
  std::printf("hotpath: %d runs, median, thread CPU time, 1 thread; SIMD arch %s; JPEG via %s; load average %s\n", runs,
              simd::default_arch::name(), std::string(jpeg_backend_name()).c_str(), load_average().c_str());
  run_set(small);
  run_set(hd);
  std::printf("load average after: %s\n", load_average().c_str());
  return 0;
}
