// The runtime image_transformer built from arbitrary stage JSON, applied to a small row.
// Input: byte 0 height (0-15), byte 1 width (0-15), byte 2 the row's mode (8-bit, 16-bit unsigned
// or 32-bit float, 1-4 channels, or an arbitrary code), byte 3 the pixel seed; the rest is the JSON.
// Invariants: bad JSON or a bad stage is a transform_error; a row a stage cannot take is a
// transform_error or row_error naming it; nothing else escapes; a result row is consistent and a
// tensor has channels x height x width values.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <variant>

#include <imgframe/erased/image_transformer.hpp>  // the dispatch: library imgframe_transformer_dispatch
#include <imgframe/json/image_transformer_json.hpp>
#include <nlohmann/json.hpp>

#include "fuzz_support.hpp"

namespace {

using namespace imgframe;

image_row make_row(fuzz::byte_cursor& in) {
  image_row row;
  row.origin = "file:/fuzz/row.png";
  row.height = in.u8() & 15;
  row.width = in.u8() & 15;
  static constexpr int modes[] = {0, 8, 16, 24, 2, 10, 18, 26, 5, 13, 21, 29};
  const std::uint8_t m = in.u8();
  const bool arbitrary_mode = m >= 240;  // codes outside the supported set (s8, s16, s32, f64, junk)
  row.mode = arbitrary_mode ? static_cast<int>(m) - 248 : modes[m % std::size(modes)];
  const mode_info* info = find_mode(row.mode);
  row.n_channels = info ? info->channels : 1;
  const std::size_t bytes =
      static_cast<std::size_t>(row.height) * row.width * row.n_channels * (info ? depth_size(info->depth_code) : 1);
  row.data.resize(bytes);
  std::uint32_t state = 0x9E3779B9u * (in.u8() + 1u);  // xorshift: floats include NaN, inf, denormals
  for (auto& b : row.data) {
    state ^= state << 13;
    state ^= state >> 17;
    state ^= state << 5;
    b = static_cast<std::uint8_t>(state >> 24);
  }
  return row;
}

void check_result(const transform_result& r, const image_row& input) {
  if (const auto* row = std::get_if<image_row>(&r)) {
    // The identity transformer (no stages, no tensor) hands any row back as it is, even a malformed one.
    if (row->is_invalid() || *row == input) return;
    const mode_info* m = find_mode(row->mode);
    IMGFRAME_FUZZ_CHECK(m != nullptr);
    IMGFRAME_FUZZ_CHECK(row->n_channels == m->channels);
    IMGFRAME_FUZZ_CHECK(row->height >= 0 && row->width >= 0);
    IMGFRAME_FUZZ_CHECK(row->data.size() == static_cast<std::size_t>(row->height) * row->width * m->channels *
                                                depth_size(m->depth_code));
  } else {
    const auto& t = std::get<tensor_row>(r);
    const std::size_t n = static_cast<std::size_t>(t.channels) * t.height * t.width;
    std::visit([&](const auto& v) { IMGFRAME_FUZZ_CHECK(v.size() == n); }, t.values);
  }
}

// True when a stage asks for an output side over 256 that the 2^28-pixel bound still allows
// (e.g. resize 2 x 22222224): legal, so it allocates what it asks for - with the kernels' row
// tables and ASan's overhead, past libFuzzer's 2 GB RSS limit. Those sizes are the unit tests' job
// (test_transformer); the fuzzer keeps targets the 15 x 15 rows can exercise, and the refused ones.
bool asks_for_a_huge_output(const nlohmann::json& j) {
  if (j.is_array()) {
    for (const auto& e : j)
      if (asks_for_a_huge_output(e)) return true;
  } else if (j.is_object()) {
    for (const auto& [key, v] : j.items()) {
      if ((key == "height" || key == "width" || key == "size") && v.is_number()) {
        const double n = v.get<double>();
        if (n > 256 && n <= static_cast<double>(1LL << 28)) return true;
      }
      if (asks_for_a_huge_output(v)) return true;
    }
  }
  return false;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fuzz::byte_cursor in(data, size);
  const image_row row = make_row(in);
  image_transformer t;
  const auto text = in.rest_text();
  try {
    t = image_transformer::parse(text);
  } catch (const transform_error&) {
    return 0;
  }
  if (asks_for_a_huge_output(nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false))) return 0;
  (void)t.describe();
  try {
    check_result(t(row), row);
  } catch (const transform_error&) {
  } catch (const row_error&) {
  }
  return 0;
}
