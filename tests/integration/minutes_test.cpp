// R1: the draft minutes of a scripted meeting, drawn from the log, through a real server.
#include "integration/oma_council.hpp"

using namespace collegial::test;

namespace {

json drafts(Council& c) {
  const auto v = c.clerk->request({{"type", "view"}, {"room", "rec6-council"}});
  REQUIRE(v["type"] == "ack");
  return v["views"]["minutes"]["drafts"];
}

}  // namespace

TEST_CASE("R1: the draft of a meeting holds every element the log knows", "[minutes][R1][C4]") {
  Council c("2026-12-01T09:00");
  const auto n = c.schedule({{"kind", "special"}, {"starts", "2026-12-05T10:00"}, {"place", "REC 6 office, Portales"}});
  c.must("notice.set_agenda", {{"meeting", n}, {"items", kAgenda}});
  c.must("notice.post", {{"meeting", n}});
  c.clock.set(local("2026-12-05T09:55"));
  auto m = c.arrive(6);  // six arrive before the call to order
  c.clock.set(local("2026-12-05T10:00"));
  REQUIRE(act(*m[0], "meeting.call_to_order")["type"] == "ack");
  REQUIRE(act(*m[0], "notice.take_up", {{"item", 2}})["type"] == "ack");
  REQUIRE(act(*m[1], "motions.move", {{"text", "Approve the FY27 budget"}})["type"] == "ack");
  REQUIRE(act(*m[2], "motions.second")["type"] == "ack");
  REQUIRE(act(*m[3], "motions.move", {{"kind", "amend"}, {"text", "Approve the FY27 budget with 2% for literacy"}})["type"] == "ack");
  REQUIRE(act(*m[0], "motions.state")["type"] == "ack");
  REQUIRE(act(*m[0], "motions.call_vote")["type"] == "ack");
  for (std::size_t i = 1; i < 6; ++i) REQUIRE(act(*m[i], "motions.vote", {{"choice", i == 5 ? "nay" : "aye"}})["type"] == "ack");
  REQUIRE(act(*m[0], "motions.close_vote")["type"] == "ack");
  const auto amendment = next_of(*m[1], "motions.decided");
  REQUIRE(act(*m[0], "motions.state")["type"] == "ack");  // the main motion, as amended
  REQUIRE(act(*m[0], "motions.call_vote")["type"] == "ack");
  for (std::size_t i = 1; i < 6; ++i) REQUIRE(act(*m[i], "motions.vote", {{"choice", i == 4 ? "abstain" : "aye"}})["type"] == "ack");
  REQUIRE(act(*m[0], "motions.close_vote")["type"] == "ack");
  const auto main = next_of(*m[1], "motions.decided");
  // Closed session and return, with the C4 statement.
  REQUIRE(act(*m[0], "notice.take_up", {{"item", 3}})["type"] == "ack");
  REQUIRE(act(*m[1], "motions.move", {{"kind", "close_session"}})["type"] == "ack");
  REQUIRE(act(*m[0], "motions.state")["type"] == "ack");
  REQUIRE(act(*m[0], "motions.call_vote")["type"] == "ack");
  for (std::size_t i = 1; i < 5; ++i) REQUIRE(act(*m[i], "motions.vote", {{"choice", "aye"}})["type"] == "ack");
  REQUIRE(act(*m[0], "motions.close_vote")["type"] == "ack");
  c.clock.set(local("2026-12-05T10:40"));
  REQUIRE(act(*m[0], "meeting.open_session")["type"] == "ack");
  REQUIRE(act(*m[0], "motions.move", {{"kind", "closed_session_statement"}})["type"] == "ack");
  REQUIRE(act(*m[0], "motions.state")["type"] == "ack");
  REQUIRE(act(*m[0], "motions.call_vote")["type"] == "ack");
  for (std::size_t i = 1; i < 6; ++i) REQUIRE(act(*m[i], "motions.vote", {{"choice", "aye"}})["type"] == "ack");
  REQUIRE(act(*m[0], "motions.close_vote")["type"] == "ack");
  // A member leaves; then a recess and the adjournment.
  c.clock.set(local("2026-12-05T10:50"));
  REQUIRE(act(*m[5], "quorum.absent")["type"] == "ack");
  REQUIRE(act(*m[4], "quorum.absent")["type"] == "ack");  // four of nine: quorum lost
  REQUIRE(act(*m[0], "meeting.recess", {{"note", "ten minutes"}})["type"] == "ack");
  REQUIRE(act(*m[0], "meeting.resume")["type"] == "ack");
  c.clock.set(local("2026-12-05T11:05"));
  CHECK(drafts(c).empty());  // not before the adjournment
  REQUIRE(act(*m[0], "meeting.adjourn")["type"] == "ack");

  const json all = drafts(c);
  REQUIRE(all.size() == 1);
  const json& d = all[0];
  CHECK(d["status"] == "draft");
  CHECK(d["body_name"] == "REC 6 Council");
  CHECK(d["place"] == "REC 6 office, Portales");
  CHECK(d["starts_text"] == "Saturday, December 5, 2026, 10:00 AM MST");
  CHECK(d["called_to_order_ms"] == local("2026-12-05T10:00"));
  CHECK(d["adjourned_ms"] == local("2026-12-05T11:05"));
  CHECK(d["presiding"] == "Dana Ortiz");
  // Present with arrival and departure times; absent by name.
  REQUIRE(d["attendance"].size() == 6);
  CHECK(d["attendance"][0]["arrived_ms"] == local("2026-12-05T09:55"));
  bool departed = false;
  for (const auto& a : d["attendance"]) {
    if (a["person"] == 6) departed = a["departed_ms"] == local("2026-12-05T10:50");
  }
  CHECK(departed);
  REQUIRE(d["absent"].size() == 3);
  CHECK(d["absent"][0]["person"] == 7);
  CHECK(d["quorum_at_call"] == true);
  REQUIRE(d["quorum"].size() == 1);
  CHECK(d["quorum"][0]["established"] == false);
  CHECK(d["quorum"][0]["at_ms"] == local("2026-12-05T10:50"));
  // Items, motions with mover and seconder, amendments, and each member's vote as in the log.
  CHECK(d["items"][0]["title"] == "Approve the FY27 budget");
  const auto& motions = d["motions"];
  REQUIRE(motions.size() == 4);
  CHECK(motions[0]["mover"] == "Luis Baca");
  CHECK(motions[0]["seconder"] == "Maria Chavez");
  CHECK(motions[0]["text"] == "Approve the FY27 budget with 2% for literacy");
  CHECK(motions[1]["amends"] == 1);
  CHECK(motions[1]["votes"] == amendment["body"]["votes"]);
  CHECK(motions[0]["votes"] == main["body"]["votes"]);
  CHECK(motions[0]["result"] == "adopted");
  CHECK(motions[0]["notice"]["valid"] == true);
  // The closed session with its authority and subject, and the C4 statement voted per member.
  REQUIRE(d["closed_sessions"].size() == 1);
  const auto& closed = d["closed_sessions"][0];
  CHECK(closed["grounds"]["citation"] == "NMSA 1978, Section 10-15-1(H)(2)");
  CHECK(closed["opened_ms"] == local("2026-12-05T10:40"));
  CHECK(closed["statement"]["result"] == "adopted");
  CHECK(closed["statement"]["votes"].size() == 9);
  CHECK(d["recesses"][0]["note"] == "ten minutes");
  // The same draft after a crash and restart: it is a fold of the log.
  c.server.kill9();
  ServerProcess again(c.dir / "collegial.db", c.with_clock(Council::with({})));
  WsClient clerk(again.port());
  REQUIRE(clerk.hello(login(again.port(), "clerk@rec6.example", "demo-clerk-2026"))["type"] == "ack");
  REQUIRE(clerk.join("rec6-council")["type"] == "ack");
  const auto v = clerk.request({{"type", "view"}, {"room", "rec6-council"}});
  CHECK(v["views"]["minutes"]["drafts"] == all);
}
