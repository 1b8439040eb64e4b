// The event log's single writer: one thread, one SQLite connection, group commit.
//
// Requests that arrive while a transaction is being committed wait, then are committed together
// in the next one, across rooms. With synchronous=FULL each transaction costs one fsync, so the
// more requests arrive together, the cheaper each becomes (docs/performance.md).
//
// Each request is applied under its own savepoint: one failing request (a broken chain, a bug)
// fails alone and the rest of the transaction commits. A failed COMMIT fails every request in it.
#pragma once

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "store/event.hpp"
#include "util/status.hpp"

namespace collegial::store {

struct AppendRequest {
  std::int64_t room_id = 0;
  // Consecutive events of one room. events[0].prev_hash and seq-1 must equal the room's stored
  // head, or the request fails with `chain_conflict` and nothing of it is written.
  std::vector<Event> events;
  // Called exactly once on the writer thread, after the transaction committed (ok) or failed.
  // Keep it short: post the rest of the work elsewhere.
  std::function<void(const Status&)> on_done;
};

class GroupCommitWriter {
 public:
  struct Options {
    std::size_t max_batch_requests = 4096;  // one transaction holds at most this many requests
  };

  // Takes ownership of a read-write connection and starts the writer thread.
  GroupCommitWriter(std::unique_ptr<SQLite::Database> db, Options options);
  ~GroupCommitWriter();  // stop(), then joins
  GroupCommitWriter(const GroupCommitWriter&) = delete;
  GroupCommitWriter& operator=(const GroupCommitWriter&) = delete;

  // Thread-safe. After stop(), the request completes at once with `unavailable`.
  void submit(AppendRequest request);

  // Blocks until every request submitted before this call has completed. Thread-safe; must not
  // be called from an on_done callback.
  void drain();

  // Completes what is queued, then ends the thread. Idempotent.
  void stop();

  struct Stats {
    std::uint64_t transactions = 0;
    std::uint64_t requests = 0;
    std::uint64_t events = 0;
  };
  Stats stats() const;

 private:
  void run();
  void commit_batch(std::vector<AppendRequest>& batch, std::vector<Status>& results);
  Status apply(const AppendRequest& request);

  std::unique_ptr<SQLite::Database> db_;
  std::unique_ptr<SQLite::Statement> advance_head_;
  std::unique_ptr<SQLite::Statement> insert_event_;
  Options options_;

  mutable std::mutex mutex_;
  std::condition_variable wake_writer_;
  std::condition_variable completed_cv_;
  std::deque<AppendRequest> queue_;
  std::uint64_t submitted_ = 0;
  std::uint64_t completed_ = 0;
  bool stopping_ = false;
  Stats stats_;
  std::thread thread_;
};

}  // namespace collegial::store
