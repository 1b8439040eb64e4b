#include "cluster/command_channel.hpp"

#include <openssl/rand.h>

#include <algorithm>
#include <vector>

#include "auth/policy.hpp"
#include "cluster/replay_window.hpp"
#include "cluster/signed_message.hpp"
#include "util/log.hpp"

namespace collegial::cluster {

namespace {

using nlohmann::json;


Status bad_message(const std::string& why) {
  return Status::error("bad_message", "a room's command on the bus: " + why);
}

// `text` holds literals (Bilingual keeps pointers to them).
Status people_refusal(std::string code, Bilingual text) {
  return Status::refusal(std::move(code), text, "{}", text.en);
}

Status in_doubt() {
  return people_refusal("in_doubt",
                        {"the room's node did not answer in time: this may or may not have been recorded; "
                         "rejoin the room with since to see",
                         "el nodo de la sala no respondió a tiempo: puede que esto se haya registrado o no; "
                         "vuelva a unirse a la sala con since para verlo"});
}

// No holder listens, or the command could not be sent: it reached no one.
Status unavailable() {
  return people_refusal("unavailable", {"the room is moving to another node; nothing was recorded; try again "
                                        "in a moment",
                                        "la sala está pasando a otro nodo; no se registró nada; vuelva a "
                                        "intentarlo en un momento"});
}

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// 16 random hex digits: this channel's inbox, which no other connection guesses.
std::string random_token() {
  unsigned char bytes[8];
  if (RAND_bytes(bytes, sizeof bytes) != 1) throw std::runtime_error("no random bytes for the bus's inbox");
  static const char* kHex = "0123456789abcdef";
  std::string out;
  for (unsigned char b : bytes) {
    out += kHex[b >> 4];
    out += kHex[b & 15];
  }
  return out;
}

json principal_json(const auth::Principal& who) {
  json roles = json::object();
  for (const auto& [body, held] : who.body_roles) {
    json names = json::array();
    for (const auto role : held) names.push_back(std::string(auth::name_of(role)));
    roles[std::to_string(body)] = std::move(names);
  }
  const char* kind = who.kind == auth::Principal::Kind::person ? "person"
                     : who.kind == auth::Principal::Kind::bot  ? "bot"
                                                               : "public";
  return {{"kind", kind}, {"id", who.id}, {"name", who.name}, {"is_admin", who.is_admin},
          {"body_roles", std::move(roles)}, {"bot_bodies", who.bot_bodies}};
}

auth::Role role_named(const std::string& name) {
  for (const auto role : auth::kAllRoles) {
    if (auth::name_of(role) == name) return role;
  }
  throw std::invalid_argument("no role '" + name + "'");
}

auth::Principal principal_from(const json& j) {
  auth::Principal who;
  const auto kind = j.at("kind").get<std::string>();
  if (kind == "person") who.kind = auth::Principal::Kind::person;
  else if (kind == "bot") who.kind = auth::Principal::Kind::bot;
  else if (kind == "public") who.kind = auth::Principal::Kind::public_;
  else throw std::invalid_argument("no principal kind '" + kind + "'");
  who.id = j.at("id").get<std::int64_t>();
  who.name = j.at("name").get<std::string>();
  who.is_admin = j.at("is_admin").get<bool>();
  for (const auto& [body, names] : j.at("body_roles").items()) {
    auto& held = who.body_roles[std::stoll(body)];
    for (const auto& name : names) held.push_back(role_named(name.get<std::string>()));
  }
  who.bot_bodies = j.at("bot_bodies").get<std::vector<std::int64_t>>();
  return who;
}

}  // namespace

std::string commands_subject(std::int64_t room_id) {
  return "collegial.room." + std::to_string(room_id) + ".cmd";
}

std::string encode_command(const RemoteCommand& c, std::string_view key) {
  const std::string text = json{{"room_id", c.room_id}, {"kind", c.kind}, {"id", c.id_json},
                                {"request", c.request}, {"who", principal_json(c.who)},
                                {"lang", c.lang}, {"node", c.node}, {"reply", c.reply}, {"from", c.from},
                                {"n", c.n}, {"sent_ms", c.sent_ms}}
                               .dump();
  return sign(key, text);
}

Result<RemoteCommand> decode_command(std::string_view payload, std::string_view key) {
  const auto opened = signed_text(payload, key);
  if (!opened) return bad_message("not signed with this deployment's key");
  const std::string_view text = *opened;
  const json j = json::parse(text, nullptr, false);
  if (!j.is_object()) return bad_message("not a JSON object");
  try {
    RemoteCommand c;
    c.room_id = j.at("room_id").get<std::int64_t>();
    c.kind = j.at("kind").get<std::string>();
    c.id_json = j.at("id").get<std::string>();
    c.request = j.at("request");
    c.who = principal_from(j.at("who"));
    c.lang = j.at("lang").get<std::string>();
    c.node = j.at("node").get<std::string>();
    c.reply = j.at("reply").get<std::string>();
    c.from = j.at("from").get<std::string>();
    c.n = j.at("n").get<std::uint64_t>();
    c.sent_ms = j.at("sent_ms").get<std::int64_t>();
    if (c.kind != "act" && c.kind != "say" && c.kind != "depart" && c.kind != "connections") {
      return bad_message("no kind '" + c.kind + "'");
    }
    return c;
  } catch (const std::exception& e) {
    return bad_message(e.what());
  }
}

CommandChannel::CommandChannel(NatsBus& bus, std::string key, std::string node)
    : bus_(bus), key_(std::move(key)), node_(std::move(node)), inbox_("_INBOX.collegial." + random_token()) {
  timer_ = std::thread([this] { expire(); });
}

CommandChannel::~CommandChannel() {
  answers_.reset();  // no answer is taken after this
  std::map<std::uint64_t, Waiting> left;
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    left.swap(waiting_);
  }
  wake_.notify_all();
  timer_.join();
  for (auto& [n, w] : left) w.answered(in_doubt());
}

Status CommandChannel::start() {
  auto subscribed = bus_.subscribe(inbox_ + ".*", [this](const Message& m) { on_answer(m); });
  if (!subscribed) return subscribed.status();
  answers_ = std::move(subscribed.value());
  return bus_.flush(std::chrono::seconds(5));
}

Result<std::unique_ptr<Subscription>> CommandChannel::serve(std::int64_t room_id, Serve serve) {
  // What this subscription has taken, per sender. The bus calls a subscription's handler for one
  // message at a time, so only that handler touches it.
  struct Taken {
    std::int64_t since_ms = 0;  // when the holder began serving the room, less the clocks' skew
    std::map<std::string, ReplayWindow> senders;
  };
  auto taken = std::make_shared<Taken>();
  taken->since_ms = now_ms() - kClockSkew.count();
  return bus_.subscribe(commands_subject(room_id), [this, room_id, taken, serve = std::move(serve)](const Message& m) {
    auto command = decode_command(m.payload, key_);
    if (!command) {
      LOG_WARN("command channel: " << command.status().message());
      return;
    }
    if (command->room_id != room_id) {
      LOG_WARN("command channel: a command for room " << command->room_id << " sent on room " << room_id << "'s subject");
      return;
    }
    if (command->reply != m.reply) {
      LOG_WARN("command channel: room " << room_id << ": a command from " << command->node
                                        << " whose answer was sent elsewhere; refused");
      return;
    }
    if (command->sent_ms < taken->since_ms) {
      LOG_WARN("command channel: room " << room_id << ": a command from " << command->node
                                        << " sent before this node served the room; refused (replayed, or "
                                           "the nodes' clocks disagree)");
      return;
    }
    if (!taken->senders[command->from].take(command->n)) {
      LOG_WARN("command channel: room " << room_id << ": command " << command->n << " from " << command->node
                                        << " taken already; refused (replayed)");
      return;
    }
    // The answer may come later, on another thread (after the commit); the reply subject is
    // all it needs, so the message is copied into the answer.
    serve(std::move(command.value()), [this, m](std::string answer) {
      if (m.reply.empty()) return;  // told, not asked
      if (Status sent = bus_.respond(m, sign(key_, m.reply + "\n" + answer)); !sent) {
        LOG_WARN("command channel: an answer was not sent: " << sent.message());
      }
    });
  });
}

void CommandChannel::forward(RemoteCommand command, std::chrono::milliseconds timeout, Answered answered) {
  std::uint64_t n = 0;
  {
    std::lock_guard lock(mutex_);
    n = ++next_;
    waiting_[n] = Waiting{std::move(answered), std::chrono::steady_clock::now() + timeout};
  }
  wake_.notify_all();  // the timer may have to wake earlier
  stamp(command, n, inbox_ + "." + std::to_string(n));
  const Status sent = bus_.publish_request(commands_subject(command.room_id), command.reply,
                                           encode_command(command, key_));
  if (sent) return;
  LOG_WARN("command channel: room " << command.room_id << ": " << sent.message());
  Answered now;
  {
    std::lock_guard lock(mutex_);
    const auto it = waiting_.find(n);
    if (it == waiting_.end()) return;  // answered meanwhile
    now = std::move(it->second.answered);
    waiting_.erase(it);
  }
  now(unavailable());  // never sent: nothing recorded
}

void CommandChannel::stamp(RemoteCommand& command, std::uint64_t n, std::string reply) const {
  command.node = node_;
  command.from = inbox_;
  command.n = n;
  command.reply = std::move(reply);
  command.sent_ms = now_ms();
}

void CommandChannel::tell(RemoteCommand command) {
  std::uint64_t n = 0;
  {
    std::lock_guard lock(mutex_);
    n = ++next_;
  }
  stamp(command, n, "");
  if (Status sent = bus_.publish(commands_subject(command.room_id), encode_command(command, key_)); !sent) {
    LOG_WARN("command channel: room " << command.room_id << ": " << sent.message());
  }
}

void CommandChannel::on_answer(const Message& message) {
  const auto dot = message.subject.rfind('.');
  std::uint64_t n = 0;
  try {
    n = std::stoull(message.subject.substr(dot + 1));
  } catch (const std::exception&) {
    return;
  }
  // Signed by a node, for this request; otherwise it is not the holder's answer and is ignored
  // (the real one may still come; if none does, the command is in doubt). The server's word
  // that nobody listens carries no payload to sign.
  std::optional<std::string> answer;
  if (!message.no_responders) {
    const auto text = signed_text(message.payload, key_);
    const std::string prefix = message.subject + "\n";
    if (!text || text->substr(0, prefix.size()) != prefix) {
      LOG_WARN("command channel: an answer on " << message.subject << " not signed for it; ignored");
      return;
    }
    answer = std::string(text->substr(prefix.size()));
  }
  Answered answered;
  {
    std::lock_guard lock(mutex_);
    const auto it = waiting_.find(n);
    if (it == waiting_.end()) return;  // expired already
    answered = std::move(it->second.answered);
    waiting_.erase(it);
  }
  if (answer) {
    answered(std::move(*answer));
  } else {
    answered(unavailable());
  }
}

void CommandChannel::expire() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    const auto now = std::chrono::steady_clock::now();
    std::vector<Answered> late;
    auto earliest = std::chrono::steady_clock::time_point::max();
    for (auto it = waiting_.begin(); it != waiting_.end();) {
      if (it->second.deadline <= now) {
        late.push_back(std::move(it->second.answered));
        it = waiting_.erase(it);
      } else {
        earliest = std::min(earliest, it->second.deadline);
        ++it;
      }
    }
    if (!late.empty()) {
      lock.unlock();
      for (auto& a : late) a(in_doubt());
      lock.lock();
      continue;
    }
    if (earliest == std::chrono::steady_clock::time_point::max()) {
      wake_.wait(lock);
    } else {
      wake_.wait_until(lock, earliest);
    }
  }
}

}  // namespace collegial::cluster
