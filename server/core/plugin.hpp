// The plugin interface: how a governance bot (quorum, meeting, motions…) lives in a room.
//
// A plugin is a reducer over the room's log. It
//   - declares the operations it answers, each guarded by one action of the policy table
//     (auth/policy.hpp), and the chat command that is another way to send it ("/present");
//   - decides, purely, what a command means: from the room's state, the requester and the time,
//     zero or more events to append, or a refusal with a stable code and a reason that cites
//     the rule ("Q3: no quorum; …");
//   - folds every committed event of the room (its own and others') into its state;
//   - publishes a read-only view that other plugins, clients and public pages may read.
// Plugins never call each other: one reads another's view through RoomContext::views.
// Everything runs on the room's strand: no locks inside a plugin.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "auth/policy.hpp"
#include "auth/principal.hpp"
#include "core/op_args.hpp"
#include "i18n/messages.hpp"
#include "store/directory.hpp"
#include "record/event.hpp"
#include "store/event_store.hpp"
#include "util/result.hpp"

namespace collegial::core {

// One operation a plugin answers.
struct Operation {
  std::string op;            // "quorum.present"
  auth::Action action;       // the policy check before the plugin sees it
  std::string chat_command;  // "/present" (empty: no chat form; else `args` holds chat_text())
  // Every argument the plugin reads, checked by the room before decide (core/op_args.hpp):
  // a plugin never sees an argument of another type, nor one it does not declare.
  std::vector<Arg> args;
  // Done only from the room, joined over the WebSocket, where the person is seen and heard:
  // being present (Q1), moving and voting (M1, M2). Refused over the HTTP API (not_joined).
  bool from_the_room = false;
  // Asked of the room by the server itself at every schedule pass, with no arguments, as the
  // scheduler (core/schedule_ticker.hpp): work that falls due with time (the webinars'
  // reminders and attendance, L2). Decided on committed state like any operation.
  bool on_schedule = false;
};

// `op`, done only from the room (Operation::from_the_room).
inline Operation from_the_room(Operation op) {
  op.from_the_room = true;
  return op;
}

// `op`, asked at every schedule pass (Operation::on_schedule).
inline Operation on_schedule(Operation op) {
  op.on_schedule = true;
  return op;
}

// A seat the body's directory takes up when an event commits (B3: an adopted election seats an
// officer for the by-laws' term). The server writes it (core/seat_changes.hpp); the directory
// remembers each by the event's room:seq, so a replay changes nothing.
struct SeatChange {
  std::int64_t person = 0;
  std::string role;  // chair, vice_chair
  std::int64_t from_ms = 0, until_ms = 0;
};

// A client's request for a plugin: a structured operation or a parsed chat command.
struct Command {
  std::string op;
  nlohmann::json args = nlohmann::json::object();
};

// An event a plugin wants appended. The actor is the requester unless `actor` is set (a plugin
// speaking as its bot: "plugin:quorum").
struct Proposed {
  std::string type;
  nlohmann::json body = nlohmann::json::object();
  std::string actor;
};

// Who sits on the room's body, as of when the room was loaded.
struct Seat {
  std::int64_t person_id = 0;
  std::string name;
  std::vector<auth::Role> roles;
  bool votes() const;  // chair, vice_chair or voting_member (B7: nobody else)
};
// L4: a council whose members may gather in a learning circle's room.
struct Council {
  std::int64_t body_id = 0;
  std::string name;
  std::vector<std::int64_t> voting;  // its voting members' person ids
  std::size_t required = 0;          // its quorum (B5: a majority of the voting members)
};
struct Roster {
  std::optional<store::Body> body;  // none for a room without a body
  std::vector<Seat> seats;
  std::vector<Council> councils;  // for a learning circle's room: every council (L4)
  std::size_t voting_members() const;
  const Seat* seat_of(std::int64_t person_id) const;
};

// Every plugin's published view, by plugin name.
using Views = std::map<std::string, nlohmann::json, std::less<>>;

// What a plugin may read while deciding.
struct RoomContext {
  const store::RoomRecord& room;
  const Roster& roster;
  const auth::Principal& who;
  const std::vector<auth::Role>& roles;  // the requester's roles in this room
  std::int64_t now_ms;
  const Views& views;
};

// A refusal: a stable error code (docs/protocol.md) and a reason citing the rule, in English
// and Spanish: each reader is answered in theirs (i18n::message_of). `text` is ICU
// MessageFormat with `args`, like the catalog's ("the vote on motion {motion} is open").
inline Status refuse(std::string code, Bilingual text, const nlohmann::json& args = nlohmann::json::object()) {
  return i18n::refusal(std::move(code), text, args);
}

class Plugin {
 public:
  virtual ~Plugin() = default;

  // The plugin's name: the prefix of its operations and event types ("quorum").
  virtual std::string_view name() const = 0;

  virtual std::vector<Operation> operations() const = 0;

  // What `command` means now: events to append (all or none are), or a refusal. Pure: must not
  // change the plugin's state (apply() does, once the events are committed).
  virtual Result<std::vector<Proposed>> decide(const Command& command,
                                               const RoomContext& context) const = 0;

  // Folds one committed event of the room (any plugin's) into this plugin's state. `body` is
  // the event's parsed body.
  virtual void apply(const record::Event& event, const nlohmann::json& body) = 0;

  // Whether `event` (one of this plugin's, just committed) is a moment worth proving later, and
  // why: the server signs a checkpoint of the room's head at it before anything else is done
  // with it (docs/architecture.md, "Checkpoints and witnesses"): "adjournment", "notice", "closed_session",
  // "minutes". Pure, and called from any room's strand. Default: no.
  virtual std::optional<std::string> checkpoint_reason(const record::Event& /*event*/,
                                                       const nlohmann::json& /*body*/) const {
    return std::nullopt;
  }

  // The seat `event` (one of this plugin's, just committed) gives in the room's body. Pure, and
  // called from any room's strand. Default: none.
  virtual std::optional<SeatChange> seat_change(const record::Event& /*event*/,
                                                const nlohmann::json& /*body*/) const {
    return std::nullopt;
  }

  // Events this plugin proposes when a person's last connection leaves the room (the quorum
  // plugin records a remote member's departure). Default: none.
  virtual std::vector<Proposed> on_disconnect(std::int64_t /*person_id*/,
                                              const RoomContext& /*context*/) const {
    return {};
  }

  // The people whose attendance this plugin records only for as long as they are connected
  // (Q1: a remote member who cannot be heard is not present). The room calls on_disconnect for
  // one of them who has had no connection to it on any node for a grace period: after a crash
  // and restart, or when the node they were connected to died. Default: nobody.
  virtual std::set<std::int64_t> held_by_connection() const { return {}; }

  // What follows at once from events being appended, in the same append: an adopted motion to
  // adjourn adjourns the meeting (the meeting plugin), adjournment ends everyone's presence (the
  // quorum plugin, Q1), a quorum lost suspends an open vote (the motions plugin, Q3). `batch`
  // holds every event of the append proposed so far, whichever plugin proposed it; those from
  // `fresh` on are new since this plugin was last asked. Pure, like decide: it reads this
  // plugin's state (as before the append) and `context`, and never repeats an event already in
  // `batch`. The room asks every plugin again while the last round added events (a few rounds at
  // most). Default: nothing follows.
  virtual std::vector<Proposed> follow(const std::vector<Proposed>& /*batch*/, std::size_t /*fresh*/,
                                       const RoomContext& /*context*/) const {
    return {};
  }

  // The plugin's published state.
  virtual nlohmann::json view() const = 0;

  // Snapshots (issue #18 §1; docs/architecture.md, "Snapshots"): the plugin's whole folded
  // state, such that restore() of it on a fresh plugin of the same kind (made by the same
  // factory, before any event is folded) gives a plugin that decides, views, reads, checks
  // messages and folds every later event exactly as this one does. Everything apply() and
  // roster_changed() ever changed is in it; what the plugin was constructed with (a clock, the
  // facilitators' book, a name lookup) is not. It carries its own format number ("v"), raised
  // whenever the shape changes. restore() throws (any std::exception) on a state it cannot take
  // (another "v", a missing or mistyped field) and the room then replays its log instead, so a
  // partial restore is never used.
  virtual nlohmann::json snapshot() const = 0;
  virtual void restore(const nlohmann::json& state) = 0;

  // One part of the plugin's state too large to publish in its view on every change (the
  // minutes of one meeting), named by `query`, for a reader holding `roles` in the room (the
  // public pages read as the public). A room answers read requests from anyone who may join
  // it; the plugin decides what each reader sees. Default: unknown_query.
  virtual Result<nlohmann::json> read(const nlohmann::json& /*query*/,
                                      const std::vector<auth::Role>& /*roles*/) const {
    return refuse("unknown_query", {"the {plugin} plugin has nothing to read", "el complemento {plugin} no tiene nada que leer"},
                  {{"plugin", name()}});
  }

  // A chat message about to be recorded ({"name","text"} and, for a reply, "reply_to": the seq
  // of the message answered), said by `who` at `now_ms`: a plugin may refuse it (L1: the
  // speaker is muted; the message replied to is not a message here). Called for every message,
  // so it reads only the plugin's own state, never views. Default: allowed.
  virtual Status check_message(const nlohmann::json& /*message*/, const auth::Principal& /*who*/,
                               std::int64_t /*now_ms*/) const {
    return Status::ok();
  }

  // C3: the people admitted to the closed session now though no seat lets them read it (an
  // attorney or auditor the chair admitted, by person id): the room gives them the session's
  // events while admitted, and nothing of it from before or after. Read after every event the
  // room folds, so it reads only the plugin's own state. Default: nobody.
  virtual std::set<std::int64_t> closed_session_guests() const { return {}; }

  // B7: the voting seat (its person id) that `person` holds in this meeting as a designee, where
  // the body's settings let designees count and vote; none otherwise. The room then gives them
  // a voting member's role, and no other. Reads only the plugin's own state. Default: none.
  virtual std::optional<std::int64_t> stands_in_for(std::int64_t /*person*/) const { return std::nullopt; }

  // C3: while set, what happens in the room is closed-session content: observers who may not
  // read it (auth::Action::read_closed_session) receive this line in place of each event
  // ("In closed session under NMSA 1978, Section 10-15-1(H)(2): …"). Default: nothing withheld.
  virtual std::optional<std::string> withheld_notice() const { return std::nullopt; }

  // L1: when `event` withdraws earlier events' content from everyone who reads the log
  // afterwards (a moderator's removal, an author's deletion), those events' seqs and the line
  // served in their place. The log keeps the originals and the chain still verifies (the line
  // carries each event's hashes, as a closed session's does); only what the room serves from
  // then on changes. Reads the plugin's own state, after it applied `event`. Default: nothing.
  struct Redaction {
    std::vector<std::int64_t> seqs;
    std::string line;
  };
  virtual std::optional<Redaction> redacts(const record::Event& /*event*/, const nlohmann::json& /*body*/) const {
    return std::nullopt;
  }

  // The body's seats: once as the room loads (before any event is folded) and again whenever
  // the roster is read anew (B5: seats given or ended). Not an event: a view may name the seats,
  // but decide() and apply() read the roster from their context as before. Default: ignored.
  virtual void roster_changed(const Roster& /*roster*/) {}
};

// Makes a fresh set of plugins for one room. Registered once at start-up (plugins/registry).
using PluginFactory = std::function<std::vector<std::unique_ptr<Plugin>>()>;

}  // namespace collegial::core
