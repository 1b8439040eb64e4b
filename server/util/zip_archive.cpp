#include "util/zip_archive.hpp"

#include <archive.h>
#include <archive_entry.h>

#include <memory>
#include <stdexcept>

namespace collegial::zip {

namespace {

struct ArchiveWriter {
  void operator()(archive* a) const { archive_write_free(a); }
};
struct ArchiveReader {
  void operator()(archive* a) const { archive_read_free(a); }
};
struct EntryFree {
  void operator()(archive_entry* e) const { archive_entry_free(e); }
};

la_ssize_t append_to(archive*, void* out, const void* buffer, size_t length) {
  static_cast<std::string*>(out)->append(static_cast<const char*>(buffer), length);
  return static_cast<la_ssize_t>(length);
}

void check(archive* a, int status) {
  if (status < ARCHIVE_WARN) throw std::runtime_error(std::string("zip: ") + archive_error_string(a));
}

}  // namespace

std::string write(const std::vector<Entry>& entries) {
  std::string out;
  std::unique_ptr<archive, ArchiveWriter> a(archive_write_new());
  if (!a) throw std::runtime_error("zip: out of memory");
  check(a.get(), archive_write_set_format_zip(a.get()));
  // Byte-for-byte output as given, not padded to tape blocks.
  check(a.get(), archive_write_set_bytes_in_last_block(a.get(), 1));
  check(a.get(), archive_write_open(a.get(), &out, nullptr, append_to, nullptr));
  for (const Entry& e : entries) {
    std::unique_ptr<archive_entry, EntryFree> entry(archive_entry_new());
    archive_entry_set_pathname_utf8(entry.get(), e.name.c_str());
    archive_entry_set_size(entry.get(), static_cast<la_int64_t>(e.data.size()));
    archive_entry_set_filetype(entry.get(), AE_IFREG);
    archive_entry_set_perm(entry.get(), 0644);
    archive_entry_set_mtime(entry.get(), static_cast<time_t>(e.modified_ms / 1000), 0);
    check(a.get(), archive_write_header(a.get(), entry.get()));
    if (!e.data.empty() && archive_write_data(a.get(), e.data.data(), e.data.size()) < 0) {
      check(a.get(), ARCHIVE_FATAL);
    }
  }
  check(a.get(), archive_write_close(a.get()));
  return out;
}

Result<std::vector<Entry>> read(std::string_view bytes, const Limits& limits) {
  std::unique_ptr<archive, ArchiveReader> a(archive_read_new());
  if (!a) throw std::runtime_error("zip: out of memory");
  archive_read_support_format_zip(a.get());
  const auto bad = [&a](std::string what) {
    const char* why = archive_error_string(a.get());
    return Status::error("bad_archive", what + (why ? std::string(": ") + why : std::string()));
  };
  if (archive_read_open_memory(a.get(), bytes.data(), bytes.size()) != ARCHIVE_OK) {
    return bad("not a zip archive");
  }
  std::vector<Entry> entries;
  std::size_t total = 0;
  archive_entry* entry = nullptr;
  for (;;) {
    const int r = archive_read_next_header(a.get(), &entry);
    if (r == ARCHIVE_EOF) break;
    if (r < ARCHIVE_WARN) return bad("a damaged entry header");
    if (archive_entry_filetype(entry) != AE_IFREG) continue;  // folders
    if (entries.size() == limits.max_entries) {
      return Status::error("too_large", "more than " + std::to_string(limits.max_entries) + " entries");
    }
    Entry e;
    const char* name = archive_entry_pathname_utf8(entry);
    if (!name) name = archive_entry_pathname(entry);
    e.name = name ? name : "";
    e.modified_ms = static_cast<std::int64_t>(archive_entry_mtime(entry)) * 1000;
    char buffer[64 * 1024];
    for (;;) {
      const la_ssize_t n = archive_read_data(a.get(), buffer, sizeof buffer);
      if (n < 0) return bad("entry " + e.name + " is damaged");
      if (n == 0) break;
      total += static_cast<std::size_t>(n);
      if (total > limits.max_total_bytes) {
        return Status::error("too_large", "more than " + std::to_string(limits.max_total_bytes) +
                                              " bytes once uncompressed");
      }
      e.data.append(buffer, static_cast<std::size_t>(n));
    }
    entries.push_back(std::move(e));
  }
  return entries;
}

}  // namespace collegial::zip
