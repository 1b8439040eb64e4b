// The event store: rooms and their hash-chained event logs, on one of two engines.
//
// SQLite (store/sqlite_event_store.hpp) is the embedded default: one file beside the directory,
// no server to run. PostgreSQL (store/postgres_event_store.hpp) holds the logs of a deployment
// that outgrows one machine. Both keep the same promises, which this interface states and
// tests/unit/event_store_test.cpp checks on both engines:
//
// - An append advances a room's head only from the head it expects (the chain guard, R4): a
//   fork or a gap is refused by the database itself, never written.
// - An acknowledged append is durable (SQLite synchronous=FULL, PostgreSQL synchronous_commit
//   on): it survives kill -9 of the server.
// - Appends are group-committed: those that arrive while one transaction commits share the next.
// - After a storage error the store stops writing until the process restarts (LevelDB's rule:
//   a legal record never writes on over a store that has just lost writes).
//
// Thread safety: every member function may be called from any thread.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "record/event.hpp"
#include "store/group_commit_writer.hpp"
#include "store/sqlite_connection.hpp"
#include "store/store_location.hpp"
#include "util/result.hpp"
#include "util/status.hpp"

namespace collegial::store {

using record::Event;

// A room's folded state at one event (docs/architecture.md, "Snapshots"), as stored: not part of
// the record, and trusted only once checked against the chain (core/room_snapshot.cpp).
struct Snapshot {
  std::int64_t seq = 0;   // the last event folded into it
  std::string hash;       // that event's hash
  std::string state;      // bytes: CBOR (core/room_snapshot.cpp), stored as a BLOB / bytea
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
    // When set, the store is on PostgreSQL at this libpq URL and `path` and `max_page_count` are
    // not used (durability is PostgreSQL's synchronous_commit, always on).
    std::string postgres = {};
    // A server serving the store takes its lock: until several nodes share one store (issue #18
    // §3), a second server on the same PostgreSQL database is refused (`store_in_use`), as a
    // second one on a SQLite file is by store::InstanceLock. Admin commands and verify do not.
    bool server_lock = false;
    // PostgreSQL: this node's name in room_leases, against which fenced appends
    // (AppendRequest::lease_epoch) are checked.
    std::string node = {};
  };

  // Opens the store Options names, applies migrations and starts the writer. On failure returns
  // null and sets `status` (`schema_too_new`, `store_failed`).
  static std::unique_ptr<EventStore> open(const Options& options, Status& status);
  // The same for a `--store` location, with the rest of `options`.
  static std::unique_ptr<EventStore> open(const StoreLocation& where, Options options, Status& status);

  virtual ~EventStore() = default;  // implementations drain their writer
  EventStore(const EventStore&) = delete;
  EventStore& operator=(const EventStore&) = delete;

  // The room called `name`, or nothing. Throws nothing; a database error reads as "no room"
  // and is logged.
  virtual std::optional<RoomRecord> find_room(std::string_view name) = 0;

  // Creates a room (of `body`, when given) whose log starts with a `room.created` event by
  // `actor`, synchronously and durably. Fails with `room_exists` if the name is taken, and with
  // `storage_failed` after a storage error stopped the writer.
  Status create_room(std::string_view name, std::int64_t now_ms, std::string_view actor,
                     RoomRecord* created = nullptr, std::optional<std::int64_t> body = std::nullopt);

  // Creates a room whose first event is `genesis` exactly as it is (a copy from another store:
  // `collegiald migrate-store`); its hash must check and it must be seq 1 after the genesis
  // hash. The rest of the log follows with append(). Fails like create_room, and with
  // `chain_conflict` for a genesis that does not check.
  // `id`, when given, is the room's id there too (a copy keeps the ids the directory's audit
  // log names).
  Status import_room(const Event& genesis, std::optional<std::int64_t> body, RoomRecord* created,
                     std::optional<std::int64_t> id = std::nullopt);

  // Names of all rooms, by creation order.
  virtual std::vector<std::string> room_names() = 0;

  // Appends to `out` the committed events of `room` with seq > after_seq, in order, stopping at
  // `max_events` events or once `max_bytes` of bodies have been read (at least one event is
  // read when there is one).
  virtual Status read_events(const RoomRecord& room, std::int64_t after_seq, std::size_t max_events,
                             std::size_t max_bytes, std::vector<Event>& out) = 0;

  // An event stored under a room id that names no room (moved or orphaned by hand), as
  // (room id, seq); nothing when there is none or it cannot be read. `collegiald verify` asks.
  virtual std::optional<std::pair<std::int64_t, std::int64_t>> event_without_room() = 0;

  // Stores `snapshot` of `room` and deletes the room's older ones but the newest `keep`, in one
  // transaction on a connection of its own (not the writer's: a snapshot is never waited for).
  virtual Status put_snapshot(const RoomRecord& room, const Snapshot& snapshot, int keep = 2) = 0;

  // The room's stored snapshots, newest first.
  virtual std::vector<Snapshot> snapshots(const RoomRecord& room) = 0;

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

  // Where the store is (StoreLocation::describe), for logs.
  virtual std::string describe() const = 0;
  // The SQLite file, or empty for a store on PostgreSQL.
  virtual const std::string& path() const = 0;

  // Who tells a room's body and whether the body is public, for a store that does not hold the
  // directory beside the rooms (PostgreSQL: the directory stays in the node's SQLite file).
  // Until set, such a store reads every room as an open room without a body name.
  using BodyLookup = std::function<void(RoomRecord&)>;
  void set_body_lookup(BodyLookup lookup) { body_lookup_ = std::move(lookup); }

 protected:
  EventStore() = default;
  // Writes the room (of `body`) and its first event `genesis`, checked already, in one durable
  // transaction; `room_exists` when the name is taken, `store_failed` on a database error.
  virtual Status insert_room(const Event& genesis, std::optional<std::int64_t> body, RoomRecord* created,
                             std::optional<std::int64_t> id) = 0;
  // The refusal create_room and import_room give once the writer stopped.
  Status refuse_after_failure() const;
  void describe_body(RoomRecord& room) const {
    if (room.body_id && body_lookup_) body_lookup_(room);
  }

  std::unique_ptr<GroupCommitWriter> writer_;  // set by the implementation's open

 private:
  BodyLookup body_lookup_;
};

}  // namespace collegial::store
