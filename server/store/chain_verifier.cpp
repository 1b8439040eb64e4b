#include "store/chain_verifier.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <vector>

#include "record/chain.hpp"
#include "store/directory_audit.hpp"
#include "record/event.hpp"
#include "store/event_row.hpp"
#include "store/event_store.hpp"
#include "store/postgres_chain_source.hpp"

namespace collegial::store {

using record::Event;
using record::ChainVersion;
using record::chain_version;
using record::compute_hash;
using record::well_formed_salt;
using record::kGenesisHash;
namespace {

bool fail(VerifyReport& report, const std::string& room, std::int64_t seq, std::string problem) {
  report.intact = false;
  report.room = room;
  report.seq = seq;
  report.problem = std::move(problem);
  return false;
}

// A SQLite file opened read-only, in one read transaction (WAL: a snapshot while a server writes).
class SqliteChainSource final : public ChainSource {
 public:
  explicit SqliteChainSource(const std::string& path) : db_(path, SQLite::OPEN_READONLY) {
    db_.exec("BEGIN");
    // Whether the events table has migration 0007's salt column (verify never migrates).
    SQLite::Statement q(db_, "SELECT 1 FROM pragma_table_info('events') WHERE name = 'salt'");
    salted_ = q.executeStep();
  }

  std::vector<Room> rooms(const std::optional<std::string>& only) override {
    SQLite::Statement q(db_, only ? "SELECT id, name, head_seq, head_hash FROM rooms WHERE name = ?"
                                  : "SELECT id, name, head_seq, head_hash FROM rooms WHERE name <> ? ORDER BY id");
    // The directory's audit log is a chain too, checked with the directory (verify_directory).
    q.bind(1, only ? *only : std::string(kAuditRoom));
    std::vector<Room> out;
    while (q.executeStep()) {
      out.push_back({q.getColumn(0).getInt64(), q.getColumn(1).getString(), q.getColumn(2).getInt64(),
                     q.getColumn(3).getString()});
    }
    return out;
  }

  void events(const Room& room, const std::function<void(const Event&)>& each) override {
    SQLite::Statement q(db_, std::string("SELECT ") + (salted_ ? kEventColumns : kEventColumnsBeforeSalt) +
                                 " FROM events WHERE room_id = ? ORDER BY seq");
    q.bind(1, static_cast<std::int64_t>(room.id));
    while (q.executeStep()) each(event_from_row(q, room.name));
  }

  std::optional<std::pair<std::int64_t, std::int64_t>> event_without_room() override {
    SQLite::Statement q(db_, "SELECT room_id, seq FROM events WHERE room_id NOT IN (SELECT id FROM rooms) LIMIT 1");
    if (!q.executeStep()) return std::nullopt;
    return std::pair{q.getColumn(0).getInt64(), q.getColumn(1).getInt64()};
  }

 private:
  SQLite::Database db_;
  bool salted_ = false;
};

// One room's chain, event by event: seqs 1, 2, 3… without a gap, each prev_hash the previous
// hash, each hash recomputed in its own version, no v1 after a v2, and the head at the end.
class ChainWalk {
 public:
  ChainWalk(const ChainSource::Room& room, VerifyReport& report) : room_(room), report_(report) {}

  bool step(const Event& e) {
    if (!ok_) return false;
    if (e.seq != expected_seq_) {
      return ok_ = fail(report_, room_.name, expected_seq_,
                        "event " + std::to_string(expected_seq_) + " is missing (next stored is " +
                            std::to_string(e.seq) + ")");
    }
    if (e.prev_hash != previous_hash_) {
      return ok_ = fail(report_, room_.name, e.seq, "prev_hash does not match the previous event's hash");
    }
    const bool v2 = chain_version(e) == ChainVersion::v2;
    // The downgrade rule: a server that writes v2 never writes v1 again, so a v1 event after a
    // v2 event had its salt stripped (and its hash recomputed), or was written by a server that
    // would expose closed-session events to guessing (C3).
    if (seen_v2_ && !v2) {
      return ok_ = fail(report_, room_.name, e.seq, "a v1 event after a v2 event (no salt where every event must have one)");
    }
    if (v2 && !well_formed_salt(e.salt)) {
      return ok_ = fail(report_, room_.name, e.seq, "the salt is not 64 lower-case hex digits");
    }
    if (compute_hash(e) != e.hash) {
      return ok_ = fail(report_, room_.name, e.seq, "hash does not match the event's contents");
    }
    previous_hash_ = e.hash;
    seen_v2_ = seen_v2_ || v2;
    ++expected_seq_;
    ++report_.events;
    ++(v2 ? report_.v2_events : report_.v1_events);
    return true;
  }

  bool finish() {
    if (!ok_) return false;
    const std::int64_t last = expected_seq_ - 1;
    if (last != room_.head_seq || previous_hash_ != room_.head_hash) {
      return fail(report_, room_.name, last + 1,
                  "the log ends at seq " + std::to_string(last) + " but the room's head is seq " +
                      std::to_string(room_.head_seq) + " (events missing or head altered)");
    }
    ++report_.rooms;
    return true;
  }

 private:
  const ChainSource::Room& room_;
  VerifyReport& report_;
  std::string previous_hash_{kGenesisHash};
  std::int64_t expected_seq_ = 1;
  bool seen_v2_ = false;
  bool ok_ = true;
};

}  // namespace

VerifyReport verify_chains(ChainSource& source, const std::optional<std::string>& room,
                           const std::function<void(const Event&)>& visit) {
  VerifyReport report;
  try {
    const auto rooms = source.rooms(room);
    if (room && rooms.empty()) {
      fail(report, *room, 0, "no such room");
      return report;
    }
    for (const auto& r : rooms) {
      ChainWalk walk(r, report);
      source.events(r, [&](const Event& e) {
        if (walk.step(e) && visit) visit(e);
      });
      if (!walk.finish()) return report;
    }
    // Events whose room_id names no room at all were moved or orphaned.
    if (!room) {
      if (const auto orphan = source.event_without_room()) {
        // (Built with append, not "#" + string: g++ 12 -O3 misreports the latter, -Wrestrict.)
        std::string room_label = "room id ";
        room_label += std::to_string(orphan->first);
        fail(report, room_label, orphan->second, "event belongs to no room");
      }
    }
  } catch (const std::exception& e) {
    fail(report, room.value_or(""), 0, std::string("cannot read the database: ") + e.what());
  }
  return report;
}

VerifyReport verify_chains(const std::string& path, const std::optional<std::string>& room,
                           const std::function<void(const Event&)>& visit) {
  std::unique_ptr<SqliteChainSource> source;
  try {
    source = std::make_unique<SqliteChainSource>(path);
  } catch (const std::exception& e) {
    VerifyReport report;
    fail(report, room.value_or(""), 0, std::string("cannot read the database: ") + e.what());
    return report;
  }
  return verify_chains(*source, room, visit);
}

VerifyReport verify_chains(const StoreLocation& where, const std::optional<std::string>& room,
                           const std::function<void(const Event&)>& visit) {
  if (where.engine == StoreLocation::Engine::sqlite) return verify_chains(where.target, room, visit);
  std::unique_ptr<ChainSource> source;
  try {
    source = open_postgres_chain_source(where.target);
  } catch (const std::exception& e) {
    VerifyReport report;
    fail(report, room.value_or(""), 0, std::string("cannot read the database: ") + e.what());
    return report;
  }
  return verify_chains(*source, room, visit);
}

}  // namespace collegial::store
