#pragma once
// What `imgframe read`, `transform` and `preview` share: PATH and the read options (Spark's
// readImages parameters), how they become read_options, the summary printed after the rows, and
// the .npy file names of --dump.
#include <cstddef>
#include <functional>
#include <ostream>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include <imgframe/io.hpp>

namespace imgframe::cli {

struct read_cli_args {
  std::vector<std::string> paths;
  bool recursive = false;
  int partitions = -1;
  long long partition = -1;
  bool drop_failures = false;
  double sample_ratio = 1.0;
  long long seed = 0;
  std::string sampling = "per-file";
  std::string origin_format = "path";
  std::string labels = "none";
  std::string glob;
  bool ignore_missing = false;
  bool no_inspect_zip = false;
  double zip_ratio = 100;
  std::string modified_before, modified_after, time_zone, base_path;
  bool no_partition_types = false;
  unsigned threads = 0;
  bool no_progress = false;
  bool fail_on_invalid = false;
  int max_depth = 64;
  decode_limits limits{};
  // decode_options, by their library names
  std::string compat = "spark";
  bool strict = false;
  bool allow_truncated = false;
  std::vector<std::string> extra_formats;  // beyond Spark: tga, pnm, psd, hdr, webp, all
  std::string jpeg_decoder = "automatic";
  bool exif_orientation = false;
};

// Exit status of both commands (also in --help): 0 success; 1 rows failed and --fail-on-invalid,
// or an I/O error (unwritable --dump, output) stopped the command; 2 usage errors.
inline constexpr const char* exit_status_help =
    "Exit status: 0 success; 1 some rows are invalid and --fail-on-invalid is set, or an I/O error (an unwritable "
    "--dump folder or output) stopped the command; 2 usage error (bad option value, missing path, bad --stages).";

// Creates --dump's folder; a clear error if it cannot be created or is not a folder.
void prepare_dump_dir(const std::string& dir);

// Writes the output stream's error, if any, as an I/O error (stdout on a full disk or closed pipe).
void check_output(std::ostream& out);

// Runs the command as the callback of cmd, turning its outcome into the exit status above: the
// returned status; 2 after an invalid_argument (bad option values or JSON, transform_error is one);
// 1 after any other error. The message goes to stderr as "imgframe NAME: what".
void set_command_callback(CLI::App* cmd, std::function<int()> run);

// Registers PATH... and every read option on cmd.
void add_read_cli_options(CLI::App* cmd, read_cli_args& a);

// PATH arguments with comma-separated lists split as Spark's readImages splits its path.
std::vector<std::string> input_paths(const read_cli_args& a);

// rows_on_terminal: rows stream to the same terminal as the progress line (then no progress).
read_options make_read_options(const read_cli_args& a, bool rows_on_terminal);

// The rows to go through: --partition I, or all of them (throws for a partition that does not exist).
reading selected_rows(const read_cli_args& a, const dataset& ds);

// "3 rows: 2 valid, 1 invalid; 2 partitions, ..." and the lines after it.
std::string summary_text(const read_summary& s, const dataset& ds, double seconds, const read_cli_args& a);

// The tail of `read` and `transform`: with --format table, the table then the summary on stdout;
// for the streamed formats (tsv, json: rows already on stdout), the summary on stderr.
void print_table_and_summary(const std::string& format, const std::string& table, const std::string& summary);

// --stages of `transform` and `preview`: the JSON text itself, or the contents of the file after '@'.
std::string load_stages(const std::string& arg);

// "000042.npy": --dump's file for the row at this index of the output.
std::string npy_name(std::size_t index);

}  // namespace imgframe::cli
