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
// a node. Whoever can read the bus can still record a signed command and send it again, so the
// holder runs each one once: a command names its sender's channel and its number there, and the
// holder keeps, per sender, which numbers it took (cluster/replay_window.hpp); one sent before
// the holder served the room (by the sender's clock, with `kClockSkew` of leeway) is refused too,
// since it was another holder's to take. The answer is signed together with the subject it goes
// to, so it cannot be made up, nor taken for another command's. A refused command is dropped
// unanswered, as a forged one is (its sender's answer is in_doubt).
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <thread>
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
  // the room on the sending node closed); "connections" {people} (who is connected to the room
  // on the sending node: told, not asked, so it has no answer).
  std::string kind;
  std::string id_json;          // the client's request id, which the answer echoes
  nlohmann::json request = nlohmann::json::object();
  auth::Principal who;
  std::string lang = "en";      // the client's language, for the answer's words
  std::string node;             // the node that sent it
  // Against replay (set by the channel that sends it): the subject its answer goes to, empty
  // when told; the sending channel's random name and its number for this message (1, 2, 3…);
  // and when it was sent, by the sender's clock (ms since the epoch).
  std::string reply;
  std::string from;
  std::uint64_t n = 0;
  std::int64_t sent_ms = 0;
};

// The subject a room's commands are sent on (by id: a name may hold dots).
std::string commands_subject(std::int64_t room_id);

// A command as one signed message, and back (`bad_message` when it is not one, or not signed
// with `key`).
std::string encode_command(const RemoteCommand& command, std::string_view key);
Result<RemoteCommand> decode_command(std::string_view payload, std::string_view key);

class CommandChannel {
 public:
  // How far the nodes' clocks may disagree (they keep time by NTP; docs/operations.md).
  static constexpr std::chrono::milliseconds kClockSkew{2000};

  // The holder's side: decides `command` and calls `answer` once with the answer frame's text.
  using Serve = std::function<void(RemoteCommand command, std::function<void(std::string answer)> answer)>;
  using Answered = std::function<void(Result<std::string> answer)>;

  // `key` signs and checks the messages (the same on every node); `node` names this node.
  CommandChannel(NatsBus& bus, std::string key, std::string node);
  // Answers every forwarded command still waiting with in_doubt, and stops.
  ~CommandChannel();
  CommandChannel(const CommandChannel&) = delete;
  CommandChannel& operator=(const CommandChannel&) = delete;

  // Subscribes to this node's answers and waits until the bus server has the subscription
  // (bus_unavailable or bus_timeout otherwise). Call once, before forward().
  Status start();

  // The holder answers the room's commands until the returned Subscription is destroyed (when
  // it gives the lease up). Commands not signed with the key are dropped unanswered.
  Result<std::unique_ptr<Subscription>> serve(std::int64_t room_id, Serve serve);

  // A follower sends `command` (its node is set here) and `answered` is called once, on the
  // bus's thread or this channel's timer: with the holder's answer, or with `unavailable` or
  // `in_doubt` (see above) after at most `timeout`. Never waits: the command is on its way when
  // this returns, so commands forwarded one after another for a room reach its holder in that
  // order (the bus keeps one connection's order on a subject), as one client's commands are
  // decided in the order it sent them on one node.
  void forward(RemoteCommand command, std::chrono::milliseconds timeout, Answered answered);

  // A follower tells the holder `command` and wants no answer (a "connections" report). In
  // order with forward() for the room; lost when no holder listens (the next report says it
  // again).
  void tell(RemoteCommand command);

  const std::string& node() const { return node_; }

 private:
  struct Waiting {
    Answered answered;
    std::chrono::steady_clock::time_point deadline;
  };
  // Sets what the sender adds to `command` against replay (RemoteCommand).
  void stamp(RemoteCommand& command, std::uint64_t n, std::string reply) const;
  void on_answer(const Message& message);
  void expire();  // the timer's thread

  NatsBus& bus_;
  const std::string key_;
  const std::string node_;
  const std::string inbox_;  // this channel's answers arrive on inbox_ + ".<n>"
  std::unique_ptr<Subscription> answers_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::uint64_t next_ = 0;
  std::map<std::uint64_t, Waiting> waiting_;  // by n; guarded by mutex_
  std::thread timer_;
};

}  // namespace collegial::cluster
