#pragma once
// The two sampling rules of read_images, both bit-for-bit with the JVM code they reproduce.
//  - sampling::per_file (default): SynapseML BinaryFileReader. Each file decides alone, so the chosen
//    set does not depend on partitions, threads or listing order:
//      keep  <=>  java.util.Random((long) origin.hashCode() ^ seed).nextDouble() <= ratio
//  - sampling::spark: Spark 2.x ImageSchema.readImages' SamplePathFilter. One java.util.Random(seed)
//    walks Hadoop's listing; every entry with a file extension (directories too) draws once and is
//    kept iff nextDouble() < ratio; entries without an extension are always kept and draw nothing.
//    Installed only when ratio < 1 (readImages installs no filter at 1.0; the result is the same).
#include <cstdint>
#include <string_view>

#include "java_random.hpp"

namespace imgframe {

// How sample_ratio picks files: each file by itself (SynapseML), or Spark 2.x's sequential java.util.Random
// walk.
enum class sampling { per_file, spark };

// "per-file" or "spark".
inline std::string_view sampling_name(sampling s) noexcept { return s == sampling::spark ? "spark" : "per-file"; }

// SynapseML's per-file rule on the file's origin (the exact "file:/abs/path" string).
inline bool per_file_keep(std::string_view origin, std::int64_t seed, double ratio) noexcept {
  const auto hash = static_cast<std::int64_t>(java::string_hash_code(origin));  // sign-extended like .toLong
  java::random rng(hash ^ seed);
  return rng.next_double() <= ratio;
}

// commons-io FilenameUtils.getExtension(path) != "": a '.' after the last separator, not at the end.
inline bool has_file_extension(std::string_view path) noexcept {
  const auto dot = path.rfind('.');
  const auto sep = path.find_last_of("/\\");
  if (dot == std::string_view::npos) return false;
  if (sep != std::string_view::npos && dot < sep) return false;
  return dot + 1 < path.size();
}

// Spark's SamplePathFilter: one instance per listing, re-seeded like Hadoop builds a fresh filter.
class spark_sample_filter {
 public:
  // A filter keeping each file with probability ratio, drawn from java.util.Random(seed).
  spark_sample_filter(double ratio, std::int64_t seed) noexcept : ratio_(ratio), rng_(seed) {}

  // Called in Hadoop's order for each entry that passed the hidden-file filter (input paths too).
  bool accept(std::string_view path) noexcept {
    ++seen_;
    if (!has_file_extension(path)) return true;
    ++draws_;
    return rng_.next_double() < ratio_;
  }

  // Random draws made (files with an extension).
  std::uint64_t draws() const noexcept { return draws_; }
  // Entries seen.
  std::uint64_t seen() const noexcept { return seen_; }

 private:
  double ratio_;
  java::random rng_;
  std::uint64_t draws_ = 0, seen_ = 0;
};

}  // namespace imgframe
