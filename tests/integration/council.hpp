// Helpers for scenario tests in the demo council of nine (REC 6, db/seed/demo.json).
#pragma once

#include <set>

#include "support/harness.hpp"
#include "support/demo_council.hpp"

namespace collegial::test {

using nlohmann::json;

inline const auto& kVoters = kDemoCouncil;

// The same on the harness's server.
inline std::unique_ptr<WsClient> seat(Harness& h, const std::string& email,
                                      const std::string& password,
                                      const std::string& room = "rec6-council") {
  return seat_at(h.server.port(), email, password, room);
}

// Voting member `i` (0-based seat order) of the demo council.
inline std::unique_ptr<WsClient> voter(Harness& h, std::size_t i) {
  return seat(h, kVoters[i].first, kVoters[i].second);
}

// N9: calling to order a meeting that was never noticed is refused until the chair says to go on.
inline const nlohmann::json kUnnoticed = {{"despite_notice", true}};

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

// Who the quorum view of `room` lists present, by person id (`c` has joined the room).
inline std::set<std::int64_t> present_in(WsClient& c, const std::string& room = "rec6-council") {
  const auto v = c.request({{"type", "view"}, {"room", room}});
  REQUIRE(v["type"] == "ack");
  std::set<std::int64_t> people;
  for (const auto& p : v["views"]["quorum"]["present"]) people.insert(p["person"].get<std::int64_t>());
  return people;
}

}  // namespace collegial::test
