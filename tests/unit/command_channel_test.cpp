// A room's commands carried to the node that decides the room (cluster/command_channel.hpp),
// through a real nats-server: who sent a command arrives with it, the holder's answer comes back
// whenever it is ready, and a follower always gets an answer that says whether anything may have
// been recorded, even when no holder listens or one stops answering.
#include <catch2/catch.hpp>

#include <chrono>
#include <condition_variable>
#include <future>
#include <mutex>
#include <vector>
#include <thread>

#include "cluster/command_channel.hpp"
#include "cluster/signed_message.hpp"
#include "support/nats_server.hpp"

using namespace collegial;
using namespace std::chrono_literals;
using cluster::CommandChannel;
using cluster::NatsBus;
using cluster::RemoteCommand;
using nlohmann::json;

namespace {

const std::string kKey = "the deployment's secret";
constexpr auto kPatience = 15s;  // a holder that answers always answers well before this

std::unique_ptr<NatsBus> connect_to(const test::NatsServer& server) {
  Status status;
  auto bus = NatsBus::connect(server.url(), status);
  INFO(status.message());
  REQUIRE(bus);
  return bus;
}

auth::Principal a_member() {
  auth::Principal who;
  who.kind = auth::Principal::Kind::person;
  who.id = 42;
  who.name = "Dolores Archuleta";
  who.body_roles[3] = {auth::Role::chair, auth::Role::voting_member};
  who.body_roles[9] = {auth::Role::facilitator};
  return who;
}

RemoteCommand a_vote(std::int64_t room) {
  RemoteCommand c;
  c.room_id = room;
  c.kind = "act";
  c.id_json = "17";
  c.request = {{"op", "motions.vote"}, {"args", {{"vote", "yes"}}}};
  c.who = a_member();
  c.lang = "es";
  return c;
}

Result<std::string> forwarded(CommandChannel& channel, RemoteCommand command, std::chrono::milliseconds timeout) {
  std::promise<Result<std::string>> answer;
  channel.forward(std::move(command), timeout, [&](Result<std::string> a) { answer.set_value(std::move(a)); });
  auto future = answer.get_future();
  REQUIRE(future.wait_for(kPatience + timeout) == std::future_status::ready);
  return future.get();
}

// A holder and a follower on one bus.
struct TwoNodes {
  TwoNodes() : holder_bus(connect_to(nats)), follower_bus(connect_to(nats)) { REQUIRE(follower.start()); }
  test::NatsServer nats;
  std::unique_ptr<NatsBus> holder_bus, follower_bus;
  CommandChannel holder{*holder_bus, kKey, "node-a"};
  CommandChannel follower{*follower_bus, kKey, "node-b"};
};

}  // namespace

TEST_CASE("command channel: a follower's command reaches the holder with who sent it, and the answer comes back "
          "when the holder gives it",
          "[nats][cluster]") {
  TwoNodes n;
  auto& [nats, holder_bus, follower_bus, holder, follower] = n;

  std::promise<RemoteCommand> received;
  std::thread later;
  auto served = holder.serve(7, [&](RemoteCommand c, std::function<void(std::string)> answer) {
    received.set_value(c);
    // The holder answers after its commit, on another thread.
    later = std::thread([answer, id = c.id_json] { answer(json{{"type", "ack"}, {"id", 17}, {"seq", 12}}.dump()); });
  });
  REQUIRE(served);
  REQUIRE(holder_bus->flush(5s));

  const auto answer = forwarded(follower, a_vote(7), kPatience);
  REQUIRE(answer);
  CHECK(json::parse(answer.value()) == json{{"type", "ack"}, {"id", 17}, {"seq", 12}});
  const RemoteCommand got = received.get_future().get();
  CHECK(got.who == a_member());
  CHECK(got.kind == "act");
  CHECK(got.id_json == "17");
  CHECK(got.request == a_vote(7).request);
  CHECK(got.lang == "es");
  CHECK(got.node == "node-b");
  later.join();
}

TEST_CASE("command channel: with no holder listening the answer is unavailable at once; a holder that does not "
          "answer gives in_doubt",
          "[nats][cluster]") {
  TwoNodes n;
  auto& [nats, holder_bus, follower_bus, holder, follower] = n;

  // Nobody serves room 8: the bus says so, and nothing can have been recorded. (The patience is
  // long: the answer does not wait for it.)
  const auto nobody = forwarded(follower, a_vote(8), kPatience);
  REQUIRE_FALSE(nobody);
  CHECK(nobody.status().code() == "unavailable");

  // A holder that took the command and never answered: it may have recorded it.
  std::promise<void> taken;
  auto served = holder.serve(8, [&](RemoteCommand, std::function<void(std::string)>) { taken.set_value(); });
  REQUIRE(served);
  REQUIRE(holder_bus->flush(5s));
  const auto silent = forwarded(follower, a_vote(8), 300ms);
  REQUIRE_FALSE(silent);
  CHECK(silent.status().code() == "in_doubt");
  CHECK(std::string(silent.status().text().es).find("since") != std::string::npos);
  taken.get_future().get();
}

TEST_CASE("command channel: a command not signed with the deployment's key never reaches the holder",
          "[nats][cluster]") {
  test::NatsServer nats;
  auto holder_bus = connect_to(nats);
  auto intruder_bus = connect_to(nats);
  CommandChannel holder(*holder_bus, kKey, "node-a");
  std::atomic<int> served_count{0};
  auto served = holder.serve(9, [&](RemoteCommand, std::function<void(std::string answer)> answer) {
    ++served_count;
    answer("{}");
  });
  REQUIRE(served);
  REQUIRE(holder_bus->flush(5s));

  // Made up as an administrator, signed with a guess: dropped, so the request goes unanswered.
  RemoteCommand forged = a_vote(9);
  forged.who.is_admin = true;
  CHECK(intruder_bus->request(cluster::commands_subject(9), cluster::encode_command(forged, "a guess"), 300ms)
            .status()
            .code() == "bus_timeout");
  // A signed command for another room on this room's subject is not this room's either.
  CHECK(intruder_bus->request(cluster::commands_subject(9), cluster::encode_command(a_vote(10), kKey), 300ms)
            .status()
            .code() == "bus_timeout");
  // The same command from a node is served.
  CommandChannel follower(*intruder_bus, kKey, "node-b");
  REQUIRE(follower.start());
  CHECK(forwarded(follower, a_vote(9), kPatience).value() == "{}");
  CHECK(served_count == 1);

  // The codec gives back what it was given, and refuses what is not a command.
  const auto round = cluster::decode_command(cluster::encode_command(forged, kKey), kKey);
  REQUIRE(round);
  CHECK(round->who == forged.who);
  CHECK(cluster::decode_command(cluster::encode_command(forged, kKey), "other").status().code() == "bad_message");
  CHECK(cluster::decode_command(std::string(64, '0') + "[]", kKey).status().code() == "bad_message");
}

TEST_CASE("command channel: commands forwarded one after another reach the holder in that order", "[nats][cluster]") {
  TwoNodes n;
  auto& [nats, holder_bus, follower_bus, holder, follower] = n;
  std::mutex mutex;
  std::vector<std::string> order;
  auto served = holder.serve(7, [&](RemoteCommand c, std::function<void(std::string)> answer) {
    {
      std::lock_guard lock(mutex);
      order.push_back(c.id_json);
    }
    answer(json{{"type", "ack"}, {"id", c.id_json}}.dump());
  });
  REQUIRE(served);
  REQUIRE(holder_bus->flush(5s));
  constexpr int kCommands = 300;
  std::vector<std::promise<Result<std::string>>> answers(kCommands);
  for (int i = 0; i < kCommands; ++i) {
    RemoteCommand c = a_vote(7);
    c.id_json = std::to_string(i);
    follower.forward(c, kPatience, [&answers, i](Result<std::string> a) { answers[i].set_value(std::move(a)); });
  }
  for (int i = 0; i < kCommands; ++i) {
    auto future = answers[i].get_future();
    REQUIRE(future.wait_for(kPatience) == std::future_status::ready);
    const auto answer = future.get();
    REQUIRE(answer);
    CHECK(json::parse(answer.value())["id"] == std::to_string(i));  // each its own answer
  }
  std::lock_guard lock(mutex);
  REQUIRE(order.size() == kCommands);
  for (int i = 0; i < kCommands; ++i) CHECK(order[i] == std::to_string(i));
}

namespace {

// Someone who can read and write the bus but holds no key: records what nodes send.
struct Eavesdropper {
  explicit Eavesdropper(const test::NatsServer& nats, std::int64_t room) : bus(connect_to(nats)) {
    auto sub = bus->subscribe(cluster::commands_subject(room), [this](const cluster::Message& m) {
      std::lock_guard lock(mutex);
      heard.push_back(m);
    });
    REQUIRE(sub);
    subscription = std::move(sub.value());
    REQUIRE(bus->flush(5s));
  }
  cluster::Message first() {
    std::lock_guard lock(mutex);
    REQUIRE(!heard.empty());
    return heard.front();
  }
  std::unique_ptr<NatsBus> bus;
  std::unique_ptr<cluster::Subscription> subscription;
  std::mutex mutex;
  std::vector<cluster::Message> heard;
};

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

TEST_CASE("command channel: a command recorded off the bus and sent again is not run again, nor one whose answer "
          "goes elsewhere or that was sent before the holder served the room; an answer not signed for its "
          "command is never taken",
          "[nats][cluster]") {
  TwoNodes n;
  auto& [nats, holder_bus, follower_bus, holder, follower] = n;
  std::mutex mutex;
  std::vector<std::string> served;  // the ids of the commands the holder ran
  std::condition_variable more;
  bool answer_votes = true;
  auto subscription = holder.serve(11, [&](RemoteCommand c, std::function<void(std::string)> answer) {
    std::lock_guard lock(mutex);
    served.push_back(c.id_json);
    more.notify_all();
    if (answer_votes || c.id_json != "17") answer(json{{"type", "ack"}, {"id", c.id_json}, {"seq", 5}}.dump());
  });
  REQUIRE(subscription);
  REQUIRE(holder_bus->flush(5s));
  Eavesdropper eve(nats, 11);

  REQUIRE(forwarded(follower, a_vote(11), kPatience));
  const cluster::Message recorded = eve.first();
  // A signed command of eve's making stands for "everything eve sent before it was judged":
  // her messages on one subject reach the holder in the order she sent them.
  auto marker = [&, k = std::uint64_t{0}](const std::string& id) mutable {
    RemoteCommand c = a_vote(11);
    c.id_json = id;
    c.from = "marker";
    c.n = ++k;
    c.sent_ms = now_ms();
    REQUIRE(eve.bus->publish(cluster::commands_subject(11), cluster::encode_command(c, kKey)));
    std::unique_lock lock(mutex);
    REQUIRE(more.wait_for(lock, kPatience, [&] { return served.back() == id; }));
  };

  // Sent again as it was, to its own answer subject or to another.
  REQUIRE(eve.bus->publish_request(cluster::commands_subject(11), recorded.reply, recorded.payload));
  REQUIRE(eve.bus->publish_request(cluster::commands_subject(11), "_INBOX.eve.1", recorded.payload));
  REQUIRE(eve.bus->publish(cluster::commands_subject(11), recorded.payload));
  marker("m1");
  // Signed by a node once, but sent before this holder served the room (another holder's).
  RemoteCommand old = a_vote(11);
  old.id_json = "old";
  old.from = "an earlier channel";
  old.n = 1;
  old.sent_ms = now_ms() - 60'000;
  REQUIRE(eve.bus->publish(cluster::commands_subject(11), cluster::encode_command(old, kKey)));
  marker("m2");
  {
    std::lock_guard lock(mutex);
    CHECK(served == std::vector<std::string>{"17", "m1", "m2"});
  }

  // Eve answers a command before the holder does, with a made-up ack and with the holder's
  // signed answer to another command: the follower takes neither.
  answer_votes = false;  // the holder takes the vote and stays silent
  std::promise<Result<std::string>> answer;
  follower.forward(a_vote(11), 2s, [&](Result<std::string> a) { answer.set_value(std::move(a)); });
  std::unique_lock lock(mutex);
  REQUIRE(more.wait_for(lock, kPatience, [&] { return served.size() == 4; }));
  lock.unlock();
  cluster::Message asked;
  {
    std::lock_guard eve_lock(eve.mutex);
    REQUIRE(eve.heard.size() >= 2);
    asked = eve.heard.back();
  }
  REQUIRE(eve.bus->publish(asked.reply, json{{"type", "ack"}, {"id", 17}, {"seq", 99}}.dump()));
  // What the holder answered the first vote, as eve could have recorded it on its way back.
  const std::string earlier = cluster::sign(kKey, recorded.reply + "\n" + json{{"type", "ack"}, {"id", "17"}, {"seq", 5}}.dump());
  REQUIRE(eve.bus->publish(asked.reply, earlier));
  const auto got = answer.get_future().get();
  REQUIRE_FALSE(got);
  CHECK(got.status().code() == "in_doubt");
}
