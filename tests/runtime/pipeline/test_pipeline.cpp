// Composition: constexpr stages, deduced output types, the executor's plan (fusion by
// construction), visit/apply on Spark rows, and what a pipeline returns.
#include <imgframe/imgframe.hpp>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <string>
#include <variant>

#include "catch_compat.hpp"

namespace imf = imgframe;
using namespace imgframe;
using u8 = std::uint8_t;

namespace {
// The example, built in a constant expression.
constexpr auto imagenet = resize_short{256} | center_crop{224, 224} |
                          to_tensor<float, rgb, chw>{{0.485f, 0.456f, 0.406f}, {0.229f, 0.224f, 0.225f}, 1.0 / 255};
static_assert(imagenet.size == 3);
static_assert(boost::hana::at_c<0>(imagenet.stages()).size == 256);
static_assert(boost::hana::at_c<1>(imagenet.stages()).width == 224);

using bgr_view = image_view<const u8, 3, bgr>;
using bgra_view = image_view<const u8, 4, bgra>;
using gray_view = image_view<const u8, 1, gray>;
using two_view = image_view<const u8, 2, unordered<2>>;
using P = std::remove_cvref_t<decltype(imagenet)>;

static_assert(P::accepts<bgr_view> && P::accepts<bgra_view>);
static_assert(P::accepts<image_view<u8, 3, bgr>>);  // mutable views are read through const ones
static_assert(!P::accepts<gray_view>);             // three means on one plane
static_assert(!P::accepts<two_view>);
static_assert(!P::accepts<image_view<const double, 3, bgr>>);  // resize takes 8U and 32F only
static_assert(!P::accepts<int>);
static_assert(std::is_same_v<P::output_format_t<bgra_view>, tensor<float, rgb, chw>>);
static_assert(std::is_invocable_v<const P&, bgr_view>);
static_assert(!std::is_invocable_v<const P&, gray_view>);  // so visit skips gray rows

// Stage concepts: small trivially copyable values, each accepting some formats.
static_assert(Stage<crop> && Stage<resize> && Stage<to_tensor<float, rgb, chw>> && Stage<color_format<color_code::bgr2gray>>);
static_assert(!Stage<int> && !Stage<P>);
static_assert(StageFor<flip, bgr_view> && StageFor<color_format<color_code::bgr2gray>, bgra_view>);
static_assert(!StageFor<color_format<color_code::bgr2gray>, gray_view> && !StageFor<crop, tensor<float, rgb, chw>>);

// The plan: resize and the crop of its result are one pass (only the window is computed),
// to_tensor the fused tail.
static_assert(std::is_same_v<P::plan_type, exec::plan<exec::pass<stage_kind::kernel, 0, 2>,
                                                       exec::pass<stage_kind::pointwise, 2, 3>>>);
static_assert(P::plan_type::pixel_passes == 2);

// Colour reorder + scale + mean/std + layout + type conversion: one pass.
constexpr auto tail = crop{0, 0, 8, 8} | flip{1} | color_format<color_code::bgra2rgb>{} |
                      normalize<rgb>{{1, 2, 3}, {4, 5, 6}, 0.5} | to_tensor<double, bgr, hwc>{};
using T = std::remove_cvref_t<decltype(tail)>;
static_assert(T::plan_type::pixel_passes == 1 && T::plan_type::fused_passes == 1);
static_assert(std::is_same_v<T::output_format_t<bgra_view>, tensor<double, bgr, hwc>>);
static_assert(T::accepts<bgr_view>);  // BGRA2RGB also takes 3 channels, as cvtColor does
}  // namespace

TEST_CASE("describe() lists the passes the executor will run", "[pipeline][plan]") {
  CHECK(P::describe() == "kernel(resize_short + center_crop) -> fused(to_tensor)");
  CHECK(T::describe() == "view(crop) -> view(flip) -> fused(color_format + normalize + to_tensor)");
  // The gray of normalized values is no per-plane formula: a new pass starts there.
  constexpr auto split = normalize<bgr>{} | color_format<color_code::bgr2gray>{} | to_tensor<float, gray, chw>{};
  using S = std::remove_cvref_t<decltype(split)>;
  CHECK(S::describe() == "fused(normalize) -> fused(color_format + to_tensor)");
  STATIC_REQUIRE(S::plan_type::pixel_passes == 2);
  constexpr auto joined = color_format<color_code::bgr2gray>{} | color_format<color_code::gray2bgr>{} |
                          to_tensor<float, rgb, chw>{};
  CHECK(std::remove_cvref_t<decltype(joined)>::describe() == "fused(color_format + color_format + to_tensor)");
}

TEST_CASE("stages are built from run-time values too", "[pipeline]") {
  const int h = 3, w = 4;
  const double m = 0.25;
  const auto p = crop{1, 1, h, w} | to_tensor<float, gray, chw>{{m}, {2.0}, 1.0};
  image<u8, 1, gray> img(6, 5);
  img.view().at(1, 1, 0) = 100;
  const auto t = p(img.cview());
  CHECK(t.shape() == std::array<std::size_t, 3>{1, 3, 4});
  CHECK(t.at(0, 0, 0) == static_cast<float>((100 - 0.25) / 2));
  CHECK(t.at(0, 2, 3) == static_cast<float>(-0.25 / 2));
}

TEST_CASE("results: a view when nothing was copied, else an owning image or a tensor", "[pipeline]") {
  image<u8, 3, bgr> img(10, 6);
  const auto v = (crop{1, 1, 4, 4} | flip{0})(img.cview());
  STATIC_REQUIRE(std::is_same_v<std::remove_cvref_t<decltype(v)>, bgr_view>);
  CHECK(v.data() == img.cview().pixel(1, 4));
  const auto i = (crop{1, 1, 4, 4} | color_format<color_code::bgr2rgb>{} | flip{1})(img.cview());
  STATIC_REQUIRE(std::is_same_v<std::remove_cvref_t<decltype(i)>, image<u8, 3, rgb>>);
  CHECK(i.width() == 4);
}

TEST_CASE("visit dispatches rows only to the types a pipeline accepts", "[pipeline][erased]") {
  image<u8, 3, bgr> color(300, 260);
  image<u8, 1, gray> mono(30, 20);
  const image_row color_row = to_row(color.cview(), "file:/c.png");
  const image_row gray_row = to_row(mono.cview(), "file:/g.png");

  const auto t = imf::visit(color_row, imagenet);
  CHECK(t.shape() == std::array<std::size_t, 3>{3, 224, 224});
  CHECK_THROWS_WITH(imf::visit(gray_row, imagenet),
                    "imgframe: image row 'file:/g.png': mode CV_8UC1 is not accepted by this function");
  // A generic lambda constrained by the pipeline's call keeps that dispatch.
  const auto size = imf::visit(color_row, [&](auto view) -> decltype(imagenet(view)) { return imagenet(view); }).size();
  CHECK(size == 3u * 224 * 224);
}

TEST_CASE("apply(row, p) gives a tensor_row or an image_row", "[pipeline][erased]") {
  image<u8, 3, bgr> img(4, 3);
  img.view().at(1, 2, 2) = 255;  // one red pixel at x=1, y=2
  const image_row row = to_row(img.cview(), "file:/r.png");
  const auto tensor_out = apply(row, make_pipeline(to_tensor<float, rgb, chw>{{0.5, 0.5, 0.5}, {1, 1, 1}, 1.0 / 255}));
  STATIC_REQUIRE(std::is_same_v<decltype(tensor_out), const tensor_row>);
  CHECK(tensor_out.dtype == depth::f32);
  CHECK(tensor_out.layout == tensor_layout::chw);
  CHECK(tensor_out.order == "rgb");
  CHECK(tensor_out.shape() == std::array<std::size_t, 3>{3, 3, 4});
  const auto& values = std::get<std::vector<float>>(tensor_out.values);
  CHECK(values[0 * 12 + 2 * 4 + 1] == 0.5f);
  CHECK(values[0 * 12 + 0] == -0.5f);
  CHECK(values[2 * 12 + 2 * 4 + 1] == -0.5f);

  const auto image_out = apply(row, crop{1, 1, 2, 3} | color_format<color_code::bgr2gray>{});
  STATIC_REQUIRE(std::is_same_v<decltype(image_out), const image_row>);
  CHECK(image_out.origin == "file:/r.png");
  CHECK(image_out.mode == 0);
  CHECK(image_out.width == 3);
  CHECK(image_out.height == 2);
  CHECK(image_out.data == std::vector<u8>{0, 0, 0, 76, 0, 0});  // (9798*255 + 2^14) >> 15 = 76

  // An RGB result keeps its bytes (SynapseML writes the Mat as it is) under the row's mode.
  const auto swapped = apply(row, make_pipeline(color_format<color_code::bgr2rgb>{}));
  CHECK(swapped.mode == 16);
  CHECK(swapped.data[(2 * 4 + 1) * 3 + 0] == 255);
}

TEST_CASE("empty images run through every pass", "[pipeline]") {
  image<u8, 3, bgr> empty(0, 0);
  const auto t = (crop{0, 0, 0, 0} | flip{-1} | to_tensor<float, rgb, hwc>{})(empty.cview());
  CHECK(t.size() == 0);
  const auto g = (center_crop{5, 5} | color_format<color_code::bgr2gray>{})(empty.cview());
  CHECK(g.width() == 0);
  CHECK_THROWS_AS((resize_short{8} | flip{0})(empty.cview()), std::invalid_argument);
}

TEST_CASE("tensor and tensor_view: shape, layout offsets, const views", "[pipeline][tensor]") {
  tensor<float, rgb, chw> t(2, 3);  // height 2, width 3
  CHECK(t.shape() == std::array<std::size_t, 3>{3, 2, 3});
  CHECK(t.size() == 18);
  t.at(2, 1, 0) = 7.f;
  CHECK(t.data()[(2 * 2 + 1) * 3 + 0] == 7.f);
  CHECK(t.view().plane(2)[3] == 7.f);
  const tensor_view<const float, rgb, chw> cv = t.view();
  CHECK(cv.at(2, 1, 0) == 7.f);
  STATIC_REQUIRE(decltype(t)::dtype == depth::f32);
  STATIC_REQUIRE(tensor<double, gray, hwc>::dtype == depth::f64);

  tensor<double, bgr, hwc> h(2, 3);
  CHECK(h.shape() == std::array<std::size_t, 3>{2, 3, 3});
  h.at(1, 1, 2) = 5.0;
  CHECK(h.data()[(1 * 3 + 2) * 3 + 1] == 5.0);
  CHECK_THROWS_WITH((tensor<float, rgb, chw>(-1, 3)), "imgframe: tensor size must not be negative (-1x3)");
  std::vector<double> moved = std::move(h).values();
  CHECK(moved.size() == 18);
}

#if defined(__linux__)
// The VmFlags line of the mapping in /proc/self/smaps that holds address a ("" if none).
static std::string vm_flags_at(std::uintptr_t a) {
  std::ifstream smaps("/proc/self/smaps");
  bool inside = false;
  for (std::string line; std::getline(smaps, line);) {
    unsigned long lo = 0, hi = 0;
    if (std::sscanf(line.c_str(), "%lx-%lx ", &lo, &hi) == 2 && line.find('-') < line.find(' '))
      inside = lo <= a && a < hi;
    else if (inside && line.rfind("VmFlags:", 0) == 0)
      return line;
  }
  return "";
}
#endif

TEST_CASE("a large tensor is zero-filled, resizes in place and is offered to huge pages", "[pipeline][tensor]") {
  tensor<float, rgb, chw> t(1100, 1000);  // 13.2 MB
  CHECK(std::all_of(t.data(), t.data() + t.size(), [](float v) { return v == 0.f; }));
  const float* storage = t.data();
  t.resize(1000, 1000);
  CHECK(t.data() == storage);
  CHECK(t.size() == 3'000'000);
  t.resize(1200, 1000);
  CHECK(t.size() == 3'600'000);
  t.at(2, 1199, 999) = 1.f;
  CHECK(t.values().back() == 1.f);
#if defined(__linux__)
  // Where the kernel has transparent huge pages, the 2 MB pages inside the storage carry the advice.
  if (std::ifstream("/sys/kernel/mm/transparent_hugepage/enabled")) {
    const auto page = (reinterpret_cast<std::uintptr_t>(t.data()) + (std::uintptr_t{2} << 20) - 1) &
                      ~((std::uintptr_t{2} << 20) - 1);
    const std::string flags = vm_flags_at(page);
    INFO(flags);
    CHECK(flags.find(" hg") != std::string::npos);
  }
#endif
}
