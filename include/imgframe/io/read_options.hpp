#pragma once
// The options of read_images: Spark's readImages(path, recursive, numPartitions, dropImageFailures,
// sampleRatio, seed) with its defaults, plus what Spark's file source adds (pathGlobFilter,
// ignoreMissingFiles, modifiedBefore/After, timeZone, basePath), SynapseML's inspectZip, labels, threads
// and the decode limits. Checked before any work is done.
#include <cstddef>
#include <cstdio>
#include <cstdint>
#include <stdexcept>
#include <string>

#include "decode.hpp"
#include "glob.hpp"
#include "labels.hpp"
#include "progress.hpp"
#include "sampling.hpp"
#include "spark_time.hpp"
#include "zip_archive.hpp"

namespace imgframe {

// The options of read_images(): Spark's readImages and image data source parameters, SynapseML's, and
// imgframe's own.
struct read_options {
  bool recursive = false;             // descend into subdirectories
  int max_depth = 64;                 // recursive: folders deeper than this are a listing problem
  int num_partitions = -1;            // -1: one per thread (Spark's -1 -> defaultParallelism); 0 is an error
  bool drop_image_failures = false;   // drop invalid rows instead of emitting Spark's invalid row
  double sample_ratio = 1.0;          // in [0, 1]
  std::int64_t seed = 0;              // Java long, as in Spark
  // How sample_ratio picks files: SynapseML's per-file rule or Spark 2.x's random walk.
  sampling sample_mode = sampling::per_file;
  unsigned threads = 0;               // decode threads; 0: the hardware's thread count
  // Where row labels come from.
  label_from label = label_from::none;
  std::string path_glob_filter{};      // Spark 3's pathGlobFilter, on file names; empty: every file
  bool ignore_missing_files = false;  // files gone between listing and reading give no row at all
  // hadoop_path: "file:/d/a b.jpg" as readImages (2.x) and SynapseML write it; uri: "file:/d/a%20b.jpg",
  // a valid URI as Spark 3's image data source writes it (io/origin.hpp).
  origin_style origin = origin_style::hadoop_path;
  decode_options decode{};            // limits and Spark quirks of the single-file decoder
  // SynapseML's inspectZip (on by default, as in its readImages): each entry of a listed ".zip" file is
  // read as a file of its own, origin "file:/dir/a.zip/entry/name" (io/zip_archive.hpp). Needs libzip.
  bool inspect_zip = true;
  zip_limits zip{};                   // zip-bomb limits of the entries (decode.limits hold too)
  // Spark's file source (3.1+): files modified strictly before / after this time ("2020-06-15T05:00:00",
  // any form of stringToTimestamp; a zone in the text wins over time_zone). Spark also shifts each
  // file's time by the zone's offset before comparing (fromUTCTime): reproduced, so outside UTC the
  // cut is where Spark puts it, not at the wall-clock time written. Empty: no filter.
  std::string modified_before{};
  // See modified_before.
  std::string modified_after{};
  // Spark's timeZone option: for modified_before/after and partition timestamps. Empty: the system's
  // zone (the JVM's default, hence Spark's session zone); "UTC", "+02:00", "GMT-8" (spark_time.hpp).
  std::string time_zone{};
  // label_from::partition_columns: Spark's basePath (discovery starts below it; every input must lie
  // under it), and whether values are typed (Spark's partitionColumnTypeInference.enabled).
  std::string base_path{};
  // See base_path.
  bool partition_type_inference = true;
  progress show_progress = progress::automatic;  // stderr line when it is a terminal
  std::size_t read_ahead = 0;         // decoded rows in flight per reading; 0: 2 per thread
};

namespace detail {
inline std::string number_text(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}
}  // namespace detail

// Throws std::invalid_argument with a message naming the option, before any file is touched.
inline void validate(const read_options& o) {
  if (!(o.sample_ratio >= 0.0 && o.sample_ratio <= 1.0))  // also rejects NaN
    throw std::invalid_argument("sample_ratio should be between 0 and 1 (got " + detail::number_text(o.sample_ratio) +
                                ")");
  if (o.num_partitions == 0 || o.num_partitions < -1)
    throw std::invalid_argument("num_partitions must be positive, or -1 for one partition per thread (got " +
                                std::to_string(o.num_partitions) + ")");
  if (o.sample_mode != sampling::per_file && o.sample_mode != sampling::spark)
    throw std::invalid_argument("sample_mode must be sampling::per_file or sampling::spark");
  if (o.label != label_from::none && o.label != label_from::parent_dir && o.label != label_from::partition_columns)
    throw std::invalid_argument("label must be label_from::none, parent_dir or partition_columns");
  if (!o.path_glob_filter.empty()) (void)glob_pattern(o.path_glob_filter);  // throws on a bad pattern
  (void)spark_time::zone_option(o.time_zone);  // throws for a zone this build cannot resolve
  if (!o.base_path.empty() && o.label != label_from::partition_columns)
    throw std::invalid_argument("base_path is for partition discovery: set label = label_from::partition_columns");
  const decode_limits& l = o.decode.limits;
  const auto positive = [](const char* name, long double v) {
    if (!(v > 0))
      throw std::invalid_argument(std::string("decode.limits.") + name + " must be positive (got " +
                                  detail::number_text(static_cast<double>(v)) + ")");
  };
  positive("max_file_bytes", static_cast<long double>(l.max_file_bytes));
  positive("max_side", l.max_side);
  positive("max_pixels", static_cast<long double>(l.max_pixels));
  positive("max_decoded_bytes", static_cast<long double>(l.max_decoded_bytes));
  positive("max_jpeg_scans", l.max_jpeg_scans);
  if (o.max_depth < 0)
    throw std::invalid_argument("max_depth must be >= 0 (got " + std::to_string(o.max_depth) + ")");
  if (!(o.zip.max_compression_ratio >= 0))
    throw std::invalid_argument("zip.max_compression_ratio must be >= 0 (0: no limit), got " +
                                detail::number_text(o.zip.max_compression_ratio));
}

}  // namespace imgframe
