// Accounts through the real server: login, logout, expiry, throttling, invitations, and the
// directory's own rules (B2).
#include <SQLiteCpp/Database.h>

#include "integration/harness.hpp"

using namespace collegial::test;
using nlohmann::json;

namespace {

HttpResult post(Harness& h, const std::string& path, const json& body,
                const std::string& token = "") {
  return http_request(h.server.port(), "POST", path, {}, body.dump(), token);
}

std::string admin_token(Harness& h) {
  return login(h.server.port(), "admin@rec6.example", "demo-admin-2026");
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

TEST_CASE("repeated wrong passwords are throttled per account", "[accounts]") {
  Harness h;
  for (int i = 0; i < 5; ++i) {
    CHECK(post(h, "/api/login", {{"email", "clerk@rec6.example"}, {"password", "guess-" + std::to_string(i) + "-xxxx"}})
              .status == 401);
  }
  const auto throttled = post(h, "/api/login", {{"email", "clerk@rec6.example"}, {"password", "demo-clerk-2026"}});
  CHECK(throttled.status == 429);
  CHECK(json::parse(throttled.body)["error"] == "throttled");
  // Another account from another… well, the same address is throttled too after its failures;
  // an account without failures from a fresh server logs in at once.
  Harness fresh;
  CHECK(post(fresh, "/api/login", {{"email", "clerk@rec6.example"}, {"password", "demo-clerk-2026"}}).status == 200);
}

TEST_CASE("an invitation sets the password once and logs the person in", "[accounts]") {
  Harness h;
  const std::string admin = admin_token(h);
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

TEST_CASE("B2: an entity placed in a second cooperative is refused", "[accounts][B2]") {
  Harness h;
  const std::string admin = admin_token(h);
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
}
