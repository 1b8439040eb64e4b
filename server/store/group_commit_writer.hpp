// The event log's single writer: one thread, one connection, group commit, on either engine.
//
// Requests that arrive while a transaction is being committed wait, then are committed together
// in the next one, across rooms. With synchronous=FULL each transaction costs one fsync, so the
// more requests arrive together, the cheaper each becomes (docs/performance.md).
//
// Each request is applied under its own savepoint: a request whose chain does not fit the room's
// head (a bug upstream) fails alone with `chain_conflict` and the rest of the transaction commits.
//
// A storage error is different, and final (LevelDB's rule): once the database fails to write,
// begin, or commit (a full disk, an I/O error, a failed fsync), the writer stops writing. The requests
// of that transaction that had not been written fail, every later request fails at once with
// `storage_failed`, and `failure()` says why, until the process restarts. A legal record must not
// write on over a disk that has just lost writes: the operator fixes the disk and restarts, and
// the rooms reload from what is really stored (docs/operations.md).
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "record/event.hpp"
#include "util/status.hpp"

namespace collegial::store {

using record::Event;

struct AppendRequest {
  std::int64_t room_id = 0;
  // Consecutive events of one room. events[0].prev_hash and seq-1 must equal the room's stored
  // head, or the request fails with `chain_conflict` and nothing of it is written.
  std::vector<Event> events;
  // Called exactly once on the writer thread, after the transaction committed (ok) or failed.
  // Keep it short: post the rest of the work elsewhere.
  std::function<void(const Status&)> on_done;
  // Set by submit(): the commit latency metric runs from here to the durable COMMIT.
  std::chrono::steady_clock::time_point submitted_at{};
  // Several nodes (PostgreSQL): the epoch of the room's lease this append is made under
  // (store/room_leases.hpp). The store writes it only while that epoch, held by this node, is
  // the room's current lease; otherwise it fails as `chain_conflict` and nothing is written.
  // 0: not fenced (one node; SQLite ignores it).
  std::int64_t lease_epoch = 0;
};

// A failure of the database itself (disk full, I/O error, connection lost, commit in doubt).
struct StorageError : std::runtime_error {
  explicit StorageError(const std::string& what, bool in_doubt = false)
      : std::runtime_error(what), in_doubt(in_doubt) {}
  // The connection was lost during COMMIT: the transaction may or may not be stored.
  bool in_doubt;
};

// What the writer asks of an engine (store/sqlite_event_store.cpp, store/postgres_event_store.cpp),
// on the writer's own connection and thread. Every member may throw StorageError.
class CommitTarget {
 public:
  virtual ~CommitTarget() = default;
  virtual void begin() = 0;
  // Inside the transaction and under a savepoint of its own: moves room `room_id`'s head from
  // (events[0].seq - 1, events[0].prev_hash) to the last event, then inserts the events. The head
  // moves only where it is expected (R4: the database refuses a fork or a gap). Returns false,
  // with nothing written, when the head is elsewhere. When it throws, the savepoint is undone.
  virtual bool append(std::int64_t room_id, const std::vector<Event>& events) = 0;
  // The requests of `batch` named by `which`, in order: appends to `written`, for each, what
  // append() says. When it throws, the requests from written.size() on were not written. This
  // asks append() for each; an engine that can send them together (PostgreSQL: one round trip
  // for a whole batch) does so instead.
  virtual void append_all(const std::vector<AppendRequest>& batch, const std::vector<std::size_t>& which,
                          std::vector<bool>& written);
  // Whether the engine abandoned the whole transaction by itself (SQLite after a full disk).
  virtual bool transaction_lost() = 0;
  virtual void commit() = 0;
  virtual void rollback() noexcept = 0;  // after a failed commit: leaves no transaction open
  // "SQLite", "PostgreSQL": for the operator's log.
  virtual const char* engine() const = 0;
};

class GroupCommitWriter {
 public:
  struct Options {
    std::size_t max_batch_requests = 4096;  // one transaction holds at most this many requests
  };

  // Takes ownership of an engine's writing connection and starts the writer thread.
  GroupCommitWriter(std::unique_ptr<CommitTarget> target, Options options);
  ~GroupCommitWriter();  // stop(), then joins
  GroupCommitWriter(const GroupCommitWriter&) = delete;
  GroupCommitWriter& operator=(const GroupCommitWriter&) = delete;

  // Thread-safe. After stop(), the request completes at once with `unavailable`; after a storage
  // error, with `storage_failed`.
  void submit(AppendRequest request);

  // What stopped the writer (the database's error), or nothing while it writes. Thread-safe.
  std::optional<std::string> failure() const;

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
  void observe_commit(const std::vector<AppendRequest>& batch, std::uint64_t events);
  // Records the first storage error; every request from now on fails with storage_failed.
  void stop_writing(const std::string& why);
  Status storage_failed() const;

  std::unique_ptr<CommitTarget> target_;
  Options options_;

  mutable std::mutex mutex_;
  std::condition_variable wake_writer_;
  std::condition_variable completed_cv_;
  std::deque<AppendRequest> queue_;
  std::uint64_t submitted_ = 0;
  std::uint64_t completed_ = 0;
  bool stopping_ = false;
  std::optional<std::string> failure_;  // guarded by mutex_
  std::atomic<bool> failed_{false};     // failure_ is set: checked without the lock
  Stats stats_;
  std::thread thread_;
};

}  // namespace collegial::store
