// The consumer program of the packaging tests: built against imgframe through every route a user
// has (find_package, add_subdirectory, meson subproject, pkg-config, the vcpkg port's install).
// Its one output line is checked by tests/package/common.sh.
#include <imgframe/imgframe.hpp>

#include <cstdint>
#include <cstdio>
#include <vector>

// The package must also hand over its dependencies' include directories.
#if !__has_include(<stb_image.h>)
#error "the imgframe package did not put stb_image.h on the include path"
#endif
#if !__has_include(<xsimd/xsimd.hpp>)
#error "the imgframe package did not put xsimd on the include path"
#endif

int main() {
  // 4x2 BGR pixels in rows padded to 16 bytes; value = 10*y + 3*x + channel.
  std::vector<std::uint8_t> buffer(2 * 16, 0xEE);
  for (int y = 0; y < 2; ++y)
    for (int x = 0; x < 4; ++x)
      for (int c = 0; c < 3; ++c) buffer[static_cast<std::size_t>(y * 16 + x * 3 + c)] = static_cast<std::uint8_t>(10 * y + 3 * x + c);
  const auto view = imgframe::make_view<imgframe::bgr>(buffer.data(), 4, 2, 16);

  // Columns 1..3 packed into a Spark row (no padding), then read back through visit.
  const imgframe::image_row row = imgframe::to_row(view.subview(1, 0, 3, 2), "memory:consumer");
  const int sum = imgframe::visit(row, [](imgframe::const_image_view<std::uint8_t, 3> v) {
    int s = 0;
    for (int y = 0; y < v.height(); ++y)
      for (int x = 0; x < v.width(); ++x)
        for (int c = 0; c < 3; ++c) s += v.at(x, y, c);
    return s;
  });
  const auto name = imgframe::mode_name(row.mode);
  std::printf("imgframe %s: %s %dx%d nChannels=%d mode=%d (%.*s) bytes=%zu sum=%d\n", imgframe::version_string,
              row.origin.c_str(), row.width, row.height, row.n_channels, row.mode, static_cast<int>(name.size()),
              name.data(), row.data.size(), sum);
  return 0;
}
