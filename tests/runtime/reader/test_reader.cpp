// read_images end to end on real folders: rows, failures and their reasons, options, threads.
#include <sys/stat.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <thread>
#include <opencv2/imgcodecs.hpp>

#include "catch_compat.hpp"
#include "fixtures.hpp"

using namespace fixtures;
using imgframe::failure;

namespace {
imgframe::read_options opts(unsigned threads = 2) {
  imgframe::read_options o;
  o.threads = threads;
  o.show_progress = imgframe::progress::never;
  return o;
}

// root: a.png (RGB), b.png (gray), c.png (RGBA), d.jpg (photo), notes.txt, empty.jpg, pipe.png (FIFO),
// dangling.png (broken link), .hidden.png, _SUCCESS, sub/e.png, sub/.cache/f.png
void build_mixed(const fs::path& root) {
  place(png_rgb, root / "a.png");
  place(png_gray, root / "b.png");
  place(png_rgba, root / "c.png");
  place(jpg_photo, root / "d.jpg");
  write(root / "notes.txt", "these are not pixels\n");
  write(root / "empty.jpg", "");
  REQUIRE(::mkfifo((root / "pipe.png").c_str(), 0644) == 0);
  fs::create_symlink(root / "gone.png", root / "dangling.png");
  place(png_rgb, root / ".hidden.png");
  write(root / "_SUCCESS", "");
  place(png_rgb, root / "sub/e.png");
  place(png_rgb, root / "sub/.cache/f.png");
}

void require_same_pixels_as_opencv(const imgframe::image_row& row, const fs::path& file) {
  const cv::Mat m = cv::imread(file.string(), cv::IMREAD_UNCHANGED);
  REQUIRE(!m.empty());
  REQUIRE(row.height == m.rows);
  REQUIRE(row.width == m.cols);
  REQUIRE(row.n_channels == m.channels());
  REQUIRE(row.mode == m.type());
  REQUIRE(m.isContinuous());
  REQUIRE(row.data == std::vector<std::uint8_t>(m.data, m.data + m.total() * m.elemSize()));
}

struct row_digest {
  std::string origin;
  int h, w, c, mode;
  std::size_t bytes;
  std::uint64_t sum;
  failure reason;
  friend bool operator==(const row_digest&, const row_digest&) = default;
};

std::vector<row_digest> digest(const std::vector<imgframe::dataset_row>& rows) {
  std::vector<row_digest> out;
  for (const auto& r : rows) {
    std::uint64_t s = 1469598103934665603ull;  // FNV-1a over the pixels
    for (auto b : r.row.data) s = (s ^ b) * 1099511628211ull;
    out.push_back({r.row.origin, r.row.height, r.row.width, r.row.n_channels, r.row.mode, r.row.data.size(), s, r.reason});
  }
  return out;
}
}  // namespace

TEST_CASE("read_images: a mixed folder gives Spark rows, invalid rows keep their reason", "[reader]") {
  temp_dir t;
  build_mixed(t.path());
  imgframe::read_summary sum;
  const auto ds = imgframe::read_images(t.path().string(), opts());
  const auto rows = all_rows(ds, &sum);
  REQUIRE(relative_origins(rows, t.path()) ==
          std::vector<std::string>{"a.png", "b.png", "c.png", "d.jpg", "dangling.png", "empty.jpg", "notes.txt", "pipe.png"});
  require_same_pixels_as_opencv(rows[0].row, t / "a.png");
  REQUIRE(rows[0].row.mode == 16);
  require_same_pixels_as_opencv(rows[1].row, t / "b.png");
  REQUIRE(rows[1].row.mode == 0);
  require_same_pixels_as_opencv(rows[2].row, t / "c.png");
  REQUIRE(rows[2].row.mode == 24);
  REQUIRE(rows[3].ok());
  REQUIRE(rows[3].row.height == 427);
  REQUIRE(rows[3].row.width == 640);
  REQUIRE(rows[3].row.n_channels == 3);
  REQUIRE(rows[3].row.data.size() == 427u * 640u * 3u);
  for (int i = 0; i < 4; ++i) {
    REQUIRE(rows[i].error.empty());
    REQUIRE(rows[i].row.origin == "file:" + (t / rows[i].row.origin.substr(t.path().string().size() + 6)).string());
  }
  const std::pair<failure, const char*> expected[] = {
      {failure::not_found, "broken symbolic link to "},
      {failure::empty_file, "file is empty (0 bytes)"},
      {failure::unsupported_format, "not a recognised image format"},
      {failure::not_regular_file, "not a regular file (a FIFO), not opened"},
  };
  for (std::size_t k = 0; k < 4; ++k) {
    const auto& r = rows[4 + k];
    INFO(r.row.origin << ": " << r.error);
    REQUIRE(r.row.is_invalid());
    REQUIRE(r.row == imgframe::invalid_row(r.row.origin));  // (origin, -1, -1, -1, -1, empty)
    REQUIRE(r.reason == expected[k].first);
    REQUIRE(r.error.rfind(expected[k].second, 0) == 0);
  }
  REQUIRE(sum.files == 8);
  REQUIRE(sum.rows == 8);
  REQUIRE(sum.valid == 4);
  REQUIRE(sum.invalid == 4);
  REQUIRE(sum.dropped == 0);
  REQUIRE(sum.by_reason == std::map<failure, std::size_t>{{failure::not_found, 1},
                                                          {failure::empty_file, 1},
                                                          {failure::unsupported_format, 1},
                                                          {failure::not_regular_file, 1}});
}

TEST_CASE("read_images: recursive, drop_image_failures and the summary", "[reader]") {
  temp_dir t;
  build_mixed(t.path());
  auto o = opts();
  o.recursive = true;
  o.drop_image_failures = true;
  imgframe::read_summary sum;
  const auto rows = all_rows(imgframe::read_images(t.path().string(), o), &sum);
  REQUIRE(relative_origins(rows, t.path()) == std::vector<std::string>{"a.png", "b.png", "c.png", "d.jpg", "sub/e.png"});
  for (const auto& r : rows) REQUIRE(r.ok());
  REQUIRE(sum.files == 9);
  REQUIRE(sum.rows == 5);
  REQUIRE(sum.valid == 5);
  REQUIRE(sum.invalid == 4);
  REQUIRE(sum.dropped == 4);
  REQUIRE(sum.by_reason.size() == 4);
}

TEST_CASE("read_images: same rows in the same order for 1, 2 and 8 threads and any partition count", "[reader][threads]") {
  const std::string corpus = data("corpus").string();
  auto o = opts(1);
  o.recursive = true;
  o.num_partitions = 1;
  const auto reference = digest(all_rows(imgframe::read_images(corpus, o)));
  REQUIRE(reference.size() > 250);
  const auto valid = std::count_if(reference.begin(), reference.end(), [](auto& d) { return d.reason == failure::none; });
  REQUIRE(valid > 150);
  REQUIRE(valid < static_cast<long>(reference.size()));
  for (unsigned threads : {2u, 8u}) {
    for (int partitions : {-1, 1, 3, 7}) {
      o.threads = threads;
      o.num_partitions = partitions;
      const auto ds = imgframe::read_images(corpus, o);
      REQUIRE(ds.num_partitions() == (partitions == -1 ? threads : static_cast<std::size_t>(partitions)));
      std::vector<imgframe::dataset_row> concatenated;
      std::size_t files = 0;
      for (std::size_t p = 0; p < ds.num_partitions(); ++p) {
        auto part = ds.partition(p);
        for (const auto& r : part) concatenated.push_back(r);
        REQUIRE(part.summary().files == ds.partition_files(p).size());
        files += part.summary().files;
      }
      INFO("threads " << threads << " partitions " << partitions);
      REQUIRE(files == reference.size());
      REQUIRE(digest(concatenated) == reference);
    }
  }
}

TEST_CASE("read_images: a partition reads only its own files", "[reader][partitions]") {
  temp_dir t;
  for (int i = 0; i < 10; ++i) place(png_rgb, t / ("f" + std::to_string(i) + ".png"));
  auto o = opts(2);
  o.num_partitions = 3;
  const auto ds = imgframe::read_images(t.path().string(), o);
  REQUIRE(ds.partition_files(1).size() == 3);  // 10 files: [0,3) [3,6) [6,10)
  // Every file of the other partitions disappears: partition 1 does not notice.
  for (std::size_t p : {0u, 2u})
    for (const auto& f : ds.partition_files(p)) fs::remove(f.path);
  const auto rows = imgframe::collect(ds.partition(1));
  REQUIRE(relative_origins(rows, t.path()) == std::vector<std::string>{"f3.png", "f4.png", "f5.png"});
  for (const auto& r : rows) REQUIRE(r.ok());
  REQUIRE_THROWS_WITH(ds.partition(3), "partition 3 does not exist (the dataset has 3 partitions)");
}

TEST_CASE("read_images: a file deleted between listing and reading vanishes, or is skipped", "[reader][vanished]") {
  temp_dir t;
  for (const char* n : {"a.png", "b.png", "c.png"}) place(png_rgb, t / n);
  for (unsigned threads : {1u, 2u}) {
    auto o = opts(threads);
    const auto ds = imgframe::read_images(t.path().string(), o);
    o.ignore_missing_files = true;
    const auto ds_ignore = imgframe::read_images(t.path().string(), o);
    fs::rename(t / "b.png", t / "b.moved");  // the test seam: listing is done, decoding is not
    imgframe::read_summary sum;
    const auto rows = all_rows(ds, &sum);
    REQUIRE(rows.size() == 3);
    REQUIRE(rows[1].reason == failure::vanished);
    REQUIRE(rows[1].error == "vanished: listed, then gone before it was read");
    REQUIRE(rows[1].row == imgframe::invalid_row(imgframe::origin_for(t / "b.png")));
    REQUIRE(sum.by_reason.at(failure::vanished) == 1);
    const auto kept = all_rows(ds_ignore, &sum);
    REQUIRE(relative_origins(kept, t.path()) == std::vector<std::string>{"a.png", "c.png"});
    REQUIRE(sum.missing_skipped == 1);
    REQUIRE(sum.invalid == 0);
    REQUIRE(sum.files == 3);
    fs::rename(t / "b.moved", t / "b.png");
  }
}

TEST_CASE("read_images: a file without read permission", "[reader][permissions]") {
  temp_dir t;
  place(png_rgb, t / "locked.png");
  fs::permissions(t / "locked.png", fs::perms::none);
  const auto rows = all_rows(imgframe::read_images(t.path().string(), opts()));
  REQUIRE(rows.size() == 1);
  if (running_as_root()) {
    // root bypasses mode 000 (CAP_DAC_OVERRIDE), as it does in CI: the file reads normally.
    REQUIRE(rows[0].ok());
  } else {
    REQUIRE(rows[0].reason == failure::permission_denied);
    REQUIRE(rows[0].row.is_invalid());
  }
}

TEST_CASE("read_images: bad arguments throw a clear exception before any work", "[reader][errors]") {
  temp_dir t;
  place(png_rgb, t / "a.png");
  const std::string dir = t.path().string();
  auto with = [&](auto change) {
    auto o = opts();
    change(o);
    return [o, dir] { return imgframe::read_images(dir, o); };
  };
  REQUIRE_THROWS_WITH(with([](auto& o) { o.sample_ratio = 1.5; })(), "sample_ratio should be between 0 and 1 (got 1.5)");
  REQUIRE_THROWS_WITH(with([](auto& o) { o.sample_ratio = -0.1; })(), "sample_ratio should be between 0 and 1 (got -0.1)");
  REQUIRE_THROWS_AS(with([](auto& o) { o.sample_ratio = std::numeric_limits<double>::quiet_NaN(); })(),
                    std::invalid_argument);
  REQUIRE_THROWS_WITH(with([](auto& o) { o.num_partitions = 0; })(),
                      "num_partitions must be positive, or -1 for one partition per thread (got 0)");
  REQUIRE_THROWS_WITH(with([](auto& o) { o.num_partitions = -2; })(),
                      "num_partitions must be positive, or -1 for one partition per thread (got -2)");
  REQUIRE_THROWS_WITH(with([](auto& o) { o.path_glob_filter = "*.{png"; })(),
                      "invalid glob pattern \"*.{png\": unclosed '{'");
  REQUIRE_THROWS_WITH(imgframe::read_images(dir + "/missing", opts()), "path does not exist: " + dir + "/missing");
  REQUIRE_THROWS_WITH(imgframe::read_images(std::vector<std::string>{}, opts()), "read_images: no path given");
  // A bad ratio is reported even when the path is missing too: arguments first.
  auto o = opts();
  o.sample_ratio = 2;
  REQUIRE_THROWS_WITH(imgframe::read_images(dir + "/missing", o), "sample_ratio should be between 0 and 1 (got 2)");
}

TEST_CASE("read_images: defaults follow Spark's readImages", "[reader]") {
  const imgframe::read_options o;
  REQUIRE_FALSE(o.recursive);
  REQUIRE(o.num_partitions == -1);
  REQUIRE_FALSE(o.drop_image_failures);
  REQUIRE(o.sample_ratio == 1.0);
  REQUIRE(o.seed == 0);
  REQUIRE(o.sample_mode == imgframe::sampling::per_file);
  temp_dir t;
  place(png_rgb, t / "a.png");
  const auto ds = imgframe::read_images((t / "a.png").string());
  REQUIRE(ds.threads() == imgframe::thread_pool::default_threads());
  REQUIRE(ds.num_partitions() == ds.threads());
  REQUIRE(ds.size() == 1);
}

TEST_CASE("read_images: readings stream, may stop early and outlive their dataset", "[reader][streaming]") {
  temp_dir t;
  for (int i = 0; i < 40; ++i) place(png_rgb, t / ("f" + std::to_string(100 + i) + ".png"));
  auto o = opts(8);
  o.read_ahead = 3;
  {
    auto r = imgframe::read_images(t.path().string(), o).rows();  // the dataset is gone after this line
    std::size_t n = 0;
    for (const auto& row : r) {
      REQUIRE(row.ok());
      if (++n == 5) break;  // leaving with decodes in flight: the reading waits for them
    }
    REQUIRE(n == 5);
    REQUIRE(r.summary().rows == 5);
  }
  const auto ds = imgframe::read_images(t.path().string(), o);
  auto a = ds.rows();
  auto b = ds.partition(2);  // two readings at once share the pool
  auto ia = a.begin();
  auto ib = b.begin();
  std::size_t na = 0, nb = 0;
  while (ia != a.end() || ib != b.end()) {
    if (ia != a.end()) ++na, ++ia;
    if (ib != b.end()) ++nb, ++ib;
  }
  REQUIRE(na == 40);
  // Memory stays bounded by the read-ahead window, whatever the folder size.
  REQUIRE(a.peak_read_ahead() >= 1);
  REQUIRE(a.peak_read_ahead() <= 3);
  REQUIRE(b.peak_read_ahead() <= 3);
  REQUIRE(nb == ds.partition_files(2).size());
  REQUIRE(a.summary().valid == 40);
  auto defaults = imgframe::read_images(t.path().string(), opts(2)).rows();
  std::size_t n = 0;
  for (const auto& row : defaults) n += row.ok();
  REQUIRE(n == 40);
  REQUIRE(defaults.peak_read_ahead() <= 4);  // 2 per thread
  auto single = imgframe::read_images(t.path().string(), opts(1)).rows();
  for (const auto& row : single) REQUIRE(row.ok());
  REQUIRE(single.peak_read_ahead() == 0);
}

TEST_CASE("reading::on_each_row runs on the decoding thread, once per row, rows still in order", "[reader][streaming]") {
  temp_dir t;
  for (int i = 0; i < 24; ++i) place(png_rgb, t / ("f" + std::to_string(100 + i) + ".png"));
  write(t / "f200.png", "not an image");
  for (const unsigned threads : {1u, 3u}) {
    const auto ds = imgframe::read_images(t.path().string(), opts(threads));
    struct seen {
      std::thread::id thread;
      std::size_t bytes = 0;
      int calls = 0;
      bool ok = false;
    };
    std::vector<seen> by_file(ds.files().size());
    auto r = ds.rows();
    r.on_each_row([&](imgframe::dataset_row& row) noexcept {
      seen& s = by_file[row.file_index];
      s.thread = std::this_thread::get_id();
      s.bytes = row.row.data.size();
      s.ok = row.ok();
      ++s.calls;
      row.row.data.clear();  // what the stage leaves is what the reading hands out
    });
    std::vector<std::size_t> order;
    for (const auto& row : r) {
      order.push_back(row.file_index);
      const seen& s = by_file[row.file_index];
      REQUIRE(s.calls == 1);
      REQUIRE(s.ok == row.ok());
      REQUIRE(row.row.data.empty());
      if (row.ok()) REQUIRE(s.bytes == 32 * 32 * 3);  // the stage saw the decoded pixels (32x32 BGR)
      // With a pool the stage ran where the row was decoded, not on the consuming thread.
      REQUIRE((s.thread == std::this_thread::get_id()) == (threads == 1));
    }
    std::vector<std::size_t> expected(ds.files().size());
    for (std::size_t i = 0; i < expected.size(); ++i) expected[i] = i;
    REQUIRE(order == expected);
    REQUIRE(r.summary().valid == 24);
    REQUIRE(r.summary().invalid == 1);
  }
}

TEST_CASE("read_images: path_glob_filter and several inputs", "[reader][glob]") {
  temp_dir t;
  build_mixed(t.path());
  auto o = opts();
  o.recursive = true;
  o.path_glob_filter = "*.png";
  const auto ds = imgframe::read_images(t.path().string(), o);
  const auto rows = all_rows(ds);
  REQUIRE(relative_origins(rows, t.path()) ==
          std::vector<std::string>{"a.png", "b.png", "c.png", "dangling.png", "pipe.png", "sub/e.png"});
  REQUIRE(ds.name_filtered() == 3);
  const auto two = all_rows(imgframe::read_images({(t / "d.jpg").string(), (t / "*.png").string()}, opts()));
  REQUIRE(relative_origins(two, t.path()) ==
          std::vector<std::string>{"a.png", "b.png", "c.png", "d.jpg", "dangling.png", "pipe.png"});
}

TEST_CASE("read_images: symbolic link loops are reported, not fatal", "[reader][listing]") {
  temp_dir t;
  place(png_rgb, t / "a/x.png");
  fs::create_directory_symlink(t.path(), t / "a/back");
  auto o = opts();
  o.recursive = true;
  const auto ds = imgframe::read_images(t.path().string(), o);
  REQUIRE(relative_origins(all_rows(ds), t.path()) == std::vector<std::string>{"a/x.png"});
  REQUIRE(ds.listing_problems().size() == 1);
  REQUIRE(ds.listing_problems()[0].path == (t / "a/back").string());
}

TEST_CASE("read_images: decode limits travel to the decoder", "[reader][limits]") {
  temp_dir t;
  place(jpg_photo, t / "big.jpg");
  place(png_rgb, t / "small.png");
  auto o = opts();
  o.decode.limits.max_side = 100;
  const auto rows = all_rows(imgframe::read_images(t.path().string(), o));
  REQUIRE(rows[0].reason == failure::too_large);
  REQUIRE(rows[1].ok());
}
