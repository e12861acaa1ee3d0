// `imgframe preview PATH... [--stages JSON] -o sheet.png`: read like `imgframe read`, run the
// stages like `imgframe transform`, and draw what they did as a contact sheet (contact_sheet.hpp):
// per row a thumbnail before the stages and one after, each with the file name and shape under it;
// invalid rows and rows the stages fail on as grey tiles with the reason. Prints where each row's
// tiles are, then the read summary.
#include <chrono>
#include <cstdint>
#include <iostream>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <variant>
#include <vector>

#include <imgframe/erased/image_transformer.hpp>
#include <imgframe/io.hpp>
#include <imgframe/json/image_transformer_json.hpp>

#include "commands.hpp"
#include "contact_sheet.hpp"
#include "read_cli.hpp"
#include "row_format.hpp"

namespace imgframe::cli {
namespace {

struct preview_args : read_cli_args {
  std::string stages;
  std::string output;
  int tile = 160;
  int columns = 4;
  std::size_t max_images = 100;
  std::size_t truncate = 0;
};

// The largest sheet drawn (its RGB bytes, held in memory before the PNG is written).
constexpr std::uint64_t max_sheet_bytes = std::uint64_t{512} << 20;

// What one tile shows: a thumbnail, or grey with a reason; and the two lines under it.
struct tile {
  std::optional<image_row> thumb;
  std::string grey_text;
  std::string name, shape;
};

// "chelsea.png": the origin's last path component (zip entries: the entry's name).
std::string file_name(const std::string& origin) {
  if (origin.empty()) return "(no origin)";
  const auto slash = origin.find_last_of('/');
  return slash == std::string::npos ? origin : origin.substr(slash + 1);
}

// Like `imgframe transform`'s shape and dtype columns: "300x451x3 uint8", "tensor 3x224x224 float32".
std::string shape_text(const transform_result& r) {
  if (const auto* row = std::get_if<image_row>(&r)) {
    const auto d = mode_depth(row->mode);
    return std::to_string(row->height) + "x" + std::to_string(row->width) + "x" + std::to_string(row->n_channels) +
           " " + (d ? numpy_dtype(*d) : "?");
  }
  const auto& t = std::get<tensor_row>(r);
  const auto s = t.shape();
  return "tensor " + std::to_string(s[0]) + "x" + std::to_string(s[1]) + "x" + std::to_string(s[2]) + " " +
         numpy_dtype(t.dtype);
}

tile picture_tile(const transform_result& r, int side, const std::string& name) {
  return {thumbnail(display_bgr8(r), side), "", name, shape_text(r)};
}

int run(const preview_args& a) {
  std::optional<image_transformer> transformer;
  if (!a.stages.empty()) transformer = parse_image_transformer(load_stages(a.stages));
  const std::size_t per_row = transformer ? 2 : 1;
  const sheet_layout layout{a.tile, a.columns * static_cast<int>(per_row)};
  const std::size_t most_cells = a.max_images * per_row;
  const std::uint64_t most_bytes = std::uint64_t{3} * static_cast<std::uint64_t>(layout.width(most_cells)) *
                                   static_cast<std::uint64_t>(layout.height(most_cells));
  if (most_bytes > max_sheet_bytes)
    throw std::invalid_argument("a sheet of " + std::to_string(a.max_images) + " images with --tile " +
                                std::to_string(a.tile) + " could take " + std::to_string(most_bytes >> 20) +
                                " MiB, over the 512 MiB limit: lower --max-images or --tile");

  const auto t0 = std::chrono::steady_clock::now();
  const dataset ds = read_images(input_paths(a), make_read_options(a, false));
  reading r = selected_rows(a, ds);
  std::vector<tile> tiles;
  std::vector<std::vector<std::string>> table;
  std::size_t index = 0, failed = 0;
  for (const dataset_row& row : r) {
    if (index++ >= a.max_images) continue;  // still read: the summary counts every row
    std::vector<std::string> line{row.row.origin, "", "", "", ""};  // as in `header` below
    const std::string name = file_name(row.row.origin);
    if (!row.ok()) {
      line[4] = error_text(row);
      tiles.push_back({std::nullopt, "invalid: " + line[4], name, "invalid"});
      if (transformer) tiles.push_back({std::nullopt, "invalid row, passed through", name, "invalid"});
    } else {
      tiles.push_back(picture_tile(row.row, a.tile, name));
      line[1] = tiles.back().shape;
      if (transformer) {
        try {
          tiles.push_back(picture_tile(transformer->transform(row.row), a.tile, name));
          line[2] = tiles.back().shape;
        } catch (const std::exception& e) {  // transform_error, a stage's own check: shown, not fatal
          line[4] = std::string("transform: ") + e.what();
          tiles.push_back({std::nullopt, line[4], name, "failed"});
          ++failed;
        }
      }
    }
    const std::size_t cell = tiles.size() - per_row;
    line[3] = std::to_string(layout.tile_x(cell)) + "," + std::to_string(layout.tile_y(cell));
    if (!transformer) line.erase(line.begin() + 2);
    table.push_back(std::move(line));
  }

  contact_sheet sheet(layout, tiles.size());
  for (std::size_t i = 0; i < tiles.size(); ++i) {
    if (tiles[i].thumb) sheet.put_image(i, *tiles[i].thumb);
    else sheet.put_grey(i, tiles[i].grey_text);
    sheet.put_label(i, tiles[i].name, tiles[i].shape);
  }
  sheet.write_png(a.output);

  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  const read_summary totals = r.summary();
  std::string summary = summary_text(totals, ds, seconds, a);
  summary += "preview " + (transformer ? transformer->describe() : std::string("(no stages)")) + ": " + a.output +
             ", " + std::to_string(sheet.width()) + "x" + std::to_string(sheet.height()) + " pixels, " +
             std::to_string(table.size()) + " of " + std::to_string(index) + " rows";
  if (transformer) summary += ", " + std::to_string(failed) + " failed in the stages";
  summary += '\n';
  std::vector<std::string> header{"origin", "before", "after", "tile x,y", "error"};
  if (!transformer) header.erase(header.begin() + 2);
  print_table_and_summary("table", render_table(table, header, a.truncate, table.size()), summary);
  check_output(std::cout);
  return a.fail_on_invalid && (totals.invalid > 0 || failed > 0) ? 1 : 0;
}

}  // namespace

void add_preview_command(CLI::App& app) {
  auto args = std::make_shared<preview_args>();
  CLI::App* cmd = app.add_subcommand(
      "preview",
      "Read images like `imgframe read` and write a contact sheet (PNG) of them: one thumbnail per row, and with "
      "--stages (the JSON of `imgframe transform`) a second one after the stages, so you can see what a pipeline "
      "does. Under each tile: the file name and the shape (height x width x channels and dtype, like `imgframe "
      "transform`). Invalid rows, and rows the stages fail on, are grey tiles with the reason.\n"
      "Layout: cells of --tile pixels square plus 26 pixels of text, 8 pixels apart and from the edges; a row's "
      "tiles are side by side (before, after), --columns rows per line. Thumbnails fit their tile keeping the "
      "aspect ratio (area resize), centred; rows are Spark's BGR(A) bytes (alpha dropped; after a BGR2RGB colorformat "
      "red and blue swap, as SynapseML's rows do), 16-bit divided by 257, float rows and tensors stretched from "
      "their min..max. Prints each row's shapes and the x,y of its first "
      "tile, then the read summary.");
  add_read_cli_options(cmd, *args);
  cmd->add_option("-o,--output", args->output, "The PNG file to write")->required();
  cmd->add_option("--stages", args->stages, "The transformer as JSON, inline or @file.json (see imgframe transform --help)");
  cmd->add_option("--tile", args->tile, "Side of a tile, in pixels")->check(CLI::Range(16, 1024))->default_val(160);
  cmd->add_option("--columns", args->columns, "Rows (images) per line of the sheet")
      ->check(CLI::Range(1, 64))
      ->default_val(4);
  cmd->add_option("--max-images", args->max_images,
                  "Rows drawn on the sheet (the first N); the others are still read and counted")
      ->check(CLI::Range(std::size_t{1}, std::size_t{100000}))
      ->default_val(100);
  cmd->add_option("--truncate", args->truncate, "Table: cut cells longer than N characters; 0: never")->default_val(0);
  set_command_callback(cmd, [args] { return run(*args); });
}

}  // namespace imgframe::cli
