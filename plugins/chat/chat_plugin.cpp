#include "chat/chat_plugin.hpp"

#include <stdexcept>

#include "common/snapshot_fields.hpp"
#include "util/local_time.hpp"

namespace collegial::plugins {

using nlohmann::json;

namespace {

constexpr std::size_t kMaxText = 4096;  // as a chat message (protocol)
constexpr std::int64_t kMaxMuteMinutes = 7 * 24 * 60;

std::int64_t integer(const json& args, const char* key) {
  const auto it = args.find(key);
  return it != args.end() && it->is_number_integer() ? it->get<std::int64_t>() : 0;
}

// Snapshots: the format number, and the name their refusals give.
constexpr std::int64_t kSnapshotVersion = 3;  // 2: messages packed; 3: as bytes (message_index.hpp)
constexpr std::string_view kPlugin = "chat";

}  // namespace

std::vector<core::Operation> ChatPlugin::operations() const {
  using core::Arg;
  const Arg message = Arg::integer("message").at_least(1).needed();  // the message's seq
  const Arg person = Arg::integer("person").at_least(1);  // or "/mute 12": the chat text
  return {{"chat.edit", auth::Action::say, "", {message, Arg::string("text").up_to(kMaxText).needed()}},
          {"chat.delete", auth::Action::say, "", {message}},
          {"chat.remove", auth::Action::moderate, "", {message, Arg::string("reason").up_to(2000).needed()}},
          {"chat.mute", auth::Action::moderate, "/mute",
           {person, Arg::integer("minutes").between(1, kMaxMuteMinutes), Arg::string("reason").up_to(2000),
            core::chat_text()}},
          {"chat.unmute", auth::Action::moderate, "/unmute", {person, core::chat_text()}}};
}

Status ChatPlugin::muted(const auth::Principal& who, std::int64_t now_ms) const {
  if (who.kind != auth::Principal::Kind::person) return Status::ok();
  const auto it = muted_.find(who.id);
  if (it == muted_.end() || (it->second.until_ms != 0 && now_ms >= it->second.until_ms)) return Status::ok();
  if (it->second.until_ms == 0) {
    return core::refuse("muted", {"L1: {by} muted you in this room until a moderator unmutes you",
                                  "L1: {by} le silenci\u00f3 en esta sala hasta que una persona moderadora le quite el "
                                  "silencio"},
                        {{"by", it->second.by}});
  }
  // The English names the instant as the body's zone wrote it; other readers have it from until_ms.
  return core::refuse("muted", {"L1: {by} muted you in this room until {until}",
                                "L1: {by} le silenci\u00f3 en esta sala hasta el {until_ms}"},
                      {{"by", it->second.by}, {"until", it->second.until_text}, {"until_ms", it->second.until_ms}});
}

Status ChatPlugin::check_message(const json& message, const auth::Principal& who, std::int64_t now_ms) const {
  if (Status s = muted(who, now_ms); !s) return s;
  if (const auto to = message.find("reply_to"); to != message.end()) {
    const auto found = messages_.find(to->get<std::int64_t>());
    if (!found || found->gone) {
      return core::refuse("no_message",
                          {"L1: message {message} is not a message of this room to reply to",
                           "L1: el mensaje {message} no es un mensaje de esta sala al que se pueda responder"},
                          {{"message", to->dump()}});
    }
  }
  return Status::ok();
}

Result<std::vector<core::Proposed>> ChatPlugin::decide(const core::Command& command,
                                                       const core::RoomContext& c) const {
  const std::string& op = command.op;
  if (op == "chat.mute" || op == "chat.unmute") {
    std::int64_t person = integer(command.args, "person");
    if (person == 0) {  // "/mute 12"
      try {
        person = std::stoll(command.args.value("text", "0"));
      } catch (const std::exception&) {
      }
    }
    const core::Seat* seat = c.roster.seat_of(person);
    if (person <= 0) {
      return core::refuse("bad_field", {"name the person: '{\"person\": id}'", "indique la persona: '{\"person\": id}'"});
    }
    if (op == "chat.unmute") {
      if (!muted_.count(person)) {
        return core::refuse("not_muted", {"person {person, number, ::group-off} is not muted",
                                          "la persona {person, number, ::group-off} no est\u00e1 silenciada"},
                            {{"person", person}});
      }
      return std::vector<core::Proposed>{{"chat.unmuted", {{"person", person}, {"by", c.who.name}}, ""}};
    }
    if (person == c.who.id) {
      return core::refuse("bad_field", {"moderators do not mute themselves",
                                        "las personas moderadoras no se silencian a s\u00ed mismas"});
    }
    const auto minutes = command.args.find("minutes");
    if (minutes != command.args.end() &&
        (!minutes->is_number_integer() || *minutes < 1 || *minutes > kMaxMuteMinutes)) {
      return core::refuse("bad_field",
                          {"minutes is 1 to {max, number, ::group-off}, or absent: until unmuted",
                           "el campo minutes es de 1 a {max, number, ::group-off}, o se omite: hasta que se quite el "
                           "silencio"},
                          {{"max", kMaxMuteMinutes}});
    }
    const std::int64_t until = minutes == command.args.end() ? 0 : c.now_ms + minutes->get<std::int64_t>() * 60'000;
    return std::vector<core::Proposed>{{"chat.muted",
                                        {{"person", person},
                                         {"name", seat ? seat->name : ""},
                                         {"until_ms", until == 0 ? json() : json(until)},
                                         {"until_text", until == 0 ? std::string() : describe_local(until, c.roster.body ? c.roster.body->time_zone : "America/Denver")},
                                         {"reason", command.args.value("reason", "")},
                                         {"by", c.who.name}},
                                        ""}};
  }
  const std::int64_t number = integer(command.args, "message");
  const auto found = messages_.find(number);
  if (!found) {
    return core::refuse("no_message", {"name a chat message of this room: '{\"message\": seq}'",
                                       "indique un mensaje de chat de esta sala: '{\"message\": seq}'"});
  }
  if (found->gone) {
    return core::refuse("no_message", {"message {message, number, ::group-off} was deleted or removed",
                                       "el mensaje {message, number, ::group-off} fue borrado o retirado"},
                        {{"message", number}});
  }
  if (op == "chat.remove") {
    const std::string reason = command.args.value("reason", "");
    if (reason.empty()) {
      return core::refuse("bad_field", {"say why the message is removed: '{\"reason\": …}'",
                                        "indique por qu\u00e9 se retira el mensaje: '{\"reason\": …}'"});
    }
    return std::vector<core::Proposed>{
        {"chat.removed", {{"message", number}, {"reason", reason}, {"by", c.who.name}}, ""}};
  }
  if (op != "chat.edit" && op != "chat.delete") {
    return core::refuse("unknown_operation",
                        {"the chat plugin has no ''{op}''", "el complemento chat no tiene la operaci\u00f3n ''{op}''"},
                        {{"op", op}});
  }
  // L1: only the author edits or deletes a message.
  if (found->actor != c.who.actor()) {
    return core::refuse("not_author", {"L1: only the author of message {message, number, ::group-off} may change it",
                                       "L1: solo quien escribi\u00f3 el mensaje {message, number, ::group-off} puede "
                                       "cambiarlo"},
                        {{"message", number}});
  }
  if (Status s = muted(c.who, c.now_ms); !s) return s;
  if (op == "chat.delete") return std::vector<core::Proposed>{{"chat.deleted", {{"message", number}}, ""}};
  const auto text = command.args.find("text");
  if (text == command.args.end() || !text->is_string() || text->get_ref<const std::string&>().empty() ||
      text->get_ref<const std::string&>().size() > kMaxText) {
    return core::refuse("bad_field", {"text is the new wording, 1 to {max, number, ::group-off} bytes",
                                      "el campo text es la nueva redacci\u00f3n, de 1 a {max, number, ::group-off} bytes"},
                        {{"max", kMaxText}});
  }
  return std::vector<core::Proposed>{{"chat.edited", {{"message", number}, {"text", *text}}, ""}};
}

void ChatPlugin::apply(const record::Event& event, const json& body) {
  if (event.type == "chat.message") {
    messages_.add(event.seq, event.actor);
    return;
  }
  if (!body.is_object()) return;
  if (event.type == "chat.deleted" || event.type == "chat.removed") {
    messages_.mark_gone(integer(body, "message"));
  } else if (event.type == "chat.edited") {
    messages_.add_edit(integer(body, "message"), event.seq);
  } else if (event.type == "chat.muted") {
    const auto until = body.find("until_ms");
    muted_[integer(body, "person")] = Mute{body.value("name", ""),
                                           until != body.end() && until->is_number_integer() ? until->get<std::int64_t>() : 0,
                                           body.value("until_text", ""), body.value("by", ""),
                                           body.value("reason", "")};
  } else if (event.type == "chat.unmuted") {
    muted_.erase(integer(body, "person"));
  }
}

std::optional<core::Plugin::Redaction> ChatPlugin::redacts(const record::Event& event, const json& body) const {
  if (event.type != "chat.deleted" && event.type != "chat.removed") return std::nullopt;
  const std::int64_t number = integer(body, "message");
  const auto found = messages_.find(number);
  if (!found) return std::nullopt;
  // L1: whoever joins afterwards receives neither the message nor its edited wordings.
  Redaction r;
  r.seqs.push_back(number);
  r.seqs.insert(r.seqs.end(), found->edits->begin(), found->edits->end());
  if (event.type == "chat.removed") {
    r.line = "Removed by a moderator: ";
    r.line += body.value("reason", std::string());
  } else {
    r.line = "Deleted by its author.";
  }
  return r;
}

json ChatPlugin::view() const {
  json muted = json::array();
  for (const auto& [person, m] : muted_) {
    muted.push_back({{"person", person},
                     {"name", m.name},
                     {"until_ms", m.until_ms ? json(m.until_ms) : json()},
                     {"until_text", m.until_text},
                     {"reason", m.reason},
                     {"by", m.by}});
  }
  return {{"muted", muted}};
}

// Saves every message's author, whether it is gone and the seqs of its edits (packed: see
// message_index.hpp), and every mute in force (by person id, until_ms 0 meaning until unmuted).
json ChatPlugin::snapshot() const {
  const auto mute = [](const Mute& m) {
    return json{{"name", m.name}, {"until_ms", m.until_ms}, {"until_text", m.until_text}, {"by", m.by},
                {"reason", m.reason}};
  };
  return {{"v", kSnapshotVersion},
          {"messages", messages_.snapshot()},
          {"muted", snapshot::pairs(muted_, mute)}};
}

// Takes back all of snapshot(): every field is read first, so a refused state changes nothing.
void ChatPlugin::restore(const json& state) {
  snapshot::check_version(state, kSnapshotVersion, kPlugin);
  const auto mute = [](const json& s) {
    return Mute{s.at("name").get<std::string>(), snapshot::int64(s.at("until_ms"), kPlugin),
                s.at("until_text").get<std::string>(), s.at("by").get<std::string>(),
                s.at("reason").get<std::string>()};
  };
  const auto increasing = snapshot::Keys::increasing;
  auto messages = MessageIndex::restore(snapshot::typed(state.at("messages"), json::value_t::object, kPlugin));
  auto muted = snapshot::unpairs<Mute>(state.at("muted"), mute, kPlugin, increasing);
  messages_ = std::move(messages);
  muted_ = std::move(muted);
}

}  // namespace collegial::plugins
