#pragma once
// detail::advise_huge_pages: offers a large buffer to Linux's transparent huge pages before it is
// first touched. A 1080p CHW float tensor is 25 MB, 6,075 pages of 4 KiB: written with streaming
// stores right after other work has filled the caches (W4 in the peers harness), its page walks
// missed the caches too; on 2 MB pages the pass ran 5-7 % faster per CPU-second there. Elsewhere,
// or where the system keeps huge pages off, it does nothing.
#include <cstddef>
#include <cstdint>

#if defined(__linux__)
#include <sys/mman.h>
#endif

namespace imgframe::detail {

// Buffers from this size on are offered (at least one whole 2 MB page inside them).
inline constexpr std::size_t huge_page_advice_bytes = std::size_t{4} << 20;

// Advises MADV_HUGEPAGE on the 2 MB-aligned pages that lie wholly inside [p, p + bytes), for
// buffers of at least huge_page_advice_bytes; an advice only (the result is not checked).
inline void advise_huge_pages(void* p, std::size_t bytes) noexcept {
#if defined(__linux__) && defined(MADV_HUGEPAGE)
  if (p == nullptr || bytes < huge_page_advice_bytes) return;
  constexpr std::uintptr_t huge = std::uintptr_t{2} << 20;
  const auto start = reinterpret_cast<std::uintptr_t>(p);
  const std::uintptr_t begin = (start + huge - 1) & ~(huge - 1), end = (start + bytes) & ~(huge - 1);
  if (end > begin) (void)madvise(reinterpret_cast<void*>(begin), end - begin, MADV_HUGEPAGE);
#else
  (void)p;
  (void)bytes;
#endif
}

}  // namespace imgframe::detail
