// The time a collegiald started with --test-clock-file reads: the test sets it, the server's
// every decision (event times, notice lead times, deadlines) follows, also across a restart.
#pragma once

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace collegial::test {

class ClockFile {
 public:
  ClockFile(std::filesystem::path path, std::int64_t start_ms) : path_(std::move(path)) { set(start_ms); }

  // Written whole and renamed into place, so the server never reads half a number.
  void set(std::int64_t ms) {
    now_ = ms;
    const auto tmp = path_.string() + ".tmp";
    {
      std::ofstream out(tmp, std::ios::trunc);
      out << ms << "\n";
    }
    std::filesystem::rename(tmp, path_);
  }
  void advance(std::int64_t ms) { set(now_ + ms); }
  std::int64_t now() const { return now_; }
  std::vector<std::string> args() const { return {"--test-clock-file", path_.string()}; }

 private:
  std::filesystem::path path_;
  std::int64_t now_ = 0;
};

}  // namespace collegial::test
