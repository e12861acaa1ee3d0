// Partition assignment: a pure function of (count, partitions), contiguous and balanced.
#include "catch_compat.hpp"

#include <imgframe/io/partition.hpp>

TEST_CASE("partition_range covers every index once, in order, balanced", "[partition]") {
  for (std::size_t n : {0u, 1u, 2u, 7u, 10u, 100u, 101u}) {
    for (std::size_t p : {1u, 2u, 3u, 8u, 13u}) {
      std::size_t next = 0, smallest = n, largest = 0;
      for (std::size_t i = 0; i < p; ++i) {
        const auto r = imgframe::partition_range(n, p, i);
        REQUIRE(r.begin == next);
        next = r.end;
        smallest = std::min(smallest, r.size());
        largest = std::max(largest, r.size());
      }
      REQUIRE(next == n);
      REQUIRE(largest - smallest <= 1);
    }
  }
  REQUIRE(imgframe::partition_range(10, 3, 0) == imgframe::index_range{0, 3});
  REQUIRE(imgframe::partition_range(10, 3, 1) == imgframe::index_range{3, 6});
  REQUIRE(imgframe::partition_range(10, 3, 2) == imgframe::index_range{6, 10});
  // No overflow with huge counts.
  const std::size_t big = std::size_t{1} << 62;
  REQUIRE(imgframe::partition_range(big, 3, 2).end == big);
}

TEST_CASE("partition_range rejects what does not exist", "[partition]") {
  REQUIRE_THROWS_WITH(imgframe::partition_range(10, 3, 3), "partition 3 does not exist (the dataset has 3 partitions)");
  REQUIRE_THROWS_AS(imgframe::partition_range(10, 0, 0), std::invalid_argument);
}
