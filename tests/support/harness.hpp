// What every integration test starts from: a temporary directory and a real collegiald in it.
#pragma once

#include <catch2/catch.hpp>

#include <chrono>
#include <csignal>
#include <thread>

#include "support/net_clients.hpp"
#include "support/server_process.hpp"
#include "support/temp_dir.hpp"

namespace collegial::test {

// Demo accounts (db/seed/demo.json).
inline constexpr const char* kMemberEmail = "member@rec6.example";
inline constexpr const char* kMemberPassword = "demo-member-2026";

struct Harness {
  explicit Harness(std::vector<std::string> args = {"--rate-limit", "0"})
      : server((dir / "collegial.db"), std::move(args)) {}

  // A session token of the demo council member (logged in once per harness).
  const std::string& token() {
    if (token_.empty()) token_ = login(server.port(), kMemberEmail, kMemberPassword);
    return token_;
  }

  // A connected client that has said hello as the demo member and joined `room`.
  std::unique_ptr<WsClient> member(const std::string& room = "demo", ClientOptions options = {}) {
    auto c = std::make_unique<WsClient>(server.port(), options);
    REQUIRE(c->hello(token())["type"] == "ack");
    const auto joined = c->join(room);
    REQUIRE(joined["type"] == "ack");
    return c;
  }

  TempDir dir;
  ServerProcess server;

 private:
  std::string token_;
};

// Waits (polling the log, at most `limit`) until the server has written `needle`.
inline bool wait_for_log(const ServerProcess& server, const std::string& needle,
                         std::chrono::seconds limit = std::chrono::seconds(30)) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (server.log().find(needle) == std::string::npos) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return true;
}

// Every event of `room` from the start, as the public reads them through `port`.
inline std::vector<nlohmann::json> read_all(std::uint16_t port, const std::string& room) {
  WsClient c(port);
  c.hello();
  const auto joined = c.join(room, 0);
  REQUIRE(joined["type"] == "ack");
  std::vector<nlohmann::json> events;
  for (std::int64_t i = 1; i <= joined["seq"].get<std::int64_t>(); ++i) events.push_back(c.next_event());
  return events;
}

}  // namespace collegial::test
