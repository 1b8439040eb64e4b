// Several collegiald nodes on one real PostgreSQL and one real nats-server (issue #18 §3, §4):
// clients on different nodes in one room see one order; what is said or decided through any
// node reaches every node; and when the node deciding a room is killed with kill -9, another
// takes it over, its clients rejoin with since, and no acknowledged event is lost or doubled.
#include <algorithm>
#include <chrono>
#include <map>
#include <set>

#include "integration/harness.hpp"
#include "support/nats_server.hpp"
#include "support/postgres_server.hpp"

using namespace collegial::test;
using nlohmann::json;

namespace {

// Nodes started one after another (the first seeds the demo, and its scheduler's first pass
// loads every body's room, so it holds them all), with one shared checkpoint key.
struct Cluster {
  explicit Cluster(int n) : store("postgres:" + PostgresServer::shared().fresh_database()) {
    for (int i = 0; i < n; ++i) nodes.push_back(start(i));
  }
  std::unique_ptr<ServerProcess> start(int i) {
    const std::string name = "node-" + std::string(1, static_cast<char>('a' + i));
    return std::make_unique<ServerProcess>(
        dir / (name + ".db"),
        std::vector<std::string>{"--rate-limit", "0", "--store", store, "--bus", nats.url(), "--node", name,
                                 "--checkpoint-key", (dir / "deployment-key.pem").string(), "--lease-term-ms",
                                 "1500"});
  }
  std::uint16_t port(int i) const { return nodes[i]->port(); }

  TempDir dir;
  NatsServer nats;
  std::string store;
  std::vector<std::unique_ptr<ServerProcess>> nodes;
};

// Every event of `room` from the start, as the public reads them through `port`.
std::vector<json> read_all(std::uint16_t port, const std::string& room) {
  WsClient c(port);
  c.hello();
  const auto joined = c.join(room, 0);
  REQUIRE(joined["type"] == "ack");
  std::vector<json> events;
  for (std::int64_t i = 1; i <= joined["seq"].get<std::int64_t>(); ++i) events.push_back(c.next_event());
  return events;
}

// The chat messages among `events`, as (seq, hash, text).
std::vector<std::tuple<std::int64_t, std::string, std::string>> chat_of(const std::vector<json>& events) {
  std::vector<std::tuple<std::int64_t, std::string, std::string>> out;
  for (const auto& e : events) {
    if (e["type"] == "chat.message") out.emplace_back(e["seq"], e["hash"], e["body"]["text"]);
  }
  return out;
}

}  // namespace

TEST_CASE("several nodes: clients on three nodes in one room see one order, and each one's acks follow its events",
          "[cluster][postgres][nats]") {
  Cluster cluster(3);
  const std::string token_a = login(cluster.port(0), kMemberEmail, kMemberPassword);
  const std::string token_b = login(cluster.port(1), kMemberEmail, kMemberPassword);  // the session is the house's
  WsClient a(cluster.port(0)), b(cluster.port(1)), c(cluster.port(2));
  REQUIRE(a.hello(token_a)["type"] == "ack");
  REQUIRE(b.hello(token_b)["type"] == "ack");
  REQUIRE(c.hello()["type"] == "ack");  // the public, on the third node
  const std::int64_t start = a.join("demo")["seq"];
  REQUIRE(b.join("demo")["type"] == "ack");
  REQUIRE(c.join("demo")["type"] == "ack");

  // Both speakers at once, without waiting for answers.
  constexpr int kEach = 40;
  for (int i = 0; i < kEach; ++i) {
    a.send_text(json{{"id", i}, {"type", "say"}, {"room", "demo"}, {"text", "a" + std::to_string(i)}}.dump());
    b.send_text(json{{"id", i}, {"type", "say"}, {"room", "demo"}, {"text", "b" + std::to_string(i)}}.dump());
  }
  // Each speaker's stream: every ack comes after the event it acknowledges.
  auto read_speaker = [&](WsClient& ws) {
    std::vector<json> events;
    std::set<std::int64_t> seen;
    int acks = 0;
    while (acks < kEach || static_cast<int>(events.size()) < 2 * kEach) {
      const json m = ws.next();
      if (m["type"] == "ack") {
        INFO(m.dump());
        CHECK(seen.count(m["seq"].get<std::int64_t>()) == 1);
        ++acks;
      } else if (m["type"] == "error") {
        FAIL("refused: " << m.dump());
      } else {
        seen.insert(m["seq"].get<std::int64_t>());
        events.push_back(m);
      }
    }
    return events;
  };
  const auto at_a = read_speaker(a);
  const auto at_b = read_speaker(b);
  std::vector<json> at_c;
  while (at_c.size() < 2 * kEach) at_c.push_back(c.next_event());

  // One order, to the hash, on every node; and it is the log's.
  CHECK(chat_of(at_a) == chat_of(at_b));
  CHECK(chat_of(at_a) == chat_of(at_c));
  const auto log = chat_of(read_all(cluster.port(2), "demo"));
  CHECK(log == chat_of(at_a));
  REQUIRE(log.size() == 2 * kEach);
  CHECK(std::get<0>(log.front()) == start + 1);
  // A speaker's own messages keep the order it sent them in.
  std::vector<std::string> from_b;
  for (const auto& [seq, hash, text] : log) {
    if (text[0] == 'b') from_b.push_back(text);
  }
  for (int i = 0; i < kEach; ++i) CHECK(from_b[i] == "b" + std::to_string(i));
}
