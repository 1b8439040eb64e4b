#include "core/op_args.hpp"

#include <limits>

#include "core/protocol.hpp"
#include "i18n/messages.hpp"

namespace collegial::core {

using nlohmann::json;

namespace {

constexpr std::int64_t kUnbounded = std::numeric_limits<std::int64_t>::max();
constexpr std::int64_t kNoFloor = std::numeric_limits<std::int64_t>::min();
constexpr Bilingual kNotAnObject{"field ''{field}'' must be an object", "el campo ''{field}'' debe ser un objeto"};

// bad_field naming the argument at `path`; `text` has {field} and any of `args`.
Status bad(const std::string& path, Bilingual text, nlohmann::json args = nlohmann::json::object()) {
  args["field"] = path;
  return i18n::refusal(std::string(protocol::code::bad_field), text, args);
}

// A JSON integer that fits int64 (nlohmann keeps large positive ones unsigned; get<int64_t>
// would wrap them).
bool is_int64(const json& v) {
  if (v.is_number_unsigned()) {
    return v.get<std::uint64_t>() <= static_cast<std::uint64_t>(kUnbounded);
  }
  return v.is_number_integer();
}

Status not_an_integer(const Arg& a, const std::string& path) {
  const nlohmann::json bounds = {{"least", a.least}, {"most", a.most}};
  if (a.least != kNoFloor && a.most != kUnbounded) {
    return bad(path,
               {"field ''{field}'' must be an integer from {least, number, ::group-off} to {most, number, ::group-off}",
                "el campo ''{field}'' debe ser un entero de {least, number, ::group-off} a {most, number, ::group-off}"},
               bounds);
  }
  if (a.least != kNoFloor) {
    return bad(path,
               {"field ''{field}'' must be an integer of at least {least, number, ::group-off}",
                "el campo ''{field}'' debe ser un entero de al menos {least, number, ::group-off}"},
               bounds);
  }
  if (a.most != kUnbounded) {
    return bad(path,
               {"field ''{field}'' must be an integer of at most {most, number, ::group-off}",
                "el campo ''{field}'' debe ser un entero de como máximo {most, number, ::group-off}"},
               bounds);
  }
  return bad(path, {"field ''{field}'' must be an integer", "el campo ''{field}'' debe ser un entero"});
}

Status check_fields(const std::vector<Arg>& declared, const json& object, const std::string& path);

Status check_integer(const Arg& a, const json& v, const std::string& path) {
  if (!is_int64(v)) return not_an_integer(a, path);
  const std::int64_t n = v.get<std::int64_t>();
  if (n < a.least || n > a.most) return not_an_integer(a, path);
  return Status::ok();
}

Status check_string(const Arg& a, const json& v, const std::string& path) {
  if (!v.is_string()) {
    return bad(path, {"field ''{field}'' must be a string", "el campo ''{field}'' debe ser una cadena de texto"});
  }
  if (a.most != kUnbounded && v.get_ref<const std::string&>().size() > static_cast<std::size_t>(a.most)) {
    return bad(path,
               {"field ''{field}'' must be at most {most, number, ::group-off} bytes",
                "el campo ''{field}'' debe tener como máximo {most, number, ::group-off} bytes"},
               {{"most", a.most}});
  }
  return Status::ok();
}

Status check_list(const Arg& a, const json& v, const std::string& path, Bilingual not_a_list) {
  if (!v.is_array()) return bad(path, not_a_list);
  if (a.items != kUnbounded && v.size() > static_cast<std::size_t>(a.items)) {
    return bad(path,
               {"field ''{field}'' must have at most {items, number, ::group-off} elements",
                "el campo ''{field}'' debe tener como máximo {items, number, ::group-off} elementos"},
               {{"items", a.items}});
  }
  std::size_t i = 0;
  for (const json& x : v) {
    const std::string at = path + "[" + std::to_string(i++) + "]";
    Status s = Status::ok();
    switch (a.type) {
      case ArgType::strings:
      case ArgType::string_or_strings: s = check_string(a, x, at); break;
      case ArgType::integers: s = check_integer(a, x, at); break;
      case ArgType::objects:
        s = x.is_object() ? check_fields(a.fields, x, at) : bad(at, kNotAnObject);
        break;
      default: break;
    }
    if (!s) return s;
  }
  return Status::ok();
}

Status check_one(const Arg& a, const json& v, const std::string& path) {
  switch (a.type) {
    case ArgType::string: return check_string(a, v, path);
    case ArgType::integer: return check_integer(a, v, path);
    case ArgType::boolean:
      return v.is_boolean() ? Status::ok()
                            : bad(path, {"field ''{field}'' must be true or false",
                                         "el campo ''{field}'' debe ser true o false"});
    case ArgType::object: return v.is_object() ? check_fields(a.fields, v, path) : bad(path, kNotAnObject);
    case ArgType::strings:
      return check_list(a, v, path,
                        {"field ''{field}'' must be a list of strings",
                         "el campo ''{field}'' debe ser una lista de cadenas de texto"});
    case ArgType::integers:
      return check_list(a, v, path,
                        {"field ''{field}'' must be a list of integers",
                         "el campo ''{field}'' debe ser una lista de enteros"});
    case ArgType::objects:
      return check_list(a, v, path,
                        {"field ''{field}'' must be a list of objects",
                         "el campo ''{field}'' debe ser una lista de objetos"});
    case ArgType::string_or_strings:
      return v.is_string() ? check_string(a, v, path)
                           : check_list(a, v, path,
                                        {"field ''{field}'' must be a list of strings (or one string)",
                                         "el campo ''{field}'' debe ser una lista de cadenas de texto "
                                         "(o una sola cadena)"});
  }
  return bad(path, {"field ''{field}'' has no declared type", "el campo ''{field}'' no tiene un tipo declarado"});
}

// Declared arguments first, in their order (so the first wrong one is the one named, whatever
// the request's order), then any the operation does not take.
Status check_fields(const std::vector<Arg>& declared, const json& object, const std::string& path) {
  for (const Arg& a : declared) {
    const std::string at = path + "." + a.name;
    const auto it = object.find(a.name);
    if (it == object.end()) {
      if (a.required) {
        return i18n::refusal(std::string(protocol::code::missing_field),
                             {"field ''{field}'' is required", "falta el campo ''{field}''"}, {{"field", at}});
      }
      continue;
    }
    if (Status s = check_one(a, *it, at); !s) return s;
  }
  for (const auto& [key, value] : object.items()) {
    bool known = false;
    for (const Arg& a : declared) known = known || a.name == key;
    if (!known) {
      return bad(path + "." + key,
                 {"field ''{field}'' is not an argument of this operation",
                  "el campo ''{field}'' no es un argumento de esta operación"});
    }
  }
  return Status::ok();
}

std::string type_name(const Arg& a) {
  switch (a.type) {
    case ArgType::string: return "string";
    case ArgType::integer: return "integer";
    case ArgType::boolean: return "boolean";
    case ArgType::object: return "object";
    case ArgType::strings: return "list of strings";
    case ArgType::integers: return "list of integers";
    case ArgType::objects: return "list of objects";
    case ArgType::string_or_strings: return "string or list of strings";
  }
  return "?";
}

}  // namespace

Arg chat_text() { return Arg::string("text").up_to(4096); }

Status check_args(const std::vector<Arg>& declared, const json& args) {
  if (!args.is_object()) return bad("args", kNotAnObject);
  return check_fields(declared, args, "args");
}

std::string describe(const Arg& a) {
  std::string out = type_name(a);
  const bool list = a.type == ArgType::strings || a.type == ArgType::integers;
  const std::string each = list ? ", each " : ", ";
  if (a.type == ArgType::integer || a.type == ArgType::integers) {
    if (a.least != kNoFloor && a.most != kUnbounded) {
      out += each + std::to_string(a.least) + " to " + std::to_string(a.most);
    } else if (a.least != kNoFloor) {
      out += each + "≥ " + std::to_string(a.least);
    } else if (a.most != kUnbounded) {
      out += each + "≤ " + std::to_string(a.most);
    }
  } else if (a.most != kUnbounded) {
    out += each + "at most " + std::to_string(a.most) + " bytes";
  }
  if (a.items != kUnbounded) out += ", at most " + std::to_string(a.items) + " elements";
  return out;
}

namespace {

void rows(const std::string& op, const std::vector<Arg>& args, const std::string& prefix, std::string& out) {
  for (const Arg& a : args) {
    out += "| `" + op + "` | `" + prefix + a.name + "` | " + describe(a) + " | " +
           (a.required ? "yes" : "no") + " |\n";
    if (a.type == ArgType::object) rows(op, a.fields, prefix + a.name + ".", out);
    if (a.type == ArgType::objects) rows(op, a.fields, prefix + a.name + "[].", out);
  }
}

}  // namespace

std::string argument_rows(const std::string& op, const std::vector<Arg>& args) {
  if (args.empty()) return "| `" + op + "` | — | | |\n";
  std::string out;
  rows(op, args, "", out);
  return out;
}

}  // namespace collegial::core
