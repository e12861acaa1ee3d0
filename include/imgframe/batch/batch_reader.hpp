#pragma once
// Batches from a reading (a partition, or the whole dataset): each row is transformed and written
// into its slot of the batch by the dataset's own decode threads, while the reading decodes ahead.
//
//   constexpr auto prep = resize_short{256} | center_crop{224, 224}
//                       | to_tensor<float, rgb, chw>{{0.485, 0.456, 0.406}, {0.229, 0.224, 0.225}, 1.0 / 255};
//   auto ds = read_images("photos/", {.num_partitions = 8, .label = label_from::parent_dir});
//   batch b;                                            // one buffer, reused batch after batch
//   for (auto r = batches(ds.partition(3), prep, {.batch_size = 64}); r.next(b);)
//     train(b.data<float>(), b.shape(), b.labels());    // {64, 3, 224, 224}; the last may be smaller
//
// Order and content do not depend on the thread count: samples are in reading order, and a row that
// cannot be stacked (invalid, a mode the pipeline rejects, another output shape) is left out and
// listed in batch::skipped() with the reason; the batch is topped up from the next rows instead.
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <latch>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "../erased/row_convert.hpp"
#include "../io/dataset.hpp"
#include "../pipeline/pipeline.hpp"
#include "batch.hpp"

namespace imgframe {

// How batches are cut.
struct batch_options {
  // Samples per batch (the last one may have fewer).
  std::size_t batch_size = 64;
};

// What turns one row into slot `i` of a batch (b.put(i, result)); it throws to refuse the row.
template <class F>
concept batch_transform = std::invocable<const F&, const image_row&, batch&, std::size_t>;

// A typed pipeline as a batch transform: the row is dispatched to its typed view (visit), and the
// pipeline's result (tensor, image or view) is copied into the slot.
template <Pipeline P>
struct pipeline_transform {
  // The pipeline each row goes through.
  P pipeline;
  // Runs the pipeline on the row's typed view and puts the result in slot i of b.
  void operator()(const image_row& row, batch& b, std::size_t i) const {
    const P& p = pipeline;
    visit(row, [&](auto view) -> decltype(void(p(view))) { b.put(i, p(view)); });
  }
};

// Batches of a reading: each row through transform F into a slot, in the reading's order; rows F refuses are
// listed in the batch's skipped().
template <batch_transform F>
class batch_reader {
 public:
  // Batches of reading r through transform; throws batch_error for a zero batch size.
  batch_reader(reading r, F transform, batch_options o = {})
      : reading_(std::make_unique<reading>(std::move(r))), f_(std::move(transform)), o_(o) {
    if (o_.batch_size == 0) throw batch_error("imgframe batches: batch_size must be positive");
  }

  // Fills b with the next samples (up to batch_size, fewer only at the end of the reading).
  // Returns false when no sample was left (b is then empty; b.skipped() may still list rows).
  bool next(batch& b) {
    b.start(o_.batch_size);
    if (!started_) {
      it_ = reading_->begin();
      started_ = true;
    }
    while (b.size() < o_.batch_size && it_ != std::default_sentinel) {
      rows_.clear();
      while (rows_.size() < o_.batch_size - b.size() && it_ != std::default_sentinel) {
        rows_.push_back(std::move(reading_->current()));
        ++it_;
      }
      fill(b);
    }
    return !b.empty();
  }

  // The reading's summary (rows, valid, invalid, ...).
  const read_summary& summary() const noexcept { return reading_->summary(); }

 private:
  // Transforms rows_ into slots b.size() + k, in parallel once the batch's format is known.
  void fill(batch& b) {
    const std::size_t base = b.size();
    outcomes_.assign(rows_.size(), {});
    std::size_t k = 0;
    for (; k < rows_.size() && !b.has_format(); ++k) one(b, base, k);  // the first sample fixes the format
    thread_pool* pool = reading_->workers();
    if (pool && rows_.size() - k > 1) {
      std::latch done(static_cast<std::ptrdiff_t>(rows_.size() - k));
      for (; k < rows_.size(); ++k)
        pool->submit([this, &b, &done, base, k] {
          one(b, base, k);
          done.count_down();
        });
      done.wait();
    } else {
      for (; k < rows_.size(); ++k) one(b, base, k);
    }
    b.commit(outcomes_);
  }

  // Never throws: a refused row becomes a skipped outcome.
  void one(batch& b, std::size_t base, std::size_t k) noexcept {
    const dataset_row& row = rows_[k];
    batch::slot_outcome& o = outcomes_[k];
    try {
      o.file_index = row.file_index;
      o.origin = row.row.origin;
      o.label = row.label && row.label->index >= 0 ? row.label->index : batch::no_label;
      if (!row.ok()) {
        o.reason = row.error;
        return;
      }
      f_(row.row, b, base + k);
      o.filled = true;
    } catch (const std::exception& e) {
      o.reason = e.what();
    } catch (...) {
      o.reason = "unknown error in the batch transform";
    }
  }

  std::unique_ptr<reading> reading_;  // on the heap: the iterator points to it, and the reader may move
  F f_;
  batch_options o_;
  reading::iterator it_;
  bool started_ = false;
  std::vector<dataset_row> rows_;
  std::vector<batch::slot_outcome> outcomes_;
};

// Batches of a reading through a typed pipeline, or through any batch_transform.
template <Pipeline P>
batch_reader<pipeline_transform<P>> batches(reading r, P p, batch_options o = {}) {
  return batch_reader<pipeline_transform<P>>(std::move(r), pipeline_transform<P>{std::move(p)}, o);
}
// Batches of a reading through one typed stage.
template <Stage S>
batch_reader<pipeline_transform<pipeline<S>>> batches(reading r, S s, batch_options o = {}) {
  return batches(std::move(r), make_pipeline(s), o);
}
// Batches of a reading through any batch_transform.
template <batch_transform F>
  requires(!Pipeline<F> && !Stage<F>)
batch_reader<F> batches(reading r, F f, batch_options o = {}) {
  return batch_reader<F>(std::move(r), std::move(f), o);
}

}  // namespace imgframe
