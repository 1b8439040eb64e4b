// Threads for the work that waits on the disk, kept off the I/O threads and the rooms' strands:
// loading a room (replaying its log), reading a catch-up page from the store, reloading a head.
//
// An I/O thread that blocks on SQLite stalls every connection and room scheduled on it; a
// room that replays 200,000 events would hold up every other meeting for the length of the
// replay. Work posted here runs on one of a few threads of its own, in the order posted per
// thread (not across threads); whoever posts it hands its result back to its own executor.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace collegial::core {

class BackgroundWork {
 public:
  explicit BackgroundWork(std::size_t threads);
  ~BackgroundWork();  // runs what is queued, then joins the threads
  BackgroundWork(const BackgroundWork&) = delete;
  BackgroundWork& operator=(const BackgroundWork&) = delete;

  // Runs `work` on one of the threads. Thread-safe; never blocks. An exception thrown by `work`
  // is logged and dropped (work that can fail reports it through its own result).
  void post(std::function<void()> work);

 private:
  void run();

  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<std::function<void()>> queue_;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace collegial::core
