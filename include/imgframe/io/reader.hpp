#pragma once
// read_images: Spark's ImageSchema.readImages(path, recursive, numPartitions, dropImageFailures,
// sampleRatio, seed) natively. Lists (and samples) eagerly, decodes lazily while partitions are read.
//
//   auto ds = imgframe::read_images("photos/", {.recursive = true, .num_partitions = 8, .sample_ratio = 0.5});
//   for (const imgframe::dataset_row& r : ds.partition(3)) use(r.row);
//
// Bad arguments (no path, a missing path or a pattern matching nothing, sample_ratio outside [0, 1],
// num_partitions 0, a malformed path_glob_filter) throw std::invalid_argument before any file is read.
#include <sys/stat.h>

#include <algorithm>
#include <cstddef>
#include <filesystem>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <unordered_set>
#include <utility>
#include <vector>

#include "dataset.hpp"
#include "labels.hpp"
#include "listing.hpp"
#include "partition_values.hpp"
#include "read_options.hpp"
#include "sampling.hpp"
#include "spark_time.hpp"
#include "thread_pool.hpp"
#include "zip_archive.hpp"

namespace imgframe {

namespace detail {

// The listing with every zip archive replaced, at its place, by its entries (directories left out) in
// archive order. entry_kept[i]: SynapseML's entry sampling keeps files[i] (always true for plain files
// and for an archive that cannot be listed, which stays as one unreadable file saying why).
struct expanded_listing {
  std::vector<listed_file> files;
  std::vector<bool> entry_kept;
};

inline expanded_listing expand_zip_archives(std::vector<listed_file> files, const read_options& o) {
  expanded_listing out;
  for (listed_file& f : files) {
    if (!o.inspect_zip || !f.readable() || !is_zip_archive_name(f.origin)) {
      out.files.push_back(std::move(f));
      out.entry_kept.push_back(true);
      continue;
    }
    zip_listing z = list_zip_entries(f.path);
    if (!z.ok()) {
      f.reason = z.reason;
      f.message = std::move(z.message);
      out.files.push_back(std::move(f));
      out.entry_kept.push_back(true);
      continue;
    }
    const std::vector<bool> kept = zip_entries_kept(f.origin, z.entries, o.seed, o.sample_ratio);
    const std::string archive_path = f.path.string(), archive_relative = f.relative.string();
    for (std::size_t i = 0; i < z.entries.size(); ++i) {
      zip_entry_info& e = z.entries[i];
      if (e.is_directory()) continue;
      listed_file entry;
      entry.path = archive_path + "/" + e.name;  // as a string: an entry name may start with '/'
      entry.origin = zip_entry_origin(f.origin, e.name, o.origin);
      entry.relative = archive_relative + "/" + e.name;
      entry.archive = f.path;
      entry.entry_index = e.index;
      entry.entry_name = std::move(e.name);
      out.files.push_back(std::move(entry));
      out.entry_kept.push_back(kept[i]);
    }
  }
  return out;
}

// Spark 3.1's modifiedBefore / modifiedAfter (PathFilterFactory): a file is kept iff
// threshold - fromUTCTime(mtime) > 0 (before) and fromUTCTime(mtime) - threshold > 0 (after), with
// mtime in whole milliseconds as Hadoop reports it.
class modified_filter {
 public:
  explicit modified_filter(const read_options& o) : zone_(spark_time::zone_option(o.time_zone)) {
    before_ = threshold(o.modified_before, "modifiedBefore");
    after_ = threshold(o.modified_after, "modifiedAfter");
  }
  bool active() const noexcept { return before_ || after_; }
  bool accept_millis(std::int64_t mtime_ms) const {
    const std::int64_t local = spark_time::from_utc_time(mtime_ms * 1000, zone_);
    return (!before_ || *before_ - local > 0) && (!after_ || local - *after_ > 0);
  }
  // Files whose time cannot be read are kept: reading them reports why.
  bool accept(const std::filesystem::path& p) const {
    struct ::stat sb {};
    if (::stat(p.c_str(), &sb) != 0) return true;
    const std::int64_t ns = sb.st_mtim.tv_nsec;
    return accept_millis(static_cast<std::int64_t>(sb.st_mtim.tv_sec) * 1000 + ns / 1'000'000);
  }

 private:
  std::optional<std::int64_t> threshold(const std::string& text, const char* option) const {
    if (text.empty()) return std::nullopt;
    if (auto t = spark_time::string_to_timestamp(text, zone_)) return t;
    if (auto zone = spark_time::unresolved_zone_in(text))
      throw std::invalid_argument(std::string("The time zone '") + *zone + "' in the '" + option + "' timestamp (" +
                                  text + ") is not supported: " + spark_time::supported_zones);
    throw std::invalid_argument(std::string("The timestamp provided for the '") + option +
                                "' option is invalid. The expected format is 'YYYY-MM-DDTHH:mm:ss', but the "
                                "provided timestamp: " + text);
  }
  spark_time::time_zone zone_;
  std::optional<std::int64_t> before_, after_;
};

// What the listing keeps after Spark's file-source filters, and each file's path for partition
// discovery (below base_path when it is set).
inline void apply_file_source_options(std::vector<listed_file>& files, const read_options& o, std::size_t* filtered) {
  const modified_filter mf(o);
  if (mf.active()) {
    const auto before = files.size();
    std::erase_if(files, [&](const listed_file& f) { return f.readable() && !mf.accept(f.path); });
    if (filtered) *filtered = before - files.size();
  }
  if (o.base_path.empty()) return;
  const std::filesystem::path base = absolute_normal(o.base_path);
  for (listed_file& f : files) {
    const std::filesystem::path rel = f.path.lexically_relative(base);
    if (rel.empty() || *rel.begin() == "..")
      throw std::invalid_argument("Wrong basePath " + o.base_path + " for the root path: " + f.path.string() +
                                  " (every input must lie under base_path)");
    f.relative = rel;
  }
}

// Spark's parsePartitions checks on a partitioned listing (some folder has a column), with their texts
// (Spark 3.1 asserts them, so they end the read): every folder holding files must have the same
// discovered base path ("Conflicting directory structures", compared in lower case), and every
// partition folder the same column names (compared in lower case, spark.sql.caseSensitive=false).
// Folders are named as Hadoop qualifies them, "file:/...", in listing order.
inline void check_partition_layout(const std::vector<listed_file>& files) {
  struct leaf {
    std::string dir, base;
    std::vector<std::string> names;  // empty: not a partition folder
  };
  std::vector<leaf> leaves;
  std::unordered_set<std::string> seen;
  const auto lower = [](std::string t) {
    for (char& c : t) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    return t;
  };
  for (const listed_file& f : files) {
    const std::string dir = "file:" + f.path.parent_path().string();
    if (!seen.insert(dir).second) continue;
    const partition_walk w = walk_partition_path(f.relative);
    if (w.temporary) continue;
    std::filesystem::path base = f.path.parent_path();
    for (std::size_t i = 0; i < w.base_up; ++i) base = base.parent_path();
    leaf l{dir, "file:" + base.string(), {}};
    for (const auto& c : w.columns) l.names.push_back(c.first);
    leaves.push_back(std::move(l));
  }
  if (std::none_of(leaves.begin(), leaves.end(), [](const leaf& l) { return !l.names.empty(); })) return;
  std::vector<std::string> bases;
  for (const leaf& l : leaves)
    if (std::find(bases.begin(), bases.end(), lower(l.base)) == bases.end()) bases.push_back(lower(l.base));
  if (bases.size() > 1) {
    std::string m = "Conflicting directory structures detected. Suspicious paths:";  // Spark adds a stray \b here
    for (const auto& b : bases) m += "\n\t" + b;
    throw std::invalid_argument(m + "\n\nIf provided paths are partition directories, please set \"basePath\" in the "
                                    "options of the data source to specify the root directory of the table. If there "
                                    "are multiple root directories, please load them separately and then union them.");
  }
  std::vector<std::vector<std::string>> lists, lowered;  // distinct name lists, as written / in lower case
  for (const leaf& l : leaves) {
    if (l.names.empty()) continue;
    if (std::find(lists.begin(), lists.end(), l.names) == lists.end()) lists.push_back(l.names);
    std::vector<std::string> low;
    for (const auto& n : l.names) low.push_back(lower(n));
    if (std::find(lowered.begin(), lowered.end(), low) == lowered.end()) lowered.push_back(std::move(low));
  }
  if (lowered.size() <= 1) return;
  // Spark's listConflictingPartitionColumns: the lists, then every folder of each list, shorter lists first.
  std::string m = "Conflicting partition column names detected:\n";
  const auto joined = [](const std::vector<std::string>& names) {
    std::string j;
    for (const auto& n : names) j += (j.empty() ? "" : ", ") + n;
    return j;
  };
  for (std::size_t i = 0; i < lists.size(); ++i) m += "\n\tPartition column name list #" + std::to_string(i) + ": " + joined(lists[i]);
  m += "\n\nFor partitioned table directories, data files should only live in leaf directories.\nAnd directories at the "
       "same level should have the same partition column name.\nPlease check the following directories for unexpected "
       "files or inconsistent partition column names:\n";
  std::vector<std::vector<std::string>> by_length = lists;
  std::stable_sort(by_length.begin(), by_length.end(), [](const auto& a, const auto& b) { return a.size() < b.size(); });
  for (const auto& names : by_length)
    for (const leaf& l : leaves)
      if (l.names == names) m += "\n\t" + l.dir;
  throw std::invalid_argument(m);
}

// Spark's partition schema over the listed files (checked by check_partition_layout first): each
// column's type is the wider of its values'.
inline std::vector<partition_column> partition_schema_of(const std::vector<listed_file>& files, bool inference) {
  check_partition_layout(files);
  std::vector<partition_column> schema;
  for (const listed_file& f : files)
    for (const auto& col : raw_partition_columns_of(f.relative)) {  // (name, raw value)
      partition_column c = infer_partition_type(col.second, inference);
      c.name = col.first;
      auto it = std::find_if(schema.begin(), schema.end(), [&](const partition_column& x) { return x.name == c.name; });
      if (it == schema.end()) schema.push_back(std::move(c));
      else *it = wider_partition_type(*it, c);  // keeps the name: both carry it
    }
  return schema;
}

}  // namespace detail

// `paths`: files, directories or glob patterns, each taken as it is (like DataFrameReader.load(paths*));
// read_images(std::string) splits a comma-separated list first, as Spark 2.x readImages does. With
// inspect_zip (the default), the entries of .zip files are read as files (io/zip_archive.hpp).
inline dataset read_images(const std::vector<std::string>& paths, const read_options& options = {}) {
  validate(options);
  if (paths.empty()) throw std::invalid_argument("read_images: no path given");

  auto s = std::make_shared<detail::dataset_state>();
  s->options = options;
  s->threads = options.threads ? options.threads : thread_pool::default_threads();
  s->partitions = options.num_partitions > 0 ? static_cast<std::size_t>(options.num_partitions) : s->threads;
  s->zone = spark_time::zone_option(options.time_zone);
  if (!options.base_path.empty()) {
    std::error_code ec;
    if (!std::filesystem::is_directory(options.base_path, ec))
      throw std::invalid_argument("base_path is not a directory: " + options.base_path);
  }

  listing_options lo;
  lo.recursive = options.recursive;
  lo.max_depth = options.max_depth;
  lo.origin = options.origin;
  lo.datasource_hidden_rule = options.label == label_from::partition_columns;  // Spark's partition discovery
  if (!options.path_glob_filter.empty()) lo.file_name_filter.emplace(options.path_glob_filter);

  const bool spark_walk = options.sample_mode == sampling::spark && options.sample_ratio < 1.0;
  std::unique_ptr<spark_sample_filter> walk;
  std::size_t walked_files = 0;
  if (spark_walk) {
    walk = std::make_unique<spark_sample_filter>(options.sample_ratio, options.seed);
    lo.walk_filter = [&](const std::string& path, bool /*is_directory*/) { return walk->accept(path); };
  }
  listing found = list_files(paths, lo);
  s->problems = std::move(found.problems);
  s->name_filtered = found.name_filtered;
  detail::apply_file_source_options(found.files, options, &s->modified_filtered);
  detail::expanded_listing expanded = detail::expand_zip_archives(std::move(found.files), options);

  std::vector<std::string> class_source;  // parent folder names of every listed file, before sampling
  if (spark_walk) {
    // Files the walk dropped are never seen; count them with a listing that does not sample.
    listing_options plain = lo;
    plain.walk_filter = nullptr;
    // An archive the walk keeps keeps all its entries: Spark's filter never sees inside archives.
    std::vector<listed_file> unsampled = list_files(paths, plain).files;
    detail::apply_file_source_options(unsampled, options, nullptr);
    const auto all = detail::expand_zip_archives(std::move(unsampled), options).files;
    walked_files = all.size();
    s->listed = walked_files;
    s->sampled_out = walked_files >= expanded.files.size() ? walked_files - expanded.files.size() : 0;
    if (options.label == label_from::parent_dir)
      for (const auto& f : all) class_source.push_back(parent_dir_of(f.path));
    if (options.label == label_from::partition_columns)
      s->partition_schema = detail::partition_schema_of(all, options.partition_type_inference);
    s->files = std::move(expanded.files);
  } else {
    s->listed = expanded.files.size();
    if (options.label == label_from::parent_dir)
      for (const auto& f : expanded.files) class_source.push_back(parent_dir_of(f.path));
    if (options.label == label_from::partition_columns)
      s->partition_schema = detail::partition_schema_of(expanded.files, options.partition_type_inference);
    if (options.sample_ratio < 1.0) {
      for (std::size_t i = 0; i < expanded.files.size(); ++i) {
        listed_file& f = expanded.files[i];
        const bool keep = f.in_archive() ? expanded.entry_kept[i] : per_file_keep(f.origin, options.seed, options.sample_ratio);
        if (keep) s->files.push_back(std::move(f));
      }
    } else {
      s->files = std::move(expanded.files);
    }
    s->sampled_out = s->listed - s->files.size();
  }
  s->classes = class_index(std::move(class_source));
  for (const partition_column& c : s->partition_schema) s->column_names.push_back(c.name);
  if (s->threads > 1) s->pool = std::make_unique<thread_pool>(s->threads);
  return dataset(std::move(s));
}

// One path, or a comma-separated list of them as Spark 2.x readImages takes it (split_path_list:
// commas inside {...} do not split).
inline dataset read_images(const std::string& path, const read_options& options = {}) {
  return read_images(split_path_list(path), options);
}

}  // namespace imgframe
