#include "npy.hpp"

#include <bit>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <stdexcept>
#include <string>
#include <system_error>

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
  // Written under a temporary name (".NNNNNN.npy.tmp", hidden from Spark-style listings) and renamed
  // once complete: a full disk or an I/O error never leaves a partial file under the final name.
  const std::filesystem::path tmp = file.parent_path() / ("." + file.filename().string() + ".tmp");
  const auto fail = [&](const char* what, int err) {
    std::remove(tmp.c_str());
    throw std::runtime_error("cannot write " + file.string() + ": " + what + ": " + std::strerror(err));
  };
  std::FILE* out = std::fopen(tmp.c_str(), "wb");
  if (!out) fail("cannot create the temporary file", errno);
  const unsigned char preamble[] = {0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0,
                                    static_cast<unsigned char>(header.size() & 0xFF),
                                    static_cast<unsigned char>(header.size() >> 8)};
  const bool written = std::fwrite(preamble, 1, sizeof preamble, out) == sizeof preamble &&
                       std::fwrite(header.data(), 1, header.size(), out) == header.size() &&
                       std::fwrite(data, 1, bytes, out) == bytes && std::fflush(out) == 0;
  const int write_errno = errno;
  if (std::fclose(out) != 0 || !written) fail("write error", written ? errno : write_errno);
  std::error_code ec;
  std::filesystem::rename(tmp, file, ec);
  if (ec) fail("cannot rename the temporary file", ec.value());
}
}  // namespace imgframe::cli
