#pragma once
// The result of read_images: a listed, sampled set of files cut into partitions, decoded lazily.
// Iterating a partition (or the whole dataset) streams rows in listing order while a thread pool
// decodes a few files ahead; memory holds at most `read_ahead` decoded images per reading, whatever
// the folder size. Rows and their order do not depend on the thread count.
#include <algorithm>
#include <condition_variable>
#include <cstddef>
#include <exception>
#include <functional>
#include <iterator>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "../erased/image_row.hpp"
#include "decode.hpp"
#include "labels.hpp"
#include "listing.hpp"
#include "partition.hpp"
#include "partition_values.hpp"
#include "progress.hpp"
#include "read_options.hpp"
#include "spark_time.hpp"
#include "thread_pool.hpp"
#include "zip_archive.hpp"

namespace imgframe {

// One row of the dataset: Spark's six fields, plus what Spark loses (why a row is invalid) and the
// optional label, outside the schema.
struct dataset_row {
  image_row row;                   // Spark-exact; the invalid row (origin, -1, -1, -1, -1, empty) on failure
  failure reason = failure::none;  // why the row is invalid
  std::string error;               // human-readable reason; empty for a valid row
  std::size_t file_index = 0;      // position of the file in dataset::files()
  std::optional<row_label> label;  // with read_options::label != label_from::none
  // Where the row lies in its decoded image when shrink-on-load decoded a source window (roi_plan,
  // shrink_plan(image_transformer): pass it to image_transformer::transform); else empty (whole).
  decode_window window;
  // True for a valid row.
  bool ok() const noexcept { return reason == failure::none; }
  // Same row, reason, error, file and label.
  friend bool operator==(const dataset_row&, const dataset_row&) = default;
};

// What a reading did. files = valid + invalid + missing_skipped; rows = valid + invalid - dropped.
struct read_summary {
  std::size_t files = 0;            // files the reading went through
  std::size_t rows = 0;             // rows it produced
  // Valid rows.
  std::size_t valid = 0;
  std::size_t invalid = 0;          // files that failed, whether their row was produced or dropped
  std::size_t dropped = 0;          // invalid rows left out by drop_image_failures
  std::size_t missing_skipped = 0;  // files gone before reading, left out by ignore_missing_files
  std::map<failure, std::size_t> by_reason;  // every failure, including dropped and skipped ones

  // Adds another reading's counts (the partitions of a dataset add up to rows()).
  read_summary& operator+=(const read_summary& o) {
    files += o.files, rows += o.rows, valid += o.valid, invalid += o.invalid, dropped += o.dropped;
    missing_skipped += o.missing_skipped;
    for (const auto& [k, v] : o.by_reason) by_reason[k] += v;
    return *this;
  }
  // Same counts.
  friend bool operator==(const read_summary&, const read_summary&) = default;
};

namespace detail {

struct dataset_state {
  read_options options;
  std::vector<listed_file> files;  // what is read, sorted by origin
  class_index classes;             // label_from::parent_dir
  std::vector<std::string> column_names;  // label_from::partition_columns, in first-seen order
  std::vector<partition_column> partition_schema;  // the same columns with their types
  spark_time::time_zone zone;      // read_options::time_zone
  std::size_t modified_filtered = 0;
  std::vector<listing_problem> problems;
  std::size_t listed = 0;          // files found before sampling
  std::size_t sampled_out = 0;
  std::size_t name_filtered = 0;
  std::size_t partitions = 1;
  unsigned threads = 1;
  std::unique_ptr<thread_pool> pool;  // none with one thread: the reading thread decodes itself
};

// Reads one entry of a zip archive with the limits of files, then decodes it.
inline decode_result read_archive_entry(const listed_file& f, const read_options& o) {
  file_bytes b = read_zip_entry(f.archive, f.entry_index, f.entry_name, o.decode.limits, o.zip);
  if (b.ok()) return decode(b.bytes, f.origin, o.decode);
  decode_result r;
  r.row = invalid_row(f.origin);
  r.reason = b.reason;
  r.message = std::move(b.message);
  return r;
}

// Reads one listed file into its row. Never throws: anything unexpected becomes an invalid row.
inline dataset_row read_listed_file(const dataset_state& s, std::size_t index) noexcept {
  const listed_file& f = s.files[index];
  dataset_row out;
  out.file_index = index;
  try {
    if (!f.readable()) {
      out.reason = f.reason;
      out.error = f.message;
    } else {
      decode_result r = f.in_archive() ? read_archive_entry(f, s.options) : read_image(f.path, s.options.decode);
      out.reason = r.reason;
      out.error = std::move(r.message);
      if (r.ok()) {
        out.row = std::move(r.row);
        if (s.options.decode.shrink.source_window) out.window = r.row_window();
      }
      if (out.reason == failure::not_found) {  // it was listed, so it disappeared since
        out.reason = failure::vanished;
        out.error = "vanished: listed, then gone before it was read";
      }
    }
    if (!out.ok()) out.row = invalid_row(f.origin);
    out.row.origin = f.origin;
    if (s.options.label == label_from::parent_dir) {
      row_label l;
      l.name = parent_dir_of(f.path);
      l.index = s.classes.index_of(l.name);
      out.label = std::move(l);
    } else if (s.options.label == label_from::partition_columns) {
      row_label l;
      for (const auto& col : raw_partition_columns_of(f.relative)) {  // (name, raw value)
        l.columns.emplace_back(col.first, unescape_path_name(col.second));
        l.name += (l.name.empty() ? "" : "/") + col.first + "=" + l.columns.back().second;
        const auto c = std::find_if(s.partition_schema.begin(), s.partition_schema.end(),
                                    [&](const partition_column& x) { return x.name == col.first; });
        l.values.push_back(
            typed_partition_value(col.second, c != s.partition_schema.end() ? *c : partition_column{col.first}, s.zone));
      }
      out.label = std::move(l);
    }
  } catch (const std::exception& e) {
    out.reason = failure::unreadable;
    out.error = std::string("error while reading: ") + e.what();
    out.row = invalid_row(f.origin);
  } catch (...) {
    out.reason = failure::unreadable;
    out.error = "unknown error while reading";
    out.row = invalid_row(f.origin);
  }
  return out;
}

// Decoded rows in flight for one reading: slot k holds file begin + k (mod size) once decoded.
struct read_window {
  std::mutex mutex;
  std::condition_variable ready;
  std::vector<std::optional<dataset_row>> slots;
  std::size_t in_flight = 0;  // submitted, not yet decoded
  std::size_t filled = 0;     // decoded, not yet taken
  std::size_t peak = 0;       // most rows resident at once (in_flight + filled): the memory bound
  bool cancelled = false;
  std::function<void(dataset_row&)> stage;  // reading::on_each_row's, run by the decoding thread
};

}  // namespace detail

// A single pass over a range of the dataset's files, in order. An input range: for (auto& r : reading).
class reading {
 public:
  // The input iterator over the rows (rows are produced as the reading goes).
  class iterator {
   public:
    // A row.
    using value_type = dataset_row;
    // Iterator difference.
    using difference_type = std::ptrdiff_t;
    // The current row.
    using reference = const dataset_row&;
    // Pointer to the current row.
    using pointer = const dataset_row*;
    // A single-pass input iterator.
    using iterator_category = std::input_iterator_tag;

    iterator() = default;
    // An iterator on reading r.
    explicit iterator(reading* r) : r_(r) {}
    // The current row.
    reference operator*() const { return r_->current_; }
    // The current row's members.
    pointer operator->() const { return &r_->current_; }
    // Moves to the next row.
    iterator& operator++() {
      r_->advance();
      return *this;
    }
    // Moves to the next row.
    void operator++(int) { r_->advance(); }
    // True when the reading has no row left.
    friend bool operator==(const iterator& it, std::default_sentinel_t) { return it.at_end(); }

   private:
    bool at_end() const noexcept { return r_ == nullptr || r_->done_; }
    reading* r_ = nullptr;
  };

  // A reading of the files in range of a dataset's state (dataset::partition() and rows() make them).
  reading(std::shared_ptr<const detail::dataset_state> s, index_range range)
      : s_(std::move(s)), range_(range), next_(range.begin), next_submit_(range.begin) {}
  // Moves a reading that has not started.
  reading(reading&&) = default;
  reading& operator=(reading&&) = delete;
  reading(const reading&) = delete;
  reading& operator=(const reading&) = delete;

  // Waits for the files still being decoded (their rows are discarded), so no work outlives it.
  ~reading() {
    if (!window_) return;
    std::unique_lock lock(window_->mutex);
    window_->cancelled = true;
    window_->ready.wait(lock, [&] { return window_->in_flight == 0; });
  }

  // Starts the reading; call once.
  iterator begin() {
    if (!started_) {
      started_ = true;
      start();
      advance();
    }
    return iterator(this);
  }
  // The end of the rows.
  std::default_sentinel_t end() const noexcept { return {}; }

  // The current row, movable: consumers that keep rows (batches) take it instead of copying it.
  dataset_row& current() noexcept { return current_; }
  // The dataset's decode threads (nullptr with one thread); batches run their transforms on them.
  thread_pool* workers() const noexcept { return s_->pool.get(); }

  // Runs `stage` on each row (valid or not) on the thread that decoded it, before the row is handed
  // out in order: a per-row transform then runs where the row's pixels are still in that core's
  // cache, and overlaps the decoding instead of waiting for it. Call before begin(); `stage` must not
  // throw, and what it refers to must outlive the reading (the reading waits for its decodes).
  void on_each_row(std::function<void(dataset_row&)> stage) { stage_ = std::move(stage); }

  // Counts so far; complete once the reading reached its end.
  const read_summary& summary() const noexcept { return summary_; }
  // The files this reading goes through (indices into dataset::files()).
  index_range files() const noexcept { return range_; }
  // The most decoded rows this reading held at once besides the current one (<= read_ahead, or
  // 2 per thread); 0 with one thread, which decodes each file when it is needed.
  std::size_t peak_read_ahead() const {
    if (!window_) return 0;
    std::lock_guard lock(window_->mutex);
    return window_->peak;
  }

 private:
  void start() {
    meter_ = std::make_unique<progress_meter>(s_->options.show_progress, range_.size());
    if (!s_->pool) return;
    std::size_t w = s_->options.read_ahead ? s_->options.read_ahead : 2 * std::size_t{s_->threads};
    if (w > range_.size()) w = range_.size();
    if (w == 0) return;
    window_ = std::make_unique<detail::read_window>();
    window_->slots.resize(w);
    window_->stage = stage_;
    for (std::size_t k = 0; k < w; ++k) submit_next();
  }

  void submit_next() {
    if (next_submit_ >= range_.end) return;
    const std::size_t index = next_submit_++;
    detail::read_window* win = window_.get();
    const detail::dataset_state* state = s_.get();
    const std::size_t slot = (index - range_.begin) % win->slots.size();
    {
      std::lock_guard lock(win->mutex);
      ++win->in_flight;
      win->peak = std::max(win->peak, win->in_flight + win->filled);
    }
    // Raw pointers: the reading outlives its tasks (its destructor waits for them).
    s_->pool->submit([win, state, index, slot] {
      bool skip;
      {
        std::lock_guard lock(win->mutex);
        skip = win->cancelled;
      }
      std::optional<dataset_row> row;
      if (!skip) {
        row.emplace(detail::read_listed_file(*state, index));
        if (win->stage) win->stage(*row);
      }
      std::lock_guard lock(win->mutex);
      win->filled += row.has_value();
      win->slots[slot] = std::move(row);
      --win->in_flight;
      win->ready.notify_all();
    });
  }

  dataset_row take(std::size_t index) {
    if (!window_) {
      dataset_row row = detail::read_listed_file(*s_, index);
      if (stage_) stage_(row);
      return row;
    }
    const std::size_t slot = (index - range_.begin) % window_->slots.size();
    dataset_row row;
    {
      std::unique_lock lock(window_->mutex);
      window_->ready.wait(lock, [&] { return window_->slots[slot].has_value(); });
      row = std::move(*window_->slots[slot]);
      window_->slots[slot].reset();
      --window_->filled;
    }
    submit_next();  // keep the window full
    return row;
  }

  void advance() {
    while (next_ < range_.end) {
      dataset_row row = take(next_++);
      ++summary_.files;
      const bool missing = row.reason == failure::vanished;
      if (!row.ok()) ++summary_.by_reason[row.reason];
      meter_->tick(!row.ok());
      if (missing && s_->options.ignore_missing_files) {
        ++summary_.missing_skipped;
        continue;
      }
      if (row.ok()) {
        ++summary_.valid;
      } else {
        ++summary_.invalid;
        if (s_->options.drop_image_failures) {
          ++summary_.dropped;
          continue;
        }
      }
      ++summary_.rows;
      current_ = std::move(row);
      return;
    }
    done_ = true;
    current_ = dataset_row{};
    meter_->finish();
  }

  std::shared_ptr<const detail::dataset_state> s_;
  index_range range_;
  std::size_t next_, next_submit_;
  bool started_ = false, done_ = false;
  dataset_row current_;
  read_summary summary_;
  std::unique_ptr<progress_meter> meter_;
  std::unique_ptr<detail::read_window> window_;
  std::function<void(dataset_row&)> stage_;
};

// The listed, sampled and partitioned files of read_images(), to read as a whole (rows()) or by partition;
// decoding happens while a reading is iterated.
class dataset {
 public:
  // A dataset over listed state (read_images() makes them).
  explicit dataset(std::shared_ptr<const detail::dataset_state> s) : s_(std::move(s)) {}

  // Number of partitions.
  std::size_t num_partitions() const noexcept { return s_->partitions; }
  std::size_t size() const noexcept { return s_->files.size(); }  // files to read (rows before failures)
  // Decode threads.
  unsigned threads() const noexcept { return s_->threads; }
  // The options it was read with.
  const read_options& options() const noexcept { return s_->options; }

  // Partition i: reads only its own files. partition(0) ++ ... ++ partition(n-1) == rows().
  reading partition(std::size_t i) const { return reading(s_, partition_range(size(), num_partitions(), i)); }
  // Every row, in order.
  reading rows() const { return reading(s_, {0, size()}); }

  // Every file to read, in row order.
  std::span<const listed_file> files() const& noexcept { return s_->files; }
  void files() && = delete;  // would dangle: keep the dataset in a variable
  void partition_files(std::size_t) && = delete;
  // The files of partition i.
  std::span<const listed_file> partition_files(std::size_t i) const& {
    const auto r = partition_range(size(), num_partitions(), i);
    return std::span<const listed_file>(s_->files).subspan(r.begin, r.size());
  }

  // label_from::parent_dir: the sorted class names; a row's label index points into it.
  const std::vector<std::string>& class_names() const& noexcept { return s_->classes.names(); }
  // The sorted class names, moved out of a temporary dataset.
  std::vector<std::string> class_names() && { return s_->classes.names(); }
  // label_from::partition_columns: the column names, in the order they first appear.
  const std::vector<std::string>& partition_column_names() const& noexcept { return s_->column_names; }
  // The partition column names, moved out of a temporary dataset.
  std::vector<std::string> partition_column_names() && { return s_->column_names; }
  // The same columns with the types Spark infers for them (all string without type inference).
  const std::vector<partition_column>& partition_columns() const& noexcept { return s_->partition_schema; }
  // The typed partition columns, moved out of a temporary dataset.
  std::vector<partition_column> partition_columns() && { return s_->partition_schema; }
  // Files left out by modified_before / modified_after.
  std::size_t modified_filtered() const noexcept { return s_->modified_filtered; }

  // Listing facts: unreadable directories and symbolic link loops (reported, not fatal), files found
  // before sampling, files sampled out, files left out by path_glob_filter.
  const std::vector<listing_problem>& listing_problems() const& noexcept { return s_->problems; }
  // The listing problems, moved out of a temporary dataset.
  std::vector<listing_problem> listing_problems() && { return s_->problems; }
  // Files found before sampling.
  std::size_t listed() const noexcept { return s_->listed; }
  // Files left out by sampling.
  std::size_t sampled_out() const noexcept { return s_->sampled_out; }
  // Files left out by path_glob_filter.
  std::size_t name_filtered() const noexcept { return s_->name_filtered; }

 private:
  std::shared_ptr<const detail::dataset_state> s_;
};

// Drains a reading into a vector (for small datasets and tests); the summary is left in `summary`.
inline std::vector<dataset_row> collect(reading&& r, read_summary* summary = nullptr) {
  std::vector<dataset_row> rows;
  for (const dataset_row& row : r) rows.push_back(row);
  if (summary) *summary = r.summary();
  return rows;
}

}  // namespace imgframe
