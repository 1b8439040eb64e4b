// A socket's authority follows its credentials, at once (issue #15, docs/permissions.md
// "Open connections"): a logout, an expiry, a bot's revocation and the end of a seat reach
// sockets opened earlier, idle ones included, without waiting for them to reconnect.
#include "integration/council.hpp"
#include "integration/oma_council.hpp"

using namespace collegial::test;
using nlohmann::json;

namespace {

constexpr int kCredentialsEnded = 4010;

HttpResult admin(std::uint16_t port, const std::string& token, const std::string& op,
                 const json& args) {
  return http_request(port, "POST", "/api/admin/" + op, {}, args.dump(), token);
}

// What a request on a socket whose credentials ended gets: the error's code, or "closed:<code>"
// when the close came first. Never an ack.
std::string answer_after_end(WsClient& c, const json& request) {
  try {
    const json r = c.request(request);
    if (r["type"] == "ack") return "ack";
    return r["code"].get<std::string>();
  } catch (const ConnectionClosed& e) {
    return "closed:" + std::to_string(e.code);
  }
}

// Reads until the server closes the socket; the close code.
int close_code(WsClient& c) {
  try {
    return c.wait_close();
  } catch (const ConnectionClosed& e) {
    return e.code;
  }
}

}  // namespace

TEST_CASE("after a logout, a socket opened with that token acts for nobody and is closed",
          "[credentials][doors]") {
  Harness h;
  const std::uint16_t port = h.server.port();
  const std::string chair_email = kVoters[0].first, chair_password = kVoters[0].second;
  const std::string stolen = login(port, chair_email, chair_password);
  const std::string own = login(port, chair_email, chair_password);  // the chair's other device

  auto thief = std::make_unique<WsClient>(port);
  REQUIRE(thief->hello(stolen)["type"] == "ack");
  REQUIRE(thief->join("rec6-council")["type"] == "ack");
  auto idle = std::make_unique<WsClient>(port);  // same token, says nothing more
  REQUIRE(idle->hello(stolen)["type"] == "ack");
  REQUIRE(idle->join("rec6-council")["type"] == "ack");
  auto device = std::make_unique<WsClient>(port);
  REQUIRE(device->hello(own)["type"] == "ack");
  REQUIRE(device->join("rec6-council")["type"] == "ack");

  REQUIRE(http_request(port, "POST", "/api/logout", {}, "", stolen).status == 200);

  // The socket that keeps speaking: neither chat nor the chair's roll call is taken.
  const std::string said = answer_after_end(*thief, {{"type", "say"}, {"room", "rec6-council"},
                                                     {"text", "still here"}});
  CHECK(said != "ack");
  CHECK((said == "bad_token" || said == "closed:4010"));
  CHECK(close_code(*thief) == kCredentialsEnded);
  // The idle one is closed without having to speak.
  CHECK(close_code(*idle) == kCredentialsEnded);

  // The chair's other session is not touched, and nothing the thief sent was recorded: the
  // other device's chat is the next message it sees after its own join.
  REQUIRE(device->say("rec6-council", "from the chair's tablet")["type"] == "ack");
  for (const json& e : device->kept_events()) {
    if (!e.contains("body") || !e["body"].is_object()) continue;
    CHECK(e["body"].value("text", "") != "still here");
  }
  // A new socket with the logged-out token is refused at hello, as before.
  WsClient again(port);
  CHECK(again.hello(stolen)["code"] == "bad_token");
}

TEST_CASE("a password reset ends every session of the person, open sockets included", "[credentials][doors]") {
  Harness h;
  const std::uint16_t port = h.server.port();
  const std::string chair_email = kVoters[0].first, chair_password = kVoters[0].second;
  const std::string leaked = login(port, chair_email, chair_password);
  auto thief = std::make_unique<WsClient>(port);
  REQUIRE(thief->hello(leaked)["type"] == "ack");
  REQUIRE(thief->join("rec6-council")["type"] == "ack");
  const std::string admin_token = login(port, kDemoAdminEmail, kDemoAdminPassword);
  const auto reset = admin(port, admin_token, "reset-password", {{"email", chair_email}, {"password", "a-new-chair-password"}});
  INFO(reset.body);
  REQUIRE(reset.status == 200);
  // The open socket is closed without having to speak, and the token is refused everywhere.
  CHECK(close_code(*thief) == kCredentialsEnded);
  WsClient again(port);
  CHECK(again.hello(leaked)["code"] == "bad_token");
  CHECK(http_request(port, "GET", "/api/me", {}, "", leaked).status == 401);
  // The old password no longer logs in; the new one does. Other people's sessions stand.
  CHECK_THROWS(login(port, chair_email, chair_password));
  CHECK_FALSE(login(port, chair_email, "a-new-chair-password").empty());
  CHECK(http_request(port, "GET", "/api/me", {}, "", admin_token).status == 200);
}

TEST_CASE("when a session's 12 hours pass, its open sockets are refused and closed",
          "[credentials][doors]") {
  // The scheduler's pass checks idle sockets; a short interval makes it come soon.
  Council c("2026-03-02T09:00", {"--schedule-interval-ms", "200", "--session-hours", "12"});
  auto speaking = c.seat_in(kVoters[0].first, kVoters[0].second);
  auto idle = c.seat_in(kVoters[1].first, kVoters[1].second);
  REQUIRE(act(*speaking, "quorum.present")["type"] == "ack");

  c.clock.advance(12 * kHour + kMinute);

  const std::string answer =
      answer_after_end(*speaking, {{"type", "act"}, {"room", "rec6-council"},
                                   {"op", "quorum.roll_call"}, {"args", json::object()}});
  CHECK((answer == "bad_token" || answer == "closed:4010"));
  CHECK(close_code(*speaking) == kCredentialsEnded);
  CHECK(close_code(*idle) == kCredentialsEnded);
  // Logging in again works at the new time.
  auto back = c.seat_in(kVoters[0].first, kVoters[0].second);
  CHECK(act(*back, "quorum.present")["type"] == "ack");
}

TEST_CASE("a revoked bot's open socket is closed at once", "[credentials][doors]") {
  Harness h;
  const std::uint16_t port = h.server.port();
  const std::string admin_token = login(port, kDemoAdminEmail, kDemoAdminPassword);
  const auto made = admin(port, admin_token, "create-bot",
                          {{"name", "minutes-helper"}, {"bodies", "rec6-council"}});
  REQUIRE(made.status == 200);
  const std::string bot = json::parse(made.body)["token"];
  WsClient c(port);
  REQUIRE(c.hello(bot)["type"] == "ack");
  REQUIRE(c.join("rec6-council")["type"] == "ack");
  REQUIRE(c.say("rec6-council", "The minutes draft is posted")["type"] == "ack");

  REQUIRE(admin(port, admin_token, "revoke-bot", {{"name", "minutes-helper"}}).status == 200);
  CHECK(close_code(c) == kCredentialsEnded);
  WsClient again(port);
  CHECK(again.hello(bot)["code"] == "bad_token");
}

TEST_CASE("a seat given or ended while its holder is connected is judged before the next request",
          "[credentials][doors]") {
  Harness h;
  const std::uint16_t port = h.server.port();
  const std::string admin_token = login(port, kDemoAdminEmail, kDemoAdminPassword);
  auto must = [&](const std::string& op, const json& args) {
    const auto r = admin(port, admin_token, op, args);
    INFO(op << " " << args.dump() << " -> " << r.body);
    REQUIRE(r.status == 200);
    return json::parse(r.body);
  };
  must("create-body", {{"slug", "finance-committee"}, {"name", "Finance Committee"},
                       {"kind", "committee"}, {"cooperative", "rec6"}, {"public", false}});
  must("create-person", {{"email", "treasurer@rec6.example"}, {"name", "Treasurer"}});
  must("reset-password", {{"email", "treasurer@rec6.example"}, {"password", "treasurer-2026-pw"}});
  const json seat = must("add-membership", {{"body", "finance-committee"},
                                            {"person", "treasurer@rec6.example"},
                                            {"role", "voting_member"}});
  WsClient c(port);
  REQUIRE(c.hello(login(port, "treasurer@rec6.example", "treasurer-2026-pw"))["type"] == "ack");
  REQUIRE(c.join("finance-committee")["type"] == "ack");
  // Not the chair: the chair's operation is refused.
  CHECK(act(c, "quorum.roll_call", json::object(), "finance-committee")["code"] == "forbidden");

  // Made chair while connected: allowed on the very next request, no reconnect.
  const json chair_seat = must("add-membership", {{"body", "finance-committee"},
                                                  {"person", "treasurer@rec6.example"},
                                                  {"role", "chair"}});
  CHECK(act(c, "quorum.roll_call", json::object(), "finance-committee")["type"] == "ack");

  // Every seat ended: the members-only room drops the socket (4009) and will not take it back.
  must("end-membership", {{"id", chair_seat["id"]}});
  CHECK(act(c, "quorum.roll_call", json::object(), "finance-committee")["code"] == "forbidden");
  must("end-membership", {{"id", seat["id"]}});
  CHECK(close_code(c) == 4009);
  WsClient again(port);
  REQUIRE(again.hello(login(port, "treasurer@rec6.example", "treasurer-2026-pw"))["type"] == "ack");
  CHECK(again.join("finance-committee")["code"] == "forbidden");
}
