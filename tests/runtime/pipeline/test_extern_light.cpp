// IMGFRAME_EXTERN_KERNELS: a TU that includes only the umbrella parses no xsimd and no x86
// intrinsics header (what makes it cheap to compile), and still runs every chain: here on Spark
// rows of every depth and channel count a chain accepts (apply instantiates them all).
#include <imgframe/imgframe.hpp>

#include <cstdint>
#include <cstring>
#include <string>
#include <type_traits>

#include "catch_compat.hpp"

#if !defined(IMGFRAME_EXTERN_KERNELS)
#error "test_extern_light.cpp is built with IMGFRAME_EXTERN_KERNELS (target test_pipeline_extern)"
#endif
#if defined(XSIMD_VERSION_MAJOR)
#error "with IMGFRAME_EXTERN_KERNELS the umbrella header must not include xsimd"
#endif
#if defined(_IMMINTRIN_H_INCLUDED) || defined(__IMMINTRIN_H) || defined(_EMMINTRIN_H_INCLUDED) || defined(__EMMINTRIN_H)
#error "with IMGFRAME_EXTERN_KERNELS the umbrella header must not include the x86 intrinsics headers"
#endif

namespace imf = imgframe;

static_assert(std::is_same_v<imf::exec::default_arch, imf::exec::implementation_arch>);

TEST_CASE("extern kernels: apply(row, p) on rows of every accepted format", "[pipeline][extern]") {
  constexpr auto chain = imf::blur{3, 3} | imf::resize{3, 5} | imf::threshold{100, 255};
  for (int mode : {0, 8, 16, 24, 5, 13, 21, 29}) {  // CV_8UC1..4, CV_32FC1..4
    const int channels = mode / 8 + 1;
    const bool is_float = mode % 8 == 5;
    imf::image_row row;
    row.origin = "mode " + std::to_string(mode);
    row.mode = mode;
    row.height = 4;
    row.width = 6;
    row.n_channels = channels;
    const std::size_t values = static_cast<std::size_t>(4 * 6 * channels);
    row.data = imf::byte_buffer(values * (is_float ? 4 : 1));
    for (std::size_t i = 0; i < values; ++i) {
      if (is_float) {
        const float v = static_cast<float>(i * 37 % 256);
        std::memcpy(row.data.data() + 4 * i, &v, 4);
      } else {
        row.data[i] = static_cast<std::uint8_t>(i * 37 % 256);
      }
    }
    INFO(row.origin);
    const imf::image_row image = imf::apply(row, chain);
    CHECK(image.width == 5);
    CHECK(image.height == 3);
    CHECK(image.mode == mode);
  }
}
