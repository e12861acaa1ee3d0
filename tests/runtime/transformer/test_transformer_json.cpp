// image_transformer from JSON: both shapes (a list of stage maps, an object with "stages" and the
// transformer's parameters), the same transformer as the C++ stage maps, and the error texts.
// The umbrella (typed pipelines to compare with), the class and the JSON front end, not the
// dispatch: that is instantiated once, in
// test_transformer.cpp (IMGFRAME_INSTANTIATE_TRANSFORMER), as a build that splits it would do.
#include <imgframe/imgframe.hpp>
#include <imgframe/json/image_transformer_json.hpp>

#include <cstdint>
#include <string>
#include <variant>

#include <opencv2/core.hpp>

#include "catch_compat.hpp"
#include "transformer_test_support.hpp"

namespace imf = imgframe;
using I = std::int64_t;

namespace {
using transformer_test::error_of;
imf::image_row gradient_row() {
  imf::image_row r;
  r.origin = "gradient";
  r.height = 48;
  r.width = 64;
  r.n_channels = 3;
  r.mode = 16;
  for (int y = 0; y < 48; ++y)
    for (int x = 0; x < 64; ++x)
      for (int c = 0; c < 3; ++c) r.data.push_back(static_cast<std::uint8_t>((x * 3 + y * 5 + c * 70) & 0xFF));
  return r;
}

}  // namespace

TEST_CASE("JSON: a plain list of SynapseML stage maps (the DESIGN.md example)", "[transformer][json]") {
  const auto t = imf::parse_image_transformer(
      R"([{"action":"resize","height":32,"width":40}, {"action":"flip","flipCode":1}])");
  const imf::image_transformer same({{"resize", {{"height", I{32}}, {"width", I{40}}}}, {"flip", {{"flipCode", I{1}}}}});
  const auto row = gradient_row();
  CHECK(std::get<imf::image_row>(t.transform(row)) == std::get<imf::image_row>(same.transform(row)));
  CHECK(std::get<imf::image_row>(t.transform(row)) == imf::apply(row, imf::resize{32, 40} | imf::flip{1}));
  CHECK(t.describe() == "resize(40x32, bilinear) -> flip(1)");
  // DESIGN.md's spelling: image_transformer::parse, and calling the transformer on a row.
  const auto u = imf::image_transformer::parse(R"([{"action":"resize","height":32,"width":40}, {"action":"flip","flipCode":1}])");
  CHECK(std::get<imf::image_row>(u(row)) == std::get<imf::image_row>(t.transform(row)));
  CHECK_FALSE(t.to_tensor());
}

TEST_CASE("JSON: an object with stages and the tensor parameters (ImageFeaturizer's config)", "[transformer][json]") {
  const auto t = imf::parse_image_transformer(R"({
    "stages": [{"action": "resize", "height": 224, "width": 224},
               {"action": "centercrop", "height": 224, "width": 224}],
    "toTensor": true,
    "normalizeMean": [0.485, 0.456, 0.406],
    "normalizeStd": [0.229, 0.224, 0.225],
    "colorScaleFactor": 0.00392156862745098,
    "tensorChannelOrder": "RGB",
    "tensorElementType": "float",
    "autoConvertToColor": true
  })");
  CHECK(t.to_tensor());
  CHECK(t.describe() == "resize(224x224, bilinear) -> centercrop(224x224) -> toTensor(float, rgb, CHW)");
  const auto row = gradient_row();
  const auto out = std::get<imf::tensor_row>(t.transform(row));
  const auto typed = imf::resize{224, 224} | imf::center_crop{224, 224} |
                     imf::to_tensor<float, imf::rgb, imf::chw, imf::expand_gray>{
                         {0.485, 0.456, 0.406}, {0.229, 0.224, 0.225}, 0.00392156862745098};
  CHECK(out == imf::apply(row, typed));
  // nlohmann's get<> finds from_json by ADL.
  const auto j = nlohmann::json::parse(R"({"stages": [], "toTensor": true, "tensorElementType": "double"})");
  const auto t2 = j.get<imf::image_transformer>();
  CHECK(std::get<imf::tensor_row>(t2.transform(row)).dtype == imf::depth::f64);
}

TEST_CASE("JSON errors are transform_errors that say where", "[transformer][json][errors]") {
  CHECK(error_of([] { imf::parse_image_transformer(R"([{"action":"resize","height":64.5,"width":3}])"); }) ==
        "stage 0 (resize): parameter 'height' must be an integer, got a number (64.5)");
  CHECK(error_of([] { imf::parse_image_transformer(R"([{"action":"resize","height":64.0,"width":3}])"); }) ==
        "stage 0 (resize): parameter 'height' must be an integer, got a number (64.0)");
  CHECK(error_of([] { imf::parse_image_transformer(R"([{"action":"flip","flipCode":1},{"action":"foo"}])"); })
            .rfind("unsupported transformation 'foo' in stage 1", 0) == 0);
  CHECK(error_of([] { imf::parse_image_transformer(R"([{"action":"crop","x":[1],"y":0,"height":1,"width":1}])"); }) ==
        "stage 0 (crop): parameter 'x' must be a single value, got an array");
  CHECK(error_of([] { imf::parse_image_transformer(R"([{"flipCode":1}])"); }) == "stage 0: missing \"action\"");
  CHECK(error_of([] { imf::parse_image_transformer(R"([3])"); }) ==
        "stage 0: must be an object like {\"action\": \"resize\", ...}, got an integer");
  CHECK(error_of([] { imf::parse_image_transformer(R"({"stages": [], "inputCol": "image"})"); }) ==
        "unknown key 'inputCol' (accepted: stages, toTensor, normalizeMean, normalizeStd, colorScaleFactor, "
        "tensorChannelOrder, tensorElementType, autoConvertToColor)");
  CHECK(error_of([] { imf::parse_image_transformer(R"({"toTensor": "yes"})"); }) ==
        "toTensor must be true or false, got a string");
  CHECK(error_of([] { imf::parse_image_transformer(R"({"toTensor": true, "normalizeMean": [1, "a", 2]})"); }) ==
        "normalizeMean must be a list of numbers, got a string in it");
  CHECK(error_of([] { imf::parse_image_transformer(R"("resize")"); }) ==
        "an image transformer is a list of stages or an object with \"stages\", got a string");
  CHECK(error_of([] { imf::parse_image_transformer(R"([{"action":"flip",)"); }).rfind("invalid JSON: ", 0) == 0);
  // Found by fuzz_transformer: a number past double's range is nlohmann's out_of_range, not a parse_error.
  CHECK(error_of([] { imf::parse_image_transformer(R"([{"action":"crop","x":1,"y":2,"height":3,"width":1e3084}])"); }) ==
        "invalid JSON: [json.exception.out_of_range.406] number overflow parsing '1e3084'");
}
