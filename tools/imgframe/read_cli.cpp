#include "read_cli.hpp"

#include <cerrno>
#include <cstdio>
#include <iostream>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <system_error>
#include <stdexcept>
#include <string>

namespace imgframe::cli {

void set_command_callback(CLI::App* cmd, std::function<int()> run) {
  cmd->callback([cmd, run = std::move(run)] {
    int status = 0;
    try {
      status = run();
    } catch (const std::invalid_argument& e) {
      std::cerr << "imgframe " << cmd->get_name() << ": " << e.what() << '\n';
      throw CLI::RuntimeError(2);
    } catch (const std::exception& e) {
      std::cerr << "imgframe " << cmd->get_name() << ": " << e.what() << '\n';
      throw CLI::RuntimeError(1);
    }
    if (status != 0) throw CLI::RuntimeError(status);
  });
}

void add_read_cli_options(CLI::App* cmd, read_cli_args& a) {
  cmd->add_option("PATH", a.paths,
                  "Image files, folders or glob patterns (quote patterns: 'photos/*.jpg'); each may be a "
                  "comma-separated list, split as Spark's readImages does (not inside {...})")
      ->required();
  cmd->add_flag("-r,--recursive", a.recursive, "Descend into subfolders (Spark's recursive)");
  // No parser check: read_images says what is wrong with 0 or a negative count (exit status 2).
  cmd->add_option("-p,--partitions", a.partitions,
                  "Number of partitions (Spark's numPartitions), >= 1; default: one per thread");
  cmd->add_option("--partition", a.partition, "Read only partition I (0-based) of --partitions")
      ->check(CLI::NonNegativeNumber);
  cmd->add_flag("--drop-failures", a.drop_failures,
                "Leave out rows of files that cannot be decoded (Spark's dropImageFailures); the summary still counts them");
  cmd->add_option("--sample-ratio", a.sample_ratio, "Fraction of files to keep, in [0, 1] (Spark's sampleRatio)")
      ->default_val(1.0);
  cmd->add_option("--seed", a.seed, "Sampling seed (Spark's seed, a Java long)")->default_val(0);
  cmd->add_option("--sampling", a.sampling,
                  "per-file: each file decides alone, SynapseML's rule (default); spark: Spark 2.x readImages' "
                  "sequential java.util.Random walk")
      ->check(CLI::IsMember({"per-file", "spark"}))
      ->default_val("per-file");
  cmd->add_option("--labels", a.labels,
                  "none; parent-dir: class folder name and index (ImageFolder); partitions: key=value folders "
                  "(Spark partition discovery)")
      ->check(CLI::IsMember({"none", "parent-dir", "partitions"}))
      ->default_val("none");
  cmd->add_option("--origin-format", a.origin_format,
                  "path: origin file:/dir/a b.jpg as readImages and SynapseML write it (default); uri: "
                  "file:/dir/a%20b.jpg, a valid percent-encoded URI as Spark 3's image data source writes it")
      ->check(CLI::IsMember({"path", "uri"}))
      ->default_val("path");
  cmd->add_option("--glob", a.glob, "Keep only files whose name matches this pattern (Spark's pathGlobFilter)");
  cmd->add_flag("--ignore-missing", a.ignore_missing,
                "Files deleted between listing and reading give no row (Spark's ignoreMissingFiles)");
  cmd->add_flag("--no-inspect-zip", a.no_inspect_zip,
                "Treat .zip files as ordinary files (by default each entry is read as an image, origin "
                "file:/dir/a.zip/entry, like SynapseML's inspectZip)");
  cmd->add_option("--max-zip-ratio", a.zip_ratio,
                  "Refuse zip entries over 1 MiB that inflate more than this many times (zip bombs); 0: no limit")
      ->check(CLI::NonNegativeNumber)
      ->default_val(100);
  cmd->add_option("--modified-before", a.modified_before,
                  "Only files modified before this time, e.g. 2020-06-15T05:00:00 (Spark 3.1's modifiedBefore, "
                  "with its time-zone rule)");
  cmd->add_option("--modified-after", a.modified_after, "Only files modified after this time (Spark's modifiedAfter)");
  cmd->add_option("--time-zone", a.time_zone,
                  "Zone of --modified-* and of partition timestamps (Spark's timeZone): UTC, +02:00, GMT-8; "
                  "default: the system's zone");
  cmd->add_option("--base-path", a.base_path,
                  "With --labels partitions: discover key=value folders below this folder (Spark's basePath)");
  cmd->add_flag("--no-partition-types", a.no_partition_types,
                "With --labels partitions: keep every value a string (Spark's partitionColumnTypeInference off)");
  cmd->add_option("-t,--threads", a.threads,
                  "Decode threads (transform: they transform the rows too); default: the hardware's thread count")
      ->check(CLI::Range(1u, 1024u));
  cmd->add_flag("--no-progress", a.no_progress, "Never show the progress line on stderr");
  cmd->add_flag("--fail-on-invalid", a.fail_on_invalid,
                "Exit with status 1 when any row is invalid (dropped ones included); all rows are still printed");
  // Decode limits (decode_limits), checked from the file size and the image header before any
  // pixel memory is allocated; a file over a limit is an invalid row with reason too_large.
  cmd->add_option("--max-file-bytes", a.limits.max_file_bytes, "Largest file read, in bytes")
      ->default_val(a.limits.max_file_bytes);
  cmd->add_option("--max-side", a.limits.max_side, "Largest width or height (libjpeg's JPEG_MAX_DIMENSION)")
      ->default_val(a.limits.max_side)
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--max-pixels", a.limits.max_pixels, "Largest width x height (Pillow's MAX_IMAGE_PIXELS)")
      ->default_val(a.limits.max_pixels);
  cmd->add_option("--max-decoded-bytes", a.limits.max_decoded_bytes,
                  "Largest decoded image, width x height x channels x bytes per sample (image-rs' max_alloc)")
      ->default_val(a.limits.max_decoded_bytes);
  cmd->add_option("--max-jpeg-scans", a.limits.max_jpeg_scans,
                  "Most scans in a progressive JPEG (libjpeg-turbo's -maxscans)")
      ->default_val(a.limits.max_jpeg_scans)
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--max-depth", a.max_depth,
                  "With --recursive: folders nested deeper than this are not listed (reported as a listing problem)")
      ->default_val(a.max_depth);
  // Decoding (decode_options): Spark's rules by default.
  cmd->add_option("--compat", a.compat,
                  "spark: the rows Spark's JDK decoder gives (default); faithful: keep what Spark loses (16-bit gray "
                  "scaled, gray alpha kept, sub-8-bit gray 1 channel) and reject damaged files (--strict)")
      ->check(CLI::IsMember({"spark", "faithful"}))
      ->default_val("spark");
  cmd->add_flag("--strict", a.strict,
                "Invalid row, with the reason, for damaged files Spark still reads (BMP planes != 1, RLE past a row's "
                "end, GIF frame outside its screen, PNG without IEND)");
  cmd->add_flag("--allow-truncated", a.allow_truncated,
                "Decode what is there of truncated files (Spark renders truncated JPEGs) and count them as valid");
  cmd->add_option("--extra-formats", a.extra_formats,
                  "Also decode formats Spark's ImageIO cannot read: tga, pnm, psd, hdr, webp or all (comma-separated)")
      ->delimiter(',')
      ->check(CLI::IsMember({"tga", "pnm", "psd", "hdr", "webp", "all"}));
  cmd->add_option("--jpeg-decoder", a.jpeg_decoder,
                  "automatic: libjpeg-turbo when built with it (Spark's pixels), else stb_image; stb: always stb_image")
      ->check(CLI::IsMember({"automatic", "stb"}))
      ->default_val("automatic");
  cmd->add_flag("--exif-orientation", a.exif_orientation,
                "Rotate/mirror by the EXIF orientation tag, as Pillow's exif_transpose (Spark keeps the stored "
                "pixels)");
  cmd->footer(exit_status_help);
}

void prepare_dump_dir(const std::string& dir) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (fs::exists(dir, ec) && !fs::is_directory(dir, ec))
    throw std::runtime_error("--dump " + dir + ": is not a folder");
  fs::create_directories(dir, ec);
  if (ec) throw std::runtime_error("--dump " + dir + ": cannot create the folder: " + ec.message());
}

void check_output(std::ostream& out) {
  out.flush();
  if (!out) throw std::runtime_error(std::string("error writing the output: ") + std::strerror(errno));
}

std::vector<std::string> input_paths(const read_cli_args& a) {
  std::vector<std::string> out;
  for (const std::string& p : a.paths)
    for (std::string& one : split_path_list(p)) out.push_back(std::move(one));
  return out;
}

read_options make_read_options(const read_cli_args& a, bool rows_on_terminal) {
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
  o.decode.limits = a.limits;
  o.max_depth = a.max_depth;
  o.inspect_zip = !a.no_inspect_zip;
  o.origin = a.origin_format == "uri" ? origin_style::uri : origin_style::hadoop_path;
  o.decode.quirks = a.compat == "faithful" ? compat::faithful : compat::spark;
  o.decode.strict = a.strict;
  o.decode.allow_truncated = a.allow_truncated;
  for (const auto& f : a.extra_formats)
    o.decode.extra_formats = o.decode.extra_formats | (f == "tga"   ? extra_format::tga
                                                       : f == "pnm" ? extra_format::pnm
                                                       : f == "psd" ? extra_format::psd
                                                       : f == "hdr" ? extra_format::hdr
                                                       : f == "webp" ? extra_format::webp
                                                                     : extra_format::all);
  o.decode.jpeg = a.jpeg_decoder == "stb" ? jpeg_decoder::stb : jpeg_decoder::automatic;
  o.decode.apply_exif_orientation = a.exif_orientation;
  o.zip.max_compression_ratio = a.zip_ratio;
  o.modified_before = a.modified_before;
  o.modified_after = a.modified_after;
  o.time_zone = a.time_zone;
  o.base_path = a.base_path;
  o.partition_type_inference = !a.no_partition_types;
  // Progress shares the terminal: only when rows are not streaming onto the same screen.
  o.show_progress = a.no_progress || rows_on_terminal ? progress::never : progress::automatic;
  return o;
}

reading selected_rows(const read_cli_args& a, const dataset& ds) {
  if (a.partition >= 0 && static_cast<std::size_t>(a.partition) >= ds.num_partitions())
    throw std::invalid_argument("--partition " + std::to_string(a.partition) + " does not exist (the dataset has " +
                                std::to_string(ds.num_partitions()) + " partitions)");
  return a.partition >= 0 ? ds.partition(static_cast<std::size_t>(a.partition)) : ds.rows();
}

void print_table_and_summary(const std::string& format, const std::string& table, const std::string& summary) {
  if (format == "table") {
    std::cout << table << '\n' << summary;
  } else {
    std::cout.flush();
    std::cerr << summary;
  }
  std::cout.flush();
}

std::string summary_text(const read_summary& s, const dataset& ds, double seconds, const read_cli_args& a) {
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
  if (ds.modified_filtered())
    out += "--modified-before/--modified-after: " + std::to_string(ds.modified_filtered()) + " files left out\n";
  if (!ds.partition_columns().empty()) {
    out += "partition columns:";
    for (const auto& c : ds.partition_columns()) out += " " + c.name + " " + partition_type_name(c.type, c.precision);
    out += '\n';
  }
  return out;
}

std::string load_stages(const std::string& arg) {
  if (arg.empty() || arg[0] != '@') return arg;
  const std::filesystem::path file(arg.substr(1));
  std::ifstream in(file, std::ios::binary);
  if (!in) throw std::invalid_argument("--stages: cannot read " + file.string());
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string npy_name(std::size_t index) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%06zu.npy", index);
  return buf;
}

}  // namespace imgframe::cli
