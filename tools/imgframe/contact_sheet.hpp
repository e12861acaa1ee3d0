#pragma once
// The picture `imgframe preview` writes: a contact sheet, a grid of equal cells, each a square tile
// (a thumbnail fitted inside it, or a grey tile with a reason) and two text lines under it. Text is
// stb_easy_font's bitmap font (printable ASCII; any other byte is drawn as '?'); the file is a PNG
// written by stb_image_write (both vendored in third_party/stb).
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include <imgframe/erased/image_transformer.hpp>

namespace imgframe::cli {

// Where cell i is: cells fill lines of `columns` cells, left to right, top to bottom; the tile of
// cell i is the tile x tile square at
//   x = margin + (i % columns) * (tile + margin)
//   y = margin + (i / columns) * (tile + label_height + margin)
// and its two label lines are the label_height pixels under it.
struct sheet_layout {
  static constexpr int margin = 8;
  static constexpr int label_height = 26;
  int tile = 160;
  int columns = 8;

  int tile_x(std::size_t cell) const;
  int tile_y(std::size_t cell) const;
  // The whole sheet for this many cells (one line when they fit in fewer than `columns`).
  int width(std::size_t cells) const;
  int height(std::size_t cells) const;
};

// The sheet's colours (RGB): background, a tile's backdrop behind a thumbnail that does not fill
// it, the tile of an invalid or failed row, and text.
inline constexpr std::uint8_t sheet_background = 255, tile_backdrop = 236, grey_tile = 128;

// An 8-bit BGR picture (CV_8UC3 row) of what a row holds, to look at, not to compute with: image
// rows of every depth and channel count (gray and gray + alpha replicated, alpha dropped, 16-bit
// divided by 257, other depths stretched from their min..max to 0..255) and tensors (planes by
// their order, stretched from min..max). Throws std::invalid_argument for an invalid row.
image_row display_bgr8(const transform_result& r);

// An 8-bit BGR row resized to fit a tile x tile square keeping its aspect ratio (larger or smaller),
// with the library's area resize; unchanged if it already fits exactly.
image_row thumbnail(const image_row& bgr8, int tile);

class contact_sheet {
 public:
  contact_sheet(sheet_layout layout, std::size_t cells);

  // An 8-bit BGR thumbnail (at most tile x tile) centred in the cell's tile, on the backdrop.
  void put_image(std::size_t cell, const image_row& thumb);
  // The cell's tile in grey, with `text` wrapped inside it (cut when it does not fit).
  void put_grey(std::size_t cell, const std::string& text);
  // Two lines under the cell's tile; a line wider than the tile keeps its end, after "..".
  void put_label(std::size_t cell, const std::string& line1, const std::string& line2);
  // Throws std::runtime_error when the file cannot be written.
  void write_png(const std::string& path) const;

  int width() const noexcept { return width_; }
  int height() const noexcept { return height_; }

 private:
  void fill(int x, int y, int w, int h, std::uint8_t value);
  // Draws `line` with its top-left at (x, y), clipped to the rectangle [x0, x1) x [y0, y1).
  void draw_text(int x, int y, const std::string& line, std::uint8_t value, int x0, int y0, int x1, int y1);

  sheet_layout layout_;
  int width_, height_;
  std::vector<std::uint8_t> rgb_;
};

// Pixel width of a text line in the sheet's font.
int text_width(const std::string& line);

}  // namespace imgframe::cli
