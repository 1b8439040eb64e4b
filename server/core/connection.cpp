#include "core/connection.hpp"

#include <algorithm>

#include "core/protocol.hpp"
#include "i18n/messages.hpp"

namespace collegial::core {

namespace code = protocol::code;
using protocol::make_error;

namespace {

constexpr Bilingual kCredentialsEnded{
    "the credentials of this connection ended; log in again",
    "las credenciales de esta conexión terminaron; inicie sesión de nuevo"};

// Answers request `id` with a refusal in the client's language.
void refuse(const std::shared_ptr<Peer>& self, std::string_view id, std::string_view code_name,
            Bilingual text, const nlohmann::json& args = nlohmann::json::object()) {
  self->send(make_error(id, i18n::refusal(std::string(code_name), text, args), self->lang()));
}

}  // namespace

Connection::Connection(RoomHub& hub, const ConnectionLimits& limits, Post post)
    : hub_(hub),
      limits_(limits),
      principal_(auth::public_principal()),
      post_(std::move(post)),
      tokens_(limits.burst),
      refilled_(std::chrono::steady_clock::now()) {}

Connection::~Connection() {
  if (watch_id_) hub_.credentials().remove(*watch_id_);
}

bool Connection::take_token() {
  if (limits_.rate_per_second <= 0) return true;
  const auto now = std::chrono::steady_clock::now();
  const double elapsed = std::chrono::duration<double>(now - refilled_).count();
  refilled_ = now;
  tokens_ = std::min(limits_.burst, tokens_ + elapsed * limits_.rate_per_second);
  if (tokens_ < 1) return false;
  tokens_ -= 1;
  return true;
}

void Connection::on_binary(const std::shared_ptr<Peer>& self) {
  refuse(self, "null", code::binary_frame,
         {"binary frames are not part of the protocol; send JSON text",
          "los marcos binarios no forman parte del protocolo; envíe texto JSON"});
}

void Connection::on_text(const std::shared_ptr<Peer>& self, std::string_view text) {
  protocol::Request request;
  if (Status parsed = protocol::parse_request(text, limits_.max_depth, request); !parsed) {
    self->send(make_error(request.id_json, parsed, self->lang()));
    return;
  }
  if (!take_token()) {
    refuse(self, request.id_json, code::rate_limited,
           {"too many requests; slow down", "demasiadas solicitudes; vaya más despacio"});
    return;
  }
  // Held behind a room that is loading; the rate limit bounds how many can wait.
  if (waiting_) {
    held_.push_back(std::move(request));
    return;
  }
  dispatch(self, request);
}

void Connection::loaded(const std::shared_ptr<Peer>& self, const std::string& name,
                        std::shared_ptr<Room> room) {
  if (closed_) return;
  waiting_ = false;
  just_loaded_.emplace(name, std::move(room));
  // The request that asked for the room comes first, then the rest in order, until one waits
  // for another load.
  while (!waiting_ && !held_.empty()) {
    const protocol::Request request = std::move(held_.front());
    held_.pop_front();
    dispatch(self, request);
  }
  just_loaded_.reset();
}

void Connection::dispatch(const std::shared_ptr<Peer>& self, const protocol::Request& request) {
  current_ = &request;
  const std::string& id = request.id_json;
  if (request.type == "hello") return hello(self, id, request.message);
  if (request.type == "language") return language(self, id, request.message);
  if (request.type != "join" && request.type != "leave" && request.type != "say" &&
      request.type != "act" && request.type != "view" && request.type != "read") {
    refuse(self, id, code::unknown_type,
           {"unknown request type ''{type}''", "tipo de solicitud desconocido: ''{type}''"},
           {{"type", request.type}});
    return;
  }
  if (!greeted_) {
    refuse(self, id, code::hello_required,
           {"send hello before any other request", "envíe hello antes de cualquier otra solicitud"});
    return;
  }
  if (!hub_.accepting()) {
    refuse(self, id, code::unavailable, {"the server is shutting down", "el servidor se está apagando"});
    return;
  }
  if (!credentials_hold(self, id)) return;
  if (request.type == "join") return join(self, id, request.message);
  if (request.type == "leave") return leave(self, id, request.message);
  if (request.type == "act") return act(self, id, request.message);
  if (request.type == "view") {
    if (auto room = room_of(self, id, request.message)) room->view(self, id);
    return;
  }
  if (request.type == "read") return read(self, id, request.message);
  return say(self, id, request.message);
}

void Connection::hello(const std::shared_ptr<Peer>& self, const std::string& id,
                       const nlohmann::json& m) {
  if (greeted_) {
    refuse(self, id, code::already_hello, {"hello was already accepted", "hello ya fue aceptado"});
    return;
  }
  std::optional<std::int64_t> version;
  if (Status s = protocol::optional_integer(m, "protocol", version); !s) {
    self->send(make_error(id, s, self->lang()));
    return;
  }
  if (!version) {
    refuse(self, id, code::missing_field,
           {"field ''protocol'' is required", "falta el campo ''protocol''"});
    return;
  }
  if (*version != protocol::kVersion) {
    refuse(self, id, code::unsupported_version,
           {"this server speaks protocol {version}", "este servidor habla el protocolo {version}"},
           {{"version", protocol::kVersion}});
    return;
  }
  if (m.contains("lang") && !choose_lang(self, id, m)) return;
  // With a token the client acts as that person or bot; without one it is the public (N1).
  if (m.contains("token")) {
    std::string token;
    if (Status s = protocol::require_string(m, "token", token); !s) {
      self->send(make_error(id, s, self->lang()));
      return;
    }
    auth::Accounts* accounts = hub_.accounts();
    // Read before resolving: a change made meanwhile is then seen by the next request.
    const std::uint64_t generation = accounts ? accounts->generation() : 0;
    std::int64_t expires_ms = 0;
    std::optional<auth::Principal> who =
        accounts ? accounts->resolve(token, &expires_ms) : std::nullopt;
    if (!who) {
      refuse(self, id, code::bad_token,
             {"the token is unknown, expired or revoked; log in again",
              "la credencial es desconocida, venció o fue revocada; inicie sesión de nuevo"});
      return;
    }
    principal_ = std::make_shared<const auth::Principal>(std::move(*who));
    token_ = std::move(token);
    token_expires_ms_ = expires_ms;
    seen_generation_ = generation;
    // Idle sockets too: a logout elsewhere must close this one without waiting for it to speak.
    // The weak pointer keeps the watch from holding the socket open; while the recheck runs,
    // `peer` keeps the socket, and this connection inside it, alive.
    watch_id_ = hub_.credentials().add([this, weak = std::weak_ptr<Peer>(self)] {
      if (auto peer = weak.lock()) post_([this, peer] { recheck_credentials(peer); });
    });
    self->authenticated();
  }
  greeted_ = true;
  const auth::Principal& p = *principal_;
  const nlohmann::json extra = {{"protocol", protocol::kVersion},
                                {"actor", p.actor()},
                                {"name", p.kind == auth::Principal::Kind::public_ ? "public"
                                                                                 : p.name},
                                {"lang", i18n::tag_of(self->lang())}};
  self->send(protocol::make_ack(id, std::nullopt, &extra));
}

bool Connection::choose_lang(const std::shared_ptr<Peer>& self, const std::string& id,
                             const nlohmann::json& m) {
  std::string tag;
  if (Status s = protocol::require_string(m, "lang", tag); !s) {
    self->send(make_error(id, s, self->lang()));
    return false;
  }
  const std::optional<i18n::Lang> lang = i18n::parse_lang(tag);
  if (!lang) {
    refuse(self, id, code::bad_field,
           {"field ''lang'' is \"en\" or \"es\"", "el campo ''lang'' es \"en\" o \"es\""});
    return false;
  }
  self->set_lang(*lang);
  return true;
}

void Connection::language(const std::shared_ptr<Peer>& self, const std::string& id,
                          const nlohmann::json& m) {
  if (!choose_lang(self, id, m)) return;
  const nlohmann::json extra = {{"lang", i18n::tag_of(self->lang())}};
  self->send(protocol::make_ack(id, std::nullopt, &extra));
}

std::shared_ptr<Room> Connection::room_of(const std::shared_ptr<Peer>& self, const std::string& id,
                                          const nlohmann::json& m) {
  std::string name;
  if (Status s = protocol::require_string(m, "room", name); !s) {
    self->send(make_error(id, s, self->lang()));
    return nullptr;
  }
  if (!valid_room_name(name)) {
    refuse(self, id, code::bad_field,
           {"field ''room'' must be 1 to 64 of a-z 0-9 . _ - (starting with a letter or digit)",
            "el campo ''room'' debe tener de 1 a 64 de a-z 0-9 . _ - (y empezar con una letra o un "
            "dígito)"});
    return nullptr;
  }
  for (const auto& joined : rooms_) {
    if (joined->name() == name) return joined;
  }
  std::shared_ptr<Room> room;
  if (just_loaded_ && just_loaded_->first == name) {
    room = just_loaded_->second;
  } else if (!(room = hub_.loaded_room(name))) {
    // Not loaded: the load runs on the hub's threads and this request waits for it, with every
    // later one (see the header).
    waiting_ = true;
    held_.push_front(*current_);
    hub_.find_async(name, [this, self, name, post = post_](std::shared_ptr<Room> found) {
      post([this, self, name, found = std::move(found)]() mutable { loaded(self, name, std::move(found)); });
    });
    return nullptr;
  }
  if (!room) {
    refuse(self, id, code::unknown_room, {"no room named ''{room}''", "no hay ninguna sala llamada ''{room}''"},
           {{"room", name}});
  }
  return room;
}

void Connection::join(const std::shared_ptr<Peer>& self, const std::string& id,
                      const nlohmann::json& m) {
  auto room = room_of(self, id, m);
  if (!room) return;
  std::optional<std::int64_t> since;
  if (Status s = protocol::optional_integer(m, "since", since); !s) {
    self->send(make_error(id, s, self->lang()));
    return;
  }
  bool views = false;
  if (const auto it = m.find("views"); it != m.end()) {
    if (!it->is_boolean()) {
      refuse(self, id, code::bad_field, {"field ''views'' is true or false", "el campo ''views'' es true o false"});
      return;
    }
    views = it->get<bool>();
  }
  if (std::find(rooms_.begin(), rooms_.end(), room) == rooms_.end()) rooms_.push_back(room);
  room->join(self, id, since, principal_, views);
}

void Connection::leave(const std::shared_ptr<Peer>& self, const std::string& id,
                       const nlohmann::json& m) {
  auto room = room_of(self, id, m);
  if (!room) return;
  room->leave(self, id);
}

void Connection::say(const std::shared_ptr<Peer>& self, const std::string& id,
                     const nlohmann::json& m) {
  auto room = room_of(self, id, m);
  if (!room) return;
  std::string text;
  if (Status s = protocol::require_string(m, "text", text); !s) {
    self->send(make_error(id, s, self->lang()));
    return;
  }
  if (text.empty()) {
    refuse(self, id, code::bad_field,
           {"field ''text'' must not be empty", "el campo ''text'' no debe estar vacío"});
    return;
  }
  if (text.size() > limits_.max_text_bytes) {
    refuse(self, id, code::too_large,
           {"field ''text'' is longer than {bytes} bytes", "el campo ''text'' pasa de {bytes} bytes"},
           {{"bytes", limits_.max_text_bytes}});
    return;
  }
  std::optional<std::int64_t> reply_to;
  if (Status s = protocol::optional_integer(m, "reply_to", reply_to); !s) {
    self->send(make_error(id, s, self->lang()));
    return;
  }
  if (reply_to && *reply_to < 1) {
    refuse(self, id, code::bad_field,
           {"field ''reply_to'' is the seq of a message in the room",
            "el campo ''reply_to'' es el seq de un mensaje de la sala"});
    return;
  }
  room->say(self, id, principal_, std::move(text), reply_to);
}

void Connection::act(const std::shared_ptr<Peer>& self, const std::string& id,
                     const nlohmann::json& m) {
  auto room = room_of(self, id, m);
  if (!room) return;
  std::string op;
  if (Status s = protocol::require_string(m, "op", op); !s) {
    self->send(make_error(id, s, self->lang()));
    return;
  }
  Command command{op, nlohmann::json::object()};
  if (const auto args = m.find("args"); args != m.end() && !args->is_null()) {
    if (!args->is_object()) {
      refuse(self, id, code::bad_field,
             {"field ''args'' must be an object", "el campo ''args'' debe ser un objeto"});
      return;
    }
    command.args = *args;
  }
  room->act(self, id, principal_, std::move(command));
}

void Connection::read(const std::shared_ptr<Peer>& self, const std::string& id,
                      const nlohmann::json& m) {
  auto room = room_of(self, id, m);
  if (!room) return;
  std::string plugin;
  if (Status s = protocol::require_string(m, "plugin", plugin); !s) {
    self->send(make_error(id, s, self->lang()));
    return;
  }
  const auto query = m.find("query");
  if (query != m.end() && !query->is_object()) {
    refuse(self, id, code::bad_field,
           {"field ''query'' must be an object", "el campo ''query'' debe ser un objeto"});
    return;
  }
  room->read(self, id, std::move(plugin),
             query == m.end() ? nlohmann::json::object() : *query);
}

bool Connection::credentials_hold(const std::shared_ptr<Peer>& self, const std::string& id) {
  if (credentials_ended_) {
    refuse(self, id, code::bad_token, kCredentialsEnded);
    return false;
  }
  if (token_.empty()) return true;  // the public: nothing to end
  const auth::Accounts* accounts = hub_.accounts();
  const bool moved = accounts && accounts->generation() != seen_generation_;
  if (!moved && hub_.clock().now_ms() < token_expires_ms_) return true;
  if (recheck_credentials(self)) return true;
  refuse(self, id, code::bad_token, kCredentialsEnded);
  return false;
}

bool Connection::recheck_credentials(const std::shared_ptr<Peer>& self) {
  if (closed_ || credentials_ended_) return false;
  if (token_.empty()) return true;
  auth::Accounts* accounts = hub_.accounts();
  const std::uint64_t generation = accounts ? accounts->generation() : 0;
  std::int64_t expires_ms = 0;
  std::optional<auth::Principal> who = accounts ? accounts->resolve(token_, &expires_ms) : std::nullopt;
  if (!who) {
    // Acts for nobody from here on; rooms stop sending to it at once, not when the close ends.
    credentials_ended_ = true;
    held_.clear();
    for (const auto& room : rooms_) room->detach(self);
    rooms_.clear();
    if (watch_id_) hub_.credentials().remove(*watch_id_);
    watch_id_.reset();
    self->close(protocol::kCloseCredentialsEnded,
                "the credentials of this connection were logged out, revoked or expired");
    return false;
  }
  seen_generation_ = generation;
  token_expires_ms_ = expires_ms;
  if (*who == *principal_) return true;
  // Roles, a bot's scope or the administrator's flag changed: every room joined judges this
  // subscriber again (what it may read, whether it may stay).
  principal_ = std::make_shared<const auth::Principal>(std::move(*who));
  for (const auto& room : rooms_) room->reassess(self, principal_);
  return true;
}

void Connection::on_close(const std::shared_ptr<Peer>& self) {
  if (watch_id_) hub_.credentials().remove(*watch_id_);
  watch_id_.reset();
  closed_ = true;
  held_.clear();
  for (const auto& room : rooms_) room->detach(self);
  rooms_.clear();
}

}  // namespace collegial::core
