// The arguments' check (core/op_args.hpp) and the declarations every plugin makes with it:
// each wrong type or bound is refused naming the argument, the chat forms' args pass, and
// docs/protocol.md's argument table is the declarations' own.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>

#include "core/op_args.hpp"
#include "registry.hpp"

using namespace collegial;
using namespace collegial::core;
using nlohmann::json;

namespace {

std::string outcome(const std::vector<Arg>& declared, const json& args) {
  const Status s = check_args(declared, args);
  return s ? "ok" : s.code() + ": " + s.message();
}

// Every operation of every plugin a room runs (the fault plugin answers none).
std::vector<Operation> all_operations() {
  std::vector<Operation> out;
  for (const auto& p : plugins::default_plugins(nullptr, {}, true)()) {
    for (auto& op : p->operations()) out.push_back(std::move(op));
  }
  return out;
}

const std::string kBegin = "<!-- op-args:begin -->\n";
const std::string kEnd = "<!-- op-args:end -->";

}  // namespace

TEST_CASE("check_args: types, bounds, required and unknown arguments", "[op_args]") {
  const std::vector<Arg> declared = {
      Arg::integer("person").at_least(1).needed(), Arg::string("note").up_to(5), Arg::boolean("public"),
      Arg::integers("reminders").between(1, 60).at_most(2), Arg::string_or_strings("harm").up_to(4),
      Arg::object("closed", {Arg::string("subject")}),
      Arg::objects("items", {Arg::string("title").needed(), Arg::strings("links")})};
  CHECK(outcome(declared, {{"person", 1}}) == "ok");
  CHECK(outcome(declared, json::object()) == "missing_field: field 'args.person' is required");
  CHECK(outcome(declared, {{"person", "1"}}) == "bad_field: field 'args.person' must be an integer of at least 1");
  CHECK(outcome(declared, {{"person", 1.0}}).rfind("bad_field: field 'args.person'", 0) == 0);
  CHECK(outcome(declared, {{"person", 0}}).rfind("bad_field: field 'args.person'", 0) == 0);
  CHECK(outcome(declared, {{"person", nullptr}}).rfind("bad_field: field 'args.person'", 0) == 0);
  // Beyond int64: nlohmann keeps it unsigned; reading it as int64 would wrap.
  CHECK(outcome(declared, json::parse(R"({"person":18446744073709551615})")).rfind("bad_field: field 'args.person'", 0) == 0);
  CHECK(outcome(declared, {{"person", 1}, {"note", 2}}) == "bad_field: field 'args.note' must be a string");
  CHECK(outcome(declared, {{"person", 1}, {"note", "123456"}}) == "bad_field: field 'args.note' must be at most 5 bytes");
  CHECK(outcome(declared, {{"person", 1}, {"note", "12345"}}) == "ok");
  CHECK(outcome(declared, {{"person", 1}, {"public", "yes"}}) == "bad_field: field 'args.public' must be true or false");
  CHECK(outcome(declared, {{"person", 1}, {"reminders", {1, 60}}}) == "ok");
  CHECK(outcome(declared, {{"person", 1}, {"reminders", {1, 61}}}) == "bad_field: field 'args.reminders[1]' must be an integer from 1 to 60");
  CHECK(outcome(declared, {{"person", 1}, {"reminders", {1, 2, 3}}}) == "bad_field: field 'args.reminders' must have at most 2 elements");
  CHECK(outcome(declared, {{"person", 1}, {"reminders", 5}}).rfind("bad_field: field 'args.reminders'", 0) == 0);
  CHECK(outcome(declared, {{"person", 1}, {"harm", "a"}}) == "ok");
  CHECK(outcome(declared, {{"person", 1}, {"harm", {"a", "b"}}}) == "ok");
  CHECK(outcome(declared, {{"person", 1}, {"harm", {"a", 2}}}) == "bad_field: field 'args.harm[1]' must be a string");
  CHECK(outcome(declared, {{"person", 1}, {"closed", {{"subject", "x"}}}}) == "ok");
  CHECK(outcome(declared, {{"person", 1}, {"closed", "x"}}) == "bad_field: field 'args.closed' must be an object");
  CHECK(outcome(declared, {{"person", 1}, {"closed", {{"subject", 1}}}}) == "bad_field: field 'args.closed.subject' must be a string");
  CHECK(outcome(declared, {{"person", 1}, {"closed", {{"why", "x"}}}}) ==
        "bad_field: field 'args.closed.why' is not an argument of this operation");
  CHECK(outcome(declared, {{"person", 1}, {"items", {{{"title", "a"}, {"links", {"u"}}}}}}) == "ok");
  CHECK(outcome(declared, {{"person", 1}, {"items", {{{"title", "a"}}, {{"links", {"u"}}}}}}) ==
        "missing_field: field 'args.items[1].title' is required");
  CHECK(outcome(declared, {{"person", 1}, {"items", {{{"title", "a"}, {"links", {7}}}}}}) ==
        "bad_field: field 'args.items[0].links[0]' must be a string");
  CHECK(outcome(declared, {{"person", 1}, {"items", {"a"}}}) == "bad_field: field 'args.items[0]' must be an object");
  CHECK(outcome(declared, {{"person", 1}, {"extra", 1}}) == "bad_field: field 'args.extra' is not an argument of this operation");
  CHECK(outcome(declared, json::array()) == "bad_field: field 'args' must be an object");
  // The first declared argument that is wrong is named, whatever the request's order.
  CHECK(outcome(declared, {{"note", 2}, {"person", "x"}}).rfind("bad_field: field 'args.person'", 0) == 0);
}

TEST_CASE("every operation declares its arguments, and its chat form's text fits them", "[op_args]") {
  const auto ops = all_operations();
  REQUIRE(ops.size() > 40);
  for (const Operation& op : ops) {
    INFO(op.op);
    std::set<std::string> names;
    for (const Arg& a : op.args) CHECK(names.insert(a.name).second);  // no argument twice
    if (op.chat_command.empty()) continue;
    // The room turns "/present remote" into {"text": "remote"}, and "/present" into {}.
    CHECK(check_args(op.args, json::object()));
    for (const Arg& a : op.args) CHECK_FALSE(a.required);  // a chat command carries only text
    CHECK(check_args(op.args, {{"text", "12 in_person and more words"}}));
    CHECK(check_args(op.args, {{"text", std::string(4096, 'x')}}));
  }
}

TEST_CASE("docs/protocol.md's argument table is the operations' declarations", "[op_args][docs]") {
  std::string expected = "| op | argument | type and bounds | required |\n|---|---|---|---|\n";
  for (const Operation& op : all_operations()) expected += argument_rows(op.op, op.args);
  std::ifstream in(std::string(COLLEGIAL_SOURCE_DIR) + "/docs/protocol.md");
  REQUIRE(in);
  std::stringstream doc;
  doc << in.rdbuf();
  const std::string text = doc.str();
  const auto begin = text.find(kBegin);
  const auto end = text.find(kEnd);
  REQUIRE(begin != std::string::npos);
  REQUIRE(end != std::string::npos);
  const std::string documented = text.substr(begin + kBegin.size(), end - begin - kBegin.size());
  // After changing an operation's arguments, run this test once with COLLEGIAL_UPDATE_DOCS=1 to
  // write the table into docs/protocol.md (then read the diff); otherwise it is printed whole.
  if (std::getenv("COLLEGIAL_UPDATE_DOCS") && documented != expected) {
    std::ofstream out(std::string(COLLEGIAL_SOURCE_DIR) + "/docs/protocol.md");
    out << text.substr(0, begin + kBegin.size()) << expected << text.substr(end);
    return;
  }
  INFO("expected between " << kBegin << expected << kEnd);
  CHECK(documented == expected);
}
