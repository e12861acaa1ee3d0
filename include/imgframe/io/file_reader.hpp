#pragma once
// Reading one file's bytes without trusting it: the type and size are checked before anything is
// read, only regular files are opened (a FIFO would block, /dev/zero never ends), the read is bounded
// by the size seen at open time, and a file that shrinks or disappears meanwhile is reported.
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <string>
#include <system_error>
#include <vector>

#include "failure.hpp"

#if defined(__unix__) || defined(__APPLE__)
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#define IMGFRAME_IO_POSIX 1
#else
#include <fstream>
#endif

namespace imgframe {

// The bytes of a file, or why they could not be read.
struct file_bytes {
  // The file's bytes.
  std::vector<std::uint8_t> bytes;
  // Why the file could not be read; failure::none when it could.
  failure reason = failure::none;
  std::string message;  // empty when the bytes were read
  // True when the bytes were read.
  bool ok() const noexcept { return reason == failure::none; }
};

namespace detail {

// Test seam: called with the path once the file is open and its size known, just before its bytes
// are read, so tests can shrink, grow, replace or delete it at exactly that point (deterministic
// races). Per thread; null (the default) outside tests.
inline thread_local void (*read_file_test_hook)(const std::filesystem::path&) = nullptr;

inline file_bytes file_error(failure f, std::string message) {
  file_bytes r;
  r.reason = f;
  r.message = std::move(message);
  return r;
}

inline std::string describe_type(std::filesystem::file_type t) {
  using ft = std::filesystem::file_type;
  switch (t) {
    case ft::directory: return "a directory";
    case ft::fifo: return "a FIFO (named pipe)";
    case ft::character: return "a character device";
    case ft::block: return "a block device";
    case ft::socket: return "a socket";
    case ft::symlink: return "a dangling symbolic link";
    default: return "not a regular file";
  }
}

// errno from open() or read() -> reason. `existed`: the path was seen before opening it.
inline failure classify_errno(int err, bool existed) noexcept {
  switch (err) {
    case ENOENT:
    case ENOTDIR: return existed ? failure::vanished : failure::not_found;
    case EACCES:
    case EPERM: return failure::permission_denied;
    case ELOOP: return failure::not_found;
    default: return failure::unreadable;
  }
}

inline std::string errno_text(int err) { return std::generic_category().message(err); }

#if IMGFRAME_IO_POSIX
// open(path) for reading, retried on EINTR; -1 and errno on failure. O_NONBLOCK: if the path was
// swapped for a FIFO since it was checked, open() must not block on it (callers fstat what they got).
inline int open_read_only(const std::filesystem::path& path) noexcept {
  int fd;
  do {
    fd = ::open(path.c_str(), O_RDONLY | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
  } while (fd < 0 && errno == EINTR);
  return fd;
}
#endif

inline std::string size_text(std::uint64_t n) {
  std::string s = std::to_string(n) + " bytes";
  if (n >= (1ull << 20)) s += " (" + std::to_string(n >> 20) + " MiB)";
  return s;
}

inline file_bytes check_size(std::uint64_t size, std::uint64_t max_bytes) {
  if (size > max_bytes)
    return file_error(failure::too_large, "file is " + size_text(size) + ", over max_file_bytes = " + size_text(max_bytes));
  if (size == 0) return file_error(failure::empty_file, "file is empty (0 bytes)");
  return {};
}

}  // namespace detail

// Reads a whole regular file of at most max_bytes bytes. Never throws for anything the file system
// does (std::bad_alloc aside, which the size cap keeps to max_bytes).
inline file_bytes read_file_bytes(const std::filesystem::path& path, std::uint64_t max_bytes) {
  namespace fs = std::filesystem;
  using detail::file_error;
  std::error_code ec;
  const fs::file_status st = fs::status(path, ec);  // follows symlinks, like open()
  if (st.type() == fs::file_type::not_found) {
    // A symlink whose target is missing is still "not found", but say so.
    std::error_code lec;
    if (fs::symlink_status(path, lec).type() == fs::file_type::symlink)
      return file_error(failure::not_found, "dangling symbolic link (its target does not exist)");
    return file_error(failure::not_found, "no such file or directory");
  }
  if (ec) return file_error(detail::classify_errno(ec.value(), false), "cannot stat: " + ec.message());
  if (st.type() != fs::file_type::regular)
    return file_error(failure::not_regular_file, "is " + detail::describe_type(st.type()) + ", not a regular file; not opened");
  const std::uint64_t listed_size = fs::file_size(path, ec);
  if (ec) return file_error(detail::classify_errno(ec.value(), true), "cannot stat: " + ec.message());
  if (auto r = detail::check_size(listed_size, max_bytes); !r.ok()) return r;

#if IMGFRAME_IO_POSIX
  const int fd = detail::open_read_only(path);
  if (fd < 0) {
    const int err = errno;
    return file_error(detail::classify_errno(err, true), "cannot open: " + detail::errno_text(err));
  }
  struct fd_closer {
    int fd;
    ~fd_closer() { ::close(fd); }
  } closer{fd};
  // Re-check what was actually opened (the path may have changed since fs::status).
  struct ::stat sb {};
  if (::fstat(fd, &sb) != 0) {
    const int err = errno;
    return file_error(failure::unreadable, "cannot stat the open file: " + detail::errno_text(err));
  }
  if (!S_ISREG(sb.st_mode))
    return file_error(failure::not_regular_file, "was replaced by something that is not a regular file; not read");
  const auto size = static_cast<std::uint64_t>(sb.st_size);
  if (auto r = detail::check_size(size, max_bytes); !r.ok()) return r;

  if (detail::read_file_test_hook) detail::read_file_test_hook(path);
  file_bytes out;
  out.bytes.resize(static_cast<std::size_t>(size));
  std::size_t got = 0;
  while (got < out.bytes.size()) {
    const ssize_t n = ::read(fd, out.bytes.data() + got, out.bytes.size() - got);
    if (n < 0) {
      if (errno == EINTR || errno == EAGAIN) continue;
      const int err = errno;
      return file_error(failure::unreadable, "read error after " + std::to_string(got) + " bytes: " + detail::errno_text(err));
    }
    if (n == 0) break;
    got += static_cast<std::size_t>(n);
  }
  if (got < out.bytes.size())
    return file_error(failure::vanished, "file shrank while being read (" + std::to_string(size) + " bytes at open, " +
                                             std::to_string(got) + " read)");
  // A file still being written (it grew since fstat) would decode as a truncated image at best.
  unsigned char extra;
  ssize_t more;
  do more = ::read(fd, &extra, 1);
  while (more < 0 && (errno == EINTR || errno == EAGAIN));
  if (more > 0)
    return file_error(failure::vanished, "file grew while being read (" + std::to_string(size) +
                                             " bytes at open, more since): it is still being written");
  return out;
#else
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    const int err = errno;
    return file_error(detail::classify_errno(err, true), "cannot open: " + detail::errno_text(err));
  }
  file_bytes out;
  out.bytes.resize(static_cast<std::size_t>(listed_size));
  in.read(reinterpret_cast<char*>(out.bytes.data()), static_cast<std::streamsize>(out.bytes.size()));
  const auto got = static_cast<std::uint64_t>(in.gcount());
  if (got < listed_size)
    return file_error(in.bad() ? failure::unreadable : failure::vanished,
                      "file shrank while being read (" + std::to_string(listed_size) + " bytes listed, " +
                          std::to_string(got) + " read)");
  return out;
#endif
}

}  // namespace imgframe
