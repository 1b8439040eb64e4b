#include "http/api.hpp"

#include "http/public_site.hpp"

#include <algorithm>

#include "core/room_hub.hpp"
#include "i18n/messages.hpp"
#include "util/log.hpp"
#include "util/bounded_json.hpp"

namespace collegial::http {
namespace {

using nlohmann::json;

// An error answer; Api::handle writes its body in the request's language.
ApiResponse error(int status, std::string_view code, Bilingual text, const json& args = json::object()) {
  ApiResponse r{status, nullptr, {}};
  r.refusal = i18n::refusal(std::string(code), text, args);
  return r;
}

constexpr Bilingual kUsePost{"use POST", "use POST"};
constexpr Bilingual kNoSuchPath{"no such path: {path}", "no existe la ruta {path}"};
constexpr Bilingual kNoRooms{"rooms are not served by this process", "este proceso no sirve salas"};

int status_for(const std::string& code) {
  if (code == "bad_credentials" || code == "bad_token" || code == "unauthenticated") return 401;
  if (code == "forbidden") return 403;
  if (code == "not_found" || code == "unknown_operation") return 404;
  if (code == "exists" || code == "entity_in_other_cooperative" || code == "room_exists") {
    return 409;
  }
  if (code == "throttled") return 429;
  if (code == "store_failed") return 500;
  if (code == "storage_failed") return 503;
  return 400;
}

ApiResponse from_status(const Status& s) {
  ApiResponse r{status_for(s.code()), nullptr, {}};
  r.refusal = s;
  return r;
}

std::string bearer(const std::string& authorization) {
  static constexpr std::string_view kPrefix = "Bearer ";
  if (authorization.size() <= kPrefix.size() || authorization.compare(0, kPrefix.size(), kPrefix) != 0) {
    return {};
  }
  return authorization.substr(kPrefix.size());
}

json session_json(const auth::Accounts::Session& s) {
  return {{"token", s.token},
          {"expires_ms", s.expires_ms},
          {"person", {{"id", s.person.id}, {"name", s.person.name}, {"email", s.person.email}}}};
}

// Parses a JSON object body, or says what is wrong with it.
bool parse_body(const ApiRequest& req, json& out, ApiResponse& failure) {
  JsonProblem problem = JsonProblem::none;
  out = parse_bounded_json(req.body, problem);
  if (problem == JsonProblem::too_deep) {
    failure = error(400, "too_deep",
                    {"the request body nests deeper than {depth} levels",
                     "el cuerpo de la solicitud anida más de {depth} niveles"},
                    {{"depth", kMaxJsonDepth}});
    return false;
  }
  if (out.is_discarded()) {
    failure = error(400, "bad_json", {"the request body is not valid JSON", "el cuerpo de la solicitud no es JSON válido"});
    return false;
  }
  if (!out.is_object()) {
    failure = error(400, "not_object",
                    {"the request body must be a JSON object", "el cuerpo de la solicitud debe ser un objeto JSON"});
    return false;
  }
  return true;
}

bool field(const json& body, const char* key, std::string& out, ApiResponse& failure) {
  const auto it = body.find(key);
  if (it == body.end()) {
    failure = error(400, "missing_field", {"field ''{field}'' is required", "falta el campo ''{field}''"},
                    {{"field", key}});
    return false;
  }
  if (!it->is_string()) {
    failure = error(400, "bad_field", {"field ''{field}'' must be a string", "el campo ''{field}'' debe ser texto"},
                    {{"field", key}});
    return false;
  }
  out = it->get<std::string>();
  return true;
}

// A room's error answer ({"type":"error","code","message","lang"}, already in the request's
// language) as HTTP: who may not, what does not exist, what cannot be now.
ApiResponse from_room_error(const json& a) {
  const std::string code = a.value("code", "internal_error");
  const int status = code == "forbidden"                                  ? 403
                     : code == "unknown_room"                             ? 404
                     : code == "in_doubt"                                 ? 504
                     : code == "unavailable" || code == "storage_failed" ||
                             code == "room_failed"                        ? 503
                     : code == "store_failed" || code == "internal_error" ? 500
                     : code == "bad_field" || code == "missing_field" || code == "unknown_operation" ||
                             code == "unknown_plugin"
                         ? 400
                         : 409;
  return {status, {{"error", code}, {"message", a.value("message", "")}, {"lang", a.value("lang", "en")}}, {}};
}

// The hub's own failure (no such room, no answer in time) as HTTP.
ApiResponse hub_failure(const Status& s) {
  ApiResponse r{s.code() == "unknown_room" ? 404 : 503, nullptr, {}};
  r.refusal = s;
  return r;
}

}  // namespace

Api::Api(auth::Accounts& accounts, core::Administration& administration,
         std::vector<std::string> cors_origins)
    : accounts_(accounts), administration_(administration), cors_origins_(std::move(cors_origins)) {}

void Api::add_cors(const ApiRequest& req, ApiResponse& res) const {
  if (req.origin.empty()) return;
  const bool allowed = std::any_of(cors_origins_.begin(), cors_origins_.end(),
                                   [&](const std::string& o) { return o == "*" || o == req.origin; });
  if (!allowed) return;
  res.headers.emplace_back("Access-Control-Allow-Origin", req.origin);
  res.headers.emplace_back("Vary", "Origin");
  res.headers.emplace_back("Access-Control-Allow-Headers", "Authorization, Content-Type");
  res.headers.emplace_back("Access-Control-Allow-Methods", "GET, POST, OPTIONS");
}

ApiResponse Api::handle(const ApiRequest& req) {
  ApiResponse res;
  try {
    res = route(req);
  } catch (const std::exception& e) {
    LOG_ERROR("api " << req.method << " " << req.path << ": " << e.what());
    res = error(500, "internal",
                {"the server failed to answer; nothing was changed",
                 "el servidor no pudo responder; no se cambió nada"});
  }
  if (!res.refusal.is_ok()) {
    // Each reader is answered in their language; an operator's error (English only) says so.
    const i18n::Lang lang = res.refusal.text().en ? req.lang : i18n::Lang::en;
    res.body = {{"error", res.refusal.code()},
                {"message", i18n::message_of(lang, res.refusal)},
                {"lang", i18n::tag_of(lang)}};
  }
  add_cors(req, res);
  return res;
}

ApiResponse Api::route(const ApiRequest& req) {
  if (req.method == "OPTIONS") return {204, nullptr, {}};  // CORS preflight
  const std::string& path = req.path;
  ApiResponse failure;

  // The server's message catalog, for the web client to render the keys views carry (notice
  // findings) in the reader's language. Public: it holds no data, only sentences.
  if (path.rfind("/api/messages/", 0) == 0) {
    if (req.method != "GET") return error(405, "method_not_allowed", {"use GET", "use GET"});
    const std::string tag = path.substr(std::string_view("/api/messages/").size());
    const auto lang = tag.size() == 2 ? i18n::parse_lang(tag) : std::nullopt;
    if (!lang) return error(404, "not_found",
                       {"no messages in language ''{tag}''; there are en and es",
                        "no hay mensajes en el idioma ''{tag}''; hay en y es"},
                       {{"tag", tag}});
    return {200, {{"lang", std::string(i18n::tag_of(*lang))}, {"messages", i18n::catalog_json(*lang)}}, {}};
  }

  if (path == "/api/login") {
    if (req.method != "POST") return error(405, "method_not_allowed", kUsePost);
    json body;
    std::string email, password;
    if (!parse_body(req, body, failure) || !field(body, "email", email, failure) ||
        !field(body, "password", password, failure)) {
      return failure;
    }
    auto session = accounts_.login(email, password, req.address);
    if (!session) {
      ApiResponse r = from_status(session.status());
      if (session.status().code() == "throttled") r.headers.emplace_back("Retry-After", "1");
      return r;
    }
    return {200, session_json(session.value()), {}};
  }

  if (path == "/api/invitations/accept") {
    if (req.method != "POST") return error(405, "method_not_allowed", kUsePost);
    json body;
    std::string token, password;
    if (!parse_body(req, body, failure) || !field(body, "token", token, failure) ||
        !field(body, "password", password, failure)) {
      return failure;
    }
    auto session = accounts_.accept_invitation(token, password);
    if (!session) return from_status(session.status());
    return {200, session_json(session.value()), {}};
  }

  // Everything below needs a token.
  const std::string token = bearer(req.authorization);
  if (token.empty()) {
    return error(401, "unauthenticated",
                 {"send Authorization: Bearer <token> (POST /api/login)",
                  "envíe Authorization: Bearer <token> (POST /api/login)"});
  }
  auto who = accounts_.resolve(token);
  if (!who) return error(401, "bad_token",
                         {"the token is unknown, expired or revoked; log in again",
                          "la credencial es desconocida, venció o fue revocada; inicie sesión de nuevo"});

  if (path == "/api/logout") {
    if (req.method != "POST") return error(405, "method_not_allowed", kUsePost);
    if (Status s = accounts_.logout(token); !s) return from_status(s);
    return {200, json::object(), {}};
  }
  if (path == "/api/me") {
    json memberships = json::array();
    for (const auto& [body_id, roles] : who->body_roles) {
      for (auth::Role r : roles) {
        memberships.push_back({{"body_id", body_id}, {"role", auth::name_of(r)}});
      }
    }
    // The rooms this person may enter, so the app offers them instead of asking for a name:
    // the room of every body the policy lets them read (their own bodies, and public ones).
    json rooms = json::array();
    for (const auto& b : accounts_.directory().bodies()) {
      const auto held = who->roles_in(b.id);
      auto deciding = held;  // as the room decides: everyone is also the public there
      deciding.push_back(auth::Role::public_);
      const auto enter = b.is_public ? auth::Action::read_public_room : auth::Action::read_members_room;
      if (!auth::decide(enter, deciding, b.slug).allowed) continue;
      json roles = json::array(), may = json::array();
      for (auth::Role r : held) {
        if (r != auth::Role::public_) roles.push_back(auth::name_of(r));
      }
      // What the policy table lets them do there, as the room's join will say (`may`).
      for (auth::Action a : auth::allowed_actions(deciding)) may.push_back(auth::name_of(a));
      rooms.push_back({{"room", b.slug}, {"name", b.name}, {"kind", b.kind}, {"public", b.is_public}, {"roles", roles},
                       {"may", may}});
    }
    return {200,
            {{"actor", who->actor()},
             {"name", who->name},
             {"admin", who->is_admin},
             {"memberships", memberships},
             {"rooms", rooms}},
            {}};
  }
  if (path == "/api/me/calendar") {  // L2: the address of one's own webinars calendar
    if (req.method != "POST") return error(405, "method_not_allowed",
                                             {"use POST (it issues a new address)",
                                              "use POST (emite una dirección nueva)"});
    if (who->kind != auth::Principal::Kind::person) return error(403, "forbidden", {"only people have calendars", "solo las personas tienen calendarios"});
    auto token = accounts_.issue_calendar_token(who->id);
    if (!token) return from_status(token.status());
    return {200, {{"url", "/feeds/people/" + token.value() + ".ics"}}, {}};
  }
  if (path.rfind("/api/admin/", 0) == 0) {
    if (req.method != "POST") return error(405, "method_not_allowed", kUsePost);
    const auth::Decision d =
        auth::decide(auth::Action::administer, who->roles_in(std::nullopt), "this installation", "esta instalación");
    if (!d.allowed) return from_status(d.refusal);
    json body;
    if (!parse_body(req, body, failure)) return failure;
    const std::string operation = path.substr(std::string_view("/api/admin/").size());
    auto made = administration_.run(operation, body);
    if (!made) return from_status(made.status());
    LOG_INFO("admin " << operation << " by " << who->actor());
    return {200, made.value(), {}};
  }
  if (path.rfind("/api/rooms/", 0) == 0) {
    const std::string rest = path.substr(std::string_view("/api/rooms/").size());
    const auto slash = rest.find('/');
    const std::string what = slash == std::string::npos ? "" : rest.substr(slash);
    const bool records = what.rfind("/meetings/", 0) == 0;
    if (what != "/act" && what != "/read" && !records) return error(404, "not_found", kNoSuchPath, {{"path", path}});
    // Only rooms clients may name: never the directory's audit log (directory:audit).
    if (!core::valid_room_name(rest.substr(0, slash))) {
      return error(404, "unknown_room", {"no room named ''{room}''", "no hay ninguna sala llamada ''{room}''"},
                   {{"room", rest.substr(0, slash)}});
    }
    if (records) return room_records(req, *who, rest.substr(0, slash), what);
    if (req.method != "POST") return error(405, "method_not_allowed", kUsePost);
    return what == "/act" ? room_act(req, *who, rest.substr(0, slash)) : room_read(req, *who, rest.substr(0, slash));
  }
  return error(404, "not_found", kNoSuchPath, {{"path", path}});
}

// IPRA: the clerk's records-request bundle of a held meeting, with its closed sessions only
// when the clerk asks for them by name (records_bundle.hpp).
ApiResponse Api::room_records(const ApiRequest& req, const auth::Principal& who, const std::string& room,
                              const std::string& what) {
  if (req.method != "GET") return error(405, "method_not_allowed", {"use GET", "use GET"});
  // /meetings/<n>/records.zip or /meetings/<n>/records-with-closed-session.zip
  const std::string rest = what.substr(std::string_view("/meetings/").size());
  const auto slash = rest.find('/');
  const std::string number = rest.substr(0, slash);
  const std::string file = slash == std::string::npos ? "" : rest.substr(slash);
  const bool digits = !number.empty() && number.size() <= 9 &&
                      std::all_of(number.begin(), number.end(), [](char c) { return c >= '0' && c <= '9'; });
  if (!digits || (file != "/records.zip" && file != "/records-with-closed-session.zip")) {
    return error(404, "not_found", kNoSuchPath, {{"path", req.path}});
  }
  if (!site_) return error(503, "unavailable", kNoRooms);
  const PublicAnswer a = site_->records_bundle(room, std::stoll(number), std::make_shared<const auth::Principal>(who),
                                               file == "/records-with-closed-session.zip", req.lang);
  if (a.status == 200) {
    LOG_INFO("records bundle " << room << " meeting " << number << file << " for " << who.actor());
    ApiResponse r{200, nullptr, {}, a.body, a.content_type};
    r.headers.emplace_back("Content-Disposition", "attachment; filename=\"" + room + "-meeting-" + number +
                                                      (file == "/records.zip" ? "-records.zip\"" : "-records-with-closed-session.zip\""));
    return r;
  }
  const json problem = json::parse(a.body, nullptr, false);
  return {a.status, problem.is_object() ? problem : json{{"error", "internal"}}, {}};
}

ApiResponse Api::room_read(const ApiRequest& req, const auth::Principal& who, const std::string& room) {
  ApiResponse failure;
  json body;
  std::string plugin;
  if (!parse_body(req, body, failure) || !field(body, "plugin", plugin, failure)) return failure;
  const json query = body.value("query", json::object());
  if (!query.is_object()) return error(400, "bad_field", {"field ''query'' must be an object", "el campo ''query'' debe ser un objeto"});
  if (!hub_) return error(503, "unavailable", kNoRooms);
  auto answer = hub_->read_as(room, std::make_shared<const auth::Principal>(who), plugin, query, req.lang);
  if (!answer) return hub_failure(answer.status());
  const json& a = answer.value();
  if (a.value("type", "") == "ack") {
    const json& result = a["result"];
    const auto format = query.find("format");
    if (format != query.end() && *format == "csv" && result.is_object() && result.contains("csv")) {
      ApiResponse r{200, nullptr, {}, result.value("csv", ""), "text/csv; charset=utf-8"};
      return r;
    }
    return {200, {{"seq", a.value("seq", std::int64_t{0})}, {"result", result}}, {}};
  }
  return from_room_error(a);
}

ApiResponse Api::room_act(const ApiRequest& req, const auth::Principal& who, const std::string& room) {
  ApiResponse failure;
  json body;
  std::string op;
  if (!parse_body(req, body, failure) || !field(body, "op", op, failure)) return failure;
  core::Command command{op, json::object()};
  if (const auto args = body.find("args"); args != body.end() && !args->is_null()) {
    if (!args->is_object()) return error(400, "bad_field", {"field ''args'' must be an object", "el campo ''args'' debe ser un objeto"});
    command.args = *args;
  }
  if (!hub_) return error(503, "unavailable", kNoRooms);
  auto answer = hub_->act(room, std::make_shared<const auth::Principal>(who), std::move(command), req.lang);
  if (!answer) return hub_failure(answer.status());
  const json& a = answer.value();
  if (a.value("type", "") == "ack") return {200, {{"seq", a.value("seq", std::int64_t{0})}}, {}};
  return from_room_error(a);
}

}  // namespace collegial::http
