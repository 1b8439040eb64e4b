// Accounts through the real server: login, logout, expiry, throttling, invitations, and the
// directory's own rules (B2).
#include <SQLiteCpp/Database.h>

#include "support/harness.hpp"

using namespace collegial::test;
using nlohmann::json;

namespace {

HttpResult post(Harness& h, const std::string& path, const json& body,
                const std::string& token = "") {
  return http_request(h.server.port(), "POST", path, {}, body.dump(), token);
}

}  // namespace

TEST_CASE("login returns a session token that hello and /api/me accept", "[accounts]") {
  Harness h;
  const auto r = post(h, "/api/login", {{"email", "chair@rec6.example"}, {"password", "demo-chair-2026"}});
  REQUIRE(r.status == 200);
  const auto body = json::parse(r.body);
  const std::string token = body["token"];
  CHECK(token.rfind("ses_", 0) == 0);
  CHECK(token.size() == 4 + 64);  // 256 random bits
  CHECK(body["person"]["name"] == "Dana Ortiz");
  const auto me = http_request(h.server.port(), "GET", "/api/me", {}, "", token);
  REQUIRE(me.status == 200);
  CHECK(json::parse(me.body)["memberships"][0]["role"] == "chair");
  // Each room says what the policy table lets them do there, as the room's join says it.
  const auto rooms = json::parse(me.body).at("rooms");
  const auto council = std::find_if(rooms.begin(), rooms.end(), [](const json& r) { return r["room"] == "rec6-council"; });
  REQUIRE(council != rooms.end());
  WsClient c(h.server.port());
  REQUIRE(c.hello(token)["type"] == "ack");
  const auto joined = c.join("rec6-council");
  REQUIRE(joined["type"] == "ack");
  CHECK((*council)["may"] == joined["may"]);
  CHECK(std::find(joined["may"].begin(), joined["may"].end(), "preside") != joined["may"].end());
  // Only the hash is stored.
  SQLite::Database db(h.server.db().string());
  CHECK(db.execAndGet("SELECT COUNT(*) FROM sessions WHERE token_hash = '" + token + "'").getInt() == 0);
  CHECK(db.execAndGet("SELECT COUNT(*) FROM sessions").getInt() == 1);
  // Wrong passwords and unknown accounts read alike.
  const auto wrong = post(h, "/api/login", {{"email", "chair@rec6.example"}, {"password", "nope-nope-nope"}});
  const auto nobody = post(h, "/api/login", {{"email", "nobody@rec6.example"}, {"password", "nope-nope-nope"}});
  CHECK(wrong.status == 401);
  CHECK(nobody.status == 401);
  CHECK(json::parse(wrong.body) == json::parse(nobody.body));
  CHECK(post(h, "/api/login", {{"email", "chair@rec6.example"}}).status == 400);
  CHECK(http_request(h.server.port(), "POST", "/api/login", {}, "{not json").status == 400);
}

TEST_CASE("revoked and expired tokens are refused", "[accounts]") {
  Harness h;
  const std::string token = login(h.server.port(), "member@rec6.example", "demo-member-2026");
  const std::string other = login(h.server.port(), "member@rec6.example", "demo-member-2026");
  REQUIRE(post(h, "/api/logout", json::object(), token).status == 200);
  WsClient a(h.server.port());
  CHECK(a.hello(token)["code"] == "bad_token");
  CHECK(http_request(h.server.port(), "GET", "/api/me", {}, "", token).status == 401);
  CHECK(post(h, "/api/logout", json::object(), token).status == 401);

  // Time passes: the other session's expiry is now in the past.
  SQLite::Database(h.server.db().string(), SQLite::OPEN_READWRITE)
      .exec("UPDATE sessions SET expires_ms = 1 WHERE revoked_ms IS NULL");
  WsClient b(h.server.port());
  CHECK(b.hello(other)["code"] == "bad_token");
  CHECK(http_request(h.server.port(), "GET", "/api/me", {}, "", other).status == 401);
}

TEST_CASE("repeated wrong passwords are throttled per account whatever the case of the email",
          "[accounts]") {
  Harness h;
  for (int i = 0; i < 5; ++i) {
    CHECK(post(h, "/api/login", {{"email", "clerk@rec6.example"}, {"password", "guess-" + std::to_string(i) + "-xxxx"}})
              .status == 401);
  }
  const auto throttled = post(h, "/api/login", {{"email", "clerk@rec6.example"}, {"password", "demo-clerk-2026"}});
  CHECK(throttled.status == 429);
  CHECK(json::parse(throttled.body)["error"] == "throttled");
  // Changing the case of the address is the same account (emails match without case).
  CHECK(post(h, "/api/login", {{"email", "CLERK@rec6.example"}, {"password", "demo-clerk-2026"}}).status == 429);
  // Per address and across addresses: login_throttle_test.cpp.
}

TEST_CASE("an invitation sets the password once and logs the person in", "[accounts]") {
  Harness h;
  const std::string admin = AdminClient(h).token();
  REQUIRE(post(h, "/api/admin/create-person", {{"email", "new@rec6.example"}, {"name", "New Clerk"}}, admin).status == 200);
  const auto invited = post(h, "/api/admin/invite", {{"email", "new@rec6.example"}}, admin);
  REQUIRE(invited.status == 200);
  const std::string invitation = json::parse(invited.body)["invitation"];
  CHECK(post(h, "/api/invitations/accept", {{"token", invitation}, {"password", "short"}}).status == 400);
  const auto accepted = post(h, "/api/invitations/accept", {{"token", invitation}, {"password", "a-long-enough-password"}});
  REQUIRE(accepted.status == 200);
  WsClient c(h.server.port());
  CHECK(c.hello(json::parse(accepted.body)["token"])["name"] == "New Clerk");
  CHECK(post(h, "/api/invitations/accept", {{"token", invitation}, {"password", "another-password-1"}}).status == 401);
  CHECK(login(h.server.port(), "new@rec6.example", "a-long-enough-password").size() == 68);
}

TEST_CASE("B2: an entity placed in a second cooperative is refused and B1 seats follow it",
          "[accounts][B2][B1]") {
  Harness h;
  const std::string admin = AdminClient(h).token();
  REQUIRE(post(h, "/api/admin/create-cooperative", {{"slug", "rec7"}, {"name", "REC 7"}}, admin).status == 200);
  const auto refused = post(h, "/api/admin/set-entity-cooperative", {{"entity", "logan"}, {"cooperative", "rec7"}}, admin);
  CHECK(refused.status == 409);
  CHECK(json::parse(refused.body)["error"] == "entity_in_other_cooperative");
  CHECK(json::parse(refused.body)["message"].get<std::string>().find("B2") != std::string::npos);
  // After leaving REC 6, Logan's council seat (the chair's) has ended: the chair may no longer
  // speak for the council, and Logan may join REC 7.
  REQUIRE(post(h, "/api/admin/set-entity-cooperative", {{"entity", "logan"}, {"cooperative", ""}}, admin).status == 200);
  const std::string chair = login(h.server.port(), "chair@rec6.example", "demo-chair-2026");
  WsClient c(h.server.port());
  c.hello(chair);
  REQUIRE(c.join("rec6-council")["type"] == "ack");
  CHECK(c.say("rec6-council", "still chair?")["code"] == "forbidden");
  CHECK(post(h, "/api/admin/set-entity-cooperative", {{"entity", "logan"}, {"cooperative", "rec7"}}, admin).status == 200);
  // B1: a council seat represents a member of the council's own cooperative; Logan is REC 7's now.
  REQUIRE(post(h, "/api/admin/create-person", {{"email", "new.sup@logan.example"}, {"name", "New Superintendent"}}, admin).status == 200);
  const auto seat = post(h, "/api/admin/add-membership", {{"body", "rec6-council"}, {"person", "new.sup@logan.example"}, {"role", "voting_member"}, {"entity", "logan"}}, admin);
  CHECK(seat.status == 400);
  CHECK(json::parse(seat.body)["message"].get<std::string>().rfind("B1:", 0) == 0);
}

TEST_CASE("tokens and passwords never reach the log", "[accounts]") {
  Harness h;
  // (The demo's own passwords are printed on purpose when the demo loads; use a real one.)
  REQUIRE(post(h, "/api/admin/reset-password",
               {{"email", "clerk@rec6.example"}, {"password", "a-secret-password-42"}},
               AdminClient(h).token())
              .status == 200);
  const std::string token = login(h.server.port(), "clerk@rec6.example", "a-secret-password-42");
  post(h, "/api/login", {{"email", "clerk@rec6.example"}, {"password", "wrong-password-123"}});
  WsClient c(h.server.port());
  c.hello(token);
  c.hello("ses_0123456789abcdef");  // a second hello: refused, token not echoed anywhere
  post(h, "/api/logout", json::object(), token);
  h.server.stop(SIGTERM);
  const std::string log = h.server.log();
  CHECK(log.find("a-secret-password-42") == std::string::npos);
  CHECK(log.find("wrong-password-123") == std::string::npos);
  CHECK(log.find(token) == std::string::npos);
  CHECK(log.find(token.substr(4, 16)) == std::string::npos);
  CHECK(log.find("failed login") != std::string::npos);  // the event itself is logged
}

TEST_CASE("the API answers CORS only for configured origins", "[accounts]") {
  Harness h({"--cors-origin", "https://rec6.example.org"});
  ClientOptions allowed;
  allowed.origin = "https://rec6.example.org";
  // Preflight and the request itself.
  const auto preflight = http_request(h.server.port(), "OPTIONS", "/api/login", allowed);
  CHECK(preflight.status == 204);
  ClientOptions other;
  other.origin = "https://elsewhere.example.com";
  const auto r = http_request(h.server.port(), "POST", "/api/login", other,
                              json{{"email", "x@y.z"}, {"password", "whatever-long"}}.dump());
  CHECK(r.status == 401);
  CHECK(r.cors_origin.empty());
  const auto ok = http_request(h.server.port(), "POST", "/api/login", allowed,
                               json{{"email", "x@y.z"}, {"password", "whatever-long"}}.dump());
  CHECK(ok.cors_origin == "https://rec6.example.org");
}

TEST_CASE("collegiald admin runs the same operations from the command line", "[accounts][B2]") {
  TempDir dir;
  const std::string db = (dir / "admin.db").string();
  auto admin = [&](std::vector<std::string> words) {
    words.insert(words.begin(), {"admin", "--data", db});
    return run_collegiald(words);
  };
  CHECK(admin({"create-cooperative", "slug=rec9", "name=Region 9 Education Cooperative"}).exit_code == 0);
  CHECK(admin({"create-cooperative", "slug=rec3", "name=High Plains REC 3"}).exit_code == 0);
  CHECK(admin({"create-entity", "slug=ruidoso", "name=Ruidoso Municipal Schools", "kind=district",
               "cooperative=rec9"}).exit_code == 0);
  // B2 from the command line too.
  CHECK(admin({"set-entity-cooperative", "entity=ruidoso", "cooperative=rec3"}).exit_code == 1);
  CHECK(admin({"create-body", "slug=rec9-council", "name=REC 9 Council", "kind=council",
               "cooperative=rec9"}).exit_code == 0);
  CHECK(admin({"create-person", "email=sup@ruidoso.example", "name=A. Superintendent"}).exit_code == 0);
  CHECK(admin({"add-membership", "body=rec9-council", "person=sup@ruidoso.example",
               "role=chair", "entity=ruidoso"}).exit_code == 0);
  CHECK(admin({"add-membership", "body=rec9-council", "person=sup@ruidoso.example",
               "role=king"}).exit_code == 1);
  const auto invite = admin({"invite", "email=sup@ruidoso.example"});
  CHECK(invite.exit_code == 0);
  CHECK(invite.out.find("\"invitation\":\"inv_") != std::string::npos);
  CHECK(admin({"no-such-operation"}).exit_code == 1);
  CHECK(admin({"create-person", "not-a-pair"}).exit_code == 2);
  CHECK(run_collegiald({"verify", "--data", db}).exit_code == 0);  // the body's room exists
}
