// Protocol v1 parsing and message building.
#include <catch2/catch.hpp>

#include "core/protocol.hpp"
#include "i18n/messages.hpp"
#include "util/bounded_json.hpp"

using namespace collegial;
using namespace collegial::core::protocol;

namespace {

std::string parse_code(std::string_view text, std::string* id = nullptr) {
  Request r;
  Status s = parse_request(text, 32, r);
  if (id) *id = r.id_json;
  return s.is_ok() ? "ok" : s.code();
}

}  // namespace

TEST_CASE("parse_request accepts a well-formed request", "[protocol]") {
  Request r;
  REQUIRE(parse_request(R"({"id":"a1","type":"join","room":"demo"})", 32, r));
  CHECK(r.id_json == "\"a1\"");
  CHECK(r.type == "join");
  CHECK(r.message["room"] == "demo");
  REQUIRE(parse_request(R"({"id":7,"type":"hello"})", 32, r));
  CHECK(r.id_json == "7");
}

TEST_CASE("parse_request names what is wrong", "[protocol]") {
  CHECK(parse_code("not json") == "bad_json");
  CHECK(parse_code("{\"id\":1,") == "bad_json");
  CHECK(parse_code("[1,2]") == "not_object");
  CHECK(parse_code("42") == "not_object");
  CHECK(parse_code(R"({"type":"hello"})") == "missing_field");
  CHECK(parse_code(R"({"id":1.5,"type":"hello"})") == "bad_field");
  CHECK(parse_code(R"({"id":{},"type":"hello"})") == "bad_field");
  CHECK(parse_code(R"({"id":")" + std::string(200, 'x') + R"(","type":"hello"})") ==
        "bad_field");
  std::string id;
  CHECK(parse_code(R"({"id":3})", &id) == "missing_field");
  CHECK(id == "3");  // the id is echoed even when the rest is wrong
  CHECK(parse_code(R"({"id":3,"type":5})") == "bad_field");
  // Invalid UTF-8 inside a JSON string is not valid JSON.
  CHECK(parse_code("{\"id\":1,\"type\":\"\xff\"}") == "bad_json");
}

TEST_CASE("deep nesting is refused before parsing", "[protocol]") {
  const std::string deep = "{\"id\":1,\"type\":\"say\",\"x\":" + std::string(100000, '[') +
                           std::string(100000, ']') + "}";
  CHECK(parse_code(deep) == "too_deep");
  CHECK(json_nesting_depth(R"({"a":"[[[[[[[[[["})", 5) == 1);  // brackets in strings do not count
  CHECK(json_nesting_depth(R"({"a":"\"[[[["})", 5) == 1);      // nor after an escaped quote
  CHECK(json_nesting_depth("[[[]]]", 10) == 3);
}

TEST_CASE("server messages have the documented shape", "[protocol]") {
  CHECK(*make_ack("7", 12) == R"({"type":"ack","id":7,"seq":12})");
  CHECK(*make_ack("\"x\"") == R"({"type":"ack","id":"x"})");
  const nlohmann::json extra = {{"protocol", 1}};
  CHECK(*make_ack("1", std::nullopt, &extra) == R"({"type":"ack","id":1,"protocol":1})");
  const auto err = nlohmann::json::parse(*make_error("null", "bad_json", "says \"why\""));
  CHECK(err["type"] == "error");
  CHECK(err["id"].is_null());
  CHECK(err["code"] == "bad_json");
  CHECK(err["message"] == "says \"why\"");
  CHECK(err["lang"] == "en");
  // A refusal is written in the reader's language, and says which; an English-only error says en.
  const Status refusal = i18n::refusal("not_joined", {"not joined to room ''{room}''", "no se ha unido a la sala ''{room}''"},
                                       {{"room", "rec6"}});
  CHECK(refusal.message() == "not joined to room 'rec6'");
  const auto es = nlohmann::json::parse(*make_error("4", refusal, i18n::Lang::es));
  CHECK(es["code"] == "not_joined");
  CHECK(es["message"] == "no se ha unido a la sala 'rec6'");
  CHECK(es["lang"] == "es");
  const auto en_only = nlohmann::json::parse(*make_error("4", Status::error("store_failed", "disk"), i18n::Lang::es));
  CHECK(en_only["message"] == "disk");
  CHECK(en_only["lang"] == "en");

  record::Event e;
  e.room = "demo";
  e.seq = 3;
  e.ts_ms = 99;
  e.actor = "guest:a";
  e.type = "chat.message";
  e.body = R"({"text":"hi"})";
  e.hash = "abc";
  const auto ev = nlohmann::json::parse(*make_event(e));
  CHECK(ev == nlohmann::json{{"type", "chat.message"}, {"room", "demo"}, {"seq", 3}, {"ts", 99},
                             {"actor", "guest:a"}, {"body", {{"text", "hi"}}}, {"hash", "abc"}});

  // A v2 event carries its salt to those who may see it; its stand-in carries neither the salt
  // nor the time, only what shows the chain continues (C3).
  e.salt = std::string(64, 'f');
  e.prev_hash = "def";
  CHECK(nlohmann::json::parse(*make_event(e))["salt"] == e.salt);
  const auto standin = nlohmann::json::parse(*make_withheld(e, "In closed session under X: y"));
  CHECK(standin == nlohmann::json{{"type", "session.withheld"}, {"room", "demo"}, {"seq", 3},
                                  {"actor", "system:closed_session"},
                                  {"body", {{"text", "In closed session under X: y"}}},
                                  {"prev_hash", "def"}, {"hash", "abc"}});
}
