// The event store: migrations, rooms, group commit, the chain guard, verify.
#include <catch2/catch.hpp>

#include <SQLiteCpp/Database.h>

#include <atomic>
#include <condition_variable>
#include <future>
#include <mutex>
#include <thread>

#include "store/chain.hpp"
#include "store/chain_verifier.hpp"
#include "store/event_store.hpp"
#include "store/migrations.hpp"
#include "support/temp_dir.hpp"

using namespace collegial;
using namespace collegial::store;

namespace {

std::unique_ptr<EventStore> open_at(const std::string& path) {
  Status status;
  auto s = EventStore::open({.path = path}, status);
  INFO(status.to_string());
  REQUIRE(s);
  return s;
}

Event next_event(const RoomRecord& head, std::int64_t seq_offset, const std::string& prev,
                 const std::string& text) {
  Event e;
  e.room = head.name;
  e.seq = head.head_seq + seq_offset;
  e.ts_ms = 1000 + e.seq;
  e.actor = "guest:t";
  e.type = "chat.message";
  e.body = "{\"text\":\"" + text + "\"}";
  e.prev_hash = prev;
  seal(e);  // v2, as the server writes
  return e;
}

Status append_sync(EventStore& s, std::int64_t room_id, std::vector<Event> events) {
  std::promise<Status> done;
  AppendRequest r;
  r.room_id = room_id;
  r.events = std::move(events);
  r.on_done = [&](const Status& st) { done.set_value(st); };
  s.append(std::move(r));
  return done.get_future().get();
}

}  // namespace

TEST_CASE("migrations are applied once and recorded", "[store]") {
  test::TempDir dir;
  const auto path = (dir / "a.db").string();
  { auto s = open_at(path); }
  { auto s = open_at(path); }  // second open applies nothing
  SQLite::Database db(path);
  CHECK(schema_version(db) == embedded_migrations().back().version);
  SQLite::Statement q(db, "SELECT COUNT(*) FROM schema_migrations");
  q.executeStep();
  CHECK(q.getColumn(0).getInt() == static_cast<int>(embedded_migrations().size()));
  CHECK(db.execAndGet("PRAGMA journal_mode").getString() == "wal");
}

TEST_CASE("a database newer than the server is refused", "[store]") {
  test::TempDir dir;
  const auto path = (dir / "new.db").string();
  { auto s = open_at(path); }
  {
    SQLite::Database db(path, SQLite::OPEN_READWRITE);
    db.exec("INSERT INTO schema_migrations(version, name, applied_ms) VALUES (9999, 'future', 0)");
  }
  Status status;
  auto s = EventStore::open({.path = path}, status);
  CHECK_FALSE(s);
  CHECK(status.code() == "schema_too_new");
}

TEST_CASE("a room starts with a room.created event and names are unique", "[store]") {
  test::TempDir dir;
  auto s = open_at((dir / "r.db").string());
  RoomRecord room;
  REQUIRE(s->create_room("council", 42, "system:test", &room));
  CHECK(room.head_seq == 1);
  CHECK(s->create_room("council", 43, "system:test").code() == "room_exists");
  std::vector<Event> events;
  REQUIRE(s->read_events(room, 0, 10, 1 << 20, events));
  REQUIRE(events.size() == 1);
  CHECK(events[0].type == "room.created");
  CHECK(events[0].prev_hash == kGenesisHash);
  CHECK(events[0].hash == room.head_hash);
  CHECK(well_formed_salt(events[0].salt));  // the first event is v2 too (C3)
  CHECK(compute_hash(events[0]) == events[0].hash);
  CHECK_FALSE(s->find_room("nope"));
  CHECK(s->find_room("council")->id == room.id);
}

TEST_CASE("appends commit in order and reads page through them", "[store]") {
  test::TempDir dir;
  const auto path = (dir / "p.db").string();
  auto s = open_at(path);
  RoomRecord room;
  REQUIRE(s->create_room("r", 1, "system:test", &room));
  std::string prev = room.head_hash;
  std::vector<Event> written;
  for (int i = 1; i <= 50; ++i) {
    Event e = next_event(room, i, prev, "m" + std::to_string(i));
    prev = e.hash;
    written.push_back(e);
    REQUIRE(append_sync(*s, room.id, {e}));
  }
  auto fresh = s->find_room("r");
  CHECK(fresh->head_seq == 51);
  CHECK(fresh->head_hash == prev);
  std::vector<Event> page;
  REQUIRE(s->read_events(*fresh, 10, 5, 1 << 20, page));
  REQUIRE(page.size() == 5);
  CHECK(page.front().seq == 11);
  CHECK(page.back().seq == 15);
  CHECK(page.front().salt == written[9].salt);  // the salt is stored and read back
  CHECK(page.front().hash == written[9].hash);
  const VerifyReport report = verify_chains(path, std::nullopt);
  CHECK(report.intact);
  CHECK(report.v2_events == 51);
  CHECK(report.v1_events == 0);
}

TEST_CASE("the store refuses an append that does not continue the chain", "[store][R4]") {
  test::TempDir dir;
  auto s = open_at((dir / "c.db").string());
  RoomRecord room;
  REQUIRE(s->create_room("r", 1, "system:test", &room));

  SECTION("wrong previous hash") {
    Event e = next_event(room, 1, std::string(kGenesisHash), "x");
    CHECK(append_sync(*s, room.id, {e}).code() == "chain_conflict");
  }
  SECTION("a gap in seq") {
    Event e = next_event(room, 2, room.head_hash, "x");
    CHECK(append_sync(*s, room.id, {e}).code() == "chain_conflict");
  }
  SECTION("a hash that does not match the contents") {
    Event e = next_event(room, 1, room.head_hash, "x");
    e.body = "{\"text\":\"y\"}";
    CHECK(append_sync(*s, room.id, {e}).code() == "chain_conflict");
  }
  // Nothing was written.
  CHECK(s->find_room("r")->head_seq == 1);
}

TEST_CASE("group commit: concurrent appends to many rooms share transactions", "[store]") {
  test::TempDir dir;
  const auto path = (dir / "g.db").string();
  auto s = open_at(path);
  constexpr int kRooms = 8;
  constexpr int kPerRoom = 200;
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int r = 0; r < kRooms; ++r) {
    RoomRecord room;
    REQUIRE(s->create_room("room" + std::to_string(r), 1, "system:test", &room));
    threads.emplace_back([&, room] {
      // Each thread keeps its room's appends in order but does not wait for each commit.
      std::string prev = room.head_hash;
      std::vector<std::future<Status>> pending;
      std::vector<std::shared_ptr<std::promise<Status>>> promises;
      for (int i = 1; i <= kPerRoom; ++i) {
        Event e = next_event(room, i, prev, std::to_string(i));
        prev = e.hash;
        auto p = std::make_shared<std::promise<Status>>();
        pending.push_back(p->get_future());
        AppendRequest req;
        req.room_id = room.id;
        req.events = {e};
        req.on_done = [p](const Status& st) { p->set_value(st); };
        s->append(std::move(req));
      }
      for (auto& f : pending) {
        if (!f.get()) ++failures;
      }
    });
  }
  for (auto& t : threads) t.join();
  CHECK(failures == 0);
  const auto stats = s->writer_stats();
  CHECK(stats.events == kRooms * kPerRoom);
  // Group commit happened: far fewer transactions than requests.
  CHECK(stats.transactions < stats.requests);
  s.reset();
  const auto report = verify_chains(path, std::nullopt);
  CHECK(report.intact);
  CHECK(report.events == kRooms * (kPerRoom + 1));
}

TEST_CASE("after a failed append the later appends of that room fail too", "[store]") {
  test::TempDir dir;
  auto s = open_at((dir / "f.db").string());
  RoomRecord room;
  REQUIRE(s->create_room("r", 1, "system:test", &room));
  Event bad = next_event(room, 1, room.head_hash, "x");
  bad.hash = std::string(64, 'f');  // will be refused
  RoomRecord after_bad = room;
  after_bad.head_seq = 2;
  Event follower = next_event(after_bad, 1, bad.hash, "y");
  std::promise<Status> p1, p2;
  AppendRequest r1{room.id, {bad}, [&](const Status& st) { p1.set_value(st); }};
  AppendRequest r2{room.id, {follower}, [&](const Status& st) { p2.set_value(st); }};
  s->append(std::move(r1));
  s->append(std::move(r2));
  CHECK_FALSE(p1.get_future().get());
  CHECK(p2.get_future().get().code() == "chain_conflict");
  CHECK(s->find_room("r")->head_seq == 1);
}
