#pragma once
// Listing input paths into the files read_images reads, like Hadoop's FileInputFormat (what Spark's
// readImages uses): inputs may be files, directories or glob patterns; names starting with '.' or '_'
// are hidden and skipped; directories are listed in sorted order, and entered only when recursive.
// Symbolic links are followed (like Hadoop's local file system), a link that leads back into a
// directory being listed is reported and not followed. Unreadable directories are reported, never
// fatal. Non-regular files (FIFOs, devices, sockets) are listed but marked, so nobody opens them.
// The result is sorted by origin and free of duplicates.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

#include "decode.hpp"
#include "glob.hpp"

namespace imgframe {

// A file found by the listing, with its origin and what the listing already knows about it.
struct listed_file {
  std::filesystem::path path;      // absolute, lexically normalized; symbolic links not resolved
  std::string origin;              // origin_for(path): what the row's origin will be
  std::filesystem::path relative;  // below the listed input directory (labels read it)
  failure reason = failure::none;  // set when the listing already knows the file cannot be read
  std::string message;             // why, for people
  // An entry of a zip archive (read_options::inspect_zip): `path` is then archive/entry_name, a name
  // that labels read, and the bytes come from entry `entry_index` of `archive`.
  std::filesystem::path archive;
  // The entry's index in the archive.
  std::uint64_t entry_index = 0;
  // The entry's name in the archive.
  std::string entry_name;
  // True for an entry of a zip archive.
  bool in_archive() const noexcept { return !archive.empty(); }
  // True unless the listing already knows the file cannot be read.
  bool readable() const noexcept { return reason == failure::none; }
};

// A problem met while listing, reported but not fatal: an unreadable directory, a symbolic link loop, a tree
// too deep.
struct listing_problem {
  // Where.
  std::string path;
  // What.
  std::string message;
};

// How inputs are listed (from read_options).
struct listing_options {
  // Descend into subdirectories.
  bool recursive = false;
  // Spark's file-source rule instead of Hadoop's: "_k=v" folders are not hidden, "x._COPYING_" is.
  bool datasource_hidden_rule = false;
  std::optional<glob_pattern> file_name_filter;  // Spark 3's pathGlobFilter: matched on file names only
  // Hadoop's user PathFilter: called after the hidden-file filter for each input path or glob match
  // and each directory entry, in listing order (directories too); false drops it and its subtree.
  std::function<bool(const std::string& path, bool is_directory)> walk_filter;
  // Folders nested deeper than this below an input are not listed (a listing problem says where):
  // every level costs a canonical() of the whole path for loop detection, so a 2,000-deep tree
  // would take minutes. Real image trees are a few levels deep.
  int max_depth = 64;
  origin_style origin = origin_style::hadoop_path;  // how listed_file::origin is written (origin.hpp)
};

// The files of the inputs, in Spark's order, and the problems met.
struct listing {
  // The files found.
  std::vector<listed_file> files;
  std::vector<listing_problem> problems;  // unreadable directories, symbolic link loops
  std::size_t name_filtered = 0;          // files dropped by file_name_filter
};

// Hadoop's hiddenFileFilter (what readImages uses): names starting with '.' or '_'.
inline bool is_hidden_name(std::string_view name) noexcept {
  return !name.empty() && (name.front() == '.' || name.front() == '_');
}

// Spark's file-source rule (InMemoryFileIndex): also '.' and '_', except '_' names holding a '='
// (partition folders), plus files still being copied ("._COPYING_").
inline bool is_hidden_name_datasource(std::string_view name) noexcept {
  constexpr std::string_view copying = "._COPYING_";
  if (name.size() >= copying.size() && name.substr(name.size() - copying.size()) == copying) return true;
  if (!name.empty() && name.front() == '_') return name.find('=') == std::string_view::npos;
  return !name.empty() && name.front() == '.';
}

namespace detail {

namespace fs = std::filesystem;

inline fs::path absolute_normal(const fs::path& p) {
  std::error_code ec;
  fs::path a = fs::absolute(p, ec);
  if (ec) a = p;
  a = a.lexically_normal();
  if (!a.has_filename() && a.has_parent_path() && a != a.root_path()) a = a.parent_path();
  return a;
}

inline std::string unescape_glob_literal(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\\' && i + 1 < s.size()) ++i;
    out += s[i];
  }
  return out;
}

inline std::string file_type_text(fs::file_type t) {
  switch (t) {
    case fs::file_type::fifo: return "a FIFO";
    case fs::file_type::socket: return "a socket";
    case fs::file_type::block: return "a block device";
    case fs::file_type::character: return "a character device";
    case fs::file_type::directory: return "a directory";
    default: return "not a regular file";
  }
}

// Sorted names of a directory's entries; a failure is reported and gives what was read so far.
inline std::vector<std::string> sorted_names(const fs::path& dir, std::vector<listing_problem>& problems) {
  std::vector<std::string> names;
  std::error_code ec;
  fs::directory_iterator it(dir, ec);
  if (ec) {
    problems.push_back({dir.string(), "cannot list directory: " + ec.message()});
    return names;
  }
  for (; it != fs::directory_iterator(); it.increment(ec)) {
    names.push_back(it->path().filename().string());
    if (ec) break;
  }
  if (ec) problems.push_back({dir.string(), "directory listing stopped early: " + ec.message()});
  std::sort(names.begin(), names.end());
  return names;
}

class lister {
 public:
  lister(const listing_options& o, listing& out) : opt_(o), out_(out) {}

  void list_input(const std::string& input, std::vector<std::string>& errors) {
    std::vector<fs::path> matches;
    if (glob_pattern::has_wildcard(input)) {
      matches = expand_glob(input);
      if (matches.empty()) {
        errors.push_back("no file matches the pattern " + input);
        return;
      }
    } else {
      fs::path p = absolute_normal(fs::path(unescape_glob_literal(input)));
      std::error_code ec;
      if (!fs::exists(fs::symlink_status(p, ec))) {
        errors.push_back("path does not exist: " + input);
        return;
      }
      matches.push_back(std::move(p));
    }
    for (const fs::path& m : matches) {
      std::error_code ec;
      const auto st = fs::status(m, ec);
      const bool is_dir = !ec && fs::is_directory(st);
      if (opt_.walk_filter && !opt_.walk_filter(m.string(), is_dir)) continue;  // Hadoop filters inputs too
      if (is_dir) {
        ancestors_.clear();
        ancestors_.push_back(canonical_or_self(m));
        list_directory(m, fs::path());
      } else {
        add_file(m, m.filename(), st, ec);
      }
    }
  }

 private:
  static fs::path canonical_or_self(const fs::path& p) {
    std::error_code ec;
    fs::path c = fs::canonical(p, ec);
    return ec ? p : c;
  }

  // Hadoop Globber: component by component; wildcards never match hidden names.
  std::vector<fs::path> expand_glob(const std::string& pattern) {
    const fs::path abs = absolute_normal(fs::path(pattern));
    std::vector<fs::path> current{abs.root_path()};
    for (const fs::path& part : abs.relative_path()) {
      const std::string comp = part.string();
      if (comp.empty()) continue;
      std::vector<fs::path> next;
      if (glob_pattern::has_wildcard(comp)) {
        const glob_pattern g(comp);
        for (const fs::path& base : current) {
          std::error_code ec;
          if (!fs::is_directory(base, ec)) continue;
          std::vector<listing_problem> ignored;  // unlistable parents simply match nothing
          for (const std::string& name : sorted_names(base, ignored))
            if (!is_hidden_name(name) && g.matches(name)) next.push_back(base / name);
        }
      } else {
        for (const fs::path& base : current) next.push_back(base / unescape_glob_literal(comp));
      }
      current = std::move(next);
    }
    std::vector<fs::path> found;
    for (fs::path& p : current) {
      std::error_code ec;
      if (fs::exists(fs::symlink_status(p, ec))) found.push_back(std::move(p));
    }
    std::sort(found.begin(), found.end());
    return found;
  }

  void list_directory(const fs::path& dir, const fs::path& rel) {
    for (const std::string& name : sorted_names(dir, out_.problems)) {
      if (opt_.datasource_hidden_rule ? is_hidden_name_datasource(name) : is_hidden_name(name)) continue;
      const fs::path child = dir / name;
      std::error_code ec;
      const auto st = fs::status(child, ec);
      const bool is_dir = !ec && fs::is_directory(st);
      if (opt_.walk_filter && !opt_.walk_filter(child.string(), is_dir)) continue;
      if (!is_dir) {
        add_file(child, rel / name, st, ec);
        continue;
      }
      if (!opt_.recursive) continue;  // Spark: subdirectories are skipped unless recursive
      if (static_cast<int>(ancestors_.size()) > opt_.max_depth) {
        out_.problems.push_back({child.string(), "folder nested more than max_depth = " +
                                                     std::to_string(opt_.max_depth) + " levels deep, not listed"});
        continue;
      }
      const fs::path canon = canonical_or_self(child);
      if (std::find(ancestors_.begin(), ancestors_.end(), canon) != ancestors_.end()) {
        out_.problems.push_back({child.string(), "symbolic link loop: leads back to " + canon.string() +
                                                     ", not followed"});
        continue;
      }
      ancestors_.push_back(canon);
      list_directory(child, rel / name);
      ancestors_.pop_back();
    }
  }

  void add_file(const fs::path& p, fs::path rel, fs::file_status st, std::error_code ec) {
    if (opt_.file_name_filter && !opt_.file_name_filter->matches(p.filename().string())) {
      ++out_.name_filtered;
      return;
    }
    listed_file f;
    f.path = p;
    f.origin = origin_for(p, opt_.origin);
    f.relative = std::move(rel);
    if (!ec && st.type() == fs::file_type::not_found) ec = std::make_error_code(std::errc::no_such_file_or_directory);
    if (ec) {
      std::error_code lec;
      const bool is_link = fs::is_symlink(fs::symlink_status(p, lec));
      if (ec == std::errc::too_many_symbolic_link_levels) {
        f.reason = failure::not_found;  // what open() says (ELOOP), as read_image reports it
        f.message = "symbolic link loop (too many levels of symbolic links)";
      } else if (ec == std::errc::no_such_file_or_directory && is_link) {
        std::error_code tec;
        f.reason = failure::not_found;
        f.message = "broken symbolic link to " + fs::read_symlink(p, tec).string();
      } else if (ec == std::errc::no_such_file_or_directory) {
        f.reason = failure::vanished;
        f.message = "vanished while listing";
      } else if (ec == std::errc::permission_denied) {
        f.reason = failure::permission_denied;
        f.message = "permission denied: " + ec.message();
      } else {
        f.reason = failure::unreadable;
        f.message = "cannot stat: " + ec.message();
      }
    } else if (!fs::is_regular_file(st)) {
      f.reason = failure::not_regular_file;
      f.message = "not a regular file (" + file_type_text(st.type()) + "), not opened";
    }
    out_.files.push_back(std::move(f));
  }

  const listing_options& opt_;
  listing& out_;
  std::vector<fs::path> ancestors_;  // canonical directories being listed, for loop detection
};

}  // namespace detail

// Hadoop's FileInputFormat.getPathStrings, which Spark 2.x readImages (sc.binaryFiles) applies to its
// path: commas separate paths, except inside {...} (a glob's alternatives). "a,b/{c,d}" -> a, b/{c,d}.
inline std::vector<std::string> split_path_list(std::string_view list) {
  std::vector<std::string> out;
  int curly = 0;  // may go negative on a stray '}', as in Hadoop
  bool in_glob = false;
  std::size_t start = 0;
  for (std::size_t i = 0; i < list.size(); ++i) {
    if (list[i] == '{') {
      ++curly;
      in_glob = true;
    } else if (list[i] == '}') {
      if (--curly == 0) in_glob = false;
    } else if (list[i] == ',' && !in_glob) {
      out.emplace_back(list.substr(start, i - start));
      start = i + 1;
    }
  }
  out.emplace_back(list.substr(start));
  return out;
}

// Lists every input (in the given order, which is the order walk_filter sees) and returns the files
// sorted by origin, duplicates removed. Missing inputs and patterns matching nothing throw
// std::invalid_argument naming all of them, before anything else happens.
inline listing list_files(std::span<const std::string> inputs, const listing_options& options) {
  if (inputs.empty()) throw std::invalid_argument("no input path given");
  listing out;
  std::vector<std::string> errors;
  detail::lister l(options, out);
  for (const std::string& in : inputs) {
    if (in.empty()) {
      errors.push_back("empty path");
      continue;
    }
    l.list_input(in, errors);
  }
  if (!errors.empty()) {
    std::string msg = errors.front();
    for (std::size_t i = 1; i < errors.size(); ++i) msg += "; " + errors[i];
    throw std::invalid_argument(msg);
  }
  std::stable_sort(out.files.begin(), out.files.end(),
                   [](const listed_file& a, const listed_file& b) { return a.origin < b.origin; });
  out.files.erase(std::unique(out.files.begin(), out.files.end(),
                              [](const listed_file& a, const listed_file& b) { return a.origin == b.origin; }),
                  out.files.end());
  return out;
}

}  // namespace imgframe
