// read_throughput: images/s of read_images on a folder, per thread count, plus a determinism check
// (the same rows for every thread count) and the peak resident memory.
//
//   read_throughput [--files N] [--source jpg|png|tiny] [--threads 1,2,...] [--dir DIR] [--repeat R]
//
// Without --dir it builds DIR in /tmp with N copies of tests/data/samples/*.jpg (or *.png, or one
// 32x32 PNG for --source tiny, the 10,000-file memory and determinism run) and removes it after.
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include <imgframe/io.hpp>
#include <imgframe/io/stb_implementation.hpp>

namespace fs = std::filesystem;

namespace {
double cpu_seconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) + 1e-6 * static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec);
}

long peak_rss_kib() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_maxrss;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"images/s of read_images on a folder per thread count, whether every thread count gives the same "
               "rows, and the peak resident memory"};
  std::size_t files = 300;
  std::string source = "jpg", dir;
  std::vector<unsigned> threads{1, 2};
  int repeat = 3;
  app.add_option("--files", files, "files in the generated folder (without --dir)")->capture_default_str();
  app.add_option("--source", source, "what the generated folder copies: tests/data/samples' JPEGs or PNGs, or one "
                                     "32x32 PNG (tiny)")
      ->capture_default_str()
      ->check(CLI::IsMember({"jpg", "png", "tiny"}));
  app.add_option("--threads", threads, "thread counts to compare")
      ->delimiter(',')
      ->capture_default_str()
      ->check(CLI::Range(1u, 256u));
  app.add_option("--dir", dir, "read this folder instead of generating one")->check(CLI::ExistingDirectory);
  app.add_option("--repeat", repeat, "reads per thread count; the fastest counts")
      ->capture_default_str()
      ->check(CLI::Range(1, 1000));
  CLI11_PARSE(app, argc, argv);
  bool made = false;
  if (dir.empty()) {
    const fs::path data = IMGFRAME_TEST_DATA;
    std::vector<fs::path> sources;
    if (source == "tiny") {
      sources.push_back(data / "corpus/valid/png/pngsuite/basn2c08.png");
    } else {
      for (const auto& e : fs::directory_iterator(data / "samples"))
        if (e.path().extension() == "." + source) sources.push_back(e.path());
    }
    std::sort(sources.begin(), sources.end());
    if (sources.empty()) throw std::runtime_error("no ." + source + " files in tests/data/samples");
    std::string tmpl = (fs::temp_directory_path() / "imgframe-bench-XXXXXX").string();
    if (!::mkdtemp(tmpl.data())) throw std::runtime_error("mkdtemp failed");
    dir = tmpl;
    made = true;
    for (std::size_t i = 0; i < files; ++i) {
      char name[32];
      std::snprintf(name, sizeof name, "%06zu", i);
      fs::copy_file(sources[i % sources.size()], fs::path(dir) / (name + sources[i % sources.size()].extension().string()));
    }
  }

  std::printf("folder %s: ", dir.c_str());
  std::uint64_t reference = 0;
  bool deterministic = true;
  for (unsigned t : threads) {
    double best = 1e300, cpu = 0;
    std::uint64_t digest = 0;
    std::size_t rows = 0, bytes = 0;
    for (int r = 0; r < repeat; ++r) {
      const auto t0 = std::chrono::steady_clock::now();
      const double c0 = cpu_seconds();
      const auto ds = imgframe::read_images(dir, {.threads = t, .show_progress = imgframe::progress::never});
      std::uint64_t h = 1469598103934665603ull;
      rows = bytes = 0;
      for (const auto& row : ds.rows()) {
        for (char c : row.row.origin) h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ull;
        // Sample the pixels sparsely: the hash must not cost more than the decode.
        for (std::size_t k = 0; k < row.row.data.size(); k += 4093) h = (h ^ row.row.data[k]) * 1099511628211ull;
        h = (h ^ row.row.data.size()) * 1099511628211ull;
        ++rows;
        bytes += row.row.data.size();
      }
      const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      if (wall < best) best = wall, cpu = cpu_seconds() - c0;
      digest = h;
    }
    if (t == threads.front()) reference = digest;
    deterministic = deterministic && digest == reference;
    if (t == threads.front()) std::printf("%zu rows, %.1f MB of pixels\n", rows, static_cast<double>(bytes) / 1e6);
    std::printf("  threads %2u: %8.1f images/s  (%.3f s best of %d, %.3f s CPU: %.1f images per CPU-second)  digest %016llx\n",
                t, static_cast<double>(rows) / best, best, repeat, cpu, static_cast<double>(rows) / cpu,
                static_cast<unsigned long long>(digest));
  }
  std::printf("  same rows for every thread count: %s; peak RSS %.1f MiB\n", deterministic ? "yes" : "NO",
              static_cast<double>(peak_rss_kib()) / 1024.0);
  if (made) fs::remove_all(dir);
  return deterministic ? 0 : 1;
}
