// image_transformer (SynapseML's ImageTransformer at run time): every action equals the typed
// one-stage pipeline byte for byte on real photos, some equal OpenCV directly, SynapseML's
// published toTensor case, the tensor semantics (planes, gray, fused tail) and the error texts.
#include <imgframe/imgframe.hpp>
#include <imgframe/erased/image_transformer.hpp>  // dispatch: imgframe_transformer_dispatch
#include <imgframe/erased/transformer/shrink_plan.hpp>
#include <imgframe/io.hpp>

#include <cmath>
#include <cstdint>
#include <fstream>
#include <iterator>
#include <string>
#include <variant>
#include <vector>

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "catch_compat.hpp"
#include "transformer_test_support.hpp"

namespace imf = imgframe;
using imf::image_row;
using imf::image_transformer;
using imf::stage_spec;
using imf::tensor_row;
using imf::transformer_params;
using I = std::int64_t;

namespace {
using transformer_test::error_of;

std::string sample(const std::string& name) { return std::string(IMGFRAME_TEST_DATA) + "/samples/" + name; }

cv::Mat read_mat(const std::string& name) {
  cv::Mat m = cv::imread(sample(name), cv::IMREAD_UNCHANGED);
  if (m.empty()) throw std::runtime_error("cannot read sample " + name);
  return m;
}

// A Spark row holding a Mat's bytes (BGR(A) as OpenCV decodes them).
image_row row_of(const cv::Mat& m, const std::string& origin) {
  image_row r;
  r.origin = origin;
  r.height = m.rows;
  r.width = m.cols;
  r.n_channels = m.channels();
  r.mode = m.type();
  const std::size_t row_bytes = static_cast<std::size_t>(m.cols) * m.elemSize();
  r.data.resize(row_bytes * static_cast<std::size_t>(m.rows));
  for (int y = 0; y < m.rows; ++y) std::memcpy(r.data.data() + row_bytes * static_cast<std::size_t>(y), m.ptr(y), row_bytes);
  return r;
}

image_row sample_row(const std::string& name) { return row_of(read_mat(name), "file:/samples/" + name); }

// A Mat header on a row's bytes.
cv::Mat mat_of(const image_row& r) {
  return cv::Mat(r.height, r.width, r.mode, const_cast<std::uint8_t*>(r.data.data()));
}

const image_row& as_image(const imf::transform_result& r) { return std::get<image_row>(r); }
const tensor_row& as_tensor(const imf::transform_result& r) { return std::get<tensor_row>(r); }

image_row run_one(const stage_spec& s, const image_row& row) { return as_image(image_transformer({s}).transform(row)); }

// The typed one-stage pipeline on the row, through visit (what the transformer must equal).
template <class S>
image_row typed(const S& stage, const image_row& row) {
  return imf::apply(row, imf::make_pipeline(stage));
}

double fraction_differing(const cv::Mat& a, const cv::Mat& b, double tolerance) {
  cv::Mat d;
  cv::absdiff(a, b, d);
  return static_cast<double>(cv::countNonZero(d.reshape(1) > tolerance)) / static_cast<double>(d.total() * d.channels());
}

// Number of differing values over all channels.
long long differing(const cv::Mat& a, const cv::Mat& b) {
  if (a.size() != b.size() || a.type() != b.type()) return -1;
  cv::Mat d;
  cv::absdiff(a, b, d);
  return cv::countNonZero(d.reshape(1));
}

}  // namespace

TEST_CASE("every action equals the typed one-stage pipeline, byte for byte", "[transformer]") {
  for (const char* name : {"chelsea.png", "camera.png", "horse.png"}) {
    const image_row row = sample_row(name);
    INFO(name << " " << row.width << "x" << row.height << "x" << row.n_channels);
    CHECK(run_one({"resize", {{"height", I{97}}, {"width", I{131}}}}, row) == typed(imf::resize{97, 131}, row));
    CHECK(run_one({"resize", {{"size", I{100}}, {"keepAspectRatio", true}}}, row) ==
          typed(imf::resize_short{100}, row));
    CHECK(run_one({"resize", {{"size", I{100}}, {"keepAspectRatio", false}}}, row) ==
          typed(imf::resize{100, 100}, row));
    CHECK(run_one({"resize", {{"height", I{60}}, {"width", I{80}}, {"interpolation", std::string("area")}}}, row) ==
          typed(imf::resize{60, 80, imf::interpolation::area}, row));
    CHECK(run_one({"crop", {{"x", I{13}}, {"y", I{7}}, {"height", I{50}}, {"width", I{70}}}}, row) ==
          typed(imf::crop{13, 7, 50, 70}, row));
    CHECK(run_one({"centercrop", {{"height", I{101}}, {"width", I{99}}}}, row) ==
          typed(imf::center_crop{101, 99}, row));
    // blur's swap: SynapseML's height is the kernel width.
    CHECK(run_one({"blur", {{"height", 5.0}, {"width", 3.0}}}, row) == typed(imf::blur{5, 3}, row));
    CHECK(run_one({"blur", {{"height", I{4}}, {"width", 7.9}}}, row) == typed(imf::blur{4, 7}, row));
    CHECK(run_one({"gaussiankernel", {{"apertureSize", I{5}}, {"sigma", 1.5}}}, row) ==
          typed(imf::gaussian_kernel{5, 1.5}, row));
    CHECK(run_one({"gaussiankernel", {{"apertureSize", I{4}}, {"sigma", I{0}}}}, row) ==
          typed(imf::gaussian_kernel{4, 0.0}, row));
    for (int t = 0; t <= 4; ++t)
      CHECK(run_one({"threshold", {{"threshold", 127.5}, {"maxVal", 200.0}, {"type", I{t}}}}, row) ==
            typed(imf::threshold{127.5, 200.0, static_cast<imf::threshold_type>(t)}, row));
    for (int code : {0, 1, -1, 2})
      CHECK(run_one({"flip", {{"flipCode", I{code}}}}, row) == typed(imf::flip{code}, row));
    // Action names are case-insensitive ("centerCrop" is the Scala builder's name).
    CHECK(run_one({"centerCrop", {{"height", I{10}}, {"width", I{10}}}}, row) == typed(imf::center_crop{10, 10}, row));
  }
}

TEST_CASE("colorformat: each OpenCV code equals the typed color_format, with the row's mode updated",
          "[transformer][colorformat]") {
  using imf::color_code;
  using imf::color_format;
  const image_row bgr = sample_row("chelsea.png"), gray = sample_row("camera.png"), bgra = sample_row("horse.png");
  auto cf = [](int code, const image_row& row) { return run_one({"colorformat", {{"format", I{code}}}}, row); };
  CHECK(cf(0, bgr) == typed(color_format<color_code::bgr2bgra>{}, bgr));
  CHECK(cf(1, bgra) == typed(color_format<color_code::bgra2bgr>{}, bgra));
  CHECK(cf(2, bgr) == typed(color_format<color_code::bgr2rgba>{}, bgr));
  CHECK(cf(3, bgra) == typed(color_format<color_code::bgra2rgb>{}, bgra));
  CHECK(cf(4, bgr) == typed(color_format<color_code::bgr2rgb>{}, bgr));
  CHECK(cf(4, bgra) == typed(color_format<color_code::bgr2rgb>{}, bgra));  // BGR2RGB takes 4 channels, as cvtColor
  CHECK(cf(5, bgra) == typed(color_format<color_code::bgra2rgba>{}, bgra));
  CHECK(cf(6, bgr) == typed(color_format<color_code::bgr2gray>{}, bgr));
  CHECK(cf(8, gray) == typed(color_format<color_code::gray2bgr>{}, gray));
  CHECK(cf(9, gray) == typed(color_format<color_code::gray2bgra>{}, gray));
  CHECK(cf(10, bgra) == typed(color_format<color_code::bgra2gray>{}, bgra));
  // RGB2GRAY on Spark's BGR bytes: OpenCV weighs the first byte as red; so does the transformer.
  const auto bgr_view = imf::row_as<imf::image_view<const std::uint8_t, 3, imf::bgr>>(bgr);
  const auto gray_of_rgb =
      imf::make_pipeline(color_format<color_code::rgb2gray>{})(bgr_view.reinterpret_order<imf::rgb>());
  const image_row as_rgb = imf::to_row(gray_of_rgb.cview(), bgr.origin);
  CHECK(cf(7, bgr) == as_rgb);

  const image_row g = cf(6, bgr);
  CHECK(g.origin == bgr.origin);
  CHECK(g.mode == 0);
  CHECK(g.n_channels == 1);
  CHECK(cf(0, bgr).mode == 24);
  CHECK(cf(8, gray).n_channels == 3);
}

TEST_CASE("stages equal OpenCV itself: crop and flip exact, cvtColor exact, INTER_LINEAR within +-1",
          "[transformer][opencv]") {
  const cv::Mat m = read_mat("chelsea.png");
  const image_row row = row_of(m, "chelsea");

  const image_row c = run_one({"crop", {{"x", I{37}}, {"y", I{11}}, {"height", I{120}}, {"width", I{201}}}}, row);
  CHECK(differing(mat_of(c), m(cv::Rect(37, 11, 201, 120))) == 0);

  for (int code : {0, 1, -1}) {
    cv::Mat expected;
    cv::flip(m, expected, code);
    const image_row f = run_one({"flip", {{"flipCode", I{code}}}}, row);
    CHECK(differing(mat_of(f), expected) == 0);
  }
  for (int code : {cv::COLOR_BGR2RGB, cv::COLOR_BGR2GRAY, cv::COLOR_BGR2BGRA, cv::COLOR_RGB2GRAY}) {
    cv::Mat expected;
    cv::cvtColor(m, expected, code);
    const image_row out = run_one({"colorformat", {{"format", I{code}}}}, row);
    INFO("cvtColor code " << code);
    REQUIRE(out.mode == expected.type());
    CHECK(differing(mat_of(out), expected) == 0);
  }
  {
    cv::Mat expected;
    cv::resize(m, expected, cv::Size(131, 97));  // SynapseML: Imgproc.resize(src, dst, Size(width, height))
    const image_row out = run_one({"resize", {{"height", I{97}}, {"width", I{131}}}}, row);
    const double f1 = fraction_differing(mat_of(out), expected, 0), f2 = fraction_differing(mat_of(out), expected, 1);
    INFO("INTER_LINEAR 451x300 -> 131x97: " << f1 * 100 << "% of values differ, " << f2 * 100 << "% by more than 1");
    CHECK(f2 == 0.0);
    CHECK(f1 < 0.01);
  }
  {
    // blur(height=7, width=3) is cv::blur(Size(7, 3)): a 7-wide, 3-high box.
    cv::Mat expected;
    cv::blur(m, expected, cv::Size(7, 3));
    const image_row out = run_one({"blur", {{"height", 7.0}, {"width", 3.0}}}, row);
    INFO("blur differs on " << fraction_differing(mat_of(out), expected, 0) * 100 << "% of values");
    CHECK(fraction_differing(mat_of(out), expected, 1) == 0.0);
  }
  {
    cv::Mat expected;
    cv::threshold(m, expected, 100.7, 255, cv::THRESH_TOZERO);
    const image_row out = run_one({"threshold", {{"threshold", 100.7}, {"maxVal", I{255}}, {"type", I{3}}}}, row);
    CHECK(differing(mat_of(out), expected) == 0);
  }
}

TEST_CASE("a chain equals the typed multi-stage pipeline", "[transformer]") {
  const image_row row = sample_row("coffee.png");
  const image_transformer t({{"resize", {{"size", I{256}}, {"keepAspectRatio", true}}},
                             {"centercrop", {{"height", I{224}}, {"width", I{224}}}},
                             {"flip", {{"flipCode", I{1}}}},
                             {"colorformat", {{"format", I{6}}}},
                             {"threshold", {{"threshold", I{90}}, {"maxVal", I{255}}, {"type", I{0}}}}});
  const auto p = imf::resize_short{256} | imf::center_crop{224, 224} | imf::flip{1} |
                 imf::color_format<imf::color_code::bgr2gray>{} | imf::threshold{90, 255, imf::threshold_type::binary};
  const image_row out = as_image(t.transform(row));
  CHECK(out == imf::apply(row, p));
  CHECK(out.width == 224);
  CHECK(out.height == 224);
  CHECK(out.mode == 0);
  CHECK(t.describe() ==
        "resize(short side 256, bilinear) -> centercrop(224x224) -> flip(1) -> colorformat(6 BGR2GRAY) -> "
        "threshold(90.0, max 255.0, type 0)");
}

TEST_CASE("SynapseML's published case: pure red, mean 0.5, std 1, scale 1/255", "[transformer][tensor]") {
  for (int channels : {3, 4}) {
    cv::Mat red(6, 5, CV_8UC(channels), channels == 3 ? cv::Scalar(0, 0, 255) : cv::Scalar(0, 0, 255, 255));
    const image_row row = row_of(red, "red");
    for (const char* elem : {"float", "double", "FloatType"}) {
      transformer_params p;
      p.to_tensor = true;
      p.normalize_mean = {0.5, 0.5, 0.5};
      p.normalize_std = {1, 1, 1};
      p.color_scale_factor = 1.0 / 255;
      p.tensor_element_type = elem;
      const tensor_row t = as_tensor(image_transformer({}, p).transform(row));
      INFO(channels << " channels, " << elem);
      CHECK(t.layout == imf::tensor_layout::chw);
      CHECK(t.shape() == std::array<std::size_t, 3>{3, 6, 5});
      CHECK(t.order == "rgb");
      const std::vector<double> values = std::visit(
          [](const auto& v) { return std::vector<double>(v.begin(), v.end()); }, t.values);
      CHECK(t.dtype == (std::string(elem) == "double" ? imf::depth::f64 : imf::depth::f32));
      for (std::size_t i = 0; i < values.size(); ++i) {
        const double expected = i < 30 ? 0.5 : -0.5;  // R plane first, then G and B
        REQUIRE(values[i] == expected);
      }
      p.tensor_channel_order = "BGR";
      const tensor_row b = as_tensor(image_transformer({}, p).transform(row));
      CHECK(b.order == "bgr");
      const std::vector<double> bv = std::visit(
          [](const auto& v) { return std::vector<double>(v.begin(), v.end()); }, b.values);
      CHECK(bv.front() == -0.5);  // B
      CHECK(bv[30] == -0.5);      // G
      CHECK(bv.back() == 0.5);    // R
    }
  }
}

TEST_CASE("toTensor: planes, gray, defaults and the SynapseML BGR2RGB quirk", "[transformer][tensor]") {
  const image_row bgr = sample_row("chelsea.png"), gray = sample_row("camera.png");
  transformer_params p;
  p.to_tensor = true;
  SECTION("defaults: scale 1, mean 0, std 1: the raw values as float, R plane first") {
    const tensor_row t = as_tensor(image_transformer({}, p).transform(bgr));
    const auto& v = std::get<std::vector<float>>(t.values);
    const std::size_t plane = 300 * 451;
    CHECK(t.shape() == std::array<std::size_t, 3>{3, 300, 451});
    CHECK(v[0] == bgr.data[2]);          // R of pixel 0
    CHECK(v[plane] == bgr.data[1]);      // G
    CHECK(v[2 * plane + 7] == bgr.data[7 * 3]);  // B of pixel 7
  }
  SECTION("gray keeps 1 plane; autoConvertToColor gives 3 equal planes") {
    const tensor_row one = as_tensor(image_transformer({}, p).transform(gray));
    CHECK(one.shape() == std::array<std::size_t, 3>{1, 512, 512});
    CHECK(one.order == "gray");
    p.auto_convert_to_color = true;
    const tensor_row three = as_tensor(image_transformer({}, p).transform(gray));
    CHECK(three.shape() == std::array<std::size_t, 3>{3, 512, 512});
    const auto& v = std::get<std::vector<float>>(three.values);
    const std::size_t plane = 512 * 512;
    for (std::size_t i : {std::size_t{0}, std::size_t{777}, plane - 1})
      CHECK((v[i] == gray.data[i] && v[plane + i] == gray.data[i] && v[2 * plane + i] == gray.data[i]));
  }
  SECTION("colorformat 4 then toTensor rgb: the bytes are BGR again, so the planes come out B, G, R") {
    const tensor_row t = as_tensor(image_transformer({{"colorformat", {{"format", I{4}}}}}, p).transform(bgr));
    const auto& v = std::get<std::vector<float>>(t.values);
    CHECK(v[0] == bgr.data[0]);  // plane 0 holds blue, as in SynapseML (two BGR2RGB swaps)
  }
  SECTION("a final gray colorformat is fused with to_tensor and gives the unfused values") {
    const image_row g = run_one({"colorformat", {{"format", I{6}}}}, bgr);
    p.normalize_mean = {0.25};
    p.normalize_std = {0.5};
    p.color_scale_factor = 1.0 / 255;
    const tensor_row fused = as_tensor(image_transformer({{"colorformat", {{"format", I{6}}}}}, p).transform(bgr));
    const tensor_row separate = as_tensor(image_transformer({}, p).transform(g));
    CHECK(fused.values == separate.values);
    CHECK(fused.shape() == std::array<std::size_t, 3>{1, 300, 451});
  }
  SECTION("the same tensor as the typed pipeline (resize + to_tensor<double, bgr>)") {
    p.tensor_channel_order = "bgr";
    p.tensor_element_type = "double";
    p.normalize_mean = {1, 2, 3};
    p.normalize_std = {4, 5, 6};
    p.color_scale_factor = 0.5;
    const tensor_row t =
        as_tensor(image_transformer({{"resize", {{"height", I{33}}, {"width", I{44}}}}}, p).transform(bgr));
    const auto typed_pipeline = imf::resize{33, 44} | imf::to_tensor<double, imf::bgr, imf::chw>{{1, 2, 3}, {4, 5, 6}, 0.5};
    const tensor_row expected = imf::apply(bgr, typed_pipeline);
    CHECK(t == expected);
  }
}

TEST_CASE("the ImageFeaturizer flow: resize 224 -> centercrop -> ImageNet mean/std, RGB float",
          "[transformer][tensor][featurizer]") {
  transformer_params p;
  p.to_tensor = true;
  p.normalize_mean = {0.485, 0.456, 0.406};
  p.normalize_std = {0.229, 0.224, 0.225};
  p.color_scale_factor = 1.0 / 255;
  p.tensor_channel_order = "rgb";
  p.tensor_element_type = "float";
  p.auto_convert_to_color = true;
  const image_transformer t({{"resize", {{"height", I{224}}, {"width", I{224}}}},
                             {"centercrop", {{"height", I{224}}, {"width", I{224}}}}},
                            p);
  for (const char* name : {"chelsea.png", "horse.png", "camera.png"}) {
    const cv::Mat m = read_mat(name);
    const tensor_row out = as_tensor(t.transform(row_of(m, name)));
    REQUIRE(out.shape() == std::array<std::size_t, 3>{3, 224, 224});
    const auto& v = std::get<std::vector<float>>(out.values);
    // Independent reference: OpenCV's INTER_LINEAR, then SynapseML's formula in double.
    cv::Mat small, rgb;
    cv::resize(m, small, cv::Size(224, 224));
    cv::cvtColor(small, rgb, m.channels() == 1 ? cv::COLOR_GRAY2RGB : m.channels() == 4 ? cv::COLOR_BGRA2RGB : cv::COLOR_BGR2RGB);
    std::size_t exact = 0, n = 0;
    double worst = 0;
    for (int c = 0; c < 3; ++c)
      for (int y = 0; y < 224; ++y)
        for (int x = 0; x < 224; ++x, ++n) {
          const double ref = (rgb.at<cv::Vec3b>(y, x)[c] * (1.0 / 255) - p.normalize_mean[c]) / p.normalize_std[c];
          const double got = v[(static_cast<std::size_t>(c) * 224 + static_cast<std::size_t>(y)) * 224 + static_cast<std::size_t>(x)];
          exact += got == static_cast<float>(ref);
          worst = std::max(worst, std::abs(got - ref));
        }
    INFO(name << ": " << (n - exact) << " of " << n << " values differ from OpenCV + formula; worst " << worst);
    // A differing value comes from an INTER_LINEAR byte off by one: 1/255/std.
    CHECK(worst <= 1.0 / 255 / 0.224 + 1e-6);
    CHECK(static_cast<double>(exact) / static_cast<double>(n) > 0.99);
  }
}

TEST_CASE("invalid rows pass through unchanged, also with toTensor", "[transformer]") {
  const image_row bad = imf::invalid_row("file:/x/broken.jpg");
  transformer_params p;
  p.to_tensor = true;
  CHECK(as_image(image_transformer({{"resize", {{"height", I{4}}, {"width", I{4}}}}}).transform(bad)) == bad);
  CHECK(as_image(image_transformer({{"flip", {{"flipCode", I{1}}}}}, p).transform(bad)) == bad);
  // No stages and no tensor: the identity.
  const image_row row = sample_row("camera.png");
  CHECK(as_image(image_transformer{}.transform(row)) == row);
  CHECK(image_transformer{}.describe() == "identity");
}

TEST_CASE("other depths: 32F rows run, 16U rows resize but stop at the other kernels with the stage's name",
          "[transformer]") {
  cv::Mat m = read_mat("chelsea.png"), f, w;
  m.convertTo(f, CV_32F, 1.0 / 255);
  m.convertTo(w, CV_16U, 257);
  const image_row rf = row_of(f, "f32"), rw = row_of(w, "u16");
  CHECK(run_one({"resize", {{"height", I{20}}, {"width", I{30}}}}, rf) == typed(imf::resize{20, 30}, rf));
  CHECK(run_one({"colorformat", {{"format", I{6}}}}, rw) ==
        typed(imf::color_format<imf::color_code::bgr2gray>{}, rw));
  CHECK(run_one({"flip", {{"flipCode", I{-1}}}}, rw) == typed(imf::flip{-1}, rw));
  CHECK(run_one({"resize", {{"height", I{20}}, {"width", I{30}}}}, rw) == typed(imf::resize{20, 30}, rw));
  CHECK(run_one({"crop", {{"x", I{5}}, {"y", I{7}}, {"height", I{20}}, {"width", I{30}}}}, rw) ==
        typed(imf::crop{5, 7, 20, 30}, rw));
  CHECK(error_of([&] {
          run_one({"resize", {{"height", I{20}}, {"width", I{30}}, {"interpolation", std::string("antialias")}}}, rw);
        }) == "stage 0 (resize): imgframe resize: antialias takes 8-bit and float images (16-bit: bilinear or area)");
  CHECK(error_of([&] { run_one({"blur", {{"height", I{3}}, {"width", I{3}}}}, rw); }) ==
        "stage 0 (blur): can blur only 8-bit unsigned and 32-bit float images (got a CV_16UC3 image)");
  cv::Mat s(4, 4, CV_16SC1, cv::Scalar(3));
  CHECK(error_of([&] { image_transformer({{"flip", {{"flipCode", I{1}}}}}).transform(row_of(s, "s16")); }) ==
        "image row 's16': mode CV_16SC1 is not supported by the image transformer (8-bit, 16-bit unsigned and "
        "32-bit float rows only)");
}

TEST_CASE("error texts name the stage by index and action", "[transformer][errors]") {
  const stage_spec flip1{"flip", {{"flipCode", I{1}}}};
  CHECK(error_of([&] { image_transformer({flip1, flip1, {"foo", {}}}); }) ==
        "unsupported transformation 'foo' in stage 2 (supported: resize, crop, centercrop, colorformat, blur, "
        "threshold, gaussiankernel, flip, unrollimage, unrollbinaryimage, imagesetaugmenter)");
  CHECK(error_of([&] { image_transformer({flip1, {"resize", {{"height", 64.5}, {"width", I{3}}}}}); }) ==
        "stage 1 (resize): parameter 'height' must be an integer, got a number (64.5)");
  CHECK(error_of([&] { image_transformer({{"resize", {{"height", std::string("64")}, {"width", I{3}}}}}); }) ==
        "stage 0 (resize): parameter 'height' must be an integer, got a string (\"64\")");
  CHECK(error_of([&] { image_transformer({{"resize", {{"width", I{3}}}}}); }) ==
        "stage 0 (resize): missing parameter 'height'");
  CHECK(error_of([&] { image_transformer({stage_spec{"resize", {}}}); }) ==
        "stage 0 (resize): missing parameters: give 'height' and 'width', or 'size'");
  CHECK(error_of([&] { image_transformer({{"resize", {{"heigth", I{3}}, {"width", I{3}}}}}); }) ==
        "stage 0 (resize): unknown parameter 'heigth' (resize takes height, width, interpolation)");
  CHECK(error_of([&] { image_transformer({{"resize", {{"size", I{3}}, {"keepAspectRatio", I{1}}}}}); }) ==
        "stage 0 (resize): parameter 'keepAspectRatio' must be a boolean, got an integer (1)");
  CHECK(error_of([&] { image_transformer({{"crop", {{"x", I{0}}, {"height", I{3}}, {"width", I{3}}}}}); }) ==
        "stage 0 (crop): missing parameter 'y'");
  CHECK(error_of([&] { image_transformer({{"crop", {{"x", I{-2}}, {"y", I{0}}, {"height", I{3}}, {"width", I{3}}}}}); }) ==
        "stage 0 (crop): parameter 'x' must not be negative, got -2");
  CHECK(error_of([&] { image_transformer({{"colorformat", {{"format", I{40}}}}}); }).rfind(
            "stage 0 (colorformat): OpenCV color code 40 is not supported (supported: 0 BGR2BGRA,", 0) == 0);
  CHECK(error_of([&] { image_transformer({{"threshold", {{"threshold", I{1}}, {"maxVal", I{2}}, {"type", I{8}}}}}); })
            .rfind("stage 0 (threshold): threshold type 8 is not supported", 0) == 0);
  CHECK(error_of([&] { image_transformer({{"blur", {{"height", 0.5}, {"width", I{3}}}}}); }) ==
        "stage 0 (blur): parameter 'height' must be in [1, 4096] (truncated to an integer), got 0.5");
  CHECK(error_of([&] { image_transformer({stage_spec{"flip", {}}}); }) == "stage 0 (flip): missing parameter 'flipCode'");

  // Errors that depend on the image.
  const image_row small = row_of(cv::Mat(48, 64, CV_8UC3, cv::Scalar(1, 2, 3)), "small");
  const image_row gray = row_of(cv::Mat(48, 64, CV_8UC1, cv::Scalar(9)), "gray");
  CHECK(error_of([&] {
          image_transformer({{"crop", {{"x", I{40}}, {"y", I{0}}, {"height", I{10}}, {"width", I{30}}}}}).transform(small);
        }) == "stage 0 (crop): rectangle x=40 y=0 width=30 height=10 is outside the 64x48 image");
  CHECK(error_of([&] {
          image_transformer({flip1, {"crop", {{"x", I{0}}, {"y", I{40}}, {"height", I{10}}, {"width", I{64}}}}})
              .transform(small);
        }) == "stage 1 (crop): rectangle x=0 y=40 width=64 height=10 is outside the 64x48 image");
  // A typed stage's own check, with the stage named in front.
  CHECK(error_of([&] {
          image_transformer({flip1, {"resize", {{"height", I{100000}}, {"width", I{100000}}}}}).transform(small);
        }) == "stage 1 (resize): imgframe resize: target size 100000x100000 must be positive and at most 2^28 pixels");
  CHECK(error_of([&] { image_transformer({{"colorformat", {{"format", I{6}}}}}).transform(gray); }) ==
        "stage 0 (colorformat): code 6 (COLOR_BGR2GRAY) needs a 3- or 4-channel image (got a CV_8UC1 image)");
  CHECK(error_of([&] { image_transformer({{"colorformat", {{"format", I{8}}}}}).transform(small); }) ==
        "stage 0 (colorformat): code 8 (COLOR_GRAY2BGR) needs a 1-channel gray image (got a CV_8UC3 image)");

  transformer_params p;
  p.to_tensor = true;
  p.normalize_mean = {0.5, 0.5, 0.5};
  CHECK(error_of([&] { image_transformer({}, p).transform(gray); }) ==
        "toTensor: normalizeMean has 3 values, but the tensor of this CV_8UC1 image has 1 plane (gray; set "
        "autoConvertToColor to get 3 planes)");
  p.normalize_mean = {0.5};
  CHECK(error_of([&] { image_transformer({}, p).transform(small); }) ==
        "toTensor: normalizeMean has 1 values, but the tensor of this CV_8UC3 image has 3 planes");
  p.normalize_mean = {};
  p.normalize_std = {1, 0, 1};
  CHECK(error_of([&] { image_transformer({}, p); }) == "normalizeStd[1] must be finite and non-zero, got 0.000000");
  p.normalize_std = {};
  p.color_scale_factor = 0.0;
  CHECK(error_of([&] { image_transformer({}, p); }) == "colorScaleFactor must be > 0, got 0.000000");
  p.color_scale_factor.reset();
  p.tensor_channel_order = "rbg";
  CHECK(error_of([&] { image_transformer({}, p); }) == "tensorChannelOrder must be rgb or bgr (any case), got \"rbg\"");
  p.tensor_channel_order = "RGB";
  p.tensor_element_type = "half";
  CHECK(error_of([&] { image_transformer({}, p); }) == "tensorElementType must be float or double, got \"half\"");
  transformer_params q;
  q.normalize_mean = {0.5, 0.5, 0.5};
  CHECK(error_of([&] { image_transformer({}, q); }) ==
        "normalizeMean, normalizeStd and colorScaleFactor apply to tensors only: set toTensor to true");
}

TEST_CASE("a leading resize and the crop of its result run as one pass: the values of the two stages",
          "[transformer][roi]") {
  const stage_spec short100{"resize", {{"size", I{100}}, {"keepAspectRatio", true}}};
  const stage_spec area{"resize", {{"height", I{61}}, {"width", I{83}}, {"interpolation", std::string("area")}}};
  const stage_spec center{"centercrop", {{"height", I{64}}, {"width", I{80}}}};
  const stage_spec corner{"crop", {{"x", I{20}}, {"y", I{3}}, {"height", I{50}}, {"width", I{41}}}};
  for (const char* name : {"chelsea.png", "camera.png", "horse.png"}) {
    const image_row row = sample_row(name);
    INFO(name);
    // Each stage as its own typed one-stage pipeline: the whole resize, then the crop of it.
    const image_row s100 = typed(imf::resize_short{100}, row);
    const image_row a = typed(imf::resize{61, 83, imf::interpolation::area}, row);
    CHECK(as_image(image_transformer({short100, center}).transform(row)) == typed(imf::center_crop{64, 80}, s100));
    CHECK(as_image(image_transformer({short100, corner}).transform(row)) == typed(imf::crop{20, 3, 50, 41}, s100));
    CHECK(as_image(image_transformer({area, center}).transform(row)) == typed(imf::center_crop{64, 80}, a));
    CHECK(as_image(image_transformer({area, corner, {"flip", {{"flipCode", I{1}}}}}).transform(row)) ==
          typed(imf::flip{1}, typed(imf::crop{20, 3, 50, 41}, a)));
  }
  // A crop outside the resized image is the crop stage's error, as stage by stage.
  CHECK(error_of([&] {
          image_transformer({area, {"crop", {{"x", I{40}}, {"y", I{0}}, {"height", I{10}}, {"width", I{50}}}}})
              .transform(sample_row("chelsea.png"));
        }) == "stage 1 (crop): rectangle x=40 y=0 width=50 height=10 is outside the 83x61 image");
}

TEST_CASE("shrink_plan(transformer) for resize -> centercrop: the ROI decode's rows transform to the whole decode's "
          "values",
          "[transformer][roi][shrink]") {
  if (imf::jpeg_backend_name() != "libjpeg-turbo" || !imf::can_decode_jpeg_region()) {
    WARN("ROI decode needs libjpeg-turbo and IMGFRAME_WITH_LIBJPEG");
    return;
  }
  transformer_params imagenet;  // the ImageFeaturizer's tensor (W3)
  imagenet.to_tensor = true;
  imagenet.normalize_mean = {0.485, 0.456, 0.406};
  imagenet.normalize_std = {0.229, 0.224, 0.225};
  imagenet.color_scale_factor = 1.0 / 255;
  const stage_spec short256{"resize", {{"size", I{256}}, {"keepAspectRatio", true}}};
  const stage_spec center224{"centercrop", {{"height", I{224}}, {"width", I{224}}}};
  const std::vector<image_transformer> chains{
      image_transformer({short256, center224}, imagenet),
      image_transformer({short256, center224}),
      image_transformer({{"resize", {{"height", I{300}}, {"width", I{200}}, {"interpolation", std::string("area")}}},
                         {"crop", {{"x", I{150}}, {"y", I{7}}, {"height", I{90}}, {"width", I{50}}}},
                         {"flip", {{"flipCode", I{1}}}}}),
  };
  int windows = 0;
  for (const image_transformer& t : chains) {
    INFO(t.describe());
    const auto plan = imf::shrink_plan(t);
    REQUIRE(plan.shrink.source_window != nullptr);
    CHECK(plan.rest.describe() == t.describe());
    for (const char* name : {"hubble_deep_field.jpg", "retina.jpg", "rocket.jpg"}) {
      INFO(name);
      const std::vector<std::uint8_t> bytes = [&] {
        std::ifstream in(sample(name), std::ios::binary);
        return std::vector<std::uint8_t>(std::istreambuf_iterator<char>(in), {});
      }();
      imf::decode_options o;
      o.shrink = plan.shrink;
      const imf::decode_result part = imf::decode(bytes, name, o);
      o.region_decode = false;
      const imf::decode_result whole = imf::decode(bytes, name, o);
      REQUIRE(part.ok());
      REQUIRE(whole.row_window().whole());
      windows += !part.row_window().whole();
      CHECK(plan.rest.transform(part.row, part.row_window()) == t.transform(whole.row));
    }
  }
  CHECK(windows == 9);
  // Through the reader: each row carries its window.
  imf::read_options o;
  o.path_glob_filter = "*.jpg";
  o.decode.shrink = imf::shrink_plan(chains[0]).shrink;
  imf::decode_options same_scale = o.decode;  // the same DCT scale, decoded whole
  same_scale.shrink.source_window = nullptr;
  std::size_t rows = 0;
  for (const imf::dataset_row& r : imf::collect(imf::read_images(std::string(IMGFRAME_TEST_DATA) + "/samples", o).rows())) {
    INFO(r.row.origin);
    REQUIRE(r.ok());
    CHECK(!r.window.whole());
    const imf::decode_result whole = imf::read_image(r.row.origin.substr(std::string("file:").size()), same_scale);
    CHECK(chains[0].transform(r.row, r.window) == chains[0].transform(whole.row));
    ++rows;
  }
  CHECK(rows == 3);
  // A row that does not match its window, and a window for a transformer that does not start with
  // resize -> crop, are refused.
  const image_row row = sample_row("chelsea.png");
  CHECK(error_of([&] { chains[1].transform(row, {900, 900, {5, 5, 10, 10}}); }) ==
        "image row 'file:/samples/chelsea.png': 451x300 does not match its decode window 10x10");
  CHECK(error_of([&] { image_transformer({center224}).transform(row, {900, 900, {5, 5, 451, 300}}); }) ==
        "image row 'file:/samples/chelsea.png' is a window of its decoded image: the transformer must start with a "
        "resize and a crop of its result (shrink_plan)");
}
