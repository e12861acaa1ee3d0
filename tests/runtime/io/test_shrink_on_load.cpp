// Shrink-on-load (decode_options::shrink, pipeline/shrink_plan.hpp): the decode size libjpeg-turbo
// picks, the plan derived from a typed pipeline, and the difference of a resize + center crop
// computed on the shrunk decode against the full-size path on the repository's real photos: max and
// mean absolute difference and PSNR, bounded.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "catch_compat.hpp"
#include "io_test_support.hpp"

#include <imgframe/core/image.hpp>
#include <imgframe/io/decode.hpp>
#include <imgframe/pipeline/shrink_plan.hpp>
#include <imgframe/stages/center_crop.hpp>
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
  // A crop or flip before the resize works in full-size pixels: no shrink.
  STATIC_REQUIRE(!shrink_plan(center_crop{224, 224} | resize{64, 64}).enabled());
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
