// Issue #15, item 4: every malformed `act` gets a precise error, and nothing wrong is recorded.
// For every operation a room runs (read from the plugins' own declarations) and every argument
// it declares, a wrong type is answered bad_field naming the argument, a required argument left
// out missing_field naming it, an argument the operation does not take bad_field — each sent
// by someone the policy lets through, so the check at the door is what answers — and the room's
// head seq does not move.
#include <tuple>

#include "core/op_args.hpp"
#include "integration/council.hpp"
#include "registry.hpp"

using namespace collegial::test;
using collegial::core::Arg;
using collegial::core::ArgType;
using nlohmann::json;

namespace {

// A value of the declared type, within its bounds: what the other arguments of a request hold
// while one is wrong, so that the wrong one is what is answered.
json good(const Arg& a) {
  switch (a.type) {
    case ArgType::string:
    case ArgType::string_or_strings: return "x";
    case ArgType::integer: return std::max<std::int64_t>(a.least, 1);
    case ArgType::boolean: return true;
    case ArgType::object: return json::object();
    case ArgType::strings:
    case ArgType::integers:
    case ArgType::objects: return json::array();
  }
  return nullptr;
}

// A value of another type than the one declared.
json wrong(const Arg& a) {
  switch (a.type) {
    case ArgType::string:
    case ArgType::string_or_strings: return 2;
    case ArgType::integer: return "1";
    case ArgType::boolean: return "yes";
    default: return "x";
  }
}

// The required arguments, each with a good value.
json baseline(const std::vector<Arg>& args) {
  json out = json::object();
  for (const Arg& a : args) {
    if (a.required) out[a.name] = good(a);
  }
  return out;
}

// Each wrong request for one operation: its args and the field the answer must name
// ("args.items[0].title"), with the code expected.
struct Probe {
  json args;
  std::string field;
  std::string code;
};

std::vector<Probe> probes_of(const std::vector<Arg>& declared) {
  std::vector<Probe> out;
  const json base = baseline(declared);
  for (const Arg& a : declared) {
    json args = base;
    args[a.name] = wrong(a);
    out.push_back({args, "args." + a.name, "bad_field"});
    args[a.name] = nullptr;  // null is no value of any type
    out.push_back({args, "args." + a.name, "bad_field"});
    if (a.required) {
      args.erase(a.name);
      out.push_back({args, "args." + a.name, "missing_field"});
    }
    // Nested: an object's fields, a list's elements.
    for (const Arg& f : a.fields) {
      json inner = baseline(a.fields);
      inner[f.name] = wrong(f);
      args = base;
      if (a.type == ArgType::object) {
        args[a.name] = inner;
        out.push_back({args, "args." + a.name + "." + f.name, "bad_field"});
      } else {
        args[a.name] = json::array({inner});
        out.push_back({args, "args." + a.name + "[0]." + f.name, "bad_field"});
      }
    }
    if (a.type == ArgType::strings || a.type == ArgType::integers || a.type == ArgType::objects) {
      args = base;
      args[a.name] = json::array({a.type == ArgType::strings ? json(3) : json("3")});
      out.push_back({args, "args." + a.name + "[0]", "bad_field"});
    }
  }
  json extra = base;
  extra["no_such_argument"] = 1;
  out.push_back({extra, "args.no_such_argument", "bad_field"});
  return out;
}

// A person holding `role` in `body`, logged in: their token.
std::string member_of(Harness& h, AdminClient& admin, const std::string& body, const std::string& role) {
  const std::string email = role + "@args.example";
  admin.must("create-person", {{"email", email}, {"name", "The " + role}});
  admin.must("reset-password", {{"email", email}, {"password", "password-of-" + role}});
  admin.must("add-membership", {{"body", body}, {"person", email}, {"role", role}});
  return login(h.server.port(), email, "password-of-" + role);
}

// The room's head now: the seq a fresh join is acknowledged with.
std::int64_t head_of(Harness& h, const std::string& token, const std::string& room) {
  WsClient c(h.server.port());
  REQUIRE(c.hello(token)["type"] == "ack");
  const json joined = c.join(room);
  REQUIRE(joined["type"] == "ack");
  return joined["seq"].get<std::int64_t>();
}

}  // namespace

TEST_CASE("every argument of every operation: a wrong type or a missing one is refused naming it, "
          "nothing is recorded",
          "[args][doors]") {
  Harness h;
  AdminClient admin(h);
  // A body that is not public, so that the cycle's operations are answered too (L3).
  admin.must("create-body", {{"slug", "args-board"}, {"name", "Args Board"}, {"kind", "committee"},
                             {"cooperative", "rec6"}, {"public", false}});
  const std::string room = "args-board";
  std::vector<std::pair<std::string, std::string>> cast;  // role, token
  for (const std::string role : {"chair", "clerk", "facilitator", "non_voting_member", "voting_member"}) {
    cast.emplace_back(role, member_of(h, admin, "args-board", role));
  }
  cast.emplace_back("administrator", login(h.server.port(), kDemoAdminEmail, kDemoAdminPassword));

  std::size_t operations = 0;
  std::size_t probes = 0;
  for (const auto& plugin : collegial::plugins::default_plugins()()) {
    for (const auto& op : plugin->operations()) {
      INFO(op.op);
      ++operations;
      // Whom the policy lets through: the first of the cast whose request is answered by
      // something other than forbidden (or who can join at all).
      std::unique_ptr<WsClient> client;
      std::string token;
      for (const auto& [role, t] : cast) {
        auto c = std::make_unique<WsClient>(h.server.port());
        REQUIRE(c->hello(t)["type"] == "ack");
        if (c->join(room)["type"] != "ack") continue;
        const json r = act(*c, op.op, {{"no_such_argument", 1}}, room);
        if (r["type"] == "error" && r["code"] == "forbidden") continue;
        client = std::move(c);
        token = t;
        break;
      }
      REQUIRE(client);
      const std::int64_t before = head_of(h, token, room);
      for (const Probe& p : probes_of(op.args)) {
        INFO(p.args.dump());
        ++probes;
        const json r = act(*client, op.op, p.args, room);
        CHECK(r["type"] == "error");
        CHECK(r["code"] == p.code);
        CHECK(r.value("message", "").find("'" + p.field + "'") != std::string::npos);
      }
      CHECK(head_of(h, token, room) == before);
    }
  }
  CHECK(operations > 40);
  CHECK(probes > 150);
}

TEST_CASE("the issue's cases: wrong types once answered internal_error or recorded are bad_field",
          "[args][doors]") {
  Harness h;
  auto chair = voter(h, 0);
  auto member = voter(h, 2);
  const std::int64_t before = head_of(h, login(h.server.port(), kVoters[0].first, kVoters[0].second), "rec6-council");
  // Each was internal_error (a json type exception inside decide) or, the last two, recorded.
  const std::vector<std::tuple<WsClient*, std::string, json, std::string>> cases = {
      {member.get(), "motions.inquiry", {{"text", 2}}, "text"},
      {member.get(), "motions.point_of_order", {{"text", 2}}, "text"},
      {member.get(), "motions.point_of_order", {{"text", json::array({"a"})}}, "text"},
      {member.get(), "quorum.present", {{"mode", 2}}, "mode"},
      {chair.get(), "quorum.mark_present", {{"person", 3}, {"mode", 2}}, "mode"},
      {chair.get(), "meeting.call_to_order", {{"note", 2}}, "note"},
      {chair.get(), "meeting.resume", {{"note", 2}}, "note"},
      {chair.get(), "meeting.adjourn", {{"note", 2}}, "note"},
      {chair.get(), "chat.remove", {{"message", 1}, {"reason", 2}}, "reason"},
      {chair.get(), "meeting.recess", {{"until", "2099-01-02T10:00"}, {"place", true}}, "place"},
      {chair.get(), "quorum.mark_absent", {{"person", "1"}}, "person"},
  };
  for (const auto& [client, op, args, field] : cases) {
    INFO(op << " " << args.dump());
    const json r = act(*client, op, args);
    CHECK(r["type"] == "error");
    CHECK(r["code"] == "bad_field");
    CHECK(r.value("message", "").find("'args." + field + "'") != std::string::npos);
  }
  // The same over the HTTP API: 400, naming the argument.
  const auto r = http_request(h.server.port(), "POST", "/api/rooms/rec6-council/act", {},
                              json{{"op", "meeting.recess"}, {"args", {{"place", true}}}}.dump(),
                              login(h.server.port(), kVoters[0].first, kVoters[0].second));
  CHECK(r.status == 400);
  CHECK(json::parse(r.body)["error"] == "bad_field");
  CHECK(r.body.find("'args.place'") != std::string::npos);
  CHECK(head_of(h, login(h.server.port(), kVoters[0].first, kVoters[0].second), "rec6-council") == before);
  // And the chat forms still reach the plugins: "/present in_person" is recorded.
  const json said = member->say("rec6-council", "/present in_person");
  CHECK(said["type"] == "ack");
  CHECK(next_of(*member, "quorum.arrived")["body"]["mode"] == "in_person");
}

TEST_CASE("Q1 M1 M2: every operation done from the room is refused over the HTTP API as not_joined, "
          "and no other operation is refused for that reason",
          "[args][doors][Q1]") {
  Harness h;
  const std::string token = login(h.server.port(), kVoters[0].first, kVoters[0].second);  // the chair
  std::size_t from_the_room = 0;
  for (const auto& plugin : collegial::plugins::default_plugins()()) {
    for (const auto& op : plugin->operations()) {
      INFO(op.op);
      // An argument no operation takes: nothing can be recorded, whatever answers.
      const auto r = http_request(h.server.port(), "POST", "/api/rooms/rec6-council/act", {},
                                  json{{"op", op.op}, {"args", {{"no_such_argument", 1}}}}.dump(), token);
      const json answer = json::parse(r.body, nullptr, false);
      REQUIRE(answer.is_object());
      if (op.from_the_room) {
        ++from_the_room;
        CHECK(answer.value("error", "") == "not_joined");
        CHECK(answer.value("message", "").find("(Q1)") != std::string::npos);
      } else {
        CHECK(answer.value("error", "") != "not_joined");
      }
    }
  }
  CHECK(from_the_room >= 10);  // presence, and moving, seconding, objecting and voting
}
