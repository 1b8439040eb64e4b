// Tells the server's log about every change to the directory (people, seats, bodies, bots,
// media subscribers), whoever made it: the HTTP admin API in this process, or `collegiald
// admin` run as another process against the same database. Both append to the directory's
// audit log (store/directory_audit.hpp); this reads the events past the last one it logged and
// writes one line each (event "directory.changed": the operation and the rows it changed), so
// an operator's log shows every change an administrator made without reading the database.
// (The audit log does not record which administrator: the CLI has no login.)
#pragma once

#include <atomic>
#include <cstdint>
#include <mutex>

#include "store/event_store.hpp"

namespace collegial::core {

class DirectoryChanges {
 public:
  // Starts after the audit log's current head: what was there before the server started is
  // history, not news.
  explicit DirectoryChanges(store::EventStore& store);

  // Logs the changes recorded since the last call. Thread-safe; cheap when nothing changed.
  void poll();

  // The audit log's head as the last poll found it: pages that show the directory (bodies,
  // seats, names) follow it. Read from any thread without a lock.
  std::int64_t seen() const { return seen_.load(std::memory_order_acquire); }

 private:
  std::int64_t head();

  store::EventStore& store_;
  std::mutex mutex_;
  std::int64_t logged_ = 0;  // the audit seq logged last
  std::atomic<std::int64_t> seen_{0};
};

}  // namespace collegial::core
