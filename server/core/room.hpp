// A live room: one event log, its subscribers, and the state folded from the log.
//
// All of a room's work runs serially on its own executor (a strand), so nothing inside needs a
// lock. The public functions below may be called from any thread: each posts its work there.
//
// The path of a command: decide → events (seq and hash assigned here, in order) → group commit
// → on commit: serialize each event once → every live subscriber's queue → ack to the sender.
// An ack therefore always means the event is durable.
//
// Subscribers are either live (they receive events as they commit) or catching up (they are
// fed committed events from the recent-event cache or the store, a page at a time while their
// queue has room, until they reach the head and become live). That is how `join` with `since`
// delivers every event after `since` exactly once, with no gap, while others keep sending.
//
// A failed room. Every call into a plugin is contained here. A plugin that throws while folding
// an event (apply), publishing its state (view, withheld_notice), or proposing events when a
// member leaves (on_disconnect, and what follows from it), or an effects hook that throws, fails the room: its state can
// no longer be trusted to follow the log. The room logs it once, reports it (failure(), which /healthz lists), and from
// then on refuses every append with `room_failed`, calls no plugin again, and keeps serving what
// is committed: joins, catch-up, views as they were at the failure, reads. Events committed after
// the failure, and the one that failed, are withheld from those who may not read closed sessions
// (C3: whether they were closed-session content can no longer be told). A replay that fails loads
// the room failed, so a bad event never keeps the server from starting. A plugin that throws in a
// pure call (decide and what follows from it, read, check_message) fails only that request, with
// internal_error.
#pragma once

#include <cstdint>
#include <atomic>
#include <chrono>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "auth/principal.hpp"
#include "util/clock.hpp"
#include "core/peer.hpp"
#include "core/plugin.hpp"
#include "core/serial_executor.hpp"
#include "core/shared_work.hpp"
#include "store/event_store.hpp"

namespace collegial::core {

// What a committed event does outside the room (B3: an adopted election seats an officer in the
// directory). Called after the plugins have folded the event: on the room's executor for live
// events, and during load for replayed ones (`replaying`), so it must be idempotent.
using EventEffects = std::function<void(const store::RoomRecord& room, const record::Event& event,
                                        const nlohmann::json& body, bool replaying)>;

// What the public may see of a room at one moment (N1, C3), for public pages.
struct PublicSnapshot {
  std::int64_t head_seq = 0;
  Views views;                 // the public's plugins' views (C3: folded from public events only)
  std::vector<Frame> recent;   // the last events, oldest first, as the public receives them
};

// Several nodes (docs/architecture.md, "Several nodes"): a command that a follower of the room
// hands to the node holding its lease, which decides it (cluster/command_channel.hpp carries
// it). `kind`: "act" {op, args, joined}, "say" {text, reply_to?}, or "depart" {} (the person's
// last connection to the room on the follower closed), or "connections" {people} (who is
// connected to the room on the follower now; no answer).
struct Forwarded {
  std::string kind;
  std::string id_json;
  nlohmann::json request = nlohmann::json::object();
  std::shared_ptr<const auth::Principal> who;
  i18n::Lang lang = i18n::Lang::en;
  std::string node;  // the follower that sent it (on the holder)
};
// Sends `command` to the holder; `answered` gets the holder's answer frame, or why there is none
// (unavailable, in_doubt), on any thread.
using Forward = std::function<void(Forwarded command, std::function<void(Result<std::string> answer)> answered)>;

struct RoomOptions {
  std::size_t recent_events = 1024;        // committed events kept serialized for catch-up
  std::size_t catch_up_page_bytes = 64 * 1024;  // at most this much queued per catch-up step
  // Another thread of the server's pool, lent to deliver large fan-outs (core/shared_work);
  // subscribers are handed out `fanout_chunk` at a time. Empty: the room's thread does it all.
  Helper helper;
  std::size_t fanout_chunk = 64;
  // Runs work that waits on the disk (catch-up reads from the store, head reloads) off the
  // room's strand; the room posts the result back to itself. Empty: run in place (unit tests).
  std::function<void(std::function<void()>)> offload;
  // Snapshots (docs/architecture.md, "Snapshots"): one is stored each time this many events have
  // been folded since the last one (and at load, after replaying as many); 0: never.
  std::int64_t snapshot_every = 0;
  // Tests: restore each snapshot at once into fresh plugins and log an error unless they give
  // the same state and views back (--check-snapshots).
  bool check_snapshots = false;
  // The secret that keys each snapshot's checksum (HMAC-SHA256), so that someone who can write
  // the database but not read the server's key cannot have a room take up a state of theirs.
  // Empty: a plain SHA-256 (unit tests).
  std::string snapshot_key;
  // State kept outside the room from its events (the facilitators' book): its part for this
  // room, saved in the room's snapshot and taken back with it. Empty: nothing outside.
  std::function<nlohmann::json(const std::string& room)> save_outside;
  std::function<void(const std::string& room, const nlohmann::json& state)> restore_outside;
  // Several nodes. The holder of the room's lease: its appends carry the lease's epoch, which
  // the store's fence checks (store/room_leases.hpp), and each commit is handed to `on_commit`
  // after its fan-out, in commit order (the server publishes it: cluster/room_feed.hpp).
  std::int64_t lease_epoch = 0;
  std::function<void(const std::vector<record::Event>& events)> on_commit;
  // A follower: another node holds the lease and decides. Set, every command that would append
  // goes to `forward`, and committed events come in through take_committed().
  Forward forward;
  // Presence (Q1) across restarts and nodes (core/room_presence.cpp): someone a plugin holds
  // present by their connection (Plugin::held_by_connection) who has had no connection to the
  // room for `presence_grace` (here, or on a node whose last report is younger than
  // `reports_last`) departs at the next check_connections().
  std::chrono::milliseconds presence_grace{30'000};
  std::chrono::milliseconds reports_last{3'000};
  // A follower: tells the holder who is connected to the room on this node, at every change and
  // at each report_connections(); called on the room's executor, in order with `forward`.
  std::function<void(const std::vector<std::int64_t>& people)> report_connections;
};

// Why a room stopped taking appends: the event it could not fold and what was thrown.
struct RoomFailure {
  std::int64_t seq = 0;  // the event being folded (or the head, for a failed view)
  std::string plugin;    // "motions", or "effects" for the hook outside the room
  std::string what;      // the exception's message
};

class Room : public std::enable_shared_from_this<Room> {
 public:
  // Rebuilds the room by replaying its log from `store` through two sets of plugins made by
  // `plugins`: the room's own and the public's (C3). `roster` is who sits on the room's body.
  // Returns null (and logs) if the log cannot be read; a plugin that fails during the replay
  // loads the room failed (see "A failed room").
  static std::shared_ptr<Room> load(const store::RoomRecord& record, store::EventStore& store,
                                    std::unique_ptr<SerialExecutor> executor, const Clock& clock,
                                    RoomOptions options, Roster roster, const PluginFactory& plugins,
                                    EventEffects effects = {}, EventEffects later_effects = {});

  const std::string& name() const { return record_.name; }
  // The seq of the last event folded and fanned out. Thread-safe (any thread may ask: the
  // public pages' cache checks it on the I/O threads); everything up to it is in the views.
  std::int64_t committed_head() const { return committed_head_.load(std::memory_order_acquire); }

  // Subscribes `peer`. Answers ack {seq: head} then, in order, every committed event with
  // seq > since (none when `since` is absent), then live events. Errors: forbidden (the policy
  // refuses reading this room to `who`), bad_field when since is negative or past the head,
  // already_joined. `with_views`: the ack also carries the plugins' views at the head (as `view`
  // gives them), so a client can start from the room's state instead of its history.
  void join(std::shared_ptr<Peer> peer, std::string id_json, std::optional<std::int64_t> since,
            std::shared_ptr<const auth::Principal> who, bool with_views = false);

  // Unsubscribes `peer` and answers ack; not_joined if it was not subscribed.
  void leave(std::shared_ptr<Peer> peer, std::string id_json);

  // Appends a chat.message by `who` and answers ack {seq} once durable. The sender must be
  // subscribed (not_joined) and allowed to speak here (forbidden). A text that starts with a
  // plugin's chat command ("/present") is that plugin's operation instead.
  // `reply_to`: the seq of the message this one answers (L1 threads); plugins may refuse the
  // message (Plugin::check_message: a muted speaker, a reply to nothing).
  void say(std::shared_ptr<Peer> peer, std::string id_json,
           std::shared_ptr<const auth::Principal> who, std::string text,
           std::optional<std::int64_t> reply_to = std::nullopt);

  // A plugin operation: the policy check of its action, then the plugin's decision; its events
  // are appended together and acknowledged with the seq of the last. Errors: not_joined,
  // unknown_operation, forbidden, the plugin's refusal codes.
  // `require_join` false: the HTTP API's one-shot requests (http/api), answered on `peer`
  // without a subscription; every other check is the same.
  void act(std::shared_ptr<Peer> peer, std::string id_json,
           std::shared_ptr<const auth::Principal> who, Command command, bool require_join = true);

  // Answers ack {seq: head, views: {plugin: view}}: the state every plugin folded from the log
  // up to that seq (who is present, the motion on the floor, the meeting's notice status…).
  // Errors: not_joined. While the room is in closed session, those who may not read it get
  // only the meeting and notice views (C3).
  void view(std::shared_ptr<Peer> peer, std::string id_json);

  // Answers ack {seq: head, result: …}: one part of a plugin's state too large for its view
  // (Plugin::read; the minutes of one meeting). Errors: not_joined, unknown_plugin, the
  // plugin's own (bad_field, no_minutes…).
  // With `who` and require_join false (the HTTP API), the reader need not be joined but must
  // be allowed to join (forbidden otherwise).
  void read(std::shared_ptr<Peer> peer, std::string id_json, std::string plugin, nlohmann::json query,
            std::shared_ptr<const auth::Principal> who = nullptr, bool require_join = true);

  // The same for the public pages: calls `done` on the room's executor with the result.
  void read(std::string plugin, nlohmann::json query, std::function<void(Result<nlohmann::json>)> done);

  // Calls `done` on the room's executor with what the public may see now: the views and the
  // last `events` events (closed-session content withheld, C3).
  void public_snapshot(std::size_t events, std::function<void(PublicSnapshot)> done);

  // Calls `done` with the frames of events `from`..`to` (the protocol's event frames, one per
  // seq, in order) as the public would receive them on catch-up: closed-session content as
  // `session.withheld` stand-ins (C3), removed messages as `event.redacted` (L1). With
  // `closed_reader` set, the events withheld between `reveal_from` and `reveal_to` come whole
  // instead, when that person may read closed sessions here (forbidden otherwise): a records
  // request's bundle (issue #20 §2). storage_error when the store cannot be read.
  void log_slice(std::int64_t from, std::int64_t to, std::shared_ptr<const auth::Principal> closed_reader,
                 std::int64_t reveal_from, std::int64_t reveal_to,
                 std::function<void(Result<std::vector<std::string>>)> done);

  // Drops `peer` silently (its connection closed).
  void detach(std::shared_ptr<Peer> peer);

  // Several nodes, on a follower: takes events the holder committed, consecutive and in seq
  // order (cluster/room_feed.hpp), folds them and fans them out as the holder did; then answers
  // the forwarded commands whose acks waited for them. Ignored on the holder.
  void take_committed(std::vector<record::Event> events);

  // Several nodes, on the holder: runs a command forwarded by a follower (see Forwarded) as the
  // same command from a subscriber here would run ("act" with joined false: as the HTTP API's),
  // and answers it on `peer`. On a follower (the lease moved meanwhile) it answers unavailable.
  void remote(std::shared_ptr<Peer> peer, Forwarded command);

  // Presence across restarts and nodes (Q1; core/room_presence.cpp). On the holder (or the one
  // node): departs whoever a plugin holds present by their connection and has had none for the
  // grace period (RoomOptions::presence_grace), on this node or on any node that reported lately.
  // A room just loaded counts the grace from its load, so that members reconnect after a restart
  // or a failover without departing. Ignored on a follower.
  void check_connections();
  // On a follower: reports who is connected here to the holder again (a heartbeat: the holder
  // forgets a node's report after RoomOptions::reports_last).
  void report_connections();

  // The operations its plugins want asked at every schedule pass (Operation::on_schedule).
  // Thread-safe: the plugins' declarations never change.
  std::vector<std::string> scheduled_operations() const;

  // Whether another node decides this room (RoomOptions::forward).
  bool follower() const { return static_cast<bool>(options_.forward); }

  // The room's id and its head as loaded. Only before the room is shared (Placement::placed):
  // later the head moves on the executor.
  const store::RoomRecord& loaded_record() const { return record_; }

  // Several nodes: the room is no longer decided or followed here (RoomHub::unload). Every
  // subscriber is dropped to rejoin with since (on this node or another), and acks still
  // waiting for their events are given up (the events are in the log the client rejoins).
  void retire(const std::string& why);

  // Takes up a fresh roster of its body (a seat given or ended while the room is loaded), so
  // quorum (B5) is counted on who sits now.
  // Who may read closed-session content (C3) and who may be in a members-only room is decided
  // again for every subscriber at once: a member whose seat ended stops receiving closed-session
  // events from the next one on, and one who may no longer enter the room is dropped
  // (kCloseRejoin; their rejoin is refused with forbidden).
  void replace_roster(Roster roster);

  // The connection of `peer` now acts as `who` (its token stands for other roles than when it
  // joined: a membership, a bot's scope or the administrator's flag changed). The subscriber
  // is judged again as replace_roster judges every one. Thread-safe.
  void reassess(std::shared_ptr<Peer> peer, std::shared_ptr<const auth::Principal> who);

  std::optional<std::int64_t> body_id() const { return record_.body_id; }

  // Why the room failed, or nothing. Thread-safe (set once, on the executor or during load).
  std::optional<RoomFailure> failure() const;

  // Runs `done` on the room's executor after everything posted so far (shutdown uses it to know
  // that the acks of committed events are queued).
  void after_pending(std::function<void()> done) { executor_->post(std::move(done)); }

 private:
  struct Subscriber {
    std::shared_ptr<Peer> peer;
    std::shared_ptr<const auth::Principal> who;
    bool live = false;
    std::int64_t cursor = 0;     // while catching up: the last seq queued to the peer
    bool awaiting_drain = false;  // a when_drained callback is registered
    bool closed = false;          // send() refused: remove after the fan-out loop
    bool sees_closed = false;     // C3: may read closed-session content (policy)
    bool reading = false;         // a catch-up page is being read from the store for it
  };
  // A committed event serialized once, and once more as the line shown in its place to those
  // who may not read it (C3), when it happened in closed session.
  struct Cached {
    Frame full;
    Frame withheld;  // null: shown to everyone
    std::int64_t seq = 0;
    std::string prev_hash, hash;  // for the line served once it is redacted
    Frame redacted;  // L1: set when a later event redacts it; then served to everyone
    const Frame& for_(bool sees_closed) const {
      if (withheld && !sees_closed) return withheld;
      return redacted ? redacted : full;
    }
  };
  // L1: an event whose content a later one withdrew (Plugin::redacts).
  struct Redacted {
    std::string line;
    std::int64_t by_seq = 0;
  };
  // C3: seqs [from, to] happened in closed session; `line` is what the public saw.
  struct WithheldRange {
    std::int64_t from = 0, to = 0;
    std::string line;
  };

  Room(const store::RoomRecord& record, store::EventStore& store,
       std::unique_ptr<SerialExecutor> executor, const Clock& clock, RoomOptions options,
       Roster roster, const PluginFactory& plugins);

  // Everything below runs on the executor.
  // The one permission check of every room command (auth/policy); answers forbidden itself.
  bool permitted(const std::shared_ptr<Peer>& peer, const std::string& id_json,
                 const auth::Principal& who, auth::Action action, bool acting = false);
  Subscriber* find(const Peer* peer);
  void remove(const Peer* peer);
  // Decides again what `s` may read (C3) for its principal and the roster; false when it may
  // no longer be in the room at all.
  bool judge(Subscriber& s);
  // Appends `proposed` (actor: theirs, or `default_actor`) in one request; answers `sender`
  // (when there is one) with the ack or the error.
  // `act`: the events come from a plugin command (see acts_in_flight_).
  void append(std::shared_ptr<Peer> sender, std::string id_json, const std::string& default_actor,
              std::vector<Proposed> proposed, bool act);
  // Adds to `events` what follows from them in the same append (Plugin::follow), round by
  // round until a round adds nothing. Throws what a plugin's follow throws.
  void follow_up(std::vector<Proposed>& events, const RoomContext& context) const;
  void on_committed(std::shared_ptr<Peer> sender, const std::string& id_json,
                    std::vector<record::Event> events, const Status& status, bool act);
  void remember(const record::Event& event, const std::optional<std::string>& withheld);
  // C3: whether `s` may read the event at `seq` if it is closed-session content: by its policy,
  // or as a guest admitted to the closed session then (Plugin::closed_session_guests).
  bool sees(const Subscriber& s, std::int64_t seq) const;
  // After folding the event at `seq`: opens and closes the guests' windows.
  void track_guests(std::int64_t seq);
  // L1: asks each plugin whether `event` (just folded) redacts earlier events, and records it.
  void note_redactions(const record::Event& event, const nlohmann::json& body);
  // Hands roster_ to every plugin (Plugin::roster_changed) and marks the views stale.
  void tell_roster();
  // Puts the room in the failed state (see the header comment); only the first call counts.
  void fail(std::int64_t seq, std::string_view plugin, const std::string& what);
  // Runs `call` (a call into `plugin`); an exception fails the room at `seq`. False if it threw.
  template <class Call>
  bool contained(std::int64_t seq, std::string_view plugin, Call&& call);
  // Snapshots (core/room_snapshot.cpp). The room's whole state at its head, as stored.
  nlohmann::json snapshot_state();
  // Takes up a stored snapshot, after checking it against the chain; why not, if it cannot (the
  // room is then discarded and made anew: a refused snapshot may have been half taken).
  std::optional<std::string> take_up(const store::Snapshot& snapshot);
  // Stores a snapshot when snapshot_every events have been folded since the last one: at once
  // while `loading`, else after the effects of the events it holds.
  void snapshot_if_due(bool loading);
  void check_snapshot(const nlohmann::json& state);
  std::string checksum_of(const std::string& state) const;  // keyed by options_.snapshot_key

  // Why the room cannot take an append: room_failed or storage_failed; ok if it can.
  Status refusal() const;
  void reload_head();
  void act_finished();  // a plugin command's append completed: run the next waiting one
  // Every plugin applies a committed event, then its effects outside the room run. Returns the
  // closed-session line when the event is closed-session content (C3): the room was closed
  // before it and still is after it.
  std::optional<std::string> fold(const record::Event& event, bool replaying = false);
  // The closed-session line while the room is closed (or failed), else nothing.
  std::optional<std::string> withheld_line();
  // Records that `seq` is withheld behind `line` (C3's seq ranges); returns `line`.
  std::string withhold(std::int64_t seq, std::string line);
  Result<nlohmann::json> read_plugin(const std::string& plugin, const nlohmann::json& query,
                                     const std::vector<auth::Role>& roles) const;
  const std::string* withheld_at(std::int64_t seq) const;
  // The requester's roles here. A person's seat comes from the room's roster, which follows
  // elections and administrators' changes while the room is loaded, not from the snapshot
  // taken at hello.
  // `who`'s roles here: their seat's, administrator, public. `acting`: for a plugin operation,
  // where a designee standing in a member's seat (B7) also holds voting_member — never for
  // what they may read, so a designation gives no lasting access to closed sessions.
  std::vector<auth::Role> roles_of(const auth::Principal& who, bool acting = false) const;
  // `elsewhere`: forwarded by a follower where the sender is joined (remote()).
  void enqueue_act(std::shared_ptr<Peer> peer, std::string id_json,
                   std::shared_ptr<const auth::Principal> who, Command command, bool require_join,
                   bool elsewhere = false);
  void run_act(const std::shared_ptr<Peer>& peer, const std::string& id_json,
               const std::shared_ptr<const auth::Principal>& who, const Command& command,
               bool require_join, bool elsewhere);
  // say(), on the executor.
  void speak(std::shared_ptr<Peer> peer, std::string id_json, std::shared_ptr<const auth::Principal> who,
             std::string text, std::optional<std::int64_t> reply_to, bool elsewhere);
  // The person's last connection here (or on a follower) has gone: plugins may record it.
  void depart(std::shared_ptr<const auth::Principal> who);
  // Presence (core/room_presence.cpp). The people with a connection here.
  std::set<std::int64_t> connected_here() const;
  // Whether `person` is connected here, or on a node whose report is fresh (other than `except`).
  bool connected_anywhere(std::int64_t person, const std::string& except = {}) const;
  // A follower: reports to the holder when the people connected here changed.
  void connections_changed();
  // The holder: a follower's report of who is connected there, or a departure from it.
  void take_report(const std::string& node, std::vector<std::int64_t> people);
  void departed_at(const std::string& node, const std::shared_ptr<const auth::Principal>& who);
  // A follower: sends `command` to the holder; its answer goes to `peer`, an ack only once this
  // room has the event it acknowledges (held_answers_).
  void forward(std::shared_ptr<Peer> peer, Forwarded command);
  // Moves the head over `events` (committed), folds, serializes once and fans them out: to the
  // sender first with its ack (when there is one), then to everyone else.
  void publish_committed(const std::vector<record::Event>& events, const std::shared_ptr<Peer>& sender,
                         const std::string& id_json);
  // The plugin and operation answering `op` (or the chat command `word`), or nulls.
  std::pair<Plugin*, const Operation*> operation_for(std::string_view op, bool chat) const;
  // Every plugin's view (`full`), or the public's plugins' views (C3), rebuilt only after an
  // event was folded since the last call: a room with years of meetings answers each command
  // without re-serializing them all.
  const Views& views(bool full = true);
  RoomContext context(const auth::Principal& who, const std::vector<auth::Role>& roles,
                      const Views& views) const;
  // Feeds a catching-up subscriber from the cache, or asks the store for a page (read_page)
  // and goes on when it arrives (on_page), until it is live.
  void catch_up(const std::shared_ptr<Peer>& peer);
  void read_page(Subscriber& subscriber);
  void on_page(const std::shared_ptr<Peer>& peer, std::int64_t after, bool ok,
               const std::vector<record::Event>& page);
  // Unsubscribes `peer` and closes it with kCloseRejoin, so that its client rejoins.
  void drop(const std::shared_ptr<Peer>& peer, const std::string& why);
  // Runs `work` off the strand (RoomOptions::offload), or in place.
  void offload(std::function<void()> work);

  store::RoomRecord record_;  // committed head
  std::atomic<std::int64_t> committed_head_;  // record_.head_seq, for other threads
  std::int64_t tail_seq_;     // head including appends not yet committed
  std::string tail_hash_;
  std::size_t in_flight_ = 0;     // appends submitted and not yet completed
  bool reload_pending_ = false;   // an append failed: reload the head once in_flight_ is 0
  bool reloading_ = false;        // the head is being read from the store
  store::EventStore& store_;
  std::unique_ptr<SerialExecutor> executor_;
  const Clock& clock_;
  RoomOptions options_;
  std::vector<Subscriber> subscribers_;
  std::deque<Cached> recent_;         // serialized committed events, oldest first
  std::vector<WithheldRange> withheld_;  // C3, in seq order
  std::map<std::int64_t, Redacted> redacted_;  // L1: by seq
  // C3: each closed-session guest's admissions, [from, to] seqs (to: INT64_MAX while admitted).
  std::map<std::int64_t, std::vector<std::pair<std::int64_t, std::int64_t>>> guest_windows_;
  std::set<std::int64_t> guests_now_;
  std::int64_t recent_first_seq_ = 1;  // seq of recent_.front()
  Roster roster_;
  std::vector<std::unique_ptr<Plugin>> plugins_;
  // C3: a second set of the same plugins that folds only the events the public receives (not
  // those withheld in closed session). Everything the public is shown is drawn from these.
  std::vector<std::unique_ptr<Plugin>> public_plugins_;
  Views public_views_;
  bool public_views_stale_ = true;
  Views views_;              // cache of views(), valid while !views_stale_
  bool views_stale_ = true;
  // A follower: the holder's acks waiting for this room to have their event, by its seq.
  std::multimap<std::int64_t, std::pair<std::shared_ptr<Peer>, Frame>> held_answers_;
  std::optional<RoomFailure> failed_;  // written on the executor; read under failure_mutex_
  mutable std::mutex failure_mutex_;
  EventEffects effects_;
  // Effects later: run off the strand (RoomOptions::offload) one at a time, in commit order.
  // During a replay (already off the I/O threads) they run in place.
  struct LaterEffects {
    std::mutex mutex;
    std::deque<std::function<void()>> queue;  // guarded by mutex
    bool running = false;                     // guarded by mutex: a drain is under way
  };
  EventEffects later_effects_;
  std::shared_ptr<LaterEffects> later_ = std::make_shared<LaterEffects>();
  void run_later(std::function<void()> work);
  std::vector<std::vector<Operation>> operations_;  // per plugin, as it declared them
  PluginFactory factory_;           // for --check-snapshots
  std::int64_t snapshot_seq_ = 0;   // the seq of the newest snapshot taken or taken up
  double last_snapshot_ms_ = 0;     // how long building the last one held the strand
  // Plugin commands decide on committed state only, so while one's events are being committed
  // the next waits here (chat does not wait).
  std::size_t acts_in_flight_ = 0;
  std::deque<std::function<void()>> waiting_acts_;
  // Presence across restarts and nodes (check_connections). The holder: each follower's last
  // report, by node; since when each person held present by their connection has had none; and
  // when the room loaded (the grace of the people it finds present starts there).
  struct Report {
    std::set<std::int64_t> people;
    std::chrono::steady_clock::time_point heard;
  };
  std::map<std::string, Report> reports_;
  std::map<std::int64_t, std::chrono::steady_clock::time_point> unheard_since_;
  std::chrono::steady_clock::time_point loaded_at_ = std::chrono::steady_clock::now();
  bool connections_checked_ = false;
  std::set<std::int64_t> reported_;  // a follower: what it last reported
};

template <class Call>
inline bool Room::contained(std::int64_t seq, std::string_view plugin, Call&& call) {
  if (failed_) return false;
  try {
    call();
    return true;
  } catch (const std::exception& e) {
    fail(seq, plugin, e.what());
  } catch (...) {
    fail(seq, plugin, "an exception that is not a std::exception");
  }
  return false;
}

}  // namespace collegial::core
