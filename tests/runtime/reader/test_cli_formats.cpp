// The output formats of `imgframe read`: TSV and JSON lines, the df.show() table, .npy files.
#include <fstream>
#include <iterator>

#include "catch_compat.hpp"
#include "fixtures.hpp"
#include "npy.hpp"
#include "row_format.hpp"
#include "sha256.hpp"

using namespace fixtures;

namespace {
imgframe::dataset_row small_row() {
  imgframe::dataset_row r;
  r.row.origin = "file:/data/a\tb.png";
  r.row.height = 2;
  r.row.width = 3;
  r.row.n_channels = 1;
  r.row.mode = 0;
  r.row.data = {0, 1, 2, 250, 254, 255};
  return r;
}

imgframe::dataset_row bad_row() {
  imgframe::dataset_row r;
  r.row = imgframe::invalid_row("file:/data/caf\xC3\xA9 \xFF.txt");
  r.reason = imgframe::failure::unsupported_format;
  r.error = "not a recognised image format";
  return r;
}
}  // namespace

TEST_CASE("cli: sha256 is OpenSSL's", "[cli]") {
  const std::vector<std::uint8_t> abc{'a', 'b', 'c'};
  REQUIRE(imgframe::cli::sha256_hex(abc) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  REQUIRE(imgframe::cli::sha256_hex({}) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST_CASE("cli: TSV columns, escapes and the invalid row", "[cli]") {
  using namespace imgframe::cli;
  REQUIRE(tsv_header(false) == "origin\theight\twidth\tnChannels\tmode\tbytes\tsha256\terror");
  REQUIRE(tsv_header(true) == "origin\theight\twidth\tnChannels\tmode\tbytes\tsha256\terror\tlabel");
  const auto r = small_row();
  REQUIRE(tsv_line(r, false) == "file:/data/a\\tb.png\t2\t3\t1\t0\t6\t" + sha256_hex(r.row.data) + "\t");
  auto l = r;
  l.label = imgframe::row_label{"cat", 1, {}, {}};
  REQUIRE(tsv_line(l, true).substr(tsv_line(l, true).size() - 5) == "\t\tcat");
  REQUIRE(tsv_line(bad_row(), false) ==
          "file:/data/caf\xC3\xA9 \xFF.txt\t-1\t-1\t-1\t-1\t0\t-\tunsupported_format: not a recognised image format");
}

TEST_CASE("cli: JSON lines are valid UTF-8 with escapes", "[cli]") {
  using namespace imgframe::cli;
  const auto r = small_row();
  REQUIRE(json_line(r, false) == "{\"origin\":\"file:/data/a\\tb.png\",\"height\":2,\"width\":3,\"nChannels\":1,\"mode\":0,"
                                 "\"bytes\":6,\"sha256\":\"" + sha256_hex(r.row.data) +
                                     "\",\"reason\":\"none\",\"error\":null}");
  REQUIRE(json_line(bad_row(), false) ==
          "{\"origin\":\"file:/data/caf\xC3\xA9 \xEF\xBF\xBD.txt\",\"height\":-1,\"width\":-1,\"nChannels\":-1,\"mode\":-1,"
          "\"bytes\":0,\"sha256\":null,\"reason\":\"unsupported_format\",\"error\":\"not a recognised image format\"}");
  auto l = r;
  l.label = imgframe::row_label{"k=v", -1, {{"k", "v"}}, {}};
  const std::string j = json_line(l, true);
  REQUIRE(j.substr(j.size() - 44) == "\"label\":\"k=v\",\"partition_columns\":{\"k\":\"v\"}}");
}

TEST_CASE("cli: the table looks like Spark's df.show()", "[cli]") {
  imgframe::cli::show_table t(false, 0);
  t.add(small_row());
  t.add(bad_row());
  // Column widths: the widest cell or header (at least 3); the origin's \xFF byte is one character.
  const std::string dash = "+" + std::string(21, '-') + "+------+-----+---------+----+" + std::string(19, '-') + "+" +
                           std::string(49, '-') + "+\n";
  const std::string expected = dash + "|origin               |height|width|nChannels|mode|data               |error" +
                               std::string(44, ' ') + "|\n" + dash +
                               "|file:/data/a\tb.png   |2     |3    |1        |0   |[00 01 02 FA FE FF]|" +
                               std::string(49, ' ') + "|\n" +
                               "|file:/data/caf\xC3\xA9 \xFF.txt|-1    |-1   |-1       |-1  |[]                 |"
                               "unsupported_format: not a recognised image format|\n" + dash;
  const std::string got = t.render(2);
  REQUIRE(got == expected);
  REQUIRE(got.find("only showing") == std::string::npos);
  REQUIRE(t.render(30).substr(t.render(30).size() - 24) == "only showing top 2 rows\n");
  // truncate = 20: Spark's default, right-aligned, 17 characters + "..."
  imgframe::cli::show_table cut(false, 20);
  cut.add(bad_row());
  REQUIRE(cut.render(1).find("|file:/data/caf\xC3\xA9 \xFF...|") != std::string::npos);
  REQUIRE(cut.render(1).find("|    -1|") != std::string::npos);
}

TEST_CASE("cli: .npy v1.0 files hold (height, width, nChannels) uint8 in C order", "[cli][npy]") {
  temp_dir t;
  const auto r = small_row();
  imgframe::cli::write_npy(t / "x.npy", r.row);
  std::ifstream in(t / "x.npy", std::ios::binary);
  const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  REQUIRE(bytes.size() == 128 + 6);  // the header is padded to a multiple of 64 bytes
  REQUIRE(bytes.substr(0, 8) == std::string("\x93NUMPY\x01\x00", 8));
  const std::size_t header_len = static_cast<unsigned char>(bytes[8]) | (static_cast<unsigned char>(bytes[9]) << 8);
  REQUIRE(header_len == 118);
  const std::string header = bytes.substr(10, header_len);
  REQUIRE(header.rfind("{'descr': '|u1', 'fortran_order': False, 'shape': (2, 3, 1), }", 0) == 0);
  REQUIRE(header.back() == '\n');
  REQUIRE(bytes.substr(128) == std::string("\x00\x01\x02\xFA\xFE\xFF", 6));
  REQUIRE_THROWS_AS(imgframe::cli::write_npy(t / "bad.npy", bad_row().row), std::runtime_error);
}
