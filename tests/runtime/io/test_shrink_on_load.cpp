// Shrink-on-load (decode_options::shrink, pipeline/shrink_plan.hpp): the decode size libjpeg-turbo
// picks, the plan derived from a typed pipeline, and the difference of the ImageNet crop
// (resize_short 256 | center_crop 224) computed on the shrunk decode against the full-size path
// on the sample photos: max and mean absolute difference and PSNR, bounded below.
#include <cmath>
#include <cstdio>
#include <string>

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

TEST_CASE("shrink-on-load decodes JPEGs at the smallest DCT scale that still fits", "[io][shrink]") {
  struct expect {
    const char* name;
    int w, h;          // full size
    int sw, sh;        // at the smallest N/8 scale keeping the short side >= 256
  };
  for (const expect e : {expect{"hubble_deep_field.jpg", 1000, 872, 375, 327},  // 3/8
                         expect{"retina.jpg", 1411, 1411, 353, 353},            // 2/8
                         expect{"rocket.jpg", 640, 427, 400, 267}}) {           // 5/8
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
  }
  // Other formats decode at full size.
  decode_options o;
  o.shrink = {0, 0, 64};
  const decode_result png = decode(io_test::file_bytes(sample("coffee.png")), "x", o);
  REQUIRE(png.ok());
  CHECK(png.row.width == 600);
  CHECK(png.row.height == 400);
}

TEST_CASE("shrink-on-load stays close to the full-size path on real photos", "[io][shrink]") {
  if (!turbo()) {
    WARN("shrink-on-load needs libjpeg-turbo; this build decodes JPEG with stb");
    return;
  }
  decode_options o;
  o.shrink = shrink_plan(crop_chain);
  double worst_psnr = 1e9, worst_mean = 0;
  int worst_max = 0;
  for (const char* name : {"hubble_deep_field.jpg", "retina.jpg", "rocket.jpg"}) {
    const auto bytes = io_test::file_bytes(sample(name));
    const decode_result full = decode(bytes, "x"), small = decode(bytes, "x", o);
    REQUIRE(full.ok());
    REQUIRE(small.ok());
    const auto a = crop_chain(cview(full.row.data.data(), full.row.width, full.row.height));
    const auto b = crop_chain(cview(small.row.data.data(), small.row.width, small.row.height));
    const auto va = a.cview(), vb = b.cview();
    REQUIRE(va.width() == vb.width());
    REQUIRE(va.height() == vb.height());
    int mx = 0;
    double sum = 0, sq = 0;
    for (int y = 0; y < va.height(); ++y)
      for (int x = 0; x < va.width(); ++x)
        for (int c = 0; c < 3; ++c) {
          const int d = std::abs(int{va.at(x, y, c)} - int{vb.at(x, y, c)});
          mx = std::max(mx, d);
          sum += d;
          sq += double(d) * d;
        }
    const double n = 3.0 * va.width() * va.height();
    const double psnr = 10 * std::log10(255.0 * 255.0 / std::max(sq / n, 1e-12));
    std::printf("shrink-on-load %s: %dx%d decode instead of %dx%d; crop vs full-size path: max %d, mean %.3f, PSNR %.2f dB\n",
                name, small.row.width, small.row.height, full.row.width, full.row.height, mx, sum / n, psnr);
    worst_psnr = std::min(worst_psnr, psnr);
    worst_mean = std::max(worst_mean, sum / n);
    worst_max = std::max(worst_max, mx);
  }
  // Bounds with a margin over the values measured with Debian 12 libjpeg-turbo 2.1.5 (printed above):
  // PSNR 30.8 / 40.4 / 35.9 dB, mean 3.96 / 1.29 / 1.42, max 159 / 63 / 126. The Hubble deep field is
  // the worst case: its point-like stars alias in the full-size bilinear downscale.
  CHECK(worst_psnr > 29.0);
  CHECK(worst_mean < 5.0);
  CHECK(worst_max <= 200);
}
