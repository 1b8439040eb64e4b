// B3: the council elects its officers by motion, and the room and the directory follow.
#include "integration/council.hpp"

using namespace collegial::test;

namespace {

// The roles `email` holds in the council (body 1), as GET /api/me reports them.
std::vector<std::string> council_roles(std::uint16_t port, const std::string& email,
                                       const std::string& password) {
  const auto me = http_request(port, "GET", "/api/me", {}, "", login(port, email, password));
  REQUIRE(me.status == 200);
  const json answer = json::parse(me.body);
  std::vector<std::string> roles;
  for (const auto& m : answer["memberships"]) {
    if (m["body_id"] == 1) roles.push_back(m["role"]);
  }
  return roles;
}

}  // namespace

TEST_CASE("B3: the council elects its chair by motion and the new chair presides at once",
          "[elections][B3]") {
  TempDir dir;
  const auto db = dir / "collegial.db";
  {
    ServerProcess server(db, {"--rate-limit", "0"});
    std::vector<std::unique_ptr<WsClient>> m;
    for (std::size_t i = 0; i < 6; ++i) {
      auto c = std::make_unique<WsClient>(server.port());
      REQUIRE(c->hello(login(server.port(), kVoters[i].first, kVoters[i].second))["type"] == "ack");
      REQUIRE(c->join("rec6-council")["type"] == "ack");
      REQUIRE(act(*c, "quorum.present")["type"] == "ack");
      m.push_back(std::move(c));
    }
    REQUIRE(act(*m[0], "meeting.call_to_order", kUnnoticed)["type"] == "ack");
    // Only a voting member can be elected (the clerk, person 10, is staff: B7).
    CHECK(act(*m[1], "motions.move", {{"kind", "elect"}, {"person", 10}})["code"] == "not_a_member");
    CHECK(act(*m[1], "motions.move", {{"kind", "elect"}, {"person", 3}, {"office", "king"}})["code"] ==
          "bad_field");
    REQUIRE(act(*m[1], "motions.move", {{"kind", "elect"}, {"person", 3}})["type"] == "ack");
    const auto made = next_of(*m[5], "motions.made");
    CHECK(made["body"]["office"]["office"] == "chair");
    CHECK(made["body"]["office"]["term_months"] == 12);
    CHECK(made["body"]["text"].get<std::string>().find("elected chair for a term of 12 months") !=
          std::string::npos);
    REQUIRE(act(*m[0], "motions.state")["type"] == "ack");
    REQUIRE(act(*m[0], "motions.call_vote")["type"] == "ack");
    for (std::size_t i = 1; i <= 4; ++i) {
      REQUIRE(act(*m[i], "motions.vote", {{"choice", "aye"}})["type"] == "ack");
    }
    REQUIRE(act(*m[0], "motions.close_vote")["type"] == "ack");
    const auto decided = next_of(*m[5], "motions.decided");
    CHECK(decided["body"]["result"] == "adopted");
    CHECK(decided["body"]["text"].get<std::string>().find("is elected chair") != std::string::npos);
    // The new chair presides on the connection they already have; the old chair no longer does
    // and sits on as a voting member.
    REQUIRE(act(*m[2], "meeting.recess")["type"] == "ack");
    CHECK(act(*m[0], "meeting.resume")["code"] == "forbidden");
    REQUIRE(act(*m[2], "meeting.resume")["type"] == "ack");
    REQUIRE(act(*m[3], "motions.move", {{"text", "Thank the outgoing chair"}})["type"] == "ack");
    REQUIRE(act(*m[2], "motions.state")["type"] == "ack");
    REQUIRE(act(*m[2], "motions.call_vote")["type"] == "ack");
    REQUIRE(act(*m[0], "motions.vote", {{"choice", "aye"}})["type"] == "ack");
    CHECK(council_roles(server.port(), kVoters[2].first, kVoters[2].second) ==
          std::vector<std::string>{"chair"});
    CHECK(council_roles(server.port(), kVoters[0].first, kVoters[0].second) ==
          std::vector<std::string>{"voting_member"});
    server.kill9();
  }
  // After a crash and a replay of the log, the election is taken up once, not twice.
  ServerProcess server(db, {"--rate-limit", "0"});
  auto chair = std::make_unique<WsClient>(server.port());
  REQUIRE(chair->hello(login(server.port(), kVoters[2].first, kVoters[2].second))["type"] == "ack");
  const auto joined = chair->join("rec6-council");
  REQUIRE(joined["type"] == "ack");
  CHECK(joined["roles"] == json::array({"chair", "public"}));  // the join names the seat held
  REQUIRE(act(*chair, "meeting.recess")["type"] == "ack");
  CHECK(council_roles(server.port(), kVoters[2].first, kVoters[2].second) ==
        std::vector<std::string>{"chair"});
  CHECK(council_roles(server.port(), kVoters[0].first, kVoters[0].second) ==
        std::vector<std::string>{"voting_member"});
}
