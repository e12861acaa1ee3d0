// Batches: stacking order, content equal to the pipeline run row by row, skipped rows and their
// reasons, labels, the same batches for 1 and 3 threads, buffer reuse.
#include <algorithm>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include <imgframe/batch.hpp>
#include <imgframe/imgframe.hpp>
#include <imgframe/io.hpp>

#include "catch_compat.hpp"
#include "fixtures.hpp"

namespace imf = imgframe;
using fixtures::temp_dir;

namespace {

constexpr auto prep = imf::resize{24, 32} | imf::to_tensor<float, imf::rgb, imf::chw, imf::expand_gray>{
                                                 {0.485, 0.456, 0.406}, {0.229, 0.224, 0.225}, 1.0 / 255};

// Samples folder: 9 images (gray, BGR, BGRA) and LICENSES.txt (an invalid row).
imf::dataset samples(unsigned threads, int partitions = 1) {
  return imf::read_images(fixtures::data("samples").string(),
                          {.num_partitions = partitions, .threads = threads, .show_progress = imf::progress::never});
}

struct drained {
  std::vector<std::vector<float>> batches;
  std::vector<std::string> origins;
  std::vector<imf::skipped_row> skipped;
  std::vector<std::size_t> sizes;
};

template <class Reader>
drained drain(Reader&& r) {
  drained d;
  imf::batch b;
  while (r.next(b)) {
    d.sizes.push_back(b.size());
    d.batches.emplace_back(b.data<float>(), b.data<float>() + b.size() * b.format().elements());
    d.origins.insert(d.origins.end(), b.origins().begin(), b.origins().end());
    d.skipped.insert(d.skipped.end(), b.skipped().begin(), b.skipped().end());
  }
  d.skipped.insert(d.skipped.end(), b.skipped().begin(), b.skipped().end());
  return d;
}

}  // namespace

TEST_CASE("batches stack the pipeline's tensors in reading order, NCHW, topped up past skipped rows") {
  const imf::dataset ds = samples(3);
  auto reader = imf::batches(ds.rows(), prep, {.batch_size = 4});
  imf::batch b;
  std::vector<std::string> origins;
  std::vector<imf::skipped_row> skipped;
  std::vector<std::size_t> sizes;
  const std::vector<imf::dataset_row> rows = imf::collect(ds.rows());
  while (reader.next(b)) {
    REQUIRE(b.format() == imf::sample_format{imf::depth::f32, imf::batch_layout::nchw, "rgb", 3, 24, 32});
    CHECK(b.shape() == std::array<std::int64_t, 4>{static_cast<std::int64_t>(b.size()), 3, 24, 32});
    CHECK(b.strides() == std::array<std::int64_t, 4>{3 * 24 * 32, 24 * 32, 32, 1});
    CHECK(reinterpret_cast<std::uintptr_t>(b.bytes()) % imf::batch::alignment == 0);
    for (std::size_t i = 0; i < b.size(); ++i) {
      // Each sample is exactly the pipeline's tensor for that row.
      const auto& row = *std::find_if(rows.begin(), rows.end(), [&](const auto& r) { return r.row.origin == b.origins()[i]; });
      CHECK(row.file_index == b.file_indices()[i]);
      const auto t = imf::visit(row.row, [&](auto v) -> decltype(prep(v)) { return prep(v); });
      REQUIRE(t.size() == b.format().elements());
      CHECK(std::memcmp(t.data(), b.data<float>() + i * t.size(), t.size() * sizeof(float)) == 0);
      CHECK(b.labels()[i] == imf::batch::no_label);
    }
    sizes.push_back(b.size());
    origins.insert(origins.end(), b.origins().begin(), b.origins().end());
    skipped.insert(skipped.end(), b.skipped().begin(), b.skipped().end());
  }
  CHECK(sizes == std::vector<std::size_t>{4, 4, 1});
  REQUIRE(skipped.size() == 1);
  CHECK(skipped[0].origin.ends_with("/LICENSES.txt"));
  CHECK(skipped[0].reason.starts_with("not a recognised image format"));  // the reader's reason
  std::vector<std::string> valid;
  for (const auto& r : rows)
    if (r.ok()) valid.push_back(r.row.origin);
  CHECK(origins == valid);  // reading order
  CHECK(reader.summary().rows == 10);
}

TEST_CASE("batches are the same with 1 and 3 threads, and partition by partition") {
  const drained one = drain(imf::batches(samples(1).rows(), prep, {.batch_size = 3}));
  const drained three = drain(imf::batches(samples(3).rows(), prep, {.batch_size = 3}));
  CHECK(one.sizes == std::vector<std::size_t>{3, 3, 3});
  CHECK(one.batches == three.batches);
  CHECK(one.origins == three.origins);
  CHECK(one.skipped == three.skipped);

  const imf::dataset parts = samples(2, 3);
  std::vector<std::string> origins;
  for (std::size_t p = 0; p < parts.num_partitions(); ++p) {
    const drained d = drain(imf::batches(parts.partition(p), prep, {.batch_size = 2}));
    origins.insert(origins.end(), d.origins.begin(), d.origins.end());
  }
  CHECK(origins == one.origins);
}

TEST_CASE("the first sample fixes the format: other shapes and channel counts are skipped with the reason") {
  // resize alone gives images (NHWC u8, in the image's own channel order): the first valid row is
  // BGR (astronaut.png), so camera.png (gray) and horse.png (BGRA) do not fit.
  const drained d = [] {
    drained out;
    imf::batch b;
    auto r = imf::batches(samples(2).rows(), imf::resize{5, 7}, {.batch_size = 16});
    REQUIRE(r.next(b));
    CHECK(b.format() == imf::sample_format{imf::depth::u8, imf::batch_layout::nhwc, "bgr", 3, 5, 7});
    CHECK(b.shape() == std::array<std::int64_t, 4>{6, 5, 7, 3});
    out.skipped = b.skipped();
    out.origins = b.origins();
    CHECK_FALSE(r.next(b));
    return out;
  }();
  REQUIRE(d.skipped.size() == 4);
  CHECK(d.skipped[0].origin.ends_with("/LICENSES.txt"));
  CHECK(d.skipped[1].origin.ends_with("/camera.png"));
  CHECK(d.skipped[1].reason == "imgframe batch: a sample of 8U NHWC gray 5x7x1 does not fit a batch of 8U NHWC bgr 5x7x3");
  CHECK(d.skipped[2].origin.ends_with("/digits.png"));
  CHECK(d.skipped[3].origin.ends_with("/horse.png"));
  CHECK(d.skipped[3].reason.find("8U NHWC bgra 5x7x4 does not fit") != std::string::npos);
}

TEST_CASE("a view pipeline (crop) is copied out of its strided window; flips too") {
  const imf::dataset ds = samples(2);
  auto r = imf::batches(ds.rows(), imf::crop{3, 2, 4, 5} | imf::flip{1}, {.batch_size = 1});
  imf::batch b;
  REQUIRE(r.next(b));
  const imf::dataset_row first = imf::collect(ds.rows())[1];  // astronaut.png, BGR (after LICENSES.txt)
  const auto v = imf::row_as<imf::const_image_view<std::uint8_t, 3>>(first.row);
  for (int y = 0; y < 4; ++y)
    for (int x = 0; x < 5; ++x)
      for (int c = 0; c < 3; ++c)
        CHECK(b.data<std::uint8_t>()[(y * 5 + x) * 3 + c] == v.at(3 + 4 - x, 2 + y, c));
}

TEST_CASE("labels come from the reader: class folders give the class index") {
  temp_dir dir;
  fixtures::place("samples/chelsea.png", dir / "cat/chelsea.png");
  fixtures::place("samples/coffee.png", dir / "cup/coffee.png");
  fixtures::place("samples/rocket.jpg", dir / "rocket/rocket.jpg");
  fixtures::place("samples/astronaut.png", dir / "cat/z-not-a-cat.png");
  const imf::dataset ds = imf::read_images(dir.path().string(), {.recursive = true, .threads = 2,
                                                                 .label = imf::label_from::parent_dir,
                                                                 .show_progress = imf::progress::never});
  imf::batch b;
  REQUIRE(imf::batches(ds.rows(), prep, {.batch_size = 8}).next(b));
  CHECK(b.labels() == std::vector<std::int64_t>{0, 0, 1, 2});
  CHECK(ds.class_names() == std::vector<std::string>{"cat", "cup", "rocket"});
}

TEST_CASE("the buffer is reused across batches unless someone still holds it") {
  const imf::dataset ds = samples(2);
  auto r = imf::batches(ds.rows(), prep, {.batch_size = 2});
  imf::batch b;
  REQUIRE(r.next(b));
  const std::byte* first = b.bytes();
  REQUIRE(r.next(b));
  CHECK(b.bytes() == first);  // reused
  std::shared_ptr<std::byte> held = b.storage();
  const std::vector<std::byte> before(held.get(), held.get() + 2 * b.format().bytes());
  REQUIRE(r.next(b));
  CHECK(b.bytes() != first);  // the held buffer was left alone ...
  CHECK(std::memcmp(before.data(), held.get(), before.size()) == 0);  // ... unchanged
}

TEST_CASE("batch errors: zero batch size, wrong element type, format before any sample") {
  const imf::dataset ds = samples(1);
  CHECK_THROWS_AS(imf::batches(ds.rows(), prep, {.batch_size = 0}), imf::batch_error);
  imf::batch b;
  CHECK_THROWS_WITH(b.format(), "imgframe batch: no sample yet, so no format");
  REQUIRE(imf::batches(ds.rows(), prep, {.batch_size = 1}).next(b));
  CHECK_THROWS_WITH(b.data<double>(), "imgframe batch: data<64F>() on a batch of 32F");
}
