// Zip archives read like SynapseML's readImages (inspectZip): entries as files, origins
// "archive.zip/entry", SynapseML's entry sampling, the file limits plus a zip-bomb limit. The archives
// are written by the test with libzip.
#include <algorithm>
#include <fstream>
#include <iterator>
#include <opencv2/imgcodecs.hpp>
#include <string>
#include <utility>
#include <vector>

#include "catch_compat.hpp"
#include "fixtures.hpp"

#if IMGFRAME_WITH_LIBZIP
#include <zip.h>
#endif

using namespace fixtures;
using imgframe::failure;

namespace {

imgframe::read_options zopts(unsigned threads = 2) {
  imgframe::read_options o;
  o.threads = threads;
  o.show_progress = imgframe::progress::never;
  return o;
}

void write_bytes(const fs::path& p, const std::string& bytes) {
  fs::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary) << bytes;
}

}  // namespace

TEST_CASE("zip: archive names and origins follow SynapseML's BinaryRecordReader and ZipIterator", "[reader][zip]") {
  using imgframe::is_zip_archive_name;
  CHECK(is_zip_archive_name("file:/d/a.zip"));
  CHECK(is_zip_archive_name("file:/d/x.tar.zip"));
  CHECK_FALSE(is_zip_archive_name("file:/d/a.ZIP"));  // FilenameUtils.getExtension is case-sensitive
  CHECK_FALSE(is_zip_archive_name("file:/d/a.zipx"));
  CHECK_FALSE(is_zip_archive_name("file:/d.zip/a"));
  CHECK_FALSE(is_zip_archive_name("file:/d/zip"));
  CHECK(imgframe::zip_entry_origin("file:/d/a b.zip", "cls/1.png") == "file:/d/a b.zip/cls/1.png");
}

TEST_CASE("zip: entry sampling reproduces SynapseML's ZipIterator (values from JDK 17)", "[reader][zip]") {
  // java.util.Random rng; rng.setSeed(origin.hashCode() ^ seed); per non-directory entry
  // keep iff rng.nextDouble() < 0.5 -- run on OpenJDK 17.0.15 for these origins and seeds.
  std::vector<imgframe::zip_entry_info> entries;
  for (const char* n : {"a.png", "dir/", "dir/b.png", "c.png", "d.png", "e.png", "f.png", "g.png", "h.png", "i.png"})
    entries.push_back({n, entries.size(), 1, 1});
  auto flags = [&](const char* origin, std::int64_t seed) {
    std::string s;
    const auto keep = imgframe::zip_entries_kept(origin, entries, seed, 0.5);
    for (std::size_t i = 0; i < entries.size(); ++i) s += entries[i].is_directory() ? '-' : (keep[i] ? '1' : '0');
    return s;
  };
  CHECK(flags("file:/data/cifar.zip", 0) == "0-00101110");
  CHECK(flags("file:/data/cifar.zip", 42) == "0-11010101");
  CHECK(flags("file:/tmp/\xC3\xBC b.zip", 0) == "0-11110101");
  CHECK(flags("file:/tmp/\xC3\xBC b.zip", 42) == "0-01100001");
  CHECK(imgframe::zip_entries_kept("file:/x.zip", entries, 7, 1.0) ==
        std::vector<bool>{true, false, true, true, true, true, true, true, true, true});
}

#if IMGFRAME_WITH_LIBZIP

namespace {

std::string file_text(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

struct zip_item {
  std::string name;   // ending in '/': a directory entry
  std::string bytes;
  bool store = false;  // no compression
};

void make_zip(const fs::path& path, const std::vector<zip_item>& items) {
  fs::create_directories(path.parent_path());
  int err = 0;
  zip_t* z = zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &err);
  REQUIRE(z != nullptr);
  for (const zip_item& it : items) {
    if (!it.name.empty() && it.name.back() == '/') {
      REQUIRE(zip_dir_add(z, it.name.c_str(), ZIP_FL_ENC_UTF_8) >= 0);
      continue;
    }
    zip_source_t* src = zip_source_buffer(z, it.bytes.data(), it.bytes.size(), 0);
    REQUIRE(src != nullptr);
    const zip_int64_t idx = zip_file_add(z, it.name.c_str(), src, ZIP_FL_ENC_UTF_8);
    REQUIRE(idx >= 0);
    if (it.store) REQUIRE(zip_set_file_compression(z, static_cast<zip_uint64_t>(idx), ZIP_CM_STORE, 0) == 0);
  }
  REQUIRE(zip_close(z) == 0);  // writes the archive; the buffers must live until here
}

void require_pixels_of(const imgframe::image_row& row, const std::string& data_rel) {
  const cv::Mat m = cv::imread(data(data_rel).string(), cv::IMREAD_UNCHANGED);
  REQUIRE(!m.empty());
  REQUIRE(row.height == m.rows);
  REQUIRE(row.width == m.cols);
  REQUIRE(row.mode == m.type());
  REQUIRE(row.data == std::vector<std::uint8_t>(m.data, m.data + m.total() * m.elemSize()));
}

std::vector<std::string> origins(const std::vector<imgframe::dataset_row>& rows) {
  std::vector<std::string> out;
  for (const auto& r : rows) out.push_back(r.row.origin);
  return out;
}

// set.zip: entries in an unsorted order, a directory entry, a name with a space, a text file, a zip.
void build_zip_folder(const fs::path& root) {
  place(png_rgb, root / "x.png");
  make_zip(root / "inner.zip", {{"i.png", file_text(data(png_rgb))}});
  make_zip(root / "set.zip", {{"b.png", file_text(data(png_rgb))},
                               {"dir/", ""},
                               {"dir/a.png", file_text(data(png_gray)), true},
                               {"c d.png", file_text(data(png_rgba))},
                               {"notes.txt", "not pixels"},
                               {"nested.zip", file_text(root / "inner.zip")}});
  fs::remove(root / "inner.zip");
}

}  // namespace

TEST_CASE("zip: entries are rows in archive order with SynapseML's origins", "[reader][zip]") {
  REQUIRE(imgframe::zip_supported());
  temp_dir t;
  build_zip_folder(t.path());
  imgframe::read_summary sum;
  const auto ds = imgframe::read_images(t.path().string(), zopts());
  const auto rows = all_rows(ds, &sum);
  const std::string zo = imgframe::origin_for(t / "set.zip");
  REQUIRE(origins(rows) == std::vector<std::string>{zo + "/b.png", zo + "/dir/a.png", zo + "/c d.png", zo + "/notes.txt",
                                                    zo + "/nested.zip", imgframe::origin_for(t / "x.png")});
  require_pixels_of(rows[0].row, png_rgb);
  require_pixels_of(rows[1].row, png_gray);  // stored (not deflated) entry
  require_pixels_of(rows[2].row, png_rgba);
  CHECK(rows[3].reason == failure::unsupported_format);
  CHECK(rows[4].reason == failure::unsupported_format);  // an archive inside an archive is not opened
  CHECK(rows[3].row == imgframe::invalid_row(zo + "/notes.txt"));
  CHECK(sum.valid == 4);
  CHECK(sum.invalid == 2);
  CHECK(ds.listed() == 6);
  CHECK(ds.files()[0].in_archive());
  CHECK(ds.files()[0].entry_name == "b.png");
  CHECK_FALSE(ds.files()[5].in_archive());

  SECTION("labels see the folders inside the archive") {
    auto o = zopts();
    o.label = imgframe::label_from::parent_dir;
    const auto labelled = all_rows(imgframe::read_images(t.path().string(), o));
    CHECK(labelled[0].label->name == "set.zip");
    CHECK(labelled[1].label->name == "dir");
  }
  SECTION("one thread, three partitions: the same rows") {
    auto o = zopts(1);
    o.num_partitions = 3;
    const auto ds3 = imgframe::read_images(t.path().string(), o);
    std::vector<imgframe::dataset_row> joined;
    for (std::size_t p = 0; p < 3; ++p) {
      const auto part = imgframe::collect(ds3.partition(p));
      CHECK(part.size() == 2);
      joined.insert(joined.end(), part.begin(), part.end());
    }
    REQUIRE(joined.size() == rows.size());
    for (std::size_t i = 0; i < rows.size(); ++i) {
      CHECK(joined[i].row == rows[i].row);
      CHECK(joined[i].reason == rows[i].reason);
    }
  }
  SECTION("inspect_zip = false: the archive is one file, which is no image") {
    auto o = zopts();
    o.inspect_zip = false;
    const auto plain = all_rows(imgframe::read_images(t.path().string(), o));
    REQUIRE(origins(plain) == std::vector<std::string>{zo, imgframe::origin_for(t / "x.png")});
    CHECK(plain[0].reason == failure::unsupported_format);
  }
  SECTION("drop_image_failures drops invalid entries like files") {
    auto o = zopts();
    o.drop_image_failures = true;
    CHECK(all_rows(imgframe::read_images((t / "set.zip").string(), o)).size() == 3);
  }
}

TEST_CASE("zip: sampling draws per entry from the archive's generator; files keep their own rule", "[reader][zip]") {
  temp_dir t;
  std::vector<zip_item> items;
  const std::string png = file_text(data(png_rgb));
  for (int i = 0; i < 40; ++i) items.push_back({"e" + std::to_string(i) + ".png", png});
  items.insert(items.begin() + 5, zip_item{"sub/", ""});
  make_zip(t / "many.zip", items);
  for (int i = 0; i < 10; ++i) place(png_rgb, t / ("f" + std::to_string(i) + ".png"));

  auto o = zopts();
  o.sample_ratio = 0.4;
  o.seed = 1234;
  const auto ds = imgframe::read_images(t.path().string(), o);
  std::vector<std::string> want;  // f*.png sort before many.zip, whose entries stay in archive order
  for (int i = 0; i < 10; ++i) {
    const std::string f = imgframe::origin_for(t / ("f" + std::to_string(i) + ".png"));
    if (imgframe::per_file_keep(f, 1234, 0.4)) want.push_back(f);
  }
  const std::string zo = imgframe::origin_for(t / "many.zip");
  std::vector<imgframe::zip_entry_info> entries;
  for (const auto& it : items) entries.push_back({it.name, entries.size(), it.bytes.size(), it.bytes.size()});
  imgframe::java::random rng(static_cast<std::int64_t>(imgframe::java::string_hash_code(zo)) ^ 1234);
  for (const auto& e : entries)
    if (!e.is_directory() && rng.next_double() < 0.4) want.push_back(zo + "/" + e.name);
  std::vector<std::string> got;
  for (const auto& f : ds.files()) got.push_back(f.origin);
  CHECK(got == want);
  CHECK(ds.listed() == 50);
  CHECK(ds.sampled_out() == 50 - want.size());
  CHECK(want.size() > 5);
  CHECK(want.size() < 45);
}

TEST_CASE("zip: limits hold for entries; a zip bomb is refused before it is inflated", "[reader][zip]") {
  temp_dir t;
  const std::string png = file_text(data(png_rgb));
  make_zip(t / "bomb.zip", {{"zeros.bmp", std::string(16u << 20, '\0')}, {"ok.png", png}});

  const auto rows = all_rows(imgframe::read_images((t / "bomb.zip").string(), zopts()));
  REQUIRE(rows.size() == 2);
  CHECK(rows[0].reason == failure::too_large);
  CHECK_THAT(rows[0].error, Catch::Matchers::Contains("zip bomb") &&
                                Catch::Matchers::Contains("max_compression_ratio = 100:1") &&
                                Catch::Matchers::Contains("16777216 bytes"));
  CHECK(rows[0].row == imgframe::invalid_row(imgframe::origin_for(t / "bomb.zip") + "/zeros.bmp"));
  CHECK(rows[1].ok());

  SECTION("without the ratio limit the entry is inflated (and is no image)") {
    auto o = zopts();
    o.zip.max_compression_ratio = 0;
    const auto r = all_rows(imgframe::read_images((t / "bomb.zip").string(), o));
    CHECK(r[0].reason == failure::unsupported_format);
  }
  SECTION("max_file_bytes applies to the uncompressed size") {
    auto o = zopts();
    o.decode.limits.max_file_bytes = png.size() - 1;
    const auto r = all_rows(imgframe::read_images((t / "bomb.zip").string(), o));
    CHECK(r[1].reason == failure::too_large);
    CHECK_THAT(r[1].error, Catch::Matchers::Contains("uncompressed, over max_file_bytes"));
  }
  SECTION("a bad ratio is an argument error") {
    auto o = zopts();
    o.zip.max_compression_ratio = -1;
    CHECK_THROWS_WITH(imgframe::read_images((t / "bomb.zip").string(), o),
                      Catch::Matchers::Contains("zip.max_compression_ratio must be >= 0"));
  }
}

TEST_CASE("zip: broken archives and entries give invalid rows with reasons", "[reader][zip]") {
  temp_dir t;
  const std::string png = file_text(data(png_rgb));
  write_bytes(t / "garbage.zip", "PK\x03\x04 this is not really a zip archive");
  make_zip(t / "whole.zip", {{"a.png", png}, {"b.png", png}});
  const std::string whole = file_text(t / "whole.zip");
  write_bytes(t / "cut.zip", whole.substr(0, whole.size() / 2));  // the central directory is gone
  // A stored entry with one pixel byte changed: the CRC no longer matches.
  make_zip(t / "crc.zip", {{"a.png", png, true}});
  std::string crc = file_text(t / "crc.zip");
  const auto at = crc.find(png.substr(100, 32));
  REQUIRE(at != std::string::npos);
  crc[at] = static_cast<char>(crc[at] ^ 0x5A);
  write_bytes(t / "crc.zip", crc);
  make_zip(t / "empty.zip", {{"nothing.png", ""}});

  const auto rows = all_rows(imgframe::read_images(t.path().string(), zopts()));
  REQUIRE(origins(rows) == std::vector<std::string>{imgframe::origin_for(t / "crc.zip") + "/a.png",
                                                    imgframe::origin_for(t / "cut.zip"),
                                                    imgframe::origin_for(t / "empty.zip") + "/nothing.png",
                                                    imgframe::origin_for(t / "garbage.zip"),
                                                    imgframe::origin_for(t / "whole.zip") + "/a.png",
                                                    imgframe::origin_for(t / "whole.zip") + "/b.png"});
  CHECK(rows[0].reason == failure::corrupt);
  CHECK_THAT(rows[0].error, Catch::Matchers::Contains("CRC"));
  CHECK(rows[1].reason == failure::unsupported_format);
  CHECK_THAT(rows[1].error, Catch::Matchers::Contains("not a readable zip archive"));
  CHECK(rows[2].reason == failure::empty_file);
  CHECK(rows[3].reason == failure::unsupported_format);
  CHECK(rows[4].ok());
  CHECK(rows[5].ok());
  for (const auto& r : rows)
    if (!r.ok()) CHECK(r.row == imgframe::invalid_row(r.row.origin));
}

#else

TEST_CASE("zip: without libzip an archive is an invalid row that says so", "[reader][zip]") {
  REQUIRE_FALSE(imgframe::zip_supported());
  temp_dir t;
  write_bytes(t / "a.zip", "PK\x05\x06" + std::string(18, '\0'));
  const auto rows = all_rows(imgframe::read_images(t.path().string(), zopts()));
  REQUIRE(rows.size() == 1);
  CHECK(rows[0].reason == failure::unsupported_format);
  CHECK_THAT(rows[0].error, Catch::Matchers::Contains("built without libzip"));
}

#endif
