// The README's usage example (compiled in CI): a file becomes Spark's image row, visit() hands the
// row back as a typed view, and your own pixels become a row with to_row().
#include <imgframe/imgframe.hpp>
#include <imgframe/io.hpp>
#include <imgframe/io/stb_implementation.hpp>  // the decoders: in exactly one .cpp of a program

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <vector>

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s IMAGE\n", argv[0]);
    return 2;
  }

  // 1. Decode: Spark's row (origin, height, width, nChannels, mode, data); BGR(A) or gray bytes.
  const imgframe::decode_result r = imgframe::read_image(argv[1]);
  if (!r.ok()) {  // r.row is Spark's invalid row (-1, -1, -1, -1, no data); the message says why
    std::printf("%s: %s\n", r.row.origin.c_str(), r.message.c_str());
    return 1;
  }
  std::printf("%s: %dx%d, nChannels %d, mode %d (%s)\n", r.row.origin.c_str(), r.row.width, r.row.height,
              r.row.n_channels, r.row.mode, imgframe::mode_name(r.row.mode).data());

  // 2. visit() validates the row and calls the function with the typed view of its mode; this one
  //    takes any 8-bit view (gray, BGR or BGRA) and returns each channel's mean.
  const std::vector<double> means = imgframe::visit(r.row, [](imgframe::ViewOfValue<std::uint8_t> auto view) {
    std::vector<double> sum(view.channels, 0.0);
    for (int y = 0; y < view.height(); ++y)
      for (int x = 0; x < view.width(); ++x)
        for (int c = 0; c < view.channels; ++c) sum[c] += view.at(x, y, c);
    for (double& s : sum) s /= static_cast<double>(std::max<std::size_t>(view.pixel_count(), 1));
    return sum;
  });
  std::printf("channel means:");
  for (double m : means) std::printf(" %.2f", m);
  std::printf("\n");

  // 3. Your own pixels: a borrowed view with a stride in bytes (rows padded to 8 bytes here);
  //    to_row() packs its 2x2 crop into a tight Spark row.
  std::vector<std::uint8_t> gray(4 * 8, 0);
  for (int y = 0; y < 4; ++y)
    for (int x = 0; x < 4; ++x) gray[static_cast<std::size_t>(y * 8 + x)] = static_cast<std::uint8_t>(16 * y + x);
  const auto view = imgframe::make_view<imgframe::gray>(gray.data(), 4, 4, 8);
  const imgframe::image_row crop = imgframe::to_row(view.subview(1, 1, 2, 2), "memory:crop");
  std::printf("%s: %dx%d, mode %d, data %d %d %d %d\n", crop.origin.c_str(), crop.width, crop.height, crop.mode,
              crop.data[0], crop.data[1], crop.data[2], crop.data[3]);
  return 0;
}
