#include "auth/login_throttle.hpp"

#include <algorithm>

namespace collegial::auth {
namespace {

constexpr std::int64_t kDayMs = 24LL * 3600 * 1000;

}  // namespace

std::int64_t Backoff::wait_ms(const std::string& key, std::int64_t now_ms) const {
  const auto it = entries_.find(key);
  if (it == entries_.end() || it->second.failures < limit_.free_failures) return 0;
  const int over = std::min(it->second.failures - limit_.free_failures, 30);
  const std::int64_t wait = std::min(limit_.max_wait_ms, limit_.first_wait_ms << over);
  return std::max<std::int64_t>(0, it->second.last_failure_ms + wait - now_ms);
}

int Backoff::failures(const std::string& key) const {
  const auto it = entries_.find(key);
  return it == entries_.end() ? 0 : it->second.failures;
}

void Backoff::record_failure(const std::string& key, std::int64_t now_ms) {
  Entry& e = entries_[key];
  ++e.failures;
  e.last_failure_ms = now_ms;
  // Keep the table small: forget entries that have not failed for a day.
  if (entries_.size() > 100000) {
    std::erase_if(entries_,
                  [&](const auto& kv) { return now_ms - kv.second.last_failure_ms > kDayMs; });
  }
}

void Backoff::forget(const std::string& key) {
  entries_.erase(key);
}

void Backoff::forgive_one(const std::string& key) {
  const auto it = entries_.find(key);
  if (it == entries_.end()) return;
  if (--it->second.failures <= 0) entries_.erase(it);
}

std::int64_t LoginThrottle::begin(const Attempt& attempt, std::int64_t now_ms) {
  const std::string pair = pair_key(attempt);
  std::lock_guard lock(mutex_);
  std::int64_t wait = pairs_.wait_ms(pair, now_ms);
  // Failures elsewhere slow only those who have themselves failed at this account from here.
  if (pairs_.failures(pair) > 0) {
    wait = std::max({wait, addresses_.wait_ms(attempt.address, now_ms),
                     accounts_.wait_ms(attempt.account, now_ms)});
  }
  if (wait > 0) return wait;
  pairs_.record_failure(pair, now_ms);
  addresses_.record_failure(attempt.address, now_ms);
  accounts_.record_failure(attempt.account, now_ms);
  return 0;
}

void LoginThrottle::succeeded(const Attempt& attempt) {
  std::lock_guard lock(mutex_);
  pairs_.forget(pair_key(attempt));
  addresses_.forgive_one(attempt.address);
  accounts_.forgive_one(attempt.account);
}

}  // namespace collegial::auth
