// The event store in one SQLite file (the embedded default), beside the directory, accounts,
// checkpoints and outbox that share the file.
//
// Reads use a small pool of read-only connections (WAL lets them run beside the writer);
// appends go to the single group-commit writer on a connection of its own.
#pragma once

#include <SQLiteCpp/Database.h>

#include <memory>
#include <mutex>
#include <vector>

#include "store/event_store.hpp"

namespace collegial::store {

using record::Event;

class SqliteEventStore final : public EventStore {
 public:
  // Opens (creating) options.path, applies migrations and starts the writer. On failure returns
  // null and sets `status` (`schema_too_new`, `store_failed`).
  static std::unique_ptr<SqliteEventStore> open(const Options& options, Status& status);
  ~SqliteEventStore() override;  // drains the writer

  std::optional<RoomRecord> find_room(std::string_view name) override;
  std::vector<std::string> room_names() override;
  Status read_events(const RoomRecord& room, std::int64_t after_seq, std::size_t max_events,
                     std::size_t max_bytes, std::vector<Event>& out) override;
  std::optional<std::pair<std::int64_t, std::int64_t>> event_without_room() override;
  Status put_snapshot(const RoomRecord& room, const Snapshot& snapshot, int keep) override;
  std::vector<Snapshot> snapshots(const RoomRecord& room) override;
  std::string describe() const override { return "sqlite:" + options_.path; }
  const std::string& path() const override { return options_.path; }

 protected:
  Status insert_room(const Event& genesis, std::optional<std::int64_t> body, RoomRecord* created,
                     std::optional<std::int64_t> id) override;

 private:
  explicit SqliteEventStore(Options options);
  // Writes the room row and its genesis event in one transaction on the admin connection.

  // A read-only connection borrowed from the pool for the life of the lease.
  class ReadLease;
  std::unique_ptr<SQLite::Database> borrow_reader();
  void give_back(std::unique_ptr<SQLite::Database> reader);

  Options options_;
  std::mutex admin_mutex_;  // serializes room creation and snapshots on their own connection
  std::unique_ptr<SQLite::Database> admin_;
  std::mutex readers_mutex_;
  std::vector<std::unique_ptr<SQLite::Database>> readers_;
};

}  // namespace collegial::store
