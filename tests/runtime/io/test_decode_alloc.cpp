// Every decoder path writes the row's pixels into the row's own buffer and moves it out: one
// allocation of exactly height*width*nChannels bytes per decode, never a second (a copy of the row on
// the way out, or a buffer allocated and then replaced). Counted with a replaced global operator new,
// which is why this test is an executable of its own.
#if __has_include(<malloc.h>)
#include <malloc.h>  // glibc's mallopt(M_PERTURB)
#endif

#include <atomic>
#include <cstddef>
#include <cstdlib>
#include <cstring>
#include <new>
#include <string>
#include <vector>

#include "catch_compat.hpp"
#include "io_test_support.hpp"

namespace {

// Allocations through operator new on this thread while counting is on. stb_image allocates its
// intermediate buffers with malloc (STBI_MALLOC), so these are the row and imgframe's own buffers.
struct new_counter {
  bool on = false;
  std::size_t calls = 0;
  std::size_t bytes = 0;
  std::vector<std::size_t>* sizes = nullptr;  // sizes of the large ones (>= threshold)
  std::size_t threshold = 0;
  int poison = -1;  // >= 0: fill every new allocation with this byte (what the decoder leaves unwritten shows)
};
thread_local new_counter counter;

void* counted_new(std::size_t n) {
  if (counter.on) {
    counter.on = false;  // the bookkeeping below allocates too
    ++counter.calls;
    counter.bytes += n;
    if (n >= counter.threshold && counter.sizes) counter.sizes->push_back(n);
    counter.on = true;
  }
  if (void* p = std::malloc(n ? n : 1)) {
    if (counter.poison >= 0) std::memset(p, counter.poison, n);
    return p;
  }
  throw std::bad_alloc();
}

}  // namespace

void* operator new(std::size_t n) { return counted_new(n); }
void* operator new[](std::size_t n) { return counted_new(n); }
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }

namespace {

using namespace imgframe;

struct counted_decode {
  decode_result result;
  std::vector<std::size_t> large;  // allocations of at least the row's size
  std::size_t bytes = 0;           // everything allocated through operator new during the decode
};

counted_decode decode_counted(const std::string& file, const decode_options& o = {}) {
  const std::vector<std::uint8_t> bytes = io_test::file_bytes(file);
  // The row size is known only after decoding: decode once to learn it, then count a second decode.
  const std::size_t row_bytes = decode(bytes, "x", o).row.data.size();
  counted_decode c;
  c.large.reserve(16);
  counter = {true, 0, 0, &c.large, row_bytes};
  c.result = decode(bytes, "origin-long-enough-to-leave-the-small-string-buffer", o);
  counter.on = false;
  c.bytes = counter.bytes;
  return c;
}

void check_one_row_allocation(const std::string& rel, const decode_options& o = {}) {
  INFO(rel);
  const counted_decode c = decode_counted(io_test::corpus(rel), o);
  REQUIRE(c.result.ok());
  const std::size_t row_bytes = c.result.row.data.size();
  REQUIRE(row_bytes == static_cast<std::size_t>(c.result.row.height) * static_cast<std::size_t>(c.result.row.width) *
                           static_cast<std::size_t>(c.result.row.n_channels));
  INFO("row bytes " << row_bytes << ", allocated through operator new " << c.bytes);
  REQUIRE(c.large.size() == 1u);        // the row's buffer, and no copy of it
  CHECK(c.large[0] == row_bytes);       // allocated once at its final size
  CHECK(c.bytes < 2 * row_bytes);       // nothing else of the row's size either
}

}  // namespace

TEST_CASE("decode allocates the row once and moves it out, on every decoder path", "[io][decode][alloc]") {
  SECTION("JPEG, automatic decoder (libjpeg-turbo when built with it)") {
    check_one_row_allocation("valid/jpeg/rocket.jpg");
    check_one_row_allocation("edge/progressive/cat.jpg");
  }
  SECTION("JPEG, stb_image") {
    decode_options o;
    o.jpeg = jpeg_decoder::stb;
    check_one_row_allocation("valid/jpeg/rocket.jpg", o);
  }
  SECTION("PNG, GIF (stb_image)") {
    check_one_row_allocation("valid/png/chelsea.png");
    check_one_row_allocation("valid/gif/transparent.gif");
  }
  SECTION("BMP: stb, a gap before the pixels, RLE8 / RLE4, BI_JPEG / BI_PNG") {
    check_one_row_allocation("valid/bmp/bmpsuite_g/rgb24.bmp");
    check_one_row_allocation("edge/bmp_questionable/pal8offs.bmp");
    check_one_row_allocation("edge/unsupported/pal8rle.bmp");
    check_one_row_allocation("edge/unsupported/pal4rle.bmp");
    check_one_row_allocation("edge/unsupported/rgb24jpeg.bmp");
    check_one_row_allocation("edge/unsupported/rgb24png.bmp");
  }
  SECTION("truncated JPEG with allow_truncated: the padded row, still one allocation") {
    const std::vector<std::uint8_t> full = io_test::file_bytes(io_test::corpus("valid/jpeg/rocket.jpg"));
    const std::vector<std::uint8_t> cut(full.begin(), full.begin() + static_cast<std::ptrdiff_t>(full.size() / 2));
    decode_options o;
    o.allow_truncated = true;
    counter = {true, 0, 0, nullptr, 0};
    const decode_result r = decode(cut, "origin-long-enough-to-leave-the-small-string-buffer", o);
    counter.on = false;
    REQUIRE(r.ok());
    CHECK(r.truncated);
    CHECK(r.row.data.size() == 427u * 640u * 3u);
    CHECK(counter.bytes < 2 * r.row.data.size());
  }
}

TEST_CASE("byte_buffer: resize(n, v) fills, copies, compares with std::vector", "[io][alloc]") {
  byte_buffer b(3, 7);
  CHECK(b == std::vector<std::uint8_t>{7, 7, 7});
  b.resize(5, 1);
  CHECK(b == std::vector<std::uint8_t>{7, 7, 7, 1, 1});
  CHECK_FALSE(b == std::vector<std::uint8_t>{7, 7, 7, 1});
  const byte_buffer copy = b;
  CHECK(copy == b);
}

// Regression (CI, issue 15): libjpeg-turbo stopped part-way through a damaged JPEG after a warning,
// tjGetErrorCode still said "warning", and the rows it never reached were whatever the heap held -
// a different sha256 on each run. Such a decode is now an invalid row (the JDK throws on it: "Invalid
// component ID 93 in SOS"), whatever memory held, even with allow_truncated.
TEST_CASE("a JPEG that fails after a warning is an invalid row, whatever memory held", "[io][decode][alloc][damaged]") {
  const std::vector<std::uint8_t> bytes = io_test::file_bytes(io_test::corpus("invalid/jpeg/oss-fuzz-36829.jpeg"));
  decode_options o;
  o.quirks = compat::faithful;
  o.allow_truncated = true;
  auto decode_poisoned = [&](int poison) {
    counter = {false, 0, 0, nullptr, 0, poison};
    decode_result r = decode(bytes, "x", o);
    counter.poison = -1;
    return r;
  };
  for (const int poison : {0x00, 0xFF}) {
    const decode_result r = decode_poisoned(poison);
    CHECK(r.reason == failure::truncated);
    CHECK(r.message == "corrupt JPEG data (libjpeg-turbo: Invalid component ID 93 in SOS)");
    CHECK(r.row.data.empty());
  }
}

#ifdef M_PERTURB
// Regression (fuzz_decode, 2026-12-03): stb_image's JPEG decoder left parts of its component planes
// unwritten on a damaged baseline JPEG (its scan ends early) and still returned an image, so some of
// the row's bytes were whatever the heap held (Valgrind: uninitialised values in
// stbi__YCbCr_to_RGB_simd). glibc's M_PERTURB fills every block malloc returns with a chosen byte:
// the row must be the same whatever that byte is. (Not under ASan, whose malloc ignores M_PERTURB.)
TEST_CASE("stb's JPEG decoder leaves no byte of a damaged file's row undefined", "[io][decode][alloc][damaged]") {
  const std::vector<std::uint8_t> bytes =
      io_test::file_bytes(std::string(IMGFRAME_TEST_DATA) + "/../fuzz/corpus/decode/stb-jpeg-scan-ends-early-uninit.jpg");
  decode_options o;
  o.quirks = compat::faithful;
  o.jpeg = jpeg_decoder::stb;
  auto decode_perturbed = [&](int perturb) {  // malloc'd blocks hold ~perturb
    mallopt(M_PERTURB, perturb);
    decode_result r = decode(bytes, "x", o);
    mallopt(M_PERTURB, 0);
    return r;
  };
  const decode_result zeros = decode_perturbed(0xFF), other = decode_perturbed(0x5A);
  REQUIRE(zeros.ok());
  REQUIRE(other.ok());
  CHECK(zeros.row.height == 128);
  CHECK(zeros.row.width == 128);
  CHECK(zeros.row.n_channels == 3);
  CHECK(zeros.row.data == other.row.data);
}
#endif
