#pragma once
// Shared helpers of the io tests: the corpus manifest, file bytes, and OpenCV's decode turned into
// the row Spark would hold (the reference for the lossless formats and libjpeg-turbo's JPEG).
#include <cstdint>
#include <fstream>
#include <iterator>
#include <optional>
#include <span>
#include <sstream>
#include <string>
#include <vector>

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <openssl/sha.h>

#include <imgframe/io/decode.hpp>

namespace io_test {

inline std::string data_dir() { return IMGFRAME_TEST_DATA; }
inline std::string corpus(const std::string& rel) { return data_dir() + "/corpus/" + rel; }
inline std::string sample(const std::string& rel) { return data_dir() + "/samples/" + rel; }

inline std::vector<std::uint8_t> file_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

struct manifest_entry {
  std::string file, format, exercises, expected, stb230;
};

inline std::vector<manifest_entry> read_manifest() {
  std::ifstream in(corpus("MANIFEST.tsv"));
  std::vector<manifest_entry> out;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#' || line.rfind("file\t", 0) == 0) continue;
    std::vector<std::string> f;
    std::stringstream ss(line);
    std::string cell;
    while (std::getline(ss, cell, '\t')) f.push_back(cell);
    if (f.size() < 5) continue;
    out.push_back({f[0], f[1], f[2], f[3], f[4]});
  }
  return out;
}

struct dims {
  int height, width, channels;
};

// "decode HxWxC" anywhere in the text. (No std::regex: GCC 12 -Werror flags it under ASan.)
inline std::optional<dims> parse_dims(const std::string& s) {
  for (auto at = s.find("decode "); at != std::string::npos; at = s.find("decode ", at + 1)) {
    int v[3] = {0, 0, 0};
    std::size_t i = at + 7;
    bool ok = true;
    for (int k = 0; k < 3 && ok; ++k) {
      const std::size_t start = i;
      while (i < s.size() && s[i] >= '0' && s[i] <= '9') v[k] = v[k] * 10 + (s[i++] - '0');
      ok = i > start && (k == 2 || (i < s.size() && s[i++] == 'x'));
    }
    if (ok) return dims{v[0], v[1], v[2]};
  }
  return std::nullopt;
}

inline std::string sha256_hex(std::span<const std::uint8_t> b) {
  unsigned char d[SHA256_DIGEST_LENGTH];
  SHA256(b.data(), b.size(), d);
  static const char* hex = "0123456789abcdef";
  std::string s;
  for (unsigned char c : d) s += {hex[c >> 4], hex[c & 15]};
  return s;
}

inline std::vector<std::uint8_t> mat_bytes(const cv::Mat& m) {
  cv::Mat c = m.isContinuous() ? m : m.clone();
  return {c.data, c.data + c.total() * c.elemSize()};
}

// PNG IHDR fields read straight from the file (independent of the decoder under test).
struct png_ihdr {
  int bit_depth, color_type;
  bool trns;
};
inline png_ihdr read_ihdr(const std::vector<std::uint8_t>& b) {
  const std::string s(b.begin(), b.end());
  return {b.size() > 25 ? b[24] : 0, b.size() > 25 ? b[25] : -1, s.find("tRNS") != std::string::npos};
}

// OpenCV's IMREAD_UNCHANGED decode of a PNG (libpng) mapped to Spark's row layout:
// 16-bit gray -> low byte, 16-bit colour -> round(v*255/65535); gray+alpha -> gray;
// 1/2/4-bit gray without tRNS -> 3 equal channels. Returns the bytes and channel count.
inline std::pair<std::vector<std::uint8_t>, int> spark_from_opencv_png(const std::string& path) {
  const auto bytes = file_bytes(path);
  const auto ihdr = read_ihdr(bytes);
  cv::Mat m = cv::imread(path, cv::IMREAD_UNCHANGED);
  if (m.empty()) return {{}, 0};
  const bool gray_source = ihdr.color_type == 0 || ihdr.color_type == 4;
  if (m.depth() == CV_16U) {
    cv::Mat out(m.size(), CV_MAKETYPE(CV_8U, m.channels()));
    const auto n = m.total() * static_cast<std::size_t>(m.channels());
    const auto* s = m.ptr<std::uint16_t>();
    auto* d = out.ptr<std::uint8_t>();
    for (std::size_t i = 0; i < n; ++i)
      d[i] = static_cast<std::uint8_t>(gray_source ? (s[i] & 0xFF) : (s[i] + 128u) / 257u);
    m = out;
  }
  int want = m.channels();
  if (ihdr.color_type == 4) want = 1;                                            // alpha dropped
  if (ihdr.color_type == 0) want = (ihdr.bit_depth < 8 && !ihdr.trns) ? 3 : 1;   // sub-8-bit gray -> 3
  cv::Mat out;
  if (want == m.channels()) out = m;
  else if (want == 1) cv::extractChannel(m, out, 0);
  else if (want == 3 && m.channels() == 1) cv::merge(std::vector<cv::Mat>{m, m, m}, out);
  return {mat_bytes(out), want};
}

}  // namespace io_test
