// A room's commands, carried from the node where a member is connected to the node that decides
// the room (issue #18 §3; docs/architecture.md, "Several nodes").
//
// Only the holder of a room's lease decides its commands, on its committed state, in one order.
// A member connected to another node (a follower of the room) is served there for everything
// that reads; what would append (an act, a chat message, the departure of a person's last
// connection) is sent here to the holder, which runs it as if the member were connected to it
// and answers with exactly the frame it would have sent: an ack with the seq of the last event,
// or an error. The follower holds an ack back until its own copy of the room has the event, so
// that a client sees its events before their ack on every node, as on one.
//
// When the holder cannot be asked, the follower answers for it:
// - `unavailable`: nobody serves the room now (the lease is changing hands, or no node holds
//   it yet); the command reached no one, so nothing was recorded, and it may be sent again.
// - `in_doubt`: the holder took the command but did not answer in time (it died or stalled);
//   it may or may not have been recorded. A client rejoins with `since` and sees.
//
// Messages are signed with the deployment's key, as the room feed's are: a command carries who
// sends it (a principal the follower resolved from a session), which the holder trusts only from
// a node.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "auth/principal.hpp"
#include "cluster/nats_bus.hpp"
#include "util/result.hpp"
#include "util/status.hpp"

namespace collegial::cluster {

struct RemoteCommand {
  std::int64_t room_id = 0;
  // "act" {op, args}; "say" {text, reply_to?}; "depart" {} (the person's last connection to
  // the room on the sending node closed).
  std::string kind;
  std::string id_json;          // the client's request id, which the answer echoes
  nlohmann::json request = nlohmann::json::object();
  auth::Principal who;
  std::string lang = "en";      // the client's language, for the answer's words
  std::string node;             // the node that sent it
};

// The subject a room's commands are sent on (by id: a name may hold dots).
std::string commands_subject(std::int64_t room_id);

// A command as one signed message, and back (`bad_message` when it is not one, or not signed
// with `key`).
std::string encode_command(const RemoteCommand& command, std::string_view key);
Result<RemoteCommand> decode_command(std::string_view payload, std::string_view key);

class CommandChannel {
 public:
  // Runs a blocking request off the caller's thread (the server lends its background threads).
  using Offload = std::function<void(std::function<void()>)>;
  // The holder's side: decides `command` and calls `answer` once with the answer frame's text.
  using Serve = std::function<void(RemoteCommand command, std::function<void(std::string answer)> answer)>;

  // `key` signs and checks the messages (the same on every node); `node` names this node.
  CommandChannel(NatsBus& bus, std::string key, std::string node, Offload offload);

  // The holder answers the room's commands until the returned Subscription is destroyed (when
  // it gives the lease up). Commands not signed with the key are dropped unanswered.
  Result<std::unique_ptr<Subscription>> serve(std::int64_t room_id, Serve serve);

  // A follower sends `command` (its room_id and node are set here) and `answered` is called
  // once, on an offload thread: with the holder's answer, or with `unavailable` or `in_doubt`
  // (see above) after at most `timeout`.
  void forward(RemoteCommand command, std::chrono::milliseconds timeout,
               std::function<void(Result<std::string> answer)> answered);

  const std::string& node() const { return node_; }

 private:
  NatsBus& bus_;
  const std::string key_;
  const std::string node_;
  Offload offload_;
};

}  // namespace collegial::cluster
