#pragma once
// Labels derived from where a file lives, carried next to the row (image_row stays Spark-exact):
//  - label_from::parent_dir: the name of the folder holding the file and a dense class index in
//    sorted order of all class names of the listing (torchvision ImageFolder on a root/class/x.jpg tree;
//    for deeper trees the immediate parent folder is the class).
//  - label_from::partition_columns: Hive-style key=value folders below the input directory, like
//    Spark's partition discovery (cls=kittens/date=2018-02/x.jpg -> cls="kittens", date="2018-02").
//    As in Spark, the first run of key=value folders above the file counts (raw_partition_columns_of),
//    %XX escapes are decoded, and row_label::values hold the values typed as Spark infers them
//    (int, bigint, decimal, double, timestamp, date, string; null for __HIVE_DEFAULT_PARTITION__).
//    The listing then uses Spark's file-source hidden rule: "_k=v" folders are kept, "x._COPYING_"
//    files skipped.
#include <algorithm>
#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "partition_values.hpp"

namespace imgframe {

// Where a row's label comes from: nowhere, the parent folder's name (ImageFolder), or key=value folders
// (Spark's partition discovery).
enum class label_from { none, parent_dir, partition_columns };

// A row's label.
struct row_label {
  std::string name;  // parent_dir: the class folder; partition_columns: "k=v/k2=v2" as in the path
  int index = -1;    // parent_dir: position of name in the dataset's sorted class names
  std::vector<std::pair<std::string, std::string>> columns;  // partition_columns, outermost first
  std::vector<partition_value> values;  // partition_columns: columns' values typed like Spark (dataset::partition_columns())
  // Same label.
  friend bool operator==(const row_label&, const row_label&) = default;
};

// Spark's parsePartition on a file's path relative to the input directory (or basePath): from the
// file's folder up, folders that are no key=value are skipped until the first key=value one, then
// the run of key=value folders counts; a "_temporary" folder on the way means no columns at all.
// Names are unescaped, values kept raw (%XX-escaped) for typing (partition_values.hpp).
// base_up is where the walk stopped (Spark's "discovered base path"), in folders above the file's
// folder: the first plain folder above the run, the input directory, or (no column) the file's folder.
struct partition_walk {
  std::vector<std::pair<std::string, std::string>> columns;  // outermost first
  std::size_t base_up = 0;  // folders above the file's folder where the walk stopped
  bool temporary = false;  // under a _temporary folder: neither columns nor a base path
};

// Spark's parsePartition walk of a relative path (see partition_walk).
inline partition_walk walk_partition_path(const std::filesystem::path& relative) {
  partition_walk w;
  std::vector<std::string> dirs;
  for (const auto& part : relative.parent_path()) dirs.push_back(part.string());
  std::size_t up = 0;
  for (auto it = dirs.rbegin(); it != dirs.rend(); ++it, ++up) {  // from the leaf up, like Spark
    std::string lower = *it;
    for (char& c : lower) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    if (lower == "_temporary") return {{}, 0, true};
    const auto eq = it->find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == it->size()) {
      if (w.columns.empty()) continue;
      break;
    }
    w.columns.emplace_back(unescape_path_name(std::string_view(*it).substr(0, eq)), it->substr(eq + 1));
  }
  std::reverse(w.columns.begin(), w.columns.end());
  w.base_up = w.columns.empty() ? 0 : up;
  return w;
}

// The columns of walk_partition_path: (name, raw value), outermost first.
inline std::vector<std::pair<std::string, std::string>> raw_partition_columns_of(const std::filesystem::path& relative) {
  return walk_partition_path(relative).columns;
}

// The same with the values unescaped: what the path says, as strings.
inline std::vector<std::pair<std::string, std::string>> partition_columns_of(const std::filesystem::path& relative) {
  auto cols = raw_partition_columns_of(relative);
  for (auto& [k, v] : cols) v = unescape_path_name(v);
  return cols;
}

// The name of a file's parent folder (its class for label_from::parent_dir).
inline std::string parent_dir_of(const std::filesystem::path& path) { return path.parent_path().filename().string(); }

// The sorted, unique class names of a listing, for parent_dir indices.
class class_index {
 public:
  class_index() = default;
  // The sorted, unique names.
  explicit class_index(std::vector<std::string> names) : names_(std::move(names)) {
    std::sort(names_.begin(), names_.end());
    names_.erase(std::unique(names_.begin(), names_.end()), names_.end());
  }
  // The class names, sorted.
  const std::vector<std::string>& names() const noexcept { return names_; }
  // Index of a class name; -1 when it is not one.
  int index_of(std::string_view name) const noexcept {
    auto it = std::lower_bound(names_.begin(), names_.end(), name);
    return it != names_.end() && *it == name ? static_cast<int>(it - names_.begin()) : -1;
  }

 private:
  std::vector<std::string> names_;
};

}  // namespace imgframe
