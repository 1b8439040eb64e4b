// The arguments an operation takes, declared once next to the operation (core/plugin.hpp), and
// the check the room makes against them before a plugin decides.
//
// Why here and not in each plugin: a plugin reads its arguments with nlohmann's accessors,
// which throw on a wrong type (answered internal_error) or quietly read a wrong one ("person":
// "1" read as text). Checking every argument's type and bounds at the door means a malformed
// request gets a precise bad_field or missing_field naming the argument, nothing is recorded,
// and the plugins only ever see arguments of the types they read. What an argument *means*
// (a person who is not a member, a kind of motion that does not exist) stays the plugin's check.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "util/status.hpp"

namespace collegial::core {

enum class ArgType {
  string,
  integer,  // a JSON integer within int64 (2.0 and "2" are not integers)
  boolean,
  object,             // an object with declared `fields`
  strings,            // a list of strings
  integers,           // a list of integers
  objects,            // a list of objects with declared `fields`
  string_or_strings,  // one string, or a list of them
};

// One argument of an operation. Bounds: for an integer (or each of a list of integers) the
// least and greatest value; for a string (or each string of a list) the most bytes; for a list,
// the most elements (`items`). Unset bounds are unbounded.
struct Arg {
  std::string name;
  ArgType type = ArgType::string;
  bool required = false;
  std::int64_t least = std::numeric_limits<std::int64_t>::min();
  std::int64_t most = std::numeric_limits<std::int64_t>::max();
  std::int64_t items = std::numeric_limits<std::int64_t>::max();
  std::vector<Arg> fields;  // object, objects: the fields each object may have

  static Arg of(std::string name, ArgType type) {
    Arg a;
    a.name = std::move(name);
    a.type = type;
    return a;
  }
  static Arg string(std::string name) { return of(std::move(name), ArgType::string); }
  static Arg integer(std::string name) { return of(std::move(name), ArgType::integer); }
  static Arg boolean(std::string name) { return of(std::move(name), ArgType::boolean); }
  static Arg strings(std::string name) { return of(std::move(name), ArgType::strings); }
  static Arg integers(std::string name) { return of(std::move(name), ArgType::integers); }
  static Arg string_or_strings(std::string name) { return of(std::move(name), ArgType::string_or_strings); }
  static Arg object(std::string name, std::vector<Arg> fields) {
    Arg a = of(std::move(name), ArgType::object);
    a.fields = std::move(fields);
    return a;
  }
  static Arg objects(std::string name, std::vector<Arg> fields) {
    Arg a = of(std::move(name), ArgType::objects);
    a.fields = std::move(fields);
    return a;
  }
  // Copies with one more property, so that a shared declaration can be reused: `person.needed()`.
  Arg needed() const { Arg a = *this; a.required = true; return a; }
  Arg between(std::int64_t lo, std::int64_t hi) const { Arg a = *this; a.least = lo; a.most = hi; return a; }
  Arg at_least(std::int64_t lo) const { Arg a = *this; a.least = lo; return a; }
  Arg up_to(std::int64_t bytes) const { Arg a = *this; a.most = bytes; return a; }
  Arg at_most(std::int64_t n) const { Arg a = *this; a.items = n; return a; }
};

// The free text a chat command carries ("/recess until 2 pm" → {"text": "until 2 pm"}): every
// operation with a chat form declares it, as the room passes it on whatever the operation.
Arg chat_text();

// Whether `args` (the request's "args", an object) fits `declared`: ok, or missing_field for a
// required argument that is absent, bad_field for one of the wrong type or out of bounds, or
// not declared at all. The message names the argument ("field 'args.person' must be an
// integer"; nested: "field 'args.items[2].title' …"). null is no value of any type.
Status check_args(const std::vector<Arg>& declared, const nlohmann::json& args);

// A Markdown description of one argument's type and bounds ("integer ≥ 1"), and of the nested
// fields of objects: what docs/protocol.md's argument tables show.
std::string describe(const Arg& arg);

// The rows of docs/protocol.md's argument table for operation `op`: "| `op` | `name` | type |
// required |", one per argument and nested field ("justification.harm", "items[].title"), or
// one row "—" for an operation without arguments. The unit test [op_args][docs] compares the
// document with these, so the document cannot drift from the declarations.
std::string argument_rows(const std::string& op, const std::vector<Arg>& args);

}  // namespace collegial::core
