// Spark rows at the edge: exact layout of to_row, validation and dispatch of visit.
#include <imgframe/imgframe.hpp>

#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "catch_compat.hpp"

namespace imf = imgframe;
using u8 = std::uint8_t;

TEST_CASE("image_row is Spark's schema struct", "[erased]") {
  REQUIRE(std::string(imf::image_fields[0]) == "origin");
  REQUIRE(std::string(imf::image_fields[3]) == "nChannels");
  REQUIRE(std::string(imf::image_fields[5]) == "data");
  const auto bad = imf::invalid_row("file:/tmp/x.txt");
  REQUIRE(bad.origin == "file:/tmp/x.txt");
  REQUIRE(bad.height == -1);
  REQUIRE(bad.width == -1);
  REQUIRE(bad.n_channels == -1);
  REQUIRE(bad.mode == -1);
  REQUIRE(bad.data.empty());
  REQUIRE(bad.is_invalid());
}

TEST_CASE("to_row packs strided, cropped and flipped views tightly", "[erased]") {
  // 5x3 BGRA buffer with 12 bytes of row padding; byte value = 40*y + 4*x + c.
  constexpr int w = 5, h = 3;
  constexpr std::ptrdiff_t stride = w * 4 + 12;
  std::vector<u8> buf(stride * h, 0xAB);
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x)
      for (int c = 0; c < 4; ++c) buf[y * stride + x * 4 + c] = static_cast<u8>(40 * y + 4 * x + c);
  auto v = imf::make_view<imf::bgra>(buf.data(), w, h, stride);

  auto row = imf::to_row(v, "file:/a.png");
  REQUIRE(row.height == 3);
  REQUIRE(row.width == 5);
  REQUIRE(row.n_channels == 4);
  REQUIRE(row.mode == 24);
  REQUIRE(row.data.size() == 60u);
  for (std::size_t i = 0; i < row.data.size(); ++i) {
    const int y = static_cast<int>(i / 20), x = static_cast<int>(i % 20 / 4), c = static_cast<int>(i % 4);
    REQUIRE(row.data[i] == 40 * y + 4 * x + c);
  }

  auto crop = imf::to_row(v.subview(1, 1, 2, 2).flipped_left_right(), "");
  // ROI pixels x = 1, 2 of rows 1, 2, each row mirrored.
  const std::vector<u8> expected = {48, 49, 50, 51, 44, 45, 46, 47, 88, 89, 90, 91, 84, 85, 86, 87};
  REQUIRE(crop.data == expected);
  REQUIRE(crop.mode == 24);

  auto upside = imf::to_row(v.flipped_up_down().subview(0, 0, 1, 3), "");
  REQUIRE(upside.data == std::vector<u8>{80, 81, 82, 83, 40, 41, 42, 43, 0, 1, 2, 3});

  // Float depth: mode 21, data holds the native bytes.
  imf::image<float, 3> f(2, 1);
  f.view().at(1, 0, 2) = 1.5f;
  auto frow = imf::to_row(f.cview(), "");
  REQUIRE(frow.mode == 21);
  REQUIRE(frow.data.size() == 24u);
  float last = 0;
  std::memcpy(&last, frow.data.data() + 20, 4);
  REQUIRE(last == 1.5f);
}

TEST_CASE("visit dispatches to the typed view of the row's mode", "[erased]") {
  imf::image<u8, 1> g(3, 2);
  g.view().at(2, 1, 0) = 9;
  auto row = imf::to_row(g.cview(), "o");
  auto mode = imf::visit(row, [](auto view) { return decltype(view)::mode; });
  REQUIRE(mode == 0);
  auto value = imf::visit(row, [](auto view) { return static_cast<int>(view.at(view.width() - 1, view.height() - 1, 0)); });
  REQUIRE(value == 9);

  // Only the view types the callable accepts are instantiated; others throw row_error.
  auto only_bgr = [](imf::image_view<const u8, 3> v) { return v.width(); };
  REQUIRE_THROWS_WITH(imf::visit(row, only_bgr), "imgframe: image row 'o': mode CV_8UC1 is not accepted by this function");

  imf::visit_mutable(row, [](auto view) {
    if constexpr (decltype(view)::is_mutable) view.at(0, 0, 0) = 42;
  });
  REQUIRE(row.data[0] == 42);

  auto typed = imf::row_as<imf::image_view<const u8, 1>>(row);
  REQUIRE(typed.at(2, 1, 0) == 9);
  using bgr_view = imf::image_view<const u8, 3>;
  REQUIRE_THROWS_AS(imf::row_as<bgr_view>(row), imf::row_error);

  // Round trip for every mode of the table: to_row of a typed view visits back to the same bytes.
  imf::image<std::int16_t, 2> s(3, 3);
  s.view().at(1, 2, 1) = -300;
  auto srow = imf::to_row(s.cview(), "");
  REQUIRE(srow.mode == 11);
  auto back = imf::visit(srow, [](auto view) -> int {
    if constexpr (std::is_same_v<typename decltype(view)::value_type, std::int16_t>) return view.at(1, 2, 1);
    else return 0;
  });
  REQUIRE(back == -300);
}

TEST_CASE("visit rejects malformed rows naming the field", "[erased]") {
  imf::image<u8, 3> img(4, 2);
  const auto good = imf::to_row(img.cview(), "file:/x.jpg");
  auto noop = [](auto) {};
  auto expect = [&](imf::image_row r, const std::string& msg) {
    REQUIRE_THROWS_WITH(imf::visit(r, noop), "imgframe: image row 'file:/x.jpg': " + msg);
  };
  auto r = good;
  r.mode = 7;
  expect(r, "field mode = 7 is not an OpenCV type code of the table");
  r = good;
  r.n_channels = 4;
  expect(r, "field nChannels = 4 does not match mode CV_8UC3 (3 channels)");
  r = good;
  r.height = -2;
  expect(r, "field height = -2 is negative");
  r = good;
  r.width = -5;
  expect(r, "field width = -5 is negative");
  r = good;
  r.data.pop_back();
  expect(r, "field data has 23 bytes, but height 2 x width 4 x CV_8UC3 needs 24");
  r = good;
  r.height = 1 << 30;
  r.width = 1 << 30;
  expect(r, "field data has 24 bytes, but height 1073741824 x width 1073741824 x CV_8UC3 needs 3458764513820540928");
  r.mode = 30;  // 64FC4: 32 bytes per pixel overflows 2^64
  r.n_channels = 4;
  expect(r, "fields height x width overflow the address space");
  expect(imf::invalid_row("file:/x.jpg"), "is an invalid image row (mode -1, the file did not decode)");
  REQUIRE_NOTHROW(imf::visit(good, noop));
}
