// A stage of your own, composed with the built-in ones (README: "Writing a stage").
// posterize{levels} keeps `levels` values per 8-bit channel (v / step * step, step = 256 / levels),
// like Pillow's ImageOps.posterize for power-of-two levels.
#include <imgframe/imgframe.hpp>

#include <cstdint>
#include <cstdio>
#include <string_view>
#include <vector>

namespace imf = imgframe;

// ---- the stage: its parameters, its name and kind, what it does to the format and to the pixels ----
struct posterize {
  int levels = 4;

  static constexpr std::string_view name = "posterize";
  static constexpr imf::stage_kind kind = imf::stage_kind::kernel;  // a pass of its own
  // Output: the input's format. Requirements, checked in order: an image, of 8-bit values.
  struct u8_values {
    template <class In> static constexpr bool ok = imf::ViewOfValue<In, std::uint8_t>;
    template <class S, class In> static consteval void explain() {
      static_assert(imf::stage_input_ok<S, In, u8_values>, "posterize: 8-bit images only");
    }
  };
  using format = imf::stage_format<imf::same_format, imf::needs::image_input, u8_values>;

  // Fills dst (same size and format as src) from src; the executor allocates dst.
  template <class Src, class Dst>
  void apply(const Src& src, const Dst& dst) const {
    const int step = 256 / levels;
    for (int y = 0; y < src.height(); ++y)
      for (int x = 0; x < src.width(); ++x)
        for (int c = 0; c < Src::channels; ++c) dst.at(x, y, c) = static_cast<std::uint8_t>(src.at(x, y, c) / step * step);
  }
};
// -----------------------------------------------------------------------------------------------------

int main() {
  // A 6x4 BGR gradient: pixel (x, y) = (40x + 10y, 50, 200 - 30x).
  std::vector<std::uint8_t> pixels;
  for (int y = 0; y < 4; ++y)
    for (int x = 0; x < 6; ++x)
      pixels.insert(pixels.end(), {static_cast<std::uint8_t>(40 * x + 10 * y), 50, static_cast<std::uint8_t>(200 - 30 * x)});
  const imf::image_view<const std::uint8_t, 3, imf::bgr> view(pixels.data(), 6, 4);

  // Built-in, yours, built-in: checked at compile time like any chain.
  constexpr auto p = imf::flip{1} | posterize{4} | imf::crop{1, 1, 2, 3} | imf::color_format<imf::color_code::bgr2gray>{};
  static_assert(decltype(p)::accepts<imf::image_view<const std::uint8_t, 3, imf::bgr>>);
  static_assert(!decltype(p)::accepts<imf::image_view<const float, 3, imf::bgr>>);  // posterize: 8-bit only
  const auto out = p(view);  // image<std::uint8_t, 1, gray>, 3x2
  std::printf("plan: %s\n", decltype(p)::describe().c_str());
  std::printf("out: %dx%d, %d channel(s):", out.cview().width(), out.cview().height(), out.cview().channels);
  for (int y = 0; y < out.cview().height(); ++y)
    for (int x = 0; x < out.cview().width(); ++x) std::printf(" %d", out.cview().at(x, y, 0));
  std::printf("\n");
}
