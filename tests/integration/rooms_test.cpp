// Rooms over real WebSockets: hello/join/say, fan-out, sync with since, restart and replay.
#include <atomic>
#include <set>
#include <thread>

#include "integration/harness.hpp"

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
  CHECK(ack == json{{"type", "ack"}, {"id", 1}, {"protocol", 1}, {"actor", "person:3"},
                    {"name", "Maria Chavez"}});
  CHECK(c.join("demo") == json{{"type", "ack"}, {"id", 2}, {"seq", 1}, {"roles", {"participant", "public"}}});
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

TEST_CASE("reconnecting with since during traffic loses and repeats nothing", "[rooms]") {
  Harness h;
  constexpr int kMessages = 400;
  std::atomic<std::int64_t> last_acked{0};
  std::thread talker([&] {
    auto t = h.member();
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
