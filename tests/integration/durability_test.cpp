// An acknowledged event survives kill -9; verify detects any changed byte; SIGTERM is graceful.
#include <SQLiteCpp/Database.h>

#include <atomic>
#include <thread>

#include "support/harness.hpp"

using namespace collegial::test;
using nlohmann::json;

TEST_CASE("kill -9 during a burst: every acknowledged message is there after restart",
          "[durability]") {
  TempDir dir;
  const auto db = dir / "collegial.db";
  std::map<std::int64_t, std::string> acked;  // seq -> text
  {
    ServerProcess server(db, {"--rate-limit", "0"});
    WsClient c(server.port());
    c.hello(login(server.port(), kMemberEmail, kMemberPassword));
    c.join("demo");
    // Pipeline 1,000 says; kill the server once about half are acknowledged.
    std::map<std::int64_t, std::string> text_of_id;
    for (int i = 1; i <= 1000; ++i) {
      const std::string text = "burst message " + std::to_string(i);
      text_of_id[i] = text;
      c.send_text(json{{"id", i}, {"type", "say"}, {"room", "demo"}, {"text", text}}.dump());
    }
    try {
      for (;;) {
        const auto m = c.next();
        if (m["type"] == "ack") {
          acked[m["seq"]] = text_of_id[m["id"]];
          if (acked.size() == 500) server.kill9();
        }
      }
    } catch (const ConnectionClosed&) {
      // The server died.
    }
    REQUIRE(!server.running());
  }
  INFO("acknowledged before the kill: " << acked.size());
  REQUIRE(acked.size() >= 500);

  const auto verified = run_collegiald({"verify", "--data", db.string()});
  INFO(verified.out);
  CHECK(verified.exit_code == 0);

  ServerProcess server(db);
  WsClient c(server.port());
  c.hello();  // the public may read the record
  const auto head = c.join("demo", 0)["seq"].get<std::int64_t>();
  CHECK(head >= static_cast<std::int64_t>(acked.size()) + 1);
  std::map<std::int64_t, std::string> stored;
  for (std::int64_t i = 1; i <= head; ++i) {
    const auto e = c.next_event();
    REQUIRE(e["seq"] == i);
    if (e["type"] == "chat.message") stored[i] = e["body"]["text"];
  }
  for (const auto& [seq, text] : acked) {
    REQUIRE(stored.count(seq) == 1);
    CHECK(stored[seq] == text);
  }
}

TEST_CASE("R4: verify detects any single changed byte in a stored event", "[durability][R4]") {
  TempDir dir;
  const auto db = dir / "collegial.db";
  {
    ServerProcess server(db);
    WsClient c(server.port());
    c.hello(login(server.port(), kMemberEmail, kMemberPassword));
    c.join("demo");
    for (int i = 0; i < 5; ++i) REQUIRE(c.say("demo", "minute " + std::to_string(i))["type"] == "ack");
    server.stop(SIGTERM);
  }
  const auto intact = run_collegiald({"verify", "--data", db.string()});
  CHECK(intact.exit_code == 0);
  CHECK(intact.out.find("intact: 4 room(s), 9 event(s)") != std::string::npos);  // demo + 3 body rooms

  // One byte of one column of event 3 at a time, each on a fresh copy.
  const std::vector<std::pair<std::string, std::string>> edits = {
      {"ts_ms", "ts_ms + 1"},
      {"actor", "'guest:anm'"},
      {"type", "'chat.messagf'"},
      {"body", "replace(body, 'minute', 'minutf')"},
      {"prev_hash", "substr(prev_hash, 1, 63) || 'x'"},
      {"hash", "substr(hash, 1, 63) || 'x'"},
      {"salt", "substr(salt, 1, 63) || CASE substr(salt, 64) WHEN '0' THEN '1' ELSE '0' END"},
      {"seq", "99"},
  };
  for (const auto& [column, expression] : edits) {
    const auto copy = dir / ("tampered-" + column + ".db");
    std::filesystem::copy_file(db, copy);
    {
      SQLite::Database d(copy.string(), SQLite::OPEN_READWRITE);
      d.exec("UPDATE events SET " + column + " = " + expression + " WHERE seq = 3");
    }
    const auto r = run_collegiald({"verify", "--data", copy.string()});
    INFO(column << ": " << r.out);
    CHECK(r.exit_code == 1);
    CHECK(r.out.find("BROKEN: room demo seq 3") != std::string::npos);
  }

  // A deleted last event (truncation) and a renamed room are caught too.
  {
    const auto copy = dir / "truncated.db";
    std::filesystem::copy_file(db, copy);
    SQLite::Database(copy.string(), SQLite::OPEN_READWRITE).exec("DELETE FROM events WHERE seq = 6");
    CHECK(run_collegiald({"verify", "--data", copy.string()}).exit_code == 1);
  }
  {
    const auto copy = dir / "renamed.db";
    std::filesystem::copy_file(db, copy);
    SQLite::Database(copy.string(), SQLite::OPEN_READWRITE).exec("UPDATE rooms SET name = 'demp' WHERE name = 'demo'");
    CHECK(run_collegiald({"verify", "--data", copy.string()}).exit_code == 1);
  }
  CHECK(run_collegiald({"verify", "--data", db.string(), "--room", "demo"}).exit_code == 0);
  CHECK(run_collegiald({"verify", "--data", db.string(), "--room", "nope"}).exit_code == 1);
}

TEST_CASE("SIGTERM keeps acknowledged work and closes sockets with 1001 and exits 0", "[durability]") {
  Harness h;
  auto ann = h.member();
  REQUIRE(ann->say("demo", "last words")["type"] == "ack");
  ann->next_event();
  // The client keeps reading, as a browser would, and answers the close.
  int close_code = 0;
  std::thread reader([&] { close_code = ann->wait_close(); });
  const int status = h.server.stop(SIGTERM);
  reader.join();
  INFO(h.server.log());
  CHECK(status == 0);
  CHECK(close_code == 1001);
  CHECK(h.server.log().find("did not finish closing") == std::string::npos);
  CHECK(run_collegiald({"verify", "--data", h.server.db().string()}).exit_code == 0);
}

TEST_CASE("SIGTERM drops clients that never answer the close after the grace period",
          "[durability]") {
  Harness h({"--shutdown-grace", "1"});
  auto deaf = h.member();  // never reads again
  const auto started = std::chrono::steady_clock::now();
  const int status = h.server.stop(SIGTERM);
  INFO(h.server.log());
  CHECK(status == 0);
  CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(5));
  CHECK(h.server.log().find("did not finish closing") != std::string::npos);
}

TEST_CASE("a server refuses a database from a newer version", "[durability]") {
  TempDir dir;
  const auto db = dir / "collegial.db";
  { ServerProcess server(db); }
  SQLite::Database(db.string(), SQLite::OPEN_READWRITE)
      .exec("INSERT INTO schema_migrations(version, name, applied_ms) VALUES (999, 'x', 0)");
  CHECK_THROWS_WITH(ServerProcess(db), Catch::Contains("newer than this server knows"));
}
