// DLPack export of batches: shape, strides, dtype, device, and the lifetime contract (run under
// ASan by scripts/test.sh: the buffer must live until the consumer calls the deleter, and the
// deleter must free everything).
#include <cstring>
#include <vector>

#include <imgframe/batch.hpp>
#include <imgframe/dlpack.hpp>
#include <imgframe/imgframe.hpp>
#include <imgframe/io.hpp>

#include "catch_compat.hpp"
#include "fixtures.hpp"

namespace imf = imgframe;

namespace {
imf::dataset samples() {
  return imf::read_images(fixtures::data("samples").string(), {.threads = 2, .show_progress = imf::progress::never});
}
}  // namespace

TEST_CASE("to_dlpack: NCHW float32 on the CPU, C-contiguous strides, the batch's own buffer") {
  constexpr auto prep = imf::resize{16, 20} | imf::to_tensor<float, imf::rgb, imf::chw, imf::expand_gray>{};
  const imf::dataset ds = samples();
  imf::batch b;
  REQUIRE(imf::batches(ds.rows(), prep, {.batch_size = 5}).next(b));
  imf::unique_dlpack t(imf::to_dlpack(b));
  const DLTensor& d = t->dl_tensor;
  CHECK(d.data == b.bytes());  // no copy
  CHECK(d.device.device_type == kDLCPU);
  CHECK(d.device.device_id == 0);
  CHECK(d.ndim == 4);
  CHECK(d.dtype.code == kDLFloat);
  CHECK(d.dtype.bits == 32);
  CHECK(d.dtype.lanes == 1);
  CHECK(d.byte_offset == 0);
  CHECK(std::vector<std::int64_t>(d.shape, d.shape + 4) == std::vector<std::int64_t>{5, 3, 16, 20});
  CHECK(std::vector<std::int64_t>(d.strides, d.strides + 4) == std::vector<std::int64_t>{3 * 16 * 20, 16 * 20, 20, 1});
  CHECK(t->manager_ctx != nullptr);
}

TEST_CASE("to_dlpack: NHWC uint8 from an image pipeline; labels as int64") {
  const imf::dataset ds = samples();
  imf::batch b;
  REQUIRE(imf::batches(ds.rows(), imf::resize{4, 6}, {.batch_size = 2}).next(b));
  imf::unique_dlpack t(imf::to_dlpack(b));
  CHECK(t->dl_tensor.dtype.code == kDLUInt);
  CHECK(t->dl_tensor.dtype.bits == 8);
  CHECK(std::vector<std::int64_t>(t->dl_tensor.shape, t->dl_tensor.shape + 4) == std::vector<std::int64_t>{2, 4, 6, 3});
  imf::unique_dlpack l(imf::labels_to_dlpack(b));
  CHECK(l->dl_tensor.ndim == 1);
  CHECK(l->dl_tensor.shape[0] == 2);
  CHECK(l->dl_tensor.dtype.code == kDLInt);
  CHECK(l->dl_tensor.dtype.bits == 64);
  CHECK(static_cast<const std::int64_t*>(l->dl_tensor.data)[1] == imf::batch::no_label);
  CHECK(imf::dlpack_dtype(imf::depth::f64).bits == 64);
  CHECK(imf::dlpack_dtype(imf::depth::s16).code == kDLInt);
}

TEST_CASE("an exported tensor outlives refills and the batch itself, until the deleter") {
  constexpr auto prep = imf::resize{8, 8} | imf::to_tensor<float, imf::rgb, imf::chw, imf::expand_gray>{};
  const imf::dataset ds = samples();
  DLManagedTensor* exported = nullptr;
  std::vector<float> expected;
  {
    imf::batch b;
    auto r = imf::batches(ds.rows(), prep, {.batch_size = 3});
    REQUIRE(r.next(b));
    exported = imf::to_dlpack(b);
    expected.assign(b.data<float>(), b.data<float>() + 3 * b.format().elements());
    REQUIRE(r.next(b));  // refill: must not write into the exported buffer
    CHECK(static_cast<const void*>(b.bytes()) != exported->dl_tensor.data);
    REQUIRE(r.next(b));
  }  // batch and reader gone; the export still holds the buffer (ASan: no use after free)
  const auto* data = static_cast<const float*>(exported->dl_tensor.data);
  CHECK(std::memcmp(data, expected.data(), expected.size() * sizeof(float)) == 0);
  exported->deleter(exported);  // frees the buffer and the holder (ASan: no leak)
}

TEST_CASE("to_dlpack before any sample is an error") {
  imf::batch b;
  CHECK_THROWS_AS(imf::to_dlpack(b), imf::batch_error);
}
