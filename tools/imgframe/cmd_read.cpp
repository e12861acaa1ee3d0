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
#include "row_format.hpp"

namespace imgframe::cli {
namespace {

struct read_args {
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
  unsigned threads = 0;
  std::string format = "table";
  std::string dump;
  std::size_t show = 20;
  std::size_t truncate = 0;
  bool no_progress = false;
};

std::string summary_text(const read_summary& s, const dataset& ds, double seconds, const read_args& a) {
  char buf[160];
  std::string out = std::to_string(s.rows) + (s.rows == 1 ? " row" : " rows") + ": " + std::to_string(s.valid) +
                    " valid, " + std::to_string(s.invalid) + " invalid";
  if (s.dropped) out += " (" + std::to_string(s.dropped) + " dropped)";
  if (s.missing_skipped) out += ", " + std::to_string(s.missing_skipped) + " missing files skipped";
  std::snprintf(buf, sizeof buf, "; %zu partition%s, %u thread%s, %.2f s, %.0f images/s", ds.num_partitions(),
                ds.num_partitions() == 1 ? "" : "s", ds.threads(), ds.threads() == 1 ? "" : "s", seconds,
                seconds > 0 ? static_cast<double>(s.files) / seconds : 0.0);
  out += buf;
  out += '\n';
  if (!s.by_reason.empty()) {
    out += "invalid by reason:";
    bool first = true;
    for (const auto& [reason, n] : s.by_reason) {
      out += (first ? " " : ", ") + std::string(failure_name(reason)) + " " + std::to_string(n);
      first = false;
    }
    out += '\n';
  }
  if (ds.sampled_out() || a.sample_ratio < 1.0) {
    std::snprintf(buf, sizeof buf, "sampling %s, ratio %g, seed %lld: %zu of %zu files kept\n",
                  a.sampling.c_str(), a.sample_ratio, a.seed, ds.size(), ds.listed());
    out += buf;
  }
  if (ds.name_filtered()) out += "--glob " + a.glob + ": " + std::to_string(ds.name_filtered()) + " files left out\n";
  if (!ds.listing_problems().empty()) {
    out += "listing problems (not fatal):\n";
    for (const auto& p : ds.listing_problems()) out += "  " + p.path + ": " + p.message + "\n";
  }
  if (!ds.class_names().empty() && ds.options().label == label_from::parent_dir) {
    out += "classes:";
    for (std::size_t i = 0; i < ds.class_names().size(); ++i)
      out += " " + std::to_string(i) + "=" + ds.class_names()[i];
    out += '\n';
  }
  if (!ds.partition_column_names().empty()) {
    out += "partition columns:";
    for (const auto& c : ds.partition_column_names()) out += " " + c;
    out += '\n';
  }
  return out;
}

std::string npy_name(std::size_t index) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%06zu.npy", index);
  return buf;
}

int run(const read_args& a) {
  read_options o;
  o.recursive = a.recursive;
  o.num_partitions = a.partitions;
  o.drop_image_failures = a.drop_failures;
  o.sample_ratio = a.sample_ratio;
  o.seed = a.seed;
  o.sample_mode = a.sampling == "spark" ? sampling::spark : sampling::per_file;
  o.label = a.labels == "parent-dir"   ? label_from::parent_dir
            : a.labels == "partitions" ? label_from::partition_columns
                                       : label_from::none;
  o.path_glob_filter = a.glob;
  o.ignore_missing_files = a.ignore_missing;
  o.threads = a.threads;
  // Progress shares the terminal: only when rows are not streaming onto the same screen.
  const bool rows_on_terminal = a.format != "table" && stderr_is_terminal() && ::isatty(1);
  o.show_progress = a.no_progress || rows_on_terminal ? progress::never : progress::automatic;

  const auto t0 = std::chrono::steady_clock::now();
  const dataset ds = read_images(a.paths, o);
  if (a.partition >= 0 && static_cast<std::size_t>(a.partition) >= ds.num_partitions())
    throw std::invalid_argument("--partition " + std::to_string(a.partition) + " does not exist (the dataset has " +
                                std::to_string(ds.num_partitions()) + " partitions)");
  if (!a.dump.empty()) std::filesystem::create_directories(a.dump);

  const bool with_label = o.label != label_from::none;
  show_table table(with_label, a.truncate);
  std::size_t index = 0;
  if (a.format == "tsv") std::cout << tsv_header(with_label) << '\n';
  reading r = a.partition >= 0 ? ds.partition(static_cast<std::size_t>(a.partition)) : ds.rows();
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
  const std::string summary = summary_text(r.summary(), ds, seconds, a);
  if (a.format == "table") {
    std::cout << table.render(index) << '\n' << summary;
  } else {
    std::cout.flush();
    std::cerr << summary;
  }
  std::cout.flush();
  return 0;
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
  cmd->add_option("PATH", args->paths, "Image files, folders or glob patterns (quote patterns: 'photos/*.jpg')")
      ->required();
  cmd->add_flag("-r,--recursive", args->recursive, "Descend into subfolders (Spark's recursive)");
  cmd->add_option("-p,--partitions", args->partitions,
                  "Number of partitions (Spark's numPartitions); default: one per thread")
      ->check(CLI::Range(1, 1 << 30));
  cmd->add_option("--partition", args->partition, "Read only partition I (0-based) of --partitions")
      ->check(CLI::NonNegativeNumber);
  cmd->add_flag("--drop-failures", args->drop_failures,
                "Leave out rows of files that cannot be decoded (Spark's dropImageFailures); the summary still counts them");
  cmd->add_option("--sample-ratio", args->sample_ratio, "Fraction of files to keep, in [0, 1] (Spark's sampleRatio)")
      ->default_val(1.0);
  cmd->add_option("--seed", args->seed, "Sampling seed (Spark's seed, a Java long)")->default_val(0);
  cmd->add_option("--sampling", args->sampling,
                  "per-file: each file decides alone, SynapseML's rule (default); spark: Spark 2.x readImages' "
                  "sequential java.util.Random walk")
      ->check(CLI::IsMember({"per-file", "spark"}))
      ->default_val("per-file");
  cmd->add_option("--labels", args->labels,
                  "none; parent-dir: class folder name and index (ImageFolder); partitions: key=value folders "
                  "(Spark partition discovery)")
      ->check(CLI::IsMember({"none", "parent-dir", "partitions"}))
      ->default_val("none");
  cmd->add_option("--glob", args->glob, "Keep only files whose name matches this pattern (Spark's pathGlobFilter)");
  cmd->add_flag("--ignore-missing", args->ignore_missing,
                "Files deleted between listing and reading give no row (Spark's ignoreMissingFiles)");
  cmd->add_option("-t,--threads", args->threads, "Decode threads; default: the hardware's thread count")
      ->check(CLI::Range(1u, 1024u));
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
  cmd->add_flag("--no-progress", args->no_progress, "Never show the progress line on stderr");
  cmd->callback([args] {
    try {
      run(*args);
    } catch (const std::invalid_argument& e) {
      std::cerr << "imgframe read: " << e.what() << '\n';
      throw CLI::RuntimeError(2);
    } catch (const std::exception& e) {
      std::cerr << "imgframe read: " << e.what() << '\n';
      throw CLI::RuntimeError(1);
    }
  });
}

}  // namespace imgframe::cli
