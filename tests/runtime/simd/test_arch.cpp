// simd/arch.hpp and simd/loop.hpp: the xsimd 8.1/14 shim and the row driver.
#include <algorithm>
#include <cstdint>
#include <numeric>
#include <vector>

#include "catch_compat.hpp"

#include <imgframe/core/image.hpp>
#include <imgframe/simd/arch.hpp>
#include <imgframe/simd/loop.hpp>

namespace simd = imgframe::simd;

static_assert(simd::lanes<float, simd::scalar_arch> == 1);
static_assert(!simd::vectorize<float, simd::scalar_arch>);
#ifndef IMGFRAME_NO_SIMD
static_assert(simd::lanes<float> >= 4, "every SIMD default_arch has at least 128-bit float registers");
static_assert(simd::lanes<std::uint8_t> == 4 * simd::lanes<float>);
#endif

#ifndef IMGFRAME_NO_SIMD
TEST_CASE("arch: the shim names mean the same with xsimd 8.1 and 14", "[simd][arch]") {
  using A = simd::default_arch;
  constexpr std::size_t L = simd::lanes<std::int32_t, A>;
  std::vector<std::int32_t> v(L);
  std::iota(v.begin(), v.end(), 1);
  const auto b = simd::load<A>(v.data());
  CHECK(simd::reduce_add(b) == static_cast<std::int32_t>(L * (L + 1) / 2));
  // 1.0f has the bit pattern 0x3f800000.
  std::vector<std::int32_t> bits(L);
  simd::store(bits.data(), simd::bit_cast<std::int32_t>(simd::broadcast<A>(1.0f)));
  CHECK(bits.front() == 0x3f800000);
  CHECK(bits.back() == 0x3f800000);
  CHECK(simd::reduce_add(simd::convert<float>(b)) == Approx(L * (L + 1) / 2.0));
  // cvRound semantics: ties to even; truncation toward zero.
  const float ties[] = {0.5f, 1.5f, 2.5f, -0.5f, -1.5f, 3.49f, -2.7f, 7.5f};
  const std::int32_t even[] = {0, 2, 2, 0, -2, 3, -3, 8};
  const std::int32_t trunc[] = {0, 1, 2, 0, -1, 3, -2, 7};
  std::vector<float> in(L);
  std::vector<std::int32_t> out(L);
  for (std::size_t i = 0; i < L; ++i) in[i] = ties[i % 8];
  simd::store(out.data(), simd::round_to_int(simd::load<A>(in.data())));
  for (std::size_t i = 0; i < L; ++i) CHECK(out[i] == even[i % 8]);
  simd::store(out.data(), simd::truncate_to_int(simd::load<A>(in.data())));
  for (std::size_t i = 0; i < L; ++i) CHECK(out[i] == trunc[i % 8]);
  // Converting loads and stores.
  std::vector<std::uint8_t> bytes(L);
  for (std::size_t i = 0; i < L; ++i) bytes[i] = static_cast<std::uint8_t>(250 + i);
  const auto f = simd::load_as<float, A>(bytes.data());
  std::vector<std::uint8_t> back(L);
  simd::store_as<std::uint8_t>(back.data(), simd::truncate_to_int(f));
  CHECK(back == bytes);
  CHECK(simd::reduce_add(simd::clamp(b, simd::broadcast<A>(std::int32_t{2}), simd::broadcast<A>(std::int32_t{3}))) ==
        static_cast<std::int32_t>(3 * L - 2));  // 1, 2, 3, 4... -> 2, 2, 3, 3...
}
#endif

TEST_CASE("loop: for_each_batch covers every index exactly once with a scalar tail", "[simd][loop]") {
  for (std::size_t n = 0; n <= 33; ++n) {
    std::vector<int> hits(n, 0);
    std::vector<int> vector_starts;
    simd::for_each_batch<8>(
        n,
        [&](std::size_t i) {
          vector_starts.push_back(static_cast<int>(i));
          for (std::size_t k = 0; k < 8; ++k) ++hits[i + k];
        },
        [&](std::size_t i) { ++hits[i]; });
    INFO("n = " << n);
    CHECK(std::all_of(hits.begin(), hits.end(), [](int h) { return h == 1; }));
    CHECK(vector_starts.size() == n / 8);
  }
}

TEST_CASE("loop: the overlapped tail recomputes one last full batch ending at n", "[simd][loop]") {
  for (std::size_t n = 0; n <= 33; ++n) {
    std::vector<int> hits(n, 0);
    int scalar_calls = 0;
    simd::for_each_batch<8, simd::tail_policy::overlapped>(
        n, [&](std::size_t i) { for (std::size_t k = 0; k < 8; ++k) ++hits[i + k]; },
        [&](std::size_t i) {
          ++hits[i];
          ++scalar_calls;
        });
    INFO("n = " << n);
    CHECK(std::all_of(hits.begin(), hits.end(), [](int h) { return h >= 1 && h <= 2; }));
    // Short rows still take the scalar path; longer rows never do.
    CHECK(scalar_calls == (n < 8 ? static_cast<int>(n) : 0));
  }
}

TEST_CASE("loop: forward_row, store_row and transform_rows read and write mirrored views", "[simd][loop]") {
  using imgframe::bgr;
  imgframe::image<std::uint8_t, 3, bgr> img(5, 3);
  auto v = img.view();
  for (int y = 0; y < 3; ++y)
    for (int x = 0; x < 5; ++x)
      for (int c = 0; c < 3; ++c) v.at(x, y, c) = static_cast<std::uint8_t>(100 * y + 10 * x + c);
  const auto mirrored = v.as_const().flipped_left_right().flipped_up_down();
  std::vector<std::uint8_t> buf;
  const std::uint8_t* r = simd::forward_row(mirrored, 0, buf);
  // Row 0 of the doubly flipped view is source row 2, right to left.
  CHECK(r[0] == 240);
  CHECK(r[1] == 241);
  CHECK(r[3] == 230);
  CHECK(r[14] == 202);

  imgframe::image<std::uint8_t, 3, bgr> out(5, 3);
  const auto dst = out.view().flipped_left_right();
  simd::transform_rows(mirrored, dst, [](auto, const std::uint8_t* s, std::uint8_t* d, std::size_t n) {
    for (std::size_t i = 0; i < n; ++i) d[i] = static_cast<std::uint8_t>(s[i] + 1);
  });
  // Flipping twice left-right cancels: out(x, y) = img(x, 2 - y) + 1.
  for (int y = 0; y < 3; ++y)
    for (int x = 0; x < 5; ++x)
      for (int c = 0; c < 3; ++c) CHECK(out.view().at(x, y, c) == v.at(x, 2 - y, c) + 1);
}
