// IMGFRAME_EXTERN_KERNELS (built into test_pipeline_extern with imgframe::kernels): each kernel
// stage and fused pass, now run by the separately compiled kernels, gives the bytes of the same
// kernel compiled here, header-only, on every channel count and value type the list holds, on
// padded, cropped and mirrored views of odd sizes.
#include <imgframe/imgframe.hpp>
#include <imgframe/simd/kernels/box_blur.hpp>
#include <imgframe/simd/kernels/color.hpp>
#include <imgframe/simd/kernels/gaussian_blur.hpp>
#include <imgframe/simd/kernels/gaussian_vertical.hpp>
#include <imgframe/simd/kernels/resize_antialias.hpp>
#include <imgframe/simd/kernels/resize_area.hpp>
#include <imgframe/simd/kernels/resize_bilinear.hpp>
#include <imgframe/simd/kernels/threshold.hpp>

#include <cstdint>
#include <random>
#include <vector>

#include "catch_compat.hpp"

#ifndef IMGFRAME_EXTERN_KERNELS
#error "test_extern_kernels.cpp is built with IMGFRAME_EXTERN_KERNELS (target test_pipeline_extern)"
#endif

namespace imf = imgframe;
using u8 = std::uint8_t;
using u16 = std::uint16_t;

namespace {

// A random T x C image of 41 x 29 with padding; its view cropped to 37 x 27 and mirrored both ways.
template <class T, int C, class Order = imf::spark_order_t<C>>
struct random_input {
  std::vector<T> storage;
  imf::image_view<const T, C, Order> view;
  explicit random_input(unsigned seed) : storage(static_cast<std::size_t>(29 * (41 * C + 3))) {
    std::mt19937 rng(seed);
    for (auto& v : storage) {
      if constexpr (std::is_floating_point_v<T>) v = static_cast<T>(std::uniform_real_distribution<double>(-10, 300)(rng));
      else v = static_cast<T>(rng());
    }
    const imf::image_view<const T, C, Order> whole(storage.data(), 41, 29, (41 * C + 3) * static_cast<std::ptrdiff_t>(sizeof(T)));
    view = whole.subview(3, 1, 37, 27).flipped_left_right().flipped_up_down();
  }
};

// The pipeline's result (separately compiled kernel) equals kernel(view, dst) compiled here.
template <class T, int C, class Order = imf::spark_order_t<C>, class Stage, class Kernel>
void check_kernel(const Stage& stage, int out_w, int out_h, Kernel kernel) {
  const random_input<T, C, Order> in(static_cast<unsigned>(C * 7 + sizeof(T)));
  const auto got = imf::make_pipeline(stage)(in.view);
  imf::image<T, C, Order> want(out_w, out_h);
  kernel(in.view, want.view());
  INFO("channels " << C << ", value size " << sizeof(T) << ", stage " << Stage::name);
  REQUIRE(got.width() == out_w);
  REQUIRE(got.height() == out_h);
  CHECK(imf::equal_pixels(got.cview(), want.cview()));
}

template <class T, int C, class Order = imf::spark_order_t<C>>
void check_resizes() {
  using imf::interpolation;
  check_kernel<T, C, Order>(imf::resize{13, 20, interpolation::bilinear}, 20, 13,
                            [](const auto& s, const auto& d) { imf::kernels::resize_bilinear(s, d); });
  check_kernel<T, C, Order>(imf::resize{11, 17, interpolation::area}, 17, 11,
                            [](const auto& s, const auto& d) { imf::kernels::resize_area(s, d); });
  if constexpr (!std::is_same_v<T, u16>)
    check_kernel<T, C, Order>(imf::resize{19, 9, interpolation::antialias}, 9, 19,
                              [](const auto& s, const auto& d) { imf::kernels::resize_antialias(s, d); });
  // resize + crop: the windowed kernels (and antialias's whole resize, then the window).
  for (auto interp : {interpolation::bilinear, interpolation::area, interpolation::antialias}) {
    if (std::is_same_v<T, u16> && interp == interpolation::antialias) continue;
    const random_input<T, C, Order> in(5u + C);
    const auto got = (imf::resize_short{20, interp} | imf::center_crop{9, 7})(in.view);
    imf::image<T, C, Order> full(27, 20);  // 37 x 27 with its short side at 20
    imf::make_pipeline(imf::resize{20, 27, interp}).into(in.view, full);
    INFO("channels " << C << ", value size " << sizeof(T) << ", interpolation " << static_cast<int>(interp));
    const imf::roi r = imf::center_crop{9, 7}.region(27, 20);
    CHECK(imf::equal_pixels(got.cview(), full.cview().subview(r.x, r.y, r.width, r.height)));
    imf::image<T, C, Order> whole(27, 20);
    switch (interp) {
      case interpolation::bilinear: imf::kernels::resize_bilinear(in.view, whole.view()); break;
      case interpolation::area: imf::kernels::resize_area(in.view, whole.view()); break;
      case interpolation::antialias:
        if constexpr (!std::is_same_v<T, u16>) imf::kernels::resize_antialias(in.view, whole.view());
        break;
    }
    CHECK(imf::equal_pixels(full.cview(), whole.cview()));
  }
}

template <class T, int C, class Order = imf::spark_order_t<C>>
void check_filters() {
  check_kernel<T, C, Order>(imf::blur{5, 3}, 37, 27,
                            [](const auto& s, const auto& d) { imf::kernels::box_blur(s, d, 5, 3); });
  check_kernel<T, C, Order>(imf::gaussian_blur{5, 7, 1.3, 0.8}, 37, 27,
                            [](const auto& s, const auto& d) { imf::kernels::gaussian_blur(s, d, 5, 7, 1.3, 0.8); });
  check_kernel<T, C, Order>(imf::gaussian_kernel{5, 1.1}, 37, 27,
                            [](const auto& s, const auto& d) { imf::kernels::gaussian_vertical(s, d, 5, 1.1); });
  check_kernel<T, C, Order>(imf::threshold{100, 200, imf::threshold_type::trunc}, 37, 27, [](const auto& s, const auto& d) {
    imf::kernels::threshold(s, d, 100, 200, imf::kernels::threshold_type::trunc);
  });
}

// normalize<Order, U> (a fused pass from T x C to U) gives (v x scale - mean) / stddev in double, then U.
template <class T, int C, class U>
void check_normalize() {
  using Order = imf::spark_order_t<C>;
  const random_input<T, C> in(11u + C);
  imf::normalize<Order, U> stage{};
  for (std::size_t c = 0; c < static_cast<std::size_t>(C); ++c) {
    stage.mean[c] = 1.5 * static_cast<double>(c) - 2;
    stage.stddev[c] = 0.5 + static_cast<double>(c);
  }
  stage.scale = 0.75;
  const auto got = imf::make_pipeline(stage)(in.view);
  long long differ = 0;
  for (int y = 0; y < in.view.height(); ++y)
    for (int x = 0; x < in.view.width(); ++x)
      for (int c = 0; c < C; ++c) {
        const auto k = static_cast<std::size_t>(c);
        const auto want = static_cast<U>((static_cast<double>(in.view.at(x, y, c)) * stage.scale - stage.mean[k]) / stage.stddev[k]);
        differ += got.cview().at(x, y, c) != want;
      }
  INFO("channels " << C << ", value size " << sizeof(T) << " -> " << sizeof(U));
  CHECK(differ == 0);
}

}  // namespace

TEST_CASE("extern kernels: resize and resize + crop equal the header-only kernels", "[pipeline][extern]") {
  check_resizes<u8, 1>();
  check_resizes<u8, 2>();
  check_resizes<u8, 3, imf::rgb>();
  check_resizes<u8, 4, imf::rgba>();
  check_resizes<u16, 1>();
  check_resizes<u16, 3>();
  check_resizes<float, 2>();
  check_resizes<float, 4>();
}

TEST_CASE("extern kernels: blur, the Gaussians and threshold equal the header-only kernels", "[pipeline][extern]") {
  check_filters<u8, 1>();
  check_filters<u8, 2>();
  check_filters<u8, 3, imf::rgb>();
  check_filters<u8, 4>();
  check_filters<float, 1>();
  check_filters<float, 3>();
}

TEST_CASE("extern kernels: fused passes from every depth and channel count", "[pipeline][extern]") {
  check_normalize<u8, 1, float>();
  check_normalize<u8, 2, double>();
  check_normalize<u8, 4, float>();
  check_normalize<u16, 2, float>();
  check_normalize<u16, 3, double>();
  check_normalize<float, 1, double>();
  check_normalize<float, 4, float>();
  // Conversions keep the depth: BGR -> gray with OpenCV's weights, gray -> BGRA with an opaque alpha.
  const random_input<u8, 3> bgr(3);
  const auto gray = imf::make_pipeline(imf::color_format<imf::color_code::bgr2gray>{})(bgr.view);
  long long differ = 0;
  for (int y = 0; y < bgr.view.height(); ++y)
    for (int x = 0; x < bgr.view.width(); ++x) {
      const u8* p = bgr.view.pixel(x, y);
      differ += gray.cview().at(x, y, 0) != imf::kernels::gray_of<u8>(p[0], p[1], p[2]);
    }
  CHECK(differ == 0);
  const random_input<u16, 1> one(4);
  const auto bgra = imf::make_pipeline(imf::color_format<imf::color_code::gray2bgra>{})(one.view);
  differ = 0;
  for (int y = 0; y < one.view.height(); ++y)
    for (int x = 0; x < one.view.width(); ++x)
      for (int c = 0; c < 4; ++c) differ += bgra.cview().at(x, y, c) != (c == 3 ? u16{65535} : one.view.at(x, y, 0));
  CHECK(differ == 0);
}

TEST_CASE("extern kernels: the ImageNet chain equals the header-only resize, then the formula", "[pipeline][extern]") {
  const random_input<u8, 3, imf::bgr> in(1);
  const imf::to_tensor<float, imf::rgb, imf::chw> tensor{{0.485, 0.456, 0.406}, {0.229, 0.224, 0.225}, 1.0 / 255};
  const auto got = (imf::resize_short{24} | imf::center_crop{20, 22} | tensor)(in.view);
  imf::image<u8, 3, imf::bgr> resized(33, 24);  // 37 x 27 with its short side at 24
  imf::kernels::resize_bilinear(in.view, resized.view());
  const imf::roi r = imf::center_crop{20, 22}.region(33, 24);
  const auto crop = resized.cview().subview(r.x, r.y, r.width, r.height);
  REQUIRE(got.width() == r.width);
  REQUIRE(got.height() == r.height);
  long long differ = 0;
  for (int p = 0; p < 3; ++p)
    for (int y = 0; y < r.height; ++y)
      for (int x = 0; x < r.width; ++x) {
        const auto k = static_cast<std::size_t>(p);
        const double v = crop.at(x, y, 2 - p);  // plane p of RGB is channel 2 - p of BGR
        differ += got.at(p, y, x) != static_cast<float>((v * tensor.scale - tensor.mean[k]) / tensor.stddev[k]);
      }
  CHECK(differ == 0);
}
