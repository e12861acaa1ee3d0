// Shrink-on-load (decode_options::shrink, pipeline/shrink_plan.hpp): the decode size libjpeg-turbo
// picks, the plan derived from a typed pipeline, and the difference of a resize + center crop
// computed on the shrunk decode against the full-size path on the repository's real photos: max and
// mean absolute difference and PSNR, bounded.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include "catch_compat.hpp"
#include "io_test_support.hpp"

#include <imgframe/core/image.hpp>
#include <imgframe/io/decode.hpp>
#include <imgframe/pipeline/shrink_plan.hpp>
#include <imgframe/stages/center_crop.hpp>
#include <imgframe/stages/crop.hpp>
#include <imgframe/stages/flip.hpp>
#include <imgframe/stages/resize.hpp>
#include <imgframe/stages/to_tensor.hpp>

using namespace imgframe;
using io_test::sample;

namespace {
using cview = image_view<const std::uint8_t, 3, bgr>;
constexpr auto crop_chain = resize_short{256} | center_crop{224, 224};
bool turbo() { return jpeg_backend_name() == "libjpeg-turbo"; }
}  // namespace

TEST_CASE("shrink_plan derives the decode size from the leading resize", "[io][shrink]") {
  constexpr shrink_on_load a = shrink_plan(crop_chain);
  STATIC_REQUIRE(a.enabled());
  STATIC_REQUIRE(a.min_short_side == 256);
  STATIC_REQUIRE(a.min_width == 0);
  constexpr shrink_on_load b = shrink_plan(resize{100, 200} | center_crop{50, 50});
  STATIC_REQUIRE(b.min_width == 200);
  STATIC_REQUIRE(b.min_height == 100);
  // A flip before the resize needs every pixel: no shrink (a crop before it: see below).
  STATIC_REQUIRE(!shrink_plan(flip{} | resize_short{256}).enabled());
  STATIC_REQUIRE(shrink_plan(resize_short{256}).min_short_side == 256);
}

TEST_CASE("shrink-on-load decodes JPEGs at the smallest 1/2^k DCT scale that still fits", "[io][shrink]") {
  struct expect {
    const char* name;
    int w, h;          // full size
    int sw, sh;        // at the smallest of 1/2, 1/4, 1/8 keeping the short side >= 256
  };
  for (const expect e : {expect{"hubble_deep_field.jpg", 1000, 872, 500, 436},  // 1/2 (3/8 would fit: not used)
                         expect{"retina.jpg", 1411, 1411, 353, 353},            // 1/4
                         expect{"rocket.jpg", 640, 427, 640, 427}}) {           // 1/1 (5/8 would fit: not used)
    INFO(e.name);
    const auto bytes = io_test::file_bytes(sample(e.name));
    const decode_result full = decode(bytes, "x");
    REQUIRE(full.ok());
    CHECK(full.row.width == e.w);
    CHECK(full.row.height == e.h);
    decode_options o;
    o.shrink = shrink_plan(crop_chain);
    const decode_result small = decode(bytes, "x", o);
    REQUIRE(small.ok());
    CHECK(small.row.width == (turbo() ? e.sw : e.w));
    CHECK(small.row.height == (turbo() ? e.sh : e.h));
    CHECK(small.row.data.size() == static_cast<std::size_t>(small.row.width) * small.row.height * 3);
    // Unshrunk, the bytes are the default decode's.
    if (small.row.width == e.w) CHECK(small.row.data == full.row.data);
  }
  // Other formats decode at full size.
  decode_options o;
  o.shrink = {0, 0, 64};
  const decode_result png = decode(io_test::file_bytes(sample("coffee.png")), "x", o);
  REQUIRE(png.ok());
  CHECK(png.row.width == 600);
  CHECK(png.row.height == 400);
}

namespace {

struct difference {
  int max = 0;
  double mean = 0, psnr = 0;
};

// The chain's output on the shrunk decode against the full-size path (same decoder, same chain).
template <class Chain>
difference shrunk_vs_full(const std::vector<std::uint8_t>& bytes, const Chain& chain, const std::string& name) {
  decode_options o;
  o.shrink = shrink_plan(chain);
  const decode_result full = decode(bytes, "x"), small = decode(bytes, "x", o);
  REQUIRE(full.ok());
  REQUIRE(small.ok());
  const auto a = chain(cview(full.row.data.data(), full.row.width, full.row.height));
  const auto b = chain(cview(small.row.data.data(), small.row.width, small.row.height));
  const auto va = a.cview(), vb = b.cview();
  REQUIRE(va.width() == vb.width());
  REQUIRE(va.height() == vb.height());
  difference d;
  double sum = 0, sq = 0;
  for (int y = 0; y < va.height(); ++y)
    for (int x = 0; x < va.width(); ++x)
      for (int c = 0; c < 3; ++c) {
        const int e = std::abs(int{va.at(x, y, c)} - int{vb.at(x, y, c)});
        d.max = std::max(d.max, e);
        sum += e;
        sq += double(e) * e;
      }
  const double n = 3.0 * va.width() * va.height();
  d.mean = sum / n;
  d.psnr = 10 * std::log10(255.0 * 255.0 / std::max(sq / n, 1e-12));
  std::printf("shrink-on-load %-22s %4dx%-4d decode instead of %4dx%-4d: max %3d, mean %.3f, PSNR %.2f dB\n",
              name.c_str(), small.row.width, small.row.height, full.row.width, full.row.height, d.max, d.mean, d.psnr);
  CHECK(small.row.width < full.row.width);  // the case shrinks
  return d;
}

}  // namespace

TEST_CASE("shrink-on-load stays close to the full-size path on real photos", "[io][shrink]") {
  if (!turbo()) {
    WARN("shrink-on-load needs libjpeg-turbo; this build decodes JPEG with stb");
    return;
  }
  std::vector<difference> all;
  // The ImageNet crop on the sample JPEGs large enough to shrink for it.
  for (const char* name : {"hubble_deep_field.jpg", "retina.jpg"})
    all.push_back(shrunk_vs_full(io_test::file_bytes(sample(name)), crop_chain, name));
  // A 128 -> 112 crop on the smaller JPEGs, and on the PNG photos encoded as JPEG (quality 90; OpenCV's
  // libjpeg defaults to 4:2:0).
  constexpr auto small_chain = resize_short{128} | center_crop{112, 112};
  for (const char* name : {"samples/rocket.jpg", "corpus/valid/jpeg/flower.jpg", "corpus/valid/jpeg/iptc.jpg"})
    all.push_back(shrunk_vs_full(io_test::file_bytes(io_test::data_dir() + "/" + name), small_chain, name));
  for (const char* name : {"astronaut.png", "chelsea.png", "coffee.png", "horse.png"}) {
    std::vector<std::uint8_t> jpeg;
    REQUIRE(cv::imencode(".jpg", cv::imread(sample(name), cv::IMREAD_COLOR), jpeg, {cv::IMWRITE_JPEG_QUALITY, 90}));
    all.push_back(shrunk_vs_full(jpeg, small_chain, std::string(name) + " as JPEG"));
  }
  // Bounds with a margin over the values measured with Debian 12 libjpeg-turbo 2.1.5 and OpenCV 4.6
  // (printed above; README "Shrink-on-load" states them): PSNR 26.5-42.5 dB, mean 0.79-4.94, max
  // 43-179. The worst cases (rocket's fine lattice, the Hubble field's point-like stars) are aliasing
  // of the full-size path: a bilinear downscale by 2-4x samples, where the DCT-scaled decode averages.
  for (const difference& d : all) {
    CHECK(d.psnr > 25.5);
    CHECK(d.mean < 5.5);
    CHECK(d.max <= 200);
  }
}

namespace {
// A photo with detail down to the pixel, as a camera's are and the samples above (downscaled for the
// web) are not: the sample photos tiled at their own resolution over w x h, sensor-like noise
// (sigma 2, fixed seed), JPEG quality 90 4:2:0 (OpenCV's libjpeg defaults).
std::vector<std::uint8_t> detailed_photo(int w, int h) {
  std::vector<cv::Mat> tiles;
  for (const char* name : {"astronaut.png", "hubble_deep_field.jpg", "coffee.png", "rocket.jpg", "chelsea.png", "retina.jpg"})
    tiles.push_back(cv::imread(sample(name), cv::IMREAD_COLOR));
  cv::Mat canvas(h, w, CV_8UC3);
  std::size_t k = 0;
  for (int y = 0, row = 0; y < h; y += row, row = 0)
    for (int x = 0; x < w; ++k) {
      const cv::Mat& t = tiles[k % tiles.size()];
      const cv::Rect r(0, 0, std::min(t.cols, w - x), std::min(t.rows, h - y));
      t(r).copyTo(canvas(r + cv::Point(x, y)));
      x += r.width;
      row = std::max(row, r.height);
    }
  cv::Mat noise(h, w, CV_16SC3), photo;
  cv::RNG(20261203).fill(noise, cv::RNG::NORMAL, 0, 2);
  cv::add(canvas, noise, photo, cv::noArray(), CV_8UC3);
  std::vector<std::uint8_t> jpeg;
  REQUIRE(cv::imencode(".jpg", photo, jpeg, {cv::IMWRITE_JPEG_QUALITY, 90}));
  return jpeg;
}
}  // namespace

// The tolerance README "Shrink-on-load" states for photos it has not seen: PSNR > 25 dB and a mean
// absolute difference < 6.5 against the full-size path. Detail at the pixel makes the full-size
// path's bilinear downscale alias more (a generated set of 242 such JPEGs, 1-12 MP: PSNR 25.9-51 dB,
// mean 0.39-6.05, max up to 222).
TEST_CASE("shrink-on-load stays within the stated tolerance on photos with detail down to the pixel", "[io][shrink]") {
  if (!turbo()) {
    WARN("shrink-on-load needs libjpeg-turbo; this build decodes JPEG with stb");
    return;
  }
  for (const auto& [w, h] : {std::pair{1920, 1080}, std::pair{3024, 4032}}) {  // decoded at 1/4 and 1/8
    const difference d = shrunk_vs_full(detailed_photo(w, h), crop_chain, std::to_string(w) + "x" + std::to_string(h) + " tiles");
    CHECK(d.psnr > 25.0);
    CHECK(d.mean < 6.5);
  }
}

TEST_CASE("shrink_plan takes a leading crop or center crop followed by a resize", "[io][shrink][crop]") {
  constexpr auto centered = center_crop{300, 400} | resize{100, 120} | flip{1};
  constexpr shrink_on_load a = shrink_plan(centered);
  STATIC_REQUIRE(a.crop == shrink_on_load::crop_kind::center);
  STATIC_REQUIRE(a.crop_width == 400);
  STATIC_REQUIRE(a.crop_height == 300);
  STATIC_REQUIRE(a.min_width == 120);
  STATIC_REQUIRE(a.min_height == 100);
  STATIC_REQUIRE(std::is_same_v<decltype(shrink_rest(centered)), pipeline<resize, flip>>);
  constexpr shrink_on_load b = shrink_plan(crop{10, 20, 200, 300} | resize_short{64});
  STATIC_REQUIRE(b.crop == shrink_on_load::crop_kind::region);
  STATIC_REQUIRE(b.crop_x == 10);
  STATIC_REQUIRE(b.crop_y == 20);
  STATIC_REQUIRE(b.crop_height == 200);
  STATIC_REQUIRE(b.crop_width == 300);
  STATIC_REQUIRE(b.min_short_side == 64);
  // A crop not followed by a resize stays in the pipeline: no shrink.
  STATIC_REQUIRE(!shrink_plan(center_crop{224, 224} | flip{1}).enabled());
  STATIC_REQUIRE(std::is_same_v<decltype(shrink_rest(crop_chain)), std::remove_cvref_t<decltype(crop_chain)>>);
  // The region mapped to a half-size decode covers the full-size region.
  constexpr roi r = b.scaled_region(641, 427, 321, 214);
  STATIC_REQUIRE(r == roi{5, 10, 151, 101});  // x 5.0..155.2, y 10.0..110.3
}

namespace {
// p on the full-size decode, and shrink_rest(p) on the decode with shrink_plan(p).
template <class Chain>
std::pair<image<std::uint8_t, 3, bgr>, image<std::uint8_t, 3, bgr>> both_paths(const std::vector<std::uint8_t>& bytes,
                                                                                const Chain& p, decode_result* shrunk) {
  decode_options o;
  o.shrink = shrink_plan(p);
  const decode_result full = decode(bytes, "x");
  *shrunk = decode(bytes, "x", o);
  REQUIRE(full.ok());
  REQUIRE(shrunk->ok());
  return {image<std::uint8_t, 3, bgr>(p(cview(full.row.data.data(), full.row.width, full.row.height))),
          image<std::uint8_t, 3, bgr>(
              shrink_rest(p)(cview(shrunk->row.data.data(), shrunk->row.width, shrunk->row.height)))};
}
bool same_pixels(const image<std::uint8_t, 3, bgr>& a, const image<std::uint8_t, 3, bgr>& b) {
  if (a.width() != b.width() || a.height() != b.height()) return false;
  for (int y = 0; y < a.height(); ++y)
    for (int x = 0; x < a.width(); ++x)
      for (int c = 0; c < 3; ++c)
        if (a.cview().at(x, y, c) != b.cview().at(x, y, c)) return false;
  return true;
}
}  // namespace

TEST_CASE("the decoder's crop equals the crop stage at full scale", "[io][shrink][crop]") {
  decode_result r;
  // PNG: never scaled, so the decoder's crop is exactly the crop stage.
  const auto png = io_test::file_bytes(sample("coffee.png"));
  auto [a, b] = both_paths(png, center_crop{301, 333} | resize{99, 101}, &r);
  CHECK(r.row.width == 333);
  CHECK(r.row.height == 301);
  CHECK(r.full_width == 600);
  CHECK(r.full_height == 400);
  CHECK(same_pixels(a, b));
  std::tie(a, b) = both_paths(png, crop{17, 5, 211, 307} | resize_short{77}, &r);
  CHECK(r.row.width == 307);
  CHECK(r.row.height == 211);
  CHECK(same_pixels(a, b));
  // A JPEG no 1/2^k scale serves (the region at 1/2 is smaller than the resize): full scale, exact.
  std::tie(a, b) = both_paths(io_test::file_bytes(sample("rocket.jpg")), center_crop{400, 400} | resize{300, 300}, &r);
  CHECK(r.row.width == 400);
  CHECK(same_pixels(a, b));
}

TEST_CASE("shrink-on-load through a leading center crop: smaller decode, close to the full-size path",
          "[io][shrink][crop]") {
  if (!turbo()) {
    WARN("shrink-on-load needs libjpeg-turbo; this build decodes JPEG with stb");
    return;
  }
  decode_result r;
  // retina 1411x1411, centre 1000x1000 -> 224x224: 1/4 leaves a 251x251 region (>= 224).
  const auto [a, b] =
      both_paths(io_test::file_bytes(sample("retina.jpg")), center_crop{1000, 1000} | resize{224, 224}, &r);
  CHECK(r.full_width == 1411);
  CHECK(r.full_height == 1411);
  CHECK(r.row.width == 251);  // columns 51..301 of the 353-wide 1/4 decode cover full-size 205..1204
  CHECK(r.row.height == 251);
  REQUIRE(a.width() == 224);
  REQUIRE(b.width() == 224);
  int mx = 0;
  double sum = 0, sq = 0;
  for (int y = 0; y < 224; ++y)
    for (int x = 0; x < 224; ++x)
      for (int c = 0; c < 3; ++c) {
        const int d = std::abs(int{a.cview().at(x, y, c)} - int{b.cview().at(x, y, c)});
        mx = std::max(mx, d);
        sum += d;
        sq += double(d) * d;
      }
  const double n = 3.0 * 224 * 224, psnr = 10 * std::log10(255.0 * 255.0 / std::max(sq / n, 1e-12));
  std::printf("shrink-on-load retina centre 1000 -> 224: %dx%d region of a 1/4 decode: max %d, mean %.3f, PSNR %.2f dB\n",
              r.row.width, r.row.height, mx, sum / n, psnr);
  CHECK(psnr > 25.5);
  CHECK(sum / n < 5.5);
}

TEST_CASE("shrink-on-load: a leading crop outside the image is an invalid row with the crop's message",
          "[io][shrink][crop]") {
  decode_options o;
  o.shrink = shrink_plan(crop{600, 0, 10, 60} | resize{8, 8});
  for (const char* name : {"chelsea.png", "rocket.jpg"}) {
    INFO(name);
    const decode_result r = decode(io_test::file_bytes(sample(name)), "x", o);
    CHECK(r.reason == failure::outside_crop);
    CHECK(r.row.is_invalid());
    CHECK(r.message.find("imgframe crop: region (x=600, y=0, height=10, width=60) is outside the") == 0);
  }
}

TEST_CASE("shrink-on-load compares sizes after the EXIF rotation when it is applied", "[io][shrink][exif]") {
  if (!turbo()) {
    WARN("shrink-on-load needs libjpeg-turbo; this build decodes JPEG with stb");
    return;
  }
  // Both files store 61x41 pixels; orientation 6 turns them to 41x61. resize{20, 30} needs 30 wide
  // and 20 high: the 1/2 decode (31x21 stored) serves the unrotated file, not the rotated one (21x31).
  decode_options o;
  o.apply_exif_orientation = true;
  o.shrink = shrink_plan(resize{20, 30});
  const decode_result plain = decode(io_test::file_bytes(io_test::data_dir() + "/formats/exif/orientation_1.jpg"), "x", o);
  REQUIRE(plain.ok());
  CHECK(plain.row.width == 31);
  CHECK(plain.row.height == 21);
  const decode_result turned = decode(io_test::file_bytes(io_test::data_dir() + "/formats/exif/orientation_6.jpg"), "x", o);
  REQUIRE(turned.ok());
  CHECK(turned.row.width == 41);
  CHECK(turned.row.height == 61);
  CHECK(turned.full_width == 41);
  CHECK(turned.full_height == 61);
}

TEST_CASE("shrink-on-load: an empty leading crop is an invalid row", "[io][shrink][crop]") {
  decode_options o;
  o.shrink = shrink_plan(center_crop{0, 10} | resize{8, 8});
  const decode_result r = decode(io_test::file_bytes(sample("chelsea.png")), "x", o);
  CHECK(r.reason == failure::outside_crop);
  CHECK(r.message == "shrink-on-load: the leading crop's region is empty");
}
