#pragma once
// hog{cell, bins, block, signed_gradients}: a HOG-like gradient-histogram feature stage (Dalal &
// Triggs), the featurizer of the featurize -> classifier flow. Like any kernel stage it takes an
// image and gives an image: here a 1-channel float "feature map".
//
//   gradients   centred differences [-1, 0, 1] in x and y (edge pixels repeated), magnitude and
//               orientation; unsigned orientations fold 0..360 degrees onto 0..180
//   histograms  each `cell` x `cell` block of pixels votes its magnitudes into `bins` orientation
//               bins centred at (k + 0.5) * range / bins, split linearly between the two nearest
//               bins (pixels past the last whole cell are ignored)
//   blocks      every `block` x `block` group of cells (stride one cell) is L2-Hys normalised:
//               v / sqrt(|v|^2 + eps^2), clipped at 0.2, normalised again
//   output      height = block rows, width = block columns * block^2 * bins; row r holds the
//               blocks of row r left to right, each block's cells row-major, each cell's bins
//
// On a gray 8-bit or float image (convert colour first: color_format<bgr2gray>). 20x20 digits with
// cell 5, 9 bins, signed gradients give 3x3 blocks of 4x9 = 324 features. Scalar kernel
// (simd/kernels/hog.hpp): a feature map is small next to the images it is computed from.
#include <string_view>

#include "../core/error.hpp"
#include "resize.hpp"  // size2d, checked_target
#include "stage.hpp"

namespace imgframe {

// Histograms of oriented gradients: a float feature map of cell x cell orientation histograms, normalised per
// block (see the top of this file).
struct hog {
  int cell = 8;                   // pixels per cell side
  int bins = 9;                   // orientation bins
  int block = 2;                  // cells per block side
  bool signed_gradients = false;  // 0..360 degrees instead of 0..180

  // The stage's name in plans and errors.
  static constexpr std::string_view name = "hog";
  // Runs as its own pass.
  static constexpr stage_kind kind = stage_kind::kernel;

  // A gray image (one channel) of a kernel depth; the output is a float feature map.
  struct one_channel {
    // True when input format In meets the requirement.
    template <class In> static constexpr bool ok = detail::channels_of<In> == 1;
    // The static_assert naming stage S, input In and the unmet requirement in words.
    template <class S, class In> static consteval void explain() {
      static_assert(stage_input_ok<S, In, one_channel>,
                    "imgframe hog: needs a gray image; convert colour first (color_format<bgr2gray>)");
    }
  };
  // Output rule: a one-channel float feature map.
  struct feature_map {
    // The output format for any input.
    template <class In> using type = image_view<const float, 1, gray>;
  };
  // The feature map; 8-bit or float gray images in.
  using format = stage_format<feature_map, needs::image_input, needs::u8_or_float_values, one_channel>;

  // Throws std::invalid_argument for parameters outside their ranges.
  void validate() const {
    if (cell < 1 || bins < 2 || bins > 360 || block < 1 || cell > 4096 || block > 64)
      detail::raise(detail::error_kind::invalid_argument,
                    {"imgframe hog: needs cell >= 1, 2 <= bins <= 360 and block >= 1 (cell=", cell, ", bins=", bins,
                     ", block=", block, ")"});
  }
  // The feature map's size for an image; throws when the image holds less than one block.
  size2d target(int image_width, int image_height) const {
    validate();
    const int blocks_x = image_width / cell - block + 1, blocks_y = image_height / cell - block + 1;
    if (blocks_x < 1 || blocks_y < 1)
      detail::raise(detail::error_kind::invalid_argument,
                    {"imgframe hog: a ", image_width, "x", image_height, " image holds no block of ", block, "x",
                     block, " cells of ", cell, " pixels"});
    return detail::checked_target(name, static_cast<long long>(blocks_x) * block * block * bins, blocks_y);
  }
};

}  // namespace imgframe
