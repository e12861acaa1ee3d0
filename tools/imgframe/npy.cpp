#include "npy.hpp"

#include <cstdio>
#include <fstream>
#include <stdexcept>
#include <string>

namespace imgframe::cli {
void write_npy(const std::filesystem::path& file, const image_row& row) {
  if (row.height <= 0 || row.width <= 0 || row.n_channels <= 0 ||
      row.data.size() != static_cast<std::size_t>(row.height) * static_cast<std::size_t>(row.width) *
                             static_cast<std::size_t>(row.n_channels))
    throw std::runtime_error("write_npy: " + row.origin + " is not a valid 8-bit row");
  std::string header = "{'descr': '|u1', 'fortran_order': False, 'shape': (" + std::to_string(row.height) + ", " +
                       std::to_string(row.width) + ", " + std::to_string(row.n_channels) + "), }";
  // magic (6) + version (2) + header length (2) + header, padded with spaces to a multiple of 64, '\n' last.
  const std::size_t unpadded = 10 + header.size() + 1;
  header.append((64 - unpadded % 64) % 64, ' ');
  header += '\n';
  std::ofstream out(file, std::ios::binary | std::ios::trunc);
  if (!out) throw std::runtime_error("cannot write " + file.string());
  const unsigned char preamble[] = {0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0,
                                    static_cast<unsigned char>(header.size() & 0xFF),
                                    static_cast<unsigned char>(header.size() >> 8)};
  out.write(reinterpret_cast<const char*>(preamble), sizeof preamble);
  out.write(header.data(), static_cast<std::streamsize>(header.size()));
  out.write(reinterpret_cast<const char*>(row.data.data()), static_cast<std::streamsize>(row.data.size()));
  if (!out) throw std::runtime_error("error while writing " + file.string());
}
}  // namespace imgframe::cli
