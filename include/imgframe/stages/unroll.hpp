#pragma once
// SynapseML's UnrollImage and UnrollBinaryImage as stages.
//
// unroll{values}: the image as its channel planes in the stored order (B, G, R[, A] for a BGR(A)
// view, the view's own order otherwise), each plane row-major, values as double: a
// tensor<double, Order, chw> (Order = the input's). The last stage of a pipeline (like to_tensor).
//   unroll_values::synapseml  UnrollImage.unroll: `b = byte.toDouble; if (b > 0) b else b + 256` on
//                             Java's signed byte, so 0 becomes 256.0 (1..255 keep their value); the
//                             default, so vectors equal SynapseML's and models trained on them see
//                             the same input.
//   unroll_values::exact      0 stays 0.0: UnrollBinaryImage (unrollBI reads raster samples / getRGB).
// 8-bit images only: SynapseML unrolls bytes.
//
// replicate_resize{width, height}: UnrollBinaryImage's resize, java.awt's getScaledInstance(w, h,
// SCALE_DEFAULT), a ReplicateScaleFilter: output pixel (x, y) = input pixel
// ((2x+1)*W / (2w), (2y+1)*H / (2h)) (integer division), drawn onto a new image of the same type: a
// 4-channel pixel of alpha 0 becomes (0, 0, 0, 0). At the size of its input the image is kept as it
// is (SynapseML does not redraw it). 8-bit images only.
#include <cstdint>
#include <string_view>

#include "../core/error.hpp"
#include "resize.hpp"
#include "stage.hpp"

namespace imgframe {

// How unroll writes a zero byte: as SynapseML's UnrollImage (256.0) or as its value (0.0).
enum class unroll_values {
  synapseml,  // 0 -> 256.0, SynapseML's signed-byte conversion (UnrollImage)
  exact,      // 0 -> 0.0 (UnrollBinaryImage's values, and what the pixels are)
};

namespace needs {
// 8-bit unsigned values (SynapseML's unroll and AWT's resize work on bytes).
struct u8_values {
  // True when input format In meets the requirement.
  template <class In> static constexpr bool ok = detail::image_of_value<In, std::uint8_t>;
  // The static_assert naming stage S, input In and the unmet requirement in words.
  template <class S, class In> static consteval void explain() {
    static_assert(stage_input_ok<S, In, u8_values>,
                  "imgframe: this stage takes only 8-bit unsigned images (SynapseML unrolls bytes)");
  }
};
}  // namespace needs

// SynapseML's UnrollImage (and UnrollBinaryImage's unroll): the image as its planes, in doubles.
struct unroll {
  unroll_values values = unroll_values::synapseml;  // what a zero byte becomes
  int channels = 0;  // 0: any; else the image must have this many (UnrollBinaryImage's nChannels)

  // The stage's name in plans and errors.
  static constexpr std::string_view name = "unroll";
  // A pass of its own, into the final tensor.
  static constexpr stage_kind kind = stage_kind::kernel;

  // Output rule: a CHW tensor of doubles with the input's channel order.
  struct planes_of_input {
    // The tensor type for input format In.
    template <class In> using type = tensor<double, typename std::remove_cvref_t<In>::order, chw>;
  };
  // The planes out; an 8-bit image in.
  using format = stage_format<planes_of_input, needs::image_input, needs::u8_values>;

  // One byte as a double, under `values`.
  constexpr double value(std::uint8_t b) const noexcept {
    return b == 0 && values == unroll_values::synapseml ? 256.0 : static_cast<double>(b);
  }

  // Fills the planes of dst (a CHW tensor view of src's size) from src.
  template <class Src, class Dst>
  void apply(const Src& src, const Dst& dst) const {
    if (channels != 0 && channels != Src::channels)
      detail::raise(detail::error_kind::invalid_argument,
                    {"imgframe unroll: converting a ", Src::channels, "-channel image to nChannels = ", channels,
                     " (java.awt's colour conversion) is not reproduced"});
    for (int c = 0; c < Src::channels; ++c)
      for (int y = 0; y < src.height(); ++y)
        for (int x = 0; x < src.width(); ++x) dst.at(c, y, x) = value(src.at(x, y, c));
  }
};

// java.awt's ReplicateScaleFilter (UnrollBinaryImage's resize): nearest source pixel.
struct replicate_resize {
  int width = 0;   // target width
  int height = 0;  // target height

  // The stage's name in plans and errors.
  static constexpr std::string_view name = "replicate_resize";
  // A pass of its own into a new image.
  static constexpr stage_kind kind = stage_kind::kernel;

  // Same format out; an 8-bit image in.
  using format = stage_format<same_format, needs::image_input, needs::u8_values>;

  // The output size (checked: positive, bounded).
  size2d target(int /*image_width*/, int /*image_height*/) const {
    return detail::checked_target(name, width, height);
  }

  // Fills dst (the target size, src's format) from src.
  template <class Src, class Dst>
  void apply(const Src& src, const Dst& dst) const {
    constexpr int C = Src::channels;
    if (src.width() == 0 || src.height() == 0)
      detail::raise(detail::error_kind::invalid_argument,
                    {"imgframe replicate_resize: cannot resize an empty ", src.width(), "x", src.height(), " image"});
    // At the same size SynapseML keeps the image (no redraw, so no alpha-0 clearing).
    const bool redrawn = dst.width() != src.width() || dst.height() != src.height();
    for (int y = 0; y < dst.height(); ++y) {
      const int sy = static_cast<int>((2LL * y + 1) * src.height() / (2LL * dst.height()));
      for (int x = 0; x < dst.width(); ++x) {
        const int sx = static_cast<int>((2LL * x + 1) * src.width() / (2LL * dst.width()));
        const bool transparent = redrawn && C == 4 && src.at(sx, sy, 3) == 0;
        for (int c = 0; c < C; ++c) dst.at(x, y, c) = transparent ? std::uint8_t{0} : src.at(sx, sy, c);
      }
    }
  }
};

}  // namespace imgframe
