// `imgframe transform PATH... --stages JSON`: read like `imgframe read`, then run SynapseML's
// ImageTransformer (image_transformer from JSON) on every row; print a table or TSV with each
// output's shape and dtype, optionally dumping each output as a .npy array.
#include <array>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <variant>
#include <vector>

#include <unistd.h>

#include <imgframe/erased/image_transformer.hpp>
#include <imgframe/io.hpp>
#include <imgframe/json/image_transformer_json.hpp>
#include <imgframe/erased/transformer/shrink_plan.hpp>

#include "commands.hpp"
#include "npy.hpp"
#include "read_cli.hpp"
#include "row_format.hpp"
#include "sha256.hpp"

namespace imgframe::cli {
namespace {

struct transform_args : read_cli_args {
  std::string stages;
  std::string format = "table";
  std::string dump;
  std::size_t show = 20;
  std::size_t truncate = 0;
  bool keep_going = false;
  bool shrink_on_load = false;
};

// One output row, as printed.
struct output_cells {
  std::string origin, height = "-1", width = "-1", channels = "-1", mode = "-1", shape, dtype;
  std::size_t bytes = 0;
  std::string sha256 = "-", preview = "[]", error, label;
};

std::string npy_descr(depth d) {
  switch (d) {
    case depth::u8: return "u1";
    case depth::s8: return "i1";
    case depth::u16: return "u2";
    case depth::s16: return "i2";
    case depth::s32: return "i4";
    case depth::f32: return "f4";
    case depth::f64: return "f8";
  }
  return "?";
}

std::string join_shape(const std::array<std::size_t, 3>& s) {
  return std::to_string(s[0]) + "x" + std::to_string(s[1]) + "x" + std::to_string(s[2]);
}

std::string tsv_escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '\t') out += "\\t";
    else if (c == '\n') out += "\\n";
    else if (c == '\r') out += "\\r";
    else if (c == '\\') out += "\\\\";
    else out += c;
  }
  return out;
}

// `hash`: compute the sha256 (only TSV prints it; hashing a tensor costs as much as computing it).
output_cells image_cells(const image_row& r, bool hash) {
  output_cells c;
  c.origin = r.origin;
  c.height = std::to_string(r.height);
  c.width = std::to_string(r.width);
  c.channels = std::to_string(r.n_channels);
  c.mode = std::to_string(r.mode);
  if (r.is_invalid()) return c;
  const auto d = mode_depth(r.mode);
  c.shape = std::to_string(r.height) + "x" + std::to_string(r.width) + "x" + std::to_string(r.n_channels);
  c.dtype = d ? numpy_dtype(*d) : "?";
  c.bytes = r.data.size();
  if (hash) c.sha256 = sha256_hex(r.data);
  c.preview = data_preview(r, 6);
  return c;
}

output_cells tensor_cells(const tensor_row& t, bool hash) {
  output_cells c;
  c.origin = t.origin;
  c.height = std::to_string(t.height);
  c.width = std::to_string(t.width);
  c.channels = std::to_string(t.channels);
  c.mode = "";  // a tensor has no OpenCV mode
  c.shape = join_shape(t.shape());
  c.dtype = numpy_dtype(t.dtype);
  std::visit(
      [&](const auto& v) {
        const auto* bytes = reinterpret_cast<const std::uint8_t*>(v.data());
        c.bytes = v.size() * sizeof(v[0]);
        if (hash) c.sha256 = sha256_hex(std::span<const std::uint8_t>(bytes, c.bytes));
        c.preview = "[";
        for (std::size_t i = 0; i < v.size() && i < 4; ++i) {
          char buf[32];
          std::snprintf(buf, sizeof buf, "%s%.6g", i ? ", " : "", static_cast<double>(v[i]));
          c.preview += buf;
        }
        c.preview += v.size() > 4 ? ", ...]" : "]";
      },
      t.values);
  return c;
}

void dump_output(const std::filesystem::path& file, const transform_result& out) {
  if (const auto* r = std::get_if<image_row>(&out)) {
    const auto d = mode_depth(r->mode);
    if (!d) return;
    const std::size_t shape[] = {static_cast<std::size_t>(r->height), static_cast<std::size_t>(r->width),
                                 static_cast<std::size_t>(r->n_channels)};
    write_npy_array(file, npy_descr(*d), shape, r->data.data(), r->data.size());
  } else {
    const auto& t = std::get<tensor_row>(out);
    const auto shape = t.shape();
    std::visit([&](const auto& v) { write_npy_array(file, npy_descr(t.dtype), shape, v.data(), v.size() * sizeof(v[0])); },
               t.values);
  }
}

std::string tsv_header_line(bool with_label) {
  return tsv_header(with_label) + "\tshape\tdtype";
}

std::string tsv_output_line(const output_cells& c, bool with_label) {
  std::string s = tsv_escape(c.origin) + '\t' + c.height + '\t' + c.width + '\t' + c.channels + '\t' + c.mode + '\t' +
                  std::to_string(c.bytes) + '\t' + c.sha256 + '\t' + tsv_escape(c.error);
  if (with_label) s += '\t' + tsv_escape(c.label);
  return s + '\t' + c.shape + '\t' + c.dtype;
}

int run(const transform_args& a) {
  image_transformer transformer = parse_image_transformer(load_stages(a.stages));
  const std::string described = transformer.describe();
  if (transformer.augments())
    throw std::runtime_error("imagesetaugmenter makes several rows of each row: the tool transforms one row at a "
                             "time (use image_transformer::transform_set from C++)");
  const bool rows_on_terminal = a.format != "table" && stderr_is_terminal() && ::isatty(1);
  read_options o = make_read_options(a, rows_on_terminal);
  if (a.shrink_on_load) {  // the decoder may take over a leading crop, or decode only what a crop reads
    auto plan = shrink_plan(transformer);
    o.decode.shrink = plan.shrink;
    transformer = std::move(plan.rest);
  }

  const auto t0 = std::chrono::steady_clock::now();
  const dataset ds = read_images(input_paths(a), o);
  // Each row is transformed by the thread that decoded it (reading::on_each_row), its pixels freed
  // there, and printed here in reading order: the same outputs in the same order for any --threads
  // (a failing row stops the command at the same row as on one thread). Declared before the reading,
  // whose destructor waits for the decodes that write into it.
  struct transformed {
    std::optional<transform_result> out;
    std::string error;  // the stage's message when the transform threw
  };
  std::vector<transformed> results(ds.files().size());  // by file index; each slot written once, then taken
  reading r = selected_rows(a, ds);
  r.on_each_row([&](dataset_row& row) noexcept {
    if (!row.ok()) return;
    transformed& t = results[row.file_index];
    try {
      t.out = transformer.transform(row.row, row.window);
    } catch (const std::exception& e) {  // transform_error, row_error, a stage's own check
      t.error = e.what();
    } catch (...) {
      t.error = "unknown error";
    }
    row.row.data = {};  // only the output is printed from here on
  });
  if (!a.dump.empty()) prepare_dump_dir(a.dump);

  const bool with_label = o.label != label_from::none;
  std::vector<std::vector<std::string>> table;
  std::size_t index = 0, images = 0, tensors = 0, passed = 0, failed = 0;
  const bool tsv = a.format == "tsv";
  if (tsv) std::cout << tsv_header_line(with_label) << '\n';
  for (const dataset_row& row : r) {
    transformed t = std::move(results[row.file_index]);
    std::optional<transform_result>& out = t.out;
    output_cells cells;
    if (!row.ok()) {
      cells = image_cells(row.row, tsv);  // the invalid row passes through, with its reason
      cells.error = error_text(row);
      ++passed;
    } else if (!out) {
      if (!a.keep_going) throw std::runtime_error(row.row.origin + ": " + t.error);
      cells = image_cells(invalid_row(row.row.origin), tsv);
      cells.error = "transform: " + t.error;
      ++failed;
    } else if (const auto* img = std::get_if<image_row>(&*out)) {
      cells = image_cells(*img, tsv);
      ++images;
    } else {
      cells = tensor_cells(std::get<tensor_row>(*out), tsv);
      ++tensors;
    }
    cells.label = label_text(row);
    if (tsv) {
      std::cout << tsv_output_line(cells, with_label) << '\n';
    } else if (a.show == 0 || index < a.show) {
      std::vector<std::string> line{cells.origin, cells.shape, cells.dtype, cells.preview, cells.error};
      if (with_label) line.push_back(cells.label);
      table.push_back(std::move(line));
    }
    if (!a.dump.empty() && out) dump_output(std::filesystem::path(a.dump) / npy_name(index), *out);
    ++index;
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  const read_summary totals = r.summary();
  std::string summary = summary_text(totals, ds, seconds, a);
  summary += "transform " + described + ": " + std::to_string(images) + " image" +
             (images == 1 ? "" : "s") + ", " + std::to_string(tensors) + " tensor" + (tensors == 1 ? "" : "s") + ", " +
             std::to_string(passed) + " invalid passed through" +
             (a.keep_going ? ", " + std::to_string(failed) + " failed" : std::string()) + "\n";
  std::vector<std::string> header{"origin", "shape", "dtype", "data", "error"};
  if (with_label) header.push_back("label");
  print_table_and_summary(a.format, a.format == "table" ? render_table(table, header, a.truncate, index) : "", summary);
  check_output(std::cout);
  return a.fail_on_invalid && (totals.invalid > 0 || failed > 0) ? 1 : 0;
}

}  // namespace

void add_transform_command(CLI::App& app) {
  auto args = std::make_shared<transform_args>();
  CLI::App* cmd = app.add_subcommand(
      "transform",
      "Read images like `imgframe read`, then apply SynapseML's ImageTransformer stages to every row and print "
      "each output's shape and dtype.\n"
      "--stages is JSON: a list of SynapseML stage maps, e.g.\n"
      "  '[{\"action\":\"resize\",\"height\":224,\"width\":224}, {\"action\":\"flip\",\"flipCode\":1}]'\n"
      "or an object {\"stages\": [...], \"toTensor\": true, \"normalizeMean\": [...], \"normalizeStd\": [...],\n"
      "  \"colorScaleFactor\": 0.0039215686, \"tensorChannelOrder\": \"rgb\", \"tensorElementType\": \"float\",\n"
      "  \"autoConvertToColor\": true}.\n"
      "Actions (SynapseML's parameter names): resize {height,width} or {size,keepAspectRatio}; crop "
      "{x,y,height,width}; centercrop {height,width}; colorformat {format} (OpenCV COLOR_* code 0-11, e.g. 4 "
      "BGR2RGB, 6 BGR2GRAY, 8 GRAY2BGR); blur {height,width} (kernel width = height, as SynapseML passes it); "
      "threshold {threshold,maxVal,type}; gaussiankernel {apertureSize,sigma} (vertical 1-D, as SynapseML); "
      "flip {flipCode} (0 up-down, 1 left-right, -1 both).\n"
      "Outputs: Spark image rows (uint8 H x W x C, BGR(A)) or, with toTensor, C x H x W float32/float64 tensors. "
      "Invalid rows pass through; a stage that fails on a row stops the command (SynapseML fails the job) unless "
      "--keep-going.");
  add_read_cli_options(cmd, *args);
  cmd->add_option("--stages", args->stages, "The transformer as JSON, inline or @file.json (see above)")->required();
  cmd->add_option("--format", args->format,
                  "table: like Spark's df.show() (origin, shape, dtype, data, error), then a summary; tsv: origin, "
                  "height, width, nChannels, mode, bytes, sha256, error[, label], shape, dtype (summary on stderr)")
      ->check(CLI::IsMember({"table", "tsv"}))
      ->default_val("table");
  cmd->add_option("--dump", args->dump,
                  "Write each output as DIR/NNNNNN.npy, named by the row's index in the output: uint8 (height, "
                  "width, nChannels) for image rows, float32/float64 (C, H, W) for tensors");
  cmd->add_option("--show", args->show, "Table rows to show (like df.show(n)); 0: all")->default_val(20);
  cmd->add_option("--truncate", args->truncate,
                  "Table: cut cells longer than N characters like df.show(truncate=N); 0: never")
      ->default_val(0);
  cmd->add_flag("--keep-going", args->keep_going,
                "A row the stages fail on (e.g. a crop outside a small image) becomes an invalid row with the "
                "error instead of stopping the command");
  cmd->add_flag("--shrink-on-load", args->shrink_on_load,
                "Decode JPEGs at the smallest libjpeg-turbo DCT scale (1/2, 1/4, 1/8) that still serves a leading "
                "resize stage (or crop/centercrop then resize: the decoder then cuts the crop, and a crop outside "
                "the image is an invalid row 'outside_crop'), instead of full size (faster; pixels differ slightly "
                "from the full-size path, see README). A resize followed by crop/centercrop decodes only the part "
                "of the JPEG the crop reads (the same values as the whole image decoded at that scale)");
  set_command_callback(cmd, [args] { return run(*args); });
}

}  // namespace imgframe::cli
