// The reader's path handling on arbitrary text: the input is split at '\n'; the first line is a
// Hadoop glob pattern (pathGlobFilter / input path), the other lines are paths relative to an input
// directory. For each path: the glob match, Hive-style partition columns (key=value folders, %XX
// unescaping), the parent-folder label, the origin, the hidden-name rules and the per-file sampling
// hash. Invariants: a bad pattern is std::invalid_argument; nothing else throws; origins start
// with "file:/"; a partition column has a non-empty key and value.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <imgframe/io/decode.hpp>
#include <imgframe/io/glob.hpp>
#include <imgframe/io/labels.hpp>
#include <imgframe/io/listing.hpp>
#include <imgframe/io/sampling.hpp>

#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace imgframe;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  std::vector<std::string_view> lines;
  for (std::size_t start = 0; start <= text.size();) {
    const std::size_t end = std::min(text.find('\n', start), text.size());
    lines.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  std::optional<glob_pattern> pattern;
  try {
    pattern.emplace(lines.front());
  } catch (const std::invalid_argument&) {
  }
  (void)glob_pattern::has_wildcard(lines.front());
  for (std::size_t i = 1; i < lines.size(); ++i) {
    const std::string_view line = lines[i];
    if (line.find('\0') != std::string_view::npos) continue;  // not a path
    const std::filesystem::path rel{std::string(line)};
    if (pattern) (void)pattern->matches(rel.filename().string());
    for (const auto& [key, value] : partition_columns_of(rel)) {
      IMGFRAME_FUZZ_CHECK(!key.empty());
      IMGFRAME_FUZZ_CHECK(!value.empty());
    }
    (void)unescape_path_name(line);
    (void)parent_dir_of(rel);
    const std::string origin = origin_for(std::filesystem::path("/fuzz/in") / rel);
    IMGFRAME_FUZZ_CHECK(origin.rfind("file:/", 0) == 0);
    (void)is_hidden_name(rel.filename().string());
    (void)is_hidden_name_datasource(rel.filename().string());
    (void)per_file_keep(origin, static_cast<std::int64_t>(size), 0.5);
    (void)has_file_extension(line);
    (void)detail::unescape_glob_literal(line);
  }
  return 0;
}
