#include "auth/login_throttle.hpp"

#include <algorithm>

namespace collegial::auth {

std::int64_t LoginThrottle::wait_ms(const std::string& key, std::int64_t now_ms) {
  std::lock_guard lock(mutex_);
  const auto it = entries_.find(key);
  if (it == entries_.end() || it->second.failures < options_.free_failures) return 0;
  const int over = std::min(it->second.failures - options_.free_failures, 30);
  const std::int64_t wait =
      std::min(options_.max_wait_ms, options_.first_wait_ms << over);
  return std::max<std::int64_t>(0, it->second.last_failure_ms + wait - now_ms);
}

void LoginThrottle::record_failure(const std::string& key, std::int64_t now_ms) {
  std::lock_guard lock(mutex_);
  Entry& e = entries_[key];
  ++e.failures;
  e.last_failure_ms = now_ms;
  // Keep the table small: forget entries that have not failed for a day.
  if (entries_.size() > 100000) {
    std::erase_if(entries_, [&](const auto& kv) {
      return now_ms - kv.second.last_failure_ms > 24LL * 3600 * 1000;
    });
  }
}

void LoginThrottle::forgive_one(const std::string& key) {
  std::lock_guard lock(mutex_);
  const auto it = entries_.find(key);
  if (it == entries_.end()) return;
  if (--it->second.failures <= 0) entries_.erase(it);
}

void LoginThrottle::record_success(const std::string& key) {
  std::lock_guard lock(mutex_);
  entries_.erase(key);
}

}  // namespace collegial::auth
