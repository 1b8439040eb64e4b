// The rooms of this server, loaded on first use and kept while the server runs.
#pragma once

#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "auth/accounts.hpp"
#include "core/clock.hpp"
#include "core/plugin.hpp"
#include "core/room.hpp"
#include "core/serial_executor.hpp"
#include "store/event_store.hpp"

namespace collegial::core {

// What rooms use beyond their log; each may be absent (unit tests): without accounts every
// client is the public, without a directory rooms have no roster, without plugins no operations.
struct RoomHubServices {
  auth::Accounts* accounts = nullptr;  // resolves the tokens clients present in hello
  store::Directory* directory = nullptr;
  PluginFactory plugins;
  // More effects of committed events, beyond the hub's own (officer elections), e.g. queueing
  // a posted notice for delivery to the media (N7). Runs as EventEffects says: idempotent.
  EventEffects effects = {};
};

class RoomHub {
 public:
  using Services = RoomHubServices;
  RoomHub(store::EventStore& store, SerialExecutorFactory executors, const Clock& clock,
          RoomOptions options = {}, Services services = {});
  RoomHub(const RoomHub&) = delete;
  RoomHub& operator=(const RoomHub&) = delete;

  // The room called `name`, replaying its log on first use; null when no such room exists (or
  // its log cannot be read, which is logged). Thread-safe.
  std::shared_ptr<Room> find(std::string_view name);

 private:
  Roster roster_of(const store::RoomRecord& record);
  // What committed events do outside their room (core/officer_elections).
  EventEffects effects();

 public:

  // What the public may see of room `name` now (loading it if needed); nothing when there is
  // no such room. Blocks until the room's executor answers: never call it from a room's
  // executor (the public pages call it from the API pool).
  // A plugin operation sent over HTTP (the JSON API) by `who`, without joining: the same policy
  // and plugin checks as `act`, waited for until durable. Returns the room's answer, the ack
  // ({"type":"ack","seq":…}) or the error ({"type":"error","code":…,"message":…});
  // unknown_room, unavailable (no answer in time, or shutting down).
  Result<nlohmann::json> act(std::string_view room, std::shared_ptr<const auth::Principal> who,
                             Command command);

  // A plugin's read (Room::read) over HTTP by `who`, who must be allowed to join the room; the
  // room's answer as `act` gives it.
  Result<nlohmann::json> read_as(std::string_view room, std::shared_ptr<const auth::Principal> who,
                                 const std::string& plugin, const nlohmann::json& query);

  // A plugin's read (Room::read) for the public pages, waited for; unknown_room when no such
  // room, unavailable when the room does not answer in time (shutting down).
  Result<nlohmann::json> read(std::string_view room, const std::string& plugin, const nlohmann::json& query);

  std::optional<PublicSnapshot> public_snapshot(std::string_view name, std::size_t events);

  // Rooms loaded so far. Thread-safe.
  std::size_t loaded() const;

  // After this, connections refuse new commands with `unavailable` (shutdown). Thread-safe.
  void stop_accepting() { accepting_ = false; }
  bool accepting() const { return accepting_; }

  // Re-reads the roster of every loaded room that belongs to a body (after an administrator
  // changed memberships). Thread-safe.
  void refresh_rosters();

  // Blocks until every loaded room has run the work posted to it before this call. Must not be
  // called from a room's executor.
  void quiesce();

  const Clock& clock() const { return clock_; }
  auth::Accounts* accounts() const { return services_.accounts; }

 private:
  store::EventStore& store_;
  SerialExecutorFactory executors_;
  const Clock& clock_;
  RoomOptions options_;
  Services services_;
  std::atomic<bool> accepting_{true};
  mutable std::mutex mutex_;
  std::unordered_map<std::string, std::shared_ptr<Room>> rooms_;
  bool replay_changed_directory_ = false;  // guarded by mutex_ (set while a room loads)
};

// True when `name` is a well-formed room name: 1–64 of [a-z0-9._-], starting with a letter or
// digit. Names are part of URLs and the hash chain, so they stay plain.
bool valid_room_name(std::string_view name);

}  // namespace collegial::core
