// The event store on both engines: migrations, rooms, group commit, the chain guard, storage
// failures, snapshots, verify against tampering, and migrate-store between the engines.
// Every test here runs once on SQLite and once on a real PostgreSQL (tests/support/postgres_server).
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <SQLiteCpp/Database.h>

#include <pqxx/pqxx>

#include <atomic>
#include <future>
#include <thread>

#include "record/chain.hpp"
#include "store/chain_verifier.hpp"
#include "store/directory.hpp"
#include "store/directory_audit.hpp"
#include "store/event_store.hpp"
#include "store/instance_lock.hpp"
#include "store/migrate_store.hpp"
#include "store/migrations.hpp"
#include "store/postgres_event_store.hpp"
#include "store/postgres_migrations.hpp"
#include "store/room_leases.hpp"
#include "support/postgres_server.hpp"
#include "support/temp_dir.hpp"

using namespace collegial;
using namespace collegial::store;
using namespace collegial::record;

namespace {

// A fresh, empty store on one engine: a new SQLite file, or a new PostgreSQL database.
struct Engine {
  explicit Engine(const std::string& engine_name) : name(engine_name) {
    if (name == "sqlite") {
      where = {StoreLocation::Engine::sqlite, (dir / "events.db").string()};
    } else {
      where = {StoreLocation::Engine::postgres, test::PostgresServer::shared().fresh_database()};
    }
  }

  std::unique_ptr<EventStore> open() {
    Status status;
    auto s = EventStore::open(where, {}, status);
    INFO(status.to_string());
    REQUIRE(s);
    return s;
  }

  // Runs SQL on the store's database behind the server's back (as an attacker or a broken disk
  // would): `?` placeholders are not used, the statements are literal.
  void exec(const std::string& sql) {
    if (name == "sqlite") {
      SQLite::Database db(where.target, SQLite::OPEN_READWRITE);
      db.exec(sql);
    } else {
      pqxx::connection db(where.target);
      pqxx::work tx(db);
      tx.exec(sql);
      tx.commit();
    }
  }

  // A body `id` for rooms to belong to (the directory is beside the rooms on both engines).
  void add_body(std::int64_t id) {
    open();  // migrated
    const std::string n = std::to_string(id);
    exec("INSERT INTO cooperatives(id, slug, name) VALUES (1, 'rec', 'REC') ON CONFLICT DO NOTHING");
    exec("INSERT INTO bodies(id, cooperative_id, slug, name, kind) VALUES (" + n + ", 1, 'b" + n + "', 'B', 'council')");
  }

  int schema_version_now() {
    if (name == "sqlite") {
      SQLite::Database db(where.target);
      return schema_version(db);
    }
    pqxx::connection db(where.target);
    return postgres_schema_version(db);
  }

  std::string name;
  test::TempDir dir;
  StoreLocation where;
};

#define ON_EACH_ENGINE                                                      \
  Engine engine(GENERATE(as<std::string>{}, "sqlite", "postgres"));      \
  INFO("engine: " << engine.name)

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

Status append_sync(EventStore& s, std::int64_t room_id, std::vector<Event> events, std::int64_t lease_epoch = 0) {
  std::promise<Status> done;
  AppendRequest r;
  r.room_id = room_id;
  r.events = std::move(events);
  r.lease_epoch = lease_epoch;
  r.on_done = [&](const Status& st) { done.set_value(st); };
  s.append(std::move(r));
  return done.get_future().get();
}

// Appends `n` chat events to `room`, `per_request` to a request; returns the new head.
RoomRecord append_chat(EventStore& s, RoomRecord room, int n, int per_request = 1) {
  std::vector<Event> request;
  for (int i = 0; i < n; ++i) {
    Event e = next_event(room, 1, room.head_hash, "m" + std::to_string(room.head_seq + 1));
    room.head_seq = e.seq;
    room.head_hash = e.hash;
    request.push_back(std::move(e));
    if (static_cast<int>(request.size()) == per_request || i == n - 1) {
      REQUIRE(append_sync(s, room.id, std::move(request)));
      request.clear();
    }
  }
  return room;
}

}  // namespace

TEST_CASE("migrations are applied once and recorded", "[store]") {
  ON_EACH_ENGINE;
  { auto s = engine.open(); }
  { auto s = engine.open(); }  // second open applies nothing
  const auto& newest = engine.name == "sqlite" ? embedded_migrations() : embedded_postgres_migrations();
  CHECK(engine.schema_version_now() == newest.back().version);
  if (engine.name == "sqlite") {
    SQLite::Database db(engine.where.target);
    SQLite::Statement q(db, "SELECT COUNT(*) FROM schema_migrations");
    q.executeStep();
    CHECK(q.getColumn(0).getInt() == static_cast<int>(newest.size()));
    CHECK(db.execAndGet("PRAGMA journal_mode").getString() == "wal");
  } else {
    pqxx::connection db(engine.where.target);
    pqxx::nontransaction q(db);
    CHECK(q.exec1("SELECT COUNT(*) FROM schema_migrations")[0].as<int>() == static_cast<int>(newest.size()));
  }
}

TEST_CASE("PostgreSQL: nodes starting together apply each migration once", "[store]") {
  Engine engine("postgres");
  std::vector<std::future<std::unique_ptr<EventStore>>> nodes;
  for (int i = 0; i < 3; ++i) {
    nodes.push_back(std::async(std::launch::async, [&] {
      Status status;
      return EventStore::open(engine.where, {}, status);
    }));
  }
  for (auto& node : nodes) CHECK(node.get());
  pqxx::connection db(engine.where.target);
  pqxx::nontransaction q(db);
  CHECK(q.exec1("SELECT COUNT(*) FROM schema_migrations")[0].as<int>() ==
        static_cast<int>(embedded_postgres_migrations().size()));
}

TEST_CASE("a database newer than the server is refused", "[store]") {
  ON_EACH_ENGINE;
  { auto s = engine.open(); }
  engine.exec("INSERT INTO schema_migrations(version, name, applied_ms) VALUES (9999, 'future', 0)");
  Status status;
  auto s = EventStore::open(engine.where, {}, status);
  CHECK_FALSE(s);
  CHECK(status.code() == "schema_too_new");
}

TEST_CASE("a store that cannot be reached is refused with the reason", "[store]") {
  Status status;
  test::TempDir dir;
  auto s = EventStore::open(StoreLocation{StoreLocation::Engine::postgres,
                                          "postgresql:///nowhere?host=" + (dir / "none").string()},
                            {}, status);
  CHECK_FALSE(s);
  CHECK(status.code() == "store_failed");
  CHECK(status.message().find("postgres:") != std::string::npos);
}

TEST_CASE("a store location names an engine and a place, and no password reaches a log", "[store]") {
  CHECK(StoreLocation::parse("sqlite:data/c.db")->target == "data/c.db");
  CHECK(StoreLocation::parse("postgres:postgresql:///collegial?host=/run/pg")->engine ==
        StoreLocation::Engine::postgres);
  CHECK(StoreLocation::parse("postgres://u@db/collegial")->target == "postgresql://u@db/collegial");
  CHECK(StoreLocation::parse("mysql:x").status().code() == "bad_store");
  CHECK(StoreLocation::parse("sqlite:").status().code() == "bad_store");
  CHECK(StoreLocation::parse("data.db").status().code() == "bad_store");
  CHECK(StoreLocation::parse("postgres:postgresql://clerk:s3cret@db/c")->describe() ==
        "postgres:postgresql://clerk:***@db/c");
  CHECK(StoreLocation::parse("postgres:host=db password=s3cret dbname=c")->describe() ==
        "postgres:host=db password=*** dbname=c");
}

TEST_CASE("a room starts with a room.created event and names are unique", "[store]") {
  ON_EACH_ENGINE;
  auto s = engine.open();
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
  RoomRecord of_body;
  engine.add_body(7);
  REQUIRE(s->create_room("board", 44, "system:test", &of_body, 7));
  CHECK(s->find_room("board")->body_id == 7);
  CHECK(s->room_names() == std::vector<std::string>{"council", "board"});
}

TEST_CASE("appends commit in order and reads page through them", "[store]") {
  ON_EACH_ENGINE;
  auto s = engine.open();
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
  // Several events in one request, too.
  RoomRecord at51 = room;
  at51.head_seq = 51;
  std::vector<Event> three;
  for (int i = 1; i <= 3; ++i) {
    three.push_back(next_event(at51, i, prev, "batch" + std::to_string(i)));
    prev = three.back().hash;
  }
  REQUIRE(append_sync(*s, room.id, three));
  // Text that SQL and JSON both escape, and text beyond ASCII, come back byte for byte (in a
  // request of its own and in a batch); a NUL byte or ill-formed UTF-8 is refused on both
  // engines alike, and the store goes on writing.
  RoomRecord at54 = room;
  at54.head_seq = 54;
  Event odd = next_event(at54, 1, prev, "x");
  odd.body = nlohmann::json{{"text", "it's \"quoted\" \\ back\\slash; -- ñ, 漢字, 🗳️, \\u0000 literally"}}.dump();
  odd.actor = "person:O'Brien \\ \"x\"";
  seal(odd);
  REQUIRE(append_sync(*s, room.id, {odd}));
  prev = odd.hash;
  Event with_nul = next_event(RoomRecord{room.id, "r", 55, prev, {}, "", true}, 1, prev, "x");
  with_nul.body = std::string("{\"text\":\"a\0b\"}", 15);
  seal(with_nul);
  CHECK(append_sync(*s, room.id, {with_nul}).code() == "chain_conflict");
  Event not_utf8 = next_event(RoomRecord{room.id, "r", 55, prev, {}, "", true}, 1, prev, "x");
  not_utf8.body = "{\"text\":\"\xff\xfe\"}";
  seal(not_utf8);
  CHECK(append_sync(*s, room.id, {not_utf8}).code() == "chain_conflict");
  std::vector<Event> back;
  REQUIRE(s->read_events(*s->find_room("r"), 54, 10, 1 << 20, back));
  REQUIRE(back.size() == 1);
  CHECK(back[0].body == odd.body);
  CHECK(back[0].actor == odd.actor);
  CHECK(back[0].hash == odd.hash);
  auto fresh = s->find_room("r");
  CHECK(fresh->head_seq == 55);
  CHECK(fresh->head_hash == prev);
  std::vector<Event> page;
  REQUIRE(s->read_events(*fresh, 10, 5, 1 << 20, page));
  REQUIRE(page.size() == 5);
  CHECK(page.front().seq == 11);
  CHECK(page.back().seq == 15);
  CHECK(page.front().salt == written[9].salt);  // the salt is stored and read back
  CHECK(page.front().hash == written[9].hash);
  page.clear();
  REQUIRE(s->read_events(*fresh, 0, 100, 1, page));  // a byte bound still reads one event
  CHECK(page.size() == 1);
  const VerifyReport report = verify_chains(engine.where, std::nullopt);
  CHECK(report.intact);
  CHECK(report.v2_events == 55);
  CHECK(report.v1_events == 0);
}

TEST_CASE("the store refuses an append that does not continue the chain", "[store][R4]") {
  ON_EACH_ENGINE;
  auto s = engine.open();
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
  SECTION("an append to a room that does not exist") {
    Event e = next_event(room, 1, room.head_hash, "x");
    CHECK(append_sync(*s, room.id + 1000, {e}).code() == "chain_conflict");
  }
  // Nothing was written, and the store goes on writing.
  CHECK(s->find_room("r")->head_seq == 1);
  CHECK_FALSE(s->storage_failure());
  append_chat(*s, room, 1);
  CHECK(verify_chains(engine.where, std::nullopt).intact);
}

TEST_CASE("two writers on one store cannot fork a room", "[store][R4]") {
  // Two stores on one database are two nodes (or a node and a stray process): both try to
  // append their own next event after the same head, many times over. Exactly one wins each
  // time; the loser is refused and nothing of it is written.
  ON_EACH_ENGINE;
  auto a = engine.open();
  auto b = engine.open();
  RoomRecord room;
  REQUIRE(a->create_room("contested", 1, "system:test", &room));
  int a_won = 0;
  int b_won = 0;
  for (int round = 0; round < 40; ++round) {
    Event from_a = next_event(room, 1, room.head_hash, "a" + std::to_string(round));
    Event from_b = next_event(room, 1, room.head_hash, "b" + std::to_string(round));
    std::promise<Status> pa, pb;
    a->append({room.id, {from_a}, [&](const Status& st) { pa.set_value(st); }});
    b->append({room.id, {from_b}, [&](const Status& st) { pb.set_value(st); }});
    const Status ra = pa.get_future().get();
    const Status rb = pb.get_future().get();
    REQUIRE(static_cast<bool>(ra) != static_cast<bool>(rb));
    const Status& lost = ra ? rb : ra;
    CHECK(lost.code() == "chain_conflict");
    const Event& won = ra ? from_a : from_b;
    ++(ra ? a_won : b_won);
    room.head_seq = won.seq;
    room.head_hash = won.hash;
  }
  CHECK(a_won + b_won == 40);
  const auto report = verify_chains(engine.where, std::nullopt);
  CHECK(report.intact);
  CHECK(report.events == 41);
  CHECK(a->find_room("contested")->head_hash == room.head_hash);
}

TEST_CASE("contending appends queued together: the first that fits wins, the other writes nothing",
          "[store][R4]") {
  // Pairs of appends expecting the same head, all queued at once so they share transactions:
  // within one transaction too, the second of each pair is refused (on PostgreSQL it waits for
  // the next round of the batch and finds the head moved).
  ON_EACH_ENGINE;
  auto s = engine.open();
  RoomRecord room;
  REQUIRE(s->create_room("r", 1, "system:test", &room));
  RoomRecord other;
  REQUIRE(s->create_room("other", 1, "system:test", &other));
  constexpr int kPairs = 200;
  std::vector<std::future<Status>> winners, losers, others;
  RoomRecord head = room;
  RoomRecord other_head = other;
  for (int i = 0; i < kPairs; ++i) {
    Event first = next_event(head, 1, head.head_hash, "first" + std::to_string(i));
    Event second = next_event(head, 1, head.head_hash, "second" + std::to_string(i));
    Event beside = next_event(other_head, 1, other_head.head_hash, "beside" + std::to_string(i));
    for (auto [list, event, id] : {std::tuple{&winners, &first, room.id}, std::tuple{&losers, &second, room.id},
                                   std::tuple{&others, &beside, other.id}}) {
      auto p = std::make_shared<std::promise<Status>>();
      list->push_back(p->get_future());
      s->append({id, {*event}, [p](const Status& st) { p->set_value(st); }});
    }
    head.head_seq = first.seq;
    head.head_hash = first.hash;
    other_head.head_seq = beside.seq;
    other_head.head_hash = beside.hash;
  }
  for (auto& f : winners) CHECK(f.get());
  for (auto& f : losers) CHECK(f.get().code() == "chain_conflict");
  for (auto& f : others) CHECK(f.get());
  CHECK(s->writer_stats().transactions < 3 * kPairs);  // they did share transactions
  CHECK(s->find_room("r")->head_hash == head.head_hash);
  const auto report = verify_chains(engine.where, std::nullopt);
  CHECK(report.intact);
  CHECK(report.events == 2 * (kPairs + 1));
}

TEST_CASE("group commit: concurrent appends to many rooms share transactions", "[store]") {
  ON_EACH_ENGINE;
  auto s = engine.open();
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
  const auto report = verify_chains(engine.where, std::nullopt);
  CHECK(report.intact);
  CHECK(report.events == kRooms * (kPerRoom + 1));
}

TEST_CASE("after a failed append the later appends of that room fail too", "[store]") {
  ON_EACH_ENGINE;
  auto s = engine.open();
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

TEST_CASE("PostgreSQL: a failed write stops writing until restart, fails its whole batch, and loses nothing acknowledged",
          "[store]") {
  Engine engine("postgres");
  auto s = engine.open();
  std::vector<RoomRecord> rooms(8);
  for (int r = 0; r < 8; ++r) {
    REQUIRE(s->create_room("r" + std::to_string(r), 1, "system:test", &rooms[r]));
    rooms[r] = append_chat(*s, rooms[r], 3);
  }
  // The database refuses a write (as a full disk or a broken table would): PostgreSQL aborts the
  // whole transaction, so every append queued with it fails too, none is reported written.
  engine.exec("ALTER TABLE events ADD CONSTRAINT no_long_bodies CHECK (length(body) < 100)");
  std::vector<std::future<Status>> outcomes;
  for (int round = 0; round < 20; ++round) {
    for (int r = 0; r < 8; ++r) {
      Event e = next_event(rooms[r], 1, rooms[r].head_hash, r == 3 && round == 0 ? std::string(200, 'x') : "ok");
      rooms[r].head_seq = e.seq;
      rooms[r].head_hash = e.hash;
      auto p = std::make_shared<std::promise<Status>>();
      outcomes.push_back(p->get_future());
      s->append({rooms[r].id, {e}, [p](const Status& st) { p->set_value(st); }});
    }
  }
  int written = 0;
  for (auto& f : outcomes) {
    const Status st = f.get();
    if (st) ++written;
    else CHECK(st.code() == "storage_failed");
  }
  REQUIRE(s->storage_failure());
  engine.exec("ALTER TABLE events DROP CONSTRAINT no_long_bodies");
  Event later = next_event(rooms[0], 1, rooms[0].head_hash, "later");
  CHECK(append_sync(*s, rooms[0].id, {later}).code() == "storage_failed");  // final, not retried
  CHECK(s->create_room("other", 2, "system:test").code() == "storage_failed");
  s.reset();
  // A new process (a restart) finds exactly what was acknowledged, and writes again.
  auto again = engine.open();
  std::int64_t stored = 0;
  for (int r = 0; r < 8; ++r) stored += again->find_room("r" + std::to_string(r))->head_seq - 4;
  CHECK(stored == written);
  CHECK(verify_chains(engine.where, std::nullopt).intact);
  const auto fresh = *again->find_room("r0");
  CHECK(append_sync(*again, fresh.id, {next_event(fresh, 1, fresh.head_hash, "after the restart")}));
}

TEST_CASE("PostgreSQL: a writer whose connection died while idle opens it again, lock and settings included",
          "[store]") {
  Engine engine("postgres");
  // Whatever the database's default, the store's sessions commit synchronously.
  const auto& url_form = engine.where.target;  // postgresql:///NAME?host=…
  const std::size_t name_at = url_form.find("///") + 3;
  const std::string name = url_form.substr(name_at, url_form.find('?') - name_at);
  engine.exec("ALTER DATABASE " + name + " SET synchronous_commit = off");
  for (const std::string& url : {url_form, "dbname=" + name + " host=" +
                                               test::PostgresServer::shared().socket_dir().string() +
                                               " port=5432 user=collegial"}) {
    auto db = connect_postgres(url);
    pqxx::nontransaction q(*db);
    CHECK(q.exec1("SHOW synchronous_commit")[0].as<std::string>() == "on");
  }
  EventStore::Options serving;
  serving.server_lock = true;
  Status status;
  auto s = EventStore::open(engine.where, serving, status);
  REQUIRE(s);
  RoomRecord room;
  REQUIRE(s->create_room("r", 1, "system:test", &room));
  room = append_chat(*s, room, 3);
  const auto end_others = [&] {
    engine.exec("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE pid <> pg_backend_pid()"
                " AND datname = current_database()");
  };
  end_others();  // an administrator, a failover, a network cut: no transaction was open
  room = append_chat(*s, room, 2);  // written: nothing was in doubt
  CHECK_FALSE(s->storage_failure());
  // The lock came back with the connection: a second server is still refused.
  CHECK_FALSE(EventStore::open(engine.where, serving, status));
  CHECK(status.code() == "store_in_use");

  // If another server took the lock meanwhile, the writer does not write beside it.
  end_others();
  auto other = EventStore::open(engine.where, serving, status);
  REQUIRE(other);
  Event e = next_event(room, 1, room.head_hash, "beside another server");
  CHECK(append_sync(*s, room.id, {e}).code() == "storage_failed");
  CHECK(s->storage_failure());
  CHECK(verify_chains(engine.where, std::nullopt).intact);
}

TEST_CASE("snapshots are stored as bytes, newest first, and pruned", "[store]") {
  ON_EACH_ENGINE;
  auto s = engine.open();
  RoomRecord room;
  REQUIRE(s->create_room("r", 1, "system:test", &room));
  const std::string bytes("\x00\xff\x01" "cbor\x00", 8);
  for (int seq = 1; seq <= 4; ++seq) {
    REQUIRE(s->put_snapshot(room, {seq, "h" + std::to_string(seq), bytes + std::to_string(seq), "c", 10 + seq}, 2));
  }
  const auto kept = s->snapshots(room);
  REQUIRE(kept.size() == 2);
  CHECK(kept[0].seq == 4);
  CHECK(kept[1].seq == 3);
  CHECK(kept[0].state == bytes + "4");
  CHECK(kept[0].taken_ms == 14);
  // The same seq again replaces it.
  REQUIRE(s->put_snapshot(room, {4, "h4", "again", "c2", 20}, 2));
  CHECK(s->snapshots(room)[0].state == "again");
}

TEST_CASE("a copied first event is taken only as it is", "[store]") {
  ON_EACH_ENGINE;
  auto s = engine.open();
  Event genesis = next_event(RoomRecord{0, "copied", 0, "", {}, "", true}, 1, std::string(kGenesisHash), "x");
  genesis.type = "room.created";
  genesis.body = "{\"name\":\"copied\"}";
  seal(genesis);
  Event forged = genesis;
  forged.body = "{\"name\":\"other\"}";
  CHECK(s->import_room(forged, std::nullopt, nullptr).code() == "chain_conflict");
  Event second = next_event(RoomRecord{0, "copied", 1, "", {}, "", true}, 1, genesis.hash, "y");
  CHECK(s->import_room(second, std::nullopt, nullptr).code() == "chain_conflict");
  RoomRecord made;
  engine.add_body(3);
  REQUIRE(s->import_room(genesis, 3, &made));
  CHECK(made.head_hash == genesis.hash);
  CHECK(s->find_room("copied")->body_id == 3);
  CHECK(s->import_room(genesis, std::nullopt, nullptr).code() == "room_exists");
}

TEST_CASE("verify finds what an informed attacker changed in the store", "[store][R4]") {
  // One who can write the database directly, and knows the schema and the hash function, but
  // not a salt's secret: each change below is caught, on both engines.
  ON_EACH_ENGINE;
  {
    auto s = engine.open();
    RoomRecord room;
    REQUIRE(s->create_room("council", 1, "system:test", &room));
    append_chat(*s, room, 6);
  }
  REQUIRE(verify_chains(engine.where, std::nullopt).intact);
  std::string expect;
  SECTION("a changed body") {
    engine.exec("UPDATE events SET body = '{\"text\":\"forged\"}' WHERE seq = 3");
    expect = "hash does not match";
  }
  SECTION("the last events deleted (truncation), head left") {
    engine.exec("DELETE FROM events WHERE seq >= 6");
    expect = "the log ends at seq 5";
  }
  SECTION("the last events deleted and the head moved back to match, hash recomputed") {
    // The chain itself is consistent then: verify alone cannot see it, checkpoints can
    // (tests/integration/checkpoints_test.cpp). Here: the head alone moved back.
    engine.exec("UPDATE rooms SET head_seq = 5");
    expect = "the log ends at seq 7";
  }
  SECTION("an event in the middle deleted") {
    engine.exec("DELETE FROM events WHERE seq = 4");
    expect = "event 4 is missing";
  }
  SECTION("a salt stripped (downgrade to v1)") {
    engine.exec("UPDATE events SET salt = '' WHERE seq = 5");
    expect = "a v1 event after a v2 event";
  }
  SECTION("an event moved out of its room") {
    if (engine.name == "postgres") engine.exec("ALTER TABLE events DROP CONSTRAINT events_room_id_fkey");
    engine.exec("INSERT INTO events(room_id, seq, ts_ms, actor, type, body, prev_hash, hash, salt)"
                " VALUES (999, 1, 0, 'x', 'chat.message', '{}', '', '', '')");
    expect = "event belongs to no room";
  }
  const auto report = verify_chains(engine.where, std::nullopt);
  CHECK_FALSE(report.intact);
  INFO(report.problem);
  CHECK(report.problem.find(expect) != std::string::npos);
}

TEST_CASE("migrate-store copies every room between the engines and verifies on arrival", "[store]") {
  // SQLite to PostgreSQL (a cooperative's service outgrows one machine) and back.
  const std::string to_engine = GENERATE(as<std::string>{}, "postgres", "sqlite");
  Engine from(to_engine == "postgres" ? "sqlite" : "postgres");
  Engine to(to_engine);
  INFO("from " << from.name << " to " << to.name);
  std::map<std::string, RoomRecord> heads;
  std::int64_t body_id = 0;
  {
    auto s = from.open();
    // The house goes too: a body made through the directory, on its audit log.
    Directory directory(from.where);
    REQUIRE(directory.audited("create-cooperative", 1, [&] { return directory.create_cooperative("rec6", "REC 6"); }));
    Body council;
    council.slug = "rec6-council";
    council.name = "REC 6 Governing Council";
    council.kind = "council";
    const auto body = directory.audited("create-body", 1, [&] { return directory.create_body(council, "rec6", ""); });
    REQUIRE(body);
    body_id = body->id;
    // Rooms are made in an audited operation, as the server's administration makes them.
    directory.audited("create-rooms", 2, [&] {
      for (int r = 0; r < 3; ++r) {
        RoomRecord room;
        const std::string name = "room" + std::to_string(r);
        REQUIRE(s->create_room(name, 1, "system:test", &room, r == 0 ? std::optional<std::int64_t>(body_id) : std::nullopt));
        heads[name] = append_chat(*s, room, 10 * r + 1);
      }
      return true;
    });
    REQUIRE(directory.audited("create-person", 2, [&] { return directory.create_person("clerk@rec6.example", "Clerk", false); }));
    directory.audited("create-room", 2, [&] {
      RoomRecord big;
      REQUIRE(s->create_room("big", 1, "system:test", &big));
      heads["big"] = append_chat(*s, big, 4500, 500);  // more than one page
      return true;
    });
  }
  std::vector<std::string> lines;
  const auto copied = migrate_store(from.where, to.where, [&](const std::string& line) { lines.push_back(line); });
  INFO(copied.status().to_string());
  REQUIRE(copied);
  CHECK(copied->rooms == 5);  // and the directory's audit log
  CHECK(copied->events > 4 + 1 + 11 + 21 + 4500);
  CHECK(copied->house_rows == 3);  // a cooperative, a body, a person
  CHECK(lines.size() == 5 + 3);
  auto there = to.open();
  for (const auto& [name, head] : heads) {
    const auto room = there->find_room(name);
    REQUIRE(room);
    CHECK(room->head_seq == head.head_seq);
    CHECK(room->head_hash == head.head_hash);
    CHECK(room->id == head.id);  // the audit log names rooms by id
  }
  CHECK(there->find_room("room0")->body_id == body_id);
  CHECK(there->find_room("room0")->body_name == "REC 6 Governing Council");
  CHECK_FALSE(there->find_room("room1")->body_id);
  CHECK(verify_directory(to.where).intact);
  {
    Directory copied_directory(to.where);
    CHECK(copied_directory.person_by_email("CLERK@rec6.example"));
    // Ids made after the copy do not collide with the copied ones.
    const auto later = copied_directory.audited("create-person", 3, [&] {
      return copied_directory.create_person("chair@rec6.example", "Chair", false);
    });
    REQUIRE(later);
    CHECK(later->id > copied_directory.person_by_email("clerk@rec6.example")->id);
    copied_directory.audited("create-room", 3, [&] {
      RoomRecord made_later;
      REQUIRE(there->create_room("later", 2, "system:test", &made_later));
      CHECK(made_later.id > there->find_room("big")->id);
      return true;
    });
  }
  CHECK(verify_directory(to.where).intact);
  // The copy is a working store: it appends after the copied heads.
  append_chat(*there, *there->find_room("room1"), 2);
  CHECK(verify_chains(to.where, std::nullopt).intact);
  there.reset();

  SECTION("into a store that holds rooms: refused, nothing changed") {
    const auto again = migrate_store(from.where, to.where, {});
    CHECK(again.status().code() == "store_not_empty");
    auto unchanged = to.open();
    CHECK(unchanged->room_names().size() == 6);  // five copied, one made since
    CHECK(unchanged->find_room("room1")->head_seq == heads["room1"].head_seq + 2);
    CHECK(unchanged->find_room("big")->head_hash == heads["big"].head_hash);
  }
  SECTION("while a server serves the source: refused") {
    Engine fresh(to_engine);
    std::unique_ptr<EventStore> serving;
    collegial::store::InstanceLock held;
    if (from.name == "sqlite") {
      REQUIRE(collegial::store::InstanceLock::acquire(from.where.target, held));
    } else {
      EventStore::Options as_server;
      as_server.server_lock = true;
      Status st;
      serving = EventStore::open(from.where, as_server, st);
      REQUIRE(serving);
    }
    CHECK(migrate_store(from.where, fresh.where, {}).status().code() == "store_in_use");
  }
  SECTION("from a source that does not verify: refused before anything is copied") {
    Engine fresh(to_engine);
    from.exec("UPDATE events SET body = '{\"text\":\"forged\"}' WHERE seq = 2");
    const auto refused = migrate_store(from.where, fresh.where, {});
    CHECK(refused.status().code() == "not_intact");
    auto empty = fresh.open();
    CHECK(empty->room_names().empty());
  }
}

TEST_CASE("PostgreSQL: a room's lease is one node's at a time, and a deposed holder cannot append (fencing)",
          "[store][postgres]") {
  Engine engine("postgres");
  // Two nodes on one database: each its own store (named, for the fence) and its own leases.
  EventStore::Options as_a, as_b;
  as_a.node = "node-a";
  as_b.node = "node-b";
  Status status;
  auto a = EventStore::open(engine.where, as_a, status);
  REQUIRE(a);
  auto b = EventStore::open(engine.where, as_b, status);
  REQUIRE(b);
  RoomRecord room;
  REQUIRE(a->create_room("council", 1, "system:test", &room));
  RoomLeases leases_a(engine.where.target, "node-a");
  RoomLeases leases_b(engine.where.target, "node-b");
  constexpr std::int64_t kTerm = 60'000;

  const auto taken = leases_a.acquire(room.id, kTerm);
  REQUIRE(taken);
  REQUIRE(taken.value());
  const RoomLease lease_a = *taken.value();
  CHECK(lease_a.epoch == 1);
  CHECK(lease_a.node == "node-a");
  // B cannot take it while A's is unexpired; A takes it again as a renewal, same epoch.
  REQUIRE(leases_b.acquire(room.id, kTerm));
  CHECK_FALSE(leases_b.acquire(room.id, kTerm).value());
  CHECK(leases_a.acquire(room.id, kTerm).value()->epoch == 1);
  CHECK(leases_a.renew(lease_a, kTerm).value());

  // A appends under its lease; B, without the lease, is refused by the fence.
  Event mine = next_event(room, 1, room.head_hash, "under the lease");
  REQUIRE(append_sync(*a, room.id, {mine}, lease_a.epoch));
  RoomRecord head = *a->find_room("council");
  CHECK(head.head_seq == 2);
  Event stray = next_event(head, 1, head.head_hash, "not the holder");
  CHECK(append_sync(*b, room.id, {stray}, lease_a.epoch).code() == "chain_conflict");
  CHECK(a->find_room("council")->head_seq == 2);

  // A pauses past its term (here: its lease expires at once); B takes the room at epoch 2.
  REQUIRE(leases_a.acquire(room.id, -1));  // a term already over, as if A stopped renewing
  const auto took = leases_b.acquire(room.id, kTerm);
  REQUIRE(took.value());
  const RoomLease lease_b = *took.value();
  CHECK(lease_b.epoch == 2);
  CHECK_FALSE(leases_a.renew(lease_a, kTerm).value());  // A learns it lost the room
  // A, waking, appends what it had decided: refused, whatever its clock says.
  Event late = next_event(head, 1, head.head_hash, "decided before the pause");
  CHECK(append_sync(*a, room.id, {late}, lease_a.epoch).code() == "chain_conflict");
  // B goes on from the committed head under its own lease.
  Event next = next_event(head, 1, head.head_hash, "the new holder");
  REQUIRE(append_sync(*b, room.id, {next}, lease_b.epoch));
  CHECK(b->find_room("council")->head_hash == next.hash);
  CHECK(verify_chains(engine.where, std::nullopt).intact);
  // Given up, the lease is free for A at a higher epoch.
  REQUIRE(leases_b.release(lease_b));
  CHECK(leases_a.acquire(room.id, kTerm).value()->epoch == 3);
  CHECK(leases_b.holder(room.id).value()->node == "node-a");
}
