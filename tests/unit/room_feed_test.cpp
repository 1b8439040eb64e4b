// A room's committed events carried between nodes (cluster/room_feed.hpp), through a real
// nats-server and a real store: whatever the bus loses, repeats, reorders or is given by someone
// who is no node, a follower delivers exactly the log, once, in order. (A node signs only what
// it committed; a node's own key making a fork is out of scope, as a node writing the database
// directly would be.)
//
// The "leader" here is the test itself: it appends to the store and then publishes (or not, or
// twice, or late) what it appended, as the node holding a room's lease does after each commit.
#include <catch2/catch.hpp>

#include <chrono>
#include <condition_variable>
#include <future>
#include <mutex>
#include <string>
#include <vector>

#include "cluster/room_feed.hpp"
#include "core/background_work.hpp"
#include "record/chain.hpp"
#include "support/nats_server.hpp"
#include "support/temp_dir.hpp"

using namespace collegial;
using namespace std::chrono_literals;
using cluster::NatsBus;
using cluster::RoomFeed;
using record::Event;

namespace {

constexpr auto kDeadline = 15s;  // never reached by a passing test
const std::string kKey = "the deployment's secret";

std::unique_ptr<NatsBus> connect_to(const test::NatsServer& server) {
  Status status;
  auto bus = NatsBus::connect(server.url(), status);
  INFO(status.message());
  REQUIRE(bus);
  return bus;
}

// What a follower was handed, in order, and a wait for it to reach a seq.
class Delivered {
 public:
  RoomFeed::Deliver sink() {
    return [this](std::vector<Event> events) {
      std::lock_guard lock(mutex_);
      for (auto& e : events) events_.push_back(std::move(e));
      changed_.notify_all();
    };
  }
  bool reaches(std::int64_t seq) {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, kDeadline, [&] { return !events_.empty() && events_.back().seq >= seq; });
  }
  std::vector<Event> events() {
    std::lock_guard lock(mutex_);
    return events_;
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<Event> events_;
};

// A SQLite store with one room, and a leader that appends chat messages to it.
struct Log {
  Log() {
    store::EventStore::Options options;
    options.path = (dir.path() / "rooms.db").string();
    Status status;
    store = store::EventStore::open(options, status);
    INFO(status.message());
    REQUIRE(store);
    REQUIRE(store->create_room("rec6.council", 1000, "system:test", &room));
  }

  // Appends `n` events in one request; returns them as committed.
  std::vector<Event> commit(int n) {
    std::vector<Event> events;
    for (int i = 0; i < n; ++i) {
      Event e;
      e.room = room.name;
      e.seq = room.head_seq + 1;
      e.ts_ms = 1000 + e.seq;
      e.actor = "person:1";
      e.type = "chat.message";
      e.body = "{\"text\":\"m" + std::to_string(e.seq) + "\"}";
      e.prev_hash = room.head_hash;
      record::seal(e);
      room.head_seq = e.seq;
      room.head_hash = e.hash;
      events.push_back(e);
    }
    std::promise<Status> done;
    store::AppendRequest request;
    request.room_id = room.id;
    request.events = events;
    request.on_done = [&](const Status& s) { done.set_value(s); };
    store->append(std::move(request));
    REQUIRE(done.get_future().get());
    return events;
  }

  // The whole log past its genesis, as stored.
  std::vector<Event> stored() {
    std::vector<Event> out;
    REQUIRE(store->read_events(room, 1, 100000, 1 << 30, out));
    return out;
  }

  test::TempDir dir;
  std::unique_ptr<store::EventStore> store;
  store::RoomRecord room;
};

// The follower's view is the log: same seqs, same hashes, each once.
void check_is_the_log(Log& log, Delivered& delivered) {
  const auto stored = log.stored();
  const auto got = delivered.events();
  REQUIRE(got.size() == stored.size());
  for (std::size_t i = 0; i < got.size(); ++i) {
    INFO("event " << i);
    CHECK(got[i].seq == stored[i].seq);
    CHECK(got[i].hash == stored[i].hash);
    CHECK(got[i].body == stored[i].body);
  }
}

// The room's genesis: where a follower that loaded the fresh room stands.
std::pair<std::int64_t, std::string> genesis(Log& log) {
  std::vector<Event> first;
  REQUIRE(log.store->read_events(log.room, 0, 1, 1 << 20, first));
  return {first.at(0).seq, first.at(0).hash};
}

// Two nodes on one bus and one log: the leader publishes what it commits, the follower follows.
struct TwoNodes {
  TwoNodes()
      : leader_bus(connect_to(nats)),
        follower_bus(connect_to(nats)),
        leader(*leader_bus, *log.store, kKey, offload()),
        follower(*follower_bus, *log.store, kKey, offload()) {
    REQUIRE(follower.start());
  }
  // Follows the room from its genesis, where a follower that loaded the fresh room stands.
  void follow() {
    const auto [at, hash] = genesis(log);
    follower.follow(log.room, at, hash, delivered.sink());
  }
  RoomFeed::Offload offload() {
    return [this](std::function<void()> work) { reads.post(std::move(work)); };
  }

  test::NatsServer nats;
  std::unique_ptr<NatsBus> leader_bus, follower_bus;
  Log log;
  core::BackgroundWork reads{2};
  Delivered delivered;
  RoomFeed leader, follower;  // destroyed first: they wait for their reads
};

}  // namespace

TEST_CASE("room feed: a follower gets what was committed before it followed from the store, then the bus",
          "[nats][cluster]") {
  TwoNodes n;
  n.log.commit(5);  // before it follows: in the store only
  n.follow();
  for (int batch = 0; batch < 20; ++batch) REQUIRE(n.leader.publish(n.log.room.id, n.log.commit(1 + batch % 3)));
  REQUIRE(n.delivered.reaches(n.log.room.head_seq));
  check_is_the_log(n.log, n.delivered);
  CHECK(n.follower.filled() >= 5);
}

TEST_CASE("room feed: lost, repeated and reordered messages still give the log exactly, once, in order",
          "[nats][cluster]") {
  TwoNodes n;
  n.follow();

  std::vector<Event> held;
  for (int batch = 0; batch < 60; ++batch) {
    const auto events = n.log.commit(3);
    switch (batch % 6) {
      case 1: break;                                           // lost
      case 2: REQUIRE(n.leader.publish(n.log.room.id, events));   // repeated
              REQUIRE(n.leader.publish(n.log.room.id, events)); break;
      case 3: held = events; break;                            // sent after the next one
      case 4: REQUIRE(n.leader.publish(n.log.room.id, events));
              REQUIRE(n.leader.publish(n.log.room.id, held)); break;
      default: REQUIRE(n.leader.publish(n.log.room.id, events));
    }
  }
  // The last batch (59 % 6 == 5) was published, so the gaps before it are read from the store.
  REQUIRE(n.delivered.reaches(n.log.room.head_seq));
  check_is_the_log(n.log, n.delivered);
  CHECK(n.follower.dropped() > 0);  // the repeats
}

TEST_CASE("room feed: a lost last message is read by catch_up", "[nats][cluster]") {
  TwoNodes n;
  n.follow();
  REQUIRE(n.leader.publish(n.log.room.id, n.log.commit(3)));
  REQUIRE(n.delivered.reaches(n.log.room.head_seq));
  n.log.commit(2);  // its message is lost, and nothing follows it
  n.follower.catch_up();
  REQUIRE(n.delivered.reaches(n.log.room.head_seq));
  check_is_the_log(n.log, n.delivered);
}

TEST_CASE("room feed: what is not the log never reaches a follower: forks, broken chains, unsigned and stray messages",
          "[nats][cluster]") {
  TwoNodes n;
  auto intruder_bus = connect_to(n.nats);
  n.follow();
  REQUIRE(n.leader.publish(n.log.room.id, n.log.commit(2)));
  REQUIRE(n.delivered.reaches(n.log.room.head_seq));

  // A fork: the next seq, chained to the head and hashed right, but not what the log holds.
  Event fork;
  fork.room = n.log.room.name;
  fork.seq = n.log.room.head_seq + 1;
  fork.ts_ms = 5000;
  fork.actor = "person:9";
  fork.type = "motions.vote_cast";
  fork.body = "{\"vote\":\"yes\"}";
  fork.prev_hash = n.log.room.head_hash;
  record::seal(fork);
  const std::string subject = cluster::events_subject(n.log.room.id);
  // Unsigned (signed with another key), it is refused outright.
  REQUIRE(intruder_bus->publish(subject, cluster::encode_events(n.log.room.id, {fork}, "a guess")));
  // Not JSON at all.
  REQUIRE(intruder_bus->publish(subject, std::string(64, '0') + "{not json"));
  // Signed, but a broken chain: read from the store instead, which has nothing there yet.
  Event broken = fork;
  broken.prev_hash = std::string(64, 'a');
  REQUIRE(n.leader.publish(n.log.room.id, {broken}));
  // Signed but far past the head, in no log (a stray): dropped once the store, read after it
  // came, lacks it, so it does not hold the room up.
  Event stray = fork;
  stray.seq += 100;
  REQUIRE(n.leader.publish(n.log.room.id, {stray}));
  // The log goes on; its real next events arrive and are delivered, never the fork.
  const auto real = n.log.commit(2);
  REQUIRE(n.leader.publish(n.log.room.id, real));
  REQUIRE(n.delivered.reaches(n.log.room.head_seq));
  check_is_the_log(n.log, n.delivered);
  for (const auto& e : n.delivered.events()) CHECK(e.type != "motions.vote_cast");
  CHECK(cluster::decode_events(cluster::encode_events(n.log.room.id, real, kKey), kKey));
  CHECK(cluster::decode_events(cluster::encode_events(n.log.room.id, real, kKey), "other").status().code() ==
        "bad_message");
}
