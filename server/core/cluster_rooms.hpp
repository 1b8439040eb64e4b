// Several collegiald nodes on one PostgreSQL and one NATS server (issue #18 §3;
// docs/architecture.md, "Several nodes"): which node decides each room, and how the others
// serve it.
//
// A room is decided by the one node holding its lease (store/room_leases.hpp), on its committed
// state, in one order, as on a single node; its appends carry the lease's epoch, so a node that
// lost the lease cannot write (the store's fence). Any other node with clients in the room
// follows it: it loads the room from the store (its latest snapshot, then the log), takes the
// holder's commits from the bus in seq order (cluster/room_feed.hpp) and fans them out to its
// own subscribers, and forwards to the holder every command that would append
// (cluster/command_channel.hpp); a forwarded command's ack reaches its client after the event.
//
// The first node to load a room takes its lease when nobody holds it. A thread here renews the
// held leases every third of a term; a lease that could not be renewed in time is lost, and the
// room is unloaded here (its subscribers rejoin; the room loads again as a follower). Each pass
// also tries to take the lease of every followed room: that succeeds only once its holder has
// let it expire (it died, or was cut off from the database), and then the room is unloaded as a
// follower and loaded again as the holder, replaying its effects from its latest snapshot, and
// its subscribers rejoin with since. With a term of 3 s and passes every second a room is taken
// over within about 4 s of its holder's death.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "cluster/command_channel.hpp"
#include "cluster/nats_bus.hpp"
#include "cluster/room_feed.hpp"
#include "core/background_work.hpp"
#include "core/room_hub.hpp"
#include "store/room_leases.hpp"

namespace collegial::core {

class ClusterRooms final : public Placement {
 public:
  struct Options {
    std::string node;  // this node's name in the leases (unique among the nodes)
    std::string key;   // signs the bus's messages: the same on every node
    std::chrono::milliseconds term{3000};             // a lease's term
    std::chrono::milliseconds forward_timeout{5000};  // a forwarded command's answer: in_doubt after
  };

  ClusterRooms(cluster::NatsBus& bus, store::EventStore& store, store::RoomLeases& leases, Options options);
  // Stops (see stop()).
  ~ClusterRooms() override;
  ClusterRooms(const ClusterRooms&) = delete;
  ClusterRooms& operator=(const ClusterRooms&) = delete;

  // Subscribes to the rooms' events and this node's answers; call before any room loads.
  // bus_unavailable / bus_timeout.
  Status start_feed();
  // Starts renewing and taking over leases for the rooms of `hub`.
  void start(RoomHub& hub);
  // Stops the lease thread and gives up the held leases, so that other nodes take the rooms at
  // their next pass instead of after a term. Call once the rooms take no more commands.
  void stop();

  bool place(const store::RoomRecord& record, RoomOptions& options) override;
  void placed(const std::shared_ptr<Room>& room) override;

  // How many rooms this node holds and follows now (for /healthz and tests).
  std::pair<std::size_t, std::size_t> counts() const;

 private:
  struct Held {
    store::RoomLease lease;
    std::string name;
    std::unique_ptr<cluster::Subscription> commands;
  };

  void run();
  void pass();
  void serve(const cluster::RemoteCommand& command, std::function<void(std::string)> answer,
             const std::weak_ptr<Room>& room);

  cluster::NatsBus& bus_;
  store::EventStore& store_;
  store::RoomLeases& leases_;
  const Options options_;
  cluster::CommandChannel channel_;
  // In this order: the feed is destroyed first, and waits for its reads on work_.
  BackgroundWork work_{2};  // the feed's gap reads
  cluster::RoomFeed feed_;
  RoomHub* hub_ = nullptr;

  mutable std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::map<std::int64_t, store::RoomLease> placing_;  // taken by place(), awaiting placed()
  std::map<std::int64_t, Held> held_;                  // by room id
  std::map<std::int64_t, std::string> followed_;       // by room id: its name
  std::thread thread_;
};

}  // namespace collegial::core
