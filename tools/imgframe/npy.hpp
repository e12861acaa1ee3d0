#pragma once
// NumPy .npy v1.0 writer for a row's pixels: shape (height, width, nChannels), dtype uint8, C order,
// so numpy.load(f) gives the array pyspark's ImageSchema.toNDArray would (BGR(A) channel order).
#include <filesystem>

#include <imgframe/erased/image_row.hpp>

namespace imgframe::cli {
// Throws std::runtime_error when the file cannot be written or the row is not a valid 8-bit row.
void write_npy(const std::filesystem::path& file, const image_row& row);
}  // namespace imgframe::cli
