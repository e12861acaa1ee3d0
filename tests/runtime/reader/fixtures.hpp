#pragma once
// Folders built at test time (in a fresh temporary directory) from tests/data.
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <imgframe/io.hpp>

namespace fixtures {
namespace fs = std::filesystem;

inline fs::path data(const std::string& rel) { return fs::path(IMGFRAME_TEST_DATA) / rel; }

// A temporary directory removed (permissions restored first) at the end of the test.
class temp_dir {
 public:
  temp_dir() {
    std::string tmpl = (fs::temp_directory_path() / "imgframe-reader-XXXXXX").string();
    if (!::mkdtemp(tmpl.data())) throw std::runtime_error("mkdtemp failed");
    path_ = tmpl;
  }
  ~temp_dir() {
    std::error_code ec;
    for (auto it = fs::recursive_directory_iterator(path_, fs::directory_options::skip_permission_denied, ec);
         it != fs::recursive_directory_iterator(); it.increment(ec))
      if (!it->is_symlink(ec)) fs::permissions(it->path(), fs::perms::owner_all, fs::perm_options::add, ec);
    fs::permissions(path_, fs::perms::owner_all, fs::perm_options::add, ec);
    fs::remove_all(path_, ec);
  }
  temp_dir(const temp_dir&) = delete;
  temp_dir& operator=(const temp_dir&) = delete;
  const fs::path& path() const { return path_; }
  fs::path operator/(const std::string& rel) const { return path_ / rel; }

 private:
  fs::path path_;
};

inline void place(const std::string& data_rel, const fs::path& to) {
  fs::create_directories(to.parent_path());
  fs::copy_file(data(data_rel), to, fs::copy_options::overwrite_existing);
}

inline void write(const fs::path& to, const std::string& text) {
  fs::create_directories(to.parent_path());
  std::ofstream(to, std::ios::binary) << text;
}

// Small real images of the corpus (32x32 PngSuite).
inline constexpr const char* png_rgb = "corpus/valid/png/pngsuite/basn2c08.png";
inline constexpr const char* png_gray = "corpus/valid/png/pngsuite/basn0g08.png";
inline constexpr const char* png_rgba = "corpus/valid/png/pngsuite/basn6a08.png";
inline constexpr const char* jpg_photo = "samples/rocket.jpg";

inline bool running_as_root() { return ::geteuid() == 0; }

// Relative paths (below root) of the rows' origins.
inline std::vector<std::string> relative_origins(const std::vector<imgframe::dataset_row>& rows, const fs::path& root) {
  const std::string prefix = imgframe::origin_for(root) + "/";
  std::vector<std::string> out;
  for (const auto& r : rows) {
    const std::string& o = r.row.origin;
    out.push_back(o.compare(0, prefix.size(), prefix) == 0 ? o.substr(prefix.size()) : o);
  }
  return out;
}

inline std::vector<imgframe::dataset_row> all_rows(const imgframe::dataset& ds, imgframe::read_summary* s = nullptr) {
  return imgframe::collect(ds.rows(), s);
}

}  // namespace fixtures
