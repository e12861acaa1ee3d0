// ROI decode (decode_options::region_decode, io/detail/jpeg_region.hpp): with shrink-on-load's crop,
// libjpeg-turbo decodes only the region's iMCU columns and rows. Its row must equal the whole-image
// path's (the whole JPEG decoded at the same DCT scale, then the region cut out) value for value, on
// every JPEG of the test data (odd sizes; 4:2:0, 4:2:2, 4:4:4, gray, progressive, restart intervals,
// ICC, EXIF, CMYK, damaged), at scales 1/8, 1/2 and 1/1, for regions inside and at the edges; the
// cases it leaves to the whole-image path (a one-scan JPEG with segments after its scan data) must
// take it; and damaged data must give the same row or the same reason and message.
#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <random>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "catch_compat.hpp"
#include "io_test_support.hpp"

#include <imgframe/io/decode.hpp>
#include <imgframe/pipeline/shrink_plan.hpp>
#include <imgframe/stages/center_crop.hpp>
#include <imgframe/stages/crop.hpp>
#include <imgframe/stages/flip.hpp>
#include <imgframe/stages/resize.hpp>
#include <imgframe/stages/to_tensor.hpp>

using namespace imgframe;

namespace {

bool roi_build() { return jpeg_backend_name() == "libjpeg-turbo" && can_decode_jpeg_region(); }

struct both_paths {
  decode_result roi, full;
};

// The ROI path and the whole-image path with the same options; checks they agree on everything.
both_paths decode_both(const std::vector<std::uint8_t>& bytes, decode_options o) {
  o.region_decode = true;
  both_paths d{decode(bytes, "x", o), {}};
  o.region_decode = false;
  d.full = decode(bytes, "x", o);
  CHECK(d.roi.reason == d.full.reason);
  CHECK(d.roi.message == d.full.message);
  CHECK(d.roi.row.width == d.full.row.width);
  CHECK(d.roi.row.height == d.full.row.height);
  CHECK(d.roi.row.n_channels == d.full.row.n_channels);
  CHECK(d.roi.full_width == d.full.full_width);
  CHECK(d.roi.full_height == d.full.full_height);
  CHECK(d.roi.decoded_width == d.full.decoded_width);
  CHECK(d.roi.decoded_height == d.full.decoded_height);
  CHECK(d.roi.window == d.full.window);
  CHECK(!d.full.region_decoded);
  const bool same_bytes = d.roi.row.data == d.full.row.data;  // not CHECK(a == b): no 100 kB print
  if (!same_bytes && d.roi.row.data.size() == d.full.row.data.size()) {
    const auto m = std::mismatch(d.roi.row.data.begin(), d.roi.row.data.end(), d.full.row.data.begin());
    const auto at = static_cast<std::size_t>(m.first - d.roi.row.data.begin());
    const std::size_t stride = static_cast<std::size_t>(d.roi.row.width) * static_cast<std::size_t>(d.roi.row.n_channels);
    INFO("first difference at row " << at / stride << ", byte " << at % stride << ": " << int{*m.first} << " vs "
                                    << int{*m.second});
    CHECK(same_bytes);
  } else {
    CHECK(same_bytes);
  }
  return d;
}

// Crop plans for a w x h image: regions inside, at the corners, a thin column and the centre, each
// followed by a resize small enough for 1/8, one for 1/2 and one the region's own size (1/1).
std::vector<shrink_on_load> plans(int w, int h) {
  const std::vector<crop> crops = {crop{w / 3 + 1, h / 4 + 3, std::max(1, h / 2 - 1), std::max(1, w / 2 + 1)},
                                   crop{0, 0, h / 3 + 1, w / 3 + 1},
                                   crop{w - w / 3 - 1, h - h / 4 - 1, h / 4 + 1, w / 3 + 1},
                                   crop{w / 2, 0, h, std::min(3, w - w / 2)}};
  std::vector<shrink_on_load> out;
  for (const crop& c : crops) {
    out.push_back(shrink_plan(c, resize{1, 1}));
    out.push_back(shrink_plan(c, resize{std::max(1, c.height / 2 - 1), std::max(1, c.width / 2 - 1)}));
    out.push_back(shrink_plan(c, resize{c.height, c.width}));
  }
  out.push_back(shrink_plan(center_crop{h * 3 / 4, w * 2 / 3}, resize_short{std::max(1, h / 6)}));
  return out;
}

std::vector<std::string> test_jpegs() {
  std::vector<std::string> out;
  for (const auto& e : std::filesystem::recursive_directory_iterator(io_test::data_dir())) {
    const std::string ext = e.path().extension().string();
    if (e.is_regular_file() && (ext == ".jpg" || ext == ".jpeg")) out.push_back(e.path().string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

TEST_CASE("ROI decode equals the whole decode at the same scale cut to the region, on every test JPEG",
          "[io][roi]") {
  if (!roi_build()) {
    WARN("ROI decode needs libjpeg-turbo and IMGFRAME_WITH_LIBJPEG; this build has neither or only one");
    return;
  }
  int files = 0, regions = 0, scaled = 0;
  for (const std::string& path : test_jpegs()) {
    INFO(path);
    const auto bytes = io_test::file_bytes(path);
    decode_options lenient;
    lenient.allow_truncated = true;
    const decode_result plain = decode(bytes, "x", lenient);
    const int w = plain.ok() ? plain.row.width : 64, h = plain.ok() ? plain.row.height : 48;
    ++files;
    for (const shrink_on_load& s : plans(w, h)) {
      INFO("crop " << s.crop_x << "," << s.crop_y << " " << s.crop_width << "x" << s.crop_height << " min "
                   << s.min_width << "x" << s.min_height << " short " << s.min_short_side);
      decode_options o;
      o.shrink = s;
      const both_paths d = decode_both(bytes, o);
      regions += d.roi.region_decoded;
      scaled += d.roi.region_decoded && d.roi.decoded_width < d.roi.full_width;
      o.allow_truncated = true;  // damaged files Spark renders
      decode_both(bytes, o);
    }
    // The options that change the JPEG path: compat::faithful (no ICC conversion), EXIF orientation.
    for (const shrink_on_load& s : {plans(w, h)[0], plans(w, h)[1]}) {
      decode_options o;
      o.shrink = s;
      o.quirks = compat::faithful;
      decode_both(bytes, o);
      o.quirks = compat::spark;
      o.apply_exif_orientation = true;
      decode_both(bytes, o);
    }
  }
  CHECK(files >= 50);
  // Most of them take the ROI path, many at a reduced scale (the others: damaged, unsupported).
  CHECK(regions >= 40 * 13);
  CHECK(scaled >= 40 * 8);
}

TEST_CASE("ROI decode is taken for every coding it serves and left to the whole decode for the others",
          "[io][roi]") {
  if (!roi_build()) {
    WARN("ROI decode needs libjpeg-turbo and IMGFRAME_WITH_LIBJPEG");
    return;
  }
  const std::string formats = io_test::data_dir() + "/formats/";
  decode_options o;
  o.shrink = shrink_plan(crop{101, 51, 97, 121}, resize{12, 15});  // 1/8 of the 291 x 197 files
  for (const char* name : {"s420", "s422", "s444", "gray", "progressive420", "progressive444", "restart420"}) {
    INFO(name);
    const both_paths d = decode_both(io_test::file_bytes(formats + "jpeg_roi/" + name + ".jpg"), o);
    REQUIRE(d.roi.ok());
    CHECK(d.roi.region_decoded);
    CHECK(d.roi.decoded_width == 37);  // ceil(291 / 8) x ceil(197 / 8)
    CHECK(d.roi.decoded_height == 25);
    CHECK(d.roi.window == roi{12, 6, 17, 13});  // x 12.84..28.23, y 6.47..18.78 at 1/8
    CHECK(d.roi.row.n_channels == (std::string(name) == "gray" ? 1 : 3));
  }
  // ICC profiles convert pixel by pixel: the region converts as it does within the whole image.
  decode_options p;
  p.shrink = shrink_plan(center_crop{20, 30}, resize{5, 5});  // of 97 x 67
  for (const char* name : {"adobe_rgb.jpg", "display_p3.jpg", "gray_icc.jpg"}) {
    INFO(name);
    CHECK(decode_both(io_test::file_bytes(formats + "jpeg_icc/" + name), p).roi.region_decoded);
  }
  // CMYK / YCCK: the region's inks, converted pixel by pixel as the whole image's are.
  for (const char* name : {"cmyk_icc.jpg", "cmyk_noicc.jpg"}) {
    INFO(name);
    const both_paths d = decode_both(io_test::file_bytes(formats + "jpeg_icc/" + name), p);
    CHECK(d.roi.ok());
    CHECK(d.roi.region_decoded);
  }
  // An applied EXIF orientation (61 x 41 stored, 41 x 61 turned from 5 on): the stored pixels under
  // the region, turned as the whole image is (the source window of a resize + crop: below); the tag
  // ignored (Spark): ROI too.
  decode_options e;
  e.apply_exif_orientation = true;
  for (int n = 1; n <= 8; ++n) {
    INFO("orientation " << n);
    const auto bytes = io_test::file_bytes(formats + "exif/orientation_" + std::to_string(n) + ".jpg");
    e.shrink = shrink_plan(crop{5, 7, 21, 31}, resize{9, 9});
    const both_paths d = decode_both(bytes, e);
    CHECK(d.roi.region_decoded);
    CHECK(d.roi.full_width == (n >= 5 ? 41 : 61));
  }
  e.apply_exif_orientation = false;
  CHECK(decode_both(io_test::file_bytes(formats + "exif/orientation_6.jpg"), e).roi.region_decoded);
  // The region is the whole image: nothing to leave out, the whole-image path.
  decode_options all;
  all.shrink = shrink_plan(center_crop{197, 291}, resize{10, 10});
  CHECK(!decode_both(io_test::file_bytes(formats + "jpeg_roi/s420.jpg"), all).roi.region_decoded);
}

namespace {
std::vector<std::uint8_t> with_segment_before_eoi(std::vector<std::uint8_t> bytes, std::vector<std::uint8_t> segment) {
  REQUIRE(bytes.size() > 2);
  REQUIRE(bytes[bytes.size() - 2] == 0xFF);
  REQUIRE(bytes.back() == 0xD9);
  bytes.insert(bytes.end() - 2, segment.begin(), segment.end());
  return bytes;
}
}  // namespace

TEST_CASE("ROI decode of damaged JPEGs: the whole decode's row, or its reason and message", "[io][roi][damaged]") {
  if (!roi_build()) {
    WARN("ROI decode needs libjpeg-turbo and IMGFRAME_WITH_LIBJPEG");
    return;
  }
  const std::string dir = io_test::data_dir() + "/formats/jpeg_roi/";
  const std::vector<shrink_on_load> regions = {shrink_plan(crop{40, 10, 50, 200}, resize{20, 20}),    // top
                                               shrink_plan(crop{30, 150, 40, 100}, resize{40, 100}),  // bottom, 1/1
                                               shrink_plan(center_crop{100, 100}, resize{10, 10})};
  // Cut short: an invalid row (truncated) by default; allow_truncated decodes what is there.
  for (const char* name : {"s420", "progressive420", "restart420", "gray"}) {
    const auto bytes = io_test::file_bytes(dir + name + ".jpg");
    for (const double keep : {0.3, 0.6, 0.9}) {
      const std::vector<std::uint8_t> cut(bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(bytes.size() * keep));
      for (const shrink_on_load& s : regions) {
        INFO(name << " cut to " << keep << ", crop at " << s.crop_x << "," << s.crop_y);
        decode_options o;
        o.shrink = s;
        CHECK(decode_both(cut, o).roi.reason == failure::truncated);
        o.allow_truncated = true;
        CHECK(decode_both(cut, o).roi.ok());
      }
    }
  }
  // A segment after the scan data that libjpeg reads only after the last row: the whole-image path,
  // so that its error is reported as it would be (a second frame header: "Invalid JPEG file structure").
  const auto s420 = io_test::file_bytes(dir + "s420.jpg");
  const auto sof = with_segment_before_eoi(s420, {0xFF, 0xC0, 0x00, 0x0B, 8, 0, 16, 0, 16, 1, 1, 0x11, 0});
  const auto comment = with_segment_before_eoi(s420, {0xFF, 0xFE, 0x00, 0x04, 'h', 'i'});
  for (const shrink_on_load& s : regions) {
    decode_options o;
    o.shrink = s;
    const both_paths d = decode_both(sof, o);
    CHECK(!d.roi.region_decoded);
    CHECK(!decode_both(comment, o).roi.region_decoded);
  }
  // Regression (unseen-photo check, 2026-12-03): a marker in the scan data of a one-scan JPEG makes
  // libjpeg warn, then fail when it reads the marker after the last row. TurboJPEG still calls that a
  // warning; the rows were kept (the rest black), but the JDK throws, so Spark's row is invalid -
  // texts below as SparkDecode.java printed them on OpenJDK 17 for these bytes. A stray SOS (FF DA)
  // is such a marker too: the ROI decode, which stops after the region's last row, must not take
  // it for a second scan of a progressive JPEG (libjpeg reads those before the first row).
  const std::size_t scan = 623, at = scan + (s420.size() - 2 - scan) * 4 / 5;  // s420's scan data starts at 623
  for (const auto& [marker, jdk] : {std::pair<std::uint8_t, std::string>{0x0A, "Unsupported marker type 0x0a"},
                                    {0xDA, "Bogus marker length"}}) {
    std::vector<std::uint8_t> bad = s420;
    bad[at] = 0xFF, bad[at + 1] = marker;
    INFO("FF " << int{marker} << " at " << at);
    const decode_result r = decode(bad, "x");
    CHECK(r.reason == failure::corrupt);
    CHECK(r.message == "corrupt JPEG data (libjpeg-turbo: " + jdk + ")");
    for (const shrink_on_load& s : regions) {
      decode_options o;
      o.shrink = s;
      CHECK(decode_both(bad, o).roi.message == r.message);
    }
  }
  // Bytes flipped in the scan data (and its headers): seeded, the same files every run.
  std::mt19937 rng(20261203);
  int compared = 0, regions_taken = 0;
  for (const char* name : {"s420", "s444", "progressive420", "restart420", "gray"}) {
    const auto bytes = io_test::file_bytes(dir + name + ".jpg");
    for (int i = 0; i < 40; ++i) {
      std::vector<std::uint8_t> bad = bytes;
      const int flips = 1 + static_cast<int>(rng() % 4);
      for (int k = 0; k < flips; ++k) {
        const std::size_t at = 2 + rng() % (bad.size() - 4);
        bad[at] = static_cast<std::uint8_t>(bad[at] ^ (1u << (rng() % 8)));
      }
      for (const shrink_on_load& s : regions) {
        INFO(name << " damage " << i);
        decode_options o;
        o.shrink = s;
        o.allow_truncated = (i % 2) == 1;
        const both_paths d = decode_both(bad, o);
        ++compared;
        regions_taken += d.roi.region_decoded;
      }
    }
  }
  CHECK(compared == 5 * 40 * 3);
  CHECK(regions_taken > compared / 4);  // damage in the scan data mostly still decodes (with warnings)
}

namespace {
using cview3 = image_view<const std::uint8_t, 3, bgr>;
using cview1 = image_view<const std::uint8_t, 1, gray>;

// p on the whole decode at the scale roi_plan(p) picks, against shrink_run(p) on the ROI decode of the
// source window p reads: value for value (`exif`: with the EXIF orientation applied). Returns whether
// the window was decoded alone.
template <class Chain>
bool windowed_equals_whole(const std::vector<std::uint8_t>& bytes, const Chain& p, bool exif = false) {
  decode_options o;
  o.shrink = roi_plan(p);
  o.apply_exif_orientation = exif;
  const decode_result part = decode(bytes, "x", o);
  o.region_decode = false;
  const decode_result whole = decode(bytes, "x", o);
  REQUIRE(part.ok());
  REQUIRE(whole.ok());
  CHECK(!whole.region_decoded);
  CHECK(whole.window == roi{0, 0, whole.row.width, whole.row.height});
  CHECK(part.decoded_width == whole.row.width);
  CHECK(part.decoded_height == whole.row.height);
  auto same = [&](const auto& a, const auto& b) {
    REQUIRE(a.width() == b.width());
    REQUIRE(a.height() == b.height());
    bool equal = true;
    for (int y = 0; y < a.height() && equal; ++y)
      for (int x = 0; x < a.width() && equal; ++x)
        for (int c = 0; c < std::remove_cvref_t<decltype(a)>::channels; ++c)
          if (a.at(x, y, c) != b.at(x, y, c)) {
            INFO("first difference at " << x << "," << y << " channel " << c << ": " << int{a.at(x, y, c)} << " vs "
                                        << int{b.at(x, y, c)});
            equal = false;
          }
    CHECK(equal);
  };
  if (part.row.n_channels == 1) {
    const auto a = shrink_run(p, cview1(part.row.data.data(), part.row.width, part.row.height), part);
    const auto b = p(cview1(whole.row.data.data(), whole.row.width, whole.row.height));
    same(a.cview(), b.cview());
  } else {
    const auto a = shrink_run(p, cview3(part.row.data.data(), part.row.width, part.row.height), part);
    const auto b = p(cview3(whole.row.data.data(), whole.row.width, whole.row.height));
    same(a.cview(), b.cview());
  }
  return part.region_decoded;
}
}  // namespace

TEST_CASE("resize then crop: the ROI decode of the window the crop reads, resized at the whole image's positions",
          "[io][roi][window]") {
  if (!roi_build()) {
    WARN("ROI decode needs libjpeg-turbo and IMGFRAME_WITH_LIBJPEG");
    return;
  }
  const std::string dir = io_test::data_dir() + "/formats/jpeg_roi/";
  int windows = 0, cases = 0;
  for (const char* name : {"s420", "s422", "s444", "gray", "progressive420", "progressive444", "restart420"}) {
    INFO(name);
    const auto bytes = io_test::file_bytes(dir + name + ".jpg");  // 291 x 197
    // ImageNet's chain scaled to the file (1/2: 146 x 99 -> 96 x 64 -> 56 x 56), bilinear and area.
    windows += windowed_equals_whole(bytes, resize_short{64} | center_crop{56, 56});
    windows += windowed_equals_whole(bytes, resize_short{64, interpolation::area} | center_crop{56, 56});
    // At 1/1 (the short side must stay 150), a 2x downscale (INTER_LINEAR's area path), an upscale,
    // an off-centre crop at the border.
    windows += windowed_equals_whole(bytes, resize_short{150} | center_crop{101, 77});
    windows += windowed_equals_whole(bytes, resize{98, 145} | center_crop{40, 40});
    windows += windowed_equals_whole(bytes, resize{400, 300} | crop{3, 5, 61, 83});
    windows += windowed_equals_whole(bytes, resize{50, 70, interpolation::area} | crop{69, 49, 1, 1});
    windows += windowed_equals_whole(bytes, resize{90, 110} | crop{0, 0, 90, 17});
    cases += 7;
  }
  // The sample photos: ImageNet's chain at 1/2 and 1/4 decodes (the tail stage too).
  for (const char* name : {"hubble_deep_field.jpg", "retina.jpg", "rocket.jpg"}) {
    INFO(name);
    const auto bytes = io_test::file_bytes(io_test::sample(name));
    windows += windowed_equals_whole(bytes, resize_short{256} | center_crop{224, 224});
    windows += windowed_equals_whole(bytes, resize_short{256} | center_crop{224, 224} | flip{1});
    cases += 2;
  }
  // Under an applied EXIF orientation (phone photos with --exif-orientation, portrait ones turned).
  for (int n = 1; n <= 8; ++n) {
    INFO("orientation " << n);
    const auto bytes = io_test::file_bytes(io_test::data_dir() + "/formats/exif/orientation_" + std::to_string(n) + ".jpg");
    windows += windowed_equals_whole(bytes, resize_short{30} | center_crop{11, 13}, true);
    cases += 1;
  }
  CHECK(windows >= cases - 2);  // a window the size of the decode is decoded whole
  // Into a reused tensor (the W3 chain): the same values as the chain on the whole decode.
  constexpr auto imagenet = resize_short{256} | center_crop{224, 224} | to_tensor<float, rgb, chw>{};
  tensor<float, rgb, chw> t;
  for (const char* name : {"hubble_deep_field.jpg", "retina.jpg"}) {
    INFO(name);
    const auto bytes = io_test::file_bytes(io_test::sample(name));
    decode_options o;
    o.shrink = roi_plan(imagenet);
    const decode_result part = decode(bytes, "x", o);
    o.region_decode = false;
    const decode_result whole = decode(bytes, "x", o);
    REQUIRE(part.region_decoded);
    shrink_run(imagenet, cview3(part.row.data.data(), part.row.width, part.row.height), part, t);
    const auto expected = imagenet(cview3(whole.row.data.data(), whole.row.width, whole.row.height));
    REQUIRE(t.size() == expected.size());
    CHECK(std::equal(t.data(), t.data() + t.size(), expected.data()));
  }
}
