#include "store/postgres_event_store.hpp"

#include <pqxx/pqxx>

#include <nlohmann/json.hpp>

#include <map>
#include <optional>

#include "store/postgres_migrations.hpp"
#include "store/postgres_rows.hpp"
#include "util/log.hpp"

namespace collegial::store {

using record::Event;
namespace {

// The server lock's key ("srv1"); the migrations' lock is another.
constexpr std::int64_t kServerLock = 0x73727631;

// Another server holds the store's server lock.
struct StoreInUse : std::runtime_error {
  StoreInUse() : std::runtime_error("another collegiald holds the store's server lock") {}
};

class PostgresCommitTarget final : public CommitTarget {
 public:
  // The same for runs of appends ($1: the heads' moves, $2: their events, each tagged with its
  // run's k): answers, for each run whose head moved, k and how many events went in.
  static constexpr const char* kAppendRuns =
      "WITH req AS (SELECT * FROM json_to_recordset($1::json) AS r(k int, room_id bigint, from_seq bigint,"
      " from_hash text, to_seq bigint, to_hash text, epoch bigint)),"
      " moved AS (UPDATE rooms SET head_seq = req.to_seq, head_hash = req.to_hash FROM req"
      " WHERE rooms.id = req.room_id AND rooms.head_seq = req.from_seq AND rooms.head_hash = req.from_hash"
      // The fence: a run made under a lease moves the head only while that lease is the room's.
      " AND (req.epoch IS NULL OR EXISTS (SELECT 1 FROM room_leases l WHERE l.room_id = req.room_id"
      " AND l.node = $3 AND l.epoch = req.epoch))"
      " RETURNING req.k, req.room_id),"
      " ins AS (INSERT INTO events (room_id, seq, ts_ms, actor, type, body, prev_hash, hash, salt)"
      " SELECT moved.room_id, e.seq, e.ts_ms, e.actor, e.type, e.body, e.prev_hash, e.hash, e.salt"
      " FROM json_to_recordset($2::json) AS e(k int, seq bigint, ts_ms bigint, actor text, type text,"
      " body text, prev_hash text, hash text, salt text) JOIN moved ON moved.k = e.k RETURNING room_id)"
      " SELECT moved.k, (SELECT COUNT(*) FROM ins WHERE ins.room_id = moved.room_id) FROM moved";

  // Connects, and takes the store's server lock on this very connection when asked, so that
  // the lock is held exactly as long as this writer can write. Throws StoreInUse when another
  // server holds it, pqxx errors when the store cannot be reached.
  PostgresCommitTarget(std::string url, bool server_lock, std::string node)
      : url_(std::move(url)), server_lock_(server_lock), node_(std::move(node)) {
    connect();
  }

  // Nothing is in doubt before a transaction begins: a connection that died while idle (a
  // network cut in the night, the server restarted) is opened again here, lock included,
  // instead of stopping the writer. A connection lost inside a transaction stops the writer.
  void begin() override {
    guard([&] {
      lost_ = false;
      if (!db_->is_open()) connect();
      try {
        tx_.emplace(*db_);
      } catch (const pqxx::broken_connection&) {
        connect();
        tx_.emplace(*db_);
      }
      // libpqxx 6 may also have opened a new session by itself: then the lock is not held by
      // it, and is taken again or the writer stops.
      if (server_lock_ && db_->backendpid() != locked_by_) {
        if (!tx_->exec_params1("SELECT pg_try_advisory_lock($1)", kServerLock)[0].as<bool>()) {
          throw std::runtime_error("the store's server lock is held by another server now");
        }
        locked_by_ = db_->backendpid();
      }
    });
  }

  bool append(std::int64_t room_id, const std::vector<Event>& events) override {
    AppendRequest one;
    one.room_id = room_id;
    one.events = events;
    std::vector<bool> written;
    append_all({one}, {0}, written);
    return written.front();
  }

  // A whole batch in one statement per round (nearly always one): PostgreSQL spends ~0.1 ms of
  // CPU on each statement it runs, so a group commit of 700 appends as 700 statements is CPU
  // bound at ~8,000 events/s. Consecutive appends of one room that chain onto each other are
  // joined into a run, which moves the room's head once, from the first's expected head to the
  // last's; every run of a round moves in one UPDATE … FROM, and the INSERT takes the events of
  // the runs whose UPDATE matched (R4: the same guard, set-based). An append that does not
  // chain onto its room's run waits for the next round, which runs after this one.
  void append_all(const std::vector<AppendRequest>& batch, const std::vector<std::size_t>& which,
                  std::vector<bool>& written) override {
    struct Run {
      std::int64_t room_id = 0;
      std::int64_t epoch = 0;  // the lease the run is written under; 0: none
      const Event* first = nullptr;
      const Event* last = nullptr;
      std::vector<std::size_t> members;  // positions in `which`
    };
    std::vector<std::vector<Run>> rounds;
    std::map<std::int64_t, std::pair<std::size_t, std::size_t>> open;  // room → its last run (round, index)
    for (std::size_t k = 0; k < which.size(); ++k) {
      const AppendRequest& request = batch[which[k]];
      const Event& first = request.events.front();
      auto at = open.find(request.room_id);
      if (at != open.end()) {
        Run& run = rounds[at->second.first][at->second.second];
        if (first.seq == run.last->seq + 1 && first.prev_hash == run.last->hash &&
            request.lease_epoch == run.epoch) {
          run.last = &request.events.back();
          run.members.push_back(k);
          continue;
        }
      }
      const std::size_t round = at == open.end() ? 0 : at->second.first + 1;
      if (rounds.size() <= round) rounds.resize(round + 1);
      rounds[round].push_back(Run{request.room_id, request.lease_epoch, &first, &request.events.back(), {k}});
      open[request.room_id] = {round, rounds[round].size() - 1};
    }
    std::vector<bool> moved_members(which.size(), false);
    guard([&] {
      for (const auto& runs : rounds) {
        nlohmann::json heads = nlohmann::json::array();
        nlohmann::json events = nlohmann::json::array();
        for (std::size_t r = 0; r < runs.size(); ++r) {
          const Run& run = runs[r];
          heads.push_back({{"k", r}, {"room_id", run.room_id}, {"from_seq", run.first->seq - 1},
                           {"from_hash", run.first->prev_hash}, {"to_seq", run.last->seq}, {"to_hash", run.last->hash},
                           {"epoch", run.epoch == 0 ? nlohmann::json() : nlohmann::json(run.epoch)}});
          for (const std::size_t k : run.members) {
            for (const Event& e : batch[which[k]].events) {
              events.push_back({{"k", r}, {"seq", e.seq}, {"ts_ms", e.ts_ms}, {"actor", e.actor}, {"type", e.type},
                                {"body", e.body}, {"prev_hash", e.prev_hash}, {"hash", e.hash}, {"salt", e.salt}});
            }
          }
        }
        const auto rows = tx_->exec_prepared("append_runs", heads.dump(), events.dump(), node_);
        std::size_t inserted = 0;
        for (const auto& row : rows) {
          const Run& run = runs.at(row[0].as<std::size_t>());
          for (const std::size_t k : run.members) {
            moved_members[k] = true;
            inserted += batch[which[k]].events.size();
          }
          if (row[1].as<std::size_t>() != static_cast<std::size_t>(run.last->seq - run.first->seq + 1)) {
            throw std::runtime_error("a run of appends was not written whole");
          }
        }
      }
    });
    written = std::move(moved_members);
  }

  // After any error PostgreSQL aborts the whole transaction: nothing of the batch will commit.
  bool transaction_lost() override { return lost_; }

  void commit() override {
    guard([&] {
      tx_->commit();
      tx_.reset();
    });
  }

  void rollback() noexcept override {
    try {
      tx_.reset();  // aborts what is open
    } catch (...) {
      // The connection is gone with the transaction.
    }
  }

  const char* engine() const override { return "PostgreSQL"; }

 private:
  // Runs `step`; a database error marks the transaction lost and becomes a StorageError.
  template <class F>
  void guard(F&& step) {
    try {
      step();
    } catch (const pqxx::in_doubt_error& e) {
      lost_ = true;
      throw StorageError(std::string("commit in doubt (connection lost during COMMIT): ") + e.what(),
                         /*in_doubt=*/true);
    } catch (const std::exception& e) {
      lost_ = true;
      throw StorageError(e.what());
    }
  }

  void connect() {
    tx_.reset();
    db_.reset();
    auto db = connect_postgres(url_);
    if (server_lock_) {
      pqxx::nontransaction q(*db);
      if (!q.exec_params1("SELECT pg_try_advisory_lock($1)", kServerLock)[0].as<bool>()) throw StoreInUse();
      locked_by_ = db->backendpid();
    }
    db->prepare("append_runs", kAppendRuns);
    db_ = std::move(db);
  }

  const std::string url_;
  const bool server_lock_;
  const std::string node_;  // in room_leases, for fenced appends
  int locked_by_ = 0;  // the backend (session) that holds the server lock
  std::unique_ptr<pqxx::connection> db_;
  std::optional<pqxx::work> tx_;
  bool lost_ = false;
};

}  // namespace

// A room's body from columns 4…6 of a rooms ⟕ bodies row (body_id, public, name). A room
// naming a body the directory lacks is not public (N1: unsure it is open, it is not shown).
static void read_body(const pqxx::row& row, RoomRecord& r) {
  r.body_id.reset();
  r.is_public = true;
  if (row[4].is_null()) return;
  r.body_id = row[4].as<std::int64_t>();
  r.is_public = !row[5].is_null() && row[5].as<std::int64_t>() != 0;
  if (!row[6].is_null()) r.body_name = row[6].as<std::string>();
}

std::string with_session_settings(const std::string& url) {
  // In the connection string, not a SET: libpq applies it to every session it opens on it,
  // a reconnection included. Durability is not left to the server's configuration (every commit
  // waits for the WAL flush); text is UTF-8; a dead peer is noticed within minutes, not hours.
  if (url.rfind("postgresql://", 0) == 0 || url.rfind("postgres://", 0) == 0) {
    return url + (url.find('?') == std::string::npos ? "?" : "&") +
           "options=-c%20synchronous_commit%3Don&client_encoding=UTF8&keepalives_idle=60";
  }
  return url + " options='-c synchronous_commit=on' client_encoding=UTF8 keepalives_idle=60";
}

std::unique_ptr<pqxx::connection> connect_postgres(const std::string& url) {
  return std::make_unique<pqxx::connection>(with_session_settings(url));
}

class PostgresEventStore::ReadLease {
 public:
  explicit ReadLease(PostgresEventStore& store) : store_(store), db_(store.borrow_reader()) {}
  ~ReadLease() {
    if (db_ && db_->is_open()) store_.give_back(std::move(db_));
  }
  ReadLease(const ReadLease&) = delete;
  ReadLease& operator=(const ReadLease&) = delete;
  pqxx::connection& db() { return *db_; }

 private:
  PostgresEventStore& store_;
  std::unique_ptr<pqxx::connection> db_;
};

PostgresEventStore::PostgresEventStore(Options options) : options_(std::move(options)) {}

PostgresEventStore::~PostgresEventStore() {
  if (writer_) {
    writer_->stop();
    writer_.reset();  // joins after the queue is done
  }
}

std::string PostgresEventStore::describe() const {
  return StoreLocation{StoreLocation::Engine::postgres, options_.postgres}.describe();
}

std::unique_ptr<PostgresEventStore> PostgresEventStore::open(const Options& options, Status& status) {
  std::unique_ptr<PostgresEventStore> store(new PostgresEventStore(options));
  try {
    store->admin_ = connect_postgres(options.postgres);
    status = migrate_postgres(*store->admin_, embedded_postgres_migrations());
    if (!status) return nullptr;
    store->writer_ = std::make_unique<GroupCommitWriter>(
        std::make_unique<PostgresCommitTarget>(options.postgres, options.server_lock, options.node),
        GroupCommitWriter::Options{options.max_batch_requests});
  } catch (const StoreInUse&) {
    status = Status::error("store_in_use", "another collegiald is serving " + store->describe() +
                                               " (one server per store until several nodes are supported)");
    return nullptr;
  } catch (const std::exception& e) {
    status = Status::error("store_failed", "cannot open " + store->describe() + ": " + e.what());
    return nullptr;
  }
  status = Status::ok();
  return store;
}

std::unique_ptr<pqxx::connection> PostgresEventStore::borrow_reader() {
  {
    std::lock_guard lock(readers_mutex_);
    if (!readers_.empty()) {
      auto db = std::move(readers_.back());
      readers_.pop_back();
      return db;
    }
  }
  return connect_postgres(options_.postgres);
}

void PostgresEventStore::give_back(std::unique_ptr<pqxx::connection> reader) {
  std::lock_guard lock(readers_mutex_);
  if (readers_.size() < 8) readers_.push_back(std::move(reader));
}

std::optional<RoomRecord> PostgresEventStore::find_room(std::string_view name) {
  try {
    ReadLease lease(*this);
    pqxx::nontransaction q(lease.db());
    // The directory is in this database too (migration 0002): the body's name and N1 flag.
    const auto rows = q.exec_params(
        "SELECT r.id, r.name, r.head_seq, r.head_hash, r.body_id, b.public, b.name FROM rooms r"
        " LEFT JOIN bodies b ON b.id = r.body_id WHERE r.name = $1",
        std::string(name));
    if (rows.empty()) return std::nullopt;
    RoomRecord r;
    r.id = rows[0][0].as<std::int64_t>();
    r.name = rows[0][1].as<std::string>();
    r.head_seq = rows[0][2].as<std::int64_t>();
    r.head_hash = rows[0][3].as<std::string>();
    read_body(rows[0], r);
    describe_body(r);
    return r;
  } catch (const std::exception& e) {
    LOG_ERROR("event store: looking up room failed: " << e.what());
    return std::nullopt;
  }
}

std::vector<std::string> PostgresEventStore::room_names() {
  std::vector<std::string> names;
  try {
    ReadLease lease(*this);
    pqxx::nontransaction q(lease.db());
    for (const auto& row : q.exec("SELECT name FROM rooms ORDER BY id")) names.push_back(row[0].as<std::string>());
  } catch (const std::exception& e) {
    LOG_ERROR("event store: listing rooms failed: " << e.what());
    names.clear();
  }
  return names;
}

Status PostgresEventStore::insert_room(const Event& genesis, std::optional<std::int64_t> body, RoomRecord* created,
                                       std::optional<std::int64_t> given_id) {
  std::lock_guard lock(admin_mutex_);
  try {
    pqxx::work tx(*admin_);
    // ON CONFLICT: another node creating the same room at the same moment loses cleanly.
    const auto made =
        given_id ? tx.exec_params("INSERT INTO rooms(name, created_ms, head_seq, head_hash, body_id, id)"
                                  " OVERRIDING SYSTEM VALUE VALUES ($1, $2, 1, $3, $4, $5)"
                                  " ON CONFLICT (name) DO NOTHING RETURNING id",
                                  genesis.room, genesis.ts_ms, genesis.hash, body, *given_id)
                 : tx.exec_params("INSERT INTO rooms(name, created_ms, head_seq, head_hash, body_id)"
                                  " VALUES ($1, $2, 1, $3, $4) ON CONFLICT (name) DO NOTHING RETURNING id",
                                  genesis.room, genesis.ts_ms, genesis.hash, body);
    // A room given its id moves the identity past it, so rooms made later never collide.
    if (given_id && !made.empty()) {
      tx.exec("SELECT setval(pg_get_serial_sequence('rooms', 'id'), (SELECT max(id) FROM rooms))");
    }
    if (made.empty()) return Status::error("room_exists", "a room named '" + genesis.room + "' exists");
    const auto id = made[0][0].as<std::int64_t>();
    tx.exec_params0(
        "INSERT INTO events(room_id, seq, ts_ms, actor, type, body, prev_hash, hash, salt)"
        " VALUES ($1, 1, $2, $3, $4, $5, $6, $7, $8)",
        id, genesis.ts_ms, genesis.actor, genesis.type, genesis.body, genesis.prev_hash, genesis.hash,
        genesis.salt);
    const auto described = tx.exec_params(
        "SELECT r.id, r.name, r.head_seq, r.head_hash, r.body_id, b.public, b.name FROM rooms r"
        " LEFT JOIN bodies b ON b.id = r.body_id WHERE r.id = $1",
        id);
    tx.commit();
    if (created) {
      created->id = id;
      created->name = genesis.room;
      created->head_seq = 1;
      created->head_hash = genesis.hash;
      read_body(described.at(0), *created);
      describe_body(*created);
    }
    return Status::ok();
  } catch (const std::exception& e) {
    return Status::error("store_failed", std::string("creating room failed: ") + e.what());
  }
}

Status PostgresEventStore::read_events(const RoomRecord& room, std::int64_t after_seq, std::size_t max_events,
                                       std::size_t max_bytes, std::vector<Event>& out) {
  try {
    ReadLease lease(*this);
    pqxx::nontransaction q(lease.db());
    // Bounded by bytes as well as events: a page never holds more than max_bytes (plus one).
    const auto rows = q.exec_params(std::string("SELECT ") + kPgEventColumns +
                                        " FROM events WHERE room_id = $1 AND seq > $2 ORDER BY seq LIMIT $3",
                                    room.id, after_seq, static_cast<std::int64_t>(max_events));
    std::size_t bytes = 0;
    for (const auto& row : rows) {
      if (bytes >= max_bytes) break;
      Event e = event_from_pg(row, room.name);
      bytes += e.body.size() + 128;
      out.push_back(std::move(e));
    }
    return Status::ok();
  } catch (const std::exception& e) {
    LOG_ERROR("event store: reading room " << room.name << " failed: " << e.what());
    return Status::error("store_failed", "the event store could not read");
  }
}

std::optional<std::pair<std::int64_t, std::int64_t>> PostgresEventStore::event_without_room() {
  try {
    ReadLease lease(*this);
    pqxx::nontransaction q(lease.db());
    const auto rows =
        q.exec("SELECT e.room_id, e.seq FROM events e LEFT JOIN rooms r ON r.id = e.room_id WHERE r.id IS NULL LIMIT 1");
    if (!rows.empty()) return std::pair{rows[0][0].as<std::int64_t>(), rows[0][1].as<std::int64_t>()};
  } catch (const std::exception& e) {
    LOG_ERROR("event store: looking for events without a room failed: " << e.what());
  }
  return std::nullopt;
}

Status PostgresEventStore::put_snapshot(const RoomRecord& room, const Snapshot& snapshot, int keep) {
  try {
    std::lock_guard lock(admin_mutex_);
    pqxx::work tx(*admin_);
    tx.exec_params0(
        "INSERT INTO room_snapshots (room_id, seq, hash, state, checksum, taken_ms) VALUES ($1, $2, $3, $4, $5, $6)"
        " ON CONFLICT (room_id, seq) DO UPDATE SET hash = EXCLUDED.hash, state = EXCLUDED.state,"
        " checksum = EXCLUDED.checksum, taken_ms = EXCLUDED.taken_ms",
        room.id, snapshot.seq, snapshot.hash, pqxx::binarystring(snapshot.state), snapshot.checksum,
        snapshot.taken_ms);
    tx.exec_params0(
        "DELETE FROM room_snapshots WHERE room_id = $1 AND seq NOT IN"
        " (SELECT seq FROM room_snapshots WHERE room_id = $1 ORDER BY seq DESC LIMIT $2)",
        room.id, keep);
    tx.commit();
    return Status::ok();
  } catch (const std::exception& e) {
    LOG_WARN("event store: the snapshot of room " << room.name << " at seq " << snapshot.seq
                                                  << " was not stored: " << e.what());
    return Status::error("store_failed", std::string("the snapshot was not stored: ") + e.what());
  }
}

std::vector<Snapshot> PostgresEventStore::snapshots(const RoomRecord& room) {
  std::vector<Snapshot> out;
  try {
    ReadLease lease(*this);
    pqxx::nontransaction q(lease.db());
    const auto rows = q.exec_params(
        "SELECT seq, hash, state, checksum, taken_ms FROM room_snapshots WHERE room_id = $1 ORDER BY seq DESC",
        room.id);
    for (const auto& row : rows) {
      out.push_back(Snapshot{row[0].as<std::int64_t>(), row[1].as<std::string>(), pqxx::binarystring(row[2]).str(),
                             row[3].as<std::string>(), row[4].as<std::int64_t>()});
    }
  } catch (const std::exception& e) {
    // No snapshot is ever needed: the room replays its log.
    LOG_WARN("event store: the snapshots of room " << room.name << " could not be read: " << e.what());
    out.clear();
  }
  return out;
}

}  // namespace collegial::store
