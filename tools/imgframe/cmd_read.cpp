// `imgframe read PATH...`: files, folders or globs into Spark image rows (read_images), printed as
// a df.show()-like table, TSV or JSON Lines, optionally dumping each valid row as a .npy array.
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include <unistd.h>

#include <imgframe/io.hpp>

#include "commands.hpp"
#include "npy.hpp"
#include "read_cli.hpp"
#include "row_format.hpp"

namespace imgframe::cli {
namespace {

// PATH and the read options are shared with `imgframe transform` (read_cli.hpp).
struct read_args : read_cli_args {
  std::string format = "table";
  std::string dump;
  std::size_t show = 20;
  std::size_t truncate = 0;
};

int run(const read_args& a) {
  // Progress shares the terminal: only when rows are not streaming onto the same screen.
  const bool rows_on_terminal = a.format != "table" && stderr_is_terminal() && ::isatty(1);
  const read_options o = make_read_options(a, rows_on_terminal);

  const auto t0 = std::chrono::steady_clock::now();
  const dataset ds = read_images(input_paths(a), o);
  if (!a.dump.empty()) prepare_dump_dir(a.dump);

  const bool with_label = o.label != label_from::none;
  show_table table(with_label, a.truncate);
  std::size_t index = 0;
  if (a.format == "tsv") std::cout << tsv_header(with_label) << '\n';
  reading r = selected_rows(a, ds);
  for (const dataset_row& row : r) {
    if (a.format == "tsv") {
      std::cout << tsv_line(row, with_label) << '\n';
    } else if (a.format == "json") {
      std::cout << json_line(row, with_label) << '\n';
    } else if (a.show == 0 || index < a.show) {
      table.add(row);
    }
    if (!a.dump.empty() && row.ok()) write_npy(std::filesystem::path(a.dump) / npy_name(index), row.row);
    ++index;
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  const read_summary totals = r.summary();
  print_table_and_summary(a.format, a.format == "table" ? table.render(index) : "",
                          summary_text(totals, ds, seconds, a));
  check_output(std::cout);
  return a.fail_on_invalid && totals.invalid > 0 ? 1 : 0;
}

}  // namespace

void add_read_command(CLI::App& app) {
  auto args = std::make_shared<read_args>();
  CLI::App* cmd = app.add_subcommand(
      "read",
      "Read image files, folders or glob patterns into Apache Spark image rows (origin, height, width, nChannels, "
      "mode, data), like Spark's ImageSchema.readImages, and print them.\n"
      "Folders are listed in sorted order, names starting with '.' or '_' are skipped, files that cannot be "
      "decoded give Spark's invalid row (-1, -1, -1, -1, empty data) with the reason.");
  add_read_cli_options(cmd, *args);
  cmd->add_option("--format", args->format,
                  "table: like Spark's df.show(), then a summary; tsv: origin, height, width, nChannels, mode, "
                  "bytes, sha256, error[, label]; json: one object per line (summary on stderr for tsv/json)")
      ->check(CLI::IsMember({"table", "tsv", "json"}))
      ->default_val("table");
  cmd->add_option("--dump", args->dump,
                  "Write each valid row's data as DIR/NNNNNN.npy (shape height x width x nChannels, uint8, BGR(A)), "
                  "named by the row's index in the output");
  cmd->add_option("--show", args->show, "Table rows to show (like df.show(n)); 0: all")->default_val(20);
  cmd->add_option("--truncate", args->truncate,
                  "Table: cut cells longer than N characters like df.show(truncate=N); 0: never")
      ->default_val(0);
  set_command_callback(cmd, [args] { return run(*args); });
}

}  // namespace imgframe::cli
