// java.util.Random and String.hashCode against values computed by the JDK itself.
#include <cstring>

#include "catch_compat.hpp"
#include "vectors.hpp"

#include <imgframe/io/java_random.hpp>
#include <imgframe/io/sampling.hpp>

namespace {
std::uint64_t bits(double d) {
  std::uint64_t b;
  std::memcpy(&b, &d, sizeof b);
  return b;
}
}  // namespace

TEST_CASE("java::random nextDouble equals the JDK's, bit for bit", "[java_random]") {
  const auto rows = vectors::lines("double");
  REQUIRE(rows.size() >= 10);
  for (const auto& f : rows) {
    imgframe::java::random r(std::stoll(f[1]));
    for (std::size_t i = 2; i < f.size(); ++i) {
      INFO("seed " << f[1] << " draw " << i - 2);
      REQUIRE(bits(r.next_double()) == std::stoull(f[i], nullptr, 16));
    }
  }
}

TEST_CASE("java::random nextInt, nextInt(bound) and nextLong equal the JDK's", "[java_random]") {
  for (const auto& f : vectors::lines("int")) {
    imgframe::java::random r(std::stoll(f[1]));
    for (std::size_t i = 2; i < f.size(); ++i) REQUIRE(r.next_int() == std::stoi(f[i]));
  }
  const auto bounded = vectors::lines("intb");
  REQUIRE(bounded.size() == 24);
  for (const auto& f : bounded) {
    imgframe::java::random r(std::stoll(f[1]));
    const auto bound = static_cast<std::int32_t>(std::stol(f[2]));
    for (std::size_t i = 3; i < f.size(); ++i) {
      INFO("seed " << f[1] << " bound " << bound);
      REQUIRE(r.next_int(bound) == std::stoi(f[i]));
    }
  }
  for (const auto& f : vectors::lines("long")) {
    imgframe::java::random r(std::stoll(f[1]));
    for (std::size_t i = 2; i < f.size(); ++i) REQUIRE(r.next_long() == std::stoll(f[i]));
  }
}

TEST_CASE("java::random: Java's documented first values and re-seeding", "[java_random]") {
  imgframe::java::random r(42);
  const double first = r.next_double();
  REQUIRE(first == 0.7275636800328681);  // new java.util.Random(42).nextDouble()
  r.set_seed(42);
  REQUIRE(r.next_double() == first);
  imgframe::java::random zero(0);
  REQUIRE(zero.next_int() == -1155484576);  // new Random(0).nextInt()
}

TEST_CASE("String.hashCode over UTF-16 code units, as the JVM decodes UTF-8", "[java_random][hash]") {
  const auto rows = vectors::lines("hash");
  REQUIRE(rows.size() >= 26);
  for (const auto& f : rows) {
    const std::string s = vectors::unhex(f[1]);
    INFO("utf-8 bytes " << f[1]);
    REQUIRE(imgframe::java::string_hash_code(s) == std::stoi(f[2]));
  }
  static_assert(imgframe::java::string_hash_code("") == 0);
  static_assert(imgframe::java::string_hash_code("a") == 97);
  // Surrogate pair: U+1F600 is D83D DE00 in UTF-16.
  std::u16string units;
  imgframe::java::for_each_utf16_unit("\xF0\x9F\x98\x80", [&](char16_t u) { units += u; });
  REQUIRE(units == u"\U0001F600");
  REQUIRE(units.size() == 2);
}

TEST_CASE("per-file sampling equals SynapseML's rule computed by the JDK", "[sampling][per_file]") {
  const auto rows = vectors::lines("keep");
  REQUIRE(rows.size() > 1000);
  std::size_t kept = 0;
  for (const auto& f : rows) {
    const std::string origin = vectors::unhex(f[1]);
    const std::int64_t seed = std::stoll(f[2]);
    const double ratio = vectors::bits_to_double(f[3]);
    INFO("origin " << origin << " seed " << seed << " ratio " << ratio);
    const bool keep = imgframe::per_file_keep(origin, seed, ratio);
    REQUIRE(keep == (f[4] == "1"));
    kept += keep;
  }
  REQUIRE(kept > 0);
  REQUIRE(kept < rows.size());
}

TEST_CASE("FilenameUtils.getExtension rule of Spark's SamplePathFilter", "[sampling][spark]") {
  using imgframe::has_file_extension;
  REQUIRE(has_file_extension("file:/a/b.jpg"));
  REQUIRE(has_file_extension("/a/v1.0"));
  REQUIRE_FALSE(has_file_extension("/a/b"));
  REQUIRE_FALSE(has_file_extension("/a.d/b"));
  REQUIRE_FALSE(has_file_extension("/a/foo."));
  REQUIRE(has_file_extension("/a/.hidden"));  // an extension; the hidden filter runs first anyway
  REQUIRE(has_file_extension("x.png"));
  REQUIRE_FALSE(has_file_extension("C:\\a.d\\b"));
}
