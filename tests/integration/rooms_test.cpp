// Rooms over real WebSockets: hello/join/say, fan-out, sync with since, restart and replay.
#include <atomic>
#include <set>
#include <thread>

#include "support/harness.hpp"

using namespace collegial::test;
using nlohmann::json;

TEST_CASE("a message said in a room arrives at a second client", "[rooms]") {
  Harness h;
  auto ann = h.member();
  auto bob = h.member();
  const auto ack = ann->say("demo", "Good morning, council.");
  REQUIRE(ack["type"] == "ack");
  const auto seq = ack["seq"].get<std::int64_t>();
  const auto at_bob = bob->next_event();
  CHECK(at_bob["type"] == "chat.message");
  CHECK(at_bob["room"] == "demo");
  CHECK(at_bob["seq"] == seq);
  CHECK(at_bob["actor"] == "person:3");
  CHECK(at_bob["body"]["name"] == "Maria Chavez");
  CHECK(at_bob["body"]["text"] == "Good morning, council.");
  CHECK(at_bob["hash"].get<std::string>().size() == 64);
  // The sender sees its own event too, before the ack.
  CHECK(ann->next_event() == at_bob);
}

TEST_CASE("hello answers with the protocol and the actor", "[rooms]") {
  Harness h;
  WsClient c(h.server.port());
  const auto ack = c.hello(h.token());
  // lang: the language refusals come in (docs/protocol.md, "hello"); English by default.
  CHECK(ack == json{{"type", "ack"}, {"id", 1}, {"protocol", 1}, {"actor", "person:3"},
                    {"name", "Maria Chavez"}, {"lang", "en"}});
  CHECK(c.join("demo") == json{{"type", "ack"}, {"id", 2}, {"seq", 1}, {"roles", {"participant", "public"}},
                                 {"may", {"read_public_room", "read_members_room", "say", "attend", "register_webinar", "request_floor"}}});
  CHECK(c.request({{"type", "leave"}, {"room", "demo"}}) == json{{"type", "ack"}, {"id", 3}});
  CHECK(c.say("demo", "gone")["code"] == "not_joined");
}

TEST_CASE("fan-out: 50 clients each receive every message in the same order", "[rooms]") {
  Harness h;
  std::vector<std::unique_ptr<WsClient>> clients;
  for (int i = 0; i < 50; ++i) clients.push_back(h.member());
  // Five speakers, ten messages each, interleaved.
  std::vector<std::int64_t> acked;
  for (int round = 0; round < 10; ++round) {
    for (int s = 0; s < 5; ++s) {
      const auto ack = clients[static_cast<std::size_t>(s * 10)]->say(
          "demo", "round " + std::to_string(round) + " from " + std::to_string(s));
      REQUIRE(ack["type"] == "ack");
      acked.push_back(ack["seq"]);
    }
  }
  std::vector<std::string> reference;
  for (auto& c : clients) {
    std::vector<std::string> seen;
    std::int64_t last = 1;
    for (int i = 0; i < 50; ++i) {
      const auto e = c->next_event();
      REQUIRE(e["seq"] == last + 1);  // no gap, no duplicate
      last = e["seq"];
      seen.push_back(e["body"]["text"]);
    }
    if (reference.empty()) reference = seen;
    CHECK(seen == reference);
  }
  CHECK(acked.back() == 51);
}

TEST_CASE("fan-out to 300 subscribers, shared by the server's threads, keeps each one's order",
          "[rooms]") {
  // 300 public listeners from one address: past the per-address cap, which is not this test's
  // subject (connection_limits_test's is).
  Harness h({"--rate-limit", "0", "--max-public-per-address", "0"});
  // The public may listen in the demo room; 300 is past the size from which a room lends its
  // fan-out to a second thread (core/shared_work).
  std::vector<std::unique_ptr<WsClient>> listeners;
  for (int i = 0; i < 300; ++i) {
    listeners.push_back(std::make_unique<WsClient>(h.server.port()));
    REQUIRE(listeners.back()->hello()["type"] == "ack");
    REQUIRE(listeners.back()->join("demo")["type"] == "ack");
  }
  auto speaker = h.member();
  constexpr int kMessages = 40;
  for (int i = 0; i < kMessages; ++i) {
    REQUIRE(speaker->say("demo", "item " + std::to_string(i))["type"] == "ack");
  }
  for (auto& l : listeners) {
    for (int i = 0; i < kMessages; ++i) {
      const auto e = l->next_event();
      REQUIRE(e["seq"] == 2 + i);  // no gap, no duplicate, no reordering
      REQUIRE(e["body"]["text"] == "item " + std::to_string(i));
    }
  }
}

TEST_CASE("a client's pings are answered between messages while events stream to it",
          "[rooms]") {
  Harness h;
  // Beast writes the pongs, the room writes the events, each from its own thread; a pong inside
  // a message would fail the reads below. (tests/unit/fanout_stream_test.cpp forces the
  // server's socket to back up, which loopback's large buffers do not do here.)
  ClientOptions slow;
  slow.receive_buffer_bytes = 4096;
  WsClient reader(h.server.port(), slow);
  REQUIRE(reader.hello()["type"] == "ack");
  REQUIRE(reader.join("demo")["type"] == "ack");
  auto speaker = h.member();
  constexpr int kMessages = 150;  // ~450 KiB: under the 1 MiB queue limit, far over the window
  const std::string filler(3000, 'x');
  for (int i = 0; i < kMessages; ++i) {
    REQUIRE(speaker->say("demo", std::to_string(i) + ":" + filler)["type"] == "ack");
    speaker->kept_events().clear();
    if (i % 5 == 0) reader.send_ping();
  }
  for (int i = 0; i < kMessages; ++i) {
    const auto e = reader.next_event();  // a split frame fails here as a protocol error
    REQUIRE(e["seq"] == 2 + i);
    REQUIRE(e["body"]["text"] == std::to_string(i) + ":" + filler);
  }
  // The connection is still sound: a request gets its answer.
  CHECK(reader.request({{"type", "leave"}, {"room", "demo"}})["type"] == "ack");
}

TEST_CASE("reconnecting with since during traffic loses and repeats nothing", "[rooms]") {
  Harness h;
  constexpr int kMessages = 400;
  std::atomic<std::int64_t> last_acked{0};
  // Made here: Catch's assertions (inside member()) must stay on the test's thread.
  auto t = h.member();
  std::thread talker([&] {
    for (int i = 0; i < kMessages; ++i) {
      const auto ack = t->say("demo", "m" + std::to_string(i));
      if (ack["type"] != "ack") break;
      last_acked = ack["seq"].get<std::int64_t>();
      // Drop our own echoes so the queue never grows.
      t->kept_events().clear();
    }
  });

  std::vector<std::int64_t> seen;
  std::int64_t since = 0;
  const std::int64_t final_seq = 1 + kMessages;
  int connections = 0;
  while (since < final_seq) {
    ++connections;
    WsClient c(h.server.port());
    REQUIRE(c.hello()["type"] == "ack");
    REQUIRE(c.join("demo", since)["type"] == "ack");
    // Read a few events, then drop the connection mid-stream (at most 60 per connection).
    for (int i = 0; i < 60 && since < final_seq; ++i) {
      const auto e = c.next_event();
      seen.push_back(e["seq"]);
      since = e["seq"];
    }
  }
  talker.join();
  REQUIRE(last_acked == final_seq);
  CHECK(connections > 3);
  REQUIRE(seen.size() == static_cast<std::size_t>(final_seq));
  for (std::size_t i = 0; i < seen.size(); ++i) CHECK(seen[i] == static_cast<std::int64_t>(i + 1));
}

TEST_CASE("after a restart the room replays its log and continues the chain", "[rooms]") {
  TempDir dir;
  const auto db = dir / "collegial.db";
  std::vector<json> before;
  {
    ServerProcess server(db);
    {
      WsClient c(server.port());
      c.hello(login(server.port(), kMemberEmail, kMemberPassword));
      c.join("demo");
      for (int i = 0; i < 20; ++i) {
        REQUIRE(c.say("demo", "before " + std::to_string(i))["type"] == "ack");
      }
      for (int i = 0; i < 20; ++i) before.push_back(c.next_event());
    }
    CHECK(server.stop(SIGTERM) == 0);
  }
  ServerProcess server(db);
  {
    WsClient c(server.port());
    c.hello(login(server.port(), kMemberEmail, kMemberPassword));
    REQUIRE(c.join("demo", 1)["seq"] == 21);
    for (const auto& expected : before) CHECK(c.next_event() == expected);
    const auto ack = c.say("demo", "after the restart");
    CHECK(ack["seq"] == 22);
  }
  CHECK(server.stop(SIGTERM) == 0);
  CHECK(run_collegiald({"verify", "--data", db.string()}).exit_code == 0);
}
