#include "core/room.hpp"

#include <algorithm>

#include "core/protocol.hpp"
#include "store/chain.hpp"
#include "util/log.hpp"

namespace collegial::core {

namespace code = protocol::code;

Room::Room(const store::RoomRecord& record, store::EventStore& store,
           std::unique_ptr<SerialExecutor> executor, const Clock& clock, RoomOptions options)
    : record_(record),
      tail_seq_(record.head_seq),
      tail_hash_(record.head_hash),
      store_(store),
      executor_(std::move(executor)),
      clock_(clock),
      options_(options) {}

std::shared_ptr<Room> Room::load(const store::RoomRecord& record, store::EventStore& store,
                                 std::unique_ptr<SerialExecutor> executor, const Clock& clock,
                                 RoomOptions options) {
  std::shared_ptr<Room> room(new Room(record, store, std::move(executor), clock, options));
  // Replay the whole log: today that fills the recent-event cache; plugins will fold their
  // state here too. The head read with the room is where replay stops.
  std::int64_t after = 0;
  std::vector<store::Event> page;
  while (after < record.head_seq) {
    page.clear();
    if (!store.read_events(record, after, 512, 1 << 20, page) || page.empty()) {
      LOG_ERROR("room " << record.name << ": cannot replay its log after seq " << after);
      return nullptr;
    }
    for (const store::Event& e : page) {
      if (e.seq > record.head_seq) break;
      room->remember(e);
      after = e.seq;
    }
  }
  LOG_DEBUG("room " << record.name << " loaded at seq " << record.head_seq);
  return room;
}

void Room::remember(const store::Event& event) {
  if (recent_.empty()) recent_first_seq_ = event.seq;
  recent_.push_back(protocol::make_event(event));
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
}

bool Room::permitted(const std::shared_ptr<Peer>& peer, const std::string& id_json,
                     const auth::Principal& who, auth::Action action) {
  const std::string where =
      "room '" + name() + "'" + (record_.body_id ? " (" + record_.body_name + ")" : "");
  const auth::Decision decision = auth::decide(action, who.roles_in(record_.body_id), where);
  if (!decision.allowed) peer->send(protocol::make_error(id_json, code::forbidden, decision.reason));
  return decision.allowed;
}

void Room::join(std::shared_ptr<Peer> peer, std::string id_json,
                std::optional<std::int64_t> since, std::shared_ptr<const auth::Principal> who) {
  executor_->post([self = shared_from_this(), peer = std::move(peer), id = std::move(id_json),
                   since, who = std::move(who)] {
    const auto action = self->record_.is_public ? auth::Action::read_public_room
                                                : auth::Action::read_members_room;
    if (!self->permitted(peer, id, *who, action)) return;
    if (self->find(peer.get())) {
      peer->send(protocol::make_error(id, code::already_joined,
                                      "already joined room '" + self->name() + "'"));
      return;
    }
    const std::int64_t head = self->record_.head_seq;
    if (since && (*since < 0 || *since > head)) {
      peer->send(protocol::make_error(
          id, code::bad_field,
          "field 'since' must be between 0 and the room's head seq " + std::to_string(head)));
      return;
    }
    peer->send(protocol::make_ack(id, head));
    Subscriber s;
    s.peer = peer;
    s.cursor = since.value_or(head);
    s.live = s.cursor == head;
    self->subscribers_.push_back(std::move(s));
    if (!self->subscribers_.back().live) self->catch_up(peer);
  });
}

void Room::leave(std::shared_ptr<Peer> peer, std::string id_json) {
  executor_->post([self = shared_from_this(), peer = std::move(peer), id = std::move(id_json)] {
    if (!self->find(peer.get())) {
      peer->send(protocol::make_error(id, code::not_joined,
                                      "not joined to room '" + self->name() + "'"));
      return;
    }
    self->remove(peer.get());
    peer->send(protocol::make_ack(id));
  });
}

void Room::detach(std::shared_ptr<Peer> peer) {
  executor_->post([self = shared_from_this(), peer = std::move(peer)] { self->remove(peer.get()); });
}

void Room::say(std::shared_ptr<Peer> peer, std::string id_json,
               std::shared_ptr<const auth::Principal> who, std::string text) {
  executor_->post([self = shared_from_this(), peer = std::move(peer), id = std::move(id_json),
                   who = std::move(who), text = std::move(text)]() mutable {
    if (!self->find(peer.get())) {
      peer->send(protocol::make_error(id, code::not_joined,
                                      "join room '" + self->name() + "' before speaking in it"));
      return;
    }
    if (!self->permitted(peer, id, *who, auth::Action::say)) return;
    // The speaker's name as it was when they spoke belongs in the record (minutes, R1).
    std::string body = nlohmann::json{{"name", who->name}, {"text", std::move(text)}}.dump();
    self->append(std::move(peer), std::move(id), who->actor(), "chat.message", std::move(body));
  });
}

void Room::append(std::shared_ptr<Peer> sender, std::string id_json, std::string actor,
                  std::string type, std::string body) {
  if (reload_pending_) {
    sender->send(protocol::make_error(id_json, code::unavailable,
                                      "the room is recovering from a storage error; retry"));
    return;
  }
  store::Event e;
  e.room = record_.name;
  e.seq = tail_seq_ + 1;
  e.ts_ms = clock_.now_ms();
  e.actor = std::move(actor);
  e.type = std::move(type);
  e.body = std::move(body);
  e.prev_hash = tail_hash_;
  e.hash = store::compute_hash(e);
  tail_seq_ = e.seq;
  tail_hash_ = e.hash;
  ++in_flight_;

  std::vector<store::Event> events;
  events.push_back(std::move(e));
  store::AppendRequest request;
  request.room_id = record_.id;
  request.events = events;  // the store keeps its copy; the room keeps one to broadcast
  request.on_done = [self = shared_from_this(), sender = std::move(sender),
                     id = std::move(id_json),
                     events = std::move(events)](const Status& status) mutable {
    // On the writer thread: hop back onto the room's strand, in commit order.
    self->executor_->post([self, sender = std::move(sender), id = std::move(id),
                           events = std::move(events), status]() mutable {
      self->on_committed(std::move(sender), id, std::move(events), status);
    });
  };
  store_.append(std::move(request));
}

void Room::on_committed(std::shared_ptr<Peer> sender, const std::string& id_json,
                        std::vector<store::Event> events, const Status& status) {
  --in_flight_;
  if (!status) {
    LOG_WARN("room " << name() << ": append failed: " << status.to_string());
    sender->send(protocol::make_error(id_json, status));
    reload_pending_ = true;
  } else {
    // The log is durable up to here: move the head, serialize once, fan out, then acknowledge.
    std::vector<Frame> frames;
    frames.reserve(events.size());
    for (const store::Event& e : events) {
      remember(e);
      frames.push_back(recent_.back());
    }
    record_.head_seq = events.back().seq;
    record_.head_hash = events.back().hash;
    // The sender first: its own events, then its ack, so the ack does not wait behind a
    // thousand other sockets; then everyone else.
    bool any_closed = false;
    auto deliver = [&](Subscriber& s) {
      if (!s.live) return;  // catch-up reads these from the cache when its turn comes
      for (const Frame& f : frames) {
        if (!s.peer->send(f)) {
          s.closed = true;  // closed, or just closed as a slow consumer: it rejoins with since
          any_closed = true;
          return;
        }
      }
    };
    Subscriber* own = find(sender.get());
    if (own) deliver(*own);
    sender->send(protocol::make_ack(id_json, events.back().seq));
    for (Subscriber& s : subscribers_) {
      if (&s != own) deliver(s);
    }
    if (any_closed) std::erase_if(subscribers_, [](const Subscriber& s) { return s.closed; });
  }
  if (reload_pending_ && in_flight_ == 0) {
    // Every append after the failed one has failed too (the store refuses a moved head), so
    // the stored head is the truth: take it up again.
    if (auto fresh = store_.find_room(record_.name)) {
      record_ = *fresh;
      tail_seq_ = fresh->head_seq;
      tail_hash_ = fresh->head_hash;
      reload_pending_ = false;
      LOG_INFO("room " << name() << " reloaded at seq " << record_.head_seq);
    }
  }
}

void Room::catch_up(const std::shared_ptr<Peer>& peer) {
  Subscriber* s = find(peer.get());
  if (!s || s->live) return;
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
    if (!queue_page(*s)) {
      remove(peer.get());
      return;
    }
  }
}

bool Room::queue_page(Subscriber& s) {
  std::size_t bytes = 0;
  // From the cache when the next event is still in it.
  if (s.cursor + 1 >= recent_first_seq_ && !recent_.empty()) {
    while (s.cursor < record_.head_seq && bytes < options_.catch_up_page_bytes) {
      const Frame& f = recent_[static_cast<std::size_t>(s.cursor + 1 - recent_first_seq_)];
      if (!s.peer->send(f)) return false;
      bytes += f->size();
      ++s.cursor;
    }
    return true;
  }
  // Otherwise from the store.
  std::vector<store::Event> page;
  const std::int64_t cache_start = recent_.empty() ? record_.head_seq + 1 : recent_first_seq_;
  const auto wanted = static_cast<std::size_t>(cache_start - 1 - s.cursor);
  if (!store_.read_events(record_, s.cursor, std::min<std::size_t>(wanted, 256),
                          options_.catch_up_page_bytes, page) ||
      page.empty()) {
    LOG_ERROR("room " << name() << ": catch-up read after seq " << s.cursor << " failed");
    return false;
  }
  for (const store::Event& e : page) {
    if (!s.peer->send(protocol::make_event(e))) return false;
    s.cursor = e.seq;
  }
  return true;
}

}  // namespace collegial::core
