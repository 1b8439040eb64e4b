#include "store/postgres_event_store.hpp"

#include <pqxx/pqxx>

#include <nlohmann/json.hpp>

#include <map>
#include <optional>

#include "store/postgres_migrations.hpp"
#include "store/room_genesis.hpp"
#include "util/log.hpp"

namespace collegial::store {
namespace {

// Column order for event_from_pg.
constexpr const char* kEventColumns = "seq, ts_ms, actor, type, body, prev_hash, hash, salt";

Event event_from_pg(const pqxx::row& row, const std::string& room) {
  Event e;
  e.room = room;
  e.seq = row[0].as<std::int64_t>();
  e.ts_ms = row[1].as<std::int64_t>();
  e.actor = row[2].as<std::string>();
  e.type = row[3].as<std::string>();
  e.body = row[4].as<std::string>();
  e.prev_hash = row[5].as<std::string>();
  e.hash = row[6].as<std::string>();
  e.salt = row[7].as<std::string>();
  return e;
}

// The events of one append as a JSON array of records, which the append statement unpacks
// with json_to_recordset: one statement, one round trip, however many events.
std::string events_json(const std::vector<Event>& events) {
  nlohmann::json rows = nlohmann::json::array();
  for (const Event& e : events) {
    rows.push_back({{"seq", e.seq}, {"ts_ms", e.ts_ms}, {"actor", e.actor}, {"type", e.type},
                    {"body", e.body}, {"prev_hash", e.prev_hash}, {"hash", e.hash}, {"salt", e.salt}});
  }
  return rows.dump();
}

// The writer's side: one transaction per batch; an append is the guarded statement below.
class PostgresCommitTarget final : public CommitTarget {
 public:
  static constexpr const char* kAppend =
      "WITH moved AS (UPDATE rooms SET head_seq = $2, head_hash = $3"
      " WHERE id = $1 AND head_seq = $4 AND head_hash = $5 RETURNING id)"
      " INSERT INTO events (room_id, seq, ts_ms, actor, type, body, prev_hash, hash, salt)"
      " SELECT moved.id, e.seq, e.ts_ms, e.actor, e.type, e.body, e.prev_hash, e.hash, e.salt"
      " FROM moved, json_to_recordset($6::json) AS e(seq bigint, ts_ms bigint, actor text,"
      " type text, body text, prev_hash text, hash text, salt text) ORDER BY e.seq";
  // The same for runs of appends ($1: the heads' moves, $2: their events, each tagged with its
  // run's k): answers, for each run whose head moved, k and how many events went in.
  static constexpr const char* kAppendRuns =
      "WITH req AS (SELECT * FROM json_to_recordset($1::json) AS r(k int, room_id bigint, from_seq bigint,"
      " from_hash text, to_seq bigint, to_hash text)),"
      " moved AS (UPDATE rooms SET head_seq = req.to_seq, head_hash = req.to_hash FROM req"
      " WHERE rooms.id = req.room_id AND rooms.head_seq = req.from_seq AND rooms.head_hash = req.from_hash"
      " RETURNING req.k, req.room_id),"
      " ins AS (INSERT INTO events (room_id, seq, ts_ms, actor, type, body, prev_hash, hash, salt)"
      " SELECT moved.room_id, e.seq, e.ts_ms, e.actor, e.type, e.body, e.prev_hash, e.hash, e.salt"
      " FROM json_to_recordset($2::json) AS e(k int, seq bigint, ts_ms bigint, actor text, type text,"
      " body text, prev_hash text, hash text, salt text) JOIN moved ON moved.k = e.k RETURNING room_id)"
      " SELECT moved.k, (SELECT COUNT(*) FROM ins WHERE ins.room_id = moved.room_id) FROM moved";

  explicit PostgresCommitTarget(std::unique_ptr<pqxx::connection> db) : db_(std::move(db)) {
    // R4: the head moves only from where the request expects it, and the events are inserted
    // only through the row the UPDATE returned; no head moved, nothing inserted.
    db_->prepare("append", kAppend);
    db_->prepare("append_runs", kAppendRuns);
  }

  void begin() override {
    guard([&] {
      lost_ = false;
      tx_.emplace(*db_);
    });
  }

  bool append(std::int64_t room_id, const std::vector<Event>& events) override {
    const Event& first = events.front();
    const Event& last = events.back();
    std::size_t inserted = 0;
    guard([&] {
      inserted = tx_->exec_prepared("append", room_id, last.seq, last.hash, first.seq - 1,
                                    first.prev_hash, events_json(events))
                     .affected_rows();
    });
    if (inserted != 0 && inserted != events.size()) {
      lost_ = true;  // cannot happen with one statement; never commit half an append
      std::string why = "an append wrote ";
      why.append(std::to_string(inserted)).append(" of ").append(std::to_string(events.size())).append(" events");
      throw StorageError(why);
    }
    return inserted == events.size();
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
    if (which.size() == 1) {  // nothing to gain: the prepared statement
      written.push_back(append(batch[which[0]].room_id, batch[which[0]].events));
      return;
    }
    struct Run {
      std::int64_t room_id = 0;
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
        if (first.seq == run.last->seq + 1 && first.prev_hash == run.last->hash) {
          run.last = &request.events.back();
          run.members.push_back(k);
          continue;
        }
      }
      const std::size_t round = at == open.end() ? 0 : at->second.first + 1;
      if (rounds.size() <= round) rounds.resize(round + 1);
      rounds[round].push_back(Run{request.room_id, &first, &request.events.back(), {k}});
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
                           {"from_hash", run.first->prev_hash}, {"to_seq", run.last->seq}, {"to_hash", run.last->hash}});
          for (const std::size_t k : run.members) {
            for (const Event& e : batch[which[k]].events) {
              events.push_back({{"k", r}, {"seq", e.seq}, {"ts_ms", e.ts_ms}, {"actor", e.actor}, {"type", e.type},
                                {"body", e.body}, {"prev_hash", e.prev_hash}, {"hash", e.hash}, {"salt", e.salt}});
            }
          }
        }
        const auto rows = tx_->exec_prepared("append_runs", heads.dump(), events.dump());
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
      throw StorageError(std::string("commit in doubt (connection lost during COMMIT): ") + e.what());
    } catch (const std::exception& e) {
      lost_ = true;
      throw StorageError(e.what());
    }
  }

  std::unique_ptr<pqxx::connection> db_;
  std::optional<pqxx::work> tx_;
  bool lost_ = false;
};

// The server lock's key ("srv1"); the migrations' lock is another.
constexpr std::int64_t kServerLock = 0x73727631;

}  // namespace

std::unique_ptr<pqxx::connection> connect_postgres(const std::string& url) {
  auto db = std::make_unique<pqxx::connection>(url);
  // Durability is not left to the server's configuration: every commit waits for the WAL flush.
  pqxx::nontransaction(*db).exec0("SET synchronous_commit = on");
  return db;
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
    if (options.server_lock) {
      store->lock_ = connect_postgres(options.postgres);
      pqxx::nontransaction q(*store->lock_);
      if (!q.exec_params1("SELECT pg_try_advisory_lock($1)", kServerLock)[0].as<bool>()) {
        status = Status::error("store_in_use", "another collegiald is serving " + store->describe() +
                                                   " (one server per store until several nodes are supported)");
        return nullptr;
      }
    }
    store->admin_ = connect_postgres(options.postgres);
    status = migrate_postgres(*store->admin_, embedded_postgres_migrations());
    if (!status) return nullptr;
    store->writer_ = std::make_unique<GroupCommitWriter>(
        std::make_unique<PostgresCommitTarget>(connect_postgres(options.postgres)),
        GroupCommitWriter::Options{options.max_batch_requests});
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
    const auto rows = q.exec_params("SELECT id, name, head_seq, head_hash, body_id FROM rooms WHERE name = $1",
                                    std::string(name));
    if (rows.empty()) return std::nullopt;
    RoomRecord r;
    r.id = rows[0][0].as<std::int64_t>();
    r.name = rows[0][1].as<std::string>();
    r.head_seq = rows[0][2].as<std::int64_t>();
    r.head_hash = rows[0][3].as<std::string>();
    if (!rows[0][4].is_null()) r.body_id = rows[0][4].as<std::int64_t>();
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

Status PostgresEventStore::create_room(std::string_view name, std::int64_t now_ms, std::string_view actor,
                                       RoomRecord* created, std::optional<std::int64_t> body) {
  return insert_room(genesis_event(name, now_ms, actor), body, created);
}

Status PostgresEventStore::import_room(const Event& genesis, std::optional<std::int64_t> body,
                                       RoomRecord* created) {
  if (Status fits = check_genesis(genesis); !fits) return fits;
  return insert_room(genesis, body, created);
}

Status PostgresEventStore::insert_room(const Event& genesis, std::optional<std::int64_t> body,
                                       RoomRecord* created) {
  if (storage_failure()) return refuse_after_failure();
  std::lock_guard lock(admin_mutex_);
  try {
    pqxx::work tx(*admin_);
    // ON CONFLICT: another node creating the same room at the same moment loses cleanly.
    const auto made = tx.exec_params(
        "INSERT INTO rooms(name, created_ms, head_seq, head_hash, body_id) VALUES ($1, $2, 1, $3, $4)"
        " ON CONFLICT (name) DO NOTHING RETURNING id",
        genesis.room, genesis.ts_ms, genesis.hash, body);
    if (made.empty()) return Status::error("room_exists", "a room named '" + genesis.room + "' exists");
    const auto id = made[0][0].as<std::int64_t>();
    tx.exec_params0(
        "INSERT INTO events(room_id, seq, ts_ms, actor, type, body, prev_hash, hash, salt)"
        " VALUES ($1, 1, $2, $3, $4, $5, $6, $7, $8)",
        id, genesis.ts_ms, genesis.actor, genesis.type, genesis.body, genesis.prev_hash, genesis.hash,
        genesis.salt);
    tx.commit();
    if (created) {
      created->id = id;
      created->name = genesis.room;
      created->head_seq = 1;
      created->head_hash = genesis.hash;
      created->body_id = body;
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
    const auto rows = q.exec_params(std::string("SELECT ") + kEventColumns +
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
