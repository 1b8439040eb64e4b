#include "core/protocol.hpp"

#include "i18n/messages.hpp"
#include "util/bounded_json.hpp"

namespace collegial::core::protocol {
namespace {

std::string json_string(std::string_view text) {
  // dump() of a string escapes it; replace keeps invalid UTF-8 from throwing.
  return nlohmann::json(std::string(text)).dump(-1, ' ', false,
                                                nlohmann::json::error_handler_t::replace);
}

Status error(std::string_view code, Bilingual text, const nlohmann::json& args = nlohmann::json::object()) {
  return i18n::refusal(std::string(code), text, args);
}

// Field problems, said the same way for every field.
constexpr Bilingual kMissing{"field ''{field}'' is required", "falta el campo ''{field}''"};
constexpr Bilingual kNotString{"field ''{field}'' must be a string", "el campo ''{field}'' debe ser texto"};

}  // namespace

Status parse_request(std::string_view text, std::size_t max_depth, Request& out) {
  out.id_json = "null";
  JsonProblem problem = JsonProblem::none;
  nlohmann::json message = parse_bounded_json(text, problem, max_depth);
  if (problem == JsonProblem::too_deep) {
    return error(code::too_deep, {"JSON nested deeper than {depth} levels", "JSON anidado a más de {depth} niveles"},
                 {{"depth", max_depth}});
  }
  if (message.is_discarded()) return error(code::bad_json, {"the message is not valid JSON", "el mensaje no es JSON válido"});
  if (!message.is_object()) return error(code::not_object, {"a request must be a JSON object", "una solicitud debe ser un objeto JSON"});

  const auto id = message.find("id");
  if (id == message.end()) return error(code::missing_field, kMissing, {{"field", "id"}});
  if (id->is_string()) {
    if (id->get_ref<const std::string&>().size() > 128) {
      return error(code::bad_field, {"field ''id'' must be at most 128 bytes (UTF-8)",
                                     "el campo ''id'' debe tener como máximo 128 bytes (UTF-8)"});
    }
  } else if (!id->is_number_integer()) {
    return error(code::bad_field, {"field ''id'' must be a string or an integer",
                                   "el campo ''id'' debe ser texto o un número entero"});
  }
  out.id_json = id->dump();

  const auto type = message.find("type");
  if (type == message.end()) return error(code::missing_field, kMissing, {{"field", "type"}});
  if (!type->is_string()) return error(code::bad_field, kNotString, {{"field", "type"}});
  out.type = type->get<std::string>();
  out.message = std::move(message);
  return Status::ok();
}

Status require_string(const nlohmann::json& message, const char* field, std::string& out) {
  const auto it = message.find(field);
  if (it == message.end()) {
    return error(code::missing_field, kMissing, {{"field", field}});
  }
  if (!it->is_string()) {
    return error(code::bad_field, kNotString, {{"field", field}});
  }
  out = it->get<std::string>();
  return Status::ok();
}

Status optional_integer(const nlohmann::json& message, const char* field,
                        std::optional<std::int64_t>& out) {
  out.reset();
  const auto it = message.find(field);
  if (it == message.end() || it->is_null()) return Status::ok();
  if (!it->is_number_integer()) {
    return error(code::bad_field, {"field ''{field}'' must be an integer", "el campo ''{field}'' debe ser un número entero"},
                 {{"field", field}});
  }
  out = it->get<std::int64_t>();
  return Status::ok();
}

Frame make_ack(std::string_view id_json, std::optional<std::int64_t> seq,
               const nlohmann::json* extra) {
  std::string s = "{\"type\":\"ack\",\"id\":";
  s += id_json;
  if (seq) {
    s += ",\"seq\":";
    s += std::to_string(*seq);
  }
  if (extra) {
    for (const auto& [key, value] : extra->items()) {
      s += ',';
      s += json_string(key);
      s += ':';
      s += value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    }
  }
  s += '}';
  return std::make_shared<const std::string>(std::move(s));
}

namespace {

Frame error_frame(std::string_view id_json, std::string_view code, std::string_view message,
                  i18n::Lang lang) {
  std::string s = "{\"type\":\"error\",\"id\":";
  s += id_json;
  s += ",\"code\":";
  s += json_string(code);
  s += ",\"message\":";
  s += json_string(message);
  s += ",\"lang\":\"";
  s += i18n::tag_of(lang);
  s += "\"}";
  return std::make_shared<const std::string>(std::move(s));
}

}  // namespace

Frame make_error(std::string_view id_json, std::string_view code, std::string_view message) {
  return error_frame(id_json, code, message, i18n::Lang::en);
}

Frame make_error(std::string_view id_json, const Status& status, i18n::Lang lang) {
  if (!status.text().en) lang = i18n::Lang::en;  // an English-only error says so
  return error_frame(id_json, status.code(), i18n::message_of(lang, status), lang);
}

Frame make_event(const record::Event& e) {
  std::string s;
  s.reserve(240 + e.body.size() + e.actor.size() + e.room.size());
  s += "{\"type\":";
  s += json_string(e.type);
  s += ",\"room\":";
  s += json_string(e.room);
  s += ",\"seq\":";
  s += std::to_string(e.seq);
  s += ",\"ts\":";
  s += std::to_string(e.ts_ms);
  s += ",\"actor\":";
  s += json_string(e.actor);
  s += ",\"body\":";
  s += e.body;  // already canonical JSON
  s += ",\"hash\":\"";
  s += e.hash;
  if (!e.salt.empty()) {  // v2: whoever receives the event may verify its hash
    s += "\",\"salt\":\"";
    s += e.salt;
  }
  s += "\"}";
  return std::make_shared<const std::string>(std::move(s));
}

Frame make_withheld(const record::Event& e, const std::string& line) {
  // C3: the chain's continuity and nothing of the event: no salt (with it, a guess of the
  // event could be checked against the hash), no time, no actor, type or body.
  std::string s = "{\"type\":\"session.withheld\",\"room\":";
  s += json_string(e.room);
  s += ",\"seq\":";
  s += std::to_string(e.seq);
  s += ",\"actor\":\"system:closed_session\",\"body\":{\"text\":";
  s += json_string(line);
  s += "},\"prev_hash\":\"";
  s += e.prev_hash;
  s += "\",\"hash\":\"";
  s += e.hash;
  s += "\"}";
  return std::make_shared<const std::string>(std::move(s));
}

Frame make_redacted(const std::string& room, std::int64_t seq, const std::string& prev_hash,
                    const std::string& hash, const std::string& line, std::int64_t by_seq) {
  std::string s = "{\"type\":\"event.redacted\",\"room\":";
  s += json_string(room);
  s += ",\"seq\":";
  s += std::to_string(seq);
  s += ",\"actor\":\"system:moderation\",\"body\":{\"text\":";
  s += json_string(line);
  s += ",\"by_seq\":";
  s += std::to_string(by_seq);
  s += "},\"prev_hash\":\"";
  s += prev_hash;
  s += "\",\"hash\":\"";
  s += hash;
  s += "\"}";
  return std::make_shared<const std::string>(std::move(s));
}

}  // namespace collegial::core::protocol
