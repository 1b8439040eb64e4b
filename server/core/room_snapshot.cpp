// Snapshots of a room (docs/architecture.md, "Snapshots"; issue #18 §1): the room's whole folded
// state at one event, stored beside its log, so that loading the room costs the state and the
// events after it, not its whole history.
//
// What a snapshot holds (format 2), stored as CBOR (RFC 8949: compact, and a plugin's packed
// bytes stay bytes; format 1 was JSON text):
//   {"format":2, "room":…, "seq":S, "hash":H,
//    "plugins":{name: Plugin::snapshot()}, "public":{name: …}   the room's and the public's folds (C3);
//                                                                "public" is null when no event was
//                                                                ever withheld: the two folds are equal
//    "withheld":[[from,to,line]…], "redacted":[[seq,line,by_seq]…]   what the room serves instead
//    "guests":[[person,[[from,to]…]]…], "guests_now":[…]             closed-session guests' windows (C3)
//    "outside": …}                                                    state kept elsewhere from the
//                                                                     room's events (the facilitators' book)
// A snapshot is taken up only when its checksum holds, it names this room, the event it was
// taken at is in the chain with that hash, and every plugin restores from it; otherwise it is
// ignored (and the log says so) and the room replays.
#include <nlohmann/json.hpp>

#include <malloc.h>

#include <algorithm>
#include <chrono>

#include "core/protocol.hpp"
#include "core/room.hpp"
#include "record/chain.hpp"
#include "util/log.hpp"

namespace collegial::core {

namespace {

using nlohmann::json;

constexpr int kSnapshotFormat = 2;

// Reading or writing a large state leaves the allocator holding its transient JSON (for a room
// of a million messages, several times the state): hand it back to the system at once.
void release_memory() { malloc_trim(0); }

json plugin_states(const std::vector<std::unique_ptr<Plugin>>& plugins) {
  json out = json::object();
  for (const auto& p : plugins) out[std::string(p->name())] = p->snapshot();
  return out;
}

// Restores every plugin from `states`, which must name exactly these plugins.
void restore_plugins(std::vector<std::unique_ptr<Plugin>>& plugins, const json& states) {
  if (!states.is_object() || states.size() != plugins.size()) {
    throw std::runtime_error("it holds other plugins than this room's");
  }
  for (const auto& p : plugins) {
    const auto it = states.find(std::string(p->name()));
    if (it == states.end()) throw std::runtime_error("it has no state for the " + std::string(p->name()) + " plugin");
    try {
      p->restore(*it);
    } catch (const std::exception& e) {
      throw std::runtime_error("the " + std::string(p->name()) + " plugin refused its state: " + e.what());
    }
  }
}

}  // namespace

json Room::snapshot_state() {
  json withheld = json::array();
  for (const WithheldRange& r : withheld_) withheld.push_back({r.from, r.to, r.line});
  json redacted = json::array();
  for (const auto& [seq, r] : redacted_) redacted.push_back({seq, r.line, r.by_seq});
  json guests = json::array();
  for (const auto& [person, windows] : guest_windows_) {
    json w = json::array();
    for (const auto& [from, to] : windows) w.push_back({from, to});
    guests.push_back({person, std::move(w)});
  }
  return {{"format", kSnapshotFormat},
          {"room", name()},
          {"seq", record_.head_seq},
          {"hash", record_.head_hash},
          {"plugins", plugin_states(plugins_)},
          // C3: the public's fold differs from the room's only once an event has been withheld.
          {"public", withheld_.empty() ? json() : plugin_states(public_plugins_)},
          {"withheld", std::move(withheld)},
          {"redacted", std::move(redacted)},
          {"guests", std::move(guests)},
          {"guests_now", guests_now_},
          {"outside", options_.save_outside ? options_.save_outside(name()) : json()}};
}

std::optional<std::string> Room::take_up(const store::Snapshot& snapshot) {
  if (checksum_of(snapshot.state) != snapshot.checksum) {
    return "its checksum does not match its state (or it was not made with this server's key)";
  }
  if (snapshot.seq < 1 || snapshot.seq > record_.head_seq) return "it is past the room's head";
  std::vector<record::Event> at;
  if (!store_.read_events(record_, snapshot.seq - 1, 1, 1 << 20, at) || at.empty() || at.front().seq != snapshot.seq) {
    return "the event it was taken at cannot be read";
  }
  if (at.front().hash != snapshot.hash) return "the event it was taken at has another hash in the chain";
  try {
    const json s = json::from_cbor(snapshot.state);
    if (s.at("format").get<int>() != kSnapshotFormat) return "it is of another format";
    if (s.at("room").get<std::string>() != name() || s.at("seq").get<std::int64_t>() != snapshot.seq ||
        s.at("hash").get<std::string>() != snapshot.hash) {
      return "it names another room or event than its row";
    }
    restore_plugins(plugins_, s.at("plugins"));
    const json& public_states = s.at("public");
    restore_plugins(public_plugins_, public_states.is_null() ? s.at("plugins") : public_states);
    for (const json& r : s.at("withheld")) {
      withheld_.push_back({r.at(0).get<std::int64_t>(), r.at(1).get<std::int64_t>(), r.at(2).get<std::string>()});
    }
    for (const json& r : s.at("redacted")) {
      redacted_[r.at(0).get<std::int64_t>()] = Redacted{r.at(1).get<std::string>(), r.at(2).get<std::int64_t>()};
    }
    for (const json& g : s.at("guests")) {
      auto& windows = guest_windows_[g.at(0).get<std::int64_t>()];
      for (const json& w : g.at(1)) windows.emplace_back(w.at(0).get<std::int64_t>(), w.at(1).get<std::int64_t>());
    }
    guests_now_ = s.at("guests_now").get<std::set<std::int64_t>>();
    // Last, once everything of the room's own has been taken: what lives outside the room.
    if (options_.restore_outside) options_.restore_outside(name(), s.at("outside"));
  } catch (const std::exception& e) {
    return std::string("it cannot be read: ") + e.what();
  }
  snapshot_seq_ = snapshot.seq;  // load() replays the events after it
  tell_roster();  // the seats as they are now, not as they were when it was taken
  views_stale_ = public_views_stale_ = true;
  // The events just before it, as the room would have cached them by replaying: catch-up and
  // the public pages' recent record read them from memory.
  const std::int64_t from = std::max<std::int64_t>(0, snapshot.seq - static_cast<std::int64_t>(options_.recent_events));
  std::vector<record::Event> before;
  for (std::int64_t after = from; after < snapshot.seq;) {
    before.clear();
    if (!store_.read_events(record_, after, 512, 1 << 20, before) || before.empty()) break;
    for (const record::Event& e : before) {
      if (e.seq > snapshot.seq) break;
      const std::string* line = withheld_at(e.seq);
      remember(e, line ? std::optional<std::string>(*line) : std::nullopt);
      if (const auto r = redacted_.find(e.seq); r != redacted_.end()) {
        recent_.back().redacted = protocol::make_redacted(name(), e.seq, e.prev_hash, e.hash, r->second.line, r->second.by_seq);
      }
      after = e.seq;
    }
  }
  release_memory();
  return std::nullopt;
}

void Room::snapshot_if_due(bool loading) {
  if (options_.snapshot_every <= 0 || failed_) return;
  // Building a snapshot holds the room's strand for as long as its state takes to write out (a
  // few milliseconds for a council's; more for a room that has said a million chat messages).
  // Live, a room whose last one took longer than kStrandBudget waits proportionally more events
  // for the next, so snapshots never take more than about that much of its time per
  // snapshot_every events. At load nobody waits.
  constexpr double kStrandBudgetMs = 20;
  const double stretch = loading ? 1 : std::max(1.0, last_snapshot_ms_ / kStrandBudgetMs);
  if (static_cast<double>(record_.head_seq - snapshot_seq_) < static_cast<double>(options_.snapshot_every) * stretch) {
    return;
  }
  const auto started = std::chrono::steady_clock::now();
  json state = snapshot_state();
  last_snapshot_ms_ = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
  if (options_.check_snapshots) check_snapshot(state);
  snapshot_seq_ = record_.head_seq;
  const store::RoomRecord record = record_;
  auto put = [this, record, state = std::move(state), now = clock_.now_ms(), built_ms = last_snapshot_ms_] {
    store::Snapshot s;
    s.seq = record.head_seq;
    s.hash = record.head_hash;
    const std::vector<std::uint8_t> bytes = json::to_cbor(state);
    s.state.assign(bytes.begin(), bytes.end());
    s.checksum = checksum_of(s.state);
    s.taken_ms = now;
    if (store_.put_snapshot(record, s)) {
      LOG_EVENT(log::Level::info, (log::Fields{.event = "snapshot.stored", .room = record.name}),
                "room " << record.name << ": snapshot at seq " << s.seq << " stored (" << s.state.size()
                        << " bytes; built in " << static_cast<long>(built_ms) << " ms on the room's strand)");
    }
  };
  // After the effects of every event it holds have run (they run in commit order, later), so a
  // crash never leaves a snapshot whose events' effects were lost: those are replayed from the
  // events after the previous snapshot.
  if (loading) {
    {
      auto once = std::move(put);  // the state it holds goes with it, before the memory is released
      once();
    }
    release_memory();
  } else {
    run_later(std::move(put));
  }
}

std::string Room::checksum_of(const std::string& state) const {
  return options_.snapshot_key.empty() ? record::sha256_hex(state) : record::hmac_sha256_hex(options_.snapshot_key, state);
}

void Room::check_snapshot(const json& state) {
  // Tests (--check-snapshots): a fresh room's plugins restored from `state` must give the same
  // state and views back, or the snapshot forgot something.
  if (!factory_) return;
  auto verify = [&](const std::vector<std::unique_ptr<Plugin>>& live, const json& states, const char* which) {
    auto fresh = factory_();
    for (auto& p : fresh) {
      const std::string plugin(p->name());
      try {
        p->restore(states.at(plugin));
        const auto original = std::find_if(live.begin(), live.end(), [&](const auto& l) { return l->name() == p->name(); });
        if (original == live.end()) continue;
        if (p->snapshot() != states.at(plugin)) {
          LOG_ERROR("room " << name() << ": snapshot check failed: the " << which << " " << plugin
                            << " plugin restored gives another snapshot at seq " << record_.head_seq);
        } else if (p->view() != (*original)->view()) {
          LOG_ERROR("room " << name() << ": snapshot check failed: the " << which << " " << plugin
                            << " plugin restored gives another view at seq " << record_.head_seq);
        }
      } catch (const std::exception& e) {
        LOG_ERROR("room " << name() << ": snapshot check failed: the " << which << " " << plugin
                          << " plugin refused its own snapshot at seq " << record_.head_seq << ": " << e.what());
      }
    }
  };
  verify(plugins_, state.at("plugins"), "room's");
  const json& public_states = state.at("public");
  verify(public_plugins_, public_states.is_null() ? state.at("plugins") : public_states, "public's");
}

}  // namespace collegial::core
