// imgframe_demo: reads every file of a folder (default examples/data) into Spark image rows with
// imgframe::read_image() and prints them as a table, like Spark's df.show() of an image DataFrame.
// Files that do not decode give Spark's invalid row (-1, -1, -1, -1, no data) and the reason.
#include <imgframe/imgframe.hpp>
#include <imgframe/io.hpp>
#include <imgframe/io/stb_implementation.hpp>  // the decoders, compiled in this one translation unit

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <string>
#include <system_error>
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

}  // namespace

int main(int argc, char** argv) {
  const std::filesystem::path dir = argc > 1 ? argv[1] : "examples/data";
  std::error_code ec;
  std::vector<std::filesystem::path> files;
  for (std::filesystem::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec))
    if (it->path().filename() != "LICENSES.txt") files.push_back(it->path());  // the photos' licences
  if (ec) {
    std::fprintf(stderr, "imgframe_demo: cannot list %s: %s\n", dir.string().c_str(), ec.message().c_str());
    return 2;
  }
  std::sort(files.begin(), files.end());

  std::vector<std::vector<std::string>> table{{"origin", "height", "width", "nChannels", "mode", "data", "error"}};
  for (const auto& f : files) {
    const imgframe::decode_result r = imgframe::read_image(f);
    const imgframe::image_row& row = r.row;
    table.push_back({row.origin, std::to_string(row.height), std::to_string(row.width), std::to_string(row.n_channels),
                     std::to_string(row.mode) + " " + std::string(imgframe::mode_name(row.mode)), first_bytes(row, 6),
                     r.ok() ? "" : std::string(imgframe::failure_name(r.reason)) + ": " + r.message});
  }

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
  std::printf("%zu files, JPEG decoder: %s\n", files.size(), std::string(imgframe::jpeg_backend_name()).c_str());
  return 0;
}
