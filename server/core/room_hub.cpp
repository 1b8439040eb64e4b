#include "core/room_hub.hpp"

#include "core/seat_changes.hpp"
#include "core/protocol.hpp"
#include "core/reply_peer.hpp"
#include "i18n/messages.hpp"
#include "store/body_terms.hpp"
#include "util/log.hpp"

#include <algorithm>
#include <condition_variable>
#include <future>
#include <vector>

namespace collegial::core {

namespace {
constexpr Bilingual kNoRoom{"no room named ''{room}''", "no hay ninguna sala llamada ''{room}''"};
constexpr Bilingual kNoAnswer{"the room did not answer in time; retry",
                              "la sala no respondió a tiempo; vuelva a intentarlo"};
}  // namespace

bool valid_room_name(std::string_view name) {
  if (name.empty() || name.size() > 64) return false;
  const auto plain = [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); };
  if (!plain(name.front())) return false;
  for (char c : name) {
    if (!plain(c) && c != '.' && c != '_' && c != '-') return false;
  }
  return true;
}

RoomHub::RoomHub(store::EventStore& store, SerialExecutorFactory executors, const Clock& clock,
                 RoomOptions options, Services services)
    : store_(store),
      executors_(std::move(executors)),
      clock_(clock),
      options_(options),
      services_(std::move(services)),
      asked_(services_.plugins ? services_.plugins() : std::vector<std::unique_ptr<Plugin>>{}) {
  if (services_.accounts) {
    services_.accounts->on_credentials_changed([this] { credentials_.recheck_all(); });
  }
}

Roster RoomHub::roster_of(const store::RoomRecord& record) {
  Roster roster;
  if (!record.body_id || !services_.directory) return roster;
  try {
    roster.body = services_.directory->body_by_id(*record.body_id);
    for (const auto& m : services_.directory->members_of(*record.body_id, clock_.now_ms())) {
      const auto role = auth::membership_role(m.role);
      if (!role) continue;
      auto it = std::find_if(roster.seats.begin(), roster.seats.end(),
                             [&](const Seat& s) { return s.person_id == m.person_id; });
      if (it == roster.seats.end()) {
        const auto person = services_.directory->person_by_id(m.person_id);
        roster.seats.push_back(Seat{m.person_id, person ? person->name : "", {}});
        it = roster.seats.end() - 1;
      }
      it->roles.push_back(*role);
    }
    // L4: a learning circle watches for a quorum of any council among those present.
    const auto votes_in = [](const store::Body& b) {
      const auto kind = store::body_kind_named(b.kind);
      return kind && store::decides_by_vote(*kind);
    };
    if (roster.body && !votes_in(*roster.body)) {
      for (const auto& b : services_.directory->bodies()) {
        if (!votes_in(b)) continue;
        Council council{b.id, b.name, {}, 0};
        for (const auto& m : services_.directory->members_of(b.id, clock_.now_ms())) {
          const auto role = auth::membership_role(m.role);
          if (role && auth::votes(*role)) {
            if (std::find(council.voting.begin(), council.voting.end(), m.person_id) == council.voting.end()) {
              council.voting.push_back(m.person_id);
            }
          }
        }
        council.required = council.voting.size() / 2 + 1;
        if (!council.voting.empty()) roster.councils.push_back(std::move(council));
      }
    }
  } catch (const std::exception& e) {
    LOG_ERROR("room " << record.name << ": cannot read its body's roster: " << e.what());
  }
  return roster;
}

RoomHub::~RoomHub() {
  if (services_.accounts) services_.accounts->on_credentials_changed({});
}

std::shared_ptr<Room> RoomHub::find(std::string_view name) {
  auto promise = std::make_shared<std::promise<std::shared_ptr<Room>>>();
  auto future = promise->get_future();
  find_async(name, [promise](std::shared_ptr<Room> room) { promise->set_value(std::move(room)); });
  return future.get();
}

std::shared_ptr<Room> RoomHub::loaded_room(std::string_view name) const {
  std::lock_guard lock(mutex_);
  const auto it = rooms_.find(std::string(name));
  return it == rooms_.end() ? nullptr : it->second;
}

std::int64_t RoomHub::loaded_head(std::string_view name) const {
  const auto room = loaded_room(name);
  return room ? room->committed_head() : -1;
}

std::int64_t RoomHub::loaded_heads_total() const {
  std::lock_guard lock(mutex_);
  std::int64_t total = 0;
  for (const auto& [name, room] : rooms_) total += room->committed_head();
  return total;
}

void RoomHub::find_async(std::string_view name, std::function<void(std::shared_ptr<Room>)> done) {
  std::string key(name);
  {
    std::unique_lock lock(mutex_);
    if (auto it = rooms_.find(key); it != rooms_.end()) {
      auto room = it->second;
      lock.unlock();
      done(std::move(room));
      return;
    }
    auto& waiting = loading_[key];
    waiting.push_back(std::move(done));
    if (waiting.size() > 1) return;  // its load is under way
  }
  background_.post([this, key] {
    std::shared_ptr<Room> room;
    const auto refreshes = roster_refreshes_.load();
    try {
      room = load(key);
    } catch (const std::exception& e) {
      LOG_ERROR("room " << key << ": cannot load: " << e.what());
    }
    std::vector<std::function<void(std::shared_ptr<Room>)>> waiting;
    {
      std::lock_guard lock(mutex_);
      if (room) rooms_.emplace(key, room);
      waiting = std::move(loading_[key]);
      loading_.erase(key);
    }
    // A seat given while the room loaded (B5): the refresh did not list it yet, so it takes
    // up its roster again before anyone waiting for it joins (the room's executor is FIFO).
    if (room && roster_refreshes_.load() != refreshes) refresh_roster(*room);
    for (auto& w : waiting) w(room);
  });
}

std::shared_ptr<Room> RoomHub::load(const std::string& name) {
  auto record = store_.find_room(name);
  if (!record) return nullptr;
  RoomOptions options = options_;
  options.offload = [this](std::function<void()> work) { background_.post(std::move(work)); };
  options.save_outside = services_.save_outside;
  options.restore_outside = services_.restore_outside;
  if (services_.placement && !services_.placement->place(*record, options)) return nullptr;
  auto changed = std::make_shared<bool>(false);
  // A follower's events had their effects outside the rooms on the node that decided them
  // (seats, notices to the media, checkpoints), and that node stores the room's snapshots. The
  // facilitators' book is this node's memory, which its own rooms' decisions read (L2): a
  // follower keeps it too.
  const bool follower = static_cast<bool>(options.forward);
  if (follower) options.snapshot_every = 0;
  auto room = Room::load(*record, store_, executors_(), clock_, options, roster_of(*record), services_.plugins,
                         follower ? services_.effects : effects(changed),
                         follower ? EventEffects{} : services_.later_effects);
  // An election the directory had not taken up (a crash between the commit and the seat) was
  // just taken up: seat the room on the roster that follows from it.
  if (room && *changed) room->replace_roster(roster_of(*record));
  if (room && services_.placement) services_.placement->placed(room);
  return room;
}

EventEffects RoomHub::effects(std::shared_ptr<bool> replay_changed_directory) {
  if (!services_.directory && !services_.effects) return {};
  return [this, replay_changed_directory](const store::RoomRecord& room, const record::Event& event,
                                          const nlohmann::json& body, bool replaying) {
    if (services_.effects) services_.effects(room, event, body, replaying);
    if (!services_.directory) return;
    bool seated = false;
    for (const auto& plugin : asked_) {
      if (const auto change = plugin->seat_change(event, body)) {
        seated = take_up_seat(*services_.directory, room, event, *change) || seated;
      }
    }
    if (!seated) return;
    // A replay runs on the loading thread before the room is listed: its roster is refreshed
    // when the load ends. Live events run on the room's executor, which never holds mutex_,
    // so refreshing every room's roster there cannot deadlock.
    if (replaying) *replay_changed_directory = true;
    else refresh_rosters();
  };
}

void RoomHub::unload(const std::string& name, const std::string& why) {
  std::shared_ptr<Room> room;
  {
    std::lock_guard lock(mutex_);
    const auto it = rooms_.find(name);
    if (it == rooms_.end()) return;
    room = std::move(it->second);
    rooms_.erase(it);
  }
  room->retire(why);
}

void RoomHub::refresh_rosters() {
  ++roster_refreshes_;  // before the listing: a room listed after it was counted re-reads
  std::vector<std::shared_ptr<Room>> rooms;
  {
    std::lock_guard lock(mutex_);
    for (auto& [name, room] : rooms_) rooms.push_back(room);
  }
  for (auto& room : rooms) refresh_roster(*room);
}

void RoomHub::check_connections() {
  std::vector<std::shared_ptr<Room>> rooms;
  {
    std::lock_guard lock(mutex_);
    for (auto& [name, room] : rooms_) rooms.push_back(room);
  }
  for (auto& room : rooms) room->check_connections();
}

void RoomHub::refresh_roster(Room& room) {
  if (!room.body_id()) return;
  std::lock_guard lock(roster_mutex_);
  store::RoomRecord record;
  record.name = room.name();
  record.body_id = room.body_id();
  room.replace_roster(roster_of(record));
}

void RoomHub::quiesce() {
  std::vector<std::shared_ptr<Room>> rooms;
  {
    std::lock_guard lock(mutex_);
    for (auto& [name, room] : rooms_) rooms.push_back(room);
  }
  std::mutex done_mutex;
  std::condition_variable done_cv;
  std::size_t remaining = rooms.size();
  for (auto& room : rooms) {
    room->after_pending([&] {
      std::lock_guard lock(done_mutex);
      if (--remaining == 0) done_cv.notify_one();
    });
  }
  std::unique_lock lock(done_mutex);
  done_cv.wait(lock, [&] { return remaining == 0; });
}

std::optional<PublicSnapshot> RoomHub::public_snapshot(std::string_view name, std::size_t events) {
  auto room = find(name);
  if (!room) return std::nullopt;
  auto promise = std::make_shared<std::promise<PublicSnapshot>>();
  auto future = promise->get_future();
  room->public_snapshot(events, [promise](PublicSnapshot s) { promise->set_value(std::move(s)); });
  // A room whose executor has stopped (shutdown) never answers: give up rather than hang.
  if (future.wait_for(std::chrono::seconds(5)) != std::future_status::ready) return std::nullopt;
  return future.get();
}

Result<nlohmann::json> RoomHub::read(std::string_view name, const std::string& plugin,
                                     const nlohmann::json& query) {
  auto room = find(name);
  if (!room) return i18n::refusal(std::string(protocol::code::unknown_room), kNoRoom, {{"room", name}});
  auto promise = std::make_shared<std::promise<Result<nlohmann::json>>>();
  auto future = promise->get_future();
  room->read(plugin, query, [promise](Result<nlohmann::json> r) { promise->set_value(std::move(r)); });
  if (future.wait_for(std::chrono::seconds(5)) != std::future_status::ready) {
    return i18n::refusal(std::string(protocol::code::unavailable), kNoAnswer);
  }
  return future.get();
}

Result<std::vector<std::string>> RoomHub::log_slice(std::string_view name, std::int64_t from, std::int64_t to,
                                                    std::shared_ptr<const auth::Principal> closed_reader,
                                                    std::int64_t reveal_from, std::int64_t reveal_to) {
  auto room = find(name);
  if (!room) return i18n::refusal(std::string(protocol::code::unknown_room), kNoRoom, {{"room", name}});
  auto promise = std::make_shared<std::promise<Result<std::vector<std::string>>>>();
  auto future = promise->get_future();
  room->log_slice(from, to, std::move(closed_reader), reveal_from, reveal_to,
                  [promise](Result<std::vector<std::string>> r) { promise->set_value(std::move(r)); });
  // A long log is read in pages from the store: allow it more than a plugin's read.
  if (future.wait_for(std::chrono::seconds(30)) != std::future_status::ready) {
    return i18n::refusal(std::string(protocol::code::unavailable), kNoAnswer);
  }
  return future.get();
}

Result<nlohmann::json> RoomHub::act(std::string_view name, std::shared_ptr<const auth::Principal> who,
                                    Command command, i18n::Lang lang) {
  if (!accepting()) return i18n::refusal(std::string(protocol::code::unavailable),
                                           {"the server is shutting down", "el servidor se está apagando"});
  auto room = find(name);
  if (!room) return i18n::refusal(std::string(protocol::code::unknown_room), kNoRoom, {{"room", name}});
  auto peer = std::make_shared<ReplyPeer>(lang);
  auto answer = peer->answer();
  room->act(peer, "null", std::move(who), std::move(command), /*require_join=*/false);
  // An ack means durable: the commit (an fsync) comes first.
  if (answer.wait_for(std::chrono::seconds(10)) != std::future_status::ready) {
    return i18n::refusal(std::string(protocol::code::unavailable), kNoAnswer);
  }
  return nlohmann::json::parse(*answer.get());
}

Result<nlohmann::json> RoomHub::read_as(std::string_view name, std::shared_ptr<const auth::Principal> who,
                                        const std::string& plugin, const nlohmann::json& query,
                                        i18n::Lang lang) {
  auto room = find(name);
  if (!room) return i18n::refusal(std::string(protocol::code::unknown_room), kNoRoom, {{"room", name}});
  auto peer = std::make_shared<ReplyPeer>(lang);
  auto answer = peer->answer();
  room->read(peer, "null", plugin, query, std::move(who), /*require_join=*/false);
  if (answer.wait_for(std::chrono::seconds(5)) != std::future_status::ready) {
    return i18n::refusal(std::string(protocol::code::unavailable), kNoAnswer);
  }
  return nlohmann::json::parse(*answer.get());
}

RoomHub::Health RoomHub::health() const {
  Health health;
  health.storage_failure = store_.storage_failure();
  std::vector<std::shared_ptr<Room>> rooms;
  {
    std::lock_guard lock(mutex_);
    for (const auto& [name, room] : rooms_) rooms.push_back(room);
  }
  for (const auto& room : rooms) {
    if (auto failure = room->failure()) health.failed_rooms.push_back({room->name(), *failure});
  }
  std::sort(health.failed_rooms.begin(), health.failed_rooms.end(),
            [](const FailedRoom& a, const FailedRoom& b) { return a.room < b.room; });
  return health;
}

std::size_t RoomHub::loaded() const {
  std::lock_guard lock(mutex_);
  return rooms_.size();
}

}  // namespace collegial::core
