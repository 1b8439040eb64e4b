#include "http/page_cache.hpp"

#include <ctime>

#include "record/chain.hpp"

namespace collegial::http {

std::string http_date(std::int64_t ms) {
  const std::time_t t = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char out[64];
  const std::size_t n = std::strftime(out, sizeof out, "%a, %d %b %Y %H:%M:%S GMT", &tm);
  return std::string(out, n);
}

std::shared_ptr<const CachedPage> PageCache::find(const std::string& key, const PageStamp& stamp) const {
  std::lock_guard lock(mutex_);
  const auto it = slots_.find(key);
  if (it == slots_.end() || !(it->second.stamp == stamp)) return nullptr;
  return it->second.page;
}

std::shared_ptr<const CachedPage> PageCache::store(const std::string& key, const PageStamp& stamp, int status,
                                                   std::string content_type, std::string body,
                                                   std::int64_t now_ms) {
  // Hashed outside the lock: a page is tens of kilobytes.
  auto page = std::make_shared<CachedPage>();
  // Built by appending: g++ 12 at -O3 warns falsely (-Wrestrict) on "lit" + std::string&&.
  page->etag.reserve(34);
  page->etag.append("\"").append(std::string_view(record::sha256_hex(body)).substr(0, 32)).append("\"");
  page->status = status;
  page->content_type = std::move(content_type);
  page->body = std::move(body);
  page->modified_ms = now_ms;
  std::lock_guard lock(mutex_);
  auto it = slots_.find(key);
  if (it != slots_.end()) {
    // The same bytes again (rendered anew for a new second, or an event that changed nothing
    // this page shows): they were last modified when first rendered.
    if (it->second.page->etag == page->etag) page->modified_ms = it->second.page->modified_ms;
    order_.erase(it->second.age);
  } else {
    if (slots_.size() >= capacity_ && !order_.empty()) {
      slots_.erase(order_.front());
      order_.pop_front();
    }
    it = slots_.emplace(key, Slot{}).first;
  }
  order_.push_back(key);
  it->second = Slot{stamp, page, std::prev(order_.end())};
  return page;
}

std::size_t PageCache::size() const {
  std::lock_guard lock(mutex_);
  return slots_.size();
}

bool etag_matches(std::string_view if_none_match, std::string_view etag) {
  // A comma-separated list of entity tags, weak ones (W/"…") compared weakly, as RFC 9110 asks
  // of If-None-Match; "*" matches any current page.
  std::size_t at = 0;
  while (at < if_none_match.size()) {
    std::size_t end = if_none_match.find(',', at);
    if (end == std::string_view::npos) end = if_none_match.size();
    std::string_view tag = if_none_match.substr(at, end - at);
    while (!tag.empty() && (tag.front() == ' ' || tag.front() == '\t')) tag.remove_prefix(1);
    while (!tag.empty() && (tag.back() == ' ' || tag.back() == '\t')) tag.remove_suffix(1);
    if (tag == "*") return true;
    if (tag.rfind("W/", 0) == 0) tag.remove_prefix(2);
    if (tag == etag) return true;
    at = end + 1;
  }
  return false;
}

}  // namespace collegial::http
