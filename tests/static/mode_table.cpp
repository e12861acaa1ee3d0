// Static tests: the hard-coded mode table equals OpenCV's own CV_MAKETYPE values, and the core
// concepts accept what they should. Everything here is a static_assert; the file only has to compile.
#include <opencv2/core/hal/interface.h>

#include <imgframe/core.hpp>
#include <imgframe/erased.hpp>

namespace imf = imgframe;

namespace {

constexpr bool table_matches_opencv() {
  constexpr int cv_depths[] = {CV_8U, CV_8S, CV_16U, CV_16S, CV_32S, CV_32F, CV_64F};
  for (int d = 0; d < imf::depth_count; ++d)
    for (int c = 1; c <= imf::max_mode_channels; ++c) {
      const int code = imf::make_mode(static_cast<imf::depth>(d), c);
      if (code != CV_MAKETYPE(cv_depths[d], c)) return false;
      const auto* m = imf::find_mode(code);
      if (!m || m->channels != c || static_cast<int>(m->depth_code) != d) return false;
    }
  return true;
}

}  // namespace

static_assert(table_matches_opencv(), "mode table differs from OpenCV's CV_MAKETYPE");
static_assert(imf::mode_table.size() == 28);
static_assert(imf::find_mode(-1) == nullptr && imf::mode_name(-1) == "Undefined");
static_assert(imf::find_mode(7) == nullptr && imf::find_mode(31) == nullptr && imf::find_mode(32) == nullptr);
// Spark's ocvTypes, exactly (pyspark test: {"CV_8UC3":16,"Undefined":-1,"CV_8U":0,"CV_8UC1":0,"CV_8UC4":24}).
static_assert(*imf::mode_from_name("CV_8UC3") == 16 && *imf::mode_from_name("Undefined") == -1);
static_assert(*imf::mode_from_name("CV_8U") == 0 && *imf::mode_from_name("CV_8UC1") == 0);
static_assert(*imf::mode_from_name("CV_8UC4") == 24 && *imf::mode_from_name("CV_64FC4") == 30);
static_assert(!imf::mode_from_name("CV_8UC5") && !imf::mode_from_name("cv_8uc3"));
static_assert(imf::mode_name(21) == "CV_32FC3" && imf::mode_channels(8) == 2 && *imf::mode_depth(13) == imf::depth::f32);
static_assert(CV_8UC3 == 16 && CV_16UC1 == 2 && CV_32FC3 == 21);

// Depth tags and value types.
static_assert(std::is_same_v<imf::depth_value_t<imf::depth::s16>, std::int16_t>);
static_assert(imf::depth_of_v<const float> == imf::depth::f32 && imf::depth_size(imf::depth::f64) == 8);
static_assert(imf::depth_traits<imf::depth::u16>::name == "16U");

// Channel orders.
static_assert(imf::bgr::index_of('B') == 0 && imf::rgb::index_of('B') == 2 && imf::gray::index_of('R') == -1);
static_assert(imf::bgra::has_alpha && !imf::bgr::has_alpha && imf::rgba::index_of('A') == 3);
static_assert(imf::same_channel_set<imf::bgr, imf::rgb>() && !imf::same_channel_set<imf::bgr, imf::bgra>());
static_assert(std::is_same_v<imf::spark_order_t<4>, imf::bgra> && std::is_same_v<imf::spark_order_t<1>, imf::gray>);

// View types and concepts.
using bgr8 = imf::image_view<std::uint8_t, 3, imf::bgr>;
using cbgr8 = imf::image_view<const std::uint8_t, 3, imf::bgr>;
using gray8 = imf::image_view<std::uint8_t, 1>;
using rgbf = imf::image_view<float, 3, imf::rgb>;
static_assert(bgr8::mode == 16 && gray8::mode == 0 && rgbf::mode == 21);
static_assert(imf::ImageView<bgr8> && imf::ImageView<cbgr8> && !imf::ImageView<int> && !imf::ImageView<imf::image<std::uint8_t, 3>>);
static_assert(imf::MutableImageView<bgr8> && !imf::MutableImageView<cbgr8>);
static_assert(imf::GrayView<gray8> && !imf::GrayView<bgr8>);
static_assert(imf::ColorView<bgr8> && imf::ColorView<rgbf> && !imf::ColorView<gray8>);
static_assert(imf::ViewWithOrder<rgbf, imf::rgb> && !imf::ViewWithOrder<rgbf, imf::bgr>);
static_assert(imf::SamePixelLayout<bgr8, cbgr8> && !imf::SamePixelLayout<bgr8, imf::view_of<std::uint8_t, imf::rgb>>);
static_assert(std::is_convertible_v<bgr8, cbgr8> && !std::is_convertible_v<cbgr8, bgr8>);
static_assert(std::is_same_v<imf::image<float, 3, imf::rgb>::view_type, rgbf>);

// Views work in constant expressions.
static_assert([] {
  std::uint8_t px[2 * 3 * 3]{};
  bgr8 v(px, 3, 2);
  return v.is_contiguous() && v.row_bytes() == 9 && v.pixel_count() == 6 && !v.empty();
}());
