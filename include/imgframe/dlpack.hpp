#pragma once
// DLPack export of batches (opt-in: needs <dlpack/dlpack.h>, Debian's libdlpack-dev).
//
//   DLManagedTensor* t = imgframe::to_dlpack(b);   // shares b's buffer, no copy
//   ... hand t to PyTorch / NumPy / any DLPack consumer, which calls t->deleter(t) when done.
//
// The tensor holds a reference to the batch's buffer: it stays valid after the batch is refilled
// or destroyed (batch::start() gives the next batch a new buffer while an export holds the old
// one), until the consumer calls the deleter. Shape {N, C, H, W} or {N, H, W, C}, explicit
// C-contiguous strides in elements, CPU device 0, byte_offset 0.
#include <dlpack/dlpack.h>

#include <array>
#include <cstdint>
#include <memory>
#include <utility>
#include <vector>

#include "batch/batch.hpp"
#include "core/depth.hpp"

namespace imgframe {

// DLPack's code and bit width for a depth: u8/u16 kDLUInt, s8/s16/s32 kDLInt, f32/f64 kDLFloat.
constexpr DLDataType dlpack_dtype(depth d) noexcept {
  DLDataType t{};
  t.bits = static_cast<std::uint8_t>(8 * depth_size(d));
  t.lanes = 1;
  switch (d) {
    case depth::u8:
    case depth::u16: t.code = kDLUInt; break;
    case depth::f32:
    case depth::f64: t.code = kDLFloat; break;
    default: t.code = kDLInt; break;
  }
  return t;
}

namespace detail {

// Everything a DLManagedTensor points to, freed together by its deleter.
struct dlpack_holder {
  DLManagedTensor managed{};
  std::shared_ptr<const void> owner;  // keeps the data alive
  std::vector<std::int64_t> shape, strides;

  static void destroy(DLManagedTensor* self) noexcept { delete static_cast<dlpack_holder*>(self->manager_ctx); }
};

inline DLManagedTensor* make_dlpack(std::shared_ptr<const void> owner, const void* data, DLDataType dtype,
                                    std::vector<std::int64_t> shape, std::vector<std::int64_t> strides) {
  auto h = std::make_unique<dlpack_holder>();
  h->owner = std::move(owner);
  h->shape = std::move(shape);
  h->strides = std::move(strides);
  DLTensor& t = h->managed.dl_tensor;
  t.data = const_cast<void*>(data);  // DLPack has no const; consumers that write get their own buffer's semantics
  t.device = {kDLCPU, 0};
  t.ndim = static_cast<int>(h->shape.size());
  t.dtype = dtype;
  t.shape = h->shape.data();
  t.strides = h->strides.data();
  t.byte_offset = 0;
  h->managed.manager_ctx = h.get();
  h->managed.deleter = &dlpack_holder::destroy;
  return &h.release()->managed;
}

}  // namespace detail

// The batch's samples as a 4-D tensor sharing its buffer. Throws batch_error before the first sample.
inline DLManagedTensor* to_dlpack(const batch& b) {
  const sample_format& f = b.format();
  const auto s = b.shape();
  const auto st = b.strides();
  return detail::make_dlpack(b.storage(), b.bytes(), dlpack_dtype(f.dtype), {s.begin(), s.end()},
                             {st.begin(), st.end()});
}

// The batch's labels as a 1-D int64 tensor (a copy: labels are small and rewritten by the next batch).
inline DLManagedTensor* labels_to_dlpack(const batch& b) {
  auto labels = std::make_shared<std::vector<std::int64_t>>(b.labels());
  const void* data = labels->data();
  const auto n = static_cast<std::int64_t>(labels->size());
  return detail::make_dlpack(std::move(labels), data, DLDataType{kDLInt, 64, 1}, {n}, {1});
}

// Owns a DLManagedTensor until released to a consumer: calls the deleter if nobody took it.
struct dlpack_deleter {
  // Calls the tensor's deleter, if any.
  void operator()(DLManagedTensor* t) const noexcept {
    if (t && t->deleter) t->deleter(t);
  }
};
// A DLManagedTensor owned until released (release() hands it to a consumer).
using unique_dlpack = std::unique_ptr<DLManagedTensor, dlpack_deleter>;

}  // namespace imgframe
