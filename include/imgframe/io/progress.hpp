#pragma once
// A one-line progress indicator on stderr ("reading 1200/10000 files, 3 invalid, 850 images/s"),
// shown only when stderr is a terminal and the read has taken longer than a moment; the line is
// erased when the read ends, so pipes, logs and short reads never see it.
#include <chrono>
#include <cstddef>
#include <cstdio>

#if __has_include(<unistd.h>)
#include <unistd.h>
#define IMGFRAME_HAS_ISATTY 1
#endif

namespace imgframe {

// When the reading shows its progress line on stderr: on a terminal, never, or always.
enum class progress { automatic, never, always };

// True when stderr is a terminal.
inline bool stderr_is_terminal() noexcept {
#ifdef IMGFRAME_HAS_ISATTY
  return ::isatty(2) == 1;
#else
  return false;
#endif
}

// The reader's progress line on stderr ("reading 120/5000 files, 2 invalid, 340 images/s"), erased when done.
class progress_meter {
 public:
  // The clock used.
  using clock = std::chrono::steady_clock;

  // A meter for total files; shows nothing unless mode (and the terminal) allow it.
  progress_meter(progress mode, std::size_t total) noexcept
      : enabled_(mode == progress::always || (mode == progress::automatic && stderr_is_terminal())),
        total_(total),
        start_(clock::now()),
        last_(start_) {}
  progress_meter(const progress_meter&) = delete;
  progress_meter& operator=(const progress_meter&) = delete;
  ~progress_meter() { finish(); }

  // Counts one file; redraws the line at most a few times a second.
  void tick(bool invalid) noexcept {
    ++done_;
    if (invalid) ++invalid_;
    if (!enabled_) return;
    const auto now = clock::now();
    if (now - start_ < delay || now - last_ < interval) return;
    last_ = now;
    const double secs = std::chrono::duration<double>(now - start_).count();
    std::fprintf(stderr, "\rreading %zu/%zu files, %zu invalid, %.0f images/s ", done_, total_, invalid_,
                 secs > 0 ? static_cast<double>(done_) / secs : 0.0);
    std::fflush(stderr);
    shown_ = true;
  }

  // Erases the line, if shown.
  void finish() noexcept {
    if (shown_) {
      std::fprintf(stderr, "\r\033[K");
      std::fflush(stderr);
      shown_ = false;
    }
  }

  // True when the line is shown.
  bool enabled() const noexcept { return enabled_; }

 private:
  static constexpr std::chrono::milliseconds delay{700};
  static constexpr std::chrono::milliseconds interval{100};
  bool enabled_;
  bool shown_ = false;
  std::size_t total_, done_ = 0, invalid_ = 0;
  clock::time_point start_, last_;
};

}  // namespace imgframe
