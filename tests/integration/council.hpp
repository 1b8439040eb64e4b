// Helpers for scenario tests in the demo council of nine (REC 6, db/seed/demo.json).
#pragma once

#include "integration/harness.hpp"

namespace collegial::test {

using nlohmann::json;

// The demo council's voting members in seat order: person ids 1 to 9.
inline const std::vector<std::pair<std::string, std::string>> kVoters = {
    {"chair@rec6.example", "demo-chair-2026"},
    {"vicechair@rec6.example", "demo-vicechair-2026"},
    {"member@rec6.example", "demo-member-2026"},
    {"superintendent.house@rec6.example", "demo-house-2026"},
    {"superintendent.fort-sumner@rec6.example", "demo-fort-sumner-2026"},
    {"superintendent.floyd@rec6.example", "demo-floyd-2026"},
    {"superintendent.texico@rec6.example", "demo-texico-2026"},
    {"superintendent.elida@rec6.example", "demo-elida-2026"},
    {"superintendent.dora@rec6.example", "demo-dora-2026"},
};

// A client logged in as `email` that has joined `room`.
inline std::unique_ptr<WsClient> seat(Harness& h, const std::string& email,
                                      const std::string& password,
                                      const std::string& room = "rec6-council") {
  auto c = std::make_unique<WsClient>(h.server.port());
  REQUIRE(c->hello(login(h.server.port(), email, password))["type"] == "ack");
  REQUIRE(c->join(room)["type"] == "ack");
  return c;
}

// Voting member `i` (0-based seat order) of the demo council.
inline std::unique_ptr<WsClient> voter(Harness& h, std::size_t i) {
  return seat(h, kVoters[i].first, kVoters[i].second);
}

inline json act(WsClient& c, const std::string& op, json args = json::object(),
                const std::string& room = "rec6-council") {
  return c.request({{"type", "act"}, {"room", room}, {"op", op}, {"args", args}});
}

// The next event of `type` seen by `c`, skipping others.
inline json next_of(WsClient& c, const std::string& type) {
  for (int i = 0; i < 200; ++i) {
    json e = c.next_event();
    if (e["type"] == type) return e;
  }
  FAIL("no " << type << " event");
  return {};
}

}  // namespace collegial::test
