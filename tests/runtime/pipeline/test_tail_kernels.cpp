// The fused tail's kernels: the vector path (default_arch) equals the scalar reference on widths
// 1 ... 2 x lanes + 1, and the fused pass equals it on padded, cropped and flipped views.
#include <imgframe/imgframe.hpp>
#include <imgframe/simd/kernels/color.hpp>
#include <imgframe/simd/kernels/convert.hpp>
#include <imgframe/simd/kernels/normalize.hpp>
#include <imgframe/simd/x86/dispatch.hpp>

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

#if IMGFRAME_X86_DISPATCH
// u8 -> float planes run a double multiply-add on the dispatched loop (AVX2 / AVX-512) where it
// reproduces the table of the formula; at each level: all 256 values of every ImageNet plane, crops
// of BGR / BGRA / gray rows around the vector sizes, flips, and outputs large enough to be streamed
// (non-temporal stores) into unaligned caller buffers: planes aligned alike (written together, each
// vector of pixels loaded once) and planes aligned differently (written one by one).
TEST_CASE("the fused pass on every x86 dispatch level equals the scalar reference", "[simd][fused][dispatch]") {
  namespace x86 = imf::simd::x86;
  const auto imagenet = imf::to_tensor<float, imf::rgb, imf::chw>{{0.485, 0.456, 0.406}, {0.229, 0.224, 0.225}, 1.0 / 255};
  const auto bgra = imf::color_format<imf::color_code::bgra2rgb>{} | imagenet;
  const auto gray = imf::color_format<imf::color_code::bgr2gray>{} |
                    imf::to_tensor<float, imf::gray, imf::chw>{{0.449}, {0.226}, 1.0 / 255};
  std::vector<u8> all(256 * 3);
  for (std::size_t i = 0; i < all.size(); ++i) all[i] = static_cast<u8>(i / 3);  // 256 BGR pixels, every value
  const imf::image_view<const u8, 3, imf::bgr> every(all.data(), 256, 1, 256 * 3);
  // big: 8.4 MB of floats (> 4 MiB), planes 32 bytes apart in their 64-byte lines; alike: 704 x 1000 BGRA,
  // planes a multiple of 64 bytes apart, cropped to 701 columns (rows 4 * 704 bytes apart).
  constexpr int full_w = 41, h = 3, pad = 5, big_w = 701, big_h = 1000, alike_w = 704;
  const auto bytes3 = random_values<u8>(static_cast<std::size_t>(full_w * 3 + pad) * h, 11);
  const auto bytes4 = random_values<u8>(static_cast<std::size_t>(full_w * 4 + pad) * h, 12);
  const auto big = random_values<u8>(static_cast<std::size_t>(big_w) * 3 * big_h, 13);
  const auto alike = random_values<u8>(static_cast<std::size_t>(alike_w) * 4 * big_h, 14);
  const imf::image_view<const u8, 3, imf::bgr> padded3(bytes3.data(), full_w, h, full_w * 3 + pad);
  const imf::image_view<const u8, 4, imf::bgra> padded4(bytes4.data(), full_w, h, full_w * 4 + pad);
  const imf::image_view<const u8, 3, imf::bgr> big_view(big.data(), big_w, big_h, big_w * 3);
  const imf::image_view<const u8, 4, imf::bgra> alike_view(alike.data(), alike_w, big_h, alike_w * 4);
  const auto big_ref = imf::pipeline(imagenet).run<ref_arch>(big_view);
  const auto cropped = alike_view.subview(3, 0, big_w, big_h);
  const auto alike_ref = bgra.run<ref_arch>(alike_view), cropped_ref = bgra.run<ref_arch>(cropped);
  std::vector<float> out(alike_ref.size() + 16);
  const x86::level before = x86::active();
  for (const x86::level l : {x86::level::sse2, x86::level::avx2, x86::level::avx512}) {
    if (static_cast<int>(l) > static_cast<int>(x86::cpu_level())) continue;
    x86::force(l);
    INFO("dispatch level " << x86::name(l));
    const auto e = imf::pipeline(imagenet).run<vec_arch>(every);
    const auto er = imf::pipeline(imagenet).run<ref_arch>(every);
    for (int c = 0; c < 3; ++c)  // plane c is RGB channel c = BGR channel 2 - c; value v at column v
      for (int v = 0; v < 256; ++v) {
        volatile double product = v * (1.0 / 255);  // rounded on its own, as Java does
        const double ref = (product - imagenet.mean[static_cast<std::size_t>(c)]) / imagenet.stddev[static_cast<std::size_t>(c)];
        if (e.at(c, 0, v) != static_cast<float>(ref) || er.at(c, 0, v) != static_cast<float>(ref))
          FAIL_CHECK("plane " << c << " value " << v << ": " << e.at(c, 0, v) << ", reference " << static_cast<float>(ref));
      }
    for (int w = 1; w + 2 <= full_w; ++w)
      for (int variant = 0; variant < 2; ++variant) {
        auto v3 = padded3.subview(1, 1, w, 2);
        auto v4 = padded4.subview(1, 1, w, 2);
        if (variant == 1) v3 = v3.flipped_left_right(), v4 = v4.flipped_left_right();
        INFO("width " << w << " variant " << variant);
        const auto a = imf::pipeline(imagenet).run<vec_arch>(v3), b = imf::pipeline(imagenet).run<ref_arch>(v3);
        const auto a4 = bgra.run<vec_arch>(v4), b4 = bgra.run<ref_arch>(v4);
        const auto ag = gray.run<vec_arch>(v3), bg = gray.run<ref_arch>(v3);
        CHECK(std::equal(a.data(), a.data() + a.size(), b.data()));
        CHECK(std::equal(a4.data(), a4.data() + a4.size(), b4.data()));
        CHECK(std::equal(ag.data(), ag.data() + ag.size(), bg.data()));
      }
    // The streamed rows start unaligned: one float past a 64-byte boundary, or 4 or 13 (BGRA, three
    // planes aligned alike: written together; cropped: rows 701 floats apart, each starting elsewhere).
    const auto line = reinterpret_cast<std::uintptr_t>(out.data()) % 64 / sizeof(float);
    float* const at = out.data() + (16 - line) % 16;
    imf::pipeline(imagenet).into<vec_arch>(big_view, decltype(big_ref)::view_type(at + 1, big_h, big_w));
    CHECK(std::equal(big_ref.data(), big_ref.data() + big_ref.size(), at + 1));
    for (const int shift : {4, 13}) {
      bgra.into<vec_arch>(alike_view, decltype(alike_ref)::view_type(at + shift, big_h, alike_w));
      CHECK(std::equal(alike_ref.data(), alike_ref.data() + alike_ref.size(), at + shift));
      bgra.into<vec_arch>(cropped, decltype(cropped_ref)::view_type(at + shift, big_h, big_w));
      CHECK(std::equal(cropped_ref.data(), cropped_ref.data() + cropped_ref.size(), at + shift));
    }
  }
  x86::force(before);
}
#endif
