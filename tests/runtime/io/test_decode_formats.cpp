// TIFF, WBMP, ICC/CMYK JPEG rows against what Spark's decode gives on OpenJDK 17
// (tools/java/SparkDecode.java; its outputs are committed as expected.tsv next to the files,
// so this test needs no Java), and against OpenCV where OpenCV follows the same rules. WebP and EXIF
// orientation (beyond Spark) against Pillow's rows (tests/data/formats/make_webp_exif.py) and OpenCV.
#include <openssl/evp.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <fstream>
#include <sstream>
#include <span>
#include <string>
#include <vector>

#include "catch_compat.hpp"
#include "io_test_support.hpp"

using namespace imgframe;

namespace {

std::string sha256_hex(std::span<const std::uint8_t> b) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int n = 0;
  EVP_Digest(b.data(), b.size(), md, &n, EVP_sha256(), nullptr);
  std::string hex;
  char buf[3];
  for (unsigned i = 0; i < n; ++i) {
    std::snprintf(buf, sizeof buf, "%02x", md[i]);
    hex += buf;
  }
  return hex;
}

std::string formats_dir(const std::string& sub) { return io_test::data_dir() + "/formats/" + sub + "/"; }

struct expected_row {
  std::string file;  // the name, without the folder the reference tool was given
  bool invalid = false;
  int height = 0, width = 0, channels = 0, mode = 0;
  std::string sha256;  // or the JDK's exception text
};

// tools/java/SparkDecode.java's lines: FILE \t HxWxC \t mode \t sha256, or FILE \t invalid \t reason.
std::vector<expected_row> read_expected(const std::string& dir) {
  std::ifstream in(dir + "expected.tsv");
  std::vector<expected_row> out;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> f;
    std::stringstream ss(line);
    std::string cell;
    while (std::getline(ss, cell, '\t')) f.push_back(cell);
    expected_row e;
    e.file = f.at(0).substr(f.at(0).rfind('/') + 1);
    if (f.at(1) == "invalid") {
      e.invalid = true;
      e.sha256 = f.size() > 2 ? f[2] : "";
    } else {
      REQUIRE(std::sscanf(f.at(1).c_str(), "%dx%dx%d", &e.height, &e.width, &e.channels) == 3);
      e.mode = std::stoi(f.at(2));
      e.sha256 = f.at(3);
    }
    out.push_back(e);
  }
  return out;
}

// Every file of `dir`'s expected.tsv decodes to the row there (the JDK's, or Pillow's for the
// formats Spark lacks), byte for byte.
void check_against_expected(const std::string& dir, const decode_options& o = {}) {
  const auto expected = read_expected(dir);
  REQUIRE(expected.size() >= 5);
  for (const auto& e : expected) {
    const auto r = read_image(dir + e.file, o);
    INFO(e.file << ": " << failure_name(r.reason) << " " << r.message);
    if (e.invalid) {
      CHECK(r.row.is_invalid());
      CHECK(!r.message.empty());
      continue;
    }
    REQUIRE(r.ok());
    CHECK(r.row.height == e.height);
    CHECK(r.row.width == e.width);
    CHECK(r.row.n_channels == e.channels);
    CHECK(r.row.mode == e.mode);
    CHECK(sha256_hex(r.row.data) == e.sha256);
  }
}

}  // namespace

TEST_CASE("TIFF rows equal JDK 17's ImageIO rows, byte for byte", "[io][tiff]") {
  if (!can_decode(image_format::tiff)) {
    WARN("built without IMGFRAME_WITH_TIFF: TIFF not tested");
    return;
  }
  check_against_expected(formats_dir("tiff"));
}

TEST_CASE("TIFF: 8-bit files equal OpenCV's decode where OpenCV follows the same rules", "[io][tiff]") {
  if (!can_decode(image_format::tiff)) return;
  for (const char* f : {"rgb8_none.tif", "rgb8_lzw.tif", "rgb8_lzw_pred2.tif", "rgb8_deflate.tif", "rgb8_packbits.tif",
                        "rgb8_tiled_lzw.tif", "rgb8_bigendian_deflate.tif", "rgb8_planar.tif", "gray8_none.tif",
                        "gray8_tiled_lzw.tif", "multipage_rgb_gray.tif"}) {
    // (Not RGBA: OpenCV reads it through libtiff's RGBA interface, which premultiplies the colour.)
    const std::string path = formats_dir("tiff") + f;
    INFO(f);
    const auto r = read_image(path);
    REQUIRE(r.ok());
    const cv::Mat m = cv::imread(path, cv::IMREAD_UNCHANGED);
    REQUIRE(!m.empty());
    CHECK(m.channels() == r.row.n_channels);
    CHECK(io_test::mat_bytes(m) == r.row.data);
  }
}

TEST_CASE("TIFF: what the JDK refuses is an invalid row under compat::spark, decoded under faithful", "[io][tiff]") {
  if (!can_decode(image_format::tiff)) return;
  const std::string path = formats_dir("tiff") + "rgb16_lzw_pred2.tif";
  const auto spark = read_image(path);
  CHECK(spark.reason == failure::unsupported_format);
  CHECK(spark.message.find("horizontal predictor") != std::string::npos);
  decode_options faithful;
  faithful.quirks = compat::faithful;
  const auto f = read_image(path, faithful);
  REQUIRE(f.ok());
  // The same pixels as the file without the predictor.
  CHECK(f.row.data == read_image(formats_dir("tiff") + "rgb16_none.tif").row.data);
}

TEST_CASE("TIFF: faithful keeps 16-bit gray scaled and gray alpha", "[io][tiff]") {
  if (!can_decode(image_format::tiff)) return;
  decode_options faithful;
  faithful.quirks = compat::faithful;
  const auto g16 = read_image(formats_dir("tiff") + "gray16_none.tif", faithful);
  REQUIRE(g16.ok());
  const cv::Mat m = cv::imread(formats_dir("tiff") + "gray16_none.tif", cv::IMREAD_UNCHANGED);
  REQUIRE(m.depth() == CV_16U);
  for (int i = 0; i < 50; ++i) {
    const unsigned v = m.at<std::uint16_t>(i / 61, i % 61);
    CHECK(g16.row.data[static_cast<std::size_t>(i)] == (v * 255 + 32767) / 65535);
  }
  const auto ga = read_image(formats_dir("tiff") + "graya8.tif", faithful);
  REQUIRE(ga.ok());
  CHECK(ga.row.n_channels == 4);
}

TEST_CASE("TIFF: damaged files give a reason, never a crash", "[io][tiff]") {
  if (!can_decode(image_format::tiff)) return;
  auto bytes = io_test::file_bytes(formats_dir("tiff") + "rgb8_lzw.tif");
  for (std::size_t cut : {std::size_t{8}, std::size_t{64}, bytes.size() / 2, bytes.size() - 10}) {
    const std::vector<std::uint8_t> part(bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(cut));
    const auto r = decode(part, "file:/x.tif");
    INFO(cut << ": " << r.message);
    if (!r.ok()) CHECK(!r.message.empty());
  }
  decode_options small;
  small.limits.max_pixels = 100;
  const auto r = read_image(formats_dir("tiff") + "rgb8_lzw.tif", small);
  CHECK(r.reason == failure::too_large);
}

TEST_CASE("WBMP rows equal JDK 17's ImageIO rows: 3 channels, Spark's size limit", "[io][wbmp]") {
  check_against_expected(formats_dir("wbmp"));
  CHECK(read_image(formats_dir("wbmp") + "truncated.wbmp").reason == failure::truncated);
  const auto wide = read_image(formats_dir("wbmp") + "too_wide_for_spark_1030x20.wbmp");
  CHECK(wide.reason == failure::unsupported_format);
  CHECK(wide.message.find("under 1024 x 768") != std::string::npos);
}

TEST_CASE("WBMP: faithful gives 1 channel and reads any size; the bits are OpenCV's threshold", "[io][wbmp]") {
  decode_options faithful;
  faithful.quirks = compat::faithful;
  const auto r = read_image(formats_dir("wbmp") + "too_wide_for_spark_1030x20.wbmp", faithful);
  REQUIRE(r.ok());
  CHECK(r.row.n_channels == 1);
  CHECK(r.row.width == 1030);
  CHECK(r.row.height == 20);
  // Same picture as the 3-channel Spark row, one channel of it.
  const auto small = read_image(formats_dir("wbmp") + "camera_61x41.wbmp", faithful);
  const auto spark = read_image(formats_dir("wbmp") + "camera_61x41.wbmp");
  REQUIRE(small.ok());
  REQUIRE(spark.ok());
  for (std::size_t i = 0; i < small.row.data.size(); ++i) REQUIRE(small.row.data[i] == spark.row.data[3 * i]);
}

TEST_CASE("WBMP is recognised only by an exact length or a .wbmp name", "[io][wbmp]") {
  // 0,0 then 16 x 2: two bytes per row, four bytes of rows.
  std::vector<std::uint8_t> b = {0, 0, 16, 2, 0xFF, 0x00, 0x0F, 0xF0};
  CHECK(sniff_format(b, "file:/x/a.bin") == image_format::wbmp);
  const auto r = decode(b, "file:/x/a.bin");
  REQUIRE(r.ok());
  CHECK(r.row.data[0] == 255);
  CHECK(r.row.data[3 * 8] == 0);
  CHECK(r.row.data[3 * 16] == 0);
  CHECK(r.row.data[3 * 20] == 255);
  b.push_back(0);  // one byte too many: not WBMP by content, still WBMP by name
  CHECK(sniff_format(b, "file:/x/a.bin") == image_format::unknown);
  CHECK(sniff_format(b, "file:/x/a.WBMP") == image_format::wbmp);
  const std::vector<std::uint8_t> zeros(64, 0);  // width 0: never WBMP
  CHECK(sniff_format(zeros, "file:/x/a.wbmp") == image_format::unknown);
}

namespace {

struct difference {
  int max = 0;
  double mean = 0;
};

difference compare_bytes(std::span<const std::uint8_t> a, std::span<const std::uint8_t> b) {
  difference d;
  REQUIRE(a.size() == b.size());
  long long sum = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const int e = std::abs(int{a[i]} - int{b[i]});
    d.max = std::max(d.max, e);
    sum += e;
  }
  d.mean = a.empty() ? 0.0 : static_cast<double>(sum) / static_cast<double>(a.size());
  return d;
}

std::string jpeg_icc_path(const std::string& file) {
  if (file == "pil_sample_cmyk.jpg") return io_test::corpus("edge/cmyk/pil_sample_cmyk.jpg");
  if (file == "icc_profile_big.jpg") return io_test::corpus("edge/progressive/icc_profile_big.jpg");
  if (file == "rocket.jpg") return io_test::corpus("valid/jpeg/rocket.jpg");            // Adobe RGB (1998)
  if (file == "portrait_2.jpg") return io_test::corpus("edge/exif_orientation/portrait_2.jpg");  // Generic RGB
  if (file == "flower2.jpg") return io_test::corpus("valid/jpeg/flower2.jpg");          // sRGB IEC61966-2.1
  if (file == "cat.jpg") return io_test::corpus("edge/progressive/cat.jpg");            // sRGB, black scaled
  return formats_dir("jpeg_icc") + file;
}

}  // namespace

TEST_CASE("ICC and CMYK JPEGs against JDK 17: exact where the JDK uses no ICC transform, else close", "[io][jpeg][icc]") {
  if (std::string(jpeg_backend_name()) != "libjpeg-turbo") {
    WARN("built without IMGFRAME_WITH_TURBOJPEG: JDK JPEG pixels not tested");
    return;
  }
  // Largest difference allowed per file (measured on Debian 12's lcms2 2.14, see formats.md): the
  // JDK converts to its own sRGB profile, imgframe to lcms2's built-in one. 0 = byte for byte.
  const std::map<std::string, int> max_allowed = {
      {"srgb_plain.jpg", 0},   {"srgb_embedded.jpg", 0}, {"gray_icc.jpg", 0},  {"cmyk_noicc.jpg", 0},
      {"pil_sample_cmyk.jpg", 0}, {"adobe_rgb.jpg", 2},  {"display_p3.jpg", 2}, {"prophoto.jpg", 2},
      {"cmyk_icc.jpg", 2},     {"icc_profile_big.jpg", 6},  // a LUT profile: 6 on a few pixels, mean 0.02
      {"rocket.jpg", 2},       {"portrait_2.jpg", 2},  {"flower2.jpg", 0},    {"cat.jpg", 0}};
  const auto expected = read_expected(formats_dir("jpeg_icc"));
  REQUIRE(expected.size() == max_allowed.size());
  for (const auto& e : expected) {
    const auto r = read_image(jpeg_icc_path(e.file));
    INFO(e.file << ": " << failure_name(r.reason) << " " << r.message);
    REQUIRE(r.ok());
    CHECK(r.row.height == e.height);
    CHECK(r.row.width == e.width);
    CHECK(r.row.n_channels == e.channels);
    CHECK(r.row.mode == e.mode);
    const int allowed = max_allowed.at(e.file);
    if (allowed == 0) {
      CHECK(sha256_hex(r.row.data) == e.sha256);
    } else if (can_convert_icc()) {
      const std::string stem = e.file.substr(0, e.file.size() - 4);
      // The JDK's row as raw bytes, or as a lossless PNG where that is much smaller.
      auto jdk = io_test::file_bytes(formats_dir("jpeg_icc") + stem + ".jdk.bin");
      if (jdk.empty()) jdk = io_test::mat_bytes(cv::imread(formats_dir("jpeg_icc") + stem + ".jdk.png", cv::IMREAD_UNCHANGED));
      const difference d = compare_bytes(r.row.data, jdk);
      std::printf("jpeg icc vs JDK 17: %-22s max %d mean %.4f\n", e.file.c_str(), d.max, d.mean);
      CHECK(d.max <= allowed);
      CHECK(d.mean < 0.5);
      // compat::faithful keeps the stored samples: farther from the JDK (this is what ICC conversion buys).
      if (e.file.find("cmyk") == std::string::npos) {
        decode_options faithful;
        faithful.quirks = compat::faithful;
        const difference raw = compare_bytes(read_image(jpeg_icc_path(e.file), faithful).row.data, jdk);
        std::printf("jpeg icc vs JDK 17: %-22s stored samples: max %d mean %.4f\n", e.file.c_str(), raw.max, raw.mean);
        CHECK(raw.mean > d.mean);
      }
    }
  }
}

TEST_CASE("WebP: an extra format, rows equal Pillow's (libwebp) and OpenCV's", "[io][webp]") {
  const auto spark = read_image(formats_dir("webp") + "lossy_rgb.webp");
  CHECK(spark.reason == failure::unsupported_format);
  if (!can_decode(image_format::webp)) {
    WARN("built without IMGFRAME_WITH_WEBP: WebP not tested");
    return;
  }
  CHECK(spark.message == "WebP is not read by Spark's ImageIO; enable decode_options::extra_formats |= "
                         "extra_format::webp to decode it");
  decode_options o;
  o.extra_formats = extra_format::webp;
  check_against_expected(formats_dir("webp"), o);
  for (const char* f : {"lossy_rgb.webp", "lossless_rgb.webp", "lossy_alpha.webp", "lossless_alpha.webp"}) {
    INFO(f);
    const cv::Mat m = cv::imread(formats_dir("webp") + f, cv::IMREAD_UNCHANGED);
    const auto r = read_image(formats_dir("webp") + f, o);
    REQUIRE(r.ok());
    CHECK(io_test::mat_bytes(m) == r.row.data);
  }
  // A truncated file is an error with a reason.
  auto bytes = io_test::file_bytes(formats_dir("webp") + "lossless_rgb.webp");
  bytes.resize(bytes.size() / 2);
  const auto cut = decode(bytes, "file:/x.webp", o);
  CHECK(cut.reason == failure::corrupt);
  decode_options small = o;
  small.limits.max_pixels = 100;
  CHECK(read_image(formats_dir("webp") + "animated.webp", small).reason == failure::too_large);
}

TEST_CASE("EXIF orientation: ignored by default (Spark), applied like Pillow's exif_transpose on request", "[io][exif]") {
  decode_options oriented;
  oriented.apply_exif_orientation = true;
  check_against_expected(formats_dir("exif"), oriented);
  const auto stored = read_image(formats_dir("exif") + "orientation_1.png");
  for (int n = 1; n <= 8; ++n) {
    INFO("orientation " << n);
    CHECK(read_image(formats_dir("exif") + "orientation_" + std::to_string(n) + ".png").row.data == stored.row.data);
    // JPEG (APP1 Exif): the same transforms as OpenCV's flip/rotate/transpose of the stored pixels.
    const std::string jpg = formats_dir("exif") + "orientation_" + std::to_string(n) + ".jpg";
    const auto raw = read_image(jpg);
    const auto r = read_image(jpg, oriented);
    REQUIRE(raw.ok());
    REQUIRE(r.ok());
    cv::Mat m(raw.row.height, raw.row.width, CV_8UC3, const_cast<std::uint8_t*>(raw.row.data.data())), t;
    switch (n) {
      case 1: t = m.clone(); break;
      case 2: cv::flip(m, t, 1); break;
      case 3: cv::rotate(m, t, cv::ROTATE_180); break;
      case 4: cv::flip(m, t, 0); break;
      case 5: cv::transpose(m, t); break;
      case 6: cv::rotate(m, t, cv::ROTATE_90_CLOCKWISE); break;
      case 7: cv::transpose(m, t), cv::flip(t, t, -1); break;
      case 8: cv::rotate(m, t, cv::ROTATE_90_COUNTERCLOCKWISE); break;
    }
    CHECK(r.row.width == t.cols);
    CHECK(r.row.height == t.rows);
    CHECK(io_test::mat_bytes(t) == r.row.data);
  }
}

TEST_CASE("TIFF with an ICC profile: RGB converted per pixel as the JDK's getRGB does, CMYK's ignored", "[io][tiff][icc]") {
  if (!can_decode(image_format::tiff)) return;
  // Largest difference allowed (measured, formats.md); 0 = byte for byte: the JDK drops CMYK profiles.
  const std::map<std::string, int> max_allowed = {{"adobe_rgb8.tif", 1}, {"prophoto16.tif", 3}, {"cmyk_icc8.tif", 0}};
  const std::string dir = formats_dir("tiff_icc");
  const auto expected = read_expected(dir);
  REQUIRE(expected.size() == 3);
  for (const auto& e : expected) {
    const auto r = read_image(dir + e.file);
    INFO(e.file << ": " << failure_name(r.reason) << " " << r.message);
    REQUIRE(r.ok());
    CHECK(r.row.height == e.height);
    CHECK(r.row.width == e.width);
    CHECK(r.row.n_channels == e.channels);
    const int allowed = max_allowed.at(e.file);
    if (allowed == 0) {
      CHECK(sha256_hex(r.row.data) == e.sha256);
      continue;
    }
    if (!can_convert_icc()) continue;
    const auto jdk = io_test::file_bytes(dir + e.file.substr(0, e.file.size() - 4) + ".jdk.bin");
    const difference d = compare_bytes(r.row.data, jdk);
    std::printf("tiff icc vs JDK 17: %-16s max %d mean %.4f\n", e.file.c_str(), d.max, d.mean);
    CHECK(d.max <= allowed);
    CHECK(d.mean < 0.5);
  }
}
