#pragma once
// How `imgframe read` prints dataset rows: a table like Spark's df.show(), TSV, or JSON Lines.
#include <cstddef>
#include <string>
#include <vector>

#include <imgframe/io/dataset.hpp>

namespace imgframe::cli {

// "" for a valid row, else "reason: message" (e.g. "empty_file: file is empty (0 bytes)").
std::string error_text(const dataset_row& r);
// The label column: class folder, or "k=v/k2=v2"; "" without a label.
std::string label_text(const dataset_row& r);
// First bytes of the data as Spark shows binary, "[F7 FD FF ...]".
std::string data_preview(const image_row& row, std::size_t max_bytes = 8);

// numpy's name of a depth: "uint8", "float32", ...
std::string numpy_dtype(depth d);

// TSV: origin, height, width, nChannels, mode, bytes, sha256, error [, label]. Tabs, newlines and
// backslashes inside a field are written as \t, \n, \r and \\.
std::string tsv_header(bool with_label);
std::string tsv_line(const dataset_row& r, bool with_label);

// One JSON object per row (JSON Lines); strings are valid UTF-8 (bad bytes become U+FFFD).
std::string json_line(const dataset_row& r, bool with_label);

// Spark's Dataset.showString: +---+ borders, header, cells truncated to `truncate` characters
// (0 = never; then left-aligned, else right-aligned, as Spark does); "only showing top N rows"
// when total_rows is more than the rows given.
std::string render_table(const std::vector<std::vector<std::string>>& rows, const std::vector<std::string>& header,
                         std::size_t truncate, std::size_t total_rows);

// The rows of a reading in that table.
class show_table {
 public:
  show_table(bool with_label, std::size_t truncate) : with_label_(with_label), truncate_(truncate) {}
  void add(const dataset_row& r);
  std::string render(std::size_t total_rows) const;  // adds "only showing top N rows" when cut

 private:
  bool with_label_;
  std::size_t truncate_;
  std::vector<std::vector<std::string>> cells_;
};

}  // namespace imgframe::cli
