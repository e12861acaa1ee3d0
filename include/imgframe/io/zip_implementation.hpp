#pragma once
// The zip-archive functions of io/zip_archive.hpp, compiled once in the decoder translation unit
// (included by io/stb_implementation.hpp). With IMGFRAME_WITH_LIBZIP (and libzip linked) entries are
// read with libzip; without it every archive is reported as needing libzip.
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <utility>

#include "zip_archive.hpp"

#if IMGFRAME_WITH_LIBZIP
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zip.h>

#include <cerrno>
#include <cstdio>
#endif

namespace imgframe {

#if IMGFRAME_WITH_LIBZIP

namespace detail {

struct zip_closer {
  void operator()(zip_t* z) const noexcept { zip_discard(z); }
};
using zip_handle = std::unique_ptr<zip_t, zip_closer>;

struct zip_file_closer {
  void operator()(zip_file_t* f) const noexcept { zip_fclose(f); }
};

// What identifies the archive file on disk; a change means it was replaced since it was opened.
struct zip_identity {
  dev_t dev{};
  ino_t ino{};
  off_t size{};
  std::int64_t mtime_ns{};
  friend bool operator==(const zip_identity&, const zip_identity&) = default;
};

inline zip_identity identity_of(const struct ::stat& sb) {
  return {sb.st_dev, sb.st_ino, sb.st_size,
          static_cast<std::int64_t>(sb.st_mtim.tv_sec) * 1'000'000'000 + sb.st_mtim.tv_nsec};
}

inline std::string zip_error_text(int code) {
  zip_error_t e;
  zip_error_init_with_code(&e, code);
  std::string s = zip_error_strerror(&e);
  zip_error_fini(&e);
  return s;
}

inline failure zip_failure_for(int code) noexcept {
  switch (code) {
    case ZIP_ER_NOENT:
    case ZIP_ER_OPEN: return failure::not_found;
    case ZIP_ER_READ:
    case ZIP_ER_SEEK:
    case ZIP_ER_TELL: return failure::unreadable;
    case ZIP_ER_EOF: return failure::truncated;
    case ZIP_ER_COMPNOTSUPP:
    case ZIP_ER_ENCRNOTSUPP:
    case ZIP_ER_NOPASSWD:
    case ZIP_ER_MULTIDISK: return failure::unsupported_format;
    case ZIP_ER_MEMORY: return failure::too_large;
    default: return failure::corrupt;  // NOZIP, INCONS, CRC, ZLIB, COMPRESSED_DATA, ...
  }
}

struct opened_zip {
  zip_handle archive;
  zip_identity id;
  failure reason = failure::none;
  std::string message;
};

// Opens like read_file_bytes does: regular files only, never blocking on a FIFO swapped in.
inline opened_zip open_zip(const std::filesystem::path& path) {
  opened_zip out;
  const int fd = open_read_only(path);
  if (fd < 0) {
    const int err = errno;
    out.reason = classify_errno(err, true);
    out.message = "cannot open the zip archive: " + errno_text(err);
    return out;
  }
  struct ::stat sb {};
  if (::fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
    ::close(fd);
    out.reason = failure::not_regular_file;
    out.message = "the zip archive is not a regular file; not read";
    return out;
  }
  out.id = identity_of(sb);
  int err = 0;
  zip_t* z = zip_fdopen(fd, ZIP_RDONLY, &err);  // owns fd from here on success
  if (!z) {
    ::close(fd);
    out.reason = err == ZIP_ER_NOZIP ? failure::unsupported_format : zip_failure_for(err);
    out.message = "not a readable zip archive: " + zip_error_text(err);
    return out;
  }
  out.archive.reset(z);
  return out;
}

inline bool stat_entry(zip_t* z, std::uint64_t index, zip_stat_t& st) {
  zip_stat_init(&st);
  return zip_stat_index(z, index, ZIP_FL_ENC_RAW, &st) == 0 && (st.valid & ZIP_STAT_NAME) && st.name;
}

// The archive last read by this thread, kept open while its entries are read one after another.
struct zip_cache {
  std::string path;
  opened_zip zip;
};
inline thread_local zip_cache last_zip;

}  // namespace detail

bool zip_supported() noexcept { return true; }

zip_listing list_zip_entries(const std::filesystem::path& archive) {
  zip_listing out;
  detail::opened_zip z = detail::open_zip(archive);
  if (!z.archive) {
    out.reason = z.reason;
    out.message = std::move(z.message);
    return out;
  }
  const zip_int64_t n = zip_get_num_entries(z.archive.get(), 0);
  out.entries.reserve(n > 0 ? static_cast<std::size_t>(n) : 0);
  for (zip_int64_t i = 0; i < n; ++i) {
    zip_stat_t st;
    if (!detail::stat_entry(z.archive.get(), static_cast<std::uint64_t>(i), st)) {
      out.entries.clear();
      out.reason = failure::corrupt;
      out.message = "zip archive: cannot read entry " + std::to_string(i) + " of the central directory: " +
                    zip_strerror(z.archive.get());
      return out;
    }
    zip_entry_info e;
    e.name = st.name;
    e.index = static_cast<std::uint64_t>(i);
    e.size = (st.valid & ZIP_STAT_SIZE) ? st.size : 0;
    e.compressed_size = (st.valid & ZIP_STAT_COMP_SIZE) ? st.comp_size : 0;
    out.entries.push_back(std::move(e));
  }
  return out;
}

file_bytes read_zip_entry(const std::filesystem::path& archive, std::uint64_t index, std::string_view name,
                          const decode_limits& limits, const zip_limits& zl) {
  using detail::file_error;
  detail::zip_cache& cache = detail::last_zip;
  // Reuse the open archive unless the file on disk is another one now.
  struct ::stat sb {};
  const bool present = ::stat(archive.c_str(), &sb) == 0;
  if (!present) {
    const int err = errno;
    cache = {};
    return file_error(detail::classify_errno(err, true), "zip archive gone: " + detail::errno_text(err));
  }
  if (!cache.zip.archive || cache.path != archive.native() || !(cache.zip.id == detail::identity_of(sb))) {
    cache = {};
    cache.zip = detail::open_zip(archive);
    if (!cache.zip.archive) {
      file_bytes r = file_error(cache.zip.reason, cache.zip.message);
      cache = {};
      return r;
    }
    cache.path = archive.native();
  }
  zip_t* z = cache.zip.archive.get();

  zip_stat_t st;
  if (!detail::stat_entry(z, index, st) || std::string_view(st.name) != name)
    return file_error(failure::vanished, "zip entry " + std::string(name) + " is gone: the archive changed since it was listed");
  if (name.empty() || name.back() == '/') return file_error(failure::not_regular_file, "zip entry is a directory");
  if ((st.valid & ZIP_STAT_ENCRYPTION_METHOD) && st.encryption_method != ZIP_EM_NONE)
    return file_error(failure::unsupported_format, "zip entry is encrypted");
  if (!(st.valid & ZIP_STAT_SIZE)) return file_error(failure::corrupt, "zip entry without a size");
  const std::uint64_t size = st.size, packed = (st.valid & ZIP_STAT_COMP_SIZE) ? st.comp_size : size;
  if (size > limits.max_file_bytes)
    return file_error(failure::too_large, "zip entry is " + detail::size_text(size) +
                                              " uncompressed, over max_file_bytes = " + detail::size_text(limits.max_file_bytes));
  if (size == 0) return file_error(failure::empty_file, "zip entry is empty (0 bytes)");
  if (zl.max_compression_ratio > 0 && size > zl.ratio_grace_bytes &&
      static_cast<double>(size) > zl.max_compression_ratio * static_cast<double>(packed)) {
    char ratio[64];
    std::snprintf(ratio, sizeof ratio, "%.0f:1", packed ? static_cast<double>(size) / static_cast<double>(packed) : 0.0);
    return file_error(failure::too_large, "zip bomb: entry inflates " + detail::size_text(packed) + " to " +
                                              detail::size_text(size) + " (" + (packed ? ratio : std::string("from nothing")) +
                                              "), over zip_limits::max_compression_ratio = " +
                                              std::to_string(static_cast<long long>(zl.max_compression_ratio)) + ":1");
  }

  std::unique_ptr<zip_file_t, detail::zip_file_closer> f(zip_fopen_index(z, index, 0));
  if (!f) {
    const int code = zip_error_code_zip(zip_get_error(z));
    return file_error(detail::zip_failure_for(code), std::string("cannot open zip entry: ") + zip_strerror(z));
  }
  file_bytes out;
  out.bytes.resize(static_cast<std::size_t>(size));
  std::uint64_t got = 0;
  while (got < size) {
    const zip_int64_t n = zip_fread(f.get(), out.bytes.data() + got, size - got);
    if (n < 0) {
      const int code = zip_error_code_zip(zip_file_get_error(f.get()));
      return file_error(detail::zip_failure_for(code), std::string("zip entry: ") + zip_file_strerror(f.get()));
    }
    if (n == 0) break;
    got += static_cast<std::uint64_t>(n);
  }
  if (got < size)
    return file_error(failure::truncated, "zip entry ends after " + std::to_string(got) + " of its declared " +
                                              std::to_string(size) + " bytes");
  // One more read finds data past the declared size (and makes libzip check the CRC at the end).
  unsigned char extra;
  const zip_int64_t more = zip_fread(f.get(), &extra, 1);
  if (more < 0) {
    const int code = zip_error_code_zip(zip_file_get_error(f.get()));
    return file_error(detail::zip_failure_for(code), std::string("zip entry: ") + zip_file_strerror(f.get()));
  }
  if (more > 0) return file_error(failure::corrupt, "zip entry holds more data than its declared size");
  return out;
}

#else  // no libzip

namespace detail {
inline constexpr std::string_view no_libzip =
    "zip archive not read: this program was built without libzip (IMGFRAME_WITH_LIBZIP); set inspect_zip = false "
    "to treat .zip files as ordinary files";
}

bool zip_supported() noexcept { return false; }

zip_listing list_zip_entries(const std::filesystem::path&) {
  zip_listing out;
  out.reason = failure::unsupported_format;
  out.message = detail::no_libzip;
  return out;
}

file_bytes read_zip_entry(const std::filesystem::path&, std::uint64_t, std::string_view, const decode_limits&,
                          const zip_limits&) {
  return detail::file_error(failure::unsupported_format, std::string(detail::no_libzip));
}

#endif

}  // namespace imgframe
