#include "npy.hpp"

#include <bit>
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
  const std::size_t shape[] = {static_cast<std::size_t>(row.height), static_cast<std::size_t>(row.width),
                               static_cast<std::size_t>(row.n_channels)};
  write_npy_array(file, "u1", shape, row.data.data(), row.data.size());
}

void write_npy_array(const std::filesystem::path& file, std::string_view descr, std::span<const std::size_t> shape,
                     const void* data, std::size_t bytes) {
  const char order = descr == "u1" || descr == "i1" ? '|' : std::endian::native == std::endian::little ? '<' : '>';
  std::string dims;
  for (std::size_t d : shape) dims += std::to_string(d) + ", ";
  if (shape.size() > 1) dims.resize(dims.size() - 2);  // (3,) keeps its comma, (3, 4) does not end with one
  else if (!dims.empty()) dims.pop_back();
  std::string header = "{'descr': '" + std::string(1, order) + std::string(descr) +
                       "', 'fortran_order': False, 'shape': (" + dims + "), }";
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
  out.write(static_cast<const char*>(data), static_cast<std::streamsize>(bytes));
  if (!out) throw std::runtime_error("error while writing " + file.string());
}
}  // namespace imgframe::cli
