// The fused tail's kernels: the vector path (default_arch) equals the scalar reference on widths
// 1 ... 2 x lanes + 1, and the fused pass equals it on padded, cropped and flipped views.
#include <imgframe/imgframe.hpp>
#include <imgframe/simd/kernels/color.hpp>
#include <imgframe/simd/kernels/convert.hpp>
#include <imgframe/simd/kernels/normalize.hpp>

#include <cstdint>
#include <random>
#include <vector>

#include "catch_compat.hpp"

namespace imf = imgframe;
namespace k = imgframe::kernels;
using u8 = std::uint8_t;
using vec_arch = imf::simd::default_arch;
using ref_arch = imf::simd::scalar_arch;

namespace {
template <class T>
std::vector<T> random_values(std::size_t n, unsigned seed) {
  std::mt19937 rng(seed);
  std::vector<T> v(n);
  for (auto& x : v) {
    if constexpr (std::is_floating_point_v<T>) x = static_cast<T>(std::uniform_real_distribution<double>(-300, 300)(rng));
    else x = static_cast<T>(rng());
  }
  return v;
}
constexpr std::size_t max_width = 2 * std::max<std::size_t>(imf::simd::lanes<std::int32_t, vec_arch>,
                                                            imf::simd::lanes<double, vec_arch>) + 1;
}  // namespace

TEST_CASE("gray_row: vector path equals the scalar reference", "[simd][color]") {
  INFO("lanes(int32) = " << (imf::simd::lanes<std::int32_t, vec_arch>));
  for (std::size_t n = 1; n <= max_width; ++n)
    for (int channels : {3, 4}) {
      const auto src8 = random_values<u8>(n * channels, 1 + static_cast<unsigned>(n));
      const auto src16 = random_values<std::uint16_t>(n * channels, 99 + static_cast<unsigned>(n));
      std::vector<u8> a8(n), b8(n);
      std::vector<std::uint16_t> a16(n), b16(n);
      k::gray_row(vec_arch{}, src8.data(), channels, 0, 1, 2, a8.data(), n);
      k::gray_row(ref_arch{}, src8.data(), channels, 0, 1, 2, b8.data(), n);
      k::gray_row(vec_arch{}, src16.data(), channels, 2, 1, 0, a16.data(), n);
      k::gray_row(ref_arch{}, src16.data(), channels, 2, 1, 0, b16.data(), n);
      CHECK(a8 == b8);
      CHECK(a16 == b16);
      k::gray_row(vec_arch{}, src8.data(), channels, 0, 1, 2, a8.data(), n, k::opencv3_gray_weights);
      k::gray_row(ref_arch{}, src8.data(), channels, 0, 1, 2, b8.data(), n, k::opencv3_gray_weights);
      CHECK(a8 == b8);
      CHECK(b8[0] == ((4899 * src8[2] + 9617 * src8[1] + 1868 * src8[0] + 8192) >> 14));
      k::gray_row(ref_arch{}, src8.data(), channels, 0, 1, 2, b8.data(), n);
      CHECK(b8[0] == ((9798 * src8[2] + 19235 * src8[1] + 3735 * src8[0] + 16384) >> 15));
    }
}

TEST_CASE("convert and normalize rows: vector path equals the scalar reference", "[simd][convert]") {
  const k::affine_params a{1.0 / 255, 0.485, 0.229};
  for (std::size_t n = 1; n <= max_width; ++n) {
    const auto src = random_values<u8>(n, 5 + static_cast<unsigned>(n));
    const auto srcf = random_values<float>(n, 77 + static_cast<unsigned>(n));
    std::vector<double> va(n), vb(n), fa(n), fb(n);
    k::to_double_row(vec_arch{}, src.data(), 1, va.data(), n);
    k::to_double_row(ref_arch{}, src.data(), 1, vb.data(), n);
    k::to_double_row(vec_arch{}, srcf.data(), 1, fa.data(), n);
    k::to_double_row(ref_arch{}, srcf.data(), 1, fb.data(), n);
    CHECK(va == vb);
    CHECK(fa == fb);
    k::affine_row(vec_arch{}, va.data(), n, a);
    k::affine_row(ref_arch{}, vb.data(), n, a);
    CHECK(va == vb);
    volatile double product = src[0] * (1.0 / 255);  // rounded on its own, as Java does
    CHECK(vb[0] == (product - 0.485) / 0.229);
    k::round_trip_row<float>(vec_arch{}, fa.data(), n);
    k::round_trip_row<float>(ref_arch{}, fb.data(), n);
    CHECK(fa == fb);
    std::vector<float> oa(n), ob(n);
    std::vector<u8> ua(n), ub(n);
    k::from_double_row(vec_arch{}, va.data(), oa.data(), 1, n);
    k::from_double_row(ref_arch{}, vb.data(), ob.data(), 1, n);
    k::from_double_row(vec_arch{}, fa.data(), ua.data(), 1, n);
    k::from_double_row(ref_arch{}, fb.data(), ub.data(), 1, n);
    CHECK(oa == ob);
    CHECK(ua == ub);
  }
  CHECK(k::from_double<u8>(2.5) == 2);  // saturate_cast: half to even
  CHECK(k::from_double<u8>(3.5) == 4);
  CHECK(k::from_double<u8>(-7.0) == 0);
  CHECK(k::from_double<u8>(1e300) == 255);
  CHECK(k::from_double<std::int16_t>(-40000.4) == -32768);
}

TEST_CASE("the fused pass: vector equals scalar on padded, cropped and flipped views", "[simd][fused]") {
  // A BGRA buffer with 7 bytes of row padding; widths 1 ... 2 x lanes + 1 taken as crops.
  constexpr int full_w = 40, h = 5, pad = 7;
  constexpr std::ptrdiff_t stride = full_w * 4 + pad;
  const auto bytes = random_values<u8>(static_cast<std::size_t>(stride) * h, 3);
  const imf::image_view<const u8, 4, imf::bgra> padded(bytes.data(), full_w, h, stride);
  const auto p = imf::color_format<imf::color_code::bgra2rgb>{} |
                 imf::to_tensor<float, imf::bgr, imf::chw>{{1, 2, 3}, {0.5, 0.25, 0.125}, 1.0 / 3};
  const auto g = imf::color_format<imf::color_code::bgra2gray>{} | imf::color_format<imf::color_code::gray2bgr>{} |
                 imf::normalize<imf::bgr, double>{{1, 2, 3}, {7, 8, 9}, 2};
  for (int w = 1; w <= static_cast<int>(max_width) && w + 3 <= full_w; ++w) {
    for (int variant = 0; variant < 3; ++variant) {
      auto v = padded.subview(3, 1, w, 3);
      if (variant == 1) v = v.flipped_left_right();
      if (variant == 2) v = v.flipped_up_down().flipped_left_right();
      const auto a = p.run<vec_arch>(v);
      const auto b = p.run<ref_arch>(v);
      INFO("width " << w << " variant " << variant);
      CHECK(std::equal(a.data(), a.data() + a.size(), b.data()));
      // plane 0 is B (from the BGRA input's channel 0)
      CHECK(a.at(0, 0, 0) == static_cast<float>((v.at(0, 0, 0) / 3.0 - 1) / 0.5));
      const auto ga = g.run<vec_arch>(v);
      const auto gb = g.run<ref_arch>(v);
      bool same = true;
      for (int y = 0; y < 3; ++y)
        for (int x = 0; x < w; ++x)
          for (int c = 0; c < 3; ++c) same = same && ga.cview().at(x, y, c) == gb.cview().at(x, y, c);
      CHECK(same);
    }
  }
}
