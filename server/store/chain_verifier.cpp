#include "store/chain_verifier.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <vector>

#include "store/chain.hpp"
#include "store/directory_audit.hpp"
#include "store/event.hpp"
#include "store/event_row.hpp"

namespace collegial::store {
namespace {

struct RoomRow {
  std::int64_t id;
  std::string name;
  std::int64_t head_seq;
  std::string head_hash;
};

bool fail(VerifyReport& report, const std::string& room, std::int64_t seq, std::string problem) {
  report.intact = false;
  report.room = room;
  report.seq = seq;
  report.problem = std::move(problem);
  return false;
}

// Whether the events table has migration 0007's salt column (verify never migrates).
bool has_salt_column(SQLite::Database& db) {
  SQLite::Statement q(db, "SELECT 1 FROM pragma_table_info('events') WHERE name = 'salt'");
  return q.executeStep();
}

bool verify_room(SQLite::Database& db, const RoomRow& room, bool salted, VerifyReport& report,
                 const std::function<void(const Event&)>& visit) {
  SQLite::Statement q(db, std::string("SELECT ") +
                              (salted ? kEventColumns : kEventColumnsBeforeSalt) +
                              " FROM events WHERE room_id = ? ORDER BY seq");
  q.bind(1, static_cast<std::int64_t>(room.id));
  std::string previous_hash(kGenesisHash);
  std::int64_t expected_seq = 1;
  bool seen_v2 = false;
  while (q.executeStep()) {
    const Event e = event_from_row(q, room.name);
    if (e.seq != expected_seq) {
      return fail(report, room.name, expected_seq,
                  "event " + std::to_string(expected_seq) + " is missing (next stored is " +
                      std::to_string(e.seq) + ")");
    }
    if (e.prev_hash != previous_hash) {
      return fail(report, room.name, e.seq, "prev_hash does not match the previous event's hash");
    }
    const bool v2 = chain_version(e) == ChainVersion::v2;
    // The downgrade rule: a server that writes v2 never writes v1 again, so a v1 event after a
    // v2 event had its salt stripped (and its hash recomputed), or was written by a server that
    // would expose closed-session events to guessing (C3).
    if (seen_v2 && !v2) {
      return fail(report, room.name, e.seq,
                  "a v1 event after a v2 event (no salt where every event must have one)");
    }
    if (v2 && !well_formed_salt(e.salt)) {
      return fail(report, room.name, e.seq, "the salt is not 64 lower-case hex digits");
    }
    if (compute_hash(e) != e.hash) {
      return fail(report, room.name, e.seq, "hash does not match the event's contents");
    }
    if (visit) visit(e);
    previous_hash = e.hash;
    seen_v2 = seen_v2 || v2;
    ++expected_seq;
    ++report.events;
    ++(v2 ? report.v2_events : report.v1_events);
  }
  const std::int64_t last = expected_seq - 1;
  if (last != room.head_seq || previous_hash != room.head_hash) {
    return fail(report, room.name, last + 1,
                "the log ends at seq " + std::to_string(last) + " but the room's head is seq " +
                    std::to_string(room.head_seq) + " (events missing or head altered)");
  }
  ++report.rooms;
  return true;
}

}  // namespace

VerifyReport verify_chains(const std::string& path, const std::optional<std::string>& room,
                           const std::function<void(const Event&)>& visit) {
  VerifyReport report;
  try {
    SQLite::Database db(path, SQLite::OPEN_READONLY);
    SQLite::Statement q(db, room ? "SELECT id, name, head_seq, head_hash FROM rooms WHERE name = ?"
                                 : "SELECT id, name, head_seq, head_hash FROM rooms WHERE name <> ? ORDER BY id");
    // The directory's audit log is a chain too, checked with the directory (verify_directory).
    q.bind(1, room ? *room : std::string(kAuditRoom));
    std::vector<RoomRow> rooms;
    while (q.executeStep()) {
      rooms.push_back({q.getColumn(0).getInt64(), q.getColumn(1).getString(),
                       q.getColumn(2).getInt64(), q.getColumn(3).getString()});
    }
    if (room && rooms.empty()) {
      fail(report, *room, 0, "no such room");
      return report;
    }
    const bool salted = has_salt_column(db);
    for (const RoomRow& r : rooms) {
      if (!verify_room(db, r, salted, report, visit)) return report;
    }
    // Events whose room_id names no room at all were moved or orphaned.
    if (!room) {
      SQLite::Statement orphans(
          db, "SELECT room_id, seq FROM events WHERE room_id NOT IN (SELECT id FROM rooms) LIMIT 1");
      if (orphans.executeStep()) {
        // (Built with append, not "#" + string: g++ 12 -O3 misreports the latter, -Wrestrict.)
        std::string room_label = "room id ";
        room_label += orphans.getColumn(0).getString();
        fail(report, room_label, orphans.getColumn(1).getInt64(), "event belongs to no room");
      }
    }
  } catch (const SQLite::Exception& e) {
    fail(report, room.value_or(""), 0, std::string("cannot read the database: ") + e.what());
  }
  return report;
}

}  // namespace collegial::store
