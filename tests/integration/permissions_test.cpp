// The policy table (docs/permissions.md), cell by cell, through the real server.
#include <SQLiteCpp/Database.h>

#include "auth/policy.hpp"
#include "support/harness.hpp"

using namespace collegial::test;
using nlohmann::json;

namespace {

// Sets up two boards of REC 6, one public and one not, with one person in each membership role
// on both, and a bot scoped to both. Returns the token of each role ("" for the public).
std::map<std::string, std::string> cast_of_roles(Harness& h) {
  const AdminClient admin(h);
  auto must = [&](const std::string& op, const json& args) { return admin.must(op, args); };
  must("create-body", {{"slug", "open-board"}, {"name", "Open Board"}, {"kind", "committee"},
                       {"cooperative", "rec6"}});
  must("create-body", {{"slug", "closed-board"}, {"name", "Closed Board"}, {"kind", "committee"},
                       {"cooperative", "rec6"}, {"public", false}});
  std::map<std::string, std::string> tokens;
  for (const std::string role : {"chair", "vice_chair", "voting_member", "non_voting_member",
                                 "clerk", "facilitator", "participant"}) {
    const std::string email = role + "@roles.example";
    must("create-person", {{"email", email}, {"name", "The " + role}});
    must("reset-password", {{"email", email}, {"password", "password-of-" + role}});
    for (const std::string body : {"open-board", "closed-board"}) {
      must("add-membership", {{"body", body}, {"person", email}, {"role", role}});
    }
    tokens[role] = login(h.server.port(), email, "password-of-" + role);
  }
  tokens["bot"] = must("create-bot", {{"name", "minutes-bot"},
                                      {"bodies", "open-board,closed-board"}})["token"];
  tokens["administrator"] = admin.token();
  tokens["public"] = "";
  return tokens;
}

// What a client holding `token` gets for joining `room` and, if asked, saying something there.
std::string outcome(Harness& h, const std::string& token, const std::string& room, bool say) {
  WsClient c(h.server.port());
  REQUIRE(c.hello(token)["type"] == "ack");
  const auto joined = c.join(room);
  if (joined["type"] != "ack") return joined["code"];
  if (!say) return "ok";
  const auto said = c.say(room, "for the record");
  return said["type"] == "ack" ? "ok" : said["code"].get<std::string>();
}

// The actions the join's ack says `token` may take in `room` (its `may`).
std::vector<std::string> may_in(Harness& h, const std::string& token, const std::string& room) {
  WsClient c(h.server.port());
  REQUIRE(c.hello(token)["type"] == "ack");
  const auto joined = c.join(room);
  REQUIRE(joined["type"] == "ack");
  return joined.at("may").get<std::vector<std::string>>();
}

// What a plugin operation in `room` comes to for `token`: "ok" or the error code. Anything but
// "forbidden" means the policy let it through (the plugin may still refuse, e.g. bad_state).
std::string act_outcome(Harness& h, const std::string& token, const std::string& room,
                        const std::string& op, const json& args = json::object()) {
  WsClient c(h.server.port());
  REQUIRE(c.hello(token)["type"] == "ack");
  REQUIRE(c.join(room)["type"] == "ack");
  const auto r = c.request({{"type", "act"}, {"room", room}, {"op", op}, {"args", args}});
  return r["type"] == "ack" ? "ok" : r["code"].get<std::string>();
}

}  // namespace

TEST_CASE("every role x action pair of the policy table is allowed or refused as documented",
          "[permissions]") {
  Harness h({"--rate-limit", "0"});
  auto tokens = cast_of_roles(h);

  // role -> {read_public_room, read_members_room, say, administer, preside, attend,
  // record_attendance, call_roll, move, vote, post_notice, read_closed_session, edit_minutes,
  // schedule_webinar, register_webinar, moderate, request_floor};
  // the table in
  // docs/permissions.md, written out here so a change to the code alone fails this test.
  // (read_closed_session is proven through a closed session in closed_session_test.cpp; here
  // it is checked against the table itself.)
  const std::map<std::string, std::array<bool, 17>> expected = {
      {"chair", {true, true, true, false, true, true, true, true, true, true, true, true, false, false, true, true, true}},
      {"vice_chair", {true, true, true, false, true, true, true, true, true, true, true, true, false, false, true, true, true}},
      {"voting_member", {true, true, true, false, false, true, false, false, true, true, false, true, false, false, true, false, true}},
      {"non_voting_member", {true, true, true, false, false, true, false, false, false, false, true, true, true, true, true, false, true}},
      {"clerk", {true, true, true, false, false, true, true, true, false, false, true, true, true, false, true, false, true}},
      {"facilitator", {true, true, true, false, false, true, false, false, false, false, false, false, false, true, true, true, true}},
      {"participant", {true, true, true, false, false, true, false, false, false, false, false, false, false, false, true, false, true}},
      {"bot", {true, true, true, false, false, false, false, false, false, false, false, false, false, false, true, false, false}},
      {"administrator", {true, true, false, true, false, false, false, false, false, false, false, false, false, false, true, false, false}},
      {"public", {true, false, false, false, false, false, false, false, false, false, false, false, false, false, true, false, false}},
  };
  for (const auto& [role, allowed] : expected) {
    INFO("role " << role);
    const std::string& token = tokens.at(role);
    CHECK((outcome(h, token, "open-board", false) == "ok") == allowed[0]);
    const std::string members = outcome(h, token, "closed-board", false);
    CHECK((members == "ok") == allowed[1]);
    if (!allowed[1]) CHECK(members == "forbidden");
    const std::string said = outcome(h, token, "open-board", true);
    CHECK((said == "ok") == allowed[2]);
    if (!allowed[2]) CHECK(said == "forbidden");
    const auto r = AdminClient(h.server.port(), token).run("create-cooperative",
                         {{"slug", "coop-by-" + role}, {"name", "Made by " + role}});
    CHECK((r.status == 200) == allowed[3]);
    if (!allowed[3]) CHECK(r.status == (token.empty() ? 401 : 403));
    const std::vector<std::pair<std::string, json>> acts = {
        {"meeting.call_to_order", json::object()},
        {"quorum.present", json::object()},
        {"quorum.mark_present", {{"person", 1}}},
        {"quorum.roll_call", json::object()},
        {"motions.move", {{"text", "a motion by " + role}}},
        {"motions.vote", {{"choice", "aye"}}},
        {"notice.schedule", {{"kind", "special"}, {"starts", "2030-01-15T14:00"}, {"place", "x"}}},
    };
    for (std::size_t i = 0; i < acts.size(); ++i) {
      const std::string got = act_outcome(h, token, "open-board", acts[i].first, acts[i].second);
      INFO(acts[i].first << " -> " << got);
      CHECK((got != "forbidden") == allowed[4 + i]);
    }
    const std::string edit = act_outcome(h, token, "open-board", "minutes.edit",
                                         {{"minutes", 1}, {"part", "summary"}, {"text", "x"}});
    INFO("minutes.edit -> " << edit);
    CHECK((edit != "forbidden") == allowed[12]);
    const std::string schedule = act_outcome(h, token, "open-board", "webinar.schedule", {{"title", "x"}});
    INFO("webinar.schedule -> " << schedule);
    CHECK((schedule != "forbidden") == allowed[13]);
    const std::string reg = act_outcome(h, token, "open-board", "webinar.register", {{"webinar", 1}});
    INFO("webinar.register -> " << reg);
    CHECK((reg != "forbidden") == allowed[14]);
    const std::string mute = act_outcome(h, token, "open-board", "chat.mute", {{"person", 999}});
    INFO("chat.mute -> " << mute);
    CHECK((mute != "forbidden") == allowed[15]);
    const std::string speak = act_outcome(h, token, "open-board", "speakers.request");
    INFO("speakers.request -> " << speak);
    CHECK((speak != "forbidden") == allowed[16]);
    const auto role_enum = std::find_if(std::begin(collegial::auth::kAllRoles),
                                        std::end(collegial::auth::kAllRoles), [&](auto r) {
                                          return collegial::auth::name_of(r) == role;
                                        });
    REQUIRE(role_enum != std::end(collegial::auth::kAllRoles));
    CHECK(collegial::auth::allows(*role_enum, collegial::auth::Action::read_closed_session) ==
          allowed[11]);
    // The join's ack says the same row, action by action, so the web client offers exactly
    // these controls without a copy of the table.
    std::vector<std::string> row;
    for (std::size_t i = 0; i < allowed.size(); ++i) {
      if (allowed[i]) row.emplace_back(collegial::auth::name_of(collegial::auth::kAllActions[i]));
    }
    CHECK(may_in(h, token, "open-board") == row);
  }
}

TEST_CASE("a refusal names the action, the roles that would allow it and the roles held",
          "[permissions]") {
  Harness h;
  WsClient c(h.server.port());
  c.hello();
  REQUIRE(c.join("rec6-council")["type"] == "ack");  // N1: the public may listen
  const auto refused = c.say("rec6-council", "public comment");
  CHECK(refused["code"] == "forbidden");
  const std::string message = refused["message"];
  CHECK(message.find("say in room 'rec6-council' (REC 6 Council) needs one of: chair") !=
        std::string::npos);
  CHECK(message.find("you are: public") != std::string::npos);
  // The public cannot enter a learning circle that is not public.
  CHECK(c.join("rec6-literacy")["code"] == "forbidden");
}

TEST_CASE("a bot token cannot act outside the bodies it is scoped to", "[permissions]") {
  Harness h;
  const AdminClient admin(h);
  const auto made = admin.run("create-bot",
                          {{"name", "circle-helper"}, {"bodies", "rec6-literacy"}});
  REQUIRE(made.status == 200);
  const std::string bot = json::parse(made.body)["token"];

  WsClient c(h.server.port());
  const auto hello = c.hello(bot);
  CHECK(hello["actor"].get<std::string>().rfind("bot:", 0) == 0);
  REQUIRE(c.join("rec6-literacy")["type"] == "ack");
  CHECK(c.say("rec6-literacy", "Reminder: session at 4 pm")["type"] == "ack");
  REQUIRE(c.join("rec6-council")["type"] == "ack");  // public, so it may listen…
  CHECK(c.say("rec6-council", "I am not on the council")["code"] == "forbidden");  // …not speak
  // Nor may a bot use the admin API.
  CHECK(AdminClient(h.server.port(), bot).run("create-cooperative", {{"slug", "x"}, {"name", "x"}}).status == 403);

  // A revoked bot token is refused at hello.
  REQUIRE(admin.run("revoke-bot", {{"name", "circle-helper"}}).status == 200);
  WsClient after(h.server.port());
  CHECK(after.hello(bot)["code"] == "bad_token");
}

TEST_CASE("a role ends with its term", "[permissions]") {
  Harness h;
  const AdminClient admin(h);
  REQUIRE(admin.run("create-person", {{"email", "temp@rec6.example"}, {"name", "Temporary Clerk"}}).status == 200);
  REQUIRE(admin.run("reset-password", {{"email", "temp@rec6.example"}, {"password", "temporary-clerk-1"}}).status == 200);
  // A term starts now, so one that ends before now is refused; one ending in 2100 holds.
  CHECK(admin.run("add-membership", {{"body", "rec6-council"}, {"person", "temp@rec6.example"}, {"role", "clerk"}, {"term_ends_ms", 1}}).status == 400);
  const auto seat = admin.run("add-membership", {{"body", "rec6-council"}, {"person", "temp@rec6.example"}, {"role", "clerk"}, {"term_ends_ms", "4102444800000"}});
  REQUIRE(seat.status == 200);
  const std::string token = login(h.server.port(), "temp@rec6.example", "temporary-clerk-1");
  {
    WsClient c(h.server.port());
    c.hello(token);
    c.join("rec6-council");
    CHECK(c.say("rec6-council", "minutes will follow")["type"] == "ack");
  }
  // The administrator ends the term now: from the next hello the clerk has no role there.
  const auto id = json::parse(seat.body)["id"].get<int>();
  REQUIRE(admin.run("end-membership", {{"id", id}}).status == 200);
  WsClient c(h.server.port());
  c.hello(token);
  c.join("rec6-council");
  CHECK(c.say("rec6-council", "still here?")["code"] == "forbidden");
}
