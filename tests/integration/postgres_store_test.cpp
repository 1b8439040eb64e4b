// collegiald with its rooms' logs on a real PostgreSQL (--store postgres:URL): durability across
// kill -9, who may read which room, verify, and migrate-store from the embedded SQLite file.
#include <pqxx/pqxx>

#include "support/harness.hpp"
#include "support/postgres_server.hpp"

using namespace collegial::test;
using nlohmann::json;

TEST_CASE("on PostgreSQL: kill -9 during a burst loses no acknowledged message, and verify passes",
          "[postgres][durability]") {
  TempDir dir;
  const auto db = dir / "collegial.db";
  const std::string store = "postgres:" + PostgresServer::shared().fresh_database();
  std::map<std::int64_t, std::string> acked;  // seq -> text
  {
    ServerProcess server(db, {"--rate-limit", "0", "--store", store});
    WsClient c(server.port());
    c.hello(login(server.port(), kMemberEmail, kMemberPassword));
    c.join("demo");
    std::map<std::int64_t, std::string> text_of_id;
    for (int i = 1; i <= 600; ++i) {
      text_of_id[i] = "burst message " + std::to_string(i);
      c.send_text(json{{"id", i}, {"type", "say"}, {"room", "demo"}, {"text", text_of_id[i]}}.dump());
    }
    try {
      for (;;) {
        const auto m = c.next();
        if (m["type"] == "ack") {
          acked[m["seq"]] = text_of_id[m["id"]];
          if (acked.size() == 300) server.kill9();
        }
      }
    } catch (const ConnectionClosed&) {
      // The server died.
    }
    REQUIRE(!server.running());
  }
  REQUIRE(acked.size() >= 300);
  // Everything is in PostgreSQL: the rooms' logs and the house; no database file was made.
  CHECK_FALSE(std::filesystem::exists(db));

  const auto verified = run_collegiald({"verify", "--data", db.string(), "--store", store});
  INFO(verified.out);
  CHECK(verified.exit_code == 0);
  CHECK(verified.out.find("rooms' logs in postgres:") != std::string::npos);
  CHECK(verified.out.find("directory intact") != std::string::npos);

  ServerProcess server(db, {"--store", store});
  std::map<std::int64_t, std::string> stored;
  for (const auto& e : read_all(server.port(), "demo")) {
    if (e["type"] == "chat.message") stored[e["seq"]] = e["body"]["text"];
  }
  for (const auto& [seq, text] : acked) {
    REQUIRE(stored.count(seq) == 1);
    CHECK(stored[seq] == text);
  }
}

TEST_CASE("on PostgreSQL: a body's room follows the directory's word on who may read it",
          "[postgres][permissions]") {
  // N1: the directory says which bodies are public (on PostgreSQL it is beside the rooms, and
  // a room's body is joined to it). The learning circle of the demo is private.
  TempDir dir;
  ServerProcess server(dir / "collegial.db", {"--store", "postgres:" + PostgresServer::shared().fresh_database()});
  WsClient reader(server.port());
  reader.hello();
  CHECK(reader.join("rec6-council")["type"] == "ack");
  const auto refused = reader.join("rec6-literacy");
  CHECK(refused["type"] == "error");
  CHECK(refused["code"] == "forbidden");
}

TEST_CASE("migrate-store moves a deployment from its SQLite file to PostgreSQL, which then serves it",
          "[postgres][operations]") {
  TempDir dir;
  const auto db = dir / "collegial.db";
  const std::string url = PostgresServer::shared().fresh_database();
  std::vector<json> before;
  {
    Harness h;  // the embedded default
    auto c = h.member();
    for (int i = 0; i < 5; ++i) REQUIRE(c->say("demo", "before the move " + std::to_string(i))["type"] == "ack");
    h.server.stop(SIGTERM);
    std::filesystem::copy_file(h.dir / "collegial.db", db);
  }
  {
    ServerProcess old_file(db);
    before = read_all(old_file.port(), "demo");
  }

  SECTION("copied, verified, and served with the same events") {
    const auto moved = run_collegiald({"migrate-store", "--from", "sqlite:" + db.string(), "--to", "postgres:" + url});
    INFO(moved.out);
    REQUIRE(moved.exit_code == 0);
    // The demo's four rooms and the directory's audit log; its people, seats and sessions too.
    CHECK(moved.out.find("migrated and verified: 5 room(s)") != std::string::npos);

    // Served from PostgreSQL alone: the node's --data names a file that is never made.
    const std::string store = "postgres:" + url;
    const auto no_file = dir / "node" / "unused.db";
    ServerProcess server(no_file, {"--store", store});
    const auto after = read_all(server.port(), "demo");
    REQUIRE(after.size() == before.size());
    for (std::size_t i = 0; i < after.size(); ++i) CHECK(after[i]["hash"] == before[i]["hash"]);
    // It goes on from there.
    WsClient c(server.port());
    c.hello(login(server.port(), kMemberEmail, kMemberPassword));
    c.join("demo");
    CHECK(c.say("demo", "after the move")["seq"] == static_cast<std::int64_t>(before.size()) + 1);
    server.stop(SIGTERM);
    CHECK_FALSE(std::filesystem::exists(no_file));
    const auto verified = run_collegiald({"verify", "--data", no_file.string(), "--store", store});
    INFO(verified.out);
    CHECK(verified.exit_code == 0);
    CHECK(verified.out.find("directory intact") != std::string::npos);

    // An informed attacker with the database's password changes a vote's words: caught.
    {
      pqxx::connection pg(url);
      pqxx::work tx(pg);
      tx.exec("UPDATE events SET body = replace(body, 'before the move 2', 'after the fact')"
              " WHERE room_id = (SELECT id FROM rooms WHERE name = 'demo')");
      tx.commit();
    }
    const auto broken = run_collegiald({"verify", "--data", db.string(), "--store", store});
    CHECK(broken.exit_code == 1);
    CHECK(broken.out.find("BROKEN: room demo") != std::string::npos);
  }
  SECTION("a second migration into the same database is refused") {
    REQUIRE(run_collegiald({"migrate-store", "--from", "sqlite:" + db.string(), "--to", "postgres:" + url}).exit_code == 0);
    const auto again = run_collegiald({"migrate-store", "--from", "sqlite:" + db.string(), "--to", "postgres:" + url});
    CHECK(again.exit_code == 2);
  }
  SECTION("a bad --store is refused with the reason, and neither the server nor verify starts") {
    CHECK(run_collegiald({"--data", db.string(), "--store", "mysql:x", "--port", "0"}).exit_code == 1);
    CHECK(run_collegiald({"--data", db.string(), "--store", "postgres:", "--port", "0"}).exit_code == 1);
    CHECK(run_collegiald({"verify", "--data", db.string(), "--store", "mysql:x"}).exit_code == 2);
  }
}

TEST_CASE("one server per PostgreSQL store: a second is refused while the first lives, not after",
          "[postgres][operations]") {
  // Until several nodes share a store (issue #18 §3), two servers on one database would each
  // decide on their own copy of a room's state.
  TempDir dir;
  const std::string store = "postgres:" + PostgresServer::shared().fresh_database();
  auto first = std::make_unique<ServerProcess>(dir / "a.db", std::vector<std::string>{"--store", store});
  const auto refused = run_collegiald({"--data", (dir / "b.db").string(), "--store", store, "--port", "0"});
  CHECK(refused.exit_code == 1);
  // The admin CLI and verify work beside it.
  CHECK(run_collegiald({"verify", "--data", (dir / "a.db").string(), "--store", store}).exit_code == 0);
  first->kill9();  // PostgreSQL releases the lock with the dead server's connection
  first.reset();
  ServerProcess second(dir / "a.db", {"--store", store});  // the node restarted (or its standby)
  WsClient c(second.port());
  c.hello();
  CHECK(c.join("demo")["type"] == "ack");
}

TEST_CASE("on PostgreSQL: the house is the database's, shared by every process that opens it",
          "[postgres][operations]") {
  // An administrator's CLI on another machine (here another process) changes the directory
  // and an account in PostgreSQL; the running server sees both: the change in its log, the new
  // password at the next login. No local database file is involved on either side.
  TempDir dir;
  const std::string store = "postgres:" + PostgresServer::shared().fresh_database();
  ServerProcess server(dir / "node-a.db", {"--store", store, "--schedule-interval-ms", "50"});
  const auto admin = [&](std::vector<std::string> words) {
    std::vector<std::string> args{"admin", "--data", (dir / "admin.db").string(), "--store", store};
    args.insert(args.end(), words.begin(), words.end());
    return run_collegiald(args);
  };
  const auto made = admin({"create-person", "email=Ana.Deputy@rec6.example", "name=Ana Deputy"});
  INFO(made.out);
  REQUIRE(made.exit_code == 0);
  CHECK(wait_for_log(server, "directory: create-person"));
  REQUIRE(admin({"reset-password", "email=ana.deputy@REC6.example", "password=a long enough password"}).exit_code == 0);
  WsClient c(server.port());
  const auto hello = c.hello(login(server.port(), "ana.deputy@rec6.example", "a long enough password"));
  CHECK(hello["type"] == "ack");  // a bad token is refused with an error
  CHECK_FALSE(std::filesystem::exists(dir / "node-a.db"));
  CHECK_FALSE(std::filesystem::exists(dir / "admin.db"));
  server.stop(SIGTERM);
  const auto verified = run_collegiald({"verify", "--data", (dir / "node-a.db").string(), "--store", store});
  INFO(verified.out);
  CHECK(verified.exit_code == 0);
}
