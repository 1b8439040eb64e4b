// The public pages as last rendered, so that a crowd reading one page costs one rendering per
// change of what the page shows, not one per reader (issue #18, "public pages under a crowd").
//
// A page is stored under its path and language with the stamp of what it was rendered from: the
// committed head of the room it shows (or the sum of every room's head, for pages that show
// several); a generation that moves with what pages show from outside the rooms (each checkpoint
// made, each change of the directory seen); and the second of the server's clock it was rendered
// in, for what changes with time alone (a meeting's start, a notice's deadline). A lookup with
// another stamp misses; the page is rendered again.
//
// Each entry carries a strong ETag (of its bytes) and the time its bytes last changed
// (Last-Modified): re-rendering identical bytes keeps both, so readers revalidate with 304s.
// Thread-safe. Bounded: past `capacity` entries the least recently stored is dropped.
#pragma once

#include <cstddef>
#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace collegial::http {

struct PageStamp {
  std::int64_t heads = 0;       // the shown room's committed head, or the sum of all rooms' heads
  std::int64_t generation = 0;  // checkpoints made and directory changes seen (public_site.hpp)
  std::int64_t second = 0;      // clock time / 1000
  bool operator==(const PageStamp&) const = default;
};

struct CachedPage {
  int status = 200;
  std::string content_type;
  std::string body;
  std::string etag;          // "\"<hex>\"": the bytes' SHA-256, shortened
  std::int64_t modified_ms;  // when these bytes were first rendered
};

class PageCache {
 public:
  explicit PageCache(std::size_t capacity = 1024) : capacity_(capacity) {}

  // The page stored under `key` if it was rendered at `stamp`; null otherwise.
  std::shared_ptr<const CachedPage> find(const std::string& key, const PageStamp& stamp) const;

  // Stores a page rendered at `stamp` and returns it with its ETag and Last-Modified time.
  std::shared_ptr<const CachedPage> store(const std::string& key, const PageStamp& stamp, int status,
                                          std::string content_type, std::string body, std::int64_t now_ms);

  std::size_t size() const;

 private:
  struct Slot {
    PageStamp stamp;
    std::shared_ptr<const CachedPage> page;
    std::list<std::string>::iterator age;  // in order_
  };
  const std::size_t capacity_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, Slot> slots_;  // guarded by mutex_
  std::list<std::string> order_;                 // keys, oldest stored first; guarded by mutex_
};

// An HTTP-date (RFC 9110), for Last-Modified: "Sun, 06 Dec 2026 20:32:19 GMT".
std::string http_date(std::int64_t ms);

// Whether a request's If-None-Match (a list of ETags, or *) names `etag`.
bool etag_matches(std::string_view if_none_match, std::string_view etag);

}  // namespace collegial::http
