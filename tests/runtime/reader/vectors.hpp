#pragma once
// tests/data/java_random_vectors.tsv, written by tools/java/JavaRandomVectors.java with the JDK.
#include <cstdint>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace vectors {

inline std::vector<std::vector<std::string>> lines(const std::string& kind) {
  std::ifstream in(IMGFRAME_JAVA_VECTORS);
  if (!in) throw std::runtime_error("cannot open " IMGFRAME_JAVA_VECTORS);
  std::vector<std::vector<std::string>> out;
  std::string line;
  while (std::getline(in, line)) {
    std::vector<std::string> f;
    std::stringstream ss(line);
    std::string cell;
    while (std::getline(ss, cell, '\t')) f.push_back(cell);
    if (!f.empty() && f[0] == kind) out.push_back(std::move(f));
  }
  return out;
}

inline double bits_to_double(const std::string& hex) {
  const std::uint64_t bits = std::stoull(hex, nullptr, 16);
  double d;
  std::memcpy(&d, &bits, sizeof d);
  return d;
}

inline std::string unhex(const std::string& h) {
  if (h == "-") return {};
  std::string s;
  for (std::size_t i = 0; i + 1 < h.size(); i += 2) s += static_cast<char>(std::stoi(h.substr(i, 2), nullptr, 16));
  return s;
}

inline std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  if (s == "-") return out;
  std::string cur;
  std::stringstream ss(s);
  while (std::getline(ss, cur, sep)) out.push_back(cur);
  return out;
}

}  // namespace vectors
