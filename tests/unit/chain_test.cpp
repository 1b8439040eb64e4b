// R4: the hash chain detects any change to a stored event. C3: a v2 event's hash, without its
// salt, confirms no guess of the event; verify reads v1 and v2 and refuses a downgrade.
#include <catch2/catch.hpp>
#include <SQLiteCpp/Database.h>

#include <future>

#include "record/chain.hpp"
#include "store/chain_verifier.hpp"
#include "store/event_store.hpp"
#include "support/temp_dir.hpp"

using namespace collegial;
using namespace collegial::store;
using namespace collegial::record;

namespace {

Event sample() {
  Event e;
  e.room = "demo";
  e.seq = 7;
  e.ts_ms = 1764108915123;
  e.actor = "guest:ann";
  e.type = "chat.message";
  e.body = R"({"text":"hello"})";
  e.prev_hash = std::string(kGenesisHash);
  return e;
}

constexpr const char* kSalt = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";

// A room's log of `v1` v1 events followed by `v2` v2 events, as a server upgraded after its
// v1-th event writes it.
std::vector<Event> mixed_log(int v1, int v2) {
  std::vector<Event> log;
  std::string prev(kGenesisHash);
  for (int seq = 1; seq <= v1 + v2; ++seq) {
    Event e = sample();
    e.room = "r";
    e.seq = seq;
    e.body = R"({"text":"line )" + std::to_string(seq) + R"("})";
    e.prev_hash = prev;
    if (seq > v1) seal(e);
    else e.hash = compute_hash(e);
    prev = e.hash;
    log.push_back(e);
  }
  return log;
}

// Recomputes the hashes from `from` on, each event in its own version: what someone who
// rewrites a log does to make it consistent again.
void rechain(std::vector<Event>& log, std::size_t from) {
  for (std::size_t i = from; i < log.size(); ++i) {
    log[i].prev_hash = i == 0 ? std::string(kGenesisHash) : log[i - 1].hash;
    log[i].hash = compute_hash(log[i]);
  }
}

// A database whose room "r" holds exactly `log`, its head at the last event.
void write_log(const std::string& path, const std::vector<Event>& log) {
  {
    Status status;
    auto s = EventStore::open({.path = path}, status);
    REQUIRE(s);
    REQUIRE(s->create_room("r", 1, "system:test"));
  }
  SQLite::Database db(path, SQLite::OPEN_READWRITE);
  db.exec("DELETE FROM events");
  SQLite::Statement insert(db,
                           "INSERT INTO events(room_id, seq, ts_ms, actor, type, body, prev_hash,"
                           " hash, salt) VALUES ((SELECT id FROM rooms WHERE name = 'r'),"
                           " ?, ?, ?, ?, ?, ?, ?, ?)");
  for (const Event& e : log) {
    insert.reset();
    insert.bind(1, static_cast<std::int64_t>(e.seq));
    insert.bind(2, static_cast<std::int64_t>(e.ts_ms));
    insert.bind(3, e.actor);
    insert.bind(4, e.type);
    insert.bind(5, e.body);
    insert.bind(6, e.prev_hash);
    insert.bind(7, e.hash);
    insert.bind(8, e.salt);
    insert.exec();
  }
  SQLite::Statement head(db, "UPDATE rooms SET head_seq = ?, head_hash = ? WHERE name = 'r'");
  head.bind(1, static_cast<std::int64_t>(log.back().seq));
  head.bind(2, log.back().hash);
  head.exec();
}

}  // namespace

TEST_CASE("sha256_hex matches the FIPS 180-2 test vector", "[chain]") {
  CHECK(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST_CASE("canonical encoding is length-prefixed and versioned", "[chain]") {
  CHECK(canonical_encoding(sample()) ==
        "collegial-event-v1\n4:demo\n1:7\n13:1764108915123\n9:guest:ann\n12:chat.message\n"
        "16:{\"text\":\"hello\"}\n");
}

TEST_CASE("R4: every field of an event is covered by its hash", "[chain][R4]") {
  const Event base = sample();
  const std::string h = compute_hash(base);
  CHECK(h.size() == 64);
  CHECK(compute_hash(base) == h);  // deterministic

  auto changed = [&](auto mutate) {
    Event e = base;
    mutate(e);
    return compute_hash(e) != h;
  };
  CHECK(changed([](Event& e) { e.room = "demp"; }));
  CHECK(changed([](Event& e) { e.seq = 8; }));
  CHECK(changed([](Event& e) { e.ts_ms += 1; }));
  CHECK(changed([](Event& e) { e.actor = "guest:ann "; }));
  CHECK(changed([](Event& e) { e.type = "chat.messagf"; }));
  CHECK(changed([](Event& e) { e.body = R"({"text":"hellp"})"; }));
  CHECK(changed([](Event& e) { e.prev_hash[63] = '1'; }));
  // The stored hash itself is not an input.
  CHECK_FALSE(changed([](Event& e) { e.hash = "anything"; }));
}

TEST_CASE("R4: moving bytes between fields changes the hash", "[chain][R4]") {
  Event a = sample();
  Event b = sample();
  a.actor = "guest:ann";
  a.type = "xchat.message";
  b.actor = "guest:annx";
  b.type = "chat.message";
  CHECK(compute_hash(a) != compute_hash(b));
}

TEST_CASE("R4: v1 events keep their encoding and hash, so logs written before v2 still verify",
          "[chain][R4]") {
  const Event e = sample();
  CHECK(chain_version(e) == ChainVersion::v1);
  // Computed outside this code base (Python's hashlib) from the v1 encoding above.
  CHECK(compute_hash(e) == "d27a36005d1a8a7559828e7dc039302999fe96982d06fbc38fb14cb78ee48160");
}

TEST_CASE("C3: the v2 encoding adds the version tag and the salt, and the hash commits to it",
          "[chain][C3]") {
  Event e = sample();
  e.salt = kSalt;
  CHECK(chain_version(e) == ChainVersion::v2);
  CHECK(canonical_encoding(e) ==
        "collegial-event-v2\n4:demo\n1:7\n13:1764108915123\n9:guest:ann\n12:chat.message\n"
        "16:{\"text\":\"hello\"}\n64:" + std::string(kSalt) + "\n");
  // Computed outside this code base (Python's hashlib) from the v2 encoding in the docs.
  const std::string h = compute_hash(e);
  CHECK(h == "5f7ef564d94ea7612f58a92c77fd270bc7c315844b32e72d4de6b50afe0c3651");

  Event other = e;
  other.salt[63] = 'e';  // one bit of the salt
  CHECK(compute_hash(other) != h);
  Event stripped = e;
  stripped.salt.clear();  // the same fields without the salt: a v1 event, another hash
  CHECK(compute_hash(stripped) != h);
  CHECK(compute_hash(stripped) == compute_hash(sample()));
}

TEST_CASE("C3: seal draws a fresh 256-bit salt for every event", "[chain][C3]") {
  Event a = sample();
  Event b = sample();
  seal(a);
  seal(b);
  CHECK(well_formed_salt(a.salt));
  CHECK(well_formed_salt(b.salt));
  CHECK(a.salt != b.salt);
  CHECK(a.hash == compute_hash(a));
  CHECK(a.hash != b.hash);  // the same contents, two hashes: neither tells the contents
  CHECK_FALSE(well_formed_salt(""));
  CHECK_FALSE(well_formed_salt("00112233"));
  CHECK_FALSE(well_formed_salt(std::string(63, 'a') + "A"));
  CHECK_FALSE(well_formed_salt(std::string(63, 'a') + "g"));
}

TEST_CASE("R4 C3: verify accepts a log that is v1 up to an upgrade and v2 after it",
          "[chain][R4][C3]") {
  test::TempDir dir;
  const auto path = (dir / "mixed.db").string();
  write_log(path, mixed_log(3, 4));
  const VerifyReport report = verify_chains(path, std::nullopt);
  INFO(report.problem);
  CHECK(report.intact);
  CHECK(report.events == 7);
  CHECK(report.v1_events == 3);
  CHECK(report.v2_events == 4);

  // A changed salt is a changed event.
  auto log = mixed_log(3, 4);
  log[4].salt[0] = log[4].salt[0] == '0' ? '1' : '0';
  write_log((dir / "salt.db").string(), log);
  const VerifyReport changed = verify_chains((dir / "salt.db").string(), std::nullopt);
  CHECK_FALSE(changed.intact);
  CHECK(changed.seq == 5);
  CHECK(changed.problem == "hash does not match the event's contents");
}

TEST_CASE("R4 C3: verify refuses a v1 event after a v2 event (a stripped salt) and a weak salt",
          "[chain][R4][C3]") {
  test::TempDir dir;
  // The salt of event 5 stripped and every hash from there recomputed: each hash is right for
  // its event, yet the log is refused, because a server that writes v2 never writes v1 again.
  auto downgraded = mixed_log(3, 4);
  downgraded[4].salt.clear();
  rechain(downgraded, 4);
  const auto path = (dir / "downgraded.db").string();
  write_log(path, downgraded);
  const VerifyReport report = verify_chains(path, std::nullopt);
  CHECK_FALSE(report.intact);
  CHECK(report.room == "r");
  CHECK(report.seq == 5);
  CHECK(report.problem == "a v1 event after a v2 event (no salt where every event must have one)");

  // A salt too short to keep a guess from being checked is refused too, though the hash fits.
  auto weak = mixed_log(0, 3);
  weak[1].salt = "0a";
  rechain(weak, 1);
  write_log((dir / "weak.db").string(), weak);
  const VerifyReport short_salt = verify_chains((dir / "weak.db").string(), std::nullopt);
  CHECK_FALSE(short_salt.intact);
  CHECK(short_salt.seq == 2);
  CHECK(short_salt.problem == "the salt is not 64 lower-case hex digits");
}

TEST_CASE("R4: verify reads a database from before the salt column as all v1, and after the upgrade v1 then v2",
          "[chain][R4]") {
  test::TempDir dir;
  const auto path = (dir / "old.db").string();
  write_log(path, mixed_log(5, 0));
  {
    // What migrations 0001-0006 left: no salt column, none of the checkpoint tables (0008),
    // no record of 0007 or later.
    SQLite::Database db(path, SQLite::OPEN_READWRITE);
    db.exec("ALTER TABLE events DROP COLUMN salt");
    db.exec("DROP TABLE IF EXISTS checkpoints");
    db.exec("DROP TABLE IF EXISTS checkpoint_keys");
    db.exec("DROP TABLE IF EXISTS room_snapshots");
    db.exec("DROP TABLE IF EXISTS login_failures");
    db.exec("DELETE FROM schema_migrations WHERE version >= 7");
  }
  const VerifyReport report = verify_chains(path, std::nullopt);
  INFO(report.problem);
  CHECK(report.intact);
  CHECK(report.v1_events == 5);
  CHECK(report.v2_events == 0);

  // The upgraded server migrates it (0007) and goes on in v2 from the v1 head.
  Status status;
  auto store = EventStore::open({.path = path}, status);
  REQUIRE(store);
  const auto room = store->find_room("r");
  REQUIRE(room);
  Event next = sample();
  next.room = "r";
  next.seq = room->head_seq + 1;
  next.prev_hash = room->head_hash;
  seal(next);
  std::promise<Status> done;
  store->append({room->id, {next}, [&done](const Status& s) { done.set_value(s); }});
  REQUIRE(done.get_future().get());
  store.reset();
  const VerifyReport upgraded = verify_chains(path, std::nullopt);
  INFO(upgraded.problem);
  CHECK(upgraded.intact);
  CHECK(upgraded.v1_events == 5);
  CHECK(upgraded.v2_events == 1);
}
