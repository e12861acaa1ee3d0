// Every file of the bad-input corpus (tests/data/corpus/MANIFEST.tsv): never a crash, rows that
// are consistent, the manifest's sizes where it says "decode HxWxC" (channels after the Spark
// mapping), an invalid row with a reason where it says "reject", bombs stopped at the header.
#include <algorithm>
#include <cctype>
#include <fstream>
#include <map>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "catch_compat.hpp"
#include "io_test_support.hpp"

using namespace imgframe;
using io_test::corpus;

namespace {

bool is_extra(const std::string& format) {
  return format == "TGA" || format == "PNM" || format == "PSD" || format == "HDR";
}

// Channels stb_image reports -> channels of the Spark row (rule table in io/decode.hpp).
std::set<int> spark_channels(const std::string& format, int stb_channels) {
  switch (stb_channels) {
    case 1: return format == "PNG" ? std::set<int>{1, 3} : std::set<int>{1};  // sub-8-bit gray PNG -> 3
    case 2: return {1};                                                         // gray+alpha -> gray
    case 3: return {3};
    default: return (format == "GIF" || format == "BMP") ? std::set<int>{3, 4} : std::set<int>{4};
  }
}

void check_row_consistent(const decode_result& r, const std::string& path) {
  INFO(path << ": " << failure_name(r.reason) << " " << r.message);
  CHECK(r.row.origin == origin_for(path));
  if (r.ok()) {
    CHECK(r.message.empty());
    REQUIRE((r.row.n_channels == 1 || r.row.n_channels == 3 || r.row.n_channels == 4));
    CHECK(r.row.mode == (r.row.n_channels - 1) * 8);
    CHECK(r.row.height > 0);
    CHECK(r.row.width > 0);
    CHECK(r.row.data.size() == static_cast<std::size_t>(r.row.height) * static_cast<std::size_t>(r.row.width) *
                                   static_cast<std::size_t>(r.row.n_channels));
  } else {
    CHECK(r.row.is_invalid());
    CHECK(!r.message.empty());
  }
}

// Where imgframe knowingly differs from the manifest's "expected" column, and why.
const std::map<std::string, std::string> decodes_although_manifest_rejects = {
    {"invalid/png/pngsuite_x/xcsn0g01.png", "IDAT CRC error only: stb and the JDK do not check CRCs"},
    {"invalid/png/pngsuite_x/xhdn0g08.png", "IHDR CRC error only: stb and the JDK do not check CRCs"},
    {"invalid/jpeg/truncated_app14.jpg", "libjpeg-turbo only warns (extraneous bytes), as the JDK does"},
    {"edge/unsupported/testimgari.jpg", "arithmetic coding: libjpeg-turbo (and the JDK) decode it"},
    {"edge/unsupported/pal4rle.bmp", "RLE4: imgframe's own RLE decoder, as ImageIO reads RLE"},
    {"edge/unsupported/pal8rle.bmp", "RLE8: imgframe's own RLE decoder, as ImageIO reads RLE"},
    {"edge/unsupported/rgb24jpeg.bmp", "BI_JPEG: the embedded JPEG is decoded, as ImageIO does"},
    {"edge/unsupported/rgb24png.bmp", "BI_PNG: the embedded PNG is decoded, as ImageIO does"},
    {"invalid/bmp/hopper_rle8_row_overflow.bmp", "RLE past a row's end: the JDK drops those pixels (strict rejects)"},
    {"edge/bombs/huge_IDAT.png", "IDAT length past the end: the JDK reads the complete image data that is there"},
};

// GIF rows have the first frame's size (the JDK's), not stb's logical-screen canvas.
const std::map<std::string, std::pair<int, int>> gif_first_frame = {
    {"edge/animated_gif/mixed-disposal.gif", {16, 16}},
    {"edge/animated_gif/any-disposal.gif", {16, 16}},
    {"edge/animated_gif/large-gif-anim-combine.gif", {870, 630}},
};

}  // namespace

TEST_CASE("every corpus file decodes or is rejected with a reason, as the manifest says", "[io][corpus]") {
  const auto manifest = io_test::read_manifest();
  REQUIRE(manifest.size() >= 290);
  decode_options with_extras;
  with_extras.extra_formats = extra_format::all;
  int decoded = 0, rejected = 0;
  std::map<failure, int> reasons;

  for (const auto& e : manifest) {
    const std::string path = corpus(e.file);
    INFO(e.file << " | expected: " << e.expected << " | stb 2.30: " << e.stb230);
    const auto spark = read_image(path);
    const auto extra = read_image(path, with_extras);
    check_row_consistent(spark, path);
    check_row_consistent(extra, path);
    spark.ok() ? ++decoded : ++rejected;
    ++reasons[spark.reason];

    // Spark's ImageIO cannot read these formats: the default gives the invalid row and says so.
    if (is_extra(e.format)) {
      CHECK(spark.reason == failure::unsupported_format);
      CHECK(spark.message.find("is not read by Spark's ImageIO; enable decode_options::extra_formats") !=
            std::string::npos);
    }
    const auto& r = is_extra(e.format) ? extra : spark;

    const bool lenient = e.expected.find("or-reject") != std::string::npos ||
                         e.expected.rfind("reject-or", 0) == 0 || e.expected.rfind("reject or", 0) == 0;
    const bool must_reject = !lenient && e.expected.rfind("reject", 0) == 0;
    const bool must_decode = !lenient && e.expected.rfind("decode", 0) == 0 && e.stb230.rfind("decode", 0) == 0;

    if (must_reject) {
      if (auto known = decodes_although_manifest_rejects.find(e.file); known != decodes_although_manifest_rejects.end()) {
        INFO("known difference: " << known->second);
        if (e.file.find("testimgari") != std::string::npos && jpeg_backend_name() != "libjpeg-turbo")
          CHECK_FALSE(r.ok());
        else
          CHECK(r.ok());
      } else {
        CHECK_FALSE(r.ok());
      }
    }
    if (must_decode) {
      REQUIRE(r.ok());
      const auto d = io_test::parse_dims(e.expected) ? io_test::parse_dims(e.expected) : io_test::parse_dims(e.stb230);
      REQUIRE(d);
      if (auto g = gif_first_frame.find(e.file); g != gif_first_frame.end()) {
        CHECK(r.row.height == g->second.first);
        CHECK(r.row.width == g->second.second);
      } else {
        CHECK(r.row.height == d->height);
        CHECK(r.row.width == d->width);
      }
      CHECK(spark_channels(e.format, d->channels).count(r.row.n_channels) == 1);
    }
  }
  // The counts reported in the project notes (default options, i.e. Spark's formats only).
  CHECK(decoded + rejected == static_cast<int>(manifest.size()));
  WARN("corpus, default options: " << decoded << " decoded, " << rejected << " rejected ("
                                   << reasons[failure::unsupported_format] << " unsupported_format, "
                                   << reasons[failure::corrupt] << " corrupt, " << reasons[failure::truncated]
                                   << " truncated, " << reasons[failure::too_large] << " too_large)");
}

TEST_CASE("stb rejects become decodes where stb 2.30 is wrong about a valid file", "[io][corpus]") {
  // pal8offs.bmp has a gap between palette and pixels (allowed): stb says "invalid", ImageIO reads it.
  const auto r = read_image(corpus("edge/bmp_questionable/pal8offs.bmp"));
  REQUIRE(r.ok());
  const auto ref = read_image(corpus("valid/bmp/bmpsuite_g/pal8.bmp"));
  REQUIRE(ref.ok());
  CHECK(r.row.data == ref.row.data);
}

TEST_CASE("bombs are rejected from the header, before the decoder allocates", "[io][corpus][limits]") {
  // A 1 MiB decoder budget: a header check must fire first and name the size limit, not the budget.
  decode_options o;
  o.extra_formats = extra_format::all;
  o.limits.max_decoder_memory = 1u << 20;
  const std::map<std::string, std::string> bombs = {
      {"edge/bombs/reallybig.bmp", "image is 3000000 x 2000000: a side over max_side = 65500"},
      {"edge/bombs/Bad_reallybig.bmp", "image is 3000000 x 2000000: a side over max_side = 65500"},
      {"edge/bombs/Bad_height.bmp", "image is 6 x 2147483647: a side over max_side = 65500"},
      {"edge/bombs/Bad_width.bmp", "image is 2147483647 x 6: a side over max_side = 65500"},
      {"edge/bombs/decompression_bomb.gif", "first GIF frame is 65535 x 1321: a side over max_side = 65500"},
      {"edge/pocs/stb1996_tga_18byte_header.tga",
       "image is 23169 x 23169 = 536802561 pixels, over max_pixels = 89478485"},
  };
  for (const auto& [file, message] : bombs) {
    INFO(file);
    const auto r = read_image(corpus(file), o);
    CHECK(r.reason == failure::too_large);
    CHECK(r.message == message);
  }
  // A GIF's logical screen is never allocated (the row is the first frame): a 10-byte file claiming a
  // 23916 x 10506 screen simply ends before its first frame.
  const auto gif = read_image(corpus("edge/pocs/stb1876_gif_10byte.gif"), o);
  CHECK(gif.reason == failure::truncated);
  CHECK(gif.message == "truncated GIF: the data ends inside the header (allow_truncated decodes what is there)");
  // Without the header limits stb would start on them; the budget still stops it.
  decode_options loose = o;
  loose.limits.max_side = 1 << 30;
  loose.limits.max_pixels = 1ull << 40;
  loose.limits.max_decoded_bytes = 1ull << 40;
  const auto short_tga = read_image(corpus("edge/pocs/stb1996_tga_18byte_header.tga"), loose);
  CHECK(short_tga.reason == failure::truncated);  // 18 bytes cannot hold 23169 x 23169 pixels
  CHECK(short_tga.message ==
        "truncated TGA: 23169 x 23169 pixels need at least 2147210262 bytes, the data has 18 (allow_truncated "
        "decodes what is there)");
  loose.allow_truncated = true;
  const auto tga = read_image(corpus("edge/pocs/stb1996_tga_18byte_header.tga"), loose);
  CHECK(tga.reason == failure::too_large);
  CHECK(tga.message == "decoding TGA needs more than max_decoder_memory = 1048576 bytes");
}

TEST_CASE("mutated and cut copies of corpus files never crash and give consistent rows", "[io][robustness]") {
  // Deterministic mutations of small files that reach every header parser and pre-pass of the
  // decoder (palette padding, BMP gap removal, RLE, GIF frame crop, JPEG marker walk, TGA by name).
  const char* files[] = {
      "edge/unsupported/pal8rle.bmp",       "edge/unsupported/pal4rle.bmp",   "valid/bmp/bmpsuite_g/rgb16-565.bmp",
      "valid/bmp/bmpsuite_g/rgb24pal.bmp",  "edge/unsupported/rgb24png.bmp",  "valid/png/pngsuite/tbbn3p08.png",
      "invalid/png/libpng_badpal/small-palette-4.png", "edge/png16/basn0g16.png", "valid/png/pngsuite/basn0g01.png",
      "valid/gif/transparent.gif",          "edge/animated_gif/any-disposal.gif", "valid/jpeg/testorig.jpg",
      "edge/progressive/test.jpg",          "valid/tga/rgb32rle.tga",         "valid/pnm/comment.pgm",
      "edge/cgbi/iphone_basi0g01.png",
  };
  // A mutated header may claim a big image of garbage: keep the sizes small so the test stays quick.
  decode_options strict;
  strict.limits.max_pixels = 1u << 18;
  decode_options lenient = strict;
  lenient.extra_formats = extra_format::all;
  lenient.allow_truncated = true;
  lenient.quirks = compat::faithful;
  std::mt19937 rng(20260412);
  int variants = 0, decoded = 0;
  for (const char* f : files) {
    const std::string path = corpus(f);
    const auto original = io_test::file_bytes(path);
    REQUIRE(original.size() > 16);
    const std::string origin = origin_for(path);
    for (int i = 0; i < 60; ++i) {
      auto bytes = original;
      if (i % 4 == 3) {
        bytes.resize(std::uniform_int_distribution<std::size_t>(1, bytes.size() - 1)(rng));
      } else {
        const int n = std::uniform_int_distribution<int>(1, 6)(rng);
        for (int k = 0; k < n; ++k) {
          // Mostly the header (first 128 bytes), sometimes anywhere.
          const std::size_t limit = (k % 3 == 0) ? bytes.size() : std::min<std::size_t>(bytes.size(), 128);
          const auto at = std::uniform_int_distribution<std::size_t>(0, limit - 1)(rng);
          bytes[at] = static_cast<std::uint8_t>(std::uniform_int_distribution<int>(0, 255)(rng));
        }
      }
      for (const auto* o : {&strict, &lenient}) {
        const auto r = decode(bytes, origin, *o);
        INFO(f << " variant " << i);
        check_row_consistent(r, path);
        decoded += r.ok();
        ++variants;
      }
    }
  }
  CHECK(variants == 16 * 60 * 2);
  CHECK(decoded > 0);
}

TEST_CASE("BMP, GIF and PNG rows equal Spark's on the JDK byte for byte, damaged files included", "[io][corpus][jdk]") {
  // Reference: tests/data/corpus/jdk17_rows.tsv, Spark's ImageSchema.decode on OpenJDK 17.0.15's
  // ImageIO for every corpus file (tools/java/spark_decode.sh). JPEG rows depend on the JPEG
  // backend and have their own tests; these three formats are imgframe's own rules or stb's.
  const std::map<std::string, std::string> known = {
      {"edge/hidden_nonimage/icc_profile_named.png", "the JDK's WBMP reader takes this ICC profile for an image"},
      {"invalid/png/libpng_crashers/badadler.png", "the JDK checks the zlib Adler-32 of the image data; stb does not"},
      {"invalid/png/libpng_crashers/empty_ancillary_chunks.png", "the JDK rejects zero-length bKGD/sBIT/... chunks"},
  };
  std::ifstream in(corpus("jdk17_rows.tsv"));
  std::string line;
  int checked = 0;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> f;
    std::stringstream ss(line);
    for (std::string cell; std::getline(ss, cell, '\t');) f.push_back(cell);
    REQUIRE(f.size() >= 3);
    std::string ext = f[0].substr(f[0].rfind('.') + 1);
    for (auto& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if ((ext != "bmp" && ext != "gif" && ext != "png") || known.count(f[0])) continue;
    INFO(f[0] << ": the JDK gives " << f[1] << " " << f[2]);
    const auto r = read_image(corpus(f[0]));
    INFO("imgframe: " << failure_name(r.reason) << " " << r.message);
    ++checked;
    if (f[1] == "invalid") {
      CHECK_FALSE(r.ok());
      continue;
    }
    REQUIRE(r.ok());
    CHECK(std::to_string(r.row.height) + "x" + std::to_string(r.row.width) + "x" + std::to_string(r.row.n_channels) == f[1]);
    CHECK(std::to_string(r.row.mode) == f[2]);
    REQUIRE(f.size() == 4);
    CHECK(io_test::sha256_hex(r.row.data) == f[3]);
  }
  CHECK(checked > 150);
}
