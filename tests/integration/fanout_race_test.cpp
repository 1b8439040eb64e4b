// Several rooms fanning out at once to the same connections, while those clients ping (so Beast
// writes pongs into the sockets the rooms write to) and some of them go away mid-stream, one
// way or another. Every connection that stays receives every event of every room, in order,
// with no gap; the server neither crashes nor, in the ThreadSanitizer pass (scripts/test.sh),
// reports a race. This is the test of docs/architecture.md's "Writing to clients" under load.
#include <array>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "support/harness.hpp"
#include "support/demo_council.hpp"

using namespace collegial::test;
using nlohmann::json;

namespace {

constexpr int kRooms = 4;
// Past a room's fan-out chunk (64, core/shared_work): each commit is shared by two threads.
constexpr int kClients = 72;
constexpr int kMessages = 60;  // said in each room
constexpr int kTotal = kRooms * kMessages;
constexpr int kCheckpoints = 8;  // rounds of pings while the rooms write

std::string room_name(int r) { return "race-" + std::to_string(r); }
std::string text_of(int r, int i) { return "room " + std::to_string(r) + " message " + std::to_string(i); }

// How far the writers have got, for the test's thread to wait on.
struct Progress {
  std::mutex mutex;
  std::condition_variable changed;
  int acked = 0;
  int finished = 0;  // writers done, successfully or not
  int failed = 0;

  void count(bool ok) {
    {
      std::lock_guard lock(mutex);
      ++acked;
      if (!ok) ++failed;
    }
    changed.notify_all();
  }
  void finish() {
    {
      std::lock_guard lock(mutex);
      ++finished;
    }
    changed.notify_all();
  }
  // Waits until `at_least` says were acknowledged or every writer has stopped.
  void wait_for(int at_least) {
    std::unique_lock lock(mutex);
    changed.wait(lock, [&] { return acked >= at_least || finished == kRooms; });
  }
};

}  // namespace

TEST_CASE("rooms writing at once to shared connections, through pings and closes, lose nothing",
          "[rooms][threads]") {
  Harness h({"--rate-limit", "0", "--threads", "4"});
  const std::string admin = login(h.server.port(), kDemoAdminEmail, kDemoAdminPassword);
  for (int r = 0; r < kRooms; ++r) {
    const auto made = http_request(h.server.port(), "POST", "/api/admin/create-room", {},
                                   json{{"name", room_name(r)}}.dump(), admin);
    INFO(made.body);
    REQUIRE(made.status == 200);
  }

  // Every client joins every room; `heads[c][r]` is where its room r stood when it joined.
  std::vector<std::unique_ptr<WsClient>> clients;
  std::vector<std::array<std::int64_t, kRooms>> heads(kClients);
  for (int c = 0; c < kClients; ++c) {
    auto client = std::make_unique<WsClient>(h.server.port());
    REQUIRE(client->hello(h.token())["type"] == "ack");
    for (int r = 0; r < kRooms; ++r) {
      const auto joined = client->join(room_name(r));
      REQUIRE(joined["type"] == "ack");
      heads[static_cast<std::size_t>(c)][static_cast<std::size_t>(r)] = joined["seq"];
    }
    clients.push_back(std::move(client));
  }
  // One client in six leaves while the rooms write: half of them with a close handshake, half
  // by dropping the TCP connection with unread data (the server's next write then fails).
  const auto leaves = [](int c) { return c % 6 == 5; };

  // One writer per room, each on its own connection and thread, all at once. (Catch's
  // assertions stay on this thread: writers only count.)
  std::vector<std::unique_ptr<WsClient>> writers;
  for (int r = 0; r < kRooms; ++r) writers.push_back(h.member(room_name(r)));
  Progress progress;
  std::vector<std::thread> threads;
  for (int r = 0; r < kRooms; ++r) {
    threads.emplace_back([&, r] {
      WsClient& w = *writers[static_cast<std::size_t>(r)];
      try {
        for (int i = 0; i < kMessages; ++i) {
          const bool ok = w.say(room_name(r), text_of(r, i))["type"] == "ack";
          progress.count(ok);
          if (!ok) break;
          w.kept_events().clear();  // its own echoes
        }
      } catch (const std::exception&) {
        progress.count(false);
      }
      progress.finish();
    });
  }

  // While they write: rounds of pings from every client still there, and the leavers go at
  // the third round.
  int pings = 0;
  for (int k = 1; k <= kCheckpoints; ++k) {
    progress.wait_for(k * kTotal / (kCheckpoints + 1));
    for (int c = 0; c < kClients; ++c) {
      auto& client = clients[static_cast<std::size_t>(c)];
      if (!client) continue;
      if (k == 3 && leaves(c)) {
        if (c % 12 == 5) client->close();
        client.reset();
        continue;
      }
      client->send_ping();
      ++pings;
    }
  }
  for (auto& t : threads) t.join();
  {
    std::lock_guard lock(progress.mutex);
    REQUIRE(progress.failed == 0);
    REQUIRE(progress.acked == kTotal);
  }
  CHECK(pings > kCheckpoints * kClients / 2);

  // Every client that stayed has every event of every room once, in order, with pongs and
  // batched frames in between; a frame split by a pong would fail to parse here.
  int stayed = 0;
  for (int c = 0; c < kClients; ++c) {
    auto& client = clients[static_cast<std::size_t>(c)];
    if (!client) continue;
    ++stayed;
    INFO("client " << c);
    const auto& joined_at = heads[static_cast<std::size_t>(c)];
    std::array<int, kRooms> received{};  // events of each room so far
    for (int n = 0; n < kTotal; ++n) {
      if (n % 60 == 0) client->send_ping();
      const json e = client->next_event();
      const std::string room = e["room"];
      const int r = std::stoi(room.substr(room.find('-') + 1));
      REQUIRE(room == room_name(r));
      const int i = received[static_cast<std::size_t>(r)]++;
      REQUIRE(e["seq"] == joined_at[static_cast<std::size_t>(r)] + 1 + i);  // no gap, no repeat
      REQUIRE(e["body"]["text"] == text_of(r, i));
    }
    // Nothing more, and the connection is still sound: the next message is this answer.
    REQUIRE(client->request({{"type", "leave"}, {"room", room_name(0)}})["type"] == "ack");
  }
  CHECK(stayed == kClients - kClients / 6);

  clients.clear();
  writers.clear();
  INFO(h.server.log());
  CHECK(h.server.stop(SIGTERM) == 0);
}
