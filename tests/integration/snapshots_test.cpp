// Issue #18 §1: rooms load from a snapshot and the events after it (docs/architecture.md,
// "Snapshots"). A room restarted from its snapshot must decide and show exactly what a room that
// replays its whole log does, and a snapshot that does not check out, even one forged by someone
// who can write the database and knows the format, must be ignored for a replay.
#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <filesystem>
#include <functional>

#include "integration/oma_council.hpp"
#include "record/chain.hpp"

using namespace collegial::test;

namespace {

const std::vector<std::string> kSnapshotting = {"--snapshot-every", "4", "--test-check-snapshots"};
const std::vector<std::string> kReplaying = {"--snapshot-every", "0"};

// The room's views as the clerk reads them (every plugin, closed sessions included) and as the
// public does, with the head they are at.
json views_on(std::uint16_t port) {
  WsClient clerk(port);
  REQUIRE(clerk.hello(login(port, "clerk@rec6.example", "demo-clerk-2026"))["type"] == "ack");
  REQUIRE(clerk.join("rec6-council")["type"] == "ack");
  const auto full = clerk.request({{"type", "view"}, {"room", "rec6-council"}});
  WsClient visitor(port);
  REQUIRE(visitor.hello()["type"] == "ack");
  REQUIRE(visitor.join("rec6-council")["type"] == "ack");
  const auto open = visitor.request({{"type", "view"}, {"room", "rec6-council"}});
  REQUIRE(full["type"] == "ack");
  REQUIRE(open["type"] == "ack");
  return {{"seq", full["seq"]}, {"clerk", full["views"]}, {"public", open["views"]}};
}

// A council in session at its special meeting: a motion under vote with three ayes, a closed
// session held and left, a message deleted by its author. Members' sockets stay open.
struct MidMeeting : Council {
  MidMeeting() : Council("2026-11-10T09:00", kSnapshotting) {
    notice("2026-11-19T10:00", kAgenda);
    clock.set(local("2026-11-19T09:55"));
    m = arrive(5);
    clock.set(local("2026-11-19T10:00"));
    REQUIRE(act(*m[0], "meeting.call_to_order")["type"] == "ack");
    REQUIRE(m[1]->say("rec6-council", "Good morning")["type"] == "ack");
    const auto said = next_of(*m[1], "chat.message");
    REQUIRE(act(*m[1], "chat.delete", {{"message", said["seq"]}})["type"] == "ack");
    REQUIRE(act(*m[0], "notice.take_up", {{"item", 2}})["type"] == "ack");
    REQUIRE(act(*m[1], "motions.move", {{"text", "Approve the FY27 budget"}})["type"] == "ack");
    REQUIRE(act(*m[2], "motions.second")["type"] == "ack");
    REQUIRE(act(*m[0], "motions.state")["type"] == "ack");
    REQUIRE(act(*m[0], "motions.call_vote")["type"] == "ack");
    for (std::size_t i : {1, 2, 3}) REQUIRE(act(*m[i], "motions.vote", {{"choice", "aye"}})["type"] == "ack");
  }
  std::vector<std::string> args(const std::vector<std::string>& snapshots) { return with_clock(with(snapshots)); }
  std::vector<std::unique_ptr<WsClient>> m;
};

}  // namespace

TEST_CASE("a room loaded from its snapshot decides and shows exactly what replaying its log gives",
          "[snapshots]") {
  MidMeeting c;
  c.server.kill9();  // mid-vote, with snapshots taken every 4 events

  ServerProcess restored(c.dir / "collegial.db", c.args(kSnapshotting));
  // The vote goes on where it was: the last member votes and the chair closes it.
  auto chair = c.seat_in_on(restored.port(), 0);
  auto last = c.seat_in_on(restored.port(), 4);
  CHECK(act(*last, "motions.vote", {{"choice", "nay"}})["type"] == "ack");
  REQUIRE(act(*chair, "motions.close_vote")["type"] == "ack");
  CHECK(next_of(*chair, "motions.decided")["body"]["result"] == "adopted");
  CHECK(contains(restored.log(), "from its snapshot at seq"));
  CHECK_FALSE(contains(restored.log(), "was ignored"));
  chair.reset();
  last.reset();
  REQUIRE(restored.stop(SIGTERM) == 0);  // the members' departures are recorded as it stops

  // The same log replayed from its first event, on a copy with no snapshot used, against the
  // room loaded again from its newest snapshot.
  std::filesystem::copy_file(c.dir / "collegial.db", c.dir / "replayed.db");
  ServerProcess replayed(c.dir / "replayed.db", c.args(kReplaying));
  ServerProcess again(c.dir / "collegial.db", c.args(kSnapshotting));
  const json from_log = views_on(replayed.port());
  const json from_snapshot = views_on(again.port());
  CHECK(contains(replayed.log(), "from its first event"));
  CHECK(contains(again.log(), "from its snapshot at seq"));

  // A client may join with the room's views instead of its history (issue #18 §1).
  WsClient reader(again.port());
  REQUIRE(reader.hello()["type"] == "ack");
  CHECK(reader.request({{"type", "join"}, {"room", "rec6-council"}, {"views", "yes"}})["code"] == "bad_field");
  const auto joined = reader.request({{"type", "join"}, {"room", "rec6-council"}, {"views", true}});
  REQUIRE(joined["type"] == "ack");
  CHECK(joined["seq"] == from_snapshot["seq"]);
  CHECK(joined["views"] == from_snapshot["public"]);
  CHECK(from_snapshot["seq"] == from_log["seq"]);
  CHECK(from_snapshot["clerk"] == from_log["clerk"]);
  CHECK(from_snapshot["public"] == from_log["public"]);
}

TEST_CASE("a snapshot that does not check out is ignored and the room replays, even one forged with its format",
          "[snapshots]") {
  MidMeeting c;
  c.m.clear();
  c.clerk.reset();
  REQUIRE(c.server.stop(SIGTERM) == 0);
  const auto db_path = (c.dir / "collegial.db").string();
  // What the room is, by its log alone.
  std::filesystem::copy_file(db_path, c.dir / "reference.db");
  json before;
  {
    ServerProcess reference(c.dir / "reference.db", c.args(kReplaying));
    before = views_on(reference.port());
  }

  // Each way of tampering with the newest snapshot, on a fresh copy of the database.
  struct Tamper {
    const char* what;
    std::function<void(SQLite::Database&, std::int64_t room, std::int64_t seq)> apply;
  };
  const std::vector<Tamper> tampers = {
      {"its state edited (the quorum undone), the plain SHA-256 recomputed by someone without the server's key",
       [](SQLite::Database& db, std::int64_t room, std::int64_t seq) {
         SQLite::Statement q(db, "SELECT state FROM room_snapshots WHERE room_id = ? AND seq = ?");
         q.bind(1, room);
         q.bind(2, seq);
         REQUIRE(q.executeStep());
         const std::string stored = q.getColumn(0).getString();
         // The snapshot is CBOR: decoded, edited and encoded again, as an informed forger would.
         nlohmann::json state = nlohmann::json::from_cbor(stored);
         // Turned whichever way it stands (the members' departures as the server stopped may
         // have ended the quorum before the newest snapshot), wherever a fold keeps it.
         int flipped = 0;
         std::function<void(nlohmann::json&)> flip = [&](nlohmann::json& j) {
           if (j.is_object()) {
             for (auto& [key, value] : j.items()) {
               if (key == "has_quorum" && value.is_boolean()) {
                 value = !value.get<bool>();
                 ++flipped;
               } else {
                 flip(value);
               }
             }
           } else if (j.is_array()) {
             for (auto& item : j) flip(item);
           }
         };
         flip(state);
         REQUIRE(flipped > 0);
         const std::vector<std::uint8_t> cbor = nlohmann::json::to_cbor(state);
         const std::string forged(cbor.begin(), cbor.end());
         SQLite::Statement u(db, "UPDATE room_snapshots SET state = ?, checksum = ? WHERE room_id = ? AND seq = ?");
         u.bind(1, forged.data(), static_cast<int>(forged.size()));
         u.bind(2, collegial::record::sha256_hex(forged));
         u.bind(3, room);
         u.bind(4, seq);
         REQUIRE(u.exec() == 1);
       }},
      {"its row moved to a later seq than it was taken at",
       [](SQLite::Database& db, std::int64_t room, std::int64_t seq) {
         SQLite::Statement u(db, "UPDATE room_snapshots SET seq = seq + 1 WHERE room_id = ? AND seq = ?");
         u.bind(1, room);
         u.bind(2, seq);
         REQUIRE(u.exec() == 1);
       }},
      {"its event's hash replaced",
       [](SQLite::Database& db, std::int64_t room, std::int64_t seq) {
         SQLite::Statement u(db, "UPDATE room_snapshots SET hash = ? WHERE room_id = ? AND seq = ?");
         u.bind(1, std::string(64, 'a'));
         u.bind(2, room);
         u.bind(3, seq);
         REQUIRE(u.exec() == 1);
       }},
  };
  int copy = 0;
  for (const Tamper& t : tampers) {
    INFO(t.what);
    const auto path = c.dir / ("tampered-" + std::to_string(++copy) + ".db");
    std::filesystem::copy_file(db_path, path);
    {
      SQLite::Database db(path.string(), SQLite::OPEN_READWRITE);
      SQLite::Statement q(db,
                          "SELECT s.room_id, s.seq FROM room_snapshots s JOIN rooms r ON r.id = s.room_id"
                          " WHERE r.name = 'rec6-council'");
      // Every snapshot of the room, so that none is left to fall back on.
      std::vector<std::pair<std::int64_t, std::int64_t>> all;
      while (q.executeStep()) all.emplace_back(q.getColumn(0).getInt64(), q.getColumn(1).getInt64());
      REQUIRE_FALSE(all.empty());
      for (const auto& [room, seq] : all) t.apply(db, room, seq);
    }
    ServerProcess server(path, c.args(kSnapshotting));
    const json views = views_on(server.port());
    const std::string log = server.log();
    CHECK(contains(log, "was ignored"));
    CHECK(contains(log, "from its first event"));
    CHECK(views == before);
  }
}
