// Reader parity with Spark's file source: path lists, modifiedBefore/modifiedAfter with Spark 3.1's
// time-zone rule, partition values typed as Spark infers them, basePath.
#include <fcntl.h>
#include <sys/stat.h>

#include <cmath>

#include "catch_compat.hpp"
#include "fixtures.hpp"

using namespace fixtures;
using imgframe::partition_type;
namespace st = imgframe::spark_time;

namespace {
imgframe::read_options fopts() {
  imgframe::read_options o;
  o.threads = 1;
  o.show_progress = imgframe::progress::never;
  return o;
}

// 2020-06-15T05:00:00Z in seconds (days_from_civil(2020, 6, 15) = 18428).
constexpr std::int64_t five_utc = 18428LL * 86400 + 5 * 3600;

void set_mtime_ms(const fs::path& p, std::int64_t ms) {
  timespec ts[2];
  ts[0].tv_sec = ts[1].tv_sec = static_cast<time_t>(ms / 1000);
  ts[0].tv_nsec = ts[1].tv_nsec = static_cast<long>(ms % 1000) * 1'000'000 + 400'000;  // sub-ms part is dropped
  REQUIRE(::utimensat(AT_FDCWD, p.c_str(), ts, 0) == 0);
}

std::vector<std::string> names(const std::vector<imgframe::dataset_row>& rows, const fs::path& root) {
  return relative_origins(rows, root);
}
}  // namespace

TEST_CASE("file source: comma-separated path lists split like Hadoop's getPathStrings", "[reader][file_source]") {
  using v = std::vector<std::string>;
  CHECK(imgframe::split_path_list("a,b") == v{"a", "b"});
  CHECK(imgframe::split_path_list("x") == v{"x"});
  CHECK(imgframe::split_path_list("d/{a,b}.png,e") == v{"d/{a,b}.png", "e"});
  CHECK(imgframe::split_path_list("a,,b") == v{"a", "", "b"});
  CHECK(imgframe::split_path_list("{a,{b,c}},d") == v{"{a,{b,c}}", "d"});
  CHECK(imgframe::split_path_list("a}b{c,d},e") == v{"a}b{c,d},e"});  // Hadoop's count goes negative

  temp_dir t;
  place(png_rgb, t / "one/a.png");
  place(png_rgb, t / "two/b.png");
  place(png_rgb, t / "three/c.png");
  place(png_rgb, t / "x, y.png");
  // One string: a list, as readImages takes it; several strings: several paths.
  const auto rows = all_rows(imgframe::read_images((t / "one").string() + "," + (t / "t{wo,hree}").string(), fopts()));
  CHECK(names(rows, t.path()) == v{"one/a.png", "three/c.png", "two/b.png"});
  const auto two = all_rows(imgframe::read_images(v{(t / "one").string(), (t / "two").string()}, fopts()));
  CHECK(names(two, t.path()) == v{"one/a.png", "two/b.png"});
  // The vector form takes a name with a comma as it is; the string form splits it (Spark does too).
  CHECK(all_rows(imgframe::read_images(v{(t / "x, y.png").string()}, fopts())).size() == 1);
  CHECK_THROWS_WITH(imgframe::read_images((t / "x, y.png").string(), fopts()), Catch::Matchers::Contains("path does not exist"));
}

TEST_CASE("file source: stringToTimestamp forms and time zones", "[reader][file_source]") {
  const auto utc = st::time_zone::fixed(0);
  CHECK(st::string_to_timestamp("2020-06-15T05:00:00", utc) == five_utc * 1'000'000);
  CHECK(st::string_to_timestamp("2020-06-15 05:00:00", utc) == five_utc * 1'000'000);
  CHECK(st::string_to_timestamp(" 2020-6-15T5:00 ", utc) == five_utc * 1'000'000);
  CHECK(st::string_to_timestamp("2020-06-15", utc) == 18428LL * 86400 * 1'000'000);
  CHECK(st::string_to_timestamp("2020-06", utc) == st::string_to_timestamp("2020-06-01", utc));
  CHECK(st::string_to_timestamp("2020-06-15T05:00:00.123456789", utc) == five_utc * 1'000'000 + 123456);
  CHECK(st::string_to_timestamp("2020-06-15T05:00:00.5", utc) == five_utc * 1'000'000 + 500000);
  CHECK(st::string_to_timestamp("2020-06-15T07:00:00", st::time_zone::fixed(7200)) == five_utc * 1'000'000);
  CHECK(st::string_to_timestamp("2020-06-15T07:00:00+02:00", utc) == five_utc * 1'000'000);
  CHECK(st::string_to_timestamp("2020-06-15T00:00:00-05", utc) == five_utc * 1'000'000);
  CHECK(st::string_to_timestamp("2020-06-15T05:00:00Z", st::time_zone::fixed(3600)) == five_utc * 1'000'000);
  CHECK(st::string_to_timestamp("2020-06-15T13:00:00 GMT+08:00", utc) == five_utc * 1'000'000);
  CHECK_FALSE(st::string_to_timestamp("2020-06-15T25:00:00", utc));
  CHECK_FALSE(st::string_to_timestamp("2020-02-30", utc));
  CHECK_FALSE(st::string_to_timestamp("15/06/2020", utc));
  CHECK_FALSE(st::string_to_timestamp("2020-06-15T05:00:00 Mars/Olympus", utc));
  // Zone ids.
  CHECK(st::parse_zone_id("UTC+2")->offset_at(0) == 7200);
  CHECK(st::parse_zone_id("-0530")->offset_at(0) == -19800);
  CHECK(st::parse_zone_id("GMT")->offset_at(0) == 0);
  CHECK(st::parse_zone_id("")->is_system());
  CHECK_THROWS_WITH(st::zone_option("Europe/Paris"), Catch::Matchers::Contains("set TZ"));
  // ZoneId.SHORT_IDS' fixed ones and tzdb's Etc/GMT+N (POSIX sign: west of Greenwich); regions refused.
  CHECK(st::parse_zone_id("EST")->offset_at(0) == -5 * 3600);
  CHECK(st::parse_zone_id("MST")->offset_at(0) == -7 * 3600);
  CHECK(st::parse_zone_id("HST")->offset_at(0) == -10 * 3600);
  CHECK(st::parse_zone_id("Etc/GMT+5")->offset_at(0) == -5 * 3600);
  CHECK(st::parse_zone_id("Etc/GMT-14")->offset_at(0) == 14 * 3600);
  CHECK(st::parse_zone_id("Etc/GMT0")->offset_at(0) == 0);
  CHECK_FALSE(st::parse_zone_id("Etc/GMT+13"));
  CHECK_FALSE(st::parse_zone_id("Etc/GMT+05"));
  CHECK_FALSE(st::parse_zone_id("PST"));  // SHORT_IDS maps it to America/Los_Angeles, a region
  CHECK(st::string_to_timestamp("2020-06-15T00:00:00 EST", utc) == five_utc * 1'000'000);
  CHECK(st::unresolved_zone_in("2020-06-15T05:00:00 Europe/Paris") == "Europe/Paris");
  CHECK(st::unresolved_zone_in("2020-06-15 America/New_York") == "America/New_York");
  CHECK_FALSE(st::unresolved_zone_in("2020-06-15T05:00:00Z"));
  CHECK_FALSE(st::unresolved_zone_in("yesterday"));
  CHECK_FALSE(st::unresolved_zone_in("2020-06-15T05:00:00 +02:00"));
  // fromUTCTime adds the zone's offset.
  CHECK(st::from_utc_time(five_utc * 1'000'000, st::time_zone::fixed(7200)) == (five_utc + 7200) * 1'000'000);
}

TEST_CASE("file source: modifiedBefore / modifiedAfter keep Spark's strict bounds and its zone shift",
          "[reader][file_source]") {
  temp_dir t;
  const std::int64_t five_ms = five_utc * 1000;
  const std::pair<const char*, std::int64_t> files[] = {
      {"early.png", five_ms - 2 * 3600 * 1000 - 1},  // 02:59:59.999Z
      {"before.png", five_ms - 1},                   // 04:59:59.999Z
      {"at.png", five_ms},                           // 05:00:00.000Z (sub-millisecond part ignored)
      {"after.png", five_ms + 1}};                   // 05:00:00.001Z
  for (const auto& [name, ms] : files) {
    place(png_rgb, t / name);
    set_mtime_ms(t / name, ms);
  }
  auto o = fopts();
  o.time_zone = "UTC";
  o.modified_before = "2020-06-15T05:00:00";
  auto ds = imgframe::read_images(t.path().string(), o);
  CHECK(names(all_rows(ds), t.path()) == std::vector<std::string>{"before.png", "early.png"});
  CHECK(ds.modified_filtered() == 2);
  o.modified_before.clear();
  o.modified_after = "2020-06-15T05:00:00";
  CHECK(names(all_rows(imgframe::read_images(t.path().string(), o)), t.path()) == std::vector<std::string>{"after.png"});
  o.modified_before = "2020-06-15T05:00:00.002";
  CHECK(names(all_rows(imgframe::read_images(t.path().string(), o)), t.path()) == std::vector<std::string>{"after.png"});
  // In UTC+2, "07:00" is 05:00Z, but Spark compares each file's time shifted by +2 h (fromUTCTime):
  // only files before 03:00Z pass modifiedBefore.
  o = fopts();
  o.time_zone = "+02:00";
  o.modified_before = "2020-06-15T07:00:00";
  CHECK(names(all_rows(imgframe::read_images(t.path().string(), o)), t.path()) == std::vector<std::string>{"early.png"});
  // A zone in the text fixes the threshold, the option still shifts the files.
  o.time_zone = "UTC";
  o.modified_before = "2020-06-15T07:00:00+02:00";
  CHECK(names(all_rows(imgframe::read_images(t.path().string(), o)), t.path()) ==
        std::vector<std::string>{"before.png", "early.png"});
  o.modified_before = "yesterday";
  CHECK_THROWS_WITH(imgframe::read_images(t.path().string(), o),
                    Catch::Matchers::Contains("The timestamp provided for the 'modifiedBefore' option is invalid") &&
                        Catch::Matchers::Contains("yesterday"));
  o.modified_before = "2020-06-15T05:00:00 Europe/Paris";  // Spark takes the region; refused, saying why
  CHECK_THROWS_WITH(imgframe::read_images(t.path().string(), o),
                    Catch::Matchers::Contains("The time zone 'Europe/Paris' in the 'modifiedBefore' timestamp "
                                              "(2020-06-15T05:00:00 Europe/Paris) is not supported: give UTC"));
  o.modified_before.clear();
  o.time_zone = "Moon/Base";
  CHECK_THROWS_AS(imgframe::read_images(t.path().string(), o), std::invalid_argument);
}

TEST_CASE("file source: partition value types as Spark infers them", "[reader][file_source]") {
  using imgframe::infer_partition_type;
  auto type_of = [](std::string_view raw) { return infer_partition_type(raw, true).type; };
  CHECK(type_of("7") == partition_type::integer);
  CHECK(type_of("+7") == partition_type::integer);
  CHECK(type_of("007") == partition_type::integer);
  CHECK(type_of("2147483648") == partition_type::long_integer);
  CHECK(type_of("-9223372036854775808") == partition_type::long_integer);
  CHECK(infer_partition_type("9223372036854775808", true).precision == 19);
  CHECK(type_of("12.") == partition_type::decimal);  // new BigDecimal("12.") has scale 0
  CHECK(type_of("1.5e1") == partition_type::decimal);
  CHECK(type_of(std::string(39, '9')) == partition_type::double_precision);  // over 38 digits
  CHECK(type_of("1.5") == partition_type::double_precision);
  CHECK(type_of("1e3") == partition_type::double_precision);  // negative scale: no decimal
  CHECK(type_of(" 5") == partition_type::double_precision);   // only parseDouble trims
  CHECK(type_of("NaN") == partition_type::double_precision);
  CHECK(type_of("-Infinity") == partition_type::double_precision);
  CHECK(type_of("2.5f") == partition_type::double_precision);
  CHECK(type_of("inf") == partition_type::string);
  CHECK(type_of("2018-02-01") == partition_type::date);
  CHECK(type_of("2018-02-30") == partition_type::string);
  CHECK(type_of("2018-02") == partition_type::string);
  CHECK(type_of("2018-02-01 12%3A30%3A00") == partition_type::timestamp);
  CHECK(type_of("2018-02-01 12:30:00.5") == partition_type::timestamp);
  CHECK(type_of("2018-02-01 12:30:00.55") == partition_type::string);  // the pattern's [.S] is one digit
  CHECK(type_of("__HIVE_DEFAULT_PARTITION__") == partition_type::null);
  CHECK(infer_partition_type("7", false).type == partition_type::string);
  CHECK(infer_partition_type("__HIVE_DEFAULT_PARTITION__", false).type == partition_type::null);

  auto wider = [](partition_type a, partition_type b, int pa = 0, int pb = 0) {
    return imgframe::wider_partition_type({"c", a, pa}, {"c", b, pb});
  };
  CHECK(wider(partition_type::integer, partition_type::long_integer).type == partition_type::long_integer);
  CHECK(wider(partition_type::integer, partition_type::double_precision).type == partition_type::double_precision);
  CHECK(wider(partition_type::long_integer, partition_type::double_precision).type == partition_type::string);
  CHECK(wider(partition_type::decimal, partition_type::double_precision, 20).type == partition_type::string);
  CHECK(wider(partition_type::decimal, partition_type::long_integer, 12).precision == 20);
  CHECK(wider(partition_type::integer, partition_type::decimal, 0, 25).precision == 25);
  CHECK(wider(partition_type::date, partition_type::timestamp).type == partition_type::timestamp);
  CHECK(wider(partition_type::null, partition_type::date).type == partition_type::date);
  CHECK(wider(partition_type::integer, partition_type::date).type == partition_type::string);
  CHECK(imgframe::partition_type_name(partition_type::decimal, 20) == "decimal(20,0)");
}

TEST_CASE("file source: typed partition columns on a folder tree", "[reader][file_source]") {
  temp_dir t;
  place(png_rgb, t / "n=5/year=2018/dt=2018-02-01/s=007/a.png");
  place(png_rgb, t / "n=__HIVE_DEFAULT_PARTITION__/year=3000000000/dt=2018-02-01 12%3A30%3A00/s=abc/b.png");
  place(png_rgb, t / "n=7/year=2019/dt=2018-03-04/s=1.5/c.png");
  auto o = fopts();
  o.recursive = true;
  o.label = imgframe::label_from::partition_columns;
  o.time_zone = "UTC";
  const auto ds = imgframe::read_images(t.path().string(), o);
  REQUIRE(ds.partition_columns() == std::vector<imgframe::partition_column>{{"n", partition_type::integer, 0},
                                                                           {"year", partition_type::long_integer, 0},
                                                                           {"dt", partition_type::timestamp, 0},
                                                                           {"s", partition_type::string, 0}});
  const auto rows = all_rows(ds);
  REQUIRE(rows.size() == 3);
  const auto& a = rows[0].label->values;  // n=5/...
  const auto& b = rows[2].label->values;  // n=__HIVE_DEFAULT_PARTITION__/...
  REQUIRE(a.size() == 4);
  CHECK(a[0].integer == 5);
  CHECK(a[1].integer == 2018);
  CHECK(a[2].micros == 17563LL * 86400 * 1'000'000);  // a date in a timestamp column: its midnight
  CHECK(a[3].text == "007");                           // read again from the raw text as a string
  CHECK(b[0].is_null);
  CHECK(b[1].integer == 3000000000LL);
  CHECK(b[2].micros == (17563LL * 86400 + 12 * 3600 + 30 * 60) * 1'000'000);
  CHECK(rows[2].label->columns[2].second == "2018-02-01 12:30:00");  // the string form, unescaped
  CHECK(rows[1].label->values[3].text == "1.5");

  SECTION("without type inference every column is a string; the default partition stays null") {
    o.partition_type_inference = false;
    const auto plain = imgframe::read_images(t.path().string(), o);
    for (const auto& c : plain.partition_columns()) CHECK(c.type == partition_type::string);
    const auto r = all_rows(plain);
    CHECK(r[0].label->values[0].text == "5");
    CHECK(r[2].label->values[0].is_null);
  }
}

TEST_CASE("file source: basePath and Spark's walk up from the file", "[reader][file_source]") {
  temp_dir t;
  place(png_rgb, t / "cls=a/x.png");
  place(png_rgb, t / "cls=b/sub/y.png");         // a plain folder below the partition: skipped
  place(png_rgb, t / "cls=c/_temporary/z.png");  // hidden (a '_' name), as in Spark
  auto o = fopts();
  o.recursive = true;
  o.label = imgframe::label_from::partition_columns;
  const auto rows = all_rows(imgframe::read_images(t.path().string(), o));
  REQUIRE(rows.size() == 2);
  using cols = std::vector<std::pair<std::string, std::string>>;
  CHECK(rows[0].label->columns == cols{{"cls", "a"}});
  CHECK(rows[1].label->columns == cols{{"cls", "b"}});
  // A listed path through _temporary (speculative output left behind) has no columns, as in Spark.
  CHECK(imgframe::raw_partition_columns_of("cls=c/_Temporary/z.png").empty());
  // Reading one partition folder: no column, unless basePath says where discovery starts.
  CHECK(all_rows(imgframe::read_images((t / "cls=a").string(), o))[0].label->columns.empty());
  o.base_path = t.path().string();
  const auto based = imgframe::read_images((t / "cls=a").string(), o);
  CHECK(all_rows(based)[0].label->columns == cols{{"cls", "a"}});
  CHECK(based.partition_columns() == std::vector<imgframe::partition_column>{{"cls", partition_type::string, 0}});
  o.base_path = (t / "cls=b").string();
  CHECK_THROWS_WITH(imgframe::read_images((t / "cls=a").string(), o), Catch::Matchers::Contains("Wrong basePath"));
  o.base_path = (t / "nothing").string();
  CHECK_THROWS_WITH(imgframe::read_images((t / "cls=a").string(), o), Catch::Matchers::Contains("not a directory"));
  o.label = imgframe::label_from::none;
  o.base_path = t.path().string();
  CHECK_THROWS_AS(imgframe::read_images((t / "cls=a").string(), o), std::invalid_argument);
}
