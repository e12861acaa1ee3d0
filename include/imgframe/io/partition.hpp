#pragma once
// Which files a partition reads: contiguous, balanced ranges of the (sorted, sampled) file list.
// A pure function of (file count, partition count): any worker that computes partition i of the same
// listing reads the same files, and partitions 0..n-1 concatenated give the single-partition order.
#include <cstddef>
#include <stdexcept>
#include <string>

namespace imgframe {

// The half-open range [begin, end) of file indices.
struct index_range {
  // First index.
  std::size_t begin = 0;
  // One past the last index.
  std::size_t end = 0;
  // Number of indices.
  std::size_t size() const noexcept { return end - begin; }
  // True when the range is empty.
  bool empty() const noexcept { return begin == end; }
  // Same range.
  friend bool operator==(const index_range&, const index_range&) = default;
};

// Partition i of n_partitions over n_items: [floor(i*n/p), floor((i+1)*n/p)); sizes differ by <= 1.
inline index_range partition_range(std::size_t n_items, std::size_t n_partitions, std::size_t i) {
  if (n_partitions == 0) throw std::invalid_argument("partition_range: the partition count must be positive");
  if (i >= n_partitions)
    throw std::out_of_range("partition " + std::to_string(i) + " does not exist (the dataset has " +
                            std::to_string(n_partitions) + " partitions)");
  // floor(n*k/p) without overflowing n*k: n = q*p + r, so n*k/p = q*k + r*k/p (r*k < p*p).
  auto bound = [&](std::size_t k) {
    return (n_items / n_partitions) * k + (n_items % n_partitions) * k / n_partitions;
  };
  return {bound(i), bound(i + 1)};
}

}  // namespace imgframe
