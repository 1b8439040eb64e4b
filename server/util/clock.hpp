// Where time comes from. Injected, so tests can move through the hours before a meeting.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <fstream>
#include <string>

namespace collegial {

class Clock {
 public:
  virtual ~Clock() = default;
  // Milliseconds since the Unix epoch, UTC. Thread-safe.
  virtual std::int64_t now_ms() const = 0;
};

class SystemClock final : public Clock {
 public:
  std::int64_t now_ms() const override {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
  }
};

// A clock that stands still until told to move. For tests.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(std::int64_t start_ms) : now_(start_ms) {}
  std::int64_t now_ms() const override { return now_.load(); }
  void advance_ms(std::int64_t ms) { now_ += ms; }

 private:
  std::atomic<std::int64_t> now_;
};

// Time read from a file holding milliseconds since the epoch, for tests of a real server
// process that must stand at chosen moments (72 hours before a meeting) and keep them across a
// restart. Enabled only by the --test-clock-file flag; never in production. Falls back to the
// system clock while the file is missing or unreadable.
class FileClock final : public Clock {
 public:
  explicit FileClock(std::string path) : path_(std::move(path)) {}
  std::int64_t now_ms() const override {
    std::ifstream in(path_);
    long long ms = 0;
    if (in >> ms) return ms;
    return SystemClock().now_ms();
  }

 private:
  std::string path_;
};

}  // namespace collegial
