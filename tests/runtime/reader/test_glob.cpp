// Hadoop-style glob patterns (pathGlobFilter and input paths).
#include "catch_compat.hpp"

#include <imgframe/io/glob.hpp>

using imgframe::glob_pattern;

TEST_CASE("glob: stars, question marks, classes, groups, escapes", "[glob]") {
  REQUIRE(glob_pattern("*.jpg").matches("a.jpg"));
  REQUIRE(glob_pattern("*.jpg").matches(".jpg"));
  REQUIRE_FALSE(glob_pattern("*.jpg").matches("a.jpeg"));
  REQUIRE_FALSE(glob_pattern("*.jpg").matches("a.JPG"));  // case-sensitive, like Hadoop
  REQUIRE(glob_pattern("*.{jpg,png}").matches("x.png"));
  REQUIRE(glob_pattern("*.{jpg,png}").matches("x.jpg"));
  REQUIRE_FALSE(glob_pattern("*.{jpg,png}").matches("x.gif"));
  REQUIRE(glob_pattern("img_??.png").matches("img_07.png"));
  REQUIRE_FALSE(glob_pattern("img_??.png").matches("img_7.png"));
  REQUIRE(glob_pattern("[a-c]*").matches("banana"));
  REQUIRE_FALSE(glob_pattern("[a-c]*").matches("date"));
  REQUIRE(glob_pattern("[!a-c]*").matches("date"));
  REQUIRE(glob_pattern("[^a-c]*").matches("date"));
  REQUIRE_FALSE(glob_pattern("[^a-c]*").matches("apple"));
  REQUIRE(glob_pattern("a\\*b").matches("a*b"));
  REQUIRE_FALSE(glob_pattern("a\\*b").matches("axb"));
  REQUIRE(glob_pattern("{a,b{c,d}}").matches("bd"));
  REQUIRE(glob_pattern("*a*a*a*b").matches("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaab"));
  REQUIRE_FALSE(glob_pattern("*a*a*a*b").matches("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"));
  REQUIRE(glob_pattern("").matches(""));
  REQUIRE(glob_pattern("*").matches(""));
  REQUIRE_FALSE(glob_pattern("*").matches("a/b"));  // one path component
  REQUIRE(glob_pattern("[]]").matches("]"));
}

TEST_CASE("glob: malformed patterns are rejected with the reason", "[glob]") {
  REQUIRE_THROWS_WITH(glob_pattern("[abc"), "invalid glob pattern \"[abc\": unclosed '['");
  REQUIRE_THROWS_WITH(glob_pattern("{a,b"), "invalid glob pattern \"{a,b\": unclosed '{'");
  REQUIRE_THROWS_WITH(glob_pattern("a}"), "invalid glob pattern \"a}\": unmatched '}'");
  REQUIRE_THROWS_WITH(glob_pattern("a\\"), "invalid glob pattern \"a\\\": trailing '\\'");
  REQUIRE_THROWS_WITH(glob_pattern("[z-a]"), "invalid glob pattern \"[z-a]\": character range out of order");
  REQUIRE_THROWS_AS(glob_pattern("{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}"),
                    std::invalid_argument);
  // Found by fuzz_reader_paths: 100,000 nested '{' overflowed the stack; a 4096-way group before
  // 200 KB of text expanded to gigabytes. Both are bounded now.
  const std::string deep(100'000, '{');
  REQUIRE_THROWS_WITH(glob_pattern(deep), "invalid glob pattern \"" + deep + "\": {...} groups nested more than 32 deep");
  std::string wide = "{";
  for (int i = 0; i < 4096; ++i) wide += std::to_string(i) + ",";
  wide.back() = '}';
  wide += std::string(200'000, 'a');
  REQUIRE_THROWS_WITH(glob_pattern(wide),
                      "invalid glob pattern \"" + wide + "\": expands to too many {...} combinations of its text");
  CHECK(glob_pattern("{a,{b,{c,{d,e}}}}x").matches("ex"));
}

TEST_CASE("glob: has_wildcard tells a pattern from a plain path", "[glob]") {
  REQUIRE(glob_pattern::has_wildcard("/data/*.jpg"));
  REQUIRE(glob_pattern::has_wildcard("/data/{a,b}"));
  REQUIRE(glob_pattern::has_wildcard("/data/[ab]"));
  REQUIRE(glob_pattern::has_wildcard("x?"));
  REQUIRE_FALSE(glob_pattern::has_wildcard("/data/a b.jpg"));
  REQUIRE_FALSE(glob_pattern::has_wildcard("/data/a\\*.jpg"));
}
