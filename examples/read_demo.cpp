// imgframe_demo: reads a folder (default examples/data/images) with imgframe::read_images(), the native
// equivalent of Spark's ImageSchema.readImages, and prints the rows like Spark's df.show() of an
// image DataFrame, then the summary. Files that do not decode give Spark's invalid row
// (-1, -1, -1, -1, no data) and keep the reason.
#include <imgframe/imgframe.hpp>
#include <imgframe/io.hpp>
#include <imgframe/io/stb_implementation.hpp>  // the decoders, compiled in this one translation unit

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <exception>
#include <string>
#include <vector>

namespace {

std::string first_bytes(const imgframe::image_row& row, std::size_t n) {
  std::string s = "[";
  for (std::size_t i = 0; i < std::min(n, row.data.size()); ++i) {
    char b[8];
    std::snprintf(b, sizeof b, i ? " %u" : "%u", static_cast<unsigned>(row.data[i]));
    s += b;
  }
  if (row.data.size() > n) s += " ...";
  return s + "]";
}

void print_table(const std::vector<std::vector<std::string>>& table) {
  std::vector<std::size_t> widths(table[0].size(), 0);
  for (const auto& line : table)
    for (std::size_t c = 0; c < line.size(); ++c) widths[c] = std::max(widths[c], line[c].size());
  auto rule = [&] {
    for (auto w : widths) std::printf("+%s", std::string(w, '-').c_str());
    std::printf("+\n");
  };
  rule();
  for (std::size_t i = 0; i < table.size(); ++i) {
    for (std::size_t c = 0; c < widths.size(); ++c) std::printf("|%-*s", static_cast<int>(widths[c]), table[i][c].c_str());
    std::printf("|\n");
    if (i == 0) rule();
  }
  rule();
}

}  // namespace

int main(int argc, char** argv) {
  const std::string dir = argc > 1 ? argv[1] : "examples/data/images";
  const auto start = std::chrono::steady_clock::now();
  try {
    // Spark: ImageSchema.readImages(dir, recursive = false, numPartitions = 2, dropImageFailures = false,
    //                               sampleRatio = 1.0, seed = 0)
    const imgframe::dataset ds = imgframe::read_images(dir, {.num_partitions = 2, .threads = 2});

    std::vector<std::vector<std::string>> table{{"origin", "height", "width", "nChannels", "mode", "data", "error"}};
    imgframe::read_summary summary;
    for (std::size_t p = 0; p < ds.num_partitions(); ++p) {  // each partition reads only its own files
      imgframe::reading part = ds.partition(p);
      for (const imgframe::dataset_row& r : part) {
        const imgframe::image_row& row = r.row;  // Spark's six fields
        table.push_back({row.origin, std::to_string(row.height), std::to_string(row.width),
                         std::to_string(row.n_channels), std::to_string(row.mode) + " " + std::string(imgframe::mode_name(row.mode)),
                         first_bytes(row, 6), r.ok() ? "" : std::string(imgframe::failure_name(r.reason)) + ": " + r.error});
      }
      summary += part.summary();
    }
    print_table(table);

    const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::printf("%zu rows: %zu valid, %zu invalid", summary.rows, summary.valid, summary.invalid);
    for (const auto& [reason, n] : summary.by_reason)
      std::printf("%s%s %zu", reason == summary.by_reason.begin()->first ? " (" : ", ",
                  std::string(imgframe::failure_name(reason)).c_str(), n);
    std::printf("%s; %zu partitions (", summary.by_reason.empty() ? "" : ")", ds.num_partitions());
    for (std::size_t p = 0; p < ds.num_partitions(); ++p)
      std::printf("%s%zu files", p ? ", " : "", ds.partition_files(p).size());
    std::printf("), %u threads, %.3f s, JPEG decoder: %s\n", ds.threads(), secs,
                std::string(imgframe::jpeg_backend_name()).c_str());
    return 0;
  } catch (const std::exception& e) {  // a missing folder, a bad option: said before any work
    std::fprintf(stderr, "imgframe_demo: %s\n", e.what());
    return 2;
  }
}
