// Zip archives in memory, on libarchive (Debian libarchive-dev): the records-request bundle
// (issue #20 §2) is one .zip, the archive a clerk's computer opens without installing anything,
// and `collegiald verify --bundle` reads it back. Nothing is extracted to disk: names are only
// keys, so a name like "../x" in an archive someone else made cannot write outside a folder.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "util/result.hpp"

namespace collegial::zip {

struct Entry {
  std::string name;  // a path inside the archive, '/' between folders
  std::string data;
  std::int64_t modified_ms = 0;  // the entry's time (the archive's readers show it)
};

// The archive holding `entries` in order, deflated. Throws std::runtime_error when libarchive
// fails (it only does when out of memory).
std::string write(const std::vector<Entry>& entries);

// Limits on what read() accepts from an archive it did not make.
struct Limits {
  std::size_t max_entries = 10'000;
  std::size_t max_total_bytes = std::size_t{1} << 30;  // uncompressed, all entries together
};

// The regular files of the zip archive `bytes`, in archive order. bad_archive when it is not a
// zip archive or is damaged, too_large past `limits`.
Result<std::vector<Entry>> read(std::string_view bytes, const Limits& limits = {});

}  // namespace collegial::zip
