#include "core/room.hpp"

#include <algorithm>

#include "core/protocol.hpp"
#include "i18n/messages.hpp"
#include "record/chain.hpp"
#include "util/log.hpp"
#include "util/metrics.hpp"
#include "util/bounded_json.hpp"

namespace collegial::core {

namespace code = protocol::code;

Room::Room(const store::RoomRecord& record, store::EventStore& store,
           std::unique_ptr<SerialExecutor> executor, const Clock& clock, RoomOptions options,
           Roster roster, const PluginFactory& plugins)
    : record_(record),
      committed_head_(record.head_seq),
      tail_seq_(record.head_seq),
      tail_hash_(record.head_hash),
      store_(store),
      executor_(std::move(executor)),
      clock_(clock),
      options_(options),
      roster_(std::move(roster)),
      plugins_(plugins ? plugins() : std::vector<std::unique_ptr<Plugin>>{}),
      public_plugins_(plugins ? plugins() : std::vector<std::unique_ptr<Plugin>>{}),
      factory_(options.check_snapshots ? plugins : PluginFactory{}) {
  for (const auto& p : plugins_) operations_.push_back(p->operations());
  tell_roster();
}

void Room::tell_roster() {
  for (auto* set : {&plugins_, &public_plugins_}) {
    for (const auto& p : *set) {
      if (!contained(record_.head_seq, p->name(), [&] { p->roster_changed(roster_); })) return;
    }
  }
  views_stale_ = public_views_stale_ = true;  // a view may name the seats
}

std::shared_ptr<Room> Room::load(const store::RoomRecord& record, store::EventStore& store,
                                 std::unique_ptr<SerialExecutor> executor, const Clock& clock,
                                 RoomOptions options, Roster roster, const PluginFactory& plugins,
                                 EventEffects effects, EventEffects later_effects) {
  // From the newest snapshot that checks out (docs/architecture.md, "Snapshots"), else from the
  // log's first event. A snapshot refused half-way leaves its room behind: the next try, and
  // the replay, start from a room made anew.
  std::shared_ptr<Room> room;
  std::int64_t after = 0;
  for (const store::Snapshot& snapshot : options.snapshot_every > 0 ? store.snapshots(record)
                                                                    : std::vector<store::Snapshot>{}) {
    std::shared_ptr<Room> candidate(new Room(record, store, std::move(executor), clock, options, roster, plugins));
    const auto why = candidate->take_up(snapshot);
    if (!why) {
      room = std::move(candidate);
      after = snapshot.seq;
      break;
    }
    LOG_EVENT(log::Level::warn, (log::Fields{.event = "snapshot.ignored", .room = record.name}),
              "room " << record.name << ": the snapshot at seq " << snapshot.seq << " was ignored (" << *why
                      << "); replaying the log instead");
    executor = std::move(candidate->executor_);
  }
  if (!room) room.reset(new Room(record, store, std::move(executor), clock, options, std::move(roster), plugins));
  room->effects_ = std::move(effects);
  room->later_effects_ = std::move(later_effects);
  // Replay the log from there: every plugin folds every event, and the last ones fill the
  // recent-event cache. The head read with the room is where replay stops.
  const std::int64_t from = after;
  std::vector<record::Event> page;
  while (after < record.head_seq) {
    page.clear();
    if (!store.read_events(record, after, 512, 1 << 20, page) || page.empty()) {
      LOG_ERROR("room " << record.name << ": cannot replay its log after seq " << after);
      return nullptr;
    }
    for (const record::Event& e : page) {
      if (e.seq > record.head_seq) break;
      room->remember(e, room->fold(e, /*replaying=*/true));
      after = e.seq;
    }
  }
  LOG_EVENT(log::Level::info, (log::Fields{.event = "room.loaded", .room = record.name}),
            "room " << record.name << " loaded at seq " << record.head_seq << " from "
                    << (from > 0 ? "its snapshot at seq " + std::to_string(from) : std::string("its first event"))
                    << ", " << record.head_seq - from << " events replayed");
  room->snapshot_if_due(/*loading=*/true);
  return room;
}

namespace {
// C3 in a failed room: whether an event was closed-session content can no longer be told.
std::string failed_line(std::int64_t seq) {
  return "Withheld: this room's record could not be processed from seq " + std::to_string(seq) +
         " on; what follows is kept for the body's members until an operator repairs it.";
}
}  // namespace

void Room::fail(std::int64_t seq, std::string_view plugin, const std::string& what) {
  if (failed_) return;
  {
    std::lock_guard lock(failure_mutex_);
    failed_ = RoomFailure{seq, std::string(plugin), what};
  }
  // C3: a guest's window closes with the room: after a failure nothing more is told apart.
  for (const std::int64_t person : guests_now_) guest_windows_[person].back().second = seq - 1;
  guests_now_.clear();
  LOG_EVENT(log::Level::error, (log::Fields{.event = "room.failed", .room = name()}),
            "room " << name() << " FAILED at seq " << seq << ": " << plugin << " threw: " << what
                    << ". It refuses appends (room_failed) and serves what is committed until an "
                       "operator acts (docs/operations.md)");
}

std::optional<RoomFailure> Room::failure() const {
  std::lock_guard lock(failure_mutex_);
  return failed_;
}

namespace {

constexpr Bilingual kStorageFailed{
    "the event store stopped writing after a storage error; nothing was recorded. An operator "
    "must check the disk and restart the server",
    "el registro de eventos dejó de escribir tras un error de almacenamiento; no se registró "
    "nada. Un operador debe revisar el disco y reiniciar el servidor"};

constexpr Bilingual kNotJoined{"not joined to room ''{room}''", "no se ha unido a la sala ''{room}''"};

// Answers `id_json` on `peer` (if any) with a refusal in the peer's language.
void refuse(const std::shared_ptr<Peer>& peer, const std::string& id_json, std::string_view code_name,
            Bilingual text, const nlohmann::json& args = nlohmann::json::object()) {
  if (peer) peer->send(protocol::make_error(id_json, i18n::refusal(std::string(code_name), text, args), peer->lang()));
}

// Answers `id_json` on `peer` (if any) with `status` in the peer's language where it has one.
void answer_error(const std::shared_ptr<Peer>& peer, const std::string& id_json, const Status& status) {
  if (peer) peer->send(protocol::make_error(id_json, status, peer->lang()));
}

}  // namespace

Status Room::refusal() const {
  if (failed_) {
    return i18n::refusal(
        std::string(code::room_failed),
        {"room ''{room}'' stopped taking new events at seq {seq, number, ::group-off} when its {plugin} "
         "plugin failed; nothing was recorded. What is recorded can still be read; an operator "
         "must repair the room",
         "la sala ''{room}'' dejó de aceptar eventos nuevos en el seq {seq, number, ::group-off} cuando falló "
         "su complemento {plugin}; no se registró nada. Lo registrado aún puede leerse; un "
         "operador debe reparar la sala"},
        {{"room", name()}, {"seq", failed_->seq}, {"plugin", failed_->plugin}});
  }
  if (store_.storage_failure()) return i18n::refusal(std::string(code::storage_failed), kStorageFailed);
  return Status::ok();
}

std::optional<std::string> Room::fold(const record::Event& event, bool replaying) {
  if (failed_) return withhold(event.seq, failed_line(failed_->seq));
  if (plugins_.empty() && !effects_) return std::nullopt;
  const auto before = withheld_line();
  const auto body = parse_bounded_json(event.body);
  for (const auto& p : plugins_) {
    if (!contained(event.seq, p->name(), [&] { p->apply(event, body); })) break;
  }
  views_stale_ = true;
  track_guests(event.seq);
  note_redactions(event, body);
  if (effects_) contained(event.seq, "effects", [&] { effects_(record_, event, body, replaying); });
  if (later_effects_ && !failed_) {
    if (replaying) {
      contained(event.seq, "effects", [&] { later_effects_(record_, event, body, true); });
    } else {
      run_later([self = shared_from_this(), record = record_, event, body] {
        try {
          self->later_effects_(record, event, body, false);
        } catch (const std::exception& e) {
          self->executor_->post([self, seq = event.seq, what = std::string(e.what())] { self->fail(seq, "effects", what); });
        }
      });
    }
  }
  // C3: what happens between the decision to close and the return to open session is
  // withheld; those two events themselves are public.
  auto after = withheld_line();
  if (failed_) return withhold(event.seq, failed_line(failed_->seq));
  if (before && after) return withhold(event.seq, *after);
  // C3: the public's plugins fold only what the public receives, so every public surface drawn
  // from them (views, reads, pages, feeds, minutes) knows nothing of closed sessions.
  for (const auto& p : public_plugins_) {
    if (!contained(event.seq, p->name(), [&] { p->apply(event, body); })) {
      return withhold(event.seq, failed_line(failed_->seq));
    }
  }
  public_views_stale_ = true;
  return std::nullopt;
}

void Room::track_guests(std::int64_t seq) {
  if (failed_) return;
  std::set<std::int64_t> now;
  for (const auto& p : plugins_) {
    if (!contained(seq, p->name(), [&] { now.merge(p->closed_session_guests()); })) return;
  }
  for (const std::int64_t person : now) {
    if (!guests_now_.count(person)) guest_windows_[person].push_back({seq, INT64_MAX});  // admitted here
  }
  for (const std::int64_t person : guests_now_) {
    if (!now.count(person)) guest_windows_[person].back().second = seq;  // until here
  }
  guests_now_ = std::move(now);
}

bool Room::sees(const Subscriber& s, std::int64_t seq) const {
  if (s.sees_closed) return true;
  if (!s.who || s.who->kind != auth::Principal::Kind::person) return false;
  const auto it = guest_windows_.find(s.who->id);
  if (it == guest_windows_.end()) return false;
  return std::any_of(it->second.begin(), it->second.end(),
                     [seq](const auto& w) { return w.first <= seq && seq <= w.second; });
}

std::string Room::withhold(std::int64_t seq, std::string line) {
  if (!withheld_.empty() && withheld_.back().to + 1 == seq && withheld_.back().line == line) {
    withheld_.back().to = seq;
  } else {
    withheld_.push_back({seq, seq, line});
  }
  return line;
}

std::optional<std::string> Room::withheld_line() {
  if (failed_) return failed_line(failed_->seq);
  for (const auto& p : plugins_) {
    std::optional<std::string> line;
    if (!contained(record_.head_seq, p->name(), [&] { line = p->withheld_notice(); })) {
      return failed_line(failed_->seq);
    }
    if (line) return line;
  }
  return std::nullopt;
}

const std::string* Room::withheld_at(std::int64_t seq) const {
  const auto it = std::upper_bound(withheld_.begin(), withheld_.end(), seq,
                                   [](std::int64_t s, const WithheldRange& r) { return s < r.from; });
  if (it == withheld_.begin()) return nullptr;
  const WithheldRange& r = *(it - 1);
  return seq <= r.to ? &r.line : nullptr;
}

std::vector<auth::Role> Room::roles_of(const auth::Principal& who, bool acting) const {
  if (!roster_.body || who.kind != auth::Principal::Kind::person) {
    return who.roles_in(record_.body_id);
  }
  std::vector<auth::Role> roles;
  if (const Seat* seat = roster_.seat_of(who.id)) {
    roles = seat->roles;
  } else if (acting && roster_.body->designees_count && !failed_) {
    // B7: a designee the clerk recorded for a member, where the body lets designees count and
    // vote, acts as a voting member for the meeting: that power and no other.
    for (const auto& p : plugins_) {
      if (p->stands_in_for(who.id)) {
        roles.push_back(auth::Role::voting_member);
        break;
      }
    }
  }
  if (who.is_admin) roles.push_back(auth::Role::administrator);
  roles.push_back(auth::Role::public_);
  return roles;
}

const Views& Room::views(bool full) {
  auto& plugins = full ? plugins_ : public_plugins_;
  auto& cache = full ? views_ : public_views_;
  auto& stale = full ? views_stale_ : public_views_stale_;
  // A failed room keeps the views it last published: its plugins are not called again.
  if (stale && !failed_) {
    Views fresh;
    for (const auto& p : plugins) {
      if (!contained(record_.head_seq, p->name(),
                     [&] { fresh.emplace(std::string(p->name()), p->view()); })) {
        return cache;
      }
    }
    cache = std::move(fresh);
    stale = false;
  }
  return cache;
}

RoomContext Room::context(const auth::Principal& who, const std::vector<auth::Role>& roles,
                          const Views& views) const {
  return RoomContext{record_, roster_, who, roles, clock_.now_ms(), views};
}

std::pair<Plugin*, const Operation*> Room::operation_for(std::string_view op, bool chat) const {
  for (std::size_t i = 0; i < plugins_.size(); ++i) {
    for (const Operation& o : operations_[i]) {
      if ((chat ? std::string_view(o.chat_command) : std::string_view(o.op)) == op &&
          !(chat && o.chat_command.empty())) {
        return {plugins_[i].get(), &o};
      }
    }
  }
  return {nullptr, nullptr};
}

void Room::note_redactions(const record::Event& event, const nlohmann::json& body) {
  for (const auto& p : plugins_) {
    std::optional<Plugin::Redaction> r;
    if (!contained(event.seq, p->name(), [&] { r = p->redacts(event, body); })) return;
    if (!r) continue;
    for (const std::int64_t seq : r->seqs) {
      if (seq <= 0 || seq >= event.seq) continue;  // only earlier events
      redacted_[seq] = Redacted{r->line, event.seq};
      // Already cached: served redacted from now on (those who received it live keep what they
      // saw, and the removal that follows tells their clients to hide it).
      if (seq >= recent_first_seq_ && !recent_.empty()) {
        const auto index = static_cast<std::size_t>(seq - recent_first_seq_);
        if (index < recent_.size()) {
          Cached& c = recent_[index];
          c.redacted = protocol::make_redacted(name(), seq, c.prev_hash, c.hash, r->line, event.seq);
        }
      }
    }
  }
}

void Room::remember(const record::Event& event, const std::optional<std::string>& withheld) {
  if (recent_.empty()) recent_first_seq_ = event.seq;
  recent_.push_back(Cached{protocol::make_event(event),
                           withheld ? protocol::make_withheld(event, *withheld) : nullptr, event.seq,
                           event.prev_hash, event.hash, nullptr});
  while (recent_.size() > options_.recent_events) {
    recent_.pop_front();
    ++recent_first_seq_;
  }
}

Room::Subscriber* Room::find(const Peer* peer) {
  for (Subscriber& s : subscribers_) {
    if (s.peer.get() == peer) return &s;
  }
  return nullptr;
}

void Room::remove(const Peer* peer) {
  std::erase_if(subscribers_, [peer](const Subscriber& s) { return s.peer.get() == peer; });
  connections_changed();
}

bool Room::permitted(const std::shared_ptr<Peer>& peer, const std::string& id_json,
                     const auth::Principal& who, auth::Action action, bool acting) {
  const std::string body = record_.body_id ? " (" + record_.body_name + ")" : "";
  const std::string where = "room '" + name() + "'" + body;
  const std::string where_es = "la sala '" + name() + "'" + body;
  const auth::Decision decision = auth::decide(action, roles_of(who, acting), where, where_es);
  if (!decision.allowed) answer_error(peer, id_json, decision.refusal);
  return decision.allowed;
}

void Room::join(std::shared_ptr<Peer> peer, std::string id_json,
                std::optional<std::int64_t> since, std::shared_ptr<const auth::Principal> who,
                bool with_views) {
  executor_->post([self = shared_from_this(), peer = std::move(peer), id = std::move(id_json),
                   since, who = std::move(who), with_views] {
    const auto action = self->record_.is_public ? auth::Action::read_public_room
                                                : auth::Action::read_members_room;
    if (!self->permitted(peer, id, *who, action)) return;
    if (self->find(peer.get())) {
      refuse(peer, id, code::already_joined,
             {"already joined room ''{room}''", "ya se unió a la sala ''{room}''"}, {{"room", self->name()}});
      return;
    }
    const std::int64_t head = self->record_.head_seq;
    if (since && (*since < 0 || *since > head)) {
      refuse(peer, id, code::bad_field,
             {"field ''since'' must be between 0 and the room''s head seq {head, number, ::group-off}",
              "el campo ''since'' debe estar entre 0 y el seq de cabeza de la sala, {head, number, ::group-off}"},
             {{"head", head}});
      return;
    }
    // The client's roles here, and what the policy table lets them do, so it offers only the
    // controls they may use without keeping a copy of the table.
    const auto held = self->roles_of(*who);
    nlohmann::json roles = nlohmann::json::array(), may = nlohmann::json::array();
    for (auth::Role r : held) roles.push_back(std::string(auth::name_of(r)));
    for (auth::Action a : auth::allowed_actions(held)) may.push_back(std::string(auth::name_of(a)));
    nlohmann::json extra = {{"roles", std::move(roles)}, {"may", std::move(may)}};
    // What the client shows depends on the body: a learning circle or a council, its zone.
    if (const auto& b = self->roster_.body) {
      extra["body"] = {{"slug", b->slug}, {"name", b->name}, {"kind", b->kind}, {"time_zone", b->time_zone},
                       {"public", b->is_public}};
    }
    const bool sees_closed = auth::decide(auth::Action::read_closed_session, self->roles_of(*who), "").allowed;
    if (with_views) {
      // The room's state now (C3: the public's fold for who may not read closed sessions),
      // without its history: cheap however long the log, since a snapshot or a replay made it.
      nlohmann::json views = nlohmann::json::object();
      for (const auto& [name, view] : self->views(sees_closed)) views[name] = view;
      extra["views"] = std::move(views);
    }
    peer->send(protocol::make_ack(id, head, &extra));
    Subscriber s;
    s.peer = peer;
    s.who = who;
    s.sees_closed = sees_closed;
    s.cursor = since.value_or(head);
    s.live = s.cursor == head;
    self->subscribers_.push_back(std::move(s));
    if (!self->subscribers_.back().live) self->catch_up(peer);
    self->connections_changed();
  });
}

void Room::replace_roster(Roster roster) {
  executor_->post([self = shared_from_this(), roster = std::move(roster)]() mutable {
    self->roster_ = std::move(roster);
    if (!self->failed_) self->tell_roster();
    std::vector<std::shared_ptr<Peer>> dropped;
    for (Subscriber& s : self->subscribers_) {
      if (!self->judge(s)) dropped.push_back(s.peer);
    }
    for (const auto& peer : dropped) self->drop(peer, "its seat on the body ended");
  });
}

void Room::reassess(std::shared_ptr<Peer> peer, std::shared_ptr<const auth::Principal> who) {
  executor_->post([self = shared_from_this(), peer = std::move(peer), who = std::move(who)] {
    Subscriber* s = self->find(peer.get());
    if (!s) return;
    s->who = who;
    if (!self->judge(*s)) self->drop(peer, "its roles no longer admit it to the room");
  });
}

bool Room::judge(Subscriber& s) {
  const auto enter = record_.is_public ? auth::Action::read_public_room : auth::Action::read_members_room;
  const auto roles = roles_of(*s.who);
  if (!auth::decide(enter, roles, "").allowed) return false;
  s.sees_closed = auth::decide(auth::Action::read_closed_session, roles, "").allowed;  // C3
  return true;
}

void Room::view(std::shared_ptr<Peer> peer, std::string id_json) {
  executor_->post([self = shared_from_this(), peer = std::move(peer), id = std::move(id_json)] {
    const Subscriber* s = self->find(peer.get());
    if (!s) {
      refuse(peer, id, code::not_joined, kNotJoined, {{"room", self->name()}});
      return;
    }
    nlohmann::json views = nlohmann::json::object();
    for (const auto& [name, view] : self->views(s->sees_closed)) views[name] = view;  // C3
    const nlohmann::json extra = {{"views", std::move(views)}};
    peer->send(protocol::make_ack(id, self->record_.head_seq, &extra));
  });
}

Result<nlohmann::json> Room::read_plugin(const std::string& plugin, const nlohmann::json& query,
                                         const std::vector<auth::Role>& roles) const {
  // C3: who may not read closed sessions reads the public's plugins.
  const bool full = auth::decide(auth::Action::read_closed_session, roles, "").allowed;
  for (const auto& p : full ? plugins_ : public_plugins_) {
    if (p->name() != plugin) continue;
    // As for decide: a plugin that throws (a defect) answers an error; the room carries on.
    try {
      return p->read(query, roles);
    } catch (const std::exception& e) {
      LOG_ERROR("room " << name() << ": plugin " << plugin << " failed to read " << query.dump() << ": " << e.what());
      return i18n::refusal(std::string(code::internal_error),
                           {"the {plugin} plugin could not answer that read",
                            "el complemento {plugin} no pudo responder esa lectura"},
                           {{"plugin", plugin}});
    }
  }
  return i18n::refusal(std::string(code::unknown_plugin),
                       {"room ''{room}'' has no plugin ''{plugin}''", "la sala ''{room}'' no tiene el complemento ''{plugin}''"},
                       {{"room", name()}, {"plugin", plugin}});
}

void Room::read(std::shared_ptr<Peer> peer, std::string id_json, std::string plugin,
                nlohmann::json query, std::shared_ptr<const auth::Principal> who, bool require_join) {
  executor_->post([self = shared_from_this(), peer = std::move(peer), id = std::move(id_json),
                   plugin = std::move(plugin), query = std::move(query), who = std::move(who), require_join] {
    const Subscriber* s = self->find(peer.get());
    if (require_join && !s) {
      refuse(peer, id, code::not_joined, kNotJoined, {{"room", self->name()}});
      return;
    }
    const auth::Principal* reader = s ? s->who.get() : who.get();
    if (!s && reader) {
      const auto action = self->record_.is_public ? auth::Action::read_public_room : auth::Action::read_members_room;
      if (!self->permitted(peer, id, *reader, action)) return;
    }
    auto result = self->read_plugin(plugin, query, reader ? self->roles_of(*reader) : std::vector<auth::Role>{});
    if (!result) {
      answer_error(peer, id, result.status());
      return;
    }
    const nlohmann::json extra = {{"result", std::move(result.value())}};
    peer->send(protocol::make_ack(id, self->record_.head_seq, &extra));
  });
}

void Room::read(std::string plugin, nlohmann::json query,
                std::function<void(Result<nlohmann::json>)> done) {
  executor_->post([self = shared_from_this(), plugin = std::move(plugin), query = std::move(query),
                   done = std::move(done)] {
    done(self->read_plugin(plugin, query, {auth::Role::public_}));  // the public pages
  });
}

void Room::public_snapshot(std::size_t events, std::function<void(PublicSnapshot)> done) {
  executor_->post([self = shared_from_this(), events, done = std::move(done)] {
    PublicSnapshot snap;
    snap.head_seq = self->record_.head_seq;
    snap.views = self->views(/*full=*/false);  // C3: the public's plugins
    const std::size_t n = std::min(events, self->recent_.size());
    for (std::size_t i = self->recent_.size() - n; i < self->recent_.size(); ++i) {
      snap.recent.push_back(self->recent_[i].for_(/*sees_closed=*/false));  // the public's view
    }
    done(std::move(snap));
  });
}

void Room::log_slice(std::int64_t from, std::int64_t to, std::shared_ptr<const auth::Principal> closed_reader,
                     std::int64_t reveal_from, std::int64_t reveal_to,
                     std::function<void(Result<std::vector<std::string>>)> done) {
  executor_->post([self = shared_from_this(), from, to, who = std::move(closed_reader), reveal_from, reveal_to,
                   done = std::move(done)]() mutable {
    if (who && !auth::decide(auth::Action::read_closed_session, self->roles_of(*who), "").allowed) {
      done(i18n::refusal(std::string(code::forbidden),
                         {"only those who may read closed sessions here receive them (C3)",
                          "solo quien puede leer las sesiones cerradas aqu\u00ed las recibe (C3)"}));
      return;
    }
    const std::int64_t last = std::min(to, self->record_.head_seq);
    // Read on the store's side (a long log is many pages), frame here, where the closed
    // ranges and the removals are known.
    self->offload([self, from, last, reveal = who ? std::pair{reveal_from, reveal_to} : std::pair{1L, 0L},
                   done = std::move(done), record = self->record_]() mutable {
      std::vector<record::Event> events;
      bool ok = true;
      for (std::int64_t after = std::max<std::int64_t>(0, from - 1); ok && after < last;) {
        std::vector<record::Event> page;
        ok = self->store_.read_events(record, after, static_cast<std::size_t>(std::min<std::int64_t>(last - after, 512)),
                                      1 << 20, page) && !page.empty();
        for (auto& e : page) {
          if (e.seq > last) break;
          ok = ok && e.seq == after + 1;  // never across a gap
          after = e.seq;
          events.push_back(std::move(e));
        }
      }
      self->executor_->post([self, ok, reveal, events = std::move(events), done = std::move(done)] {
        if (!ok) {
          done(i18n::refusal(std::string(code::store_failed), {"the room's log could not be read",
                                                                 "no se pudo leer el registro de la sala"}));
          return;
        }
        std::vector<std::string> frames;
        frames.reserve(events.size());
        for (const record::Event& e : events) {
          const bool revealed = reveal.first <= e.seq && e.seq <= reveal.second;
          const std::string* line = revealed ? nullptr : self->withheld_at(e.seq);
          const auto redacted = self->redacted_.find(e.seq);
          frames.push_back(*(line ? protocol::make_withheld(e, *line)
                             : redacted != self->redacted_.end()
                                 ? protocol::make_redacted(e.room, e.seq, e.prev_hash, e.hash, redacted->second.line,
                                                           redacted->second.by_seq)
                                 : protocol::make_event(e)));
        }
        done(std::move(frames));
      });
    });
  });
}

std::vector<std::string> Room::scheduled_operations() const {
  std::vector<std::string> ops;
  for (const auto& declared : operations_) {
    for (const Operation& o : declared) {
      if (o.on_schedule) ops.push_back(o.op);
    }
  }
  return ops;
}

void Room::leave(std::shared_ptr<Peer> peer, std::string id_json) {
  executor_->post([self = shared_from_this(), peer = std::move(peer), id = std::move(id_json)] {
    if (!self->find(peer.get())) {
      refuse(peer, id, code::not_joined, kNotJoined, {{"room", self->name()}});
      return;
    }
    self->remove(peer.get());
    peer->send(protocol::make_ack(id));
  });
}

void Room::detach(std::shared_ptr<Peer> peer) {
  executor_->post([self = shared_from_this(), peer = std::move(peer)] {
    const Subscriber* s = self->find(peer.get());
    if (!s) return;
    const auto who = s->who;
    self->remove(peer.get());
    if (!who || who->kind != auth::Principal::Kind::person) return;
    for (const Subscriber& other : self->subscribers_) {
      if (other.who && other.who->kind == who->kind && other.who->id == who->id) return;
    }
    if (self->follower()) {
      // The holder decides the departure; nobody waits for its answer.
      self->forward(nullptr, Forwarded{"depart", "null", nlohmann::json::object(), who, i18n::Lang::en, ""});
      return;
    }
    // Another node may still have a connection of theirs (core/room_presence.cpp).
    if (!self->connected_anywhere(who->id)) self->depart(who);
  });
}

void Room::depart(std::shared_ptr<const auth::Principal> who) {
  // The person's last connection here has gone: plugins may record it (a remote member's
  // departure counts against quorum, Q1/Q2). Nobody waits for an answer. Like a command, it
  // is decided on committed state, so it takes its turn. (The room owns a waiting turn, so
  // the turn holds the room by a plain pointer: a shared one would be a cycle that keeps the
  // room alive for ever when the server stops with turns still waiting.)
  auto decide = [self = this, who] {
    if (self->failed_) return;
    if (who->kind == auth::Principal::Kind::person && self->connected_anywhere(who->id)) return;  // back meanwhile
    const Views& views = self->views();
    const auto roles = self->roles_of(*who);
    std::vector<Proposed> events;
    for (const auto& p : self->plugins_) {
      const bool ok = self->contained(self->record_.head_seq, p->name(), [&] {
        auto more = p->on_disconnect(who->id, self->context(*who, roles, views));
        events.insert(events.end(), more.begin(), more.end());
      });
      if (!ok) return;
    }
    // A departure may lose the quorum, and that suspends an open vote (Q3).
    if (!self->contained(self->record_.head_seq, "follow", [&] {
          self->follow_up(events, self->context(*who, roles, views));
        })) {
      return;
    }
    if (events.empty()) return;
    ++self->acts_in_flight_;
    self->append(nullptr, "null", who->actor(), std::move(events), /*act=*/true);
  };
  if (acts_in_flight_ > 0 || !waiting_acts_.empty()) {
    waiting_acts_.push_back(std::move(decide));
  } else {
    decide();
  }
}

void Room::say(std::shared_ptr<Peer> peer, std::string id_json,
               std::shared_ptr<const auth::Principal> who, std::string text,
               std::optional<std::int64_t> reply_to) {
  executor_->post([self = shared_from_this(), peer = std::move(peer), id = std::move(id_json),
                   who = std::move(who), text = std::move(text), reply_to]() mutable {
    self->speak(std::move(peer), std::move(id), std::move(who), std::move(text), reply_to, /*elsewhere=*/false);
  });
}

void Room::speak(std::shared_ptr<Peer> peer, std::string id_json, std::shared_ptr<const auth::Principal> who,
                 std::string text, std::optional<std::int64_t> reply_to, bool elsewhere) {
  if (!elsewhere && !find(peer.get())) {
    refuse(peer, id_json, code::not_joined,
           {"join room ''{room}'' before speaking in it", "únase a la sala ''{room}'' antes de hablar en ella"},
           {{"room", name()}});
    return;
  }
  if (follower()) {  // the holder decides, chat commands included
    nlohmann::json request{{"text", std::move(text)}};
    if (reply_to) request["reply_to"] = *reply_to;
    const auto lang = peer->lang();
    forward(std::move(peer), Forwarded{"say", std::move(id_json), std::move(request), std::move(who), lang, ""});
    return;
  }
  if (!text.empty() && text.front() == '/' && !reply_to) {
    // "/present remote" is the quorum plugin's operation, "/recess" the meeting's.
    const auto space = text.find(' ');
    const std::string word = text.substr(0, space);
    if (operation_for(word, /*chat=*/true).second) {
      const auto [plugin, op] = operation_for(word, true);
      Command command{op->op, nlohmann::json::object()};
      if (space != std::string::npos) command.args["text"] = text.substr(space + 1);
      // Already on the strand: queue it now, so its answer keeps its place in line.
      enqueue_act(std::move(peer), std::move(id_json), std::move(who), std::move(command), true, elsewhere);
      return;
    }
  }
  if (!permitted(peer, id_json, *who, auth::Action::say)) return;
  if (Status refused = refusal(); !refused) {
    answer_error(peer, id_json, refused);
    return;
  }
  // The speaker's name as it was when they spoke belongs in the record (minutes, R1).
  nlohmann::json body{{"name", who->name}, {"text", std::move(text)}};
  if (reply_to) body["reply_to"] = *reply_to;
  const std::int64_t now = clock_.now_ms();
  for (const auto& p : plugins_) {
    Status s = Status::ok();
    try {
      s = p->check_message(body, *who, now);
    } catch (const std::exception& e) {
      LOG_ERROR("room " << name() << ": plugin " << p->name() << " failed on a message: " << e.what());
      s = i18n::refusal(std::string(code::internal_error),
                        {"the message could not be checked; nothing was recorded",
                         "no se pudo revisar el mensaje; no se registró nada"});
    }
    if (!s) {
      answer_error(peer, id_json, s);
      return;
    }
  }
  std::vector<Proposed> message{Proposed{"chat.message", std::move(body), ""}};
  append(std::move(peer), std::move(id_json), who->actor(), std::move(message), /*act=*/false);
}

void Room::act(std::shared_ptr<Peer> peer, std::string id_json,
               std::shared_ptr<const auth::Principal> who, Command command, bool require_join) {
  executor_->post([self = shared_from_this(), peer = std::move(peer), id = std::move(id_json),
                   who = std::move(who), command = std::move(command), require_join]() mutable {
    if (self->follower()) {
      // Joined here or not is known here; everything else is decided by the holder.
      if (require_join && !self->find(peer.get())) {
        refuse(peer, id, code::not_joined,
               {"join room ''{room}'' before acting in it", "únase a la sala ''{room}'' antes de actuar en ella"},
               {{"room", self->name()}});
        return;
      }
      nlohmann::json request{{"op", std::move(command.op)}, {"args", std::move(command.args)}, {"joined", require_join}};
      const auto lang = peer->lang();
      self->forward(std::move(peer), Forwarded{"act", std::move(id), std::move(request), std::move(who), lang, ""});
      return;
    }
    self->enqueue_act(std::move(peer), std::move(id), std::move(who), std::move(command), require_join);
  });
}

void Room::enqueue_act(std::shared_ptr<Peer> peer, std::string id_json,
                       std::shared_ptr<const auth::Principal> who, Command command, bool require_join,
                       bool elsewhere) {
  if (acts_in_flight_ > 0 || !waiting_acts_.empty()) {
    // Decide on committed state: wait for the command before this one to be committed. (The
    // room owns the turn: `this`, not a shared pointer, or the room could never be freed.)
    waiting_acts_.push_back([this, peer = std::move(peer), id = std::move(id_json),
                             who = std::move(who), command = std::move(command), require_join, elsewhere] {
      run_act(peer, id, who, command, require_join, elsewhere);
    });
    return;
  }
  run_act(peer, id_json, who, command, require_join, elsewhere);
}

void Room::run_act(const std::shared_ptr<Peer>& peer, const std::string& id_json,
                   const std::shared_ptr<const auth::Principal>& who, const Command& command,
                   bool require_join, bool elsewhere) {
  if (require_join && !elsewhere && !find(peer.get())) {
    refuse(peer, id_json, code::not_joined,
           {"join room ''{room}'' before acting in it", "únase a la sala ''{room}'' antes de actuar en ella"},
           {{"room", name()}});
    return;
  }
  const auto [plugin, operation] = operation_for(command.op, /*chat=*/false);
  if (!plugin) {
    refuse(peer, id_json, code::unknown_operation,
           {"no operation ''{op}'' in room ''{room}''", "no hay ninguna operación ''{op}'' en la sala ''{room}''"},
           {{"op", command.op}, {"room", name()}});
    return;
  }
  if (!require_join) {
    // Over HTTP: only someone who may enter the room acts in it, and what needs the person in
    // the room — being present (Q1), moving and voting (M1, M2) — is done from the room.
    const auto enter = record_.is_public ? auth::Action::read_public_room : auth::Action::read_members_room;
    if (!permitted(peer, id_json, *who, enter)) return;
    if (operation->from_the_room) {
      refuse(peer, id_json, code::not_joined,
             {"''{op}'' is done from the room, joined over the WebSocket, where the member is seen "
              "and heard (Q1)",
              "''{op}'' se hace desde la sala, unido por WebSocket, donde se ve y se oye al miembro "
              "(Q1)"},
             {{"op", command.op}});
      return;
    }
  }
  if (!permitted(peer, id_json, *who, operation->action, /*acting=*/true)) return;
  // The arguments' types and bounds, before the plugin reads them: a malformed request is
  // answered bad_field or missing_field, naming the argument, and nothing is recorded.
  if (Status s = check_args(operation->args, command.args); !s) {
    answer_error(peer, id_json, s);
    return;
  }
  const Views& current = views();
  if (Status refused = refusal(); !refused) {  // a failed room asks its plugins nothing more
    answer_error(peer, id_json, refused);
    return;
  }
  const auto roles = roles_of(*who, /*acting=*/true);
  // A plugin's decision is pure; if it throws (a defect), the request is refused and the room,
  // its log and the server carry on.
  Result<std::vector<Proposed>> decided = Status::error(std::string(code::internal_error), "");
  try {
    const RoomContext here = context(*who, roles, current);
    decided = plugin->decide(command, here);
    if (decided) follow_up(decided.value(), here);
  } catch (const std::exception& e) {
    LOG_EVENT(log::Level::error,
              (log::Fields{.event = "plugin.failed", .room = name(), .actor = who->actor()}),
              "room " << name() << ": plugin " << plugin->name() << " failed on " << command.op << ": "
                      << e.what());
    decided = i18n::refusal(std::string(code::internal_error),
                            {"the {plugin} plugin could not decide ''{op}''; nothing was recorded",
                             "el complemento {plugin} no pudo decidir ''{op}''; no se registró nada"},
                            {{"plugin", plugin->name()}, {"op", command.op}});
  }
  if (!decided) {
    answer_error(peer, id_json, decided.status());
    return;
  }
  if (decided.value().empty()) {
    peer->send(protocol::make_ack(id_json, record_.head_seq));  // nothing to record
    return;
  }
  ++acts_in_flight_;
  append(peer, id_json, who->actor(), std::move(decided.value()), /*act=*/true);
}

void Room::follow_up(std::vector<Proposed>& events, const RoomContext& context) const {
  // Each round shows every plugin what the last round added; chains are short (a motion
  // adopted → the meeting adjourned → presence ended → a vote suspended), so a few rounds end
  // it, and a cap keeps two plugins that answer each other from looping.
  std::size_t fresh = 0;
  for (int round = 0; round < 8 && fresh < events.size(); ++round) {
    std::vector<Proposed> more;
    for (const auto& p : plugins_) {
      auto added = p->follow(events, fresh, context);
      more.insert(more.end(), std::make_move_iterator(added.begin()),
                  std::make_move_iterator(added.end()));
    }
    fresh = events.size();
    events.insert(events.end(), std::make_move_iterator(more.begin()),
                  std::make_move_iterator(more.end()));
  }
}

void Room::append(std::shared_ptr<Peer> sender, std::string id_json,
                  const std::string& default_actor, std::vector<Proposed> proposed, bool act) {
  if (Status refused = refusal(); !refused) {
    answer_error(sender, id_json, refused);
    if (act) act_finished();
    return;
  }
  if (reload_pending_ && in_flight_ == 0) reload_head();
  if (reload_pending_) {
    refuse(sender, id_json, code::unavailable,
           {"the room is recovering from a storage error; retry",
            "la sala se está recuperando de un error de almacenamiento; vuelva a intentarlo"});
    if (act) act_finished();
    return;
  }
  const std::int64_t now = clock_.now_ms();
  std::vector<record::Event> events;
  events.reserve(proposed.size());
  for (Proposed& p : proposed) {
    record::Event e;
    e.room = record_.name;
    e.seq = tail_seq_ + 1;
    e.ts_ms = now;
    e.actor = p.actor.empty() ? default_actor : std::move(p.actor);
    e.type = std::move(p.type);
    e.body = p.body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    e.prev_hash = tail_hash_;
    record::seal(e);  // v2: salt and hash (C3, R4)
    tail_seq_ = e.seq;
    tail_hash_ = e.hash;
    events.push_back(std::move(e));
  }
  ++in_flight_;

  store::AppendRequest request;
  request.room_id = record_.id;
  request.events = events;  // the store keeps its copy; the room keeps one to broadcast
  request.lease_epoch = options_.lease_epoch;  // several nodes: the store's fence
  request.on_done = [self = shared_from_this(), sender = std::move(sender),
                     id = std::move(id_json), events = std::move(events),
                     act](const Status& status) mutable {
    // On the writer thread: hop back onto the room's strand, in commit order.
    self->executor_->post([self, sender = std::move(sender), id = std::move(id),
                           events = std::move(events), status, act]() mutable {
      self->on_committed(std::move(sender), id, std::move(events), status, act);
    });
  };
  store_.append(std::move(request));
}

namespace {
metrics::Histogram& g_fanout_latency = metrics::histogram(
    "collegial_fanout_seconds",
    "From a commit to its events queued to every live subscriber of the room (folding, "
    "serializing once, and handing the frames to each socket).");
}  // namespace

void Room::on_committed(std::shared_ptr<Peer> sender, const std::string& id_json,
                        std::vector<record::Event> events, const Status& status, bool act) {
  --in_flight_;
  if (!status) {
    LOG_EVENT(log::Level::warn, (log::Fields{.event = "append.failed", .room = name()}),
              "room " << name() << ": append failed: " << status.to_string());
    if (status.code() == code::storage_failed || status.code() == code::unavailable) {
      // The writer has stopped for good (a storage error) or for shutdown: nothing to reload.
      if (status.code() == code::storage_failed) {
        refuse(sender, id_json, code::storage_failed, kStorageFailed);
      } else {
        refuse(sender, id_json, code::unavailable,
               {"the server is shutting down; nothing was recorded",
                "el servidor se está apagando; no se registró nada"});
      }
    } else {
      // A chain conflict (a defect upstream), and the appends queued behind it, which fail
      // because the head did not move: reload the head once they have all come back.
      refuse(sender, id_json, code::store_failed,
             {"the event store could not record this; nothing was written",
              "el registro de eventos no pudo guardar esto; no se escribió nada"});
      reload_pending_ = true;
    }
  } else {
    // The log is durable up to here: move the head, serialize once, fan out, then acknowledge.
    publish_committed(events, sender, id_json);
    if (options_.on_commit) options_.on_commit(events);  // to the followers (several nodes)
    snapshot_if_due(/*loading=*/false);  // after the fan-out: nobody waits for it
  }
  if (reload_pending_ && in_flight_ == 0) reload_head();
  if (act) act_finished();
}

void Room::publish_committed(const std::vector<record::Event>& events, const std::shared_ptr<Peer>& sender,
                             const std::string& id_json) {
  const auto fanout_start = std::chrono::steady_clock::now();
  std::vector<Cached> frames;
  frames.reserve(events.size());
  for (const record::Event& e : events) {
    remember(e, fold(e));
    frames.push_back(recent_.back());
  }
  record_.head_seq = events.back().seq;
  record_.head_hash = events.back().hash;
  committed_head_.store(record_.head_seq, std::memory_order_release);  // after the fold
  // The sender first: its own events, then its ack, so the ack does not wait behind a
  // thousand other sockets; then everyone else.
  // Each subscriber's frames go to it as one unit: one write when its socket is idle.
  // With more commits on their way (a busy room), the others' copies may wait a moment to
  // leave together with the next ones: fewer, larger writes. Otherwise they leave at once.
  const Peer::Flush others = in_flight_ > 0 ? Peer::Flush::soon : Peer::Flush::now;
  auto deliver = [this, &frames](Subscriber& s, std::vector<Frame>& batch, Peer::Flush flush) {
    batch.resize(frames.size());
    for (std::size_t i = 0; i < frames.size(); ++i) batch[i] = frames[i].for_(sees(s, frames[i].seq));
    // Refused: closed, or just closed as a slow consumer; it rejoins with since.
    if (!s.peer->send_all(batch.data(), batch.size(), flush)) s.closed = true;
  };
  std::vector<Frame> batch;
  Subscriber* own = sender ? find(sender.get()) : nullptr;
  if (own && own->live) deliver(*own, batch, Peer::Flush::now);
  if (sender) sender->send(protocol::make_ack(id_json, events.back().seq));
  // Catching-up subscribers read these from the cache when their turn comes.
  std::vector<Subscriber*> live;
  live.reserve(subscribers_.size());
  for (Subscriber& s : subscribers_) {
    if (&s != own && s.live) live.push_back(&s);
  }
  // A large room shares the sends with another thread; each call touches only its own
  // subscribers, and all are done before the room goes on.
  share_work(
      live.size(), options_.fanout_chunk,
      [&](std::size_t first, std::size_t end) {
        std::vector<Frame> chunk_batch;
        for (std::size_t i = first; i < end; ++i) deliver(*live[i], chunk_batch, others);
      },
      options_.helper);
  if (std::erase_if(subscribers_, [](const Subscriber& s) { return s.closed; }) > 0) connections_changed();
  g_fanout_latency.observe_seconds(std::chrono::duration<double>(std::chrono::steady_clock::now() - fanout_start).count());
}

void Room::take_committed(std::vector<record::Event> events) {
  executor_->post([self = shared_from_this(), events = std::move(events)]() mutable {
    if (!self->follower()) return;
    std::erase_if(events, [&](const record::Event& e) { return e.seq <= self->record_.head_seq; });
    if (events.empty()) return;
    if (events.front().seq != self->record_.head_seq + 1) {  // the feed never does this
      LOG_ERROR("room " << self->name() << ": events from " << events.front().seq << " offered at head "
                        << self->record_.head_seq << "; ignored");
      return;
    }
    self->publish_committed(events, nullptr, "null");
    self->tail_seq_ = self->record_.head_seq;
    self->tail_hash_ = self->record_.head_hash;
    // The acks of forwarded commands whose events this room has now.
    while (!self->held_answers_.empty() && self->held_answers_.begin()->first <= self->record_.head_seq) {
      auto held = self->held_answers_.extract(self->held_answers_.begin());
      held.mapped().first->send(std::move(held.mapped().second));
    }
  });
}

void Room::forward(std::shared_ptr<Peer> peer, Forwarded command) {
  std::string id = command.id_json;
  options_.forward(std::move(command), [self = shared_from_this(), peer = std::move(peer),
                                        id = std::move(id)](Result<std::string> answer) {
    self->executor_->post([self, peer, id, answer = std::move(answer)] {
      if (!peer) return;  // a departure: nobody waits
      if (!answer) {
        answer_error(peer, id, answer.status());
        return;
      }
      // An ack waits until this room has the event it acknowledges, so that a client sees its
      // events before their ack on every node, as on the holder.
      const auto parsed = nlohmann::json::parse(answer.value(), nullptr, false);
      std::int64_t seq = 0;
      if (parsed.is_object() && parsed.value("type", "") == "ack" && parsed.contains("seq") &&
          parsed["seq"].is_number_integer()) {
        seq = parsed["seq"].get<std::int64_t>();
      }
      Frame frame = std::make_shared<const std::string>(answer.value());
      if (seq > self->record_.head_seq) {
        self->held_answers_.emplace(seq, std::make_pair(peer, std::move(frame)));
      } else {
        peer->send(std::move(frame));
      }
    });
  });
}

void Room::remote(std::shared_ptr<Peer> peer, Forwarded command) {
  executor_->post([self = shared_from_this(), peer = std::move(peer), command = std::move(command)]() mutable {
    const std::string& id = command.id_json;
    if (self->follower()) {  // the lease moved since the command was sent
      refuse(peer, id, code::unavailable,
             {"the room is moving to another node; nothing was recorded; try again in a moment",
              "la sala está pasando a otro nodo; no se registró nada; vuelva a intentarlo en un momento"});
      return;
    }
    const nlohmann::json& request = command.request;
    if (command.kind == "act" && request.is_object()) {
      Command act{request.value("op", ""), request.value("args", nlohmann::json::object())};
      const bool joined = request.value("joined", true);
      self->enqueue_act(peer, id, command.who, std::move(act), joined, /*elsewhere=*/joined);
    } else if (command.kind == "say" && request.is_object() && request.contains("text") && request["text"].is_string()) {
      std::optional<std::int64_t> reply_to;
      if (request.contains("reply_to") && request["reply_to"].is_number_integer()) {
        reply_to = request["reply_to"].get<std::int64_t>();
      }
      self->speak(peer, id, command.who, request["text"].get<std::string>(), reply_to, /*elsewhere=*/true);
    } else if (command.kind == "depart") {
      self->departed_at(command.node, command.who);
      peer->send(protocol::make_ack(id));
    } else if (command.kind == "connections" && request.is_object() && request.contains("people") &&
               request["people"].is_array()) {
      std::vector<std::int64_t> people;
      for (const auto& p : request["people"]) {
        if (p.is_number_integer()) people.push_back(p.get<std::int64_t>());
      }
      self->take_report(command.node, std::move(people));
    } else {
      refuse(peer, id, code::bad_field, {"a forwarded command of no known kind", "un comando reenviado de tipo desconocido"});
    }
  });
}

void Room::retire(const std::string& why) {
  executor_->post([self = shared_from_this(), why] {
    std::vector<std::shared_ptr<Peer>> everyone;
    for (const Subscriber& s : self->subscribers_) everyone.push_back(s.peer);
    for (const auto& peer : everyone) self->drop(peer, why);
    self->held_answers_.clear();
  });
}

void Room::act_finished() {
  // The next plugin command may now decide on this one's committed effects.
  --acts_in_flight_;
  while (acts_in_flight_ == 0 && !waiting_acts_.empty()) {
    auto next = std::move(waiting_acts_.front());
    waiting_acts_.pop_front();
    next();
  }
}

void Room::run_later(std::function<void()> work) {
  {
    std::lock_guard lock(later_->mutex);
    later_->queue.push_back(std::move(work));
    if (later_->running) return;  // the drain under way takes it in its turn
    later_->running = true;
  }
  offload([later = later_] {
    for (;;) {
      std::function<void()> next;
      {
        std::lock_guard lock(later->mutex);
        if (later->queue.empty()) {
          later->running = false;
          return;
        }
        next = std::move(later->queue.front());
        later->queue.pop_front();
      }
      next();
    }
  });
}

void Room::offload(std::function<void()> work) {
  if (options_.offload) options_.offload(std::move(work));
  else work();
}

void Room::reload_head() {
  // Every append after the failed one has failed too (the store refuses a moved head), so the
  // stored head is the truth: take it up again, read off the strand. If even that read fails,
  // the next append tries again.
  if (reloading_) return;
  reloading_ = true;
  offload([self = shared_from_this()] {
    auto fresh = self->store_.find_room(self->record_.name);
    self->executor_->post([self, fresh = std::move(fresh)] {
      self->reloading_ = false;
      if (!fresh || self->in_flight_ > 0) return;
      self->record_.head_seq = fresh->head_seq;
      self->record_.head_hash = fresh->head_hash;
      self->committed_head_.store(fresh->head_seq, std::memory_order_release);
      self->tail_seq_ = fresh->head_seq;
      self->tail_hash_ = fresh->head_hash;
      self->reload_pending_ = false;
      LOG_INFO("room " << self->name() << " reloaded at seq " << self->record_.head_seq);
    });
  });
}

void Room::drop(const std::shared_ptr<Peer>& peer, const std::string& why) {
  // Never joined and silent: the client is told, and rejoins with since (docs/protocol.md).
  LOG_WARN("room " << name() << ": dropping a subscriber: " << why);
  remove(peer.get());
  peer->close(protocol::kCloseRejoin, "room " + name() + " dropped you; rejoin with since");
}

void Room::catch_up(const std::shared_ptr<Peer>& peer) {
  Subscriber* s = find(peer.get());
  if (!s || s->live || s->reading) return;
  s->awaiting_drain = false;
  while (!s->live) {
    if (s->cursor >= record_.head_seq) {
      s->live = true;
      return;
    }
    if (peer->queued_bytes() >= peer->queue_limit() / 2) {
      // Let the socket drain before queuing more, so catch-up never trips the slow-consumer
      // limit; resume on the strand when the queue is empty.
      s->awaiting_drain = true;
      std::weak_ptr<Room> weak = weak_from_this();
      peer->when_drained([weak, peer] {
        if (auto self = weak.lock()) {
          self->executor_->post([self, peer] { self->catch_up(peer); });
        }
      });
      return;
    }
    if (s->cursor + 1 < recent_first_seq_ || recent_.empty()) {
      read_page(*s);  // from the store, off the strand; on_page resumes
      return;
    }
    // From the cache, a page at a time handed over as one unit: it leaves in as few frames as
    // the socket allows (docs/protocol.md, "Batched frames"), not one frame per event, so a
    // client catching up on hundreds of events handles a few frames, not hundreds.
    std::vector<Frame> batch;
    std::size_t bytes = 0;
    std::int64_t cursor = s->cursor;
    while (cursor < record_.head_seq && bytes < options_.catch_up_page_bytes) {
      const Cached& c = recent_[static_cast<std::size_t>(cursor + 1 - recent_first_seq_)];
      batch.push_back(c.for_(sees(*s, c.seq)));
      bytes += batch.back()->size();
      ++cursor;
    }
    if (!peer->send_all(batch.data(), batch.size(), Peer::Flush::now)) {  // closing (slow consumer, or gone)
      remove(peer.get());
      return;
    }
    s->cursor = cursor;
  }
}

void Room::read_page(Subscriber& s) {
  s.reading = true;
  const std::int64_t cache_start = recent_.empty() ? record_.head_seq + 1 : recent_first_seq_;
  const auto wanted = std::min<std::size_t>(static_cast<std::size_t>(cache_start - 1 - s.cursor), 256);
  offload([self = shared_from_this(), peer = s.peer, record = record_, after = s.cursor, wanted] {
    std::vector<record::Event> page;
    const bool ok = self->store_.read_events(record, after, wanted, self->options_.catch_up_page_bytes, page) &&
                    !page.empty();
    self->executor_->post([self, peer, after, ok, page = std::move(page)] { self->on_page(peer, after, ok, page); });
  });
}

void Room::on_page(const std::shared_ptr<Peer>& peer, std::int64_t after, bool ok,
                   const std::vector<record::Event>& page) {
  Subscriber* s = find(peer.get());
  if (!s || !s->reading || s->cursor != after) return;  // left meanwhile
  s->reading = false;
  if (!ok) {
    drop(peer, "catch-up read after seq " + std::to_string(after) + " failed");
    return;
  }
  std::vector<Frame> batch;  // the page, handed over as one unit (as from the cache)
  batch.reserve(page.size());
  std::int64_t cursor = s->cursor;
  for (const record::Event& e : page) {
    if (e.seq != cursor + 1) {  // rows missing from the store: never deliver across a gap
      if (!batch.empty() && peer->send_all(batch.data(), batch.size(), Peer::Flush::now)) s->cursor = cursor;
      drop(peer, "the log has no event " + std::to_string(cursor + 1));
      return;
    }
    const std::string* line = sees(*s, e.seq) ? nullptr : withheld_at(e.seq);
    const auto redacted = redacted_.find(e.seq);
    batch.push_back(line                         ? protocol::make_withheld(e, *line)
                    : redacted != redacted_.end() ? protocol::make_redacted(e.room, e.seq, e.prev_hash, e.hash,
                                                                            redacted->second.line, redacted->second.by_seq)
                                                  : protocol::make_event(e));
    cursor = e.seq;
  }
  if (!peer->send_all(batch.data(), batch.size(), Peer::Flush::now)) {
    remove(peer.get());
    return;
  }
  s->cursor = cursor;
  catch_up(peer);
}

}  // namespace collegial::core
