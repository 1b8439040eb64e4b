#include "delivery/media_administration.hpp"


#include "i18n/messages.hpp"

namespace collegial::delivery {
namespace {

using nlohmann::json;

constexpr Bilingual kRequired{"''{field}'' is required", "el campo ''{field}'' es obligatorio"};

// The text argument `key`: missing_field when required and absent, bad_field when not text.
Status text(const json& args, const char* key, std::string& out, bool required = true) {
  const auto it = args.find(key);
  if (it == args.end() || it->is_null() || (it->is_string() && it->get<std::string>().empty())) {
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

// A positive id, as a number or as decimal text.
Status id(const json& args, const char* key, std::int64_t& out) {
  const auto it = args.find(key);
  if (it == args.end() || it->is_null()) {
    return i18n::refusal("missing_field", kRequired, {{"field", key}});
  }
  out = 0;
  if (it->is_number_integer()) {
    out = it->get<std::int64_t>();
  } else if (it->is_string()) {
    const std::string s = it->get<std::string>();
    if (s.empty() || s.size() > 18 || s.find_first_not_of("0123456789") != std::string::npos) {
      out = 0;
    } else {
      out = std::stoll(s);
    }
  }
  if (out <= 0) {
    return i18n::refusal("bad_field", {"''{field}'' must be an id", "el campo ''{field}'' debe ser un identificador"},
                         {{"field", key}});
  }
  return Status::ok();
}

Result<store::Body> body_of(store::Directory& directory, const json& args) {
  std::string slug;
  if (Status s = text(args, "body", slug); !s) return s;
  auto body = directory.body_by_slug(slug);
  if (!body) {
    return i18n::refusal("not_found", {"no body ''{body}''", "no hay ningún órgano ''{body}''"},
                         {{"body", slug}});
  }
  return *body;
}

json to_json(const MediaSubscriber& s, const std::string& body_slug) {
  json out = {{"id", s.id},
              {"body", body_slug},
              {"name", s.name},
              {"channel", name_of(s.channel)},
              {"address", s.address},
              {"signed", s.has_secret},
              {"requested", s.requested_on},
              {"recorded_ms", s.recorded_ms},
              {"ended_ms", nullptr}};
  if (s.ended_ms) out["ended_ms"] = *s.ended_ms;
  return out;
}

json to_json(const Delivery& d) {
  json out = {{"id", d.id},
              {"subscriber_id", d.subscriber_id},
              {"subscriber", d.subscriber_name},
              {"channel", name_of(d.channel)},
              {"address", d.address},
              {"source", d.source},
              {"subject", d.subject},
              {"status", name_of(d.status)},
              {"attempts", d.attempts},
              {"created_ms", d.created_ms},
              {"next_attempt_ms", nullptr},
              {"last_error", nullptr},
              {"delivered_ms", nullptr}};
  if (d.status == DeliveryStatus::pending) out["next_attempt_ms"] = d.next_attempt_ms;
  if (d.last_error) out["last_error"] = *d.last_error;
  if (d.delivered_ms) out["delivered_ms"] = *d.delivered_ms;
  return out;
}

#define TRY(expr)                  \
  do {                             \
    if (Status s_ = (expr); !s_) { \
      return s_;                   \
    }                              \
  } while (0)

Result<json> add_subscriber(Outbox& outbox, store::Directory& directory, const json& args,
                            std::int64_t now_ms) {
  auto body = body_of(directory, args);
  if (!body) return body.status();
  SubscriberRequest r;
  r.body_id = body->id;
  std::string email, webhook;
  TRY(text(args, "name", r.name));
  TRY(text(args, "email", email, false));
  TRY(text(args, "webhook", webhook, false));
  TRY(text(args, "requested", r.requested_on));
  TRY(text(args, "secret", r.secret, false));
  if (email.empty() == webhook.empty()) {
    return i18n::refusal(email.empty() ? "missing_field" : "bad_field",
                         {"give either ''email'' or ''webhook'', the address notices go to",
                          "indique ''email'' o ''webhook'': la dirección a la que se envían los avisos"});
  }
  r.channel = email.empty() ? Channel::webhook : Channel::email;
  r.address = email.empty() ? webhook : email;
  auto made = outbox.add_subscriber(r, now_ms);
  if (!made) return made.status();
  return to_json(made.value(), body->slug);
}

Result<json> list_subscribers(Outbox& outbox, store::Directory& directory, const json& args) {
  auto body = body_of(directory, args);
  if (!body) return body.status();
  json list = json::array();
  for (const auto& s : outbox.subscribers(body->id)) list.push_back(to_json(s, body->slug));
  return json{{"body", body->slug}, {"subscribers", list}};
}

Result<json> list_deliveries(Outbox& outbox, store::Directory& directory, const json& args) {
  auto body = body_of(directory, args);
  if (!body) return body.status();
  std::string source;
  TRY(text(args, "source", source, false));
  json list = json::array();
  const auto found =
      outbox.deliveries(body->id, source.empty() ? std::nullopt : std::optional(source));
  for (const auto& d : found) list.push_back(to_json(d));
  return json{{"body", body->slug}, {"deliveries", list}};
}

}  // namespace

std::vector<std::string> media_operations() {
  return {
      "add-media-subscriber: body name (email | webhook) requested(YYYY-MM-DD) [secret] "
      "(N7: an outlet that asked in writing for notice)",
      "end-media-subscriber: id",
      "list-media-subscribers: body",
      "list-deliveries: body [source]",
      "retry-delivery: id (a failed delivery, once its cause is fixed)",
  };
}

std::optional<Result<json>> run_media_operation(Outbox& outbox, store::Directory& directory,
                                                const std::string& op, const json& args,
                                                std::int64_t now_ms) {
  if (op != "add-media-subscriber" && op != "end-media-subscriber" &&
      op != "list-media-subscribers" && op != "list-deliveries" && op != "retry-delivery") {
    return std::nullopt;
  }
  if (!args.is_object())
    return Result<json>(i18n::refusal("bad_field", {"arguments must be an object",
                                                    "los argumentos deben ser un objeto"}));
  try {
    if (op == "add-media-subscriber") return add_subscriber(outbox, directory, args, now_ms);
    if (op == "list-media-subscribers") return list_subscribers(outbox, directory, args);
    if (op == "list-deliveries") return list_deliveries(outbox, directory, args);
    std::int64_t which = 0;
    if (Status s = id(args, "id", which); !s) return Result<json>(s);
    if (op == "retry-delivery") {
      if (Status s = outbox.retry(which, now_ms); !s) return Result<json>(s);
      return Result<json>(json{{"id", which}, {"status", "pending"}, {"next_attempt_ms", now_ms}});
    }
    if (Status s = outbox.end_subscriber(which, now_ms); !s) return Result<json>(s);
    return Result<json>(json{{"id", which}, {"ended_ms", now_ms}});
  } catch (const store::sql::Error& e) {
    return Result<json>(Status::error("store_failed", std::string("media: ") + e.what()));
  }
}

}  // namespace collegial::delivery
