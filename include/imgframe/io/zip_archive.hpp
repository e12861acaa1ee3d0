#pragma once
// Images inside zip archives, as SynapseML reads them (BinaryFileReader / its image reader with
// inspectZip = true, core/env/StreamUtilities.ZipIterator):
//  - a listed file is an archive when FilenameUtils.getExtension(origin) == "zip" (case-sensitive:
//    "x.ZIP" is an ordinary file, and fails to decode);
//  - each entry whose name does not end in '/' is a file of its own, in archive order, with the origin
//    archive origin + "/" + entry name ("file:/data/cifar.zip/airplane/1.png"), the name as stored
//    (no normalization);
//  - per-file sampling: the archive itself never draws; one java.util.Random(origin.hashCode() ^ seed)
//    of the archive's origin draws once per non-directory entry, which is kept iff nextDouble() < ratio
//    (strictly less, where plain files use <=);
//  - an entry inside an entry is not opened again: a nested .zip is just bytes (and fails to decode).
// imgframe reads entries with the same limits as files (max_file_bytes on the uncompressed size, before
// anything is inflated) plus a compression-ratio limit against zip bombs; a bad entry gives an invalid
// row with its reason, a bad archive one invalid row for the archive (SynapseML's task would fail).
// SynapseML streams the local headers (java.util.zip.ZipInputStream); libzip reads the central
// directory: the same entries in the same order for any archive written by a zip tool.
//
// The reading functions are compiled in the decoder translation unit (io/stb_implementation.hpp)
// with libzip when it is built with IMGFRAME_WITH_LIBZIP (CMake option of the same name); without
// it every archive gives an invalid row that says so.
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "decode.hpp"
#include "failure.hpp"
#include "file_reader.hpp"
#include "java_random.hpp"

namespace imgframe {

// Zip-bomb limits for the entries of a zip archive.
struct zip_limits {
  // An entry whose uncompressed size is over this many times its compressed size, and over
  // ratio_grace_bytes, is refused as a zip bomb (failure::too_large) before it is inflated. Images
  // compress little (JPEG/PNG ~1:1); a flat uncompressed BMP can reach deflate's ~1000:1: raise it then.
  // 0: no ratio limit (the size limit still holds).
  double max_compression_ratio = 100;  // Apache POI's ZipSecureFile default (min inflate ratio 0.01)
  std::uint64_t ratio_grace_bytes = 1ull << 20;  // smaller entries cost little whatever their ratio
};

// One entry of a zip archive's central directory.
struct zip_entry_info {
  std::string name;                  // as stored (UTF-8 for any tool of this century)
  std::uint64_t index = 0;           // libzip's index in the central directory
  std::uint64_t size = 0;            // uncompressed, as declared
  // Compressed size, as declared.
  std::uint64_t compressed_size = 0;
  // True for a directory entry.
  bool is_directory() const noexcept { return !name.empty() && name.back() == '/'; }
};

// The entries of a zip archive, or why it could not be listed.
struct zip_listing {
  std::vector<zip_entry_info> entries;  // every entry, directories too, in archive order
  // Why it could not be listed; failure::none when it could.
  failure reason = failure::none;
  std::string message;                  // empty when the archive could be listed
  // True when the archive was listed.
  bool ok() const noexcept { return reason == failure::none; }
};

// Whether this program was built with libzip (the decoder TU with IMGFRAME_WITH_LIBZIP).
bool zip_supported() noexcept;

// The entries of a zip archive, from its central directory. Never throws for bad data.
zip_listing list_zip_entries(const std::filesystem::path& archive);

// The bytes of entry `index`, which must still be called `name` (else the archive changed since it was
// listed: failure::vanished). Sizes are checked against limits.max_file_bytes and zip.max_compression_ratio
// before inflating; an entry whose data does not match its declared size or CRC is failure::corrupt.
// Keeps the last archive open per thread, so reading an archive's entries in order opens it once.
file_bytes read_zip_entry(const std::filesystem::path& archive, std::uint64_t index, std::string_view name,
                          const decode_limits& limits, const zip_limits& zip = {});

// commons-io FilenameUtils.getExtension(origin) == "zip": what BinaryRecordReader tests.
inline bool is_zip_archive_name(std::string_view origin) noexcept {
  const auto dot = origin.rfind('.');
  const auto sep = origin.find_last_of("/\\");
  if (dot == std::string_view::npos || (sep != std::string_view::npos && dot < sep)) return false;
  return origin.substr(dot + 1) == "zip";
}

// SynapseML's entry sampling: one generator per archive, seeded from the archive's origin, one draw per
// non-directory entry in archive order. Returns keep[i] for entries[i] (directories: false).
inline std::vector<bool> zip_entries_kept(std::string_view archive_origin, const std::vector<zip_entry_info>& entries,
                                          std::int64_t seed, double ratio) {
  java::random rng(static_cast<std::int64_t>(java::string_hash_code(archive_origin)) ^ seed);
  std::vector<bool> keep(entries.size(), false);
  for (std::size_t i = 0; i < entries.size(); ++i)
    if (!entries[i].is_directory()) keep[i] = rng.next_double() < ratio;
  return keep;
}

}  // namespace imgframe
