// Both sampling modes on real folders: Spark's sequential walk against the JDK's own walk, and the
// per-file rule's independence from threads, partitions and listing order.
#include <algorithm>
#include <set>

#include "catch_compat.hpp"
#include "fixtures.hpp"
#include "vectors.hpp"

using namespace fixtures;

namespace {
// Builds the tree of the Java generator ("tree" lines) below t; files are tiny PNGs or text.
void build_java_tree(const fs::path& base) {
  for (const auto& f : vectors::lines("tree")) {
    const fs::path p = base / f[2];
    if (f[1] == "d") {
      fs::create_directories(p);
    } else if (p.extension() == ".png" || p.extension() == ".jpg") {
      place(png_rgb, p);
    } else {
      write(p, "plain text");
    }
  }
}

std::vector<std::string> kept_files(const fs::path& base, const std::string& input, bool recursive, std::int64_t seed,
                                    double ratio, unsigned threads = 1, int partitions = 1) {
  imgframe::read_options o;
  o.recursive = recursive;
  o.sample_mode = imgframe::sampling::spark;
  o.sample_ratio = ratio;
  o.seed = seed;
  o.threads = threads;
  o.num_partitions = partitions;
  const auto ds = imgframe::read_images((base / input).string(), o);
  std::vector<std::string> out;
  for (const auto& f : ds.files()) out.push_back(f.path.lexically_relative(base).generic_string());
  return out;
}
}  // namespace

TEST_CASE("sampling::spark keeps exactly the files Spark's readImages keeps (JDK walk)", "[sampling][spark]") {
  temp_dir t;
  build_java_tree(t.path());
  const auto walks = vectors::lines("walk");
  REQUIRE(walks.size() == 300);
  std::size_t partial = 0;
  for (const auto& w : walks) {
    const double ratio = vectors::bits_to_double(w[4]);
    auto expected = vectors::split(w[5], '|');
    std::sort(expected.begin(), expected.end());  // Hadoop's order is a walk; ours is sorted by path
    INFO("input " << w[1] << " recursive " << w[2] << " seed " << w[3] << " ratio " << ratio);
    const auto got = kept_files(t.path(), w[1], w[2] == "1", std::stoll(w[3]), ratio);
    REQUIRE(got == expected);
    if (ratio > 0 && ratio < 1 && !expected.empty()) ++partial;
  }
  REQUIRE(partial > 50);
}

TEST_CASE("sampling::spark: dotted directories draw and drop their subtree; extension-less files always stay",
          "[sampling][spark]") {
  temp_dir t;
  build_java_tree(t.path());
  // ratio 0: every draw rejects, so only what never draws is left.
  const auto none = kept_files(t.path(), "root", true, 7, 0.0);
  REQUIRE(none == std::vector<std::string>{"root/b", "root/foo.", "root/noext", "root/sub/noext2"});
  // A single file named as the input is itself sampled.
  REQUIRE(kept_files(t.path(), "root/a.jpg", false, 7, 0.0).empty());
  REQUIRE(kept_files(t.path(), "root/b", false, 7, 0.0) == std::vector<std::string>{"root/b"});
  // Same walk whatever the threads and partitions.
  const auto one = kept_files(t.path(), "root", true, 42, 0.5);
  REQUIRE(kept_files(t.path(), "root", true, 42, 0.5, 8, 5) == one);
  // ratio 1 installs no filter: everything, no draws.
  REQUIRE(kept_files(t.path(), "root", true, 42, 1.0).size() == kept_files(t.path(), "root", true, 0, 1.0).size());
}

TEST_CASE("sampling::per_file keeps exactly the files whose origin passes SynapseML's rule", "[sampling][per_file]") {
  temp_dir t;
  for (int i = 0; i < 60; ++i) place(png_rgb, t / ("img_" + std::to_string(i) + ".png"));
  place(png_rgb, t / "sub dir/caf\xC3\xA9 \xF0\x9F\x98\x80.png");  // spaces, accents, a surrogate pair
  for (double ratio : {0.0, 0.3, 0.5, 0.9}) {
    for (std::int64_t seed : {0LL, 42LL, -7LL}) {
      imgframe::read_options o;
      o.recursive = true;
      o.sample_ratio = ratio;
      o.seed = seed;
      o.threads = 1;
      const auto ds = imgframe::read_images(t.path().string(), o);
      std::vector<std::string> expected;
      for (const auto& e : fs::recursive_directory_iterator(t.path()))
        if (e.is_regular_file() && imgframe::per_file_keep(imgframe::origin_for(e.path()), seed, ratio))
          expected.push_back(imgframe::origin_for(e.path()));
      std::sort(expected.begin(), expected.end());
      std::vector<std::string> got;
      for (const auto& f : ds.files()) got.push_back(f.origin);
      INFO("ratio " << ratio << " seed " << seed);
      REQUIRE(got == expected);
      REQUIRE(ds.listed() == 61);
      REQUIRE(ds.sampled_out() == 61 - got.size());
      if (ratio == 0.5) {
        REQUIRE(got.size() > 15);
        REQUIRE(got.size() < 45);
      }
      // Same rows whatever the threads and partitions; a partition holds its files only.
      o.threads = 8;
      o.num_partitions = 7;
      const auto ds8 = imgframe::read_images(t.path().string(), o);
      std::vector<std::string> got8;
      for (std::size_t p = 0; p < ds8.num_partitions(); ++p)
        for (const auto& r : ds8.partition(p)) got8.push_back(r.row.origin);
      REQUIRE(got8 == got);
    }
  }
}

TEST_CASE("sampling::per_file: a file's fate does not depend on the other files", "[sampling][per_file]") {
  temp_dir t;
  for (int i = 0; i < 40; ++i) place(png_rgb, t / ("a/" + std::to_string(i) + ".png"));
  imgframe::read_options o;
  o.sample_ratio = 0.5;
  o.seed = 3;
  std::set<std::string> before;
  const auto all = imgframe::read_images((t / "a").string(), o);
  for (const auto& f : all.files()) before.insert(f.origin);
  REQUIRE(before.size() > 5);
  for (int i = 0; i < 40; i += 2) fs::remove(t / ("a/" + std::to_string(i) + ".png"));
  const auto half = imgframe::read_images((t / "a").string(), o);
  std::size_t expected = 0;
  for (const auto& origin : before) expected += std::stoi(origin.substr(origin.rfind('/') + 1)) % 2;
  REQUIRE(half.size() == expected);
  for (const auto& f : half.files()) REQUIRE(before.count(f.origin) == 1);
}
