// Pixel bytes against an independent decoder (OpenCV 4.6: libpng, its own BMP reader, and the
// system libjpeg-turbo), mapped to Spark's layout; and the Spark rule table on real corpus files.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <span>
#include <string>
#include <thread>
#include <vector>

#include <opencv2/imgproc.hpp>

#include "catch_compat.hpp"
#include "io_test_support.hpp"

using namespace imgframe;
using io_test::corpus;
using io_test::sample;
using io_test::sha256_hex;
namespace fs = std::filesystem;

namespace {

std::vector<std::string> files_under(const std::string& dir, const std::string& ext) {
  std::vector<std::string> out;
  for (const auto& e : fs::recursive_directory_iterator(dir))
    if (e.is_regular_file() && e.path().extension() == ext) out.push_back(e.path().string());
  std::sort(out.begin(), out.end());
  return out;
}

int max_abs_diff(std::span<const std::uint8_t> a, std::span<const std::uint8_t> b) {
  int m = a.size() == b.size() ? 0 : 256;
  for (std::size_t i = 0; i < std::min(a.size(), b.size()); ++i) m = std::max(m, std::abs(int{a[i]} - int{b[i]}));
  return m;
}

std::vector<std::uint8_t> bgr_from_mat(const cv::Mat& m) {  // 1 -> 3 channels, 4 -> drop alpha
  cv::Mat out = m;
  if (m.channels() == 1) cv::cvtColor(m, out, cv::COLOR_GRAY2BGR);
  if (m.channels() == 4) cv::cvtColor(m, out, cv::COLOR_BGRA2BGR);
  return io_test::mat_bytes(out);
}

void check_invalid_row(const decode_result& r, failure f, const std::string& message) {
  CHECK(r.reason == f);
  CHECK(r.message == message);
  CHECK(r.row.is_invalid());
}

}  // namespace

TEST_CASE("PNG rows equal libpng's pixels under the Spark mapping, byte for byte", "[io][pixels][png]") {
  std::vector<std::string> files = files_under(io_test::data_dir() + "/samples", ".png");
  for (const auto& dir : {"valid/png", "edge/png16", "invalid/png/libpng_badpal", "edge/exif_orientation"})
    for (auto& f : files_under(corpus(dir), ".png")) files.push_back(f);
  int compared = 0;
  for (const auto& path : files) {
    INFO(path);
    const auto [expected, channels] = io_test::spark_from_opencv_png(path);
    REQUIRE(channels > 0);
    const auto r = read_image(path);
    REQUIRE(r.ok());
    CHECK(r.row.n_channels == channels);
    CHECK(r.row.data == expected);
    ++compared;
  }
  CHECK(compared >= 100);
}

TEST_CASE("BMP rows equal OpenCV's pixels; n-bit fields are rounded as the JDK does", "[io][pixels][bmp]") {
  std::vector<std::string> files = files_under(corpus("valid/bmp"), ".bmp");
  for (const char* f : {"edge/bmp_questionable/rgb32fakealpha.bmp", "edge/bmp_questionable/rgba32.bmp",
                        "edge/bmp_questionable/pal8offs.bmp", "edge/unsupported/pal4rle.bmp",
                        "edge/unsupported/pal8rle.bmp", "edge/unsupported/rgb24png.bmp"})
    files.push_back(corpus(f));
  for (const auto& path : files) {
    INFO(path);
    const std::string name = fs::path(path).filename().string();
    // OpenCV 4.6 misreads two valid bmpsuite files (pal8os2: read as gray; rgb32bf: masks ignored)
    // and cannot read BI_PNG; every bmpsuite file shows the same picture, so compare those with
    // pal8.bmp / rgb24.bmp.
    std::string ref_path = path;
    if (name == "pal8os2.bmp") ref_path = corpus("valid/bmp/bmpsuite_g/pal8.bmp");
    if (name == "rgb32bf.bmp" || name == "rgb24png.bmp") ref_path = corpus("valid/bmp/bmpsuite_g/rgb24.bmp");
    cv::Mat m = cv::imread(ref_path, cv::IMREAD_UNCHANGED);
    REQUIRE(!m.empty());
    const auto r = read_image(path);
    REQUIRE(r.ok());
    if (name == "rgba32.bmp") {  // BITFIELDS with an alpha mask: BGRA
      REQUIRE(r.row.n_channels == 4);
      CHECK(r.row.data == io_test::mat_bytes(m));
      continue;
    }
    REQUIRE(r.row.n_channels == 3);  // palette, 16/24-bit, 32-bit BI_RGB (4th byte ignored)
    auto expected = bgr_from_mat(m);
    if (name.rfind("rgb16", 0) == 0) {
      // OpenCV shifts n-bit fields left (v << (8 - n)); the JDK gives round(v * 255 / (2^n - 1)).
      const bool is565 = name.find("565") != std::string::npos;
      for (std::size_t i = 0; i < expected.size(); ++i) {
        const int bits = (is565 && i % 3 == 1) ? 6 : 5;
        const unsigned v = expected[i] >> (8 - bits), top = (1u << bits) - 1;
        expected[i] = static_cast<std::uint8_t>((v * 255 + top / 2) / top);
      }
    }
    CHECK(r.row.data == expected);
  }
}

TEST_CASE("JPEG rows against OpenCV's libjpeg-turbo decode", "[io][pixels][jpeg]") {
  std::vector<std::string> files = files_under(io_test::data_dir() + "/samples", ".jpg");
  for (const auto& dir : {"valid/jpeg", "edge/progressive", "edge/exif_orientation"})
    for (auto& f : files_under(corpus(dir), ".jpg")) files.push_back(f);
  files.push_back(corpus("edge/unsupported/testimgari.jpg"));
  const bool turbo = jpeg_backend_name() == "libjpeg-turbo";
  for (const auto& path : files) {
    INFO(path << " decoded by " << jpeg_backend_name());
    cv::Mat m = cv::imread(path, cv::IMREAD_UNCHANGED);
    REQUIRE(!m.empty());
    // faithful: the stored samples, as OpenCV gives them (compat::spark converts the few with a
    // non-sRGB ICC profile to sRGB as the JDK does: test_decode_formats.cpp).
    decode_options stored;
    stored.quirks = compat::faithful;
    const auto r = read_image(path, stored);
    if (!turbo && path.find("testimgari") != std::string::npos) {
      CHECK(r.reason == failure::unsupported_format);
      CHECK(r.message == "arithmetic-coded JPEG needs libjpeg-turbo (build with IMGFRAME_WITH_TURBOJPEG)");
      continue;
    }
    REQUIRE(r.ok());
    CHECK(r.row.n_channels == m.channels());
    if (turbo) {
      CHECK(r.row.data == io_test::mat_bytes(m));  // libjpeg-turbo defaults: the JDK's, so Spark's, pixels
    } else {
      CHECK(max_abs_diff(r.row.data, io_test::mat_bytes(m)) <= 8);  // stb's IDCT/upsampling
    }
  }
  // stb's own JPEG decoder on request: same size, pixels within a few levels (measured max 7).
  decode_options stb;
  stb.jpeg = jpeg_decoder::stb;
  const auto r = read_image(sample("rocket.jpg"), stb);
  REQUIRE(r.ok());
  const cv::Mat m = cv::imread(sample("rocket.jpg"), cv::IMREAD_UNCHANGED);
  CHECK(r.row.height == m.rows);
  CHECK(r.row.width == m.cols);
  const int diff = max_abs_diff(r.row.data, io_test::mat_bytes(m));
  CHECK(diff > 0);
  CHECK(diff <= 8);
}

TEST_CASE("a gray JPEG is one channel of raw samples", "[io][pixels][jpeg]") {
  const cv::Mat gray = cv::imread(corpus("valid/png/camera.png"), cv::IMREAD_UNCHANGED);
  REQUIRE(gray.channels() == 1);
  std::vector<std::uint8_t> jpg;
  REQUIRE(cv::imencode(".jpg", gray, jpg));
  const auto r = decode(jpg, "file:/mem/camera.jpg");
  REQUIRE(r.ok());
  CHECK(r.row.mode == 0);
  CHECK(r.row.n_channels == 1);
  const cv::Mat ref = cv::imdecode(jpg, cv::IMREAD_UNCHANGED);
  if (jpeg_backend_name() == "libjpeg-turbo") CHECK(r.row.data == io_test::mat_bytes(ref));
  else CHECK(max_abs_diff(r.row.data, io_test::mat_bytes(ref)) <= 8);
}

TEST_CASE("CMYK JPEG: decoded as JDK 17 does with libjpeg-turbo, an invalid row with stb", "[io][jpeg]") {
  decode_options o;
  o.jpeg = jpeg_decoder::stb;
  const auto stb = read_image(corpus("edge/cmyk/pil_sample_cmyk.jpg"), o);
  CHECK(stb.reason == failure::unsupported_format);
  CHECK(stb.message == "CMYK JPEG needs libjpeg-turbo (build with IMGFRAME_WITH_TURBOJPEG; stb_image has no CMYK)");
  CHECK(stb.row.is_invalid());
  const auto r = read_image(corpus("edge/cmyk/pil_sample_cmyk.jpg"));
  if (jpeg_backend_name() != "libjpeg-turbo") {
    CHECK(r.reason == failure::unsupported_format);
    return;
  }
  // Exact bytes: tests/runtime/io/test_decode_formats.cpp; here, the colours of the same picture in RGB.
  REQUIRE(r.ok());
  CHECK(r.row.n_channels == 3);
  const auto rgb = read_image(corpus("edge/cmyk/pil_sample_rgb.jpg"));
  REQUIRE(rgb.ok());
  CHECK(max_abs_diff(r.row.data, rgb.row.data) < 128);
}

// ---- the Spark rule table (io/decode.hpp) on real PngSuite files --------------------------------

TEST_CASE("16-bit gray PNG keeps the low byte (Spark); faithful rounds", "[io][rules]") {
  const std::string path = corpus("edge/png16/basn0g16.png");
  const cv::Mat m16 = cv::imread(path, cv::IMREAD_UNCHANGED);
  REQUIRE(m16.depth() == CV_16U);
  const auto spark = read_image(path);
  REQUIRE(spark.ok());
  REQUIRE(spark.row.n_channels == 1);
  decode_options f;
  f.quirks = compat::faithful;
  const auto faithful = read_image(path, f);
  REQUIRE(faithful.ok());
  REQUIRE(faithful.row.n_channels == 1);
  const auto* v = m16.ptr<std::uint16_t>();
  bool wraps = false;
  for (std::size_t i = 0; i < m16.total(); ++i) {
    CHECK(spark.row.data[i] == (v[i] & 0xFF));
    CHECK(faithful.row.data[i] == (v[i] + 128u) / 257u);
    wraps = wraps || (v[i] > 255 && (v[i] & 0xFF) < 0x80);
  }
  CHECK(wraps);  // the file really exercises the wrap-around
}

TEST_CASE("16-bit RGB(A) PNG rounds to 8 bits", "[io][rules]") {
  for (const char* file : {"edge/png16/basn2c16.png", "edge/png16/basn6a16.png"}) {
    const std::string path = corpus(file);
    INFO(path);
    const cv::Mat m16 = cv::imread(path, cv::IMREAD_UNCHANGED);
    const auto r = read_image(path);
    REQUIRE(r.ok());
    REQUIRE(r.row.n_channels == m16.channels());
    const auto* v = m16.ptr<std::uint16_t>();
    for (std::size_t i = 0; i < r.row.data.size(); ++i) CHECK(r.row.data[i] == (v[i] + 128u) / 257u);
  }
}

TEST_CASE("gray+alpha PNG drops the alpha (Spark); faithful keeps BGRA", "[io][rules]") {
  const std::string path = corpus("valid/png/pngsuite/basn4a08.png");
  const cv::Mat bgra = cv::imread(path, cv::IMREAD_UNCHANGED);  // libpng: gray replicated + alpha
  REQUIRE(bgra.channels() == 4);
  const auto spark = read_image(path);
  REQUIRE(spark.ok());
  CHECK(spark.row.mode == 0);
  CHECK(spark.row.n_channels == 1);
  cv::Mat gray;
  cv::extractChannel(bgra, gray, 0);
  CHECK(spark.row.data == io_test::mat_bytes(gray));
  decode_options f;
  f.quirks = compat::faithful;
  const auto faithful = read_image(path, f);
  REQUIRE(faithful.ok());
  CHECK(faithful.row.mode == 24);
  CHECK(faithful.row.data == io_test::mat_bytes(bgra));
}

TEST_CASE("sub-8-bit gray PNG becomes 3 equal channels (Spark), 1 with tRNS or faithful", "[io][rules]") {
  for (const char* file : {"valid/png/pngsuite/basn0g01.png", "valid/png/pngsuite/basn0g02.png",
                           "valid/png/pngsuite/basn0g04.png"}) {
    const std::string path = corpus(file);
    INFO(path);
    const cv::Mat g = cv::imread(path, cv::IMREAD_UNCHANGED);  // libpng expands to 8 bits: v*255/(2^b-1)
    REQUIRE(g.channels() == 1);
    const auto spark = read_image(path);
    REQUIRE(spark.ok());
    CHECK(spark.row.mode == 16);
    REQUIRE(spark.row.n_channels == 3);
    for (std::size_t i = 0; i < g.total(); ++i) {
      CHECK(spark.row.data[3 * i] == g.data[i]);
      CHECK(spark.row.data[3 * i + 1] == g.data[i]);
      CHECK(spark.row.data[3 * i + 2] == g.data[i]);
    }
    decode_options f;
    f.quirks = compat::faithful;
    const auto faithful = read_image(path, f);
    CHECK(faithful.row.n_channels == 1);
    CHECK(faithful.row.data == io_test::mat_bytes(g));
  }
  // basn0g01 is a 1-bit ramp: only 0 and 255.
  const auto r = read_image(corpus("valid/png/pngsuite/basn0g01.png"));
  CHECK(std::all_of(r.row.data.begin(), r.row.data.end(), [](std::uint8_t v) { return v == 0 || v == 255; }));
  // 4-bit gray with tRNS: 1 channel, alpha dropped (Spark); faithful keeps it as BGRA.
  const auto t = read_image(corpus("valid/png/pngsuite/tbbn0g04.png"));
  REQUIRE(t.ok());
  CHECK(t.row.n_channels == 1);
  decode_options f;
  f.quirks = compat::faithful;
  const auto tf = read_image(corpus("valid/png/pngsuite/tbbn0g04.png"), f);
  CHECK(tf.row.n_channels == 4);
}

TEST_CASE("palette and tRNS: 3 channels, 4 with transparency", "[io][rules]") {
  CHECK(read_image(corpus("valid/png/pngsuite/basn3p08.png")).row.n_channels == 3);
  CHECK(read_image(corpus("valid/png/pngsuite/tbbn3p08.png")).row.n_channels == 4);  // palette + tRNS
  const auto rgb_trns = read_image(corpus("valid/png/pngsuite/tbrn2c08.png"));      // RGB + tRNS colour
  REQUIRE(rgb_trns.row.n_channels == 4);
  bool some_transparent = false, some_opaque = false;
  for (std::size_t i = 3; i < rgb_trns.row.data.size(); i += 4) {
    some_transparent |= rgb_trns.row.data[i] == 0;
    some_opaque |= rgb_trns.row.data[i] == 255;
  }
  CHECK(some_transparent);
  CHECK(some_opaque);
  // tRNS alphas all 255 (tbbn3p08 with its tRNS bytes overwritten; stb checks no CRC): the JDK's
  // IndexColorModel is opaque, so Spark gives 3 channels - the same colours.
  auto bytes = io_test::file_bytes(corpus("valid/png/pngsuite/tbbn3p08.png"));
  const std::string text(bytes.begin(), bytes.end());
  const auto at = text.find("tRNS");
  REQUIRE(at != std::string::npos);
  const std::size_t len = std::size_t{bytes[at - 4]} << 24 | std::size_t{bytes[at - 3]} << 16 |
                          std::size_t{bytes[at - 2]} << 8 | bytes[at - 1];
  for (std::size_t i = 0; i < len; ++i) bytes[at + 4 + i] = 0xFF;
  const auto opaque = decode(bytes, "file:/mem/opaque.png");
  REQUIRE(opaque.ok());
  CHECK(opaque.row.n_channels == 3);
  const auto with_alpha = read_image(corpus("valid/png/pngsuite/tbbn3p08.png"));
  for (std::size_t i = 0, j = 0; i < opaque.row.data.size(); i += 3, j += 4)
    CHECK(std::equal(opaque.row.data.begin() + static_cast<std::ptrdiff_t>(i),
                     opaque.row.data.begin() + static_cast<std::ptrdiff_t>(i + 3),
                     with_alpha.row.data.begin() + static_cast<std::ptrdiff_t>(j)));
  // A palette shorter than the indices used: the missing entries are black, deterministically.
  const auto a = read_image(corpus("invalid/png/libpng_badpal/small-palette-8.png"));
  const auto b = read_image(corpus("invalid/png/libpng_badpal/small-palette-8.png"));
  REQUIRE(a.ok());
  CHECK(a.row.data == b.row.data);
}

TEST_CASE("GIF: first frame at its own size, alpha only with a transparent index", "[io][rules][gif]") {
  const auto opaque = read_image(corpus("valid/gif/hopper.gif"));
  REQUIRE(opaque.ok());
  CHECK(opaque.row.mode == 16);
  const auto transparent = read_image(corpus("valid/gif/transparent.gif"));
  REQUIRE(transparent.ok());
  CHECK(transparent.row.mode == 24);
  bool any_clear = false;
  for (std::size_t i = 3; i < transparent.row.data.size(); i += 4) {
    CHECK((transparent.row.data[i] == 0 || transparent.row.data[i] == 255));
    any_clear |= transparent.row.data[i] == 0;
  }
  CHECK(any_clear);
  // any-disposal.gif: 32x32 screen, first frame 16x16 (stb's canvas would be 32x32).
  const auto frame = read_image(corpus("edge/animated_gif/any-disposal.gif"));
  REQUIRE(frame.ok());
  CHECK(frame.row.height == 16);
  CHECK(frame.row.width == 16);
}

TEST_CASE("GIF rows equal Pillow's first frame byte for byte", "[io][pixels][gif]") {
  // OpenCV 4.6 has no GIF reader. Reference: Pillow 9.4 (Debian 12), frame 0 converted to RGBA,
  // cropped to the frame's extent, as BGR (no transparency) or BGRA; sha256 of those bytes.
  // Transparent pixels keep their palette colour with alpha 0 (what java.awt's getRGB gives).
  struct ref {
    const char* file;
    int height, width, channels;
    const char* sha256;
  };
  const ref refs[] = {
    {"edge/animated_gif/any-disposal.gif", 16, 16, 4, "7aeb0365dcf63f3597a4171cd1b0da9b1c728ee0882ff1dde38ee29a36c01daf"},
    {"edge/animated_gif/dispose_bgnd.gif", 100, 100, 3, "79005b59da37083c46402e7ca2c37173e9fb8f8255ccbc4be33fcba07e5a33c2"},
    {"edge/animated_gif/dispose_none.gif", 100, 100, 3, "79005b59da37083c46402e7ca2c37173e9fb8f8255ccbc4be33fcba07e5a33c2"},
    {"edge/animated_gif/dispose_prev.gif", 100, 100, 3, "79005b59da37083c46402e7ca2c37173e9fb8f8255ccbc4be33fcba07e5a33c2"},
    {"edge/animated_gif/interlaced.gif", 32, 32, 3, "524aaf521794668c57fb32ae067341e678bb1a20dc90b23e8525c58c9f1dc5ae"},
    {"edge/animated_gif/large-gif-anim-combine.gif", 870, 630, 4, "c8bfece566ceeebebd8173d2d989537c403ee5f0e4cfa509349d79d3bac158cf"},
    {"edge/animated_gif/mixed-disposal.gif", 16, 16, 4, "7aeb0365dcf63f3597a4171cd1b0da9b1c728ee0882ff1dde38ee29a36c01daf"},
    {"edge/animated_gif/no_time_for_that_tiny.gif", 25, 14, 3, "66fe2cfb770bf6717888485a2c513187cfb8467143663b6f1f18649952bb3682"},
    {"edge/bombs/decompression_bomb_extents.gif", 100, 100, 3, "201aaeb8f9a4c21260db8b1be66d9f2376a6f62d393170229614d8d83cc9e219"},
    {"valid/gif/alpha_gif_a.gif", 256, 256, 4, "4f9d3983c6c30615f936d90183955eac97c30b4c0bc6febbcc5cd3e6649128b3"},
    {"valid/gif/hopper.gif", 128, 128, 3, "2a5dfc30d3a651a494601a60b433d8f178ca855f6134e2e356dfa84d97138026"},
    {"valid/gif/sample_1.gif", 10, 10, 3, "dcfbea813762f211d45991443e17cee2903f067a537ae7f4d6a5bbf77f68ee5f"},
    {"valid/gif/text_mono.gif", 30, 100, 3, "a115e82a120c888f938c1a5d49c4822b39af240e164d0a2b746f51d5e4fec3ea"},
    {"valid/gif/transparent.gif", 150, 200, 4, "e04b3ce72927291c6aebbdffe0b37bc63e260eb2f55a34ff9bba6af446d3cf90"},
  };
  for (const auto& e : refs) {
    INFO(e.file);
    const auto r = read_image(corpus(e.file));
    REQUIRE(r.ok());
    CHECK(r.row.height == e.height);
    CHECK(r.row.width == e.width);
    CHECK(r.row.n_channels == e.channels);
    CHECK(sha256_hex(r.row.data) == e.sha256);
  }
}

TEST_CASE("BMP: RLE and embedded JPEG decode like ImageIO; bad RLE is rejected by compat::faithful", "[io][rules][bmp]") {
  const auto rle8 = read_image(corpus("edge/unsupported/pal8rle.bmp"));
  REQUIRE(rle8.ok());
  CHECK(rle8.row.data == read_image(corpus("valid/bmp/bmpsuite_g/pal8.bmp")).row.data);
  const auto jpg = read_image(corpus("edge/unsupported/rgb24jpeg.bmp"));
  REQUIRE(jpg.ok());
  CHECK(jpg.format == image_format::bmp);
  CHECK(jpg.row.height == 64);
  CHECK(jpg.row.width == 127);
  // Spark's JDK reader drops the pixels past a row's end and reads top-down RLE: sha256 of its rows
  // (OpenJDK 17.0.15, tools/java/SparkDecode.java; tests/data/corpus/jdk17_rows.tsv).
  const auto overflow = read_image(corpus("invalid/bmp/hopper_rle8_row_overflow.bmp"));
  REQUIRE(overflow.ok());
  CHECK(sha256_hex(overflow.row.data) == "4e8468222e3659779185304e397ccd6288001b4a4a3e9a3810433fc149e0c677");
  const auto topdown = read_image(corpus("invalid/bmp/bmpsuite_b/rletopdown.bmp"));
  REQUIRE(topdown.ok());
  CHECK(sha256_hex(topdown.row.data) == "f909980d452ebacff19a5be0ea4aa85c15d925be0666fcf6aecfc44e2b6ff9ff");
  decode_options faithful;
  faithful.quirks = compat::faithful;
  check_invalid_row(read_image(corpus("invalid/bmp/hopper_rle8_row_overflow.bmp"), faithful), failure::corrupt,
                    "corrupt BMP data (RLE run past the end of row 0; Spark reads it)");
  check_invalid_row(read_image(corpus("invalid/bmp/bmpsuite_b/rletopdown.bmp"), faithful), failure::corrupt,
                    "RLE BMP stored top-down (the format does not allow it; Spark reads it)");
}

TEST_CASE("BMP: 32-bit BI_RGB ignores the 4th byte; BITFIELDS alpha is kept", "[io][rules][bmp]") {
  CHECK(read_image(corpus("valid/bmp/bmpsuite_g/rgb32.bmp")).row.n_channels == 3);
  CHECK(read_image(corpus("edge/bmp_questionable/rgb32fakealpha.bmp")).row.n_channels == 3);
  CHECK(read_image(corpus("edge/bmp_questionable/rgba32.bmp")).row.n_channels == 4);
  // bmpsuite: a 24-bit file with an (ignored) palette between header and pixels decodes like rgb24.
  CHECK(read_image(corpus("valid/bmp/bmpsuite_g/rgb24pal.bmp")).row.data ==
        read_image(corpus("valid/bmp/bmpsuite_g/rgb24.bmp")).row.data);
}

TEST_CASE("Apple CgBI PNG: invalid row for Spark, decoded to RGBA by compat::faithful", "[io][rules][png]") {
  const auto spark = read_image(corpus("edge/cgbi/iphone_z06n2c08.png"));
  CHECK(spark.reason == failure::unsupported_format);
  CHECK(spark.message.rfind("Apple CgBI PNG", 0) == 0);
  decode_options f;
  f.quirks = compat::faithful;
  // Xcode's conversions of PngSuite files: same pixels as the originals once un-swizzled.
  const auto cgbi = read_image(corpus("edge/cgbi/iphone_z06n2c08.png"), f);
  const auto png = read_image(corpus("valid/png/pngsuite/z06n2c08.png"), f);
  REQUIRE(cgbi.ok());
  REQUIRE(cgbi.row.n_channels == 4);
  REQUIRE(png.row.n_channels == 3);
  for (std::size_t i = 0, j = 0; i < cgbi.row.data.size(); i += 4, j += 3) {
    CHECK(cgbi.row.data[i + 3] == 255);
    CHECK(cgbi.row.data[i] == png.row.data[j]);
    CHECK(cgbi.row.data[i + 1] == png.row.data[j + 1]);
    CHECK(cgbi.row.data[i + 2] == png.row.data[j + 2]);
  }
}

TEST_CASE("decoding from several threads gives the same rows (per-thread stb state and budget)", "[io][threads]") {
  std::vector<std::string> files;
  for (const char* f : {"coffee.png", "rocket.jpg", "astronaut.png", "camera.png"}) files.push_back(sample(f));
  for (const char* f : {"valid/gif/transparent.gif", "edge/png16/basn0g16.png", "valid/bmp/bmpsuite_g/rgb16.bmp",
                        "edge/bombs/reallybig.bmp", "invalid/png/pngsuite_x/xdtn0g01.png"})
    files.push_back(corpus(f));
  std::vector<decode_result> single;
  for (const auto& f : files) single.push_back(read_image(f));
  std::vector<std::vector<decode_result>> per_thread(4);
  std::vector<std::thread> threads;
  for (auto& out : per_thread)
    threads.emplace_back([&files, &out] {
      for (int round = 0; round < 3; ++round)
        for (const auto& f : files) out.push_back(read_image(f));
    });
  for (auto& t : threads) t.join();
  for (const auto& out : per_thread) {
    REQUIRE(out.size() == 3 * files.size());
    for (std::size_t i = 0; i < out.size(); ++i) {
      const auto& want = single[i % files.size()];
      INFO(files[i % files.size()]);
      CHECK(out[i].row == want.row);
      CHECK(out[i].reason == want.reason);
      CHECK(out[i].message == want.message);
    }
  }
}
