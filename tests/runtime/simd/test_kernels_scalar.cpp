// Every kernel's SIMD path (simd::default_arch) against its scalar reference (simd::scalar_arch)
// on widths 1 ... 2*lanes+1, and on padded, tightly packed, cropped and flipped source and
// destination views. Integer kernels must agree exactly; float kernels too, since both paths
// perform the same operations in the same order (the tests build without FMA contraction).
#include <algorithm>
#include <cstdint>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "catch_compat.hpp"

#include <imgframe/core/image.hpp>
#include <imgframe/simd/kernels/box_blur.hpp>
#include <imgframe/simd/kernels/gaussian_blur.hpp>
#include <imgframe/simd/kernels/gaussian_vertical.hpp>
#include <imgframe/simd/kernels/resize_antialias.hpp>
#include <imgframe/simd/kernels/resize_area.hpp>
#include <imgframe/simd/kernels/resize_bilinear.hpp>
#include <imgframe/simd/kernels/threshold.hpp>
#include <imgframe/simd/x86/rows.hpp>

namespace k = imgframe::kernels;
namespace simd = imgframe::simd;
using imgframe::image;
using imgframe::image_view;

namespace {

template <int C> using order_t = imgframe::spark_order_t<C>;

// Storage for a w x h view in one of several layouts; write/read go through the view.
template <class T, int C>
struct layout {
  enum kind { padded, tight, cropped, mirrored_x, mirrored_y, mirrored_xy };
  static constexpr kind all[] = {padded, tight, cropped, mirrored_x, mirrored_y, mirrored_xy};
  static const char* name(kind k) {
    const char* n[] = {"padded", "tight", "cropped", "flipped left-right", "flipped up-down", "flipped both"};
    return n[k];
  }

  image<T, C, order_t<C>> big;
  std::vector<T> flat;
  image_view<T, C, order_t<C>> v;

  layout(kind k, int w, int h) {
    if (k == tight) {
      flat.assign(static_cast<std::size_t>(w) * h * C, T(0));
      v = image_view<T, C, order_t<C>>(flat.data(), w, h);
      return;
    }
    if (k == padded) {
      big = image<T, C, order_t<C>>(w, h);
      v = big.view();
      return;
    }
    big = image<T, C, order_t<C>>(w + 5, h + 4);
    v = big.view().subview(3, 2, w, h);
    if (k == mirrored_x || k == mirrored_xy) v = v.flipped_left_right();
    if (k == mirrored_y || k == mirrored_xy) v = v.flipped_up_down();
  }
};

template <class T, int C>
void fill_random(const image_view<T, C, order_t<C>>& v, std::mt19937& rng) {
  std::uniform_int_distribution<int> byte(0, 255);
  std::uniform_real_distribution<float> real(-20.f, 300.f);
  for (int y = 0; y < v.height(); ++y)
    for (int x = 0; x < v.width(); ++x)
      for (int c = 0; c < C; ++c) {
        if constexpr (std::is_same_v<T, float>)
          v.at(x, y, c) = real(rng);
        else if constexpr (std::is_same_v<T, std::uint16_t>)
          v.at(x, y, c) = static_cast<T>(byte(rng) * 257);  // 0 .. 65535: both bytes, and the sign bit
        else
          v.at(x, y, c) = static_cast<T>(byte(rng));
      }
}

template <class T, int C>
std::vector<T> read_all(const image_view<T, C, order_t<C>>& v) {
  std::vector<T> out;
  for (int y = 0; y < v.height(); ++y)
    for (int x = 0; x < v.width(); ++x)
      for (int c = 0; c < C; ++c) out.push_back(v.at(x, y, c));
  return out;
}

template <class T>
bool same(const std::vector<T>& a, const std::vector<T>& b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(T)) == 0;
}

// kernel(arch, src, dst) maps a sw x sh source to a dw x dh destination.
template <class T, int C, class Kernel>
void check(const std::string& what, Kernel kernel, int sw, int sh, int dw, int dh, std::mt19937& rng) {
  using L = layout<T, C>;
  // Reference: scalar path on tightly packed buffers.
  L src0(L::tight, sw, sh), dst0(L::tight, dw, dh);
  fill_random<T, C>(src0.v, rng);
  kernel(simd::scalar_arch{}, src0.v.as_const(), dst0.v);
  const std::vector<T> expected = read_all<T, C>(dst0.v);
  const std::vector<T> pixels = read_all<T, C>(src0.v);

  for (const auto sk : L::all) {
    L src(sk, sw, sh);
    std::size_t i = 0;
    for (int y = 0; y < sh; ++y)
      for (int x = 0; x < sw; ++x)
        for (int c = 0; c < C; ++c) src.v.at(x, y, c) = pixels[i++];
    for (const auto dk : {L::padded, L::cropped, L::mirrored_xy}) {
      L dst(dk, dw, dh);
      kernel(simd::default_arch{}, src.v.as_const(), dst.v);
      INFO(what << ": source " << L::name(sk) << ", destination " << L::name(dk) << ", " << sw << "x" << sh
                << " -> " << dw << "x" << dh << ", C" << C);
      CHECK(same(read_all<T, C>(dst.v), expected));
    }
  }
}

// Widths 1 ... 2*lanes+1 of the widest vector the kernels use (u8 lanes).
constexpr int max_width = 2 * static_cast<int>(simd::lanes<std::uint8_t>) + 1;

template <class T, int C>
void all_kernels(std::mt19937& rng) {
  for (int w = 1; w <= max_width; ++w) {
    const int h = 1 + (w * 7) % 6;  // heights 1..6 vary with the width
    check<T, C>("resize_bilinear up", k::resize_bilinear_fn{}, w, h, 2 * w + 1, h + 3, rng);
    check<T, C>("resize_bilinear down", k::resize_bilinear_fn{}, w, h, (w + 2) / 3, (h + 1) / 2, rng);
    check<T, C>("resize_area down", k::resize_area_fn{}, w, h, (w + 1) / 2, (h + 2) / 3, rng);
    if (w % 2 == 0 && h % 2 == 0) check<T, C>("resize_area 2x", k::resize_area_fn{}, w, h, w / 2, h / 2, rng);
    check<T, C>("resize_area up", k::resize_area_fn{}, w, h, w + 3, 2 * h, rng);
    check<T, C>("resize_antialias down", k::resize_antialias_fn{}, w, h, (w + 1) / 2, (h + 2) / 3, rng);
    check<T, C>("resize_antialias up", k::resize_antialias_fn{}, w, h, 2 * w + 1, h + 2, rng);
    check<T, C>("box_blur 3x5", [](auto a, auto s, auto d) { k::box_blur_fn{}(a, s, d, 3, 5); }, w, h, w, h, rng);
    check<T, C>("box_blur 17x17", [](auto a, auto s, auto d) { k::box_blur_fn{}(a, s, d, 17, 17); }, w, h, w, h, rng);
    check<T, C>("gaussian_blur 5x3", [](auto a, auto s, auto d) { k::gaussian_blur_fn{}(a, s, d, 5, 3, 0, 0); }, w, h, w,
                h, rng);
    check<T, C>("gaussian_blur sigma 1.7", [](auto a, auto s, auto d) { k::gaussian_blur_fn{}(a, s, d, 0, 0, 1.7, 0); },
                w, h, w, h, rng);
    check<T, C>("gaussian_vertical 4", [](auto a, auto s, auto d) { k::gaussian_vertical_fn{}(a, s, d, 4, 1.0); }, w, h,
                w, h, rng);
    for (int type = 0; type <= 4; ++type)
      check<T, C>("threshold " + std::to_string(type),
                  [type](auto a, auto s, auto d) { k::threshold_fn{}(a, s, d, 99.5, 200.0, k::threshold_type(type)); },
                  w, h, w, h, rng);
  }
}

}  // namespace

TEST_CASE("SIMD kernels equal their scalar references on u8 views", "[simd][kernels][scalar]") {
  std::mt19937 rng(20260601);
  all_kernels<std::uint8_t, 1>(rng);
  all_kernels<std::uint8_t, 3>(rng);
  all_kernels<std::uint8_t, 4>(rng);
}

TEST_CASE("SIMD kernels equal their scalar references on f32 views", "[simd][kernels][scalar]") {
  std::mt19937 rng(7);
  all_kernels<float, 1>(rng);
  all_kernels<float, 3>(rng);
  all_kernels<float, 4>(rng);
}

#if IMGFRAME_X86_DISPATCH
namespace {
// The u8 kernels that run on the dispatched row loops, on widths around every vector size (up to
// two 64-byte AVX-512 registers), at one dispatch level.
template <int C>
void dispatched_kernels(std::mt19937& rng) {
  using T = std::uint8_t;
  for (const int w : {1, 2, 3, 5, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, 65, 127, 128, 129}) {
    const int h = 1 + (w * 7) % 9;
    check<T, C>("resize_bilinear up", k::resize_bilinear_fn{}, w, h, 2 * w + 1, h + 3, rng);
    check<T, C>("resize_bilinear down", k::resize_bilinear_fn{}, w, h, (w + 2) / 3, (h + 1) / 2, rng);
    // the photo -> 224 ratio (1000 / 224): two new source rows per destination row
    check<T, C>("resize_bilinear down 4.46", k::resize_bilinear_fn{}, w, h + 9, std::max(1, w * 224 / 1000),
                std::max(1, (h + 9) * 224 / 1000), rng);
    check<T, C>("resize_area down", k::resize_area_fn{}, w, h, (w + 1) / 2, (h + 2) / 3, rng);
    check<T, C>("resize_area down 4.46", k::resize_area_fn{}, w, h + 9, std::max(1, w * 224 / 1000),
                std::max(1, (h + 9) * 224 / 1000), rng);
    check<T, C>("resize_antialias down", k::resize_antialias_fn{}, w, h, (w + 1) / 2, (h + 2) / 3, rng);
    check<T, C>("resize_antialias up", k::resize_antialias_fn{}, w, h, 2 * w + 1, 2 * h + 1, rng);
    check<T, C>("resize_antialias down 4.46", k::resize_antialias_fn{}, w, h + 9, std::max(1, w * 224 / 1000),
                std::max(1, (h + 9) * 224 / 1000), rng);  // 11 taps a pixel
    for (const auto& [kw, kh] : {std::pair{1, 2}, {3, 5}, {5, 5}, {15, 15}, {25, 25}, {1, 9}, {257, 1}, {17, 17}})
      check<T, C>("box_blur " + std::to_string(kw) + "x" + std::to_string(kh),
                  [kw = kw, kh = kh](auto a, auto s, auto d) { k::box_blur_fn{}(a, s, d, kw, kh); }, w, h, w, h, rng);
    check<T, C>("gaussian_blur 5x5", [](auto a, auto s, auto d) { k::gaussian_blur_fn{}(a, s, d, 5, 5, 0, 0); }, w, h, w,
                h, rng);
    check<T, C>("gaussian_blur 3x11 sigma 2", [](auto a, auto s, auto d) { k::gaussian_blur_fn{}(a, s, d, 3, 11, 0, 2.0); },
                w, h, w, h, rng);
    for (const auto& [ap, sigma] : {std::pair{5, 1.0}, {4, 1.0}, {1, 1.0}, {31, 5.0}})
      check<T, C>("gaussian_vertical " + std::to_string(ap),
                  [ap = ap, sigma = sigma](auto a, auto s, auto d) { k::gaussian_vertical_fn{}(a, s, d, ap, sigma); }, w,
                  h, w, h, rng);
    for (int type = 0; type <= 4; ++type)
      check<T, C>("threshold " + std::to_string(type),
                  [type](auto a, auto s, auto d) { k::threshold_fn{}(a, s, d, 99.5, 200.0, k::threshold_type(type)); },
                  w, h, w, h, rng);
  }
}
// The dispatched horizontal steps of INTER_LINEAR and INTER_AREA on u16 and f32 (u8:
// dispatched_kernels), at one level.
template <class T, int C>
void dispatched_resize(std::mt19937& rng) {
  for (const int w : {1, 2, 3, 5, 7, 9, 17, 33, 65, 129}) {
    const int h = 1 + (w * 7) % 9;
    check<T, C>("resize_bilinear up", k::resize_bilinear_fn{}, w, h, 2 * w + 1, h + 3, rng);
    check<T, C>("resize_bilinear down 4.46", k::resize_bilinear_fn{}, w, h + 9, std::max(1, w * 224 / 1000),
                std::max(1, (h + 9) * 224 / 1000), rng);
    check<T, C>("resize_area down", k::resize_area_fn{}, w, h, (w + 1) / 2, (h + 2) / 3, rng);
    check<T, C>("resize_area down 4.46", k::resize_area_fn{}, w, h + 9, std::max(1, w * 224 / 1000),
                std::max(1, (h + 9) * 224 / 1000), rng);
  }
}
}  // namespace

TEST_CASE("x86 dispatch: every level the CPU runs equals the scalar references", "[simd][kernels][scalar][dispatch]") {
  namespace x86 = imgframe::simd::x86;
  const x86::level before = x86::active();
  for (const x86::level l : {x86::level::sse2, x86::level::avx2, x86::level::avx512}) {
    if (static_cast<int>(l) > static_cast<int>(x86::cpu_level())) continue;
    REQUIRE(x86::force(l) == l);
    REQUIRE(x86::rows().isa == l);
    INFO("dispatch level " << x86::name(l));
    std::mt19937 rng(11);
    dispatched_kernels<1>(rng);
    dispatched_kernels<3>(rng);
    dispatched_kernels<4>(rng);
    dispatched_resize<std::uint16_t, 1>(rng);  // the u16 vertical step (any channel count)
    dispatched_resize<std::uint16_t, 3>(rng);
    dispatched_resize<std::uint16_t, 4>(rng);
    dispatched_resize<float, 3>(rng);
    dispatched_resize<float, 4>(rng);
  }
  x86::force(before);
}

TEST_CASE("x86 dispatch: a 2-pixel box of 255s saturates to 255 in the vector body and the tail", "[simd][dispatch]") {
  // (255 + 255 + 2) / 2 = 256: OpenCV's vector loop packs it to 255; the row loops' scalar tail
  // once wrapped it to 0 (27 values: tails of 11, 3 and 27 at AVX2, SSE2 and AVX-512).
  namespace x86 = imgframe::simd::x86;
  const x86::level before = x86::active();
  image<std::uint8_t, 3, imgframe::bgr> img(9, 3), out(9, 3);
  for (int y = 0; y < 3; ++y)
    for (int x = 0; x < 9; ++x)
      for (int c = 0; c < 3; ++c) img.view().at(x, y, c) = 255;
  for (const x86::level l : {x86::level::sse2, x86::level::avx2, x86::level::avx512}) {
    if (static_cast<int>(l) > static_cast<int>(x86::cpu_level())) continue;
    x86::force(l);
    for (const auto& [kw, kh] : {std::pair{2, 1}, {1, 2}}) {
      k::box_blur(img.cview(), out.view(), kw, kh);
      const auto got = read_all<std::uint8_t, 3>(out.view());
      INFO("dispatch level " << x86::name(l) << ", " << kw << "x" << kh);
      CHECK(std::count(got.begin(), got.end(), std::uint8_t{255}) == static_cast<std::ptrdiff_t>(got.size()));
    }
  }
  x86::force(before);
}

TEST_CASE("x86 dispatch: the u16 magic-number division is exact for every box area and sum", "[simd][dispatch]") {
  for (int area = 2; area <= 256; ++area) {
    const k::detail::box_divisor div(area);
    const imgframe::simd::x86::u16_divider d16(area, div.bias);
    int wrong = 0;
    for (int s = 0; s <= 255 * area; ++s) wrong += static_cast<int>(d16(static_cast<unsigned>(s))) != (s + div.bias) / area;
    INFO("area " << area);
    CHECK(wrong == 0);
  }
}
#endif

TEST_CASE("kernels may write in place when source and destination are the same view", "[simd][kernels]") {
  std::mt19937 rng(3);
  image<std::uint8_t, 3, imgframe::bgr> img(37, 11);
  fill_random<std::uint8_t, 3>(img.view(), rng);
  const image<std::uint8_t, 3, imgframe::bgr> copy = img;
  image<std::uint8_t, 3, imgframe::bgr> expected(37, 11);
  for (int which = 0; which < 4; ++which) {
    image<std::uint8_t, 3, imgframe::bgr> work = copy;
    if (which == 0) {
      k::box_blur(copy.cview(), expected.view(), 5, 3);
      k::box_blur(work.cview(), work.view(), 5, 3);
    } else if (which == 1) {
      k::gaussian_blur(copy.cview(), expected.view(), 5, 5, 0);
      k::gaussian_blur(work.cview(), work.view(), 5, 5, 0);
    } else if (which == 2) {
      k::gaussian_vertical(copy.cview(), expected.view(), 7, 2.0);
      k::gaussian_vertical(work.cview(), work.view(), 7, 2.0);
    } else {  // 37 * 11 * 3 values: a tail at every vector width (none may be recomputed in place)
      k::threshold(copy.cview(), expected.view(), 99, 50, k::threshold_type::binary);
      k::threshold(work.cview(), work.view(), 99, 50, k::threshold_type::binary);
    }
    INFO("kernel " << which);
    CHECK(same(read_all<std::uint8_t, 3>(work.view()), read_all<std::uint8_t, 3>(expected.view())));
  }
}
