// SynapseML's UnrollImage, UnrollBinaryImage and ImageSetAugmenter as actions of the runtime
// transformer (JSON stage lists). Expected values are worked out by hand from SynapseML's code
// (UnrollImage.unroll: 0 -> 256.0; ReplicateScaleFilter: source (2x+1)*W/(2w); ImageSetAugmenter:
// union of the rows, their left-right flips, their up-down flips). The dispatch is instantiated in
// test_transformer.cpp, as in test_transformer_json.cpp.
#include <imgframe/core.hpp>
#include <imgframe/json/image_transformer_json.hpp>

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "catch_compat.hpp"
#include "transformer_test_support.hpp"

namespace imf = imgframe;

namespace {
using transformer_test::error_of;
using bytes = std::vector<std::uint8_t>;

imf::image_row row_of(int h, int w, int c, bytes data, std::string origin = "file:/x.png") {
  return {std::move(origin), h, w, c, imf::make_mode(imf::depth::u8, c), imf::byte_buffer(data.begin(), data.end())};
}

const imf::tensor_row& tensor_of(const imf::transform_result& r) { return std::get<imf::tensor_row>(r); }
const std::vector<double>& doubles(const imf::transform_result& r) {
  return std::get<std::vector<double>>(tensor_of(r).values);
}
bytes data_of(const imf::transform_result& r) {
  const auto& d = std::get<imf::image_row>(r).data;
  return {d.begin(), d.end()};
}
}  // namespace

TEST_CASE("transformer: unrollimage ends the list with SynapseML's vector", "[transformer][synapseml]") {
  // BGR 2x2: (0,127,128) (255,1,2) / (3,4,5) (6,7,8); flip(1) first: (255,1,2) (0,127,128) / (6,7,8) (3,4,5).
  const auto bgr = row_of(2, 2, 3, {0, 127, 128, 255, 1, 2, 3, 4, 5, 6, 7, 8});
  const auto t = imf::image_transformer::parse(R"([{"action":"flip","flipCode":1},{"action":"UnrollImage"}])");
  CHECK(t.describe() == "flip(1) -> unroll(0 -> 256)");
  const auto r = t(bgr);
  CHECK(tensor_of(r).dtype == imf::depth::f64);
  CHECK(tensor_of(r).order == "bgr");
  CHECK(tensor_of(r).shape() == std::array<std::size_t, 3>{3, 2, 2});
  CHECK(doubles(r) == std::vector<double>{255, 256, 6, 3, 1, 127, 7, 4, 2, 128, 8, 5});
  // Gray bytes 0, 127, 128, 255 (Java -128 and -1 for the last two): 256, 127, 128, 255.
  CHECK(doubles(t(row_of(1, 4, 1, {255, 128, 127, 0}))) == std::vector<double>{256, 127, 128, 255});
  // Invalid rows pass through, as everywhere in the transformer.
  const auto bad = imf::invalid_row("file:/bad.png");
  CHECK(std::get<imf::image_row>(t(bad)) == bad);

  CHECK(error_of([] { (void)imf::image_transformer::parse(R"([{"action":"unrollimage"},{"action":"flip","flipCode":1}])"); }) ==
        "stage 0 (unrollimage): must be the last stage (its result is a vector, not an image)");
  CHECK(error_of([] {
          (void)imf::image_transformer::parse(R"({"stages":[{"action":"unrollimage"}],"toTensor":true})");
        }) == "stage 0 (unrollimage): makes the vector itself: toTensor must be false");
  CHECK(error_of([] { (void)imf::image_transformer::parse(R"([{"action":"unrollimage","x":1}])"); }) ==
        "stage 0 (unrollimage): unknown parameter 'x' (unrollimage takes none)");
  imf::image_row f32 = row_of(1, 1, 1, {0, 0, 0, 0});
  f32.mode = imf::make_mode(imf::depth::f32, 1);
  CHECK(error_of([&] { (void)t(f32); }) ==
        "stage 1 (unrollimage): unrolls only 8-bit unsigned images (got a CV_32FC1 image)");
}

TEST_CASE("transformer: unrollbinaryimage resizes like ReplicateScaleFilter, no 0 -> 256", "[transformer][synapseml]") {
  // Gray 3x1 (0, 5, 6) -> 2x1: source x = (2x+1)*3/4 = 0, 2: (0, 6), and 0 stays 0.
  const auto t = imf::image_transformer::parse(R"([{"action":"unrollbinaryimage","width":2,"height":1}])");
  CHECK(t.describe() == "replicate_resize(2x1) -> unroll(exact)");
  CHECK(doubles(t(row_of(1, 3, 1, {0, 5, 6}))) == std::vector<double>{0, 6});
  // BGRA 2x1 -> 1x1 takes pixel 1; its alpha is 0, so AWT draws (0, 0, 0, 0).
  const auto bgra = row_of(1, 2, 4, {1, 2, 3, 255, 10, 20, 30, 0});
  const auto one = imf::image_transformer::parse(R"([{"action":"unrollbinaryimage","width":1,"height":1}])");
  CHECK(doubles(one(bgra)) == std::vector<double>{0, 0, 0, 0});
  // Without a size, or at the image's size: the image as it is.
  const auto same = imf::image_transformer::parse(R"([{"action":"unrollbinaryimage","width":2,"height":1}])");
  CHECK(doubles(same(bgra)) == std::vector<double>{1, 10, 2, 20, 3, 30, 255, 0});
  const auto plain = imf::image_transformer::parse(R"([{"action":"unrollbinaryimage","nChannels":4}])");
  CHECK(doubles(plain(bgra)) == std::vector<double>{1, 10, 2, 20, 3, 30, 255, 0});

  CHECK(error_of([&] { (void)plain(row_of(1, 1, 3, {1, 2, 3})); }) ==
        "stage 0 (unrollbinaryimage): imgframe unroll: converting a 3-channel image to nChannels = 4 (java.awt's "
        "colour conversion) is not reproduced");
  CHECK(error_of([] { (void)imf::image_transformer::parse(R"([{"action":"unrollbinaryimage","width":2}])"); }) ==
        "stage 0 (unrollbinaryimage): Height and width must either both be specified or unspecified");
  CHECK(error_of([] {
          (void)imf::image_transformer::parse(
              R"([{"action":"flip","flipCode":1},{"action":"unrollbinaryimage","width":2,"height":2},{"action":"flip","flipCode":1}])");
        }) == "stage 1 (unrollbinaryimage): must be the last stage (its result is a vector, not an image)");
}

TEST_CASE("transformer: imagesetaugmenter rows in the order of SynapseML's unions", "[transformer][synapseml]") {
  const auto r1 = row_of(2, 2, 1, {1, 2, 3, 4}, "file:/r1.png");
  const auto r2 = row_of(2, 2, 1, {5, 6, 7, 8}, "file:/r2.png");
  const auto bad = imf::invalid_row("file:/bad.png");
  const std::vector<imf::image_row> rows{r1, bad, r2};

  const auto t = imf::image_transformer::parse(R"([{"action":"ImageSetAugmenter","flipUpDown":true}])");
  CHECK(t.describe() == "imagesetaugmenter(flipLeftRight, flipUpDown)");
  const auto out = t.transform_set(rows);
  REQUIRE(out.size() == 9);
  CHECK(data_of(out[0]) == bytes{1, 2, 3, 4});
  CHECK(std::get<imf::image_row>(out[1]) == bad);
  CHECK(data_of(out[2]) == bytes{5, 6, 7, 8});
  CHECK(data_of(out[3]) == bytes{2, 1, 4, 3});  // left-right
  CHECK(std::get<imf::image_row>(out[4]) == bad);
  CHECK(data_of(out[5]) == bytes{6, 5, 8, 7});
  CHECK(data_of(out[6]) == bytes{3, 4, 1, 2});  // up-down
  CHECK(data_of(out[8]) == bytes{7, 8, 5, 6});
  CHECK(std::get<imf::image_row>(out[8]).origin == "file:/r2.png");

  // Two augmenters around a crop, then unrolled: the second augmenter's union is the outer one.
  // First: (as is, left-right); second: (as is, up-down). Crop keeps the left column of 2x2.
  const auto two = imf::image_transformer::parse(
      R"([{"action":"imagesetaugmenter"},{"action":"crop","x":0,"y":0,"height":2,"width":1},
          {"action":"imagesetaugmenter","flipLeftRight":false,"flipUpDown":true},{"action":"unrollimage"}])");
  const std::vector<imf::image_row> pair{r1, r2};
  const auto o2 = two.transform_set(pair);
  REQUIRE(o2.size() == 8);
  const std::vector<std::vector<double>> expected{{1, 3}, {5, 7}, {2, 4}, {6, 8},   // as is, then left-right
                                                  {3, 1}, {7, 5}, {4, 2}, {8, 6}};  // the same, up-down
  for (std::size_t i = 0; i < 8; ++i) CHECK(doubles(o2[i]) == expected[i]);

  // One row in, several out: transform() refuses; without an augmenter transform_set is transform().
  CHECK(error_of([&] { (void)t(r1); }) ==
        "imagesetaugmenter makes several rows of each row: use transform_set on the rows");
  const auto flip = imf::image_transformer::parse(R"([{"action":"flip","flipCode":0}])");
  const auto same = flip.transform_set(pair);
  REQUIRE(same.size() == 2);
  CHECK(data_of(same[1]) == bytes{7, 8, 5, 6});
  CHECK(error_of([] { (void)imf::image_transformer::parse(R"([{"action":"imagesetaugmenter","flipUpDown":1}])"); }) ==
        "stage 0 (imagesetaugmenter): parameter 'flipUpDown' must be a boolean, got an integer (1)");
}
