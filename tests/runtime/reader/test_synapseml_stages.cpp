// SynapseML's UnrollImage, UnrollBinaryImage and ImageSetAugmenter. Expected values are worked out
// by hand from SynapseML's code (UnrollImage.unroll / unrollBI, ReplicateScaleFilter.calculateMaps,
// ImageSetAugmenter.transform), not produced by the code under test. The same as runtime transformer
// actions: tests/runtime/transformer/test_transformer_synapseml.cpp.
#include <algorithm>
#include <fstream>
#include <iterator>

#include <imgframe/core.hpp>
#include <imgframe/erased/image_set_augmenter.hpp>
#include <imgframe/erased/unroll.hpp>
#include <imgframe/pipeline.hpp>
#include <imgframe/io/unroll_binary_image.hpp>

#include "catch_compat.hpp"

namespace {
using bytes = std::vector<std::uint8_t>;

imgframe::image_row row_of(int h, int w, int c, bytes data, std::string origin = "file:/x.png") {
  return {std::move(origin), h, w, c, imgframe::make_mode(imgframe::depth::u8, c),
          imgframe::byte_buffer(data.begin(), data.end())};
}

bytes file_bytes(const char* rel) {
  std::ifstream in(std::string(IMGFRAME_TEST_DATA) + "/" + rel, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}
}  // namespace

TEST_CASE("UnrollImage: planes in stored order, SynapseML's signed-byte conversion", "[synapseml][unroll]") {
  // Gray 2x2 with bytes 0, 127, 128, 255: Java bytes 0, 127, -128, -1 -> (b > 0 ? b : b + 256).
  CHECK(imgframe::unroll_image(row_of(2, 2, 1, {0, 127, 128, 255})) == std::vector<double>{256, 127, 128, 255});
  CHECK(imgframe::unroll_image(row_of(2, 2, 1, {0, 127, 128, 255}), imgframe::unroll_values::exact) ==
        std::vector<double>{0, 127, 128, 255});
  // BGR 2x2: pixels (0,127,128) (255,1,2) / (3,4,5) (6,7,8) -> B plane, G plane, R plane, row-major.
  const auto bgr = row_of(2, 2, 3, {0, 127, 128, 255, 1, 2, 3, 4, 5, 6, 7, 8});
  const std::vector<double> planes{256, 255, 3, 6, 127, 1, 4, 7, 128, 2, 5, 8};
  CHECK(imgframe::unroll_image(bgr) == planes);

  // Typed: the unroll stage on a view gives tensor<double, bgr, chw>; on mirrored / cropped views.
  const imgframe::image_view<const std::uint8_t, 3, imgframe::bgr> v(bgr.data.data(), 2, 2);
  const auto p = imgframe::make_pipeline(imgframe::unroll{});
  static_assert(std::is_same_v<decltype(p(v)), imgframe::tensor<double, imgframe::bgr, imgframe::chw>>);
  CHECK(p(v).values() == planes);
  CHECK(p(v.flipped_left_right()).values() == std::vector<double>{255, 256, 6, 3, 1, 127, 7, 4, 2, 128, 8, 5});
  CHECK(p(v.subview(1, 0, 1, 2)).values() == std::vector<double>{255, 6, 1, 7, 2, 8});
  CHECK((imgframe::crop{0, 1, 1, 2} | imgframe::unroll{imgframe::unroll_values::exact})(v).values() ==
        std::vector<double>{3, 6, 4, 7, 5, 8});
  // BGRA keeps its alpha plane; gray is one plane.
  const std::uint8_t bgra[] = {0, 1, 2, 0};
  CHECK(p(imgframe::image_view<const std::uint8_t, 4, imgframe::bgra>(bgra, 1, 1)).values() ==
        std::vector<double>{256, 1, 2, 256});
  // 8-bit only, and nothing after it (its result is no image).
  static_assert(!decltype(p)::accepts<imgframe::image_view<const float, 3, imgframe::bgr>>);
  static_assert(!decltype(p | imgframe::flip{})::accepts<imgframe::image_view<const std::uint8_t, 3, imgframe::bgr>>);

  // UnrollImage's require()s: an invalid row fails its byte count; a 16-bit row is no byte image.
  CHECK_THROWS_WITH(imgframe::unroll_image(imgframe::invalid_row("file:/bad.png")),
                    Catch::Matchers::Contains("incorrect number of bytes"));
  imgframe::image_row u16 = row_of(1, 1, 1, {1, 2});
  u16.mode = 2;
  u16.data = {1};
  CHECK_THROWS_WITH(imgframe::unroll_image(u16), Catch::Matchers::Contains("not an 8-bit image"));
}

TEST_CASE("UnrollBinaryImage: decode, ReplicateScaleFilter resize, unroll without the quirk", "[synapseml][unroll]") {
  const bytes png = file_bytes("corpus/valid/png/pngsuite/basn2c08.png");  // 32x32 RGB
  const auto decoded = imgframe::decode(png, "");
  REQUIRE(decoded.ok());
  const auto& d = decoded.row.data;
  auto at = [&](int x, int y, int c) { return static_cast<double>(d[(static_cast<std::size_t>(y) * 32 + x) * 3 + c]); };

  const auto full = imgframe::unroll_binary_image(png);
  REQUIRE(full.has_value());
  REQUIRE(full->size() == 32u * 32 * 3);
  CHECK((*full)[0] == at(0, 0, 0));                       // B plane first
  CHECK((*full)[32 * 32 + 5 * 32 + 7] == at(7, 5, 1));    // G plane
  CHECK((*full)[2 * 32 * 32 + 31 * 32 + 31] == at(31, 31, 2));
  CHECK(std::count(full->begin(), full->end(), 256.0) == 0);  // 0 stays 0.0

  // 32 -> 12: source index (2*i + 1) * 32 / 24.
  imgframe::unroll_binary_options o;
  o.width = 12;
  o.height = 12;
  const auto small = imgframe::unroll_binary_image(png, o);
  REQUIRE(small.has_value());
  REQUIRE(small->size() == 12u * 12 * 3);
  const int src[12] = {1, 4, 6, 9, 12, 14, 17, 20, 22, 25, 28, 30};
  for (int y = 0; y < 12; ++y)
    for (int x = 0; x < 12; ++x)
      for (int c = 0; c < 3; ++c) REQUIRE((*small)[(c * 12 + y) * 12 + x] == at(src[x], src[y], c));

  // Gray PNG: one plane of samples.
  const auto gray = imgframe::unroll_binary_image(file_bytes("corpus/valid/png/pngsuite/basn0g08.png"));
  REQUIRE(gray.has_value());
  CHECK(gray->size() == 32u * 32);

  // Not an image: no vector (SynapseML's null). Width without height, or another channel count: refused.
  const bytes text{'n', 'o', 't', ' ', 'a', 'n', ' ', 'i', 'm', 'a', 'g', 'e'};
  CHECK_FALSE(imgframe::unroll_binary_image(text).has_value());
  imgframe::unroll_binary_options half;
  half.width = 4;
  CHECK_THROWS_WITH(imgframe::unroll_binary_image(png, half), Catch::Matchers::Contains("both be specified"));
  imgframe::unroll_binary_options to_gray;
  to_gray.n_channels = 1;
  CHECK_THROWS_AS(imgframe::unroll_binary_image(png, to_gray), std::invalid_argument);
}

TEST_CASE("replicate_resize: ReplicateScaleFilter's source pixels, AWT's alpha-0 clearing", "[synapseml][unroll]") {
  using gray_view = imgframe::image_view<const std::uint8_t, 1, imgframe::gray>;
  const auto run = [](auto view, int w, int h) {
    return imgframe::make_pipeline(imgframe::replicate_resize{w, h})(view);
  };
  const std::uint8_t g4[] = {10, 20, 30, 40};  // 4 -> 2: source x = (2x+1)*4/4 = 1, 3
  auto a = run(gray_view(g4, 4, 1), 2, 1);
  CHECK((a.cview().at(0, 0, 0) == 20 && a.cview().at(1, 0, 0) == 40));
  const std::uint8_t g2[] = {7, 9};            // 2 -> 5: (2x+1)*2/10 = 0, 0, 1, 1, 1
  auto b = run(gray_view(g2, 2, 1), 5, 1);
  std::vector<int> got;
  for (int x = 0; x < 5; ++x) got.push_back(b.cview().at(x, 0, 0));
  CHECK(got == std::vector<int>{7, 7, 9, 9, 9});
  const std::uint8_t g3[] = {1, 2, 3, 4, 5, 6, 7, 8, 9};  // 3x3 -> 2x2: source 0 and 2 both ways
  auto c = run(gray_view(g3, 3, 3), 2, 2);
  CHECK((c.cview().at(0, 0, 0) == 1 && c.cview().at(1, 0, 0) == 3 && c.cview().at(0, 1, 0) == 7 &&
         c.cview().at(1, 1, 0) == 9));
  // BGRA 2x1 -> 1x1 takes pixel 1, alpha 0: drawn as (0, 0, 0, 0). Same size: kept as it is.
  const std::uint8_t px[] = {1, 2, 3, 255, 10, 20, 30, 0};
  const imgframe::image_view<const std::uint8_t, 4, imgframe::bgra> four(px, 2, 1);
  auto d = run(four, 1, 1);
  CHECK((d.cview().at(0, 0, 0) == 0 && d.cview().at(0, 0, 1) == 0 && d.cview().at(0, 0, 2) == 0 &&
         d.cview().at(0, 0, 3) == 0));
  auto e = run(four, 2, 1);
  CHECK((e.cview().at(1, 0, 0) == 10 && e.cview().at(1, 0, 2) == 30 && e.cview().at(1, 0, 3) == 0));
  CHECK_THROWS_WITH(run(gray_view(g4, 0, 0), 2, 2), Catch::Matchers::Contains("empty 0x0"));
}

TEST_CASE("ImageSetAugmenter: originals, then left-right flips, then up-down flips", "[synapseml][augmenter]") {
  // 2x3 BGR (rows: p00 p01 p02 / p10 p11 p12, pixel k = (k, k+10, k+20)).
  bytes px;
  for (int k = 0; k < 6; ++k) px.insert(px.end(), {std::uint8_t(k), std::uint8_t(k + 10), std::uint8_t(k + 20)});
  const auto a = row_of(2, 3, 3, px, "file:/a.png");
  const auto g = row_of(1, 2, 1, {9, 200}, "file:/g.png");
  const auto bad = imgframe::invalid_row("file:/bad.png");
  const std::vector<imgframe::image_row> rows{a, g, bad};

  auto pixels = [](std::initializer_list<int> order) {
    bytes out;
    for (int k : order) out.insert(out.end(), {std::uint8_t(k), std::uint8_t(k + 10), std::uint8_t(k + 20)});
    return out;
  };
  const auto lr = imgframe::image_set_augmenter{}(rows);  // flipLeftRight defaults to true
  REQUIRE(lr.size() == 6);
  CHECK(lr[0] == a);
  CHECK(lr[1] == g);
  CHECK(lr[2] == bad);
  CHECK(lr[3] == row_of(2, 3, 3, pixels({2, 1, 0, 5, 4, 3}), "file:/a.png"));
  CHECK(lr[4] == row_of(1, 2, 1, {200, 9}, "file:/g.png"));
  CHECK(lr[5] == bad);

  const auto both = imgframe::image_set_augmenter{.flip_left_right = true, .flip_up_down = true}(rows);
  REQUIRE(both.size() == 9);
  CHECK(both[3] == lr[3]);
  CHECK(both[6] == row_of(2, 3, 3, pixels({3, 4, 5, 0, 1, 2}), "file:/a.png"));
  CHECK(both[7] == g);  // one row: up-down changes nothing
  CHECK(both[8] == bad);

  CHECK(imgframe::image_set_augmenter{.flip_left_right = false}(rows).size() == 3);

  // Typed: the views, then their mirror views (zero-copy: the same pixels).
  using view3 = imgframe::image_view<const std::uint8_t, 3, imgframe::bgr>;
  const std::vector<view3> views{view3(a.data.data(), 3, 2)};
  const auto vs = imgframe::image_set_augmenter{.flip_left_right = true, .flip_up_down = true}(views);
  REQUIRE(vs.size() == 3);
  CHECK(vs[0].data() == views[0].data());
  CHECK(imgframe::to_row(vs[1], "file:/a.png") == lr[3]);
  CHECK(imgframe::to_row(vs[2], "file:/a.png") == both[6]);
  CHECK(vs[1].pixel(0, 0) == views[0].pixel(2, 0));
}
