// visit() on arbitrary image_row field values: height, width, nChannels and mode are any 32-bit
// integers, data any length up to 4 KiB. Invariant: a row that does not describe its data is a
// row_error before any typed code runs; otherwise every pixel of the view is inside the data
// (ASan checks the reads; the checksum keeps them from being optimised away).
#include <cstddef>
#include <cstdint>

#include <imgframe/erased/row_convert.hpp>

#include "fuzz_support.hpp"

namespace {

volatile std::uint64_t sink;

struct read_every_pixel {
  template <class V>
  std::uint64_t operator()(const V& view) const {
    std::uint64_t sum = 0;
    if (view.width() == 0) return sum;  // a 0-wide view may be 2^31 rows tall: nothing to read
    for (int y = 0; y < view.height(); ++y)
      for (int x = 0; x < view.width(); ++x)
        for (int c = 0; c < V::channels; ++c) {
          const auto v = view.at(x, y, c);
          unsigned char bytes[sizeof v];
          __builtin_memcpy(bytes, &v, sizeof v);
          for (unsigned char b : bytes) sum = sum * 31 + b;
        }
    return sum;
  }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace imgframe;
  fuzz::byte_cursor in(data, size);
  image_row row;
  row.origin = "file:/fuzz/row";
  row.height = in.i32();
  row.width = in.i32();
  row.n_channels = in.i32();
  row.mode = in.i32();
  // Small values are more interesting than uniform 32-bit ones: the low bit of a selector byte
  // folds each field into -2..13 half the time.
  const std::uint8_t fold = in.u8();
  if (fold & 1) row.height = row.height % 16 - 2;
  if (fold & 2) row.width = row.width % 16 - 2;
  if (fold & 4) row.n_channels = row.n_channels % 6 - 1;
  if (fold & 8) row.mode = row.mode % 32 - 1;
  const auto rest = in.rest();
  row.data.assign(rest.begin(), rest.begin() + static_cast<std::ptrdiff_t>(rest.size() > 4096 ? 4096 : rest.size()));
  try {
    sink = visit(static_cast<const image_row&>(row), read_every_pixel{});
    sink = visit_mutable(row, read_every_pixel{});
  } catch (const row_error&) {
  }
  return 0;
}
