#include "core/administration.hpp"

#include <functional>
#include <map>

#include "core/room_hub.hpp"
#include "delivery/media_administration.hpp"
#include "i18n/messages.hpp"

namespace collegial::core {
namespace {

using nlohmann::json;

constexpr Bilingual kRequired{"''{field}'' is required", "el campo ''{field}'' es obligatorio"};
constexpr Bilingual kWholeNumber{"''{field}'' must be a whole number",
                                 "el campo ''{field}'' debe ser un número entero"};
constexpr Bilingual kReserved{"the slug ''{slug}'' is reserved", "el slug ''{slug}'' está reservado"};
constexpr Bilingual kNoBody{"no body ''{body}''", "no hay ningún órgano ''{body}''"};

// Argument readers: each returns missing_field/bad_field naming the argument.
Status text(const json& args, const char* key, std::string& out, bool required = true) {
  const auto it = args.find(key);
  if (it == args.end() || it->is_null()) {
    if (!required) return Status::ok();
    return i18n::refusal("missing_field", kRequired, {{"field", key}});
  }
  if (!it->is_string()) {
    return i18n::refusal("bad_field", {"''{field}'' must be text", "el campo ''{field}'' debe ser texto"},
                         {{"field", key}});
  }
  out = it->get<std::string>();
  return Status::ok();
}

Status flag(const json& args, const char* key, bool& out) {
  const auto it = args.find(key);
  if (it == args.end() || it->is_null()) return Status::ok();
  if (it->is_boolean()) out = it->get<bool>();
  else if (it->is_string() && (*it == "true" || *it == "yes" || *it == "1")) out = true;
  else if (it->is_string() && (*it == "false" || *it == "no" || *it == "0")) out = false;
  else {
    return i18n::refusal("bad_field",
                         {"''{field}'' must be true or false", "el campo ''{field}'' debe ser true o false"},
                         {{"field", key}});
  }
  return Status::ok();
}

Status number(const json& args, const char* key, int& out) {
  const auto it = args.find(key);
  if (it == args.end() || it->is_null()) return Status::ok();
  try {
    out = it->is_number_integer() ? it->get<int>() : std::stoi(it->get<std::string>());
  } catch (const std::exception&) {
    return i18n::refusal("bad_field", kWholeNumber, {{"field", key}});
  }
  return Status::ok();
}

#define TRY(expr)                  \
  do {                             \
    if (Status s_ = (expr); !s_) { \
      return s_;                   \
    }                              \
  } while (0)

json to_json(const store::Person& p) {
  return {{"id", p.id}, {"email", p.email}, {"name", p.name}, {"admin", p.is_admin}};
}

json to_json(const store::Body& b) {
  return {{"id", b.id},
          {"slug", b.slug},
          {"name", b.name},
          {"kind", b.kind},
          {"quorum_rule", b.quorum_rule},
          {"small_board", b.small_board},
          {"remote_counts", b.remote_counts},
          {"designees_count", b.designees_count},
          {"notice_regular_days", b.notice_regular_days},
          {"notice_special_days", b.notice_special_days},
          {"notice_emergency_hours", b.notice_emergency_hours},
          {"time_zone", b.time_zone},
          {"officer_term_months", b.officer_term_months},
          {"public", b.is_public}};
}

}  // namespace

Administration::Administration(store::Directory& directory, store::EventStore& store,
                               auth::Accounts& accounts, const Clock& clock,
                               delivery::Outbox* outbox)
    : directory_(directory), store_(store), accounts_(accounts), clock_(clock), outbox_(outbox) {}

std::vector<std::string> Administration::operations() {
  std::vector<std::string> lines = {
      "create-cooperative: slug name",
      "create-entity: slug name kind(district|state_agency|state_institution) [cooperative]",
      "set-entity-cooperative: entity cooperative (empty: leaves; its council seats end)",
      "create-body: slug name kind(council|committee|learning_circle) cooperative [parent] "
      "[public] [small_board] [remote_counts] [designees_count] [notice_regular_days] "
      "[notice_special_days] [notice_emergency_hours] [time_zone] [officer_term_months]",
      "create-person: email name [admin]",
      "add-membership: body person role [entity] [term_ends_ms]",
      "end-membership: id",
      "reset-password: email password",
      "invite: email",
      "create-bot: name bodies(comma-separated)",
      "revoke-bot: name",
      "create-room: name [body]",
  };
  for (auto& line : delivery::media_operations()) lines.push_back(std::move(line));
  return lines;
}

Result<json> Administration::run(const std::string& op, const json& args) {
  // Every administrative change goes on the directory's audit chain (store/directory_audit).
  auto result = directory_.audited(op, clock_.now_ms(), [&] { return perform(op, args); });
  if (result && on_change_) on_change_();
  return result;
}

Result<json> Administration::perform(const std::string& op, const json& args) {
  if (!args.is_object()) {
    return i18n::refusal("bad_field", {"arguments must be an object", "los argumentos deben ser un objeto"});
  }
  const std::int64_t now = clock_.now_ms();
  if (op == "create-cooperative") {
    std::string slug, name;
    TRY(text(args, "slug", slug));
    TRY(text(args, "name", name));
    auto c = directory_.create_cooperative(slug, name);
    if (!c) return c.status();
    return json{{"id", c->id}, {"slug", c->slug}, {"name", c->name}};
  }
  if (op == "create-entity") {
    std::string slug, name, kind, cooperative;
    TRY(text(args, "slug", slug));
    TRY(text(args, "name", name));
    TRY(text(args, "kind", kind));
    TRY(text(args, "cooperative", cooperative, false));
    auto e = directory_.create_entity(slug, name, kind);
    if (!e) return e.status();
    if (!cooperative.empty()) TRY(directory_.set_entity_cooperative(slug, cooperative, now));
    return json{{"id", e->id}, {"slug", slug}, {"name", name}, {"kind", kind},
                {"cooperative", cooperative}};
  }
  if (op == "set-entity-cooperative") {
    std::string entity, cooperative;
    TRY(text(args, "entity", entity));
    TRY(text(args, "cooperative", cooperative, false));
    TRY(directory_.set_entity_cooperative(entity, cooperative, now));
    return json{{"entity", entity}, {"cooperative", cooperative}};
  }
  if (op == "create-body") {
    store::Body b;
    std::string cooperative, parent;
    TRY(text(args, "slug", b.slug));
    // /feeds/people/… is every person's own calendar (L2), not a body's feeds.
    if (b.slug == "people") return i18n::refusal("bad_field", kReserved, {{"slug", "people"}});
    // /public/checkpoints.jsonl is the checkpoint feed (http/checkpoint_pages.hpp).
    if (b.slug == "checkpoints") return i18n::refusal("bad_field", kReserved, {{"slug", "checkpoints"}});
    TRY(text(args, "name", b.name));
    TRY(text(args, "kind", b.kind));
    TRY(text(args, "cooperative", cooperative));
    TRY(text(args, "parent", parent, false));
    TRY(flag(args, "public", b.is_public));
    TRY(text(args, "small_board", b.small_board, false));
    TRY(flag(args, "remote_counts", b.remote_counts));
    TRY(flag(args, "designees_count", b.designees_count));
    TRY(number(args, "notice_regular_days", b.notice_regular_days));
    TRY(number(args, "notice_special_days", b.notice_special_days));
    TRY(number(args, "notice_emergency_hours", b.notice_emergency_hours));
    TRY(text(args, "time_zone", b.time_zone, false));
    TRY(number(args, "officer_term_months", b.officer_term_months));
    if (b.officer_term_months < 1 || b.officer_term_months > 120) {
      return i18n::refusal("bad_field", {"B3: ''officer_term_months'' is 1 to 120",
                                         "B3: el campo ''officer_term_months'' va de 1 a 120"});
    }
    if (!valid_room_name(b.slug)) {
      return i18n::refusal("bad_field", {"a body''s slug names its room: 1-64 of a-z 0-9 . _ -",
                                         "el slug de un órgano es el nombre de su sala: de 1 a 64 "
                                         "caracteres entre a-z 0-9 . _ -"});
    }
    // The body's room takes its slug: refuse before making a body whose room cannot exist.
    if (store_.find_room(b.slug)) {
      return i18n::refusal("room_exists",
                           {"a room named ''{room}'' exists already", "ya existe una sala llamada ''{room}''"},
                           {{"room", b.slug}});
    }
    auto made = directory_.create_body(b, cooperative, parent);
    if (!made) return made.status();
    // Every body has a standing room of the same name.
    TRY(store_.create_room(made->slug, now, "system:admin", nullptr, made->id));
    return to_json(made.value());
  }
  if (op == "create-person") {
    std::string email, name;
    bool admin = false;
    TRY(text(args, "email", email));
    TRY(text(args, "name", name));
    TRY(flag(args, "admin", admin));
    auto p = directory_.create_person(email, name, admin);
    if (!p) return p.status();
    return to_json(p.value());
  }
  if (op == "add-membership") {
    std::string body, person, role, entity;
    TRY(text(args, "body", body));
    TRY(text(args, "person", person));
    TRY(text(args, "role", role));
    TRY(text(args, "entity", entity, false));
    // The term: from now, until `term_ends_ms` (milliseconds since the epoch) if given.
    std::optional<std::int64_t> ends;
    if (args.contains("term_ends_ms")) {
      const auto& v = args["term_ends_ms"];
      try {
        ends = v.is_number_integer() ? v.get<std::int64_t>() : std::stoll(v.get<std::string>());
      } catch (const std::exception&) {
        return i18n::refusal("bad_field", kWholeNumber, {{"field", "term_ends_ms"}});
      }
    }
    auto m = directory_.add_membership(body, person, role, entity, now, ends);
    if (!m) return m.status();
    json made = {{"id", m->id}, {"body", body}, {"person", person}, {"role", role},
                 {"entity", entity}};
    if (ends) made["term_ends_ms"] = *ends;
    return made;
  }
  if (op == "end-membership") {
    int id = 0;
    TRY(number(args, "id", id));
    if (id <= 0) return i18n::refusal("missing_field", kRequired, {{"field", "id"}});
    TRY(directory_.end_membership(id, now));
    return json{{"id", id}, {"ended_ms", now}};
  }
  if (op == "reset-password") {
    std::string email, password;
    TRY(text(args, "email", email));
    TRY(text(args, "password", password));
    TRY(accounts_.set_password(email, password));
    return json{{"email", email}};
  }
  if (op == "invite") {
    std::string email;
    TRY(text(args, "email", email));
    auto token = accounts_.invite(email);
    if (!token) return token.status();
    return json{{"email", email}, {"invitation", token.value()},
                {"link", "/invite#" + token.value()}};
  }
  if (op == "create-bot") {
    std::string name, bodies;
    TRY(text(args, "name", name));
    TRY(text(args, "bodies", bodies));
    std::vector<std::string> list;
    for (std::size_t start = 0; start <= bodies.size();) {
      const auto comma = bodies.find(',', start);
      const auto piece = bodies.substr(start, comma == std::string::npos ? comma : comma - start);
      if (!piece.empty()) list.push_back(piece);
      if (comma == std::string::npos) break;
      start = comma + 1;
    }
    auto token = accounts_.create_bot(name, list);
    if (!token) return token.status();
    return json{{"name", name}, {"token", token.value()}};
  }
  if (op == "revoke-bot") {
    std::string name;
    TRY(text(args, "name", name));
    TRY(accounts_.revoke_bot(name));
    return json{{"name", name}};
  }
  if (op == "create-room") {
    std::string name, body;
    TRY(text(args, "name", name));
    TRY(text(args, "body", body, false));
    if (!valid_room_name(name)) {
      return i18n::refusal("bad_field", {"a room name is 1-64 of a-z 0-9 . _ -",
                                         "el nombre de una sala tiene de 1 a 64 caracteres entre "
                                         "a-z 0-9 . _ -"});
    }
    std::optional<store::Body> owner;
    if (!body.empty()) {
      owner = directory_.body_by_slug(body);
      if (!owner) return i18n::refusal("not_found", kNoBody, {{"body", body}});
    }
    TRY(store_.create_room(name, now, "system:admin", nullptr,
                           owner ? std::optional<std::int64_t>(owner->id) : std::nullopt));
    return json{{"name", name}, {"body", body}};
  }
  if (outbox_) {
    if (auto media = delivery::run_media_operation(*outbox_, directory_, op, args, now)) {
      return std::move(*media);  // N7: media subscribers and their deliveries
    }
  }
  return i18n::refusal("unknown_operation",
                       {"no admin operation ''{op}''", "no existe la operación de administración ''{op}''"},
                       {{"op", op}});
}

Result<json> Administration::load_seed(const json& seed) {
  if (!directory_.people().empty()) {
    return json{{"loaded", false}, {"reason", "the database already has people"}};
  }
  // Each section is a list of argument objects for one operation, applied in this order.
  static const std::vector<std::pair<const char*, const char*>> kSections = {
      {"cooperatives", "create-cooperative"}, {"entities", "create-entity"},
      {"bodies", "create-body"},              {"people", "create-person"},
      {"passwords", "reset-password"},        {"memberships", "add-membership"},
      {"rooms", "create-room"},
  };
  for (const auto& [section, op] : kSections) {
    if (!seed.contains(section)) continue;
    for (const json& args : seed.at(section)) {
      if (std::string_view(op) == "reset-password") {
        // Demo passwords are published in the README: a cheap hash is no loss and keeps the
        // demo (and every test that starts from it) quick to load.
        TRY(accounts_.set_password(args.value("email", ""), args.value("password", ""),
                                   auth::ScryptCost{.log2_n = 10, .r = 8, .p = 1}));
        continue;
      }
      auto made = run(op, args);
      if (!made && made.status().code() != "room_exists") {
        return Status::error(made.status().code(), std::string("seed ") + section + ": " +
                                                       made.status().message() + " in " +
                                                       args.dump());
      }
    }
  }
  return json{{"loaded", true}};
}

}  // namespace collegial::core
