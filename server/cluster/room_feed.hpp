// A room's committed events, carried from the node that decides the room to every other node
// that has subscribers in it (issue #18 §3; docs/architecture.md, "Several nodes").
//
// The node holding a room's lease publishes each commit on the bus (publish()). Every node runs
// one RoomFeed, subscribed once to every room's events; a room it follows (follow()) receives
// each committed event exactly once, in seq order, with no gap, whatever the bus does:
//
// - The bus keeps nothing and may lose a message (cluster/nats_bus.hpp). A message whose first
//   event is past the next one expected opens a gap, which is read from the store (the only
//   record) before anything after it is delivered; messages arriving meanwhile wait in order.
// - A burst's last message may be lost with nothing after it to show the gap: catch_up() reads
//   each followed room's tail from the store (the server calls it on its scheduler's pass).
// - Duplicates and events already delivered are dropped; so are events that do not continue the
//   chain (a prev_hash other than the last delivered hash, or a hash that does not check): such
//   an event is read again from the store; and messages not signed with the deployment's key.
//   Events the store, read after they arrived, does not hold are dropped. So a message on the
//   bus can delay a follower but never make it deliver anything the store does not hold, unless
//   it was signed by a node.
//
// Threads: the bus calls in on its own thread; gaps are read on `offload`'s threads. A room's
// `deliver` is called for one batch at a time, in order, on either of them; keep it short (the
// server posts the events to the room's executor).
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <condition_variable>
#include <string>
#include <string_view>
#include <vector>

#include "cluster/nats_bus.hpp"
#include "record/event.hpp"
#include "store/event_store.hpp"
#include "util/result.hpp"
#include "util/status.hpp"

namespace collegial::cluster {

// The subject a room's events are published on: by the room's id, since a room's name may hold
// dots, which separate a subject's tokens.
std::string events_subject(std::int64_t room_id);

// A commit's events as one message, and back. A message is signed (HMAC-SHA256 keyed with the
// deployment's secret, which every node has), so that whoever can reach the bus but is no node
// cannot put an event before a follower: the chain alone would not stop a well-formed event
// that continues it but is not in the log (a fork). decode_events fails with `bad_message` on
// anything that is not such a message, signed with `key` (the form and the signature only; the
// feed checks the chain).
std::string encode_events(std::int64_t room_id, const std::vector<record::Event>& events, std::string_view key);
struct DecodedEvents {
  std::int64_t room_id = 0;
  std::vector<record::Event> events;
};
Result<DecodedEvents> decode_events(std::string_view payload, std::string_view key);

class RoomFeed {
 public:
  // Delivers committed events of one followed room, consecutive, in seq order.
  using Deliver = std::function<void(std::vector<record::Event> events)>;
  // Runs work that reads the store, off the bus's thread.
  using Offload = std::function<void(std::function<void()>)>;

  // `key` signs and checks the messages (the same on every node). `offload` must run everything
  // it is given, never in place (the destructor waits for the gap reads under way).
  RoomFeed(NatsBus& bus, store::EventStore& store, std::string key, Offload offload);
  // Stops the subscription, then waits for the gap reads under way.
  ~RoomFeed();
  RoomFeed(const RoomFeed&) = delete;
  RoomFeed& operator=(const RoomFeed&) = delete;

  // Subscribes to every room's events and waits until the bus server has the subscription
  // (bus_unavailable or bus_timeout otherwise). Call once, before follow().
  Status start();

  // Publishes events just committed to the room `room_id` (the lease holder calls it after each
  // commit, in commit order). Ok means the bus took them, not that anyone received them: the
  // followers' gap reads make up for any loss.
  Status publish(std::int64_t room_id, const std::vector<record::Event>& events);

  // Follows `room` from its event `after_seq`, whose hash is `after_hash` (where the follower's
  // state stands): `deliver` receives every later committed event once, in order, starting with
  // those already committed (read from the store at once). Following a followed room replaces
  // it.
  void follow(const store::RoomRecord& room, std::int64_t after_seq, std::string after_hash, Deliver deliver);

  // Stops following the room. A `deliver` call under way may still complete; none starts after.
  void unfollow(std::int64_t room_id);

  // Reads from the store whatever each followed room has past what it delivered (a lost last
  // message). Cheap when nothing is missing: one read per followed room.
  void catch_up();

  // The next seq each followed room expects, for tests and /healthz.
  std::map<std::int64_t, std::int64_t> next_seqs() const;

  // How many events were read from the store to fill gaps, and how many bus events were dropped
  // as duplicates or for not continuing the chain.
  std::uint64_t filled() const;
  std::uint64_t dropped() const;

 private:
  struct Followed;

  void on_message(const Message& message);
  // Moves the consecutive, chained events from the room's pending ones to its outbox (the
  // caller holds mutex_, so the outbox is in seq order); true when a gap remains before the
  // pending ones, which a read must fill.
  bool take_ready(Followed& room);
  bool take_chained(Followed& room, std::vector<record::Event>& ready);
  // Hands the room's outbox to its deliver in order, one thread at a time (see Followed).
  void drain(const std::shared_ptr<Followed>& room);
  // Marks a store read of the room as due (the caller holds mutex_, and offloads fill() after
  // releasing it unless a read was under way: then that read reads again when it ends).
  void fill_locked(const std::shared_ptr<Followed>& room);
  // Reads the room's events past its next seq from the store, on an offload thread.
  void fill(const std::shared_ptr<Followed>& room);

  NatsBus& bus_;
  store::EventStore& store_;
  const std::string key_;
  Offload offload_;
  std::unique_ptr<Subscription> subscription_;

  mutable std::mutex mutex_;
  std::condition_variable idle_;  // a gap read ended
  std::map<std::int64_t, std::shared_ptr<Followed>> rooms_;  // by room id; guarded by mutex_
  int reads_in_flight_ = 0;                                 // guarded by mutex_
  std::uint64_t filled_ = 0, dropped_ = 0;                   // guarded by mutex_
};

}  // namespace collegial::cluster
