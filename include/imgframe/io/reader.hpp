#pragma once
// read_images: Spark's ImageSchema.readImages(path, recursive, numPartitions, dropImageFailures,
// sampleRatio, seed) natively. Lists (and samples) eagerly, decodes lazily while partitions are read.
//
//   auto ds = imgframe::read_images("photos/", {.recursive = true, .num_partitions = 8, .sample_ratio = 0.5});
//   for (const imgframe::dataset_row& r : ds.partition(3)) use(r.row);
//
// Bad arguments (no path, a missing path or a pattern matching nothing, sample_ratio outside [0, 1],
// num_partitions 0, a malformed path_glob_filter) throw std::invalid_argument before any file is read.
#include <algorithm>
#include <cstddef>
#include <memory>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "dataset.hpp"
#include "labels.hpp"
#include "listing.hpp"
#include "read_options.hpp"
#include "sampling.hpp"
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
      entry.origin = zip_entry_origin(f.origin, e.name);
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

}  // namespace detail

// `paths`: files, directories or glob patterns (like Hadoop's comma-separated input list). With
// inspect_zip (the default), the entries of .zip files are read as files (io/zip_archive.hpp).
inline dataset read_images(const std::vector<std::string>& paths, const read_options& options = {}) {
  validate(options);
  if (paths.empty()) throw std::invalid_argument("read_images: no path given");

  auto s = std::make_shared<detail::dataset_state>();
  s->options = options;
  s->threads = options.threads ? options.threads : thread_pool::default_threads();
  s->partitions = options.num_partitions > 0 ? static_cast<std::size_t>(options.num_partitions) : s->threads;

  listing_options lo;
  lo.recursive = options.recursive;
  lo.max_depth = options.max_depth;
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
  detail::expanded_listing expanded = detail::expand_zip_archives(std::move(found.files), options);

  std::vector<std::string> class_source;  // parent folder names of every listed file, before sampling
  if (spark_walk) {
    // Files the walk dropped are never seen; count them with a listing that does not sample.
    listing_options plain = lo;
    plain.walk_filter = nullptr;
    // An archive the walk keeps keeps all its entries: Spark's filter never sees inside archives.
    const auto all = detail::expand_zip_archives(list_files(paths, plain).files, options).files;
    walked_files = all.size();
    s->listed = walked_files;
    s->sampled_out = walked_files >= expanded.files.size() ? walked_files - expanded.files.size() : 0;
    if (options.label == label_from::parent_dir)
      for (const auto& f : all) class_source.push_back(parent_dir_of(f.path));
    s->files = std::move(expanded.files);
  } else {
    s->listed = expanded.files.size();
    if (options.label == label_from::parent_dir)
      for (const auto& f : expanded.files) class_source.push_back(parent_dir_of(f.path));
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
  if (options.label == label_from::partition_columns) {
    for (const auto& f : s->files)
      for (const auto& [k, v] : partition_columns_of(f.relative))
        if (std::find(s->column_names.begin(), s->column_names.end(), k) == s->column_names.end())
          s->column_names.push_back(k);
  }
  if (s->threads > 1) s->pool = std::make_unique<thread_pool>(s->threads);
  return dataset(std::move(s));
}

inline dataset read_images(const std::string& path, const read_options& options = {}) {
  return read_images(std::vector<std::string>{path}, options);
}

}  // namespace imgframe
