#pragma once
// NumPy .npy v1.0 writer for a row's pixels: shape (height, width, nChannels), dtype uint8, C order,
// so numpy.load(f) gives the array pyspark's ImageSchema.toNDArray would (BGR(A) channel order).
#include <cstddef>
#include <filesystem>
#include <span>
#include <string_view>

#include <imgframe/erased/image_row.hpp>

namespace imgframe::cli {
// Throws std::runtime_error when the file cannot be written or the row is not a valid 8-bit row.
void write_npy(const std::filesystem::path& file, const image_row& row);

// Any C-order array; descr is NumPy's dtype string without the byte-order mark ("u1", "f4", "f8"),
// which is added for this machine. bytes must be the product of shape times the element size.
void write_npy_array(const std::filesystem::path& file, std::string_view descr, std::span<const std::size_t> shape,
                     const void* data, std::size_t bytes);
}  // namespace imgframe::cli
