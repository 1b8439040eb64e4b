// The event store: rooms and their hash-chained event logs in one SQLite file.
//
// Thread safety: every member function may be called from any thread. Reads use a small pool
// of read-only connections (WAL lets them run beside the writer); appends go to the single
// group-commit writer and complete asynchronously.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "store/event.hpp"
#include "store/group_commit_writer.hpp"
#include "store/sqlite_connection.hpp"
#include "util/status.hpp"

namespace collegial::store {

// A room's folded state at one event (docs/architecture.md, "Snapshots"), as stored: not part of
// the record, and trusted only once checked against the chain (core/room_snapshot.cpp).
struct Snapshot {
  std::int64_t seq = 0;   // the last event folded into it
  std::string hash;       // that event's hash
  std::string state;      // bytes: CBOR (core/room_snapshot.cpp), stored as a BLOB
  std::string checksum;   // hex keyed SHA-256 of state (core/room_snapshot.cpp)
  std::int64_t taken_ms = 0;
};

struct RoomRecord {
  std::int64_t id = 0;
  std::string name;
  std::int64_t head_seq = 0;  // seq of the last committed event
  std::string head_hash;      // its hash
  std::optional<std::int64_t> body_id;  // the body whose room this is; none for open rooms
  std::string body_name;
  bool is_public = true;  // N1: the body's meetings are open to the public
};

class EventStore {
 public:
  struct Options {
    std::string path;                       // SQLite file; created if missing
    Durability durability = Durability::full;
    std::size_t max_batch_requests = 4096;  // group commit: requests per transaction at most
    // Cap on the file's size in pages (SQLite max_page_count) for event writes; 0: none. A
    // write past it fails exactly as on a full disk, which is how tests fill the disk.
    std::int64_t max_page_count = 0;
  };

  // Opens the file, applies migrations and starts the writer. On failure returns null and sets
  // `status` (`schema_too_new`, `store_failed`).
  static std::unique_ptr<EventStore> open(const Options& options, Status& status);
  ~EventStore();  // drains the writer
  EventStore(const EventStore&) = delete;
  EventStore& operator=(const EventStore&) = delete;

  // The room called `name`, or nothing. Throws nothing; a database error reads as "no room"
  // and is logged.
  std::optional<RoomRecord> find_room(std::string_view name);

  // Creates a room (of `body`, when given) whose log starts with a `room.created` event by
  // `actor`, synchronously and durably. Fails with `room_exists` if the name is taken, and with
  // `storage_failed` after a storage error stopped the writer.
  Status create_room(std::string_view name, std::int64_t now_ms, std::string_view actor,
                     RoomRecord* created = nullptr,
                     std::optional<std::int64_t> body = std::nullopt);

  // Names of all rooms, by creation order.
  std::vector<std::string> room_names();

  // Appends to `out` the committed events of `room` with seq > after_seq, in order, stopping at
  // `max_events` events or once `max_bytes` of bodies have been read (at least one event is
  // read when there is one).
  Status read_events(const RoomRecord& room, std::int64_t after_seq, std::size_t max_events,
                     std::size_t max_bytes, std::vector<Event>& out);

  // Stores `snapshot` of `room` and deletes the room's older ones but the newest `keep`, in one
  // transaction on a connection of its own (not the writer's: a snapshot is never waited for).
  Status put_snapshot(const RoomRecord& room, const Snapshot& snapshot, int keep = 2);

  // The room's stored snapshots, newest first.
  std::vector<Snapshot> snapshots(const RoomRecord& room);

  // Queues an append for group commit (see GroupCommitWriter).
  void append(AppendRequest request) { writer_->submit(std::move(request)); }

  // Blocks until every append submitted so far has completed.
  void drain() { writer_->drain(); }

  // Refuses further appends after completing the queued ones.
  void stop_writer() { writer_->stop(); }

  // Why appends stopped (GroupCommitWriter::failure), or nothing while the log is writable.
  // Thread-safe. create_room refuses too once this is set.
  std::optional<std::string> storage_failure() const { return writer_->failure(); }

  GroupCommitWriter::Stats writer_stats() const { return writer_->stats(); }
  const std::string& path() const { return options_.path; }

 private:
  explicit EventStore(Options options);

  // A read-only connection borrowed from the pool for the life of the lease.
  class ReadLease;
  std::unique_ptr<SQLite::Database> borrow_reader();
  void give_back(std::unique_ptr<SQLite::Database> reader);

  Options options_;
  std::unique_ptr<GroupCommitWriter> writer_;
  std::mutex admin_mutex_;  // serializes create_room on its own connection
  std::unique_ptr<SQLite::Database> admin_;
  std::mutex readers_mutex_;
  std::vector<std::unique_ptr<SQLite::Database>> readers_;
};

}  // namespace collegial::store
