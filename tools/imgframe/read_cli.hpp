#pragma once
// What `imgframe read` and `imgframe transform` share: PATH and the read options (Spark's
// readImages parameters), how they become read_options, the summary printed after the rows, and
// the .npy file names of --dump.
#include <cstddef>
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
  std::string labels = "none";
  std::string glob;
  bool ignore_missing = false;
  bool no_inspect_zip = false;
  double zip_ratio = 100;
  unsigned threads = 0;
  bool no_progress = false;
  // decode_options, by their library names
  std::string compat = "spark";
  bool strict = false;
  bool allow_truncated = false;
  std::vector<std::string> extra_formats;  // beyond Spark: tga, pnm, psd, hdr, webp, all
  std::string jpeg_decoder = "automatic";
  bool exif_orientation = false;
};

// Registers PATH... and every read option on cmd.
void add_read_cli_options(CLI::App* cmd, read_cli_args& a);

// rows_on_terminal: rows stream to the same terminal as the progress line (then no progress).
read_options make_read_options(const read_cli_args& a, bool rows_on_terminal);

// The rows to go through: --partition I, or all of them (throws for a partition that does not exist).
reading selected_rows(const read_cli_args& a, const dataset& ds);

// "3 rows: 2 valid, 1 invalid; 2 partitions, ..." and the lines after it.
std::string summary_text(const read_summary& s, const dataset& ds, double seconds, const read_cli_args& a);

// "000042.npy": --dump's file for the row at this index of the output.
std::string npy_name(std::size_t index);

}  // namespace imgframe::cli
