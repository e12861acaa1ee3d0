#pragma once
// batch: the hand-off unit to training loops and other engines. N transformed rows stacked into
// one contiguous, 64-byte aligned buffer, NCHW (from CHW tensors) or NHWC (from HWC tensors and
// images), with each sample's label and origin, and the rows that could not be stacked.
//
// The element type, layout, plane order and sample shape are run-time values here: a batch is an
// edge, like image_row, where tensors leave for DLPack (<imgframe/dlpack.hpp>), Python or MPI.
// They are fixed by the first sample ever put into the batch; a later sample of another format is
// refused with a batch_error naming both shapes.
//
// Reuse: start() keeps the buffer for the next batch, unless an exported tensor (DLPack) still
// holds it; then the next batch gets a new buffer and the exported data is never overwritten.
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <new>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include "../core/concepts.hpp"
#include "../core/depth.hpp"
#include "../core/image_view.hpp"
#include "../core/tensor.hpp"
#include "../erased/image_row.hpp"
#include "../erased/apply.hpp"

namespace imgframe {

class batch_error : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

// Memory layout of a batch: N x C x H x W planes, or N x H x W x C interleaved.
enum class batch_layout { nchw, nhwc };

// "NCHW" or "NHWC".
constexpr std::string_view batch_layout_name(batch_layout l) noexcept { return l == batch_layout::nchw ? "NCHW" : "NHWC"; }

// What one sample is: element type, layout, plane/channel order and its three dimensions.
struct sample_format {
  // Element type.
  depth dtype = depth::u8;
  // Planes or interleaved.
  batch_layout layout = batch_layout::nhwc;
  std::string order;  // "rgb", "bgr", "gray", "bgra", ... (planes for NCHW, channels for NHWC)
  // The sample's dimensions.
  int channels = 0, height = 0, width = 0;

  // Values per sample.
  std::size_t elements() const noexcept {
    return static_cast<std::size_t>(channels) * static_cast<std::size_t>(height) * static_cast<std::size_t>(width);
  }
  // Bytes per sample.
  std::size_t bytes() const noexcept { return elements() * depth_size(dtype); }
  // "f32 NCHW rgb 3x224x224" (dimensions in memory order).
  std::string describe() const {
    const auto dims = layout == batch_layout::nchw
                          ? std::to_string(channels) + "x" + std::to_string(height) + "x" + std::to_string(width)
                          : std::to_string(height) + "x" + std::to_string(width) + "x" + std::to_string(channels);
    return std::string(depth_name(dtype)) + " " + std::string(batch_layout_name(layout)) + " " + order + " " + dims;
  }
  // Same type, layout, order and dimensions.
  friend bool operator==(const sample_format&, const sample_format&) = default;
};

// A row that is not in the batch, and why (failed decode, rejected by the transform, other shape).
struct skipped_row {
  // Index of the row's file in the reading.
  std::size_t file_index = 0;
  // The row's origin.
  std::string origin;
  // Why it is not in the batch.
  std::string reason;
  // Same row, same reason.
  friend bool operator==(const skipped_row&, const skipped_row&) = default;
};

// Samples of one format stacked in one aligned buffer (N x sample), with their labels, origins and the rows
// left out; what batch_reader fills and the DLPack export shares.
class batch {
 public:
  // Alignment of the buffer, in bytes.
  static constexpr std::size_t alignment = 64;
  // The label of a sample without one.
  static constexpr std::int64_t no_label = -1;

  batch() = default;

  // ---- reading ----------------------------------------------------------------------------------
  bool has_format() const noexcept { return format_.has_value(); }
  // Throws batch_error before the first sample fixed it.
  const sample_format& format() const {
    if (!format_) throw batch_error("imgframe batch: no sample yet, so no format");
    return *format_;
  }
  std::size_t size() const noexcept { return size_; }  // samples stacked
  // True when no sample is stacked.
  bool empty() const noexcept { return size_ == 0; }
  std::size_t capacity() const noexcept { return capacity_; }  // samples the current batch holds at most

  // {N, C, H, W} or {N, H, W, C}; N = size().
  std::array<std::int64_t, 4> shape() const {
    const sample_format& f = format();
    const auto n = static_cast<std::int64_t>(size_);
    if (f.layout == batch_layout::nchw) return {n, f.channels, f.height, f.width};
    return {n, f.height, f.width, f.channels};
  }
  // Row-major (C-contiguous) strides of shape(), in elements (DLPack's unit; NumPy's are bytes).
  std::array<std::int64_t, 4> strides() const {
    const auto s = shape();
    return {s[1] * s[2] * s[3], s[2] * s[3], s[3], 1};
  }

  // The stacked samples: size() * format().elements() values of format().dtype.
  const std::byte* bytes() const noexcept { return storage_.get(); }
  // The stacked samples, writable.
  std::byte* bytes() noexcept { return storage_.get(); }
  // The stacked samples as values of type T (T must be the format's element type).
  template <class T> const T* data() const { return typed<T>(); }
  // The stacked samples as writable values of type T (T must be the format's element type).
  template <class T> T* data() { return const_cast<T*>(typed<T>()); }

  // Per sample, in the batch's order: the label index (no_label without labels) and the origin.
  const std::vector<std::int64_t>& labels() const noexcept { return labels_; }
  // Per sample: its origin.
  const std::vector<std::string>& origins() const noexcept { return origins_; }
  // Per sample: the index of its file in the reading.
  const std::vector<std::size_t>& file_indices() const noexcept { return file_indices_; }
  // Rows read for this batch that are not in it.
  const std::vector<skipped_row>& skipped() const noexcept { return skipped_; }

  // Shares the buffer: while a copy lives, start() will not reuse it (exporters hold one).
  std::shared_ptr<std::byte> storage() const noexcept { return storage_; }

  // ---- filling ----------------------------------------------------------------------------------
  // Begins a new batch of up to `capacity` samples. The format stays; the buffer is kept when it is
  // large enough and nobody else holds it.
  void start(std::size_t capacity) {
    if (capacity == 0) throw batch_error("imgframe batch: the batch size must be positive");
    capacity_ = capacity;
    size_ = 0;
    labels_.clear();
    origins_.clear();
    file_indices_.clear();
    skipped_.clear();
    if (storage_ && storage_.use_count() > 1) {  // an exported tensor still reads it
      storage_.reset();
      storage_bytes_ = 0;
    }
    if (format_) reserve();
  }

  // Fixes the format (first sample) or checks that `f` is it. Not thread-safe before the format
  // is fixed: readers put the first sample of a batch alone.
  void require_format(const sample_format& f) {
    if (!format_) {
      format_ = f;
      reserve();
      return;
    }
    if (f != *format_)
      throw batch_error("imgframe batch: a sample of " + f.describe() + " does not fit a batch of " +
                        format_->describe());
  }

  // Slot i's storage (i < capacity()), for writers that fill it in place.
  std::byte* slot(std::size_t i) noexcept { return storage_.get() + i * format_->bytes(); }

  // Writes one result into slot i (any slot below capacity(); concurrent calls on distinct slots
  // are safe once the format is fixed). Tensors give NCHW/NHWC by their layout; images give NHWC
  // in their channel order; image_row and tensor_row are the runtime forms of the same.
  template <class T, class O, class L>
  void put(std::size_t i, const tensor<T, O, L>& t) {
    require_format({depth_of_v<T>, L::value == tensor_layout::chw ? batch_layout::nchw : batch_layout::nhwc,
                    std::string(O::name), O::channels, t.height(), t.width()});
    copy_to(i, t.data(), t.size() * sizeof(T));
  }
  // Writes an image into slot i (NHWC, its channel order).
  template <class T, int C, class O>
  void put(std::size_t i, const image<T, C, O>& img) {
    put(i, img.cview());
  }
  // Writes a view's pixels into slot i (NHWC, its channel order; any strides).
  template <ImageView V>
  void put(std::size_t i, const V& view) {
    using View = std::remove_cvref_t<V>;
    using T = typename View::value_type;
    require_format({depth_of_v<T>, batch_layout::nhwc, std::string(View::order::name), View::channels, view.height(),
                    view.width()});
    check_slot(i);
    auto* out = slot(i);
    const std::size_t row_bytes = view.row_bytes();
    for (int y = 0; y < view.height(); ++y, out += row_bytes) {
      if (view.rows_are_contiguous()) {
        std::memcpy(out, view.row(y), row_bytes);
      } else {
        for (int x = 0; x < view.width(); ++x)
          std::memcpy(out + static_cast<std::size_t>(x) * View::channels * sizeof(T), view.pixel(x, y),
                      View::channels * sizeof(T));
      }
    }
  }
  // Writes a runtime tensor into slot i.
  void put(std::size_t i, const tensor_row& t) {
    require_format({t.dtype, t.layout == tensor_layout::chw ? batch_layout::nchw : batch_layout::nhwc, t.order,
                    t.channels, t.height, t.width});
    std::visit([&](const auto& v) { copy_to(i, v.data(), v.size() * sizeof(v[0])); }, t.values);
  }
  // Writes an image row into slot i (NHWC, Spark's order); throws batch_error for an invalid row.
  void put(std::size_t i, const image_row& r) {
    const mode_info* m = find_mode(r.mode);
    if (!m || r.is_invalid()) throw batch_error("imgframe batch: '" + r.origin + "' is an invalid image row");
    require_format({m->depth_code, batch_layout::nhwc, std::string(spark_order_name(r.n_channels)), r.n_channels,
                    r.height, r.width});
    copy_to(i, r.data.data(), r.data.size());
  }
  // Writes a transformer result (image row or tensor) into slot i.
  void put(std::size_t i, const std::variant<image_row, tensor_row>& result) {
    std::visit([&](const auto& r) { put(i, r); }, result);
  }

  // Appends one result after the samples already stacked (sequential filling, e.g. the crops of
  // one image); its file index is 0.
  template <class R>
  void push_back(const R& result, std::int64_t label = no_label, std::string origin = {}) {
    put(size_, result);
    labels_.push_back(label);
    origins_.push_back(std::move(origin));
    file_indices_.push_back(0);
    ++size_;
  }

  // Records the outcome of slots [size(), size() + filled.size()): the filled ones join the batch
  // in order (later samples move down over the holes), the others are listed as skipped.
  struct slot_outcome {
    // True when the slot holds a sample.
    bool filled = false;
    // Index of the row's file in the reading.
    std::size_t file_index = 0;
    // The row's origin.
    std::string origin;
    // The row's label index, or no_label.
    std::int64_t label = no_label;
    std::string reason;  // when not filled
  };
  // Records the outcome of slots [size(), size() + outcomes.size()) (see slot_outcome).
  void commit(std::vector<slot_outcome>& outcomes) {
    const std::size_t base = size_;
    for (std::size_t k = 0; k < outcomes.size(); ++k) {
      slot_outcome& o = outcomes[k];
      if (!o.filled) {
        skipped_.push_back({o.file_index, std::move(o.origin), std::move(o.reason)});
        continue;
      }
      if (size_ != base + k) std::memmove(slot(size_), slot(base + k), format_->bytes());
      labels_.push_back(o.label);
      origins_.push_back(std::move(o.origin));
      file_indices_.push_back(o.file_index);
      ++size_;
    }
  }

 private:
  struct aligned_delete {
    void operator()(std::byte* p) const noexcept { ::operator delete[](p, std::align_val_t{alignment}); }
  };

  static std::string_view spark_order_name(int channels) noexcept {
    switch (channels) {
      case 1: return gray::name;
      case 2: return unordered<2>::name;
      case 3: return bgr::name;
      default: return bgra::name;
    }
  }

  void reserve() {
    const std::size_t need = capacity_ * format_->bytes();
    if (storage_ && storage_bytes_ >= need) return;
    storage_bytes_ = need;
    storage_ = std::shared_ptr<std::byte>(static_cast<std::byte*>(::operator new[](need ? need : 1, std::align_val_t{alignment})),
                                          aligned_delete{});
  }

  void check_slot(std::size_t i) const {
    if (i >= capacity_)
      throw batch_error("imgframe batch: slot " + std::to_string(i) + " is past the capacity " + std::to_string(capacity_));
  }

  void copy_to(std::size_t i, const void* src, std::size_t n) {
    check_slot(i);
    if (n != format_->bytes())
      throw batch_error("imgframe batch: a sample of " + std::to_string(n) + " bytes, the batch's hold " +
                        std::to_string(format_->bytes()));
    if (n) std::memcpy(slot(i), src, n);
  }

  template <class T> const T* typed() const {
    if (format_ && depth_of_v<T> != format_->dtype)
      throw batch_error("imgframe batch: data<" + std::string(depth_name(depth_of_v<T>)) + ">() on a batch of " +
                        std::string(depth_name(format_->dtype)));
    return reinterpret_cast<const T*>(storage_.get());
  }

  std::optional<sample_format> format_;
  std::shared_ptr<std::byte> storage_;
  std::size_t storage_bytes_ = 0;
  std::size_t capacity_ = 0;
  std::size_t size_ = 0;
  std::vector<std::int64_t> labels_;
  std::vector<std::string> origins_;
  std::vector<std::size_t> file_indices_;
  std::vector<skipped_row> skipped_;
};

}  // namespace imgframe
