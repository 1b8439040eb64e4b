#include "auth/login_throttle.hpp"

#include <algorithm>

namespace collegial::auth {
namespace {

constexpr std::int64_t kDayMs = 24LL * 3600 * 1000;

}  // namespace

FailureTable::Entry MemoryFailureTable::get(const std::string& kind, const std::string& key) {
  std::lock_guard lock(mutex_);
  const auto it = entries_.find(kind + '\n' + key);
  return it == entries_.end() ? Entry{} : it->second;
}

void MemoryFailureTable::put(const std::string& kind, const std::string& key, const Entry& entry) {
  std::lock_guard lock(mutex_);
  if (entry.failures <= 0) {
    entries_.erase(kind + '\n' + key);
    return;
  }
  entries_[kind + '\n' + key] = entry;
  // Keep the table small: forget entries that have not failed for a day.
  if (entries_.size() > 100000) {
    std::erase_if(entries_,
                  [&](const auto& kv) { return entry.last_failure_ms - kv.second.last_failure_ms > kDayMs; });
  }
}

void MemoryFailureTable::atomically(const std::function<void()>& work) {
  std::lock_guard lock(mutex_);
  work();
}

Backoff::Backoff(Limit limit)
    : limit_(limit), own_(std::make_unique<MemoryFailureTable>()), table_(own_.get()) {}

Backoff::Backoff(Limit limit, std::string kind, FailureTable& table)
    : limit_(limit), kind_(std::move(kind)), table_(&table) {}

std::int64_t Backoff::wait_ms(const std::string& key, std::int64_t now_ms) const {
  const auto e = table_->get(kind_, key);
  if (e.failures < limit_.free_failures) return 0;
  const int over = std::min(e.failures - limit_.free_failures, 30);
  const std::int64_t wait = std::min(limit_.max_wait_ms, limit_.first_wait_ms << over);
  return std::max<std::int64_t>(0, e.last_failure_ms + wait - now_ms);
}

int Backoff::failures(const std::string& key) const {
  return table_->get(kind_, key).failures;
}

void Backoff::record_failure(const std::string& key, std::int64_t now_ms) {
  auto e = table_->get(kind_, key);
  ++e.failures;
  e.last_failure_ms = now_ms;
  table_->put(kind_, key, e);
}

void Backoff::forget(const std::string& key) {
  table_->put(kind_, key, {});
}

void Backoff::forgive_one(const std::string& key) {
  auto e = table_->get(kind_, key);
  if (e.failures <= 0) return;
  --e.failures;
  table_->put(kind_, key, e);
}

LoginThrottle::LoginThrottle(Options options)
    : own_(std::make_unique<MemoryFailureTable>()),
      table_(own_.get()),
      pairs_(options.pair, "pair", *table_),
      addresses_(options.address, "address", *table_),
      accounts_(options.account, "account", *table_) {}

LoginThrottle::LoginThrottle(Options options, FailureTable& table)
    : table_(&table),
      pairs_(options.pair, "pair", table),
      addresses_(options.address, "address", table),
      accounts_(options.account, "account", table) {}

std::int64_t LoginThrottle::begin(const Attempt& attempt, std::int64_t now_ms) {
  const std::string pair = pair_key(attempt);
  std::int64_t wait = 0;
  table_->atomically([&] {
    wait = pairs_.wait_ms(pair, now_ms);
    // Failures elsewhere slow only those who have themselves failed at this account from here.
    if (pairs_.failures(pair) > 0) {
      wait = std::max({wait, addresses_.wait_ms(attempt.address, now_ms),
                       accounts_.wait_ms(attempt.account, now_ms)});
    }
    if (wait > 0) return;
    pairs_.record_failure(pair, now_ms);
    addresses_.record_failure(attempt.address, now_ms);
    accounts_.record_failure(attempt.account, now_ms);
  });
  return wait;
}

void LoginThrottle::succeeded(const Attempt& attempt) {
  table_->atomically([&] {
    pairs_.forget(pair_key(attempt));
    addresses_.forgive_one(attempt.address);
    accounts_.forgive_one(attempt.account);
  });
}

}  // namespace collegial::auth
