// SynapseML's UnrollImage, UnrollBinaryImage and ImageSetAugmenter. Expected values are worked out
// by hand from SynapseML's code (UnrollImage.unroll / unrollBI, ReplicateScaleFilter.calculateMaps,
// ImageSetAugmenter.transform), not produced by the code under test.
#include <algorithm>
#include <fstream>
#include <iterator>

#include <imgframe/core.hpp>
#include <imgframe/erased/image_set_augmenter.hpp>
#include <imgframe/erased/unroll.hpp>
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

  // Typed: the same on a view, and on mirrored / cropped views of it.
  const imgframe::image_view<const std::uint8_t, 3, imgframe::bgr> v(bgr.data.data(), 2, 2);
  CHECK(imgframe::unroll(v) == planes);
  CHECK(imgframe::unroll(v.flipped_left_right()) == std::vector<double>{255, 256, 6, 3, 1, 127, 7, 4, 2, 128, 8, 5});
  CHECK(imgframe::unroll(v.subview(1, 0, 1, 2)) == std::vector<double>{255, 6, 1, 7, 2, 8});

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
}
