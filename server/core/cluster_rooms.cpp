#include "core/cluster_rooms.hpp"

#include <vector>

#include "core/forwarded_peer.hpp"
#include "core/protocol.hpp"
#include "i18n/messages.hpp"
#include "util/log.hpp"

namespace collegial::core {

namespace {

i18n::Lang lang_named(const std::string& name) { return name == "es" ? i18n::Lang::es : i18n::Lang::en; }

std::string name_of(i18n::Lang lang) { return lang == i18n::Lang::es ? "es" : "en"; }

}  // namespace

ClusterRooms::ClusterRooms(cluster::NatsBus& bus, store::EventStore& store, store::RoomLeases& leases,
                           Options options)
    : bus_(bus),
      store_(store),
      leases_(leases),
      options_(std::move(options)),
      channel_(bus, options_.key, options_.node),
      feed_(bus, store, options_.key, [this](std::function<void()> w) { work_.post(std::move(w)); }) {}

ClusterRooms::~ClusterRooms() { stop(); }

Status ClusterRooms::start_feed() {
  if (Status answers = channel_.start(); !answers) return answers;
  return feed_.start();
}

void ClusterRooms::start(RoomHub& hub) {
  hub_ = &hub;
  thread_ = std::thread([this] { run(); });
}

void ClusterRooms::stop() {
  {
    std::lock_guard lock(mutex_);
    if (stopping_) return;
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
  std::map<std::int64_t, Held> held;
  {
    std::lock_guard lock(mutex_);
    held.swap(held_);
  }
  for (auto& [id, h] : held) {
    h.commands.reset();  // no more forwarded commands
    if (Status released = leases_.release(h.lease); !released) {
      LOG_WARN("node " << options_.node << ": room " << h.name << ": lease not given up: " << released.message());
    }
  }
}

bool ClusterRooms::place(const store::RoomRecord& record, RoomOptions& options) {
  auto lease = leases_.acquire(record.id, options_.term.count());
  if (!lease) {
    LOG_ERROR("room " << record.name << ": its lease cannot be read: " << lease.status().message());
    return false;
  }
  const std::int64_t id = record.id;
  options.reports_last = options_.term;  // a node reports every third of a term (pass())
  if (lease.value()) {
    // This node decides the room: its appends are fenced by the lease, its commits published.
    options.lease_epoch = lease.value()->epoch;
    options.on_commit = [this, id, name = record.name](const std::vector<record::Event>& events) {
      if (Status sent = feed_.publish(id, events); !sent) {
        // The followers read what they missed from the store (catch_up on each pass).
        LOG_WARN("room " << name << ": commit not published: " << sent.message());
      }
    };
    std::lock_guard lock(mutex_);
    placing_[id] = *lease.value();
    return true;
  }
  options.forward = [this, id](Forwarded f, std::function<void(Result<std::string>)> answered) {
    cluster::RemoteCommand c;
    c.room_id = id;
    c.kind = std::move(f.kind);
    c.id_json = std::move(f.id_json);
    c.request = std::move(f.request);
    c.who = *f.who;
    c.lang = name_of(f.lang);
    channel_.forward(std::move(c), options_.forward_timeout, std::move(answered));
  };
  options.report_connections = [this, id](const std::vector<std::int64_t>& people) {
    cluster::RemoteCommand c;
    c.room_id = id;
    c.kind = "connections";
    c.id_json = "null";
    c.request = {{"people", people}};
    channel_.tell(std::move(c));
  };
  return true;
}

void ClusterRooms::placed(const std::shared_ptr<Room>& room) {
  const store::RoomRecord& record = room->loaded_record();
  if (room->follower()) {
    {
      std::lock_guard lock(mutex_);
      followed_[record.id] = record.name;
    }
    feed_.follow(record, record.head_seq, record.head_hash,
                 [weak = std::weak_ptr<Room>(room)](std::vector<record::Event> events) {
                   if (auto r = weak.lock()) r->take_committed(std::move(events));
                 });
    LOG_INFO("room " << record.name << ": followed at seq " << record.head_seq << " (another node decides it)");
    return;
  }
  auto commands = channel_.serve(record.id, [this, weak = std::weak_ptr<Room>(room)](
                                                cluster::RemoteCommand c, std::function<void(std::string)> answer) {
    serve(c, std::move(answer), weak);
  });
  if (!commands) {
    // Followers' commands get `unavailable` until the room is loaded here again.
    LOG_ERROR("room " << record.name << ": other nodes' commands cannot reach it: " << commands.status().message());
  }
  std::lock_guard lock(mutex_);
  Held held;
  held.lease = placing_[record.id];
  placing_.erase(record.id);
  held.name = record.name;
  if (commands) held.commands = std::move(commands.value());
  held_[record.id] = std::move(held);
  LOG_INFO("room " << record.name << ": decided on this node (lease epoch " << held_[record.id].lease.epoch << ")");
}

void ClusterRooms::serve(const cluster::RemoteCommand& c, std::function<void(std::string)> answer,
                         const std::weak_ptr<Room>& weak) {
  const i18n::Lang lang = lang_named(c.lang);
  auto room = weak.lock();
  if (!room) {
    const Status moving = i18n::refusal("unavailable", {"the room is moving to another node; nothing was recorded; "
                                                        "try again in a moment",
                                                        "la sala está pasando a otro nodo; no se registró nada; "
                                                        "vuelva a intentarlo en un momento"});
    answer(*protocol::make_error(c.id_json, moving, lang));
    return;
  }
  room->remote(std::make_shared<ForwardedPeer>(lang, std::move(answer)),
               Forwarded{c.kind, c.id_json, c.request, std::make_shared<const auth::Principal>(c.who), lang, c.node});
}

void ClusterRooms::run() {
  const auto every = options_.term / 3;
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    lock.unlock();
    pass();
    lock.lock();
    wake_.wait_for(lock, every, [this] { return stopping_; });
  }
}

void ClusterRooms::pass() {
  // Renew what this node holds; a lease lost stops the room here.
  std::vector<std::pair<std::int64_t, store::RoomLease>> held;
  std::vector<std::pair<std::int64_t, std::string>> followed;
  {
    std::lock_guard lock(mutex_);
    for (const auto& [id, h] : held_) held.emplace_back(id, h.lease);
    for (const auto& [id, name] : followed_) followed.emplace_back(id, name);
  }
  for (const auto& [id, lease] : held) {
    auto renewed = leases_.renew(lease, options_.term.count());
    if (!renewed) {
      LOG_WARN("room " << id << ": lease not renewed (" << renewed.status().message() << "); trying again");
      continue;  // the database is unreachable: the fence keeps a lost lease from writing
    }
    if (renewed.value()) continue;
    std::string name;
    {
      std::lock_guard lock(mutex_);
      auto it = held_.find(id);
      if (it == held_.end()) continue;
      name = it->second.name;
      held_.erase(it);  // its commands subscription ends here
    }
    LOG_WARN("room " << name << ": this node lost its lease; another node decides it now");
    hub_->unload(name, "this node no longer decides the room; rejoin with since");
  }
  // Presence across nodes (core/room_presence.cpp): the followers say again who is connected
  // to their rooms here, and the holder departs whom no node has had for the grace period.
  for (const auto& [id, name] : followed) {
    if (auto room = hub_->loaded_room(name)) room->report_connections();
  }
  hub_->check_connections();
  // Take the rooms whose holder let its lease expire.
  for (const auto& [id, name] : followed) {
    auto lease = leases_.acquire(id, options_.term.count());
    if (!lease || !lease.value()) continue;
    {
      std::lock_guard lock(mutex_);
      followed_.erase(id);
    }
    feed_.unfollow(id);
    LOG_WARN("room " << name << ": its node stopped renewing its lease; this node takes it (epoch "
                     << lease.value()->epoch << ")");
    hub_->unload(name, "the room moved to another node; rejoin with since");
    // Loaded again at once, as the holder, so that the other nodes' commands find it.
    hub_->find_async(name, [](std::shared_ptr<Room>) {});
  }
  feed_.catch_up();
}

std::pair<std::size_t, std::size_t> ClusterRooms::counts() const {
  std::lock_guard lock(mutex_);
  return {held_.size(), followed_.size()};
}

}  // namespace collegial::core
