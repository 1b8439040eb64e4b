// What every integration test starts from: a temporary directory and a real collegiald in it.
#pragma once

#include <catch2/catch.hpp>

#include <chrono>
#include <csignal>
#include <thread>

#include "support/demo_council.hpp"
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

// A client of the server on `port` that has said hello as `email`.
inline std::unique_ptr<WsClient> signed_in(std::uint16_t port, const std::string& email, const std::string& password) {
  auto c = std::make_unique<WsClient>(port);
  REQUIRE(c->hello(login(port, email, password))["type"] == "ack");
  return c;
}

// The same, joined to `room` too.
inline std::unique_ptr<WsClient> seat_at(std::uint16_t port, const std::string& email, const std::string& password,
                                         const std::string& room = "rec6-council") {
  auto c = signed_in(port, email, password);
  const auto joined = c->join(room);
  INFO(joined.dump());
  REQUIRE(joined["type"] == "ack");
  return c;
}

// Admin operations through the API (POST /api/admin/<op>): as the demo administrator, or with
// any `token` (to test who may not).
class AdminClient {
 public:
  explicit AdminClient(std::uint16_t port) : AdminClient(port, login(port, kDemoAdminEmail, kDemoAdminPassword)) {}
  explicit AdminClient(const ServerProcess& server) : AdminClient(server.port()) {}
  explicit AdminClient(Harness& h) : AdminClient(h.server.port()) {}
  AdminClient(std::uint16_t port, std::string token) : port_(port), token_(std::move(token)) {}

  HttpResult run(const std::string& op, const nlohmann::json& args) const {
    return http_request(port_, "POST", "/api/admin/" + op, {}, args.dump(), token_);
  }
  // The answer of an operation that must succeed (a created row's `id`, say).
  nlohmann::json must(const std::string& op, const nlohmann::json& args) const {
    const auto r = run(op, args);
    INFO(op << " " << args.dump() << " -> " << r.status << " " << r.body);
    REQUIRE(r.status == 200);
    return nlohmann::json::parse(r.body, nullptr, false);
  }
  const std::string& token() const { return token_; }

 private:
  std::uint16_t port_;
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
