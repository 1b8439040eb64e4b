// Rooms on a real store and real strands: ordering, acks after commit, catch-up with since.
#include <catch2/catch.hpp>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <SQLiteCpp/Database.h>

#include <nlohmann/json.hpp>

#include <condition_variable>
#include <mutex>
#include <thread>

#include "core/asio_serial_executor.hpp"
#include "core/forwarded_peer.hpp"
#include "core/protocol.hpp"
#include "core/room_hub.hpp"
#include "store/chain_verifier.hpp"
#include "support/postgres_server.hpp"
#include "support/temp_dir.hpp"

using namespace collegial;
using namespace collegial::core;

namespace {

// A peer that records what it is sent, with a queue that "drains" when the test says so.
class RecordingPeer final : public Peer {
 public:
  explicit RecordingPeer(std::size_t limit = 1 << 20) : limit_(limit) {}

  bool send(Frame message) override {
    std::lock_guard lock(mutex_);
    if (closed_) return false;
    if (queued_ + message->size() > limit_) {
      closed_ = true;
      return false;
    }
    queued_ += message->size();
    messages_.push_back(nlohmann::json::parse(*message));
    cv_.notify_all();
    return true;
  }
  std::size_t queued_bytes() const override {
    std::lock_guard lock(mutex_);
    return queued_;
  }
  std::size_t queue_limit() const override { return limit_; }
  void close(std::uint16_t code, std::string) override {
    std::lock_guard lock(mutex_);
    closed_ = true;
    close_code_ = code;
    cv_.notify_all();
  }
  // Waits until the room closes this peer; returns the close code.
  std::uint16_t wait_close() {
    std::unique_lock lock(mutex_);
    if (!cv_.wait_for(lock, std::chrono::seconds(10), [&] { return close_code_ != 0; })) {
      FAIL("the peer was not closed");
    }
    return close_code_;
  }
  void when_drained(std::function<void()> fn) override {
    std::unique_lock lock(mutex_);
    if (queued_ == 0) {
      lock.unlock();
      fn();
      return;
    }
    drained_.push_back(std::move(fn));
  }

  // The socket wrote everything: empty the queue and run the drain callbacks.
  void drain() {
    std::vector<std::function<void()>> callbacks;
    {
      std::lock_guard lock(mutex_);
      queued_ = 0;
      callbacks.swap(drained_);
    }
    for (auto& fn : callbacks) fn();
  }

  // Waits until `n` messages have arrived; returns them all.
  std::vector<nlohmann::json> wait_for(std::size_t n) {
    std::unique_lock lock(mutex_);
    const bool ok = cv_.wait_for(lock, std::chrono::seconds(10),
                                 [&] { return messages_.size() >= n; });
    if (!ok) FAIL("timed out with " << messages_.size() << " of " << n << " messages");
    return messages_;
  }

  // Waits for the ack or error whose id is `id`.
  nlohmann::json answer_to(const nlohmann::json& id) {
    std::unique_lock lock(mutex_);
    nlohmann::json found;
    const bool ok = cv_.wait_for(lock, std::chrono::seconds(10), [&] {
      for (const auto& m : messages_) {
        if ((m["type"] == "ack" || m["type"] == "error") && m["id"] == id) {
          found = m;
          return true;
        }
      }
      return false;
    });
    if (!ok) FAIL("no answer to request " << id);
    return found;
  }

  std::vector<nlohmann::json> events() {
    std::lock_guard lock(mutex_);
    std::vector<nlohmann::json> out;
    for (auto& m : messages_) {
      if (m["type"] != "ack" && m["type"] != "error") out.push_back(m);
    }
    return out;
  }

 private:
  mutable std::mutex mutex_;
  std::condition_variable cv_;
  std::vector<nlohmann::json> messages_;
  std::vector<std::function<void()>> drained_;
  std::size_t queued_ = 0;
  std::size_t limit_;
  bool closed_ = false;
  std::uint16_t close_code_ = 0;
};

// A signed-in person: in a room without a body that makes them a participant.
std::shared_ptr<const auth::Principal> member() {
  auto p = std::make_shared<auth::Principal>();
  p->kind = auth::Principal::Kind::person;
  p->id = 7;
  p->name = "Ana";
  return p;
}

// The public: may read, not speak.
std::shared_ptr<const auth::Principal> public_principal() {
  return std::make_shared<auth::Principal>();
}

// A hub over a fresh store: a SQLite file, or a database of a real PostgreSQL
// (tests/support/postgres_server) when `engine` says "postgres".
struct Fixture {
  explicit Fixture(RoomOptions options = {}, const std::string& engine = "sqlite") {
    Status status;
    store::EventStore::Options where{.path = (dir / "room.db").string()};
    if (engine == "postgres") where.postgres = test::PostgresServer::shared().fresh_database();
    store = store::EventStore::open(where, status);
    REQUIRE(store);
    REQUIRE(store->create_room("demo", clock.now_ms(), "system:test"));
    hub = std::make_unique<RoomHub>(*store, asio_strand_factory(ioc), clock, options);
    for (int i = 0; i < 2; ++i) threads.emplace_back([this] { ioc.run(); });
  }
  ~Fixture() {
    store->drain();  // the writer lets go of the rooms while the io_context still runs
    work.reset();
    ioc.stop();
    for (auto& t : threads) t.join();
  }
  test::TempDir dir;
  ManualClock clock{1764000000000};
  std::unique_ptr<store::EventStore> store;
  boost::asio::io_context ioc;
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work{
      ioc.get_executor()};
  std::unique_ptr<RoomHub> hub;
  std::vector<std::thread> threads;
};

}  // namespace

TEST_CASE("unknown rooms are not found and known ones load at their head", "[room]") {
  Fixture f;
  CHECK_FALSE(f.hub->find("nope"));
  auto room = f.hub->find("demo");
  REQUIRE(room);
  CHECK(f.hub->find("demo") == room);  // loaded once
  CHECK(valid_room_name("council-2026.finance_committee"));
  CHECK_FALSE(valid_room_name("Demo"));
  CHECK_FALSE(valid_room_name("-x"));
  CHECK_FALSE(valid_room_name(std::string(65, 'a')));
}

TEST_CASE("say is broadcast to every subscriber and then acknowledged", "[room]") {
  const std::string engine = GENERATE(as<std::string>{}, "sqlite", "postgres");
  INFO("engine: " << engine);
  Fixture f({}, engine);
  auto room = f.hub->find("demo");
  auto a = std::make_shared<RecordingPeer>();
  auto b = std::make_shared<RecordingPeer>();
  room->join(a, "1", std::nullopt, member());
  room->join(b, "1", std::nullopt, member());
  a->wait_for(1);
  b->wait_for(1);
  room->say(a, "2", member(), "hello");
  const auto got = a->wait_for(3);
  CHECK(got[0] == nlohmann::json{{"type", "ack"}, {"id", 1}, {"seq", 1}, {"roles", {"participant", "public"}},
                                 {"may", {"read_public_room", "read_members_room", "say", "attend", "register_webinar", "request_floor"}}});
  CHECK(got[1]["type"] == "chat.message");
  CHECK(got[1]["seq"] == 2);
  CHECK(got[1]["body"]["text"] == "hello");
  CHECK(got[1]["body"]["name"] == "Ana");
  CHECK(got[1]["actor"] == "person:7");
  CHECK(got[1]["ts"] == f.clock.now_ms());
  CHECK(got[2] == nlohmann::json{{"type", "ack"}, {"id", 2}, {"seq", 2}});
  CHECK(b->wait_for(2)[1]["seq"] == 2);
}

TEST_CASE("a room refuses what its rules do not allow", "[room]") {
  Fixture f;
  auto room = f.hub->find("demo");
  auto a = std::make_shared<RecordingPeer>();
  room->say(a, "1", member(), "not joined yet");
  CHECK(a->wait_for(1)[0]["code"] == "not_joined");
  room->leave(a, "2");
  CHECK(a->wait_for(2)[1]["code"] == "not_joined");
  room->join(a, "3", 5, member());  // past the head (1)
  CHECK(a->wait_for(3)[2]["code"] == "bad_field");
  room->join(a, "4", -1, member());
  CHECK(a->wait_for(4)[3]["code"] == "bad_field");
  room->join(a, "5", std::nullopt, member());
  room->join(a, "6", std::nullopt, member());
  CHECK(a->wait_for(6)[5]["code"] == "already_joined");
  // The public may listen but not speak.
  auto listener = std::make_shared<RecordingPeer>();
  room->join(listener, "1", std::nullopt, public_principal());
  room->say(listener, "2", public_principal(), "may I?");
  const auto refused = listener->wait_for(2)[1];
  CHECK(refused["code"] == "forbidden");
  CHECK(refused["message"].get<std::string>().find("you are: public") != std::string::npos);
}

TEST_CASE("join with since replays from the store and the cache without gaps", "[room]") {
  // A cache of 8 events forces the early part of the catch-up to come from the store, on
  // each engine.
  const std::string engine = GENERATE(as<std::string>{}, "sqlite", "postgres");
  INFO("engine: " << engine);
  RoomOptions options;
  options.recent_events = 8;
  options.catch_up_page_bytes = 512;
  Fixture f(options, engine);
  auto room = f.hub->find("demo");
  auto sender = std::make_shared<RecordingPeer>();
  room->join(sender, "0", std::nullopt, member());
  for (int i = 0; i < 100; ++i) room->say(sender, std::to_string(i + 1), member(), "m" + std::to_string(i));
  sender->wait_for(1 + 200);

  // A small queue: catch-up must wait for drains instead of overflowing it.
  auto late = std::make_shared<RecordingPeer>(4096);
  room->join(late, "1", 0, member());
  std::int64_t expected = 1;
  for (int rounds = 0; rounds < 1000 && expected <= 101; ++rounds) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
    for (const auto& e : late->events()) {
      if (e["seq"].get<std::int64_t>() >= expected) {
        REQUIRE(e["seq"] == expected);
        ++expected;
      }
    }
    late->drain();
  }
  CHECK(expected == 102);  // seq 1 (room.created) through 101, each once, in order
  const auto events = late->events();
  CHECK(events.size() == 101);
  // And it is live afterwards.
  room->say(sender, "\"x\"", member(), "after");
  late->drain();
  const auto all = late->wait_for(1 + 101 + 1);
  CHECK(all.back()["seq"] == 102);
}

TEST_CASE("a full disk stops every append with storage_failed and acknowledges nothing unstored",
          "[room][store]") {
  test::TempDir dir;
  const auto path = (dir / "full.db").string();
  {
    Status status;
    auto s = store::EventStore::open({.path = path}, status);
    REQUIRE(s);
    REQUIRE(s->create_room("demo", 1, "system:test"));
  }
  std::int64_t pages = 0;
  {
    SQLite::Database db(path);
    pages = db.execAndGet("PRAGMA page_count").getInt64();
  }
  Status status;
  // Room for a handful of 4 KB messages, then the "disk" is full.
  auto store = store::EventStore::open({.path = path, .max_page_count = pages + 8}, status);
  REQUIRE(store);
  ManualClock clock{1};
  boost::asio::io_context ioc;
  auto work = boost::asio::make_work_guard(ioc);
  std::thread runner([&] { ioc.run(); });
  {
    RoomHub hub(*store, asio_strand_factory(ioc), clock);
    auto room = hub.find("demo");
    auto peer = std::make_shared<RecordingPeer>();
    room->join(peer, "0", std::nullopt, member());
    peer->wait_for(1);
    const std::string text(4000, 'x');
    std::vector<std::int64_t> acked;
    std::string failure;
    for (int i = 1; i <= 40 && failure.empty(); ++i) {
      room->say(peer, std::to_string(i), member(), text);
      const auto answer = peer->answer_to(i);
      if (answer["type"] == "ack") acked.push_back(answer["seq"]);
      else failure = answer["code"];
    }
    CHECK(failure == "storage_failed");
    CHECK_FALSE(acked.empty());
    // The writer has stopped for good: even a tiny message fails now, though it would fit.
    room->say(peer, "\"tiny\"", member(), "x");
    CHECK(peer->answer_to("tiny")["code"] == "storage_failed");
    CHECK(store->storage_failure().has_value());
    CHECK_FALSE(hub.health().ok());
    CHECK(store->create_room("another", 2, "system:test").code() == "storage_failed");
    // Everything acknowledged is stored, and the chain is whole.
    auto record = store->find_room("demo");
    REQUIRE(record);
    CHECK(record->head_seq == acked.back());
    store->drain();
    ioc.poll();
  }
  work.reset();
  runner.join();
  store.reset();
  CHECK(store::verify_chains(path, std::nullopt).intact);
  // After the operator frees space and restarts, the log takes appends again.
  auto reopened = store::EventStore::open({.path = path}, status);
  REQUIRE(reopened);
  CHECK_FALSE(reopened->storage_failure());
  CHECK(reopened->create_room("another", 2, "system:test"));
}

TEST_CASE("an effect that throws fails its room, which then refuses appends and serves reads",
          "[room][failure]") {
  test::TempDir dir;
  const auto path = (dir / "effects.db").string();
  Status status;
  auto store = store::EventStore::open({.path = path}, status);
  REQUIRE(store);
  REQUIRE(store->create_room("demo", 1, "system:test"));
  REQUIRE(store->create_room("other", 1, "system:test"));
  ManualClock clock{1};
  boost::asio::io_context ioc;
  auto work = boost::asio::make_work_guard(ioc);
  std::thread runner([&] { ioc.run(); });
  {
    RoomHub::Services services;
    services.effects = [](const store::RoomRecord& room, const record::Event& event, const nlohmann::json& body, bool) {
      if (room.name == "demo" && event.type == "chat.message" && body.value("text", "") == "boom") {
        throw std::runtime_error("the outbox could not be written");
      }
    };
    RoomHub hub(*store, asio_strand_factory(ioc), clock, {}, services);
    auto room = hub.find("demo");
    auto other = hub.find("other");
    auto peer = std::make_shared<RecordingPeer>();
    room->join(peer, "1", std::nullopt, member());
    other->join(peer, "2", std::nullopt, member());
    peer->answer_to(2);
    room->say(peer, "3", member(), "boom");
    CHECK(peer->answer_to(3)["type"] == "ack");  // it is durable: the ack says so
    room->say(peer, "4", member(), "after");
    const auto refused = peer->answer_to(4);
    CHECK(refused["code"] == "room_failed");
    const auto health = hub.health();
    REQUIRE(health.failed_rooms.size() == 1);
    CHECK(health.failed_rooms[0].room == "demo");
    CHECK(health.failed_rooms[0].failure.seq == 2);
    CHECK(health.failed_rooms[0].failure.plugin == "effects");
    // Reads go on: a late joiner catches up on everything committed. The failed event is
    // withheld from those who may not read closed sessions (C3 can no longer be decided), and
    // in a room without a body that is everyone.
    auto late = std::make_shared<RecordingPeer>();
    room->join(late, "5", 0, member());
    late->wait_for(3);
    CHECK(late->events().size() == 2);
    CHECK(late->events().back()["seq"] == 2);
    CHECK(late->events().back()["type"] == "session.withheld");
    // The other room is untouched.
    other->say(peer, "6", member(), "still here");
    CHECK(peer->answer_to(6)["type"] == "ack");
    store->drain();
  }
  work.reset();
  runner.join();
}

TEST_CASE("a subscriber whose catch-up cannot be read is closed so that it rejoins",
          "[room][failure]") {
  // A cache of 4 events: a join from seq 0 must read the rest from the store.
  RoomOptions options;
  options.recent_events = 4;
  Fixture f(options);
  auto room = f.hub->find("demo");
  auto peer = std::make_shared<RecordingPeer>();
  room->join(peer, "0", std::nullopt, member());
  for (int i = 1; i <= 20; ++i) room->say(peer, std::to_string(i), member(), "m" + std::to_string(i));
  peer->answer_to(20);
  f.store->drain();
  {
    // The rows the cache no longer holds are gone from the file (a damaged disk).
    SQLite::Database db((f.dir / "room.db").string(), SQLite::OPEN_READWRITE);
    db.exec("DELETE FROM events WHERE seq BETWEEN 2 AND 10");
  }
  auto late = std::make_shared<RecordingPeer>();
  room->join(late, "\"late\"", 0, member());
  CHECK(late->wait_close() == protocol::kCloseRejoin);
  // Nobody is left joined and silent: the room no longer holds the dropped subscriber.
  room->say(peer, "\"after\"", member(), "after");
  CHECK(peer->answer_to("after")["type"] == "ack");
  CHECK(late->events().size() <= 1);  // at most the genesis event before the gap
}

TEST_CASE("a follower serves the room from the holder's commits and forwards what would append; "
          "acks come after their events, and both nodes show one order",
          "[room][cluster]") {
  // Two nodes on one store: the holder's hub and a follower's. The bus between them is plain
  // calls here (tests/unit/room_feed_test and command_channel_test try the real one).
  test::TempDir dir;
  ManualClock clock{1764000000000};
  Status status;
  auto store = store::EventStore::open({.path = (dir / "room.db").string()}, status);
  REQUIRE(store);
  REQUIRE(store->create_room("demo", clock.now_ms(), "system:test"));
  boost::asio::io_context ioc;
  auto work = boost::asio::make_work_guard(ioc);
  std::vector<std::thread> threads;
  for (int i = 0; i < 2; ++i) threads.emplace_back([&] { ioc.run(); });

  std::shared_ptr<Room> holder_room, follower_room;
  std::mutex rooms_mutex;  // the hooks run on the rooms' strands
  auto holder_of = [&] { std::lock_guard l(rooms_mutex); return holder_room; };
  auto follower_of = [&] { std::lock_guard l(rooms_mutex); return follower_room; };
  RoomOptions holder_options;
  holder_options.on_commit = [&](const std::vector<record::Event>& events) {
    if (auto f = follower_of()) f->take_committed(events);
  };
  RoomOptions follower_options;
  follower_options.forward = [&](Forwarded command, std::function<void(Result<std::string>)> answered) {
    auto peer = std::make_shared<ForwardedPeer>(command.lang, [answered](std::string a) { answered(std::move(a)); });
    holder_of()->remote(peer, std::move(command));
  };
  {
    RoomHub holder(*store, asio_strand_factory(ioc), clock, holder_options);
    RoomHub follower(*store, asio_strand_factory(ioc), clock, follower_options);
    {
      std::lock_guard l(rooms_mutex);
      holder_room = holder.find("demo");
      follower_room = follower.find("demo");
    }
    REQUIRE(holder_room);
    REQUIRE(follower_room);
    CHECK(follower_room->follower());
    CHECK_FALSE(holder_room->follower());

    auto a = std::make_shared<RecordingPeer>();  // on the holder
    auto b = std::make_shared<RecordingPeer>();  // on the follower
    auto watcher = std::make_shared<RecordingPeer>();  // the public, on the follower
    holder_room->join(a, "1", std::nullopt, member());
    follower_room->join(b, "1", std::nullopt, member());
    follower_room->join(watcher, "1", std::nullopt, public_principal());
    a->wait_for(1);
    b->wait_for(1);
    watcher->wait_for(1);

    // Said on the follower: decided by the holder; b sees its event, then its ack.
    follower_room->say(b, "2", member(), "from the follower");
    const auto ack = b->answer_to(2);
    REQUIRE(ack["type"] == "ack");
    CHECK(ack["seq"] == 2);
    const auto at_b = b->wait_for(3);
    CHECK(at_b[1]["type"] == "chat.message");
    CHECK(at_b[1]["seq"] == 2);
    CHECK(at_b[2] == ack);  // the event came first
    // Said on the holder: reaches the follower's subscribers.
    holder_room->say(a, "2", member(), "from the holder");
    CHECK(a->answer_to(2)["seq"] == 3);
    watcher->wait_for(3);
    b->wait_for(4);
    // The holder's refusals come back as they are; not being joined is known on the follower.
    follower_room->act(b, "3", member(), Command{"nope.nothing", nlohmann::json::object()});
    CHECK(b->answer_to(3)["code"] == "unknown_operation");
    follower_room->say(watcher, "4", public_principal(), "let me speak");
    CHECK(watcher->answer_to(4)["code"] == "forbidden");
    auto stranger = std::make_shared<RecordingPeer>();
    follower_room->say(stranger, "5", member(), "not joined");
    CHECK(stranger->answer_to(5)["code"] == "not_joined");

    // One order on both nodes, to the hash.
    auto at_holder = a->events();
    auto at_follower = b->events();
    REQUIRE(at_holder.size() == at_follower.size());
    for (std::size_t i = 0; i < at_holder.size(); ++i) {
      CHECK(at_holder[i]["seq"] == at_follower[i]["seq"]);
      CHECK(at_holder[i]["hash"] == at_follower[i]["hash"]);
    }
    CHECK(follower_room->committed_head() == holder_room->committed_head());
    {
      std::lock_guard l(rooms_mutex);
      holder_room.reset();
      follower_room.reset();
    }
    store->drain();
  }
  work.reset();
  ioc.stop();
  for (auto& t : threads) t.join();
}
