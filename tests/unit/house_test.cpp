// The house (directory and its audit log, accounts and sessions, checkpoints) through the SQL
// seam (store/sql.hpp), each case once on a SQLite file and once on a real PostgreSQL
// (tests/support/postgres_server): the same statements must mean the same on both.
#include <catch2/catch.hpp>

#include <pqxx/pqxx>

#include "auth/accounts.hpp"
#include "util/clock.hpp"
#include "store/checkpoint_key.hpp"
#include "store/checkpoints.hpp"
#include "store/directory.hpp"
#include "store/directory_audit.hpp"
#include "store/event_store.hpp"
#include "store/sql.hpp"
#include "support/postgres_server.hpp"
#include "support/temp_dir.hpp"

using namespace collegial;
using store::StoreLocation;

namespace {

// A fresh, migrated house on one engine.
struct House {
  explicit House(const std::string& engine_name) : name(engine_name) {
    where = name == "postgres"
                ? StoreLocation{StoreLocation::Engine::postgres, test::PostgresServer::shared().fresh_database()}
                : StoreLocation{StoreLocation::Engine::sqlite, (dir / "house.db").string()};
    Status status;
    events = store::EventStore::open(where, {}, status);  // applies the migrations
    INFO(status.to_string());
    REQUIRE(events);
  }

  // SQL behind the server's back, as an operator with a database shell would run it.
  void exec(const std::string& script) { store::sql::open(where)->execute(script); }

  std::string name;
  test::TempDir dir;
  StoreLocation where;
  std::unique_ptr<store::EventStore> events;
};

#define ON_EACH_ENGINE                                               \
  House house(GENERATE(as<std::string>{}, "sqlite", "postgres")); \
  INFO("engine: " << house.name)

constexpr std::int64_t kNow = 1795190400000;  // 2026-11-20T16:00:00Z

}  // namespace

TEST_CASE("house sql: '?' placeholders are numbered for PostgreSQL, quoted text left alone", "[house]") {
  using store::sql::numbered_placeholders;
  CHECK(numbered_placeholders("SELECT ? , ?") == "SELECT $1 , $2");
  CHECK(numbered_placeholders("WHERE a = '?' AND b = ?") == "WHERE a = '?' AND b = $1");
  CHECK(numbered_placeholders("WHERE a = 'it''s ?' AND b = ?") == "WHERE a = 'it''s ?' AND b = $1");
  CHECK(numbered_placeholders("SELECT ?1, ?2, ?1") == "SELECT $1, $2, $1");
  CHECK(numbered_placeholders("SELECT \"?\" FROM t WHERE x = ?") == "SELECT \"?\" FROM t WHERE x = $1");
}

TEST_CASE("house sql: values, NULLs, rows changed and constraints read alike on both engines", "[house]") {
  ON_EACH_ENGINE;
  auto db = store::sql::open(house.where);
  store::sql::Statement insert(*db, "INSERT INTO cooperatives(slug, name) VALUES (?, ?) RETURNING id");
  insert.bind(1, "rec6");
  insert.bind(2, std::string("REC 6 — Portales, ñ"));
  REQUIRE(insert.step());
  const std::int64_t id = insert.column(0).int64();
  CHECK(id > 0);
  store::sql::Statement read(*db, "SELECT id, name, NULL, 5000000000 FROM cooperatives WHERE slug = ?");
  read.bind(1, "rec6");
  REQUIRE(read.step());
  CHECK(read.column(0).int64() == id);
  CHECK(read.column(0).type() == store::sql::Column::Type::integer);
  CHECK(read.column(1).text() == "REC 6 — Portales, ñ");
  CHECK(read.column(1).type() == store::sql::Column::Type::text);
  CHECK(read.column(2).is_null());
  CHECK_FALSE(read.column(2).optional_int64());
  CHECK_THROWS_AS(read.column(2).int64(), store::sql::Error);
  CHECK(read.column(3).int64() == 5000000000);
  CHECK_FALSE(read.step());

  store::sql::Statement again(*db, "INSERT INTO cooperatives(slug, name) VALUES (?, ?)");
  again.bind(1, "rec6");
  again.bind(2, "twice");
  try {
    again.exec();
    FAIL("a duplicate slug was inserted");
  } catch (const store::sql::Error& e) {
    CHECK(e.is_constraint());
  }
  store::sql::Statement ignored(*db, "INSERT INTO cooperatives(slug, name) VALUES (?, ?) ON CONFLICT DO NOTHING");
  ignored.bind(1, "rec6");
  ignored.bind(2, "twice");
  CHECK(ignored.exec() == 0);

  store::sql::Statement rename(*db, "UPDATE cooperatives SET name = ? WHERE slug = ?");
  rename.bind(1, "REC 6");
  rename.bind(2, "rec6");
  CHECK(rename.exec() == 1);
  rename.reset();
  rename.bind(2, "nobody");
  CHECK(rename.exec() == 0);

  // A transaction not committed leaves nothing behind.
  {
    store::sql::Transaction tx(*db);
    store::sql::Statement q(*db, "INSERT INTO cooperatives(slug, name) VALUES ('rec9', 'REC 9')");
    q.exec();
  }
  store::sql::Statement count(*db, "SELECT count(*) FROM cooperatives");
  REQUIRE(count.step());
  CHECK(count.column(0).int64() == 1);
}

TEST_CASE("directory on both engines: lookups, e-mail without case, duplicates refused", "[house][directory]") {
  ON_EACH_ENGINE;
  store::Directory directory(house.where);
  REQUIRE(directory.create_cooperative("rec6", "REC 6"));
  CHECK(directory.create_cooperative("rec6", "again").status().code() == "exists");
  REQUIRE(directory.create_entity("portales", "Portales Municipal Schools", "district"));
  REQUIRE(directory.set_entity_cooperative("portales", "rec6", kNow));
  store::Body council;
  council.slug = "rec6-council";
  council.name = "REC 6 Governing Council";
  council.kind = "council";
  const auto body = directory.create_body(council, "rec6", "");
  REQUIRE(body);
  CHECK(directory.body_by_slug("rec6-council")->id == body->id);
  const auto ana = directory.create_person("Ana.Lopez@portales.k12.nm.us", "Ana López", false);
  REQUIRE(ana);
  CHECK(directory.create_person("ana.lopez@PORTALES.k12.nm.us", "Twice", false).status().code() == "exists");
  const auto found = directory.person_by_email("ANA.LOPEZ@portales.k12.nm.us");
  REQUIRE(found);
  CHECK(found->id == ana->id);
  CHECK(found->name == "Ana López");
  const auto seat = directory.add_membership("rec6-council", "ana.lopez@portales.k12.nm.us", "voting_member",
                                             "portales", kNow - 1000);
  REQUIRE(seat);
  CHECK(seat->id > 0);
  REQUIRE(directory.members_of(body->id, kNow).size() == 1);
  // B3 in one write transaction: the election takes the seat up once.
  const auto elected = directory.seat_officer(body->id, ana->id, "chair", kNow, kNow + 1000000, "rec6-council:42");
  REQUIRE(elected);
  CHECK(elected.value());
  const auto twice = directory.seat_officer(body->id, ana->id, "chair", kNow, kNow + 1000000, "rec6-council:42");
  REQUIRE(twice);
  CHECK_FALSE(twice.value());
  const auto now = directory.memberships_of(ana->id, kNow + 1);
  REQUIRE(now.size() == 1);
  CHECK(now[0].role == "chair");
  CHECK(now[0].entity_id == seat->entity_id);
}

TEST_CASE("directory audit on both engines: a change made outside the server is caught by verify",
          "[house][directory]") {
  ON_EACH_ENGINE;
  store::Directory directory(house.where);
  CHECK(store::verify_directory(house.where).intact);
  REQUIRE(directory.audited("create-cooperative", 1, [&] { return directory.create_cooperative("rec6", "REC 6"); }));
  REQUIRE(directory.audited("create-person", 2, [&] { return directory.create_person("a@x.example", "A", true); }));
  auto v = store::verify_directory(house.where);
  INFO(v.problem);
  CHECK(v.intact);
  CHECK(v.events >= 3);
  house.exec("UPDATE people SET is_admin = 0");
  v = store::verify_directory(house.where);
  CHECK_FALSE(v.intact);
  CHECK(v.problem == "people row 1 was changed: is_admin is 0, the audit log says 1");
  // The next operation records what it found as unaccounted, and verify keeps saying so.
  REQUIRE(directory.audited("create-person", 3, [&] { return directory.create_person("b@x.example", "B", false); }));
  v = store::verify_directory(house.where);
  CHECK_FALSE(v.intact);
  CHECK(v.problem.find("rows changed outside the server were found before 'create-person': people row 1") == 0);
}

TEST_CASE("directory audit on both engines: a deleted row and a forged audit event are caught", "[house][directory]") {
  ON_EACH_ENGINE;
  {
    store::Directory directory(house.where);
    REQUIRE(directory.audited("create-cooperative", 1, [&] { return directory.create_cooperative("rec6", "REC 6"); }));
    REQUIRE(directory.audited("create-entity", 2,
                              [&] { return directory.create_entity("clovis", "Clovis Municipal Schools", "district"); }));
  }
  SECTION("a row deleted") {
    house.exec("DELETE FROM entities WHERE slug = 'clovis'");
    const auto v = store::verify_directory(house.where);
    CHECK_FALSE(v.intact);
    CHECK(v.problem == "entities row 1 is in the audit log but not in the table: it was deleted");
  }
  SECTION("the audit log rewritten to agree with a changed row") {
    house.exec("UPDATE entities SET name = 'Forged' WHERE slug = 'clovis'");
    house.exec("UPDATE events SET body = replace(body, 'Clovis Municipal Schools', 'Forged') "
               "WHERE room_id = (SELECT id FROM rooms WHERE name = 'directory:audit')");
    const auto v = store::verify_directory(house.where);
    CHECK_FALSE(v.intact);
    CHECK(v.problem.find("the audit log is broken") == 0);
  }
}

TEST_CASE("accounts on both engines: sessions and failed logins are the house's, shared by every node",
          "[house][accounts]") {
  ON_EACH_ENGINE;
  collegial::ManualClock clock{kNow};
  auth::Accounts::Options options;
  options.cost = auth::ScryptCost{.log2_n = 10, .r = 8, .p = 1};
  // Two servers on one house: each with its own directory and accounts, as two nodes would.
  store::Directory directory_a(house.where);
  store::Directory directory_b(house.where);
  auth::Accounts node_a(directory_a, house.where, clock, options);
  auth::Accounts node_b(directory_b, house.where, clock, options);
  REQUIRE(directory_a.create_cooperative("rec6", "REC 6"));
  store::Body council;
  council.slug = "rec6-council";
  council.name = "REC 6 Governing Council";
  council.kind = "council";
  REQUIRE(directory_a.create_body(council, "rec6", ""));
  REQUIRE(directory_a.create_person("clerk@rec6.example", "Clerk", false));
  REQUIRE(node_a.set_password("clerk@rec6.example", "a long enough password"));
  const auto session = node_a.login("CLERK@rec6.example", "a long enough password", "192.0.2.1");
  REQUIRE(session);
  const auto on_b = node_b.resolve(session->token);
  REQUIRE(on_b);
  CHECK(on_b->id == session->person.id);
  REQUIRE(node_b.logout(session->token));
  CHECK_FALSE(node_a.resolve(session->token));
  CHECK(node_a.logout(session->token).code() == "bad_token");
  // Failed logins count on every node: five wrong guesses through A, the sixth through B waits.
  for (int i = 0; i < 5; ++i) {
    CHECK(node_a.login("clerk@rec6.example", "wrong guess " + std::to_string(i), "198.51.100.7").status().code() ==
          "bad_credentials");
  }
  CHECK(node_b.login("clerk@rec6.example", "wrong guess 5", "198.51.100.7").status().code() == "throttled");
  // …and a restart (new Accounts on the same house) does not forgive the guesser.
  {
    auth::Accounts restarted(directory_b, house.where, clock, options);
    CHECK(restarted.login("clerk@rec6.example", "a long enough password", "198.51.100.7").status().code() ==
          "throttled");
  }
  // The member at their own place is not kept out by it.
  CHECK(node_b.login("clerk@rec6.example", "a long enough password", "192.0.2.1"));
  // A bot's name is unique across the house.
  REQUIRE(node_a.create_bot("minutes-bot", {"rec6-council"}));
  CHECK(node_b.create_bot("minutes-bot", {"rec6-council"}).status().code() == "exists");
}

TEST_CASE("checkpoints on both engines: appended, read back, and never changed", "[house][checkpoints]") {
  ON_EACH_ENGINE;
  test::TempDir keys;
  auto key = store::SigningKey::load_or_create((keys / "key.pem").string());
  REQUIRE(key);
  REQUIRE(house.events->create_room("rec6-council", kNow, "system:test", nullptr));
  store::CheckpointLog log(house.where);
  const auto room = house.events->find_room("rec6-council");
  REQUIRE(room);
  CHECK(log.moved_heads().size() == 1);
  const auto made = log.append(key.value(), "rec6-council", room->head_seq, room->head_hash, kNow, "notice");
  REQUIRE(made);
  CHECK(made->number > 0);
  CHECK(log.moved_heads().empty());
  const auto latest = log.latest("rec6-council");
  REQUIRE(latest);
  CHECK(latest->statement == made->statement);
  CHECK(log.keys().size() == 1);
  REQUIRE(log.append(key.value(), "rec6-council", room->head_seq, room->head_hash, kNow + 1, "periodic"));
  CHECK(log.keys().size() == 1);  // a key is published once
  CHECK(log.list().size() == 2);
  CHECK_THROWS(house.exec("UPDATE checkpoints SET reason = 'forged'"));
  CHECK_THROWS(house.exec("DELETE FROM checkpoints"));
  CHECK(log.list().size() == 2);
}

TEST_CASE("house on PostgreSQL: a connection the server ended while idle is opened again", "[house][postgres]") {
  House house("postgres");
  store::Directory directory(house.where);
  REQUIRE(directory.create_cooperative("rec6", "REC 6"));
  {
    pqxx::connection admin(house.where.target);
    pqxx::work tx(admin);
    tx.exec("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()");
    tx.commit();
  }
  // The first statement after may find the connection dead; the one after it is served.
  bool served = false;
  for (int attempt = 0; attempt < 2 && !served; ++attempt) {
    try {
      served = directory.body_by_slug("nothing") == std::nullopt && directory.people().empty();
    } catch (const store::sql::Error&) {
      // the connection was found dead by this statement: reopened for the next
    }
  }
  CHECK(served);
  CHECK(directory.create_cooperative("rec7", "REC 7"));
}
