// What every integration test starts from: a temporary directory and a real collegiald in it.
#pragma once

#include <catch2/catch.hpp>

#include <csignal>

#include "support/net_clients.hpp"
#include "support/server_process.hpp"
#include "support/temp_dir.hpp"

namespace collegial::test {

struct Harness {
  explicit Harness(std::vector<std::string> args = {"--rate-limit", "0"})
      : server((dir / "collegial.db"), std::move(args)) {}

  // A connected client that has said hello (as `name`) and joined `room`.
  std::unique_ptr<WsClient> member(const std::string& name, const std::string& room = "demo",
                                   ClientOptions options = {}) {
    auto c = std::make_unique<WsClient>(server.port(), options);
    REQUIRE(c->hello(name)["type"] == "ack");
    const auto joined = c->join(room);
    REQUIRE(joined["type"] == "ack");
    return c;
  }

  TempDir dir;
  ServerProcess server;
};

}  // namespace collegial::test
