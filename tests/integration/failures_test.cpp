// The record holds when parts fail: a plugin that throws fails only its room (and loads failed
// after a restart); a full disk stops every append until an operator restarts the server; a
// room replaying a long log delays nobody else. Through the real server, with real faults.
#include <SQLiteCpp/Database.h>

#include <chrono>
#include <future>
#include <map>

#include "support/harness.hpp"
#include "record/chain.hpp"
#include "store/event_store.hpp"

using namespace collegial::test;
using nlohmann::json;

namespace {

json healthz(std::uint16_t port, int* status = nullptr) {
  const auto r = http_request(port, "GET", "/healthz");
  if (status) *status = r.status;
  return json::parse(r.body);
}

// Waits (bounded) until /healthz lists `room` as failed; returns the answer.
json wait_failed(std::uint16_t port, const std::string& room) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  for (;;) {
    int status = 0;
    auto h = healthz(port, &status);
    for (const auto& f : h.value("failed_rooms", json::array())) {
      if (f["room"] == room) {
        CHECK(status == 503);
        return h;
      }
    }
    if (std::chrono::steady_clock::now() > deadline) {
      FAIL("room " << room << " never showed as failed: " << h.dump());
    }
    // /healthz answers at once; asking again is the wait (the departure is posted to the room).
  }
}

// Sends `count` says to `room` without waiting, then collects every answer by id.
std::map<std::int64_t, json> burst(WsClient& c, const std::string& room, int first_id, int count,
                                   const std::string& text) {
  for (int i = first_id; i < first_id + count; ++i) {
    c.send_text(json{{"id", i}, {"type", "say"}, {"room", room}, {"text", text}}.dump());
  }
  std::map<std::int64_t, json> answers;
  while (answers.size() < static_cast<std::size_t>(count)) {
    const auto m = c.next();
    if (m["type"] == "ack" || m["type"] == "error") answers[m["id"].get<std::int64_t>()] = m;
  }
  return answers;
}

}  // namespace

TEST_CASE("a plugin that throws while folding fails its room only, and the room loads failed after a restart",
          "[failure]") {
  TempDir dir;
  const auto db = dir / "collegial.db";
  {
    ServerProcess server(db, {"--rate-limit", "0", "--test-faults"});
    const auto token = login(server.port(), kMemberEmail, kMemberPassword);
    WsClient member(server.port());
    member.hello(token);
    REQUIRE(member.join("rec6-council")["type"] == "ack");
    REQUIRE(member.join("demo")["type"] == "ack");
    const auto fatal = member.say("rec6-council", "[[fault:apply]] this event breaks a plugin");
    CHECK(fatal["type"] == "ack");  // committed before it was folded: durable, so acknowledged
    const auto refused = member.say("rec6-council", "after the failure");
    CHECK(refused["code"] == "room_failed");
    // The server is up, says why, and the other rooms work.
    int status = 0;
    const auto h = healthz(server.port(), &status);
    CHECK(status == 503);
    REQUIRE(h["failed_rooms"].size() == 1);
    CHECK(h["failed_rooms"][0]["room"] == "rec6-council");
    CHECK(h["failed_rooms"][0]["plugin"] == "fault");
    CHECK(h["failed_rooms"][0]["error"].get<std::string>().find("injected fault") != std::string::npos);
    CHECK(member.say("demo", "the open room still works")["type"] == "ack");
    // What is committed is still served: a member catches up on all of it, views answer.
    WsClient late(server.port());
    late.hello(token);
    const auto head = late.join("rec6-council", 0)["seq"].get<std::int64_t>();
    json last;
    for (std::int64_t i = 1; i <= head; ++i) last = late.next_event();
    CHECK(last["body"]["text"] == "[[fault:apply]] this event breaks a plugin");
    CHECK(late.request({{"type", "view"}, {"room", "rec6-council"}})["type"] == "ack");
    // The public gets a stand-in for the event that failed (C3 cannot be decided past it); the
    // member above, who may read closed sessions, got the event itself.
    WsClient observer(server.port());
    observer.hello();
    observer.join("rec6-council", head - 1);
    CHECK(observer.next_event()["type"] == "session.withheld");
    server.stop(SIGTERM);
  }
  CHECK(run_collegiald({"verify", "--data", db.string()}).exit_code == 0);
  // The same event fails the replay: the room comes up failed and everything else is served.
  ServerProcess server(db, {"--rate-limit", "0", "--test-faults"});
  const auto h = wait_failed(server.port(), "rec6-council");
  CHECK(h["failed_rooms"][0]["seq"].get<std::int64_t>() > 1);
  WsClient member(server.port());
  member.hello(login(server.port(), kMemberEmail, kMemberPassword));
  REQUIRE(member.join("rec6-council", 0)["type"] == "ack");
  CHECK(member.say("rec6-council", "still refused")["code"] == "room_failed");
  REQUIRE(member.join("demo")["type"] == "ack");
  CHECK(member.say("demo", "served after the restart")["type"] == "ack");
}

TEST_CASE("a plugin whose view or departure hook throws fails its room, and the server stays up",
          "[failure]") {
  Harness h({"--rate-limit", "0", "--test-faults"});
  auto member = h.member("demo");
  SECTION("view") {
    CHECK(member->say("demo", "[[fault:view]]")["type"] == "ack");
    member->request({{"type", "view"}, {"room", "demo"}});  // answered, from the last good views
    wait_failed(h.server.port(), "demo");
    CHECK(member->say("demo", "after")["code"] == "room_failed");
  }
  SECTION("departure") {
    CHECK(member->say("demo", "[[fault:disconnect]]")["type"] == "ack");
    member.reset();  // the last connection of the person leaves the room
    wait_failed(h.server.port(), "demo");
    auto again = h.member("demo");
    CHECK(again->say("demo", "after")["code"] == "room_failed");
  }
  CHECK(http_request(h.server.port(), "GET", "/public").status < 500);
}

TEST_CASE("a full disk stops every append with storage_failed until a restart, losing nothing acknowledged",
          "[failure][store]") {
  TempDir dir;
  const auto db = dir / "collegial.db";
  std::int64_t pages = 0;
  {
    ServerProcess server(db);  // creates the database with the demo
    server.stop(SIGTERM);
    SQLite::Database file(db.string());
    pages = file.execAndGet("PRAGMA page_count").getInt64();
  }
  std::map<std::int64_t, std::string> acked;  // seq -> text, in room demo
  {
    // Room for about two megabytes more, then the "disk" is full. (Logins and the like write to
    // the same file, so the margin is wide; the burst goes on until the disk is full.)
    ServerProcess server(db, {"--rate-limit", "0", "--test-max-db-pages", std::to_string(pages + 512)});
    const auto token = login(server.port(), kMemberEmail, kMemberPassword);
    WsClient c(server.port());
    c.hello(token);
    REQUIRE(c.join("demo")["type"] == "ack");
    const std::string text(3000, 'x');
    int failed = 0;
    for (int round = 0; round < 60 && failed == 0; ++round) {
      for (const auto& [id, answer] : burst(c, "demo", 1 + round * 100, 100, text + std::to_string(round))) {
        if (answer["type"] == "ack") {
          acked[answer["seq"].get<std::int64_t>()] = text + std::to_string(round);
        } else {
          CHECK(answer["code"] == "storage_failed");
          ++failed;
        }
      }
    }
    REQUIRE(failed > 0);
    REQUIRE_FALSE(acked.empty());
    // Every room now refuses, even a message that would fit; the reason is in /healthz.
    CHECK(c.say("demo", "small")["code"] == "storage_failed");
    REQUIRE(c.join("rec6-council")["type"] == "ack");
    CHECK(c.say("rec6-council", "small")["code"] == "storage_failed");
    int status = 0;
    const auto h = healthz(server.port(), &status);
    CHECK(status == 503);
    CHECK(h.contains("storage_failed"));
    // Reads go on.
    WsClient reader(server.port());
    reader.hello();
    const auto head = reader.join("demo", 0)["seq"].get<std::int64_t>();
    CHECK(head == acked.rbegin()->first);
    server.kill9();
  }
  CHECK(run_collegiald({"verify", "--data", db.string()}).exit_code == 0);
  // The operator frees space and restarts: appends resume, and everything acknowledged is there.
  ServerProcess server(db, {"--rate-limit", "0"});
  CHECK(healthz(server.port())["status"] == "ok");
  WsClient c(server.port());
  c.hello(login(server.port(), kMemberEmail, kMemberPassword));
  const auto head = c.join("demo", 0)["seq"].get<std::int64_t>();
  std::map<std::int64_t, std::string> stored;
  for (std::int64_t i = 1; i <= head; ++i) {
    const auto e = c.next_event();
    REQUIRE(e["seq"] == i);
    if (e["type"] == "chat.message") stored[i] = e["body"]["text"];
  }
  for (const auto& [seq, text] : acked) CHECK(stored[seq] == text);
  CHECK(c.say("demo", "after the repair")["type"] == "ack");
}

TEST_CASE("a room replaying a long log delays no other room's join", "[failure][load]") {
  TempDir dir;
  const auto db = dir / "collegial.db";
  {
    ServerProcess server(db);
    server.stop(SIGTERM);
  }
  // A room with 200,000 events, written through the store as the server would.
  const std::int64_t events = 200'000;
  {
    collegial::Status status;
    auto store = collegial::store::EventStore::open({.path = db.string(), .durability = collegial::store::Durability::normal}, status);
    REQUIRE(store);
    collegial::store::RoomRecord room;
    REQUIRE(store->create_room("archive", 1, "system:test", &room));
    std::string prev = room.head_hash;
    std::int64_t seq = 1;
    std::promise<void> all_done;
    std::atomic<int> remaining{0};
    std::atomic<bool> ok{true};
    const int per_request = 2000;
    remaining = static_cast<int>((events - 1 + per_request - 1) / per_request);
    while (seq < events) {
      collegial::store::AppendRequest request;
      request.room_id = room.id;
      for (int i = 0; i < per_request && seq < events; ++i) {
        collegial::record::Event e;
        e.room = "archive";
        e.seq = ++seq;
        e.ts_ms = 1000 + seq;
        e.actor = "person:7";
        e.type = "chat.message";
        e.body = json{{"name", "Ana"}, {"text", "archived message " + std::to_string(seq)}}.dump();
        e.prev_hash = prev;
        collegial::record::seal(e);  // v2, as the server writes them
        prev = e.hash;
        request.events.push_back(std::move(e));
      }
      request.on_done = [&](const collegial::Status& s) {
        if (!s) ok = false;
        if (--remaining == 0) all_done.set_value();
      };
      store->append(std::move(request));
    }
    all_done.get_future().wait();
    REQUIRE(ok);
  }
  ServerProcess server(db, {"--rate-limit", "0"});
  const auto token = login(server.port(), kMemberEmail, kMemberPassword);
  WsClient other(server.port());
  other.hello(token);
  REQUIRE(other.join("rec6-council")["type"] == "ack");  // loaded before the long replay starts
  REQUIRE(other.request({{"type", "leave"}, {"room", "rec6-council"}})["type"] == "ack");
  ClientOptions patient;
  patient.timeout = std::chrono::seconds(170);  // the replay takes seconds, more under sanitizers
  WsClient big(server.port(), patient);
  big.hello(token);
  big.send_text(json{{"id", 1}, {"type", "join"}, {"room", "archive"}}.dump());
  // While "archive" replays, a join elsewhere is answered at once, before the replay ends.
  const auto start = std::chrono::steady_clock::now();
  const auto joined = other.join("rec6-council");
  const auto waited = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start);
  CHECK(joined["type"] == "ack");
  const auto big_answer = big.next();
  const auto replayed = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start);
  CHECK(big_answer["type"] == "ack");
  CHECK(big_answer["seq"] == events);
  // Had the replay held the hub or an I/O thread, the other join would have waited for all of
  // it; it took a small part of it instead (the figure is in the test's output).
  WARN("join elsewhere answered in " << waited.count() << " ms while a 200,000-event room replayed for "
                                    << replayed.count() << " ms");
  CHECK(waited.count() * 4 < replayed.count());
}
