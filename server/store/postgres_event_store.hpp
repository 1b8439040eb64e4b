// The event store on PostgreSQL (--store postgres:URL), through libpqxx.
//
// The same tables and promises as the SQLite store (store/event_store.hpp). What differs:
// - An append is one statement: an UPDATE that moves the room's head only from the head it
//   expects, and an INSERT of the events fed by that UPDATE's RETURNING. When the head is
//   elsewhere the UPDATE matches no row and nothing is inserted; no savepoint is needed. Under
//   READ COMMITTED a second writer's UPDATE of the same room waits for the first to commit and
//   then finds the head moved, so two nodes can never fork a room (docs/architecture.md).
// - Every commit waits for PostgreSQL's WAL flush: the connections carry synchronous_commit = on
//   in their connection string, whatever the server's default says.
// - The server lock (Options::server_lock) is a session advisory lock held by the writer's own
//   connection: PostgreSQL releases it when that connection ends (kill -9 included), and a writer
//   whose connection died while idle reconnects only if it can take the lock again.
// - A lost connection or a commit in doubt is a storage error, final as on SQLite: the node stops
//   writing and must be restarted, and its rooms reload from what PostgreSQL really holds.
#pragma once

#include <pqxx/connection>

#include <memory>
#include <mutex>
#include <vector>

#include "store/event_store.hpp"

namespace collegial::store {

using record::Event;

class PostgresEventStore final : public EventStore {
 public:
  // Connects to options.postgres, applies migrations and starts the writer. On failure returns
  // null and sets `status` (`schema_too_new`, `store_failed`).
  static std::unique_ptr<PostgresEventStore> open(const Options& options, Status& status);
  ~PostgresEventStore() override;  // drains the writer

  std::optional<RoomRecord> find_room(std::string_view name) override;
  std::vector<std::string> room_names() override;
  Status read_events(const RoomRecord& room, std::int64_t after_seq, std::size_t max_events,
                     std::size_t max_bytes, std::vector<Event>& out) override;
  std::optional<std::pair<std::int64_t, std::int64_t>> event_without_room() override;
  Status put_snapshot(const RoomRecord& room, const Snapshot& snapshot, int keep) override;
  std::vector<Snapshot> snapshots(const RoomRecord& room) override;
  std::string describe() const override;
  const std::string& path() const override { return no_path_; }

 protected:
  Status insert_room(const Event& genesis, std::optional<std::int64_t> body, RoomRecord* created,
                     std::optional<std::int64_t> id) override;

 private:
  explicit PostgresEventStore(Options options);

  // A connection borrowed from the pool for the life of the lease; a broken one is not returned.
  class ReadLease;
  std::unique_ptr<pqxx::connection> borrow_reader();
  void give_back(std::unique_ptr<pqxx::connection> reader);

  Options options_;
  const std::string no_path_;
  std::mutex admin_mutex_;  // serializes room creation and snapshots on their own connection
  std::unique_ptr<pqxx::connection> admin_;
  std::mutex readers_mutex_;
  std::vector<std::unique_ptr<pqxx::connection>> readers_;
};

// `url` with the settings every connection of the store has, whatever the server's defaults:
// synchronous_commit on, client_encoding UTF8, TCP keepalives after a minute idle.
std::string with_session_settings(const std::string& url);

// Opens a connection to `url` with those settings. Throws pqxx errors.
std::unique_ptr<pqxx::connection> connect_postgres(const std::string& url);

}  // namespace collegial::store
