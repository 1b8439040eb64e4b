// The speaker queue (P1-P3) through the real server: members ask for the floor, the chair
// recognizes them in order for the time given, the room shows who speaks until when, and a
// point of order goes ahead of the queue.
#include "oma_council.hpp"

using namespace collegial::test;

namespace {

constexpr std::int64_t kStart = 1'800'000'000'000;  // 2027-01-15, a Friday

// The demo council on a server whose clock the test moves, asked every 50 ms to do what is due
// (a turn whose time is up ends then).
struct Meeting {
  Meeting() : clock(dir / "clock", kStart), server(dir / "collegial.db", args()) {
    for (std::size_t i = 0; i < 5; ++i) {
      members.push_back(seat_at(server.port(), kVoters[i].first, kVoters[i].second));
      REQUIRE(act(*members.back(), "quorum.present")["type"] == "ack");
    }
    REQUIRE(act(chair(), "meeting.call_to_order", kUnnoticed)["type"] == "ack");
  }
  std::vector<std::string> args() {
    std::vector<std::string> a = {"--rate-limit", "0", "--schedule-interval-ms", "50"};
    for (const auto& c : clock.args()) a.push_back(c);
    return a;
  }
  WsClient& chair() { return *members[0]; }
  json speakers() {
    const auto v = chair().request({{"type", "view"}, {"room", "rec6-council"}});
    REQUIRE(v["type"] == "ack");
    return v["views"]["speakers"];
  }
  std::vector<std::int64_t> queue() {
    const json view = speakers();
    std::vector<std::int64_t> out;
    for (const auto& r : view["queue"]) out.push_back(r["person"]);
    return out;
  }

  TempDir dir;
  ClockFile clock;
  ServerProcess server;
  std::vector<std::unique_ptr<WsClient>> members;  // seats 1 to 5, present; the first is the chair
};

}  // namespace

TEST_CASE("P1 P2: the chair recognizes those who asked in order, for the minutes given; the room shows "
          "who has the floor until when; a turn ends when yielded, ended by the chair or out of time",
          "[speakers][P1][P2]") {
  Meeting m;
  WsClient observer(m.server.port());  // N1: the public sees the floor too
  observer.hello();
  REQUIRE(observer.join("rec6-council")["type"] == "ack");
  WsClient& luis = *m.members[1];
  WsClient& maria = *m.members[2];
  WsClient& tom = *m.members[3];
  REQUIRE(act(maria, "speakers.request")["type"] == "ack");
  CHECK(next_of(observer, "speakers.requested")["body"]["name"] == "Maria Chavez");
  REQUIRE(act(luis, "speakers.request")["type"] == "ack");
  REQUIRE(luis.request({{"type", "say"}, {"room", "rec6-council"}, {"text", "/speak"}})["code"] == "bad_state");
  REQUIRE(act(tom, "speakers.request")["type"] == "ack");
  CHECK(m.queue() == std::vector<std::int64_t>{3, 2, 4});
  REQUIRE(act(tom, "speakers.withdraw")["type"] == "ack");
  CHECK(act(tom, "speakers.withdraw")["code"] == "not_queued");

  // The first who asked, for two minutes: the view says until when.
  REQUIRE(act(m.chair(), "speakers.recognize", {{"minutes", 2}})["type"] == "ack");
  const auto recognized = next_of(observer, "speakers.recognized");
  CHECK(recognized["body"]["person"] == 3);
  CHECK(recognized["body"]["until_ms"] == kStart + 2 * kMinute);
  auto view = m.speakers();
  CHECK(view["floor"]["person"] == 3);
  CHECK(view["floor"]["until_ms"] == kStart + 2 * kMinute);
  CHECK(m.queue() == std::vector<std::int64_t>{2});
  // One speaker at a time; only the speaker yields; only the presiding officers recognize.
  const auto held = act(m.chair(), "speakers.recognize");
  CHECK(held["code"] == "floor_held");
  CHECK(held["message"] == "P1: Maria Chavez has the floor; end their turn first");
  CHECK(act(luis, "speakers.yield")["code"] == "no_floor");
  CHECK(act(tom, "speakers.recognize")["code"] == "forbidden");

  // Her time runs out: the server ends the turn by itself.
  m.clock.advance(2 * kMinute + 1);
  const auto out_of_time = next_of(observer, "speakers.floor_ended");
  CHECK(out_of_time["body"]["person"] == 3);
  CHECK(out_of_time["body"]["reason"] == "time");
  CHECK(out_of_time["actor"] == "plugin:speakers");
  CHECK(m.speakers()["floor"].is_null());

  // The body's limit per speaker applies when the chair gives none; Luis yields early.
  REQUIRE(act(m.chair(), "speakers.set_limit", {{"minutes", 3}})["type"] == "ack");
  REQUIRE(act(m.chair(), "speakers.recognize")["type"] == "ack");
  CHECK(next_of(observer, "speakers.recognized")["body"]["until_ms"] == m.clock.now() + 3 * kMinute);
  REQUIRE(act(luis, "speakers.yield")["type"] == "ack");
  CHECK(next_of(observer, "speakers.floor_ended")["body"]["reason"] == "yielded");
  CHECK(act(m.chair(), "speakers.recognize")["code"] == "queue_empty");

  // The chair may take another from the queue first, and end a turn.
  REQUIRE(act(tom, "speakers.request")["type"] == "ack");
  REQUIRE(act(maria, "speakers.request")["type"] == "ack");
  CHECK(act(m.chair(), "speakers.recognize", {{"person", 7}})["code"] == "not_queued");
  REQUIRE(act(m.chair(), "speakers.recognize", {{"person", 3}})["type"] == "ack");
  CHECK(m.speakers()["floor"]["person"] == 3);
  REQUIRE(act(m.chair(), "speakers.end")["type"] == "ack");
  CHECK(next_of(observer, "speakers.floor_ended")["body"]["reason"] == "ended");
  CHECK(m.queue() == std::vector<std::int64_t>{4});

  // Adjourning ends the queue with the meeting; outside a session nobody asks.
  REQUIRE(act(m.chair(), "meeting.adjourn")["type"] == "ack");
  CHECK(m.queue().empty());
  CHECK(act(maria, "speakers.request")["code"] == "bad_state");
}

TEST_CASE("P1 Q1: only those present ask for the floor, and the public never does", "[speakers][P1][Q1]") {
  Meeting m;
  auto absent = seat_at(m.server.port(), kVoters[6].first, kVoters[6].second);
  const auto refused = act(*absent, "speakers.request");
  CHECK(refused["code"] == "not_present");
  CHECK(refused["message"] == "Q1: say you are present (/present) before asking for the floor");
  WsClient observer(m.server.port());
  observer.hello();
  REQUIRE(observer.join("rec6-council")["type"] == "ack");
  CHECK(act(observer, "speakers.request")["code"] == "forbidden");
  // Asking is done from the room: the HTTP API refuses it (see op_args_test for every one).
  CHECK(m.queue().empty());
}

TEST_CASE("P3 M7: a point of order stops the speaker's clock and nobody is recognized until the chair rules",
          "[speakers][P3][M7]") {
  Meeting m;
  WsClient& luis = *m.members[1];
  WsClient& maria = *m.members[2];
  REQUIRE(act(maria, "speakers.request")["type"] == "ack");
  REQUIRE(act(luis, "speakers.request")["type"] == "ack");
  REQUIRE(act(m.chair(), "speakers.recognize", {{"minutes", 5}})["type"] == "ack");
  m.clock.advance(kMinute);  // one of her five minutes spoken
  REQUIRE(act(luis, "motions.point_of_order", {{"text", "The speaker is off the item"}})["type"] == "ack");
  auto view = m.speakers();
  CHECK(view["point_pending"] == true);
  CHECK(view["floor"]["paused_left_ms"] == 4 * kMinute);
  // The point is heard for ten minutes: her time does not run out meanwhile.
  m.clock.advance(10 * kMinute);
  REQUIRE(act(m.chair(), "speakers.end")["type"] == "ack");  // the chair may still end her turn…
  REQUIRE(act(m.chair(), "speakers.recognize")["code"] == "point_pending");  // …but recognizes nobody
  REQUIRE(act(maria, "speakers.request")["type"] == "ack");
  REQUIRE(act(m.chair(), "motions.rule", {{"ruling", "not_well_taken"}})["type"] == "ack");
  REQUIRE(act(m.chair(), "speakers.recognize", {{"minutes", 5}})["type"] == "ack");
  CHECK(m.speakers()["floor"]["person"] == 2);
  // A second point stops Luis's clock; the ruling gives back what was left.
  m.clock.advance(2 * kMinute);
  REQUIRE(act(maria, "motions.point_of_order", {{"text", "Time"}})["type"] == "ack");
  m.clock.advance(7 * kMinute);
  REQUIRE(act(m.chair(), "motions.rule", {{"ruling", "well_taken"}})["type"] == "ack");
  view = m.speakers();
  CHECK(view["floor"]["paused_left_ms"] == 0);
  CHECK(view["floor"]["until_ms"] == m.clock.now() + 3 * kMinute);
  CHECK(view["point_pending"] == false);
}

TEST_CASE("P1 C3: closing the session and returning to open session start the queue afresh, so members and "
          "the public see the same floor",
          "[speakers][P1][C3]") {
  Council c("2026-12-01T09:00");
  c.notice("2026-12-05T10:00", kAgenda);
  c.clock.set(local("2026-12-05T10:00"));
  WsClient live(c.server.port());  // the public, watching throughout
  live.hello();
  REQUIRE(live.join("rec6-council")["type"] == "ack");
  auto m = c.arrive(5);
  REQUIRE(act(*m[0], "meeting.call_to_order")["type"] == "ack");
  REQUIRE(act(*m[0], "notice.take_up", {{"item", 3}})["type"] == "ack");
  REQUIRE(act(*m[2], "speakers.request")["type"] == "ack");
  REQUIRE(act(*m[3], "speakers.request")["type"] == "ack");
  REQUIRE(act(*m[0], "speakers.recognize")["type"] == "ack");
  const auto speakers_of = [](WsClient& who) {
    const auto v = who.request({{"type", "view"}, {"room", "rec6-council"}});
    REQUIRE(v["type"] == "ack");
    return v["views"]["speakers"];
  };
  REQUIRE(speakers_of(live)["floor"]["person"] == 3);

  // C3: the body goes into closed session; the floor and the queue end with the open part.
  REQUIRE(decide(m, {{"kind", "close_session"}})["body"]["result"] == "adopted");
  auto inside = speakers_of(*c.clerk);
  CHECK(inside["floor"].is_null());
  CHECK(inside["queue"].empty());
  CHECK(speakers_of(live) == inside);

  // Inside, members ask and speak; the public learns nothing of it.
  REQUIRE(act(*m[4], "speakers.request")["type"] == "ack");
  REQUIRE(act(*m[1], "speakers.request")["type"] == "ack");
  REQUIRE(act(*m[0], "speakers.recognize")["type"] == "ack");
  inside = speakers_of(*c.clerk);
  CHECK(inside["floor"]["person"] == 5);
  CHECK(inside["queue"].size() == 1);
  CHECK(speakers_of(live)["floor"].is_null());

  // Back in open session, members and the public see the same empty floor, and the queue
  // starts afresh.
  REQUIRE(act(*m[0], "meeting.open_session")["type"] == "ack");
  const auto members = speakers_of(*c.clerk);
  CHECK(members["floor"].is_null());
  CHECK(members["queue"].empty());
  CHECK(speakers_of(live) == members);
  REQUIRE(act(*m[2], "speakers.request")["type"] == "ack");
  CHECK(next_of(live, "speakers.requested")["body"]["person"] == 3);
  CHECK(speakers_of(live) == speakers_of(*c.clerk));
}
