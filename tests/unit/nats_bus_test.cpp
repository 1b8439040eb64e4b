// The message bus between nodes (cluster/nats_bus.hpp) against a real nats-server
// (tests/support/nats_server.hpp), started by each test: publish/subscribe, request/reply and
// queue groups, the errors a caller must tell apart, the subscription's promise that its handler
// is never called after its destructor, and reconnection after the server restarts.
//
// Every wait has a deadline and ends as soon as what it waits for happens (a condition variable,
// or polling of a state); no sleep stands in for synchronization.
#include <catch2/catch.hpp>

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "cluster/nats_bus.hpp"
#include "support/nats_server.hpp"

using namespace collegial;
using namespace std::chrono_literals;
using cluster::Message;
using cluster::NatsBus;
using cluster::Subscription;
using Clock = std::chrono::steady_clock;

namespace {

// Generous, so that a loaded machine does not fail a test; a passing test never waits this long.
constexpr auto kDeadline = 15s;

std::unique_ptr<NatsBus> connect_to(const test::NatsServer& server) {
  Status status;
  auto bus = NatsBus::connect(server.url(), status);
  INFO(status.to_string());
  REQUIRE(bus);
  REQUIRE(status.is_ok());
  return bus;
}

std::unique_ptr<Subscription> subscribed(Result<std::unique_ptr<Subscription>> result) {
  INFO(result.status().to_string());
  REQUIRE(result.ok());
  return std::move(result.value());
}

// Polls `done` until it holds or `within` has passed; returns whether it held.
template <class Predicate>
bool eventually(Predicate done, std::chrono::milliseconds within = kDeadline) {
  const auto deadline = Clock::now() + within;
  while (!done()) {
    if (Clock::now() >= deadline) return false;
    std::this_thread::sleep_for(5ms);
  }
  return true;
}

// What a handler received, for the test's thread to wait on.
class Inbox {
 public:
  NatsBus::Handler handler() {
    return [this](const Message& message) { add(message); };
  }

  void add(const Message& message) {
    std::lock_guard lock(mutex_);
    messages_.push_back(message);
    changed_.notify_all();
  }

  // Waits until `count` messages have arrived, or the deadline; returns whether they did.
  bool wait_for(std::size_t count, std::chrono::milliseconds within = kDeadline) {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, within, [&] { return messages_.size() >= count; });
  }

  std::vector<Message> messages() {
    std::lock_guard lock(mutex_);
    return messages_;
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<Message> messages_;
};

// Publishes on `subject` from `bus` and waits until `inbox` (subscribed to it on `bus`) has it:
// the server has then handled everything `bus` published before, in order.
void round_trip(NatsBus& bus, const std::string& subject, Inbox& inbox) {
  const std::size_t before = inbox.messages().size();
  REQUIRE(bus.publish(subject, "sentinel").is_ok());
  REQUIRE(bus.flush(5s).is_ok());
  REQUIRE(inbox.wait_for(before + 1));
}

// A loopback port on which nothing listens, kept so while the holder lives: bound, so that no
// one else takes it, but not listening, so that a connection to it is refused.
class DeadPort {
 public:
  DeadPort() : fd_(socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0)) {
    REQUIRE(fd_ >= 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(bind(fd_, reinterpret_cast<const sockaddr*>(&address), sizeof address) == 0);
    socklen_t size = sizeof address;
    REQUIRE(getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &size) == 0);
    port_ = ntohs(address.sin_port);
  }
  ~DeadPort() { close(fd_); }
  DeadPort(const DeadPort&) = delete;
  DeadPort& operator=(const DeadPort&) = delete;
  int port() const { return port_; }

 private:
  int fd_;
  int port_ = 0;
};

std::chrono::milliseconds since(Clock::time_point start) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start);
}

}  // namespace

TEST_CASE("nats bus: a subscriber gets one publisher's payloads in order, any bytes, empty too",
          "[nats]") {
  test::NatsServer server;
  auto publisher = connect_to(server);
  auto subscriber = connect_to(server);
  CHECK(publisher->connected());

  Inbox inbox;
  auto subscription = subscribed(subscriber->subscribe("room.hall.events", inbox.handler()));
  CHECK(subscription->subject() == "room.hall.events");
  // The interest reaches the server before the publisher's first message can.
  REQUIRE(subscriber->flush(5s).is_ok());

  std::vector<std::string> sent;
  for (int i = 0; i < 200; ++i) sent.push_back("event " + std::to_string(i));
  std::string every_byte;
  for (int b = 0; b < 256; ++b) every_byte += static_cast<char>(b);
  sent.push_back(every_byte);
  sent.push_back("");
  sent.push_back(std::string("nul\0inside", 10));
  for (const auto& payload : sent) REQUIRE(publisher->publish("room.hall.events", payload).is_ok());
  REQUIRE(publisher->flush(5s).is_ok());

  REQUIRE(inbox.wait_for(sent.size()));
  const auto received = inbox.messages();
  REQUIRE(received.size() == sent.size());
  for (std::size_t i = 0; i < sent.size(); ++i) {
    INFO("message " << i);
    CHECK(received[i].payload == sent[i]);
    CHECK(received[i].subject == "room.hall.events");
    CHECK(received[i].reply.empty());
  }
}

TEST_CASE("nats bus: wildcards, and subjects nobody subscribes to are not delivered", "[nats]") {
  test::NatsServer server;
  auto bus = connect_to(server);
  Inbox inbox;
  auto subscription = subscribed(bus->subscribe("room.*.events", inbox.handler()));
  REQUIRE(bus->publish("room.other.cmd", "not for us").is_ok());
  REQUIRE(bus->publish("room.a.events", "a").is_ok());
  REQUIRE(bus->publish("room.b.events", "b").is_ok());
  REQUIRE(inbox.wait_for(2));
  // Same connection, so in order: had the first been delivered, it would have come first.
  const auto received = inbox.messages();
  REQUIRE(received.size() == 2);
  CHECK(received[0].subject == "room.a.events");
  CHECK(received[1].subject == "room.b.events");
}

TEST_CASE("nats bus: request and reply through a responder", "[nats]") {
  test::NatsServer server;
  auto client = connect_to(server);
  auto holder = connect_to(server);
  // Catch's assertions are for the test's own thread: a handler counts what went wrong.
  std::atomic<int> handler_failures{0};
  auto responder = subscribed(holder->subscribe("room.hall.cmd", [&](const Message& request) {
    if (request.reply.empty()) ++handler_failures;
    if (!holder->respond(request, "done: " + request.payload).is_ok()) ++handler_failures;
  }));
  REQUIRE(holder->flush(5s).is_ok());

  auto answer = client->request("room.hall.cmd", "vote yes", 5s);
  INFO(answer.status().to_string());
  REQUIRE(answer.ok());
  CHECK(answer.value() == "done: vote yes");

  std::string binary("\0\xff\x01", 3);
  answer = client->request("room.hall.cmd", binary, 5s);
  REQUIRE(answer.ok());
  CHECK(answer.value() == "done: " + binary);

  answer = client->request("room.hall.cmd", "", 5s);
  REQUIRE(answer.ok());
  CHECK(answer.value() == "done: ");
  CHECK(handler_failures == 0);

  SECTION("a published message cannot be answered") {
    const Status status = client->respond(Message{"room.hall.cmd", "x", ""}, "answer");
    CHECK(status.code() == "bus_no_reply");
  }
}

TEST_CASE("nats bus: in a queue group, one member answers each request", "[nats]") {
  test::NatsServer server;
  auto client = connect_to(server);
  auto node_a = connect_to(server);
  auto node_b = connect_to(server);
  std::atomic<int> handled_a{0};
  std::atomic<int> handled_b{0};
  std::atomic<int> handler_failures{0};  // Catch's assertions are for the test's own thread
  auto member_a =
      subscribed(node_a->subscribe_queue("room.hall.cmd", "holders", [&](const Message& m) {
        ++handled_a;
        if (!node_a->respond(m, "a").is_ok()) ++handler_failures;
      }));
  auto member_b =
      subscribed(node_b->subscribe_queue("room.hall.cmd", "holders", [&](const Message& m) {
        ++handled_b;
        if (!node_b->respond(m, "b").is_ok()) ++handler_failures;
      }));
  REQUIRE(node_a->flush(5s).is_ok());
  REQUIRE(node_b->flush(5s).is_ok());

  // The server picks a member at random: ask until both have answered (each of n requests has
  // a 1/2^n chance of going to the same one).
  int sent = 0;
  int answered_a = 0;
  int answered_b = 0;
  while ((answered_a == 0 || answered_b == 0) && sent < 500) {
    auto answer = client->request("room.hall.cmd", std::to_string(sent), 5s);
    ++sent;
    INFO(answer.status().to_string());
    REQUIRE(answer.ok());
    REQUIRE((answer.value() == "a" || answer.value() == "b"));
    (answer.value() == "a" ? answered_a : answered_b)++;
  }
  CHECK(answered_a > 0);
  CHECK(answered_b > 0);
  // Each member counts a request before it answers, so every request answered was counted
  // once; had the group been ignored, both members would have had every request, and all but
  // the last copies would have long been counted too.
  CHECK(handled_a + handled_b == sent);
  CHECK(answered_a + answered_b == sent);
  CHECK(handler_failures == 0);
}

TEST_CASE("nats bus: a request nobody subscribes to fails at once; an unanswered one times out",
          "[nats]") {
  test::NatsServer server;
  auto client = connect_to(server);

  // nats-server 2.2 and later tell a client that asked for it (libnats does, through headers)
  // that a request has no responders, so the caller need not wait for its deadline.
  auto start = Clock::now();
  auto answer = client->request("room.nobody.cmd", "hello?", 10s);
  INFO(answer.status().to_string());
  CHECK(!answer.ok());
  CHECK(answer.status().code() == "bus_no_responders");
  CHECK(since(start) < 5s);

  // A subscriber that does not answer: the request waits for its deadline.
  auto holder = connect_to(server);
  Inbox inbox;
  auto silent = subscribed(holder->subscribe("room.silent.cmd", inbox.handler()));
  REQUIRE(holder->flush(5s).is_ok());
  start = Clock::now();
  answer = client->request("room.silent.cmd", "hello?", 300ms);
  CHECK(answer.status().code() == "bus_timeout");
  CHECK(since(start) >= 250ms);
  CHECK(since(start) < 10s);
  CHECK(inbox.wait_for(1));  // it did arrive
}

TEST_CASE("nats bus: connecting where no server listens fails at once with bus_unavailable",
          "[nats]") {
  DeadPort nowhere;
  Status status;
  const auto start = Clock::now();
  auto bus = NatsBus::connect("nats://127.0.0.1:" + std::to_string(nowhere.port()), status);
  CHECK(!bus);
  CHECK(status.code() == "bus_unavailable");
  CHECK(status.message().find(std::to_string(nowhere.port())) != std::string::npos);
  CHECK(since(start) < 5s);

  // A password in the URL stays out of the message (which may be logged).
  bus = NatsBus::connect("nats://user:secret@127.0.0.1:" + std::to_string(nowhere.port()), status);
  CHECK(!bus);
  CHECK(status.code() == "bus_unavailable");
  CHECK(status.message().find("secret") == std::string::npos);
}

TEST_CASE("nats bus: a payload over the server's max_payload is refused as bus_too_large",
          "[nats]") {
  test::NatsServer server;  // max_payload: 1 MiB by default
  auto bus = connect_to(server);
  const std::string big(2 * 1024 * 1024, 'x');
  CHECK(bus->publish("room.hall.events", big).code() == "bus_too_large");
  CHECK(bus->request("room.hall.cmd", big, 1s).status().code() == "bus_too_large");
  CHECK(bus->connected());  // refused by the client, the connection is not harmed
}

TEST_CASE("nats bus: once a subscription's destructor returns, its handler is never called",
          "[nats]") {
  test::NatsServer server;
  auto bus = connect_to(server);
  Inbox sentinel;
  auto sentinel_subscription = subscribed(bus->subscribe("test.sentinel", sentinel.handler()));

  SECTION("the destructor waits for the handler that is running") {
    std::mutex mutex;
    std::condition_variable changed;
    bool entered = false;
    std::atomic<bool> finished{false};
    auto subscription = subscribed(bus->subscribe("room.hall.events", [&](const Message&) {
      {
        std::lock_guard lock(mutex);
        entered = true;
        changed.notify_all();
      }
      // Work that takes a while (not synchronization): the destructor, called meanwhile, must
      // not return before it ends.
      std::this_thread::sleep_for(200ms);
      finished = true;
    }));
    REQUIRE(bus->publish("room.hall.events", "slow").is_ok());
    {
      std::unique_lock lock(mutex);
      REQUIRE(changed.wait_for(lock, kDeadline, [&] { return entered; }));
    }
    subscription.reset();
    CHECK(finished);
  }

  SECTION("messages still queued for it, or published after, are never handled") {
    constexpr int kQueued = 2000;
    std::mutex mutex;
    std::condition_variable changed;
    bool first_in = false;
    bool go_on = false;
    std::atomic<bool> destroyed{false};
    std::atomic<int> handled{0};
    std::atomic<int> handled_after{0};
    auto subscription = subscribed(bus->subscribe("room.hall.events", [&](const Message&) {
      if (destroyed) ++handled_after;
      if (++handled == 1) {  // holds the rest in the subscription's queue until told
        std::unique_lock lock(mutex);
        first_in = true;
        changed.notify_all();
        changed.wait_for(lock, kDeadline, [&] { return go_on; });
      }
      std::this_thread::sleep_for(1ms);  // a slow handler: messages stay queued behind it
    }));
    for (int i = 0; i < kQueued; ++i) REQUIRE(bus->publish("room.hall.events", "queued").is_ok());
    REQUIRE(bus->flush(5s).is_ok());  // all of them have reached this client, and wait in line
    {
      std::unique_lock lock(mutex);
      REQUIRE(changed.wait_for(lock, kDeadline, [&] { return first_in; }));
      go_on = true;
      changed.notify_all();
    }
    subscription.reset();
    destroyed = true;
    const int handled_at_destruction = handled;
    CHECK(handled_at_destruction < kQueued);  // some were still queued: the case this checks

    for (int i = 0; i < 100; ++i) REQUIRE(bus->publish("room.hall.events", "after").is_ok());
    round_trip(*bus, "test.sentinel", sentinel);
    CHECK(handled_after == 0);
    CHECK(handled == handled_at_destruction);
  }

  SECTION("a handler may destroy its own subscription: that call is the last") {
    std::mutex mutex;
    std::condition_variable changed;
    std::unique_ptr<Subscription> subscription;
    bool gone = false;
    std::atomic<int> handled{0};
    {
      std::lock_guard lock(mutex);  // the handler cannot take it before it is stored
      subscription = subscribed(bus->subscribe("room.hall.events", [&](const Message&) {
        ++handled;
        std::lock_guard lock(mutex);
        subscription.reset();  // returns at once: it cannot wait for itself
        gone = true;
        changed.notify_all();
      }));
    }
    for (int i = 0; i < 20; ++i) REQUIRE(bus->publish("room.hall.events", "x").is_ok());
    {
      std::unique_lock lock(mutex);
      REQUIRE(changed.wait_for(lock, kDeadline, [&] { return gone; }));
    }
    round_trip(*bus, "test.sentinel", sentinel);
    CHECK(handled == 1);
  }
}

TEST_CASE("nats bus: a subscription may outlive its bus", "[nats]") {
  test::NatsServer server;
  auto bus = connect_to(server);
  Inbox inbox;
  auto subscription = subscribed(bus->subscribe("room.hall.events", inbox.handler()));
  bus.reset();           // closes the connection, and with it the subscription
  subscription.reset();  // returns: the handler is done
  CHECK(inbox.messages().empty());
}

TEST_CASE("nats bus: an exception from a handler drops that message only", "[nats]") {
  test::NatsServer server;
  auto bus = connect_to(server);
  Inbox inbox;
  auto subscription = subscribed(bus->subscribe("room.hall.events", [&](const Message& m) {
    if (m.payload == "bad") throw std::runtime_error("a handler's bug");
    inbox.add(m);
  }));
  REQUIRE(bus->publish("room.hall.events", "bad").is_ok());
  REQUIRE(bus->publish("room.hall.events", "good").is_ok());
  REQUIRE(inbox.wait_for(1));
  CHECK(inbox.messages()[0].payload == "good");
}

TEST_CASE("nats bus: after the server restarts, clients reconnect and their subscriptions work",
          "[nats]") {
  test::NatsServer server;
  auto publisher = connect_to(server);
  auto subscriber = connect_to(server);
  Inbox inbox;
  auto events = subscribed(subscriber->subscribe("room.hall.events", inbox.handler()));
  std::atomic<int> handler_failures{0};  // Catch's assertions are for the test's own thread
  auto responder = subscribed(subscriber->subscribe("room.hall.cmd", [&](const Message& m) {
    if (!subscriber->respond(m, "ok " + m.payload).is_ok()) ++handler_failures;
  }));
  REQUIRE(subscriber->flush(5s).is_ok());
  REQUIRE(publisher->publish("room.hall.events", "before").is_ok());
  REQUIRE(inbox.wait_for(1));

  server.stop();
  REQUIRE(eventually([&] { return !publisher->connected() && !subscriber->connected(); }));

  // While the server is away: a publish is buffered for the reconnection, and a flush or a
  // request fails at its deadline.
  CHECK(publisher->publish("room.hall.events", "while away").is_ok());
  auto start = Clock::now();
  CHECK(publisher->flush(200ms).code() == "bus_timeout");
  auto answer = publisher->request("room.hall.cmd", "while away", 300ms);
  CHECK(answer.status().code() == "bus_timeout");
  CHECK(since(start) < 10s);

  server.start();  // same port: the clients' URL still holds
  REQUIRE(eventually([&] { return publisher->connected() && subscriber->connected(); }));

  // The subscriptions were renewed on the new connection before connected() turned true, but
  // the server may not have read them yet: as after subscribe(), the subscriber's flush() makes
  // sure it has. From then on a message published is delivered. (The one buffered while away may
  // or may not be: the publisher may have sent it before the subscriber was back. At most once.)
  REQUIRE(subscriber->flush(5s).is_ok());
  REQUIRE(publisher->publish("room.hall.events", "after").is_ok());
  REQUIRE(publisher->flush(5s).is_ok());
  CHECK(eventually([&] {
    const auto received = inbox.messages();
    return !received.empty() && received.back().payload == "after";
  }));

  // Request/reply too.
  answer = publisher->request("room.hall.cmd", "again", 5s);
  INFO(answer.status().to_string());
  REQUIRE(answer.ok());
  CHECK(answer.value() == "ok again");
  CHECK(handler_failures == 0);
}
