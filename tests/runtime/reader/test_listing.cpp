// Listing: sorted, hidden names skipped, non-regular files marked, loops and unreadable dirs reported.
#include <sys/stat.h>

#include <algorithm>

#include "catch_compat.hpp"
#include "fixtures.hpp"

using namespace fixtures;
using imgframe::failure;

namespace {
std::vector<std::string> rel_paths(const imgframe::listing& l, const fs::path& root) {
  std::vector<std::string> out;
  for (const auto& f : l.files) out.push_back(f.path.lexically_relative(root).generic_string());
  return out;
}

imgframe::listing list(const std::vector<std::string>& inputs, bool recursive, std::string name_filter = "") {
  imgframe::listing_options o;
  o.recursive = recursive;
  if (!name_filter.empty()) o.file_name_filter.emplace(name_filter);
  return imgframe::list_files(inputs, o);
}

// root/{b.png, a.png, c.txt, .hidden.png, _SUCCESS, .git/x.png, _tmp/y.png, sub/d.png, sub/e/f.png, sub/.h/g.png}
void build_tree(const fs::path& root) {
  place(png_rgb, root / "b.png");
  place(png_gray, root / "a.png");
  write(root / "c.txt", "not an image");
  place(png_rgb, root / ".hidden.png");
  write(root / "_SUCCESS", "");
  place(png_rgb, root / ".git/x.png");
  place(png_rgb, root / "_tmp/y.png");
  place(png_rgb, root / "sub/d.png");
  place(png_rgb, root / "sub/e/f.png");
  place(png_rgb, root / "sub/.h/g.png");
}
}  // namespace

TEST_CASE("listing: sorted by path, hidden names skipped, subdirectories only when recursive", "[listing]") {
  temp_dir t;
  build_tree(t.path());
  const auto flat = list({t.path().string()}, false);
  REQUIRE(rel_paths(flat, t.path()) == std::vector<std::string>{"a.png", "b.png", "c.txt"});
  const auto deep = list({t.path().string()}, true);
  REQUIRE(rel_paths(deep, t.path()) == std::vector<std::string>{"a.png", "b.png", "c.txt", "sub/d.png", "sub/e/f.png"});
  REQUIRE(deep.problems.empty());
  for (const auto& f : deep.files) {
    REQUIRE(f.readable());
    REQUIRE(f.origin == "file:" + f.path.string());
  }
  REQUIRE(deep.files[3].relative == fs::path("sub/d.png"));
  // A trailing slash and "." components do not change anything.
  const auto again = list({(t.path() / "sub" / ".." / "").string()}, true);
  REQUIRE(rel_paths(again, t.path()) == rel_paths(deep, t.path()));
}

TEST_CASE("listing: sorted by the whole path, not directory by directory", "[listing]") {
  temp_dir t;
  place(png_rgb, t / "a/x.png");
  place(png_rgb, t / "a.b");
  place(png_rgb, t / "a-c.png");
  const auto l = list({t.path().string()}, true);
  // '-' (0x2D) < '.' (0x2E) < '/' (0x2F)
  REQUIRE(rel_paths(l, t.path()) == std::vector<std::string>{"a-c.png", "a.b", "a/x.png"});
}

TEST_CASE("listing: path_glob_filter matches file names only", "[listing][glob]") {
  temp_dir t;
  build_tree(t.path());
  place(png_rgb, t / "sub.png/inner.jpg");  // a directory whose name matches: still entered
  const auto l = list({t.path().string()}, true, "*.png");
  REQUIRE(rel_paths(l, t.path()) == std::vector<std::string>{"a.png", "b.png", "sub/d.png", "sub/e/f.png"});
  REQUIRE(l.name_filtered == 2);  // c.txt, sub.png/inner.jpg
  const auto l2 = list({t.path().string()}, true, "{a,f}.*");
  REQUIRE(rel_paths(l2, t.path()) == std::vector<std::string>{"a.png", "sub/e/f.png"});
}

TEST_CASE("listing: inputs may be files, directories and globs; duplicates are listed once", "[listing][glob]") {
  temp_dir t;
  build_tree(t.path());
  const auto g = list({(t / "*.png").string()}, false);
  REQUIRE(rel_paths(g, t.path()) == std::vector<std::string>{"a.png", "b.png"});  // .hidden.png not matched
  const auto g2 = list({(t / "s*/*").string()}, false);  // matches sub/d.png and the directory sub/e
  REQUIRE(rel_paths(g2, t.path()) == std::vector<std::string>{"sub/d.png", "sub/e/f.png"});
  const auto many = list({(t / "b.png").string(), t.path().string(), (t / "a.png").string()}, false);
  REQUIRE(rel_paths(many, t.path()) == std::vector<std::string>{"a.png", "b.png", "c.txt"});
  // An explicitly named file is taken even when its name looks hidden.
  const auto hidden = list({(t / ".hidden.png").string()}, false);
  REQUIRE(hidden.files.size() == 1);
  REQUIRE(hidden.files[0].relative == fs::path(".hidden.png"));
}

TEST_CASE("listing: missing paths and empty patterns throw, naming every one", "[listing][errors]") {
  temp_dir t;
  build_tree(t.path());
  const std::string missing = (t / "nope").string(), pattern = (t / "*.gif").string();
  REQUIRE_THROWS_WITH(list({missing}, false), "path does not exist: " + missing);
  REQUIRE_THROWS_WITH(list({pattern}, false), "no file matches the pattern " + pattern);
  REQUIRE_THROWS_WITH(list({t.path().string(), missing, pattern}, false),
                      "path does not exist: " + missing + "; no file matches the pattern " + pattern);
  REQUIRE_THROWS_WITH(list({}, false), "no input path given");
  REQUIRE_THROWS_WITH(list({""}, false), "empty path");
}

TEST_CASE("listing: FIFOs, dangling links and link loops are listed as unreadable, never opened", "[listing]") {
  temp_dir t;
  place(png_rgb, t / "a.png");
  REQUIRE(::mkfifo((t / "pipe.png").c_str(), 0644) == 0);
  fs::create_symlink(t / "nowhere.png", t / "dangling.png");
  fs::create_symlink(t / "loop2.png", t / "loop1.png");
  fs::create_symlink(t / "loop1.png", t / "loop2.png");
  fs::create_directory(t / "dir");
  fs::create_directory_symlink(t.path(), t / "dir/up");  // a directory loop
  fs::create_directory_symlink(t / "dir", t / "dirlink");  // not a loop: a second way into dir
  place(png_rgb, t / "dir/in.png");
  const auto l = list({t.path().string()}, true);
  const auto names = rel_paths(l, t.path());
  REQUIRE(names == std::vector<std::string>{"a.png", "dangling.png", "dir/in.png", "dirlink/in.png", "loop1.png",
                                            "loop2.png", "pipe.png"});
  auto find = [&](const std::string& n) { return l.files[std::find(names.begin(), names.end(), n) - names.begin()]; };
  REQUIRE(find("pipe.png").reason == failure::not_regular_file);
  REQUIRE(find("pipe.png").message == "not a regular file (a FIFO), not opened");
  REQUIRE(find("dangling.png").reason == failure::not_found);
  REQUIRE(find("dangling.png").message == "broken symbolic link to " + (t / "nowhere.png").string());
  REQUIRE(find("loop1.png").reason == failure::not_found);
  REQUIRE(find("loop1.png").message == "symbolic link loop (too many levels of symbolic links)");
  REQUIRE(find("a.png").readable());
  // dir/up -> root and dirlink/up -> root are loops: reported, not followed, not fatal.
  REQUIRE(l.problems.size() == 2);
  REQUIRE(l.problems[0].path == (t / "dir/up").string());
  REQUIRE(l.problems[0].message == "symbolic link loop: leads back to " + fs::canonical(t.path()).string() +
                                       ", not followed");
  REQUIRE(l.problems[1].path == (t / "dirlink/up").string());
}

TEST_CASE("listing: an unreadable directory is reported, not fatal", "[listing]") {
  temp_dir t;
  place(png_rgb, t / "a.png");
  place(png_rgb, t / "locked/b.png");
  fs::permissions(t / "locked", fs::perms::none);
  const auto l = list({t.path().string()}, true);
  if (running_as_root()) {
    // root reads through mode 000 (CAP_DAC_OVERRIDE): nothing to report. Checked as a normal user.
    REQUIRE(l.files.size() == 2);
    REQUIRE(l.problems.empty());
  } else {
    REQUIRE(rel_paths(l, t.path()) == std::vector<std::string>{"a.png"});
    REQUIRE(l.problems.size() == 1);
    REQUIRE(l.problems[0].path == (t / "locked").string());
    REQUIRE(l.problems[0].message.rfind("cannot list directory: ", 0) == 0);
  }
}

TEST_CASE("reader: origins in the style asked for, the same pixels", "[listing][origin]") {
  temp_dir t;
  place(png_rgb, t / "a b%.png");
  place(png_rgb, t / "sub dir/x.png");
  imgframe::read_options o;
  o.threads = 1;
  o.show_progress = imgframe::progress::never;
  o.recursive = true;
  const auto path_rows = all_rows(imgframe::read_images(t.path().string(), o));
  o.origin = imgframe::origin_style::uri;
  const auto uri_rows = all_rows(imgframe::read_images(t.path().string(), o));
  REQUIRE(path_rows.size() == 2);
  REQUIRE(uri_rows.size() == 2);
  const std::string root = "file:" + fs::absolute(t.path()).lexically_normal().generic_string();
  CHECK(path_rows[0].row.origin == root + "/a b%.png");
  CHECK(uri_rows[0].row.origin == root + "/a%20b%25.png");
  CHECK(uri_rows[1].row.origin == root + "/sub%20dir/x.png");
  CHECK(path_rows[1].row.origin == root + "/sub dir/x.png");
  CHECK(uri_rows[0].row.data == path_rows[0].row.data);
}
