// imgframe against its peers in one process, on the same in-memory JPEG files, in one run:
//   W1  decode to Spark BGR rows
//   W2  W1 + resize short side to 256 (bilinear) + center crop 224x224 (u8 BGR out)
//   W3  W2 + ImageNet normalize to CHW float32 RGB
//   W4  the fused normalize -> CHW kernel alone on a 1080p BGR image, against memset / memcpy of
//       its output bytes and OpenCV's blobFromImage
// Peers: OpenCV 4.6 (imdecode + resize + blobFromImage, and IMREAD_REDUCED_COLOR_k), libvips
// (thumbnail_buffer, concurrency 1), TurboJPEG (decode only; and the hand-written chains: full or
// 1/2^k DCT-scaled decode + cv::resize INTER_LINEAR + a plain C normalize loop). Pillow runs in its
// own process (pillow_peer.py) and prints the same lines.
// Every contender runs `runs` times over all files, interleaved with the others (so load drifts
// hit all alike); images/s is files / wall time of a run, with 1 or 2 threads (files split
// round-robin, one worker state per thread, warmed on its thread; see run_once); images per
// CPU-second from the process CPU clock.
// Output: one tab-separated line per contender (see print_line), read by table.py.
//   peers PHOTO_DIR [--runs N] [--threads 1,2] [--sets small,1080p] [--min-seconds S] [--rss N]
#include <sys/resource.h>
#include <time.h>

#include <algorithm>
#include <atomic>
#include <barrier>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <turbojpeg.h>

#include <CLI/CLI.hpp>
#include <opencv2/core.hpp>
#include <opencv2/dnn/dnn.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <vips/vips8>

#include <imgframe/imgframe.hpp>
#include <imgframe/io/stb_implementation.hpp>
#include <imgframe/pipeline/shrink_plan.hpp>
#include <imgframe/simd/x86/dispatch.hpp>

#include "sha256.hpp"

namespace {

namespace fs = std::filesystem;
using namespace imgframe;
using cview = image_view<const std::uint8_t, 3, bgr>;

constexpr float mean[3] = {0.485f, 0.456f, 0.406f};  // RGB, for the peers' float loops
constexpr float stdv[3] = {0.229f, 0.224f, 0.225f};
constexpr auto crop_chain = resize_short{256} | center_crop{224, 224};
// The same values as doubles, as imgframe transform's JSON and SynapseML give them (float ones differ
// in the last bits of some outputs).
constexpr auto imagenet = resize_short{256} | center_crop{224, 224} |
                          to_tensor<float, rgb, chw>{{0.485, 0.456, 0.406}, {0.229, 0.224, 0.225}, 1.0 / 255};

struct photo {
  std::string path;
  std::vector<std::uint8_t> bytes;
  int width = 0, height = 0;
  cv::Size resized;  // resize_short{256}'s target (SynapseML rounding)
  cv::Rect crop;     // center_crop{224, 224} inside it
  int dct = 1;       // largest 1/2^k (k <= 3) whose decode keeps the short side >= 256
};

// Reads a photo into f; returns why it cannot be timed ("" when it can): every contender must run
// it - TurboJPEG decodes it to BGR (not CMYK / YCCK), imgframe's typed chains take a 3-channel row
// (not gray, not a damaged file's invalid row).
std::string load(const fs::path& p, photo& f) {
  f.path = p.string();
  std::ifstream in(p, std::ios::binary);
  f.bytes.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  // A handle per file: TurboJPEG 2.1 leaves one whose header read failed unusable ("Improper call").
  const std::unique_ptr<void, int (*)(tjhandle)> tj(tjInitDecompress(), tjDestroy);
  int sub = 0, cs = 0;
  if (tjDecompressHeader3(tj.get(), f.bytes.data(), f.bytes.size(), &f.width, &f.height, &sub, &cs) != 0)
    return "not a JPEG TurboJPEG reads";
  if (cs == TJCS_CMYK || cs == TJCS_YCCK) return "CMYK";
  const decode_result r = decode(f.bytes, "file:" + f.path);
  if (!r.ok()) return std::string(failure_name(r.reason));
  if (r.row.n_channels != 3) return "gray";
  const size2d s = resize_short{256}.target(f.width, f.height);
  const roi c = center_crop{224, 224}.region(s.width, s.height);
  f.resized = cv::Size(s.width, s.height);
  f.crop = cv::Rect(c.x, c.y, c.width, c.height);
  while (f.dct < 8 && std::min((f.width + 2 * f.dct - 1) / (2 * f.dct), (f.height + 2 * f.dct - 1) / (2 * f.dct)) >= 256)
    f.dct *= 2;
  return {};
}

// ---- the hand-written pieces a performance-minded user writes -----------------------------------
struct turbo {
  tjhandle tj = tjInitDecompress();
  std::vector<std::uint8_t> buf;
  turbo() = default;
  turbo(const turbo&) = delete;
  ~turbo() { tjDestroy(tj); }
  // Decodes at 1/scale into buf (BGR); returns a Mat header over it.
  cv::Mat decode(const photo& f, int scale) {
    const int w = (f.width + scale - 1) / scale, h = (f.height + scale - 1) / scale;
    buf.resize(static_cast<std::size_t>(w) * h * 3);
    if (tjDecompress2(tj, f.bytes.data(), f.bytes.size(), buf.data(), w, 0, h, TJPF_BGR, 0) != 0 &&
        tjGetErrorCode(tj) != TJERR_WARNING)
      throw std::runtime_error(std::string("tjDecompress2: ") + tjGetErrorStr2(tj));
    return cv::Mat(h, w, CV_8UC3, buf.data());
  }
};

// ImageNet normalize of a BGR u8 ROI into CHW float RGB: out = x * a[c] + b[c].
void normalize_loop(const cv::Mat& roi, std::vector<float>& out) {
  const int w = roi.cols, h = roi.rows;
  const std::size_t plane = static_cast<std::size_t>(w) * h;
  out.resize(3 * plane);
  float a[3], b[3];
  for (int c = 0; c < 3; ++c) {
    a[c] = 1.0f / (255.0f * stdv[c]);
    b[c] = -mean[c] / stdv[c];
  }
  float* r = out.data();
  float* g = r + plane;
  float* bl = g + plane;
  for (int y = 0; y < h; ++y) {
    const std::uint8_t* s = roi.ptr<std::uint8_t>(y);
    const std::size_t o = static_cast<std::size_t>(y) * w;
    for (int x = 0; x < w; ++x) {
      r[o + x] = s[3 * x + 2] * a[0] + b[0];
      g[o + x] = s[3 * x + 1] * a[1] + b[1];
      bl[o + x] = s[3 * x + 0] * a[2] + b[2];
    }
  }
}

// OpenCV's own normalize: blobFromImage (swapRB, mean, 1/255) then 1/std per plane.
void opencv_blob(const cv::Mat& roi, cv::Mat& blob) {
  blob = cv::dnn::blobFromImage(roi, 1.0 / 255, cv::Size(), cv::Scalar(mean[0] * 255, mean[1] * 255, mean[2] * 255), true,
                                false, CV_32F);
  const int plane = roi.rows * roi.cols;
  for (int c = 0; c < 3; ++c) {
    cv::Mat p(1, plane, CV_32F, blob.ptr<float>() + static_cast<std::size_t>(c) * plane);
    p *= 1.0 / stdv[c];
  }
}

// libvips: RGB u8 HWC from a decoded / thumbnailed image.
struct vips_blob {
  VipsBlob* b;
  explicit vips_blob(const photo& f) : b(vips_blob_new(nullptr, f.bytes.data(), f.bytes.size())) {}
  ~vips_blob() { vips_area_unref(VIPS_AREA(b)); }
};
void rgb_to_chw(const std::uint8_t* hwc, int w, int h, std::vector<float>& out) {
  const std::size_t plane = static_cast<std::size_t>(w) * h;
  out.resize(3 * plane);
  for (std::size_t i = 0; i < plane; ++i)
    for (int c = 0; c < 3; ++c) out[c * plane + i] = hwc[3 * i + c] * (1.0f / (255.0f * stdv[c])) - mean[c] / stdv[c];
}

// ---- contenders ---------------------------------------------------------------------------------
using worker = std::function<void(const photo&)>;
struct contender {
  std::string workload, name, kind;  // kind: imgframe | peer | chain | bound
  std::function<worker()> make;      // one worker (with its own buffers) per thread
};

std::vector<contender> contenders() {
  std::vector<contender> c;
  auto add = [&](std::string w, std::string n, std::string k, std::function<worker()> m) {
    c.push_back({std::move(w), std::move(n), std::move(k), std::move(m)});
  };
  // W1
  add("W1", "imgframe decode", "imgframe", [] {
    return [](const photo& f) {
      decode_result r = decode(f.bytes, "file:" + f.path);
      if (!r.ok()) throw std::runtime_error(r.message);
    };
  });
  add("W1", "TurboJPEG decode", "chain", [] {
    auto t = std::make_shared<turbo>();
    return [t](const photo& f) { t->decode(f, 1); };
  });
  add("W1", "OpenCV imdecode", "peer", [] {
    return [](const photo& f) { cv::Mat m = cv::imdecode(cv::Mat(1, static_cast<int>(f.bytes.size()), CV_8U, const_cast<std::uint8_t*>(f.bytes.data())), cv::IMREAD_COLOR); };
  });
  add("W1", "libvips decode", "peer", [] {
    return [](const photo& f) {
      vips_blob b(f);
      vips::VImage im = vips::VImage::new_from_buffer(f.bytes.data(), f.bytes.size(), "",
                                                      vips::VImage::option()->set("access", VIPS_ACCESS_SEQUENTIAL));
      std::size_t n = 0;
      g_free(im.write_to_memory(&n));
    };
  });
  // W2 and W3 share the front of each chain; `tensor` adds the normalize.
  for (const bool tensor : {false, true}) {
    const std::string w = tensor ? "W3" : "W2";
    add(w, "imgframe", "imgframe", [tensor] {
      return [tensor](const photo& f) {
        decode_result r = decode(f.bytes, "file:" + f.path);
        const cview v(r.row.data.data(), r.row.width, r.row.height);
        if (tensor) {
          auto t = imagenet(v);
        } else {
          auto i = crop_chain(v);
        }
      };
    });
    add(w, "imgframe --shrink-on-load", "imgframe", [tensor] {
      decode_options o;
      o.shrink = shrink_plan(crop_chain);
      return [tensor, o](const photo& f) {
        decode_result r = decode(f.bytes, "file:" + f.path, o);
        const cview v(r.row.data.data(), r.row.width, r.row.height);
        if (tensor) {
          auto t = imagenet(v);
        } else {
          auto i = crop_chain(v);
        }
      };
    });
    add(w, "imgframe --shrink-on-load + ROI decode", "imgframe", [tensor] {
      decode_options o;  // only the source window the 224x224 crop reads is decoded (roi_plan)
      o.shrink = tensor ? roi_plan(imagenet) : roi_plan(crop_chain);
      return [tensor, o](const photo& f) {
        decode_result r = decode(f.bytes, "file:" + f.path, o);
        const cview v(r.row.data.data(), r.row.width, r.row.height);
        if (tensor) {
          auto t = shrink_run(imagenet, v, r);
        } else {
          auto i = shrink_run(crop_chain, v, r);
        }
      };
    });
    for (const int full : {1, 0}) {
      add(w, full ? "TurboJPEG 1/1 + cv::resize" + std::string(tensor ? " + C loop" : "")
                  : "TurboJPEG 1/2^k + cv::resize" + std::string(tensor ? " + C loop" : ""),
          "chain", [tensor, full] {
            auto t = std::make_shared<turbo>();
            auto st = std::make_shared<std::pair<cv::Mat, std::vector<float>>>();
            return [t, st, tensor, full](const photo& f) {
              cv::Mat src = t->decode(f, full ? 1 : f.dct);
              cv::resize(src, st->first, f.resized, 0, 0, cv::INTER_LINEAR);
              if (tensor)
                normalize_loop(st->first(f.crop), st->second);
              else
                st->first(f.crop).copyTo(cv::Mat(224, 224, CV_8UC3));
            };
          });
    }
    for (const int reduced : {0, 1}) {
      add(w, std::string(reduced ? "OpenCV IMREAD_REDUCED_k + resize" : "OpenCV imdecode + resize") + (tensor ? " + blob" : ""),
          "peer", [tensor, reduced] {
            auto st = std::make_shared<std::pair<cv::Mat, cv::Mat>>();
            return [st, tensor, reduced](const photo& f) {
              int flag = cv::IMREAD_COLOR;
              if (reduced && f.dct == 2) flag = cv::IMREAD_REDUCED_COLOR_2;
              if (reduced && f.dct == 4) flag = cv::IMREAD_REDUCED_COLOR_4;
              if (reduced && f.dct == 8) flag = cv::IMREAD_REDUCED_COLOR_8;
              cv::Mat src = cv::imdecode(cv::Mat(1, static_cast<int>(f.bytes.size()), CV_8U, const_cast<std::uint8_t*>(f.bytes.data())), flag);
              cv::resize(src, st->first, f.resized, 0, 0, cv::INTER_LINEAR);
              if (tensor)
                opencv_blob(st->first(f.crop), st->second);
              else
                st->first(f.crop).copyTo(st->second);
            };
          });
    }
    add(w, "libvips thumbnail" + std::string(tensor ? " + C loop" : ""), "peer", [tensor] {
      auto out = std::make_shared<std::vector<float>>();
      return [out, tensor](const photo& f) {
        vips_blob b(f);
        vips::VImage t = vips::VImage::thumbnail_buffer(
            b.b, f.resized.width,
            vips::VImage::option()->set("height", f.resized.height)->set("size", VIPS_SIZE_FORCE)->set("no_rotate", true));
        vips::VImage c = t.crop(f.crop.x, f.crop.y, f.crop.width, f.crop.height);
        std::size_t n = 0;
        auto* px = static_cast<std::uint8_t*>(c.write_to_memory(&n));
        if (tensor) rgb_to_chw(px, f.crop.width, f.crop.height, *out);
        g_free(px);
      };
    });
  }
  return c;
}

double cpu_seconds() {
  timespec t{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + 1e-9 * static_cast<double>(t.tv_nsec);
}

struct sample {
  double per_s, per_cpu_s;
};

// One run of a contender: each thread first warms its own worker on its own share of the files
// (its buffers, its malloc arena and their page faults: work a long job pays once), then all start
// together and go over their shares `reps` times, enough for the run to last min_seconds, so thread
// start-up and wake-up latency (milliseconds against runs of 50 ms on the small set) don't count.
sample run_once(const contender& c, const std::vector<photo>& files, int threads, double min_seconds) {
  std::vector<worker> workers;
  for (int t = 0; t < threads; ++t) workers.push_back(c.make());
  auto share = [&](int t) {
    for (std::size_t i = static_cast<std::size_t>(t); i < files.size(); i += static_cast<std::size_t>(threads))
      workers[static_cast<std::size_t>(t)](files[i]);
  };
  int reps = 1;
  double cpu0 = 0;
  std::chrono::steady_clock::time_point t0;
  const auto warm0 = std::chrono::steady_clock::now();
  std::barrier start(threads, [&]() noexcept {
    const double warm = std::chrono::duration<double>(std::chrono::steady_clock::now() - warm0).count();
    reps = std::max(1, static_cast<int>(std::ceil(min_seconds / std::max(warm, 1e-6))));
    cpu0 = cpu_seconds();
    t0 = std::chrono::steady_clock::now();
  });
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t)
    pool.emplace_back([&, t] {
      share(t);
      start.arrive_and_wait();
      for (int r = 0; r < reps; ++r) share(t);
    });
  for (auto& th : pool) th.join();
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  const double cpu = cpu_seconds() - cpu0;
  const double n = static_cast<double>(files.size()) * reps;
  return {n / wall, n / cpu};
}

void print_line(const std::string& w, const std::string& set, int threads, const std::string& name, const std::string& kind,
                std::vector<sample> s) {
  std::sort(s.begin(), s.end(), [](const sample& a, const sample& b) { return a.per_s < b.per_s; });
  std::vector<double> cpu;
  for (const auto& x : s) cpu.push_back(x.per_cpu_s);
  std::sort(cpu.begin(), cpu.end());
  std::printf("%s\t%s\t%d\t%s\t%s\t%.2f\t%.2f\t%.2f\t%.2f\n", w.c_str(), set.c_str(), threads, name.c_str(), kind.c_str(),
              s[s.size() / 2].per_s, s.front().per_s, s.back().per_s, cpu[cpu.size() / 2]);
  std::fflush(stdout);
}

std::string load_average() {
  std::ifstream f("/proc/loadavg");
  std::string one, five, fifteen;
  f >> one >> five >> fifteen;
  return one + " " + five + " " + fifteen;
}

// W4: the fused normalize -> CHW kernel on one 1080p BGR image against memory bandwidth and OpenCV.
void w4(const photo& f, int runs) {
  turbo t;
  const cv::Mat src = t.decode(f, 1).clone();
  const cview v(src.ptr<std::uint8_t>(), src.cols, src.rows, static_cast<std::ptrdiff_t>(src.step));
  const pipeline<to_tensor<float, rgb, chw>> norm(
      to_tensor<float, rgb, chw>{{mean[0], mean[1], mean[2]}, {stdv[0], stdv[1], stdv[2]}, 1.0 / 255});
  const std::size_t bytes = static_cast<std::size_t>(src.rows) * src.cols * 3 * sizeof(float);
  std::vector<std::uint8_t> a(bytes), b(bytes, 1);
  std::vector<float> loop_out;
  cv::Mat blob;
  tensor<float, rgb, chw> out;  // reused, as memset's and the C loop's output buffers are
  struct item {
    std::string name, kind;
    std::function<void()> f;
  };
  const std::vector<item> items = {
      {"imgframe to_tensor", "imgframe", [&] { norm.into(v, out); }},
      {"memset of the output bytes", "bound", [&] { std::memset(a.data(), static_cast<int>(b[0]), bytes); }},
      {"memcpy of the output bytes", "bound", [&] { std::memcpy(a.data(), b.data(), bytes); }},
      {"C loop (hand-written)", "chain", [&] { normalize_loop(src, loop_out); }},
      {"OpenCV blobFromImage", "peer", [&] { opencv_blob(src, blob); }},
  };
  std::vector<std::vector<sample>> s(items.size());
  for (const auto& it : items) it.f();
  for (int r = 0; r < runs; ++r)
    for (std::size_t i = 0; i < items.size(); ++i) {
      const int reps = 10;
      // One untimed call first: the cache then holds this contender's own lines, not the 25-75 MB of
      // dirty lines the previous one left, whose write-back the first timed calls would pay (1.5-2.4
      // ms instead of 1.2 for imgframe's first calls after blobFromImage).
      items[i].f();
      const double cpu0 = cpu_seconds();
      const auto t0 = std::chrono::steady_clock::now();
      for (int k = 0; k < reps; ++k) items[i].f();
      const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      s[i].push_back({reps / wall, reps / (cpu_seconds() - cpu0)});
    }
  for (std::size_t i = 0; i < items.size(); ++i) print_line("W4", "1080p", 1, items[i].name, items[i].kind, s[i]);
  std::printf("#\tW4 output %.1f MB per image (1920x1080x3 float32)\n", static_cast<double>(bytes) / 1e6);
}

// What the timed imgframe contenders compute, per file in the timed order: origin, then the sha256 of
// W2 (u8 H x W x C, BGR) and W3 (float C x H x W) on the full-size path, then with shrink-on-load +
// ROI decode - the sha256 column of `imgframe transform --format tsv` without / with --shrink-on-load.
void rows(const std::vector<photo>& files) {
  decode_options roi2, roi3;
  roi2.shrink = roi_plan(crop_chain);
  roi3.shrink = roi_plan(imagenet);
  auto image_hash = [](const auto& img) {
    const image_row r = to_row(img.cview(), "");
    return cli::sha256_hex(r.data);
  };
  auto tensor_hash = [](const auto& t) {
    return cli::sha256_hex({reinterpret_cast<const std::uint8_t*>(t.data()), t.size() * sizeof(float)});
  };
  for (const photo& f : files) {
    const std::string origin = "file:" + f.path;
    const decode_result full = decode(f.bytes, origin), r2 = decode(f.bytes, origin, roi2), r3 = decode(f.bytes, origin, roi3);
    const cview v(full.row.data.data(), full.row.width, full.row.height);
    std::printf("%s\t%s\t%s\t%s\t%s\n", origin.c_str(), image_hash(crop_chain(v)).c_str(), tensor_hash(imagenet(v)).c_str(),
                image_hash(shrink_run(crop_chain, cview(r2.row.data.data(), r2.row.width, r2.row.height), r2)).c_str(),
                tensor_hash(shrink_run(imagenet, cview(r3.row.data.data(), r3.row.width, r3.row.height), r3)).c_str());
  }
}

// Peak RSS of W3 streaming over n files read from disk one at a time (the set cycled).
void rss(const std::vector<photo>& files, long n) {
  for (long i = 0; i < n; ++i) {
    const photo& f = files[static_cast<std::size_t>(i) % files.size()];
    decode_result r = read_image(f.path);
    const cview v(r.row.data.data(), r.row.width, r.row.height);
    auto t = imagenet(v);
  }
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  std::printf("RSS\tW3 imgframe\t%ld files\tpeak %.1f MiB\n", n, static_cast<double>(u.ru_maxrss) / 1024.0);
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"imgframe against OpenCV, libvips and TurboJPEG chains on the same in-memory JPEG files (W1-W4); "
               "prints tab-separated lines for table.py (scripts/bench.sh runs it)"};
  fs::path dir;
  int runs = 5;
  long rss_files = 0;
  double min_seconds = 0.25;
  std::vector<int> thread_list = {1, 2};
  std::vector<std::string> sets = {"small", "1080p"}, workloads = {"W1", "W2", "W3", "W4"};
  app.add_option("photo_dir", dir, "folder holding small/ and 1080p/ (benchmarks/peers/make_photos.py)")
      ->required()
      ->check(CLI::ExistingDirectory);
  app.add_option("--runs", runs, "runs of every contender, interleaved (median, min, max printed)")
      ->capture_default_str()
      ->check(CLI::Range(1, 1000));
  app.add_option("--threads", thread_list, "thread counts for W3 (W1, W2 run on 1)")
      ->delimiter(',')
      ->capture_default_str()
      ->check(CLI::Range(1, 256));
  app.add_option("--sets", sets, "photo sets (sub-folders of photo_dir)")->delimiter(',')->capture_default_str();
  app.add_option("--workloads", workloads, "workloads to run")
      ->delimiter(',')
      ->capture_default_str()
      ->check(CLI::IsMember({"W1", "W2", "W3", "W4"}));
  app.add_option("--min-seconds", min_seconds, "shortest timed run: the files are gone over as often as it takes")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 60.0));
  app.add_option("--rss", rss_files, "instead: peak RSS of W3 streaming over this many files of the small set")
      ->check(CLI::PositiveNumber);
  bool print_rows = false;
  app.add_flag("--rows", print_rows,
               "instead: each file of the sets (in the timed order) with the sha256 of imgframe's W2 and W3 outputs, "
               "full-size and with shrink-on-load + ROI decode (origin, W2, W3, W2 ROI, W3 ROI)");
  CLI11_PARSE(app, argc, argv);
  if (VIPS_INIT(argv[0])) return 1;
  vips_concurrency_set(1);
  vips_cache_set_max(0);
  cv::setNumThreads(1);

  auto load_set = [&](const std::string& name) {
    std::vector<photo> files;
    std::vector<fs::path> paths;
    for (const auto& e : fs::directory_iterator(dir / name))
      if (e.path().extension() == ".jpg") paths.push_back(e.path());
    std::sort(paths.begin(), paths.end());
    std::map<std::string, int> skipped;
    for (const auto& p : paths) {
      photo f;
      if (const std::string why = load(p, f); why.empty()) files.push_back(std::move(f));
      else ++skipped[why];
    }
    if (!skipped.empty()) {
      std::string list;
      for (const auto& [why, n] : skipped) list += (list.empty() ? "" : ", ") + std::to_string(n) + " " + why;
      std::printf("#\t%s: %zu of %zu files left out (%s): every contender must run each file\n", name.c_str(),
                  paths.size() - files.size(), paths.size(), list.c_str());
    }
    return files;
  };
  if (rss_files > 0) {
    rss(load_set("small"), rss_files);
    return 0;
  }
  if (print_rows) {
    for (const std::string& set : sets) rows(load_set(set));
    return 0;
  }
  std::printf("#\tload average %s; imgframe dispatch %s, xsimd arch %s; OpenCV %s 1 thread; libvips %s concurrency 1; "
              "%d runs\n",
              load_average().c_str(), simd::x86::name(simd::x86::active()), simd::default_arch::name(), CV_VERSION,
              vips_version_string(), runs);
  const std::vector<contender> all = contenders();
  for (const std::string& set : sets) {
    const std::vector<photo> files = load_set(set);
    if (files.empty()) continue;
    for (const std::string& w : workloads)
      for (const int threads : thread_list) {
        if (threads != 1 && w != "W3") continue;  // threads only for W3
        std::vector<const contender*> cs;
        for (const auto& c : all)
          if (c.workload == w) cs.push_back(&c);
        std::vector<std::vector<sample>> s(cs.size());
        for (int r = 0; r < runs; ++r)
          for (std::size_t i = 0; i < cs.size(); ++i) s[i].push_back(run_once(*cs[i], files, threads, min_seconds));
        for (std::size_t i = 0; i < cs.size(); ++i) print_line(w, set, threads, cs[i]->name, cs[i]->kind, s[i]);
      }
    if (set == "1080p" && std::find(workloads.begin(), workloads.end(), "W4") != workloads.end()) w4(files.front(), runs);
  }
  std::printf("#\tload average after %s\n", load_average().c_str());
  return 0;
}
