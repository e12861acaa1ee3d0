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

namespace imgframe {

// `paths`: files, directories or glob patterns (like Hadoop's comma-separated input list).
inline dataset read_images(const std::vector<std::string>& paths, const read_options& options = {}) {
  validate(options);
  if (paths.empty()) throw std::invalid_argument("read_images: no path given");

  auto s = std::make_shared<detail::dataset_state>();
  s->options = options;
  s->threads = options.threads ? options.threads : thread_pool::default_threads();
  s->partitions = options.num_partitions > 0 ? static_cast<std::size_t>(options.num_partitions) : s->threads;

  listing_options lo;
  lo.recursive = options.recursive;
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

  std::vector<std::string> class_source;  // parent folder names of every listed file, before sampling
  if (spark_walk) {
    // Files the walk dropped are never seen; count them with a listing that does not sample.
    listing_options plain = lo;
    plain.walk_filter = nullptr;
    listing all = list_files(paths, plain);
    walked_files = all.files.size();
    s->listed = walked_files;
    s->sampled_out = walked_files >= found.files.size() ? walked_files - found.files.size() : 0;
    if (options.label == label_from::parent_dir)
      for (const auto& f : all.files) class_source.push_back(parent_dir_of(f.path));
    s->files = std::move(found.files);
  } else {
    s->listed = found.files.size();
    if (options.label == label_from::parent_dir)
      for (const auto& f : found.files) class_source.push_back(parent_dir_of(f.path));
    if (options.sample_ratio < 1.0) {
      for (auto& f : found.files)
        if (per_file_keep(f.origin, options.seed, options.sample_ratio)) s->files.push_back(std::move(f));
    } else {
      s->files = std::move(found.files);
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
