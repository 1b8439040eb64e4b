#include "store/sqlite_event_store.hpp"

#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>
#include <sqlite3.h>

#include "record/chain.hpp"
#include "store/event_row.hpp"
#include "store/migrations.hpp"
#include "util/log.hpp"

namespace collegial::store {

using record::Event;

// Returns its connection to the pool however the read ends.
class SqliteEventStore::ReadLease {
 public:
  explicit ReadLease(SqliteEventStore& store) : store_(store), db_(store.borrow_reader()) {}
  ~ReadLease() { store_.give_back(std::move(db_)); }
  ReadLease(const ReadLease&) = delete;
  ReadLease& operator=(const ReadLease&) = delete;
  SQLite::Database& db() { return *db_; }

 private:
  SqliteEventStore& store_;
  std::unique_ptr<SQLite::Database> db_;
};

namespace {

// The writer's side of the file: BEGIN IMMEDIATE, a savepoint per append, COMMIT.
class SqliteCommitTarget final : public CommitTarget {
 public:
  explicit SqliteCommitTarget(std::unique_ptr<SQLite::Database> db)
      : db_(std::move(db)),
        advance_head_(*db_,
                      "UPDATE rooms SET head_seq = ?1, head_hash = ?2 WHERE id = ?3 AND head_seq = ?4 AND "
                      "head_hash = ?5"),
        insert_event_(*db_,
                      "INSERT INTO events(room_id, seq, ts_ms, actor, type, body, prev_hash, hash, salt)"
                      " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)") {}

  void begin() override { run("BEGIN IMMEDIATE"); }
  void commit() override { run("COMMIT"); }
  void rollback() noexcept override {
    try {
      db_->exec("ROLLBACK");
    } catch (const SQLite::Exception&) {
      // Already rolled back by SQLite.
    }
  }
  bool transaction_lost() override { return sqlite3_get_autocommit(db_->getHandle()) != 0; }
  const char* engine() const override { return "SQLite"; }

  // R4: the head moves only from where the request expects it; the events go in under a
  // savepoint, so a refused request leaves nothing behind and the batch goes on.
  bool append(std::int64_t room_id, const std::vector<Event>& events) override {
    const Event& first = events.front();
    const Event& last = events.back();
    try {
      db_->exec("SAVEPOINT append");
      advance_head_.reset();
      advance_head_.bind(1, static_cast<std::int64_t>(last.seq));
      advance_head_.bind(2, last.hash);
      advance_head_.bind(3, static_cast<std::int64_t>(room_id));
      advance_head_.bind(4, static_cast<std::int64_t>(first.seq - 1));
      advance_head_.bind(5, first.prev_hash);
      if (advance_head_.exec() != 1) {
        db_->exec("ROLLBACK TO append");
        db_->exec("RELEASE append");
        return false;
      }
      for (const Event& e : events) {
        insert_event_.reset();
        insert_event_.bind(1, static_cast<std::int64_t>(room_id));
        insert_event_.bind(2, static_cast<std::int64_t>(e.seq));
        insert_event_.bind(3, static_cast<std::int64_t>(e.ts_ms));
        insert_event_.bind(4, e.actor);
        insert_event_.bind(5, e.type);
        insert_event_.bind(6, e.body);
        insert_event_.bind(7, e.prev_hash);
        insert_event_.bind(8, e.hash);
        insert_event_.bind(9, e.salt);
        insert_event_.exec();
      }
      db_->exec("RELEASE append");
      return true;
    } catch (const SQLite::Exception& e) {
      try {
        db_->exec("ROLLBACK TO append");
        db_->exec("RELEASE append");
      } catch (const SQLite::Exception&) {
        // The enclosing transaction is gone; COMMIT will fail and report it for everyone.
      }
      throw StorageError(e.what());
    }
  }

 private:
  void run(const char* sql) {
    try {
      db_->exec(sql);
    } catch (const SQLite::Exception& e) {
      throw StorageError(std::string(sql) + ": " + e.what());
    }
  }

  std::unique_ptr<SQLite::Database> db_;
  SQLite::Statement advance_head_;
  SQLite::Statement insert_event_;
};

}  // namespace

SqliteEventStore::SqliteEventStore(Options options) : options_(std::move(options)) {}

SqliteEventStore::~SqliteEventStore() {
  if (writer_) {
    writer_->stop();
    writer_.reset();  // joins after the queue is done
  }
}

std::unique_ptr<SqliteEventStore> SqliteEventStore::open(const Options& options, Status& status) {
  std::unique_ptr<SqliteEventStore> store(new SqliteEventStore(options));
  try {
    store->admin_ = open_connection(options.path, options.durability, /*read_only=*/false);
    status = migrate(*store->admin_, embedded_migrations());
    if (!status) return nullptr;
    auto writer_db = open_connection(options.path, options.durability, /*read_only=*/false);
    if (options.max_page_count > 0) {
      writer_db->exec("PRAGMA max_page_count = " + std::to_string(options.max_page_count));
    }
    store->writer_ = std::make_unique<GroupCommitWriter>(
        std::make_unique<SqliteCommitTarget>(std::move(writer_db)),
        GroupCommitWriter::Options{options.max_batch_requests});
  } catch (const SQLite::Exception& e) {
    status = Status::error("store_failed",
                           "cannot open database " + options.path + ": " + e.what());
    return nullptr;
  }
  status = Status::ok();
  return store;
}

std::unique_ptr<SQLite::Database> SqliteEventStore::borrow_reader() {
  {
    std::lock_guard lock(readers_mutex_);
    if (!readers_.empty()) {
      auto db = std::move(readers_.back());
      readers_.pop_back();
      return db;
    }
  }
  return open_connection(options_.path, options_.durability, /*read_only=*/true);
}

void SqliteEventStore::give_back(std::unique_ptr<SQLite::Database> reader) {
  if (!reader) return;
  std::lock_guard lock(readers_mutex_);
  if (readers_.size() < 8) readers_.push_back(std::move(reader));
}

std::optional<RoomRecord> SqliteEventStore::find_room(std::string_view name) {
  try {
    ReadLease lease(*this);
    SQLite::Statement q(lease.db(),
                        "SELECT r.id, r.name, r.head_seq, r.head_hash, r.body_id,"
                        " COALESCE(b.public, 1), b.name FROM rooms r"
                        " LEFT JOIN bodies b ON b.id = r.body_id WHERE r.name = ?");
    q.bind(1, std::string(name));
    if (!q.executeStep()) return std::nullopt;
    RoomRecord r;
    r.id = q.getColumn(0).getInt64();
    r.name = q.getColumn(1).getString();
    r.head_seq = q.getColumn(2).getInt64();
    r.head_hash = q.getColumn(3).getString();
    if (!q.getColumn(4).isNull()) {
      r.body_id = q.getColumn(4).getInt64();
      r.body_name = q.getColumn(6).getString();
    }
    r.is_public = q.getColumn(5).getInt() != 0;
    describe_body(r);  // when the directory is another file's (--store sqlite:OTHER)
    return r;
  } catch (const SQLite::Exception& e) {
    LOG_ERROR("event store: looking up room failed: " << e.what());
    return std::nullopt;
  }
}

std::vector<std::string> SqliteEventStore::room_names() {
  std::vector<std::string> names;
  try {
    ReadLease lease(*this);
    SQLite::Statement q(lease.db(), "SELECT name FROM rooms ORDER BY id");
    while (q.executeStep()) names.push_back(q.getColumn(0).getString());
  } catch (const SQLite::Exception& e) {
    LOG_ERROR("event store: listing rooms failed: " << e.what());
  }
  return names;
}

Status SqliteEventStore::insert_room(const Event& genesis, std::optional<std::int64_t> body, RoomRecord* created,
                                     std::optional<std::int64_t> given_id) {
  std::lock_guard lock(admin_mutex_);
  try {
    SQLite::Transaction tx(*admin_, SQLite::TransactionBehavior::IMMEDIATE);
    SQLite::Statement exists(*admin_, "SELECT 1 FROM rooms WHERE name = ?");
    exists.bind(1, genesis.room);
    if (exists.executeStep()) {
      return Status::error("room_exists", "a room named '" + genesis.room + "' exists");
    }
    SQLite::Statement insert_room(
        *admin_,
        "INSERT INTO rooms(name, created_ms, head_seq, head_hash, body_id, id) VALUES (?, ?, 1, ?, ?, ?)");
    insert_room.bind(1, genesis.room);
    insert_room.bind(2, static_cast<std::int64_t>(genesis.ts_ms));
    insert_room.bind(3, genesis.hash);
    if (body) insert_room.bind(4, *body);
    else insert_room.bind(4);
    if (given_id) insert_room.bind(5, *given_id);
    else insert_room.bind(5);  // NULL: the next rowid
    insert_room.exec();
    const std::int64_t id = admin_->getLastInsertRowid();
    SQLite::Statement insert_event(
        *admin_,
        "INSERT INTO events(room_id, seq, ts_ms, actor, type, body, prev_hash, hash, salt)"
        " VALUES (?, 1, ?, ?, ?, ?, ?, ?, ?)");
    insert_event.bind(1, static_cast<std::int64_t>(id));
    insert_event.bind(2, static_cast<std::int64_t>(genesis.ts_ms));
    insert_event.bind(3, genesis.actor);
    insert_event.bind(4, genesis.type);
    insert_event.bind(5, genesis.body);
    insert_event.bind(6, genesis.prev_hash);
    insert_event.bind(7, genesis.hash);
    insert_event.bind(8, genesis.salt);
    insert_event.exec();
    tx.commit();
    if (created) {
      created->id = id;
      created->name = genesis.room;
      created->head_seq = 1;
      created->head_hash = genesis.hash;
      created->body_id = body;
    }
    return Status::ok();
  } catch (const SQLite::Exception& e) {
    return Status::error("store_failed", std::string("creating room failed: ") + e.what());
  }
}

std::optional<std::pair<std::int64_t, std::int64_t>> SqliteEventStore::event_without_room() {
  try {
    ReadLease lease(*this);
    SQLite::Statement q(lease.db(),
                        "SELECT room_id, seq FROM events WHERE room_id NOT IN (SELECT id FROM rooms) LIMIT 1");
    if (q.executeStep()) return std::pair{q.getColumn(0).getInt64(), q.getColumn(1).getInt64()};
  } catch (const SQLite::Exception& e) {
    LOG_ERROR("event store: looking for events without a room failed: " << e.what());
  }
  return std::nullopt;
}

Status SqliteEventStore::put_snapshot(const RoomRecord& room, const Snapshot& snapshot, int keep) {
  try {
    std::lock_guard lock(admin_mutex_);
    SQLite::Transaction tx(*admin_);
    SQLite::Statement put(*admin_,
                          "INSERT OR REPLACE INTO room_snapshots (room_id, seq, hash, state, checksum, taken_ms)"
                          " VALUES (?, ?, ?, ?, ?, ?)");
    put.bind(1, static_cast<std::int64_t>(room.id));
    put.bind(2, static_cast<std::int64_t>(snapshot.seq));
    put.bind(3, snapshot.hash);
    put.bind(4, snapshot.state.data(), static_cast<int>(snapshot.state.size()));  // bytes (CBOR)
    put.bind(5, snapshot.checksum);
    put.bind(6, static_cast<std::int64_t>(snapshot.taken_ms));
    put.exec();
    SQLite::Statement prune(*admin_,
                            "DELETE FROM room_snapshots WHERE room_id = ? AND seq NOT IN"
                            " (SELECT seq FROM room_snapshots WHERE room_id = ? ORDER BY seq DESC LIMIT ?)");
    prune.bind(1, static_cast<std::int64_t>(room.id));
    prune.bind(2, static_cast<std::int64_t>(room.id));
    prune.bind(3, keep);
    prune.exec();
    tx.commit();
    return Status::ok();
  } catch (const SQLite::Exception& e) {
    LOG_WARN("event store: the snapshot of room " << room.name << " at seq " << snapshot.seq
                                                  << " was not stored: " << e.what());
    return Status::error("store_failed", std::string("the snapshot was not stored: ") + e.what());
  }
}

std::vector<Snapshot> SqliteEventStore::snapshots(const RoomRecord& room) {
  std::vector<Snapshot> out;
  try {
    ReadLease lease(*this);
    SQLite::Statement q(lease.db(),
                        "SELECT seq, hash, state, checksum, taken_ms FROM room_snapshots"
                        " WHERE room_id = ? ORDER BY seq DESC");
    q.bind(1, static_cast<std::int64_t>(room.id));
    while (q.executeStep()) {
      out.push_back(Snapshot{q.getColumn(0).getInt64(), q.getColumn(1).getString(), q.getColumn(2).getString(),
                             q.getColumn(3).getString(), q.getColumn(4).getInt64()});
    }
  } catch (const SQLite::Exception& e) {
    // No snapshot is ever needed: the room replays its log.
    LOG_WARN("event store: the snapshots of room " << room.name << " could not be read: " << e.what());
    out.clear();
  }
  return out;
}

Status SqliteEventStore::read_events(const RoomRecord& room, std::int64_t after_seq,
                               std::size_t max_events, std::size_t max_bytes,
                               std::vector<Event>& out) {
  try {
    ReadLease lease(*this);
    SQLite::Statement q(lease.db(), std::string("SELECT ") + kEventColumns +
                                        " FROM events WHERE room_id = ? AND seq > ?"
                                        " ORDER BY seq LIMIT ?");
    q.bind(1, static_cast<std::int64_t>(room.id));
    q.bind(2, static_cast<std::int64_t>(after_seq));
    q.bind(3, static_cast<std::int64_t>(max_events));
    std::size_t bytes = 0;
    while (bytes < max_bytes && q.executeStep()) {
      Event e = event_from_row(q, room.name);
      bytes += e.body.size() + 128;
      out.push_back(std::move(e));
    }
    return Status::ok();
  } catch (const SQLite::Exception& e) {
    LOG_ERROR("event store: reading room " << room.name << " failed: " << e.what());
    return Status::error("store_failed", "the event store could not read");
  }
}

}  // namespace collegial::store
