// The rooms of this server, loaded on first use and kept while the server runs.
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "auth/accounts.hpp"
#include "core/background_work.hpp"
#include "util/clock.hpp"
#include "core/credential_watch.hpp"
#include "core/plugin.hpp"
#include "core/room.hpp"
#include "core/serial_executor.hpp"
#include "store/event_store.hpp"

namespace collegial::core {

// Several nodes (core/cluster_rooms.hpp): where a room is decided. As a room loads, place()
// says whether this node holds it (then `options` get its lease epoch and commit hook) or
// follows it (its forward hook); once it is loaded, and before anyone else uses it, placed()
// connects it to the bus. Absent: one node, and every room is decided here.
class Placement {
 public:
  virtual ~Placement() = default;
  // False when the room cannot be placed now (its lease cannot be read): the load fails, and
  // the next use of the room tries again.
  virtual bool place(const store::RoomRecord& record, RoomOptions& options) = 0;
  virtual void placed(const std::shared_ptr<Room>& room) = 0;
};

// What rooms use beyond their log; each may be absent (unit tests): without accounts every
// client is the public, without a directory rooms have no roster, without plugins no operations.
struct RoomHubServices {
  auth::Accounts* accounts = nullptr;  // resolves the tokens clients present in hello
  store::Directory* directory = nullptr;
  PluginFactory plugins;
  // More effects of committed events, beyond the hub's own (officer elections), that the room's
  // next command may depend on (the facilitators' book, L2). Run as EventEffects says, on the
  // room's strand: idempotent, and quick.
  EventEffects effects = {};
  // Effects that write to the disk and that no command waits for, e.g. queueing a posted notice
  // for delivery to the media (N7): run off the room's strand, in commit order for each room
  // (Room: "effects later"). Idempotent too: a replay runs them again.
  EventEffects later_effects = {};
  // State kept outside the rooms from their events (RoomOptions::save_outside): each room's
  // part travels in its snapshots.
  std::function<nlohmann::json(const std::string& room)> save_outside = {};
  std::function<void(const std::string& room, const nlohmann::json& state)> restore_outside = {};
  Placement* placement = nullptr;
};

class RoomHub {
 public:
  using Services = RoomHubServices;
  RoomHub(store::EventStore& store, SerialExecutorFactory executors, const Clock& clock,
          RoomOptions options = {}, Services services = {});
  RoomHub(const RoomHub&) = delete;
  RoomHub& operator=(const RoomHub&) = delete;

  ~RoomHub();

  // The room called `name`, replaying its log on first use; null when no such room exists (or
  // its log cannot be read, which is logged). Thread-safe, but blocks while the room loads:
  // never call it from an I/O thread or a room's executor (use find_async there).
  std::shared_ptr<Room> find(std::string_view name);

  // The same without blocking: calls `done` with the room (or null) at once on this thread
  // when it is loaded, otherwise from a loading thread once it is. Rooms load on the hub's
  // background threads, outside its lock, so a first join to a room with a long history delays
  // nobody else; several callers asking for one room share one load. Thread-safe.
  void find_async(std::string_view name, std::function<void(std::shared_ptr<Room>)> done);

  // The room called `name` if it is loaded, else null (never loads). Thread-safe.
  std::shared_ptr<Room> loaded_room(std::string_view name) const;
  // The committed head of room `name` if it is loaded (Room::committed_head), else -1. Never
  // waits for a room: safe on the I/O threads.
  std::int64_t loaded_head(std::string_view name) const;
  // The sum of every loaded room's committed head: it grows whenever any room folds an event
  // (or a room is loaded). Never waits for a room.
  std::int64_t loaded_heads_total() const;

 private:
  Roster roster_of(const store::RoomRecord& record);
  // Re-reads the roster of one loaded room of a body.
  void refresh_roster(Room& room);
  // What committed events do outside their room (Plugin::seat_change, written by core/seat_changes). During a replay it
  // sets `*replay_changed_directory` instead of refreshing rosters.
  EventEffects effects(std::shared_ptr<bool> replay_changed_directory);
  // Reads and replays room `name`; on a background thread.
  std::shared_ptr<Room> load(const std::string& name);

 public:

  // What the public may see of room `name` now (loading it if needed); nothing when there is
  // no such room. Blocks until the room's executor answers: never call it from a room's
  // executor (the public pages call it from the API pool).
  // A plugin operation sent over HTTP (the JSON API) by `who`, without joining: the same policy
  // and plugin checks as `act`, waited for until durable. Returns the room's answer, the ack
  // ({"type":"ack","seq":…}) or the error ({"type":"error","code":…,"message":…});
  // unknown_room, unavailable (no answer in time, or shutting down).
  // Errors are written in `lang`.
  Result<nlohmann::json> act(std::string_view room, std::shared_ptr<const auth::Principal> who,
                             Command command, i18n::Lang lang = i18n::Lang::en);

  // A plugin's read (Room::read) over HTTP by `who`, who must be allowed to join the room; the
  // room's answer as `act` gives it.
  Result<nlohmann::json> read_as(std::string_view room, std::shared_ptr<const auth::Principal> who,
                                 const std::string& plugin, const nlohmann::json& query,
                                 i18n::Lang lang = i18n::Lang::en);

  // A plugin's read (Room::read) for the public pages, waited for; unknown_room when no such
  // room, unavailable when the room does not answer in time (shutting down).
  Result<nlohmann::json> read(std::string_view room, const std::string& plugin, const nlohmann::json& query);

  std::optional<PublicSnapshot> public_snapshot(std::string_view name, std::size_t events);

  // Room::log_slice, waited for (from the API pool, never a room's executor): events
  // `from`..`to` of room `name` as the public receives them, or with the closed sessions
  // between `reveal_from` and `reveal_to` whole for `closed_reader`. unknown_room, forbidden,
  // store_failed, unavailable.
  Result<std::vector<std::string>> log_slice(std::string_view name, std::int64_t from, std::int64_t to,
                                             std::shared_ptr<const auth::Principal> closed_reader = nullptr,
                                             std::int64_t reveal_from = 1, std::int64_t reveal_to = 0);

  // Rooms loaded so far. Thread-safe.
  std::size_t loaded() const;

  // What keeps the server from taking appends: a storage error that stopped the event store's
  // writer (every room), and the rooms that failed (Room: "A failed room"). Thread-safe.
  struct FailedRoom {
    std::string room;
    RoomFailure failure;
  };
  struct Health {
    std::optional<std::string> storage_failure;
    std::vector<FailedRoom> failed_rooms;
    bool ok() const { return !storage_failure && failed_rooms.empty(); }
  };
  Health health() const;

  // After this, connections refuse new commands with `unavailable` (shutdown). Thread-safe.
  void stop_accepting() { accepting_ = false; }
  bool accepting() const { return accepting_; }

  // Re-reads the roster of every loaded room that belongs to a body (after an administrator
  // changed memberships). Thread-safe.
  void refresh_rosters();

  // Every loaded room checks who it holds present by a connection they no longer have
  // (Room::check_connections). Thread-safe.
  void check_connections();

  // Several nodes: forgets the loaded room `name` (its lease was lost, or this node takes it
  // over), whose subscribers are dropped to rejoin with since; its next use loads it again.
  // Thread-safe.
  void unload(const std::string& name, const std::string& why);

  // Blocks until every loaded room has run the work posted to it before this call. Must not be
  // called from a room's executor.
  void quiesce();

  const Clock& clock() const { return clock_; }
  auth::Accounts* accounts() const { return services_.accounts; }
  // The connections acting on credentials; told whenever Accounts says credentials changed.
  CredentialWatch& credentials() { return credentials_; }

 private:
  store::EventStore& store_;
  SerialExecutorFactory executors_;
  const Clock& clock_;
  RoomOptions options_;
  Services services_;
  // One set of the rooms' plugins, asked only what an event means outside its room (pure
  // questions: Plugin::seat_change), from any room's strand.
  const std::vector<std::unique_ptr<Plugin>> asked_;
  std::atomic<bool> accepting_{true};
  CredentialWatch credentials_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, std::shared_ptr<Room>> rooms_;  // guarded by mutex_
  // Rooms being loaded, and who waits for each. Guarded by mutex_.
  std::unordered_map<std::string, std::vector<std::function<void(std::shared_ptr<Room>)>>> loading_;
  // Counts refresh_rosters calls. A room read its roster before it was listed in rooms_, so a
  // refresh in between would miss it: the loader compares this before and after and re-reads.
  std::atomic<std::uint64_t> roster_refreshes_{0};
  // Held from reading a room's roster to posting it, so two refreshes at once (the scheduler's
  // and an administrator's) post in the order they read: an older roster never lands last.
  std::mutex roster_mutex_;
  // Last: its threads are joined first, while everything they use still exists.
  BackgroundWork background_{2};
};

// True when `name` is a well-formed room name: 1–64 of [a-z0-9._-], starting with a letter or
// digit. Names are part of URLs and the hash chain, so they stay plain.
bool valid_room_name(std::string_view name);

}  // namespace collegial::core
