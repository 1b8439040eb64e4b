// Slows password guessing: per account and per client address, after a few failures each
// further attempt must wait, doubling up to a ceiling. In memory: a restart forgives.
#pragma once

#include <cstdint>
#include <mutex>
#include <string>
#include <unordered_map>

namespace collegial::auth {

class LoginThrottle {
 public:
  struct Options {
    int free_failures = 5;                      // failures allowed before any wait
    std::int64_t first_wait_ms = 1000;          // then 1 s, 2 s, 4 s…
    std::int64_t max_wait_ms = 15 * 60 * 1000;  // …up to 15 minutes
  };
  LoginThrottle() : LoginThrottle(Options{}) {}
  explicit LoginThrottle(Options options) : options_(options) {}

  // Milliseconds to wait before `key` may try again (0: now). Thread-safe.
  std::int64_t wait_ms(const std::string& key, std::int64_t now_ms);
  void record_failure(const std::string& key, std::int64_t now_ms);
  void record_success(const std::string& key);  // forgets every failure of `key`
  void forgive_one(const std::string& key);     // takes back one failure (a reserved attempt)

 private:
  struct Entry {
    int failures = 0;
    std::int64_t last_failure_ms = 0;
  };
  Options options_;
  std::mutex mutex_;
  std::unordered_map<std::string, Entry> entries_;
};

}  // namespace collegial::auth
