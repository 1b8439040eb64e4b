// Presence across restarts and nodes (Q1): a remote member is present for as long as they can be
// heard, that is, while they have a connection to the room on some node.
//
// On one node, a person's last connection closing departs them at once (Room::detach). Two
// things that alone misses, this file covers:
// - A restart: the log says who was present when the server stopped (or died), but nobody is
//   connected to a room just loaded. Whoever does not come back within the grace period departs.
// - Several nodes: the holder decides, but the connections are spread over the nodes. Each
//   follower reports who is connected to the room there, at every change and at every lease pass
//   (through the command channel, in order with that node's forwarded commands), and the holder
//   departs a person only when no node has them: when the last node with a connection of theirs
//   says it closed, or, when a node died and its reports stopped, after the grace period (they
//   may reconnect to another node meanwhile, as the web client does at once).
#include <algorithm>

#include "core/room.hpp"
#include "util/log.hpp"

namespace collegial::core {

namespace {

using SteadyClock = std::chrono::steady_clock;

bool same_person(const std::shared_ptr<const auth::Principal>& who, std::int64_t person) {
  return who && who->kind == auth::Principal::Kind::person && who->id == person;
}

}  // namespace

std::set<std::int64_t> Room::connected_here() const {
  std::set<std::int64_t> people;
  for (const Subscriber& s : subscribers_) {
    if (s.who && s.who->kind == auth::Principal::Kind::person) people.insert(s.who->id);
  }
  return people;
}

bool Room::connected_anywhere(std::int64_t person, const std::string& except) const {
  if (std::any_of(subscribers_.begin(), subscribers_.end(),
                  [&](const Subscriber& s) { return same_person(s.who, person); })) {
    return true;
  }
  const auto fresh_from = SteadyClock::now() - options_.reports_last;
  for (const auto& [node, report] : reports_) {
    if (node != except && report.heard >= fresh_from && report.people.count(person)) return true;
  }
  return false;
}

void Room::connections_changed() {
  if (!follower() || !options_.report_connections) return;
  std::set<std::int64_t> now = connected_here();
  if (now == reported_) return;
  reported_ = std::move(now);
  options_.report_connections(std::vector<std::int64_t>(reported_.begin(), reported_.end()));
}

void Room::report_connections() {
  executor_->post([self = shared_from_this()] {
    if (!self->follower() || !self->options_.report_connections) return;
    self->reported_ = self->connected_here();
    self->options_.report_connections(std::vector<std::int64_t>(self->reported_.begin(), self->reported_.end()));
  });
}

void Room::take_report(const std::string& node, std::vector<std::int64_t> people) {
  Report& report = reports_[node];
  report.people = std::set<std::int64_t>(people.begin(), people.end());
  report.heard = SteadyClock::now();
}

void Room::departed_at(const std::string& node, const std::shared_ptr<const auth::Principal>& who) {
  // The person's last connection on `node` closed: they depart unless another node, or this
  // one, still has them (a member with the meeting open on a laptop and a phone).
  if (auto it = reports_.find(node); it != reports_.end()) it->second.people.erase(who->id);
  if (connected_anywhere(who->id)) {
    LOG_INFO("room " << name() << ": person " << who->id << " closed their last connection on node " << node
                     << "; connected through another node still");
    return;
  }
  depart(who);
}

void Room::check_connections() {
  executor_->post([self = shared_from_this()] {
    if (self->follower() || self->failed_) return;
    std::set<std::int64_t> held;
    for (const auto& p : self->plugins_) {
      const bool ok = self->contained(self->record_.head_seq, p->name(), [&] {
        const auto more = p->held_by_connection();
        held.insert(more.begin(), more.end());
      });
      if (!ok) return;
    }
    const auto now = SteadyClock::now();
    std::erase_if(self->unheard_since_, [&](const auto& entry) { return held.count(entry.first) == 0; });
    const auto fresh_from = now - self->options_.reports_last;
    std::erase_if(self->reports_, [&](const auto& entry) { return entry.second.heard < fresh_from; });
    for (const std::int64_t person : held) {
      if (self->connected_anywhere(person)) {
        self->unheard_since_.erase(person);
        continue;
      }
      // Missing since the load for those the room found present as it loaded, else since now.
      const auto since =
          self->unheard_since_.emplace(person, self->connections_checked_ ? now : self->loaded_at_).first->second;
      if (now - since < self->options_.presence_grace) continue;
      self->unheard_since_.erase(person);
      auth::Principal who;
      who.kind = auth::Principal::Kind::person;
      who.id = person;
      if (const Seat* seat = self->roster_.seat_of(person)) who.name = seat->name;
      LOG_INFO("room " << self->name() << ": person " << person << " has had no connection for "
                       << self->options_.presence_grace.count() << " ms; recorded departed");
      self->depart(std::make_shared<const auth::Principal>(std::move(who)));
    }
    self->connections_checked_ = true;
  });
}

}  // namespace collegial::core
