// Labels from the folder structure: ImageFolder-style classes and Hive-style key=value columns.
#include <algorithm>
#include <cctype>
#include <filesystem>

#include "catch_compat.hpp"
#include "fixtures.hpp"

using namespace fixtures;
using cols = std::vector<std::pair<std::string, std::string>>;

TEST_CASE("labels: parent_dir gives the class folder and a dense index in sorted order", "[labels]") {
  temp_dir t;
  place(png_rgb, t / "dog/1.png");
  place(png_rgb, t / "cat/2.png");
  place(png_rgb, t / "cat/3.png");
  place(png_rgb, t / "ant/4.png");
  place(png_rgb, t / "_trash/5.png");  // hidden: no class
  imgframe::read_options o;
  o.recursive = true;
  o.label = imgframe::label_from::parent_dir;
  o.threads = 2;
  const auto ds = imgframe::read_images(t.path().string(), o);
  REQUIRE(ds.class_names() == std::vector<std::string>{"ant", "cat", "dog"});
  const auto rows = all_rows(ds);
  REQUIRE(rows.size() == 4);
  const std::pair<const char*, int> expected[] = {{"ant", 0}, {"cat", 1}, {"cat", 1}, {"dog", 2}};
  for (std::size_t i = 0; i < rows.size(); ++i) {
    REQUIRE(rows[i].label.has_value());
    REQUIRE(rows[i].label->name == expected[i].first);
    REQUIRE(rows[i].label->index == expected[i].second);
    REQUIRE(rows[i].label->columns.empty());
  }
  // The index does not move when sampling drops a whole class.
  o.sample_ratio = 0.0;
  o.sample_mode = imgframe::sampling::spark;
  REQUIRE(imgframe::read_images(t.path().string(), o).class_names() == ds.class_names());
  o.sample_mode = imgframe::sampling::per_file;
  REQUIRE(imgframe::read_images(t.path().string(), o).class_names() == ds.class_names());
  // Without labels, rows carry none.
  REQUIRE_FALSE(all_rows(imgframe::read_images(t.path().string(), {.recursive = true}))[0].label.has_value());
}

TEST_CASE("labels: partition_columns parses key=value folders like Spark's partition discovery", "[labels]") {
  temp_dir t;
  place(png_rgb, t / "cls=kittens/date=2018-02/54893.png");
  place(png_rgb, t / "cls=dogs/date=2018-03/x.png");
  place(png_rgb, t / "cls=a%20b/date=2018-04/y.png");
  place(png_rgb, t / "cls=owls/date=2018-05/plain/w.png");  // Spark skips plain folders up to the first key=value one
  place(png_rgb, t / "top.png");  // no column, and its folder is the table's root: allowed
  imgframe::read_options o;
  o.recursive = true;
  o.label = imgframe::label_from::partition_columns;
  const auto ds = imgframe::read_images(t.path().string(), o);
  const auto rows = all_rows(ds);
  REQUIRE(relative_origins(rows, t.path()) ==
          std::vector<std::string>{"cls=a%20b/date=2018-04/y.png", "cls=dogs/date=2018-03/x.png",
                                   "cls=kittens/date=2018-02/54893.png", "cls=owls/date=2018-05/plain/w.png", "top.png"});
  REQUIRE(rows[0].label->columns == cols{{"cls", "a b"}, {"date", "2018-04"}});
  REQUIRE(rows[1].label->columns == cols{{"cls", "dogs"}, {"date", "2018-03"}});
  REQUIRE(rows[2].label->columns == cols{{"cls", "kittens"}, {"date", "2018-02"}});
  REQUIRE(rows[2].label->name == "cls=kittens/date=2018-02");
  REQUIRE(rows[3].label->columns == cols{{"cls", "owls"}, {"date", "2018-05"}});
  REQUIRE(rows[4].label->columns.empty());
  REQUIRE(ds.partition_column_names() == std::vector<std::string>{"cls", "date"});
  // Folders above the input path are not columns.
  const auto below = all_rows(imgframe::read_images((t / "cls=kittens").string(), o));
  REQUIRE(below[0].label->columns == cols{{"date", "2018-02"}});

  // Spark's parsePartitions assertions end the read, with Spark's texts. Another set of names:
  place(png_rgb, t / "cls=x/u.png");
  const std::string root = "file:" + t.path().string();
  REQUIRE_THROWS_WITH(
      imgframe::read_images(t.path().string(), o),
      "Conflicting partition column names detected:\n\n\tPartition column name list #0: cls, date\n\tPartition column "
      "name list #1: cls\n\nFor partitioned table directories, data files should only live in leaf directories.\nAnd "
      "directories at the same level should have the same partition column name.\nPlease check the following "
      "directories for unexpected files or inconsistent partition column names:\n\n\t" +
          root + "/cls=x\n\t" + root + "/cls=a%20b/date=2018-04\n\t" + root + "/cls=dogs/date=2018-03\n\t" + root +
          "/cls=kittens/date=2018-02\n\t" + root + "/cls=owls/date=2018-05/plain");
  // Names differing only in case are the same column (spark.sql.caseSensitive=false).
  std::filesystem::remove_all(t / "cls=x");
  place(png_rgb, t / "CLS=y/Date=1/v.png");
  REQUIRE(all_rows(imgframe::read_images(t.path().string(), o)).size() == 6);
  // A partition folder below a plain folder: another discovered base path.
  place(png_rgb, t / "plain/k=v/u.png");
  std::string lower_root = root;
  for (char& c : lower_root) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  REQUIRE_THROWS_WITH(imgframe::read_images(t.path().string(), o),
                      "Conflicting directory structures detected. Suspicious paths:\n\t" + lower_root + "\n\t" +
                          lower_root + "/plain\n\nIf provided paths are partition directories, please set \"basePath\" "
                          "in the options of the data source to specify the root directory of the table. If there are "
                          "multiple root directories, please load them separately and then union them.");
  // Without partition columns there is nothing to check.
  o.label = imgframe::label_from::none;
  REQUIRE(all_rows(imgframe::read_images(t.path().string(), o)).size() == 7);
}

TEST_CASE("labels: Spark's file-source hidden rule with partition columns", "[labels]") {
  // "_k=v" is a partition, "_tmp" and "x._COPYING_" are hidden (were _tmp read, its folder would be
  // another base path and the read would fail).
  temp_dir t;
  place(png_rgb, t / "_part=7/p.png");
  place(png_rgb, t / "_part=8/q.png");
  place(png_rgb, t / "_tmp/q.png");
  place(png_rgb, t / "r.png._COPYING_");
  imgframe::read_options o;
  o.recursive = true;
  o.label = imgframe::label_from::partition_columns;
  const auto spark_rule = all_rows(imgframe::read_images(t.path().string(), o));
  REQUIRE(spark_rule.size() == 2);
  REQUIRE(spark_rule[0].label->columns == cols{{"_part", "7"}});
  o.label = imgframe::label_from::none;  // Hadoop's rule: every '_' name is hidden, "._COPYING_" is not
  const auto hadoop_rule = relative_origins(all_rows(imgframe::read_images(t.path().string(), o)), t.path());
  REQUIRE(hadoop_rule == std::vector<std::string>{"r.png._COPYING_"});
}

TEST_CASE("labels: helpers", "[labels]") {
  REQUIRE(imgframe::unescape_path_name("a%20b%3Dc%zz%4") == "a b=c%zz%4");
  REQUIRE(imgframe::partition_columns_of("a=1/b=2/x.jpg") == cols{{"a", "1"}, {"b", "2"}});
  REQUIRE(imgframe::partition_columns_of("=1/x.jpg").empty());
  REQUIRE(imgframe::partition_columns_of("a=/x.jpg").empty());
  REQUIRE(imgframe::partition_columns_of("x.jpg").empty());
  REQUIRE(imgframe::partition_columns_of("k=1/plain/w.png") == cols{{"k", "1"}});  // plain folders below skipped
  REQUIRE(imgframe::partition_columns_of("a=1/plain/k=v/u.png") == cols{{"k", "v"}});  // the first run only
  REQUIRE(imgframe::walk_partition_path("a=1/plain/k=v/u.png").base_up == 1);  // stopped at "plain"
  REQUIRE(imgframe::walk_partition_path("k=1/plain/w.png").base_up == 2);      // at the input directory
  REQUIRE(imgframe::walk_partition_path("plain/w.png").base_up == 0);          // no column: the file's folder
  REQUIRE(imgframe::parent_dir_of("/data/cat/1.jpg") == "cat");
  const imgframe::class_index idx({"dog", "cat", "dog", "ant"});
  REQUIRE(idx.names() == std::vector<std::string>{"ant", "cat", "dog"});
  REQUIRE(idx.index_of("dog") == 2);
  REQUIRE(idx.index_of("cow") == -1);
}
