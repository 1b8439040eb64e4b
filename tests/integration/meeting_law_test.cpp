// Meeting law, second pass (issue #16): presence belongs to one meeting, only those present act,
// no business outside a meeting, live counts, votes suspended when the quorum goes, adopted
// motions to adjourn and recess take effect, roll calls that agree with their tallies, and the
// previous question closing amendment. Real server, real WebSocket clients, the demo council of
// nine (small-board mode: the chair, member 0, may move and vote).
#include "integration/oma_council.hpp"

using namespace collegial::test;

namespace {

json views(WsClient& c, const std::string& room = "rec6-council") {
  const auto v = c.request({{"type", "view"}, {"room", room}});
  REQUIRE(v["type"] == "ack");
  return v["views"];
}

// Members 0..n-1 seated and recorded present (not yet called to order).
std::vector<std::unique_ptr<WsClient>> present(Harness& h, std::size_t n) {
  std::vector<std::unique_ptr<WsClient>> m;
  for (std::size_t i = 0; i < n; ++i) {
    m.push_back(voter(h, i));
    REQUIRE(act(*m.back(), "quorum.present")["type"] == "ack");
  }
  return m;
}

// Member `mover` moves `args`; the chair states it and opens the vote.
void to_vote(std::vector<std::unique_ptr<WsClient>>& m, std::size_t mover, const json& args) {
  const auto moved = act(*m[mover], "motions.move", args);
  INFO(moved.dump());
  REQUIRE(moved["type"] == "ack");
  REQUIRE(act(*m[0], "motions.state")["type"] == "ack");
  REQUIRE(act(*m[0], "motions.call_vote")["type"] == "ack");
}

}  // namespace

TEST_CASE("Q1: adjournment ends everyone's presence and the next meeting starts from those present",
          "[meeting_law][Q1]") {
  Harness h;
  auto m = present(h, 6);
  // Member 6 (person 7) is in the room in person, marked by the clerk: that presence ends too.
  auto clerk = seat(h, "clerk@rec6.example", "demo-clerk-2026");
  REQUIRE(act(*clerk, "quorum.mark_present", {{"person", 7}, {"mode", "in_person"}})["type"] == "ack");
  REQUIRE(act(*m[0], "meeting.call_to_order", kUnnoticed)["type"] == "ack");
  CHECK(views(*clerk)["quorum"]["counted"] == 7);
  REQUIRE(act(*m[0], "meeting.adjourn")["type"] == "ack");
  // In the same append: each presence ends, and the quorum with them (Q2).
  json departed = json::array();
  for (int i = 0; i < 7; ++i) {
    const auto d = next_of(*clerk, "quorum.departed");
    CHECK(d["body"]["reason"] == "meeting adjourned");
    departed.push_back(d["body"]["person"]);
  }
  CHECK(next_of(*clerk, "quorum.lost")["body"]["counted"] == 0);
  const auto q = views(*clerk)["quorum"];
  CHECK(q["present"].empty());
  CHECK(q["counted"] == 0);
  CHECK(q["has_quorum"] == false);
  // Still connected, the members are recorded again for the next meeting: two who say so.
  REQUIRE(act(*m[0], "quorum.present")["type"] == "ack");
  REQUIRE(act(*m[1], "quorum.present")["type"] == "ack");
  REQUIRE(act(*m[0], "meeting.call_to_order", kUnnoticed)["type"] == "ack");
  const auto second = next_of(*clerk, "meeting.called_to_order");
  CHECK(second["body"]["number"] == 2);
  CHECK(second["body"]["quorum"] == false);  // 2 of 9, not the 7 who went home
  CHECK(views(*clerk)["quorum"]["counted"] == 2);
}

TEST_CASE("Q1 N8: a recess to a later day ends presence, a recess within the day keeps it",
          "[meeting_law][Q1][N8]") {
  Council c("2026-03-10T18:00");
  auto m = c.arrive(5);
  REQUIRE(act(*m[0], "meeting.call_to_order", kUnnoticed)["type"] == "ack");
  REQUIRE(act(*m[0], "meeting.recess", {{"until", "2026-03-10T19:00"}})["type"] == "ack");
  CHECK(views(*c.clerk)["quorum"]["counted"] == 5);
  REQUIRE(act(*m[0], "meeting.resume")["type"] == "ack");
  REQUIRE(act(*m[0], "meeting.recess", {{"until", "2026-03-12T18:00"}, {"place", "REC 6 office, Portales"}})["type"] ==
          "ack");
  for (int i = 0; i < 5; ++i) {
    CHECK(next_of(*c.clerk, "quorum.departed")["body"]["reason"] == "meeting recessed to a later day");
  }
  next_of(*c.clerk, "quorum.lost");
  CHECK(views(*c.clerk)["quorum"]["present"].empty());
  // Two days later the meeting continues with those who come, recorded again.
  c.clock.set(local("2026-03-12T18:00"));
  REQUIRE(act(*m[0], "meeting.resume")["type"] == "ack");
  REQUIRE(act(*m[1], "quorum.present")["type"] == "ack");
  const auto q = views(*c.clerk)["quorum"];
  CHECK(q["counted"] == 1);
  CHECK(q["has_quorum"] == false);
  CHECK(act(*m[1], "motions.move", {{"text", "Approve the calendar"}})["code"] == "no_quorum");
}

TEST_CASE("Q1 M2: only members recorded present move, second and vote", "[meeting_law][Q1][M2]") {
  Harness h;
  auto m = present(h, 5);
  auto absent = voter(h, 6);  // joined, never recorded present
  REQUIRE(act(*m[0], "meeting.call_to_order", kUnnoticed)["type"] == "ack");
  const auto refused = act(*absent, "motions.move", {{"text", "Buy buses"}});
  CHECK(refused["code"] == "not_present");
  CHECK(refused["message"].get<std::string>().find("/present") != std::string::npos);
  REQUIRE(act(*m[1], "motions.move", {{"text", "Buy buses"}})["type"] == "ack");
  CHECK(act(*absent, "motions.second")["code"] == "not_present");
  REQUIRE(act(*m[0], "motions.state")["type"] == "ack");
  REQUIRE(act(*m[0], "motions.call_vote")["type"] == "ack");
  CHECK(act(*absent, "motions.vote", {{"choice", "aye"}})["code"] == "not_present");
  // Recorded present, the same member votes; the minutes' roll call then agrees with attendance.
  REQUIRE(act(*absent, "quorum.present")["type"] == "ack");
  REQUIRE(act(*absent, "motions.vote", {{"choice", "aye"}})["type"] == "ack");
  for (std::size_t i = 1; i < 4; ++i) REQUIRE(act(*m[i], "motions.vote", {{"choice", "aye"}})["type"] == "ack");
  REQUIRE(act(*m[0], "motions.close_vote")["type"] == "ack");
  const auto decided = next_of(*m[0], "motions.decided");
  CHECK(decided["body"]["votes"][6]["vote"] == "aye");
  CHECK(decided["body"]["votes"][4]["vote"] == "not_voting");
  CHECK(decided["body"]["votes"][7]["vote"] == "absent");
}

TEST_CASE("Q1: where remote attendance does not count, a remote member may not move", "[meeting_law][Q1]") {
  Harness h;
  AdminClient admin(h);
  admin.must("create-body", {{"slug", "in-person-board"}, {"name", "In-Person Board"}, {"kind", "committee"},
                             {"cooperative", "rec6"}, {"remote_counts", false}});
  admin.must("add-membership", {{"body", "in-person-board"}, {"person", kVoters[0].first}, {"role", "chair"}});
  admin.must("add-membership", {{"body", "in-person-board"}, {"person", kVoters[1].first}, {"role", "voting_member"}});
  admin.must("add-membership", {{"body", "in-person-board"}, {"person", "clerk@rec6.example"}, {"role", "clerk"}});
  auto chair = seat(h, kVoters[0].first, kVoters[0].second, "in-person-board");
  auto remote = seat(h, kVoters[1].first, kVoters[1].second, "in-person-board");
  auto clerk = seat(h, "clerk@rec6.example", "demo-clerk-2026", "in-person-board");
  REQUIRE(act(*clerk, "quorum.mark_present", {{"person", 1}, {"mode", "in_person"}}, "in-person-board")["type"] == "ack");
  REQUIRE(act(*remote, "quorum.present", {}, "in-person-board")["type"] == "ack");  // remote: not counted
  REQUIRE(act(*chair, "meeting.call_to_order", kUnnoticed, "in-person-board")["type"] == "ack");
  const auto refused = act(*remote, "motions.move", {{"text", "Meet in Clovis"}}, "in-person-board");
  CHECK(refused["code"] == "not_present");
  CHECK(refused["message"].get<std::string>().find("in person") != std::string::npos);
  // Marked present in person by the clerk, the same member moves.
  REQUIRE(act(*clerk, "quorum.mark_present", {{"person", 2}, {"mode", "in_person"}}, "in-person-board")["type"] == "ack");
  CHECK(act(*remote, "motions.move", {{"text", "Meet in Clovis"}}, "in-person-board")["type"] == "ack");
}

TEST_CASE("B4: no motion outside a meeting called to order, nor during a recess", "[meeting_law][B4]") {
  Harness h;
  auto m = present(h, 6);
  const auto refused = act(*m[1], "motions.move", {{"text", "Approve the calendar"}});
  CHECK(refused["code"] == "not_in_session");
  CHECK(refused["message"].get<std::string>().rfind("B4:", 0) == 0);
  REQUIRE(act(*m[0], "meeting.call_to_order", kUnnoticed)["type"] == "ack");
  REQUIRE(act(*m[1], "motions.move", {{"text", "Approve the calendar"}})["type"] == "ack");
  REQUIRE(act(*m[0], "meeting.recess", {{"note", "ten minutes"}})["type"] == "ack");
  CHECK(act(*m[0], "motions.state")["code"] == "not_in_session");
  CHECK(act(*m[2], "motions.move", {{"kind", "adjourn"}})["code"] == "not_in_session");
  REQUIRE(act(*m[0], "meeting.resume")["type"] == "ack");
  REQUIRE(act(*m[0], "motions.state")["type"] == "ack");
  REQUIRE(act(*m[0], "meeting.adjourn")["type"] == "ack");
  CHECK(act(*m[0], "motions.call_vote")["code"] == "not_in_session");
  // Nothing was recorded by the refusals: the motion made in session is the only one.
  CHECK(views(*m[0])["motions"]["made"] == 1);
}

TEST_CASE("M3 Q2: a majority of members present counts those present when the vote closes",
          "[meeting_law][M3][Q2]") {
  Harness h;
  auto m = present(h, 9);  // quorum was announced at 5; 9 are present now
  REQUIRE(act(*m[0], "meeting.call_to_order", kUnnoticed)["type"] == "ack");
  CHECK(views(*m[0])["quorum"]["counted"] == 9);
  to_vote(m, 1, {{"text", "Amend the by-laws"}, {"threshold", "majority_of_members_present"}});
  // 4 aye, 1 nay, 4 abstain: 4 is not more than half of 9.
  for (std::size_t i = 1; i <= 4; ++i) REQUIRE(act(*m[i], "motions.vote", {{"choice", "aye"}})["type"] == "ack");
  REQUIRE(act(*m[5], "motions.vote", {{"choice", "nay"}})["type"] == "ack");
  for (std::size_t i = 6; i <= 8; ++i) REQUIRE(act(*m[i], "motions.vote", {{"choice", "abstain"}})["type"] == "ack");
  REQUIRE(act(*m[0], "motions.vote", {{"choice", "abstain"}})["type"] == "ack");
  REQUIRE(act(*m[0], "motions.close_vote")["type"] == "ack");
  const auto decided = next_of(*m[0], "motions.decided");
  CHECK(decided["body"]["present"] == 9);
  CHECK(decided["body"]["result"] == "failed");
  CHECK(decided["body"]["text"] == "Motion 1 failed: 4 aye, 1 nay, 4 abstaining");
}

TEST_CASE("M8 M3: the chair's decisive vote is judged on the live count present", "[meeting_law][M8][M3]") {
  Harness h;
  AdminClient admin(h);
  admin.must("create-body", {{"slug", "big-board"}, {"name", "Big Board"}, {"kind", "committee"},
                             {"cooperative", "rec6"}, {"small_board", "off"}});
  for (std::size_t i = 0; i < 5; ++i) {
    admin.must("add-membership", {{"body", "big-board"}, {"person", kVoters[i].first},
                                  {"role", i == 0 ? "chair" : "voting_member"}});
  }
  std::vector<std::unique_ptr<WsClient>> m;
  for (std::size_t i = 0; i < 5; ++i) {
    m.push_back(seat(h, kVoters[i].first, kVoters[i].second, "big-board"));
    REQUIRE(act(*m[i], "quorum.present", {}, "big-board")["type"] == "ack");
  }
  REQUIRE(act(*m[0], "meeting.call_to_order", kUnnoticed, "big-board")["type"] == "ack");
  REQUIRE(act(*m[1], "motions.move", {{"text", "Adopt the by-laws"}, {"threshold", "majority_of_members_present"}},
              "big-board")["type"] == "ack");
  REQUIRE(act(*m[2], "motions.second", {}, "big-board")["type"] == "ack");
  REQUIRE(act(*m[0], "motions.state", {}, "big-board")["type"] == "ack");
  REQUIRE(act(*m[0], "motions.call_vote", {}, "big-board")["type"] == "ack");
  // 5 present (the quorum was announced at 3): 2 aye is not a majority of the 5, so the chair's
  // aye, making 3 of 5, changes the result and is taken (M8).
  REQUIRE(act(*m[1], "motions.vote", {{"choice", "aye"}}, "big-board")["type"] == "ack");
  REQUIRE(act(*m[2], "motions.vote", {{"choice", "aye"}}, "big-board")["type"] == "ack");
  REQUIRE(act(*m[0], "motions.vote", {{"choice", "aye"}}, "big-board")["type"] == "ack");
  REQUIRE(act(*m[0], "motions.close_vote", {}, "big-board")["type"] == "ack");
  const auto decided = next_of(*m[0], "motions.decided");
  CHECK(decided["body"]["result"] == "adopted");
  CHECK(decided["body"]["present"] == 5);
  // The two members who did not vote are recorded not voting, and the text says so.
  CHECK(decided["body"]["not_voting"] == 2);
  CHECK(decided["body"]["text"] == "Motion 1 adopted: 3 aye, 0 nay, 0 abstaining, 2 not voting");
}

TEST_CASE("Q3: quorum lost during an open vote suspends it; seeking a quorum, recess and adjourn are in order",
          "[meeting_law][Q3]") {
  Harness h;
  auto m = present(h, 5);  // exactly a quorum of nine
  WsClient observer(h.server.port());
  observer.hello();
  observer.join("rec6-council");
  REQUIRE(act(*m[0], "meeting.call_to_order", kUnnoticed)["type"] == "ack");
  to_vote(m, 1, {{"text", "Adopt the budget"}});
  REQUIRE(act(*m[1], "motions.vote", {{"choice", "aye"}})["type"] == "ack");
  REQUIRE(act(*m[2], "motions.vote", {{"choice", "nay"}})["type"] == "ack");
  m[4].reset();  // a remote member's connection drops: they depart, and the quorum with them
  next_of(observer, "quorum.lost");
  const auto suspended = next_of(observer, "motions.vote_suspended");
  CHECK(suspended["actor"] == "plugin:motions");
  CHECK(suspended["body"]["motion"] == 1);
  CHECK(suspended["body"]["reason"] == "quorum lost");
  CHECK(suspended["body"]["votes"].size() == 2);
  const auto pending = views(*m[0])["motions"]["pending"];
  REQUIRE(pending.size() == 1);
  CHECK(pending[0]["state"] == "stated");
  CHECK(pending[0]["aye"] == 0);  // the votes cast are void
  // Seeking a quorum is in order over the pending motion, and is carried by those present.
  CHECK(act(*m[3], "motions.move", {{"kind", "amend"}, {"text", "x"}})["code"] == "no_quorum");
  to_vote(m, 3, {{"kind", "obtain_quorum"}, {"text", "That the clerk telephone the absent members"}});
  for (std::size_t i = 0; i < 4; ++i) REQUIRE(act(*m[i], "motions.vote", {{"choice", "aye"}})["type"] == "ack");
  REQUIRE(act(*m[0], "motions.close_vote")["type"] == "ack");
  CHECK(next_of(observer, "motions.decided")["body"]["result"] == "adopted");
  // A member arrives: the quorum is back, and the budget is put to a vote anew.
  auto back = voter(h, 5);
  REQUIRE(act(*back, "quorum.present")["type"] == "ack");
  next_of(observer, "quorum.established");
  REQUIRE(act(*m[0], "motions.call_vote")["type"] == "ack");
  for (std::size_t i = 0; i < 4; ++i) REQUIRE(act(*m[i], "motions.vote", {{"choice", "aye"}})["type"] == "ack");
  REQUIRE(act(*m[0], "motions.close_vote")["type"] == "ack");
  const auto decided = next_of(observer, "motions.decided");
  CHECK(decided["body"]["motion"] == 1);
  CHECK(decided["body"]["aye"] == 4);
  CHECK(decided["body"]["result"] == "adopted");
  // The minutes record the suspended vote.
  REQUIRE(act(*m[0], "meeting.adjourn")["type"] == "ack");
  const auto md = http_request(h.server.port(), "GET", "/public/rec6-council/minutes/1.md");
  REQUIRE(md.status == 200);
  CHECK(md.body.find("(quorum lost); the 2 votes cast were void.") != std::string::npos);
}

TEST_CASE("B4 M6: an adopted motion to recess recesses the meeting and one to adjourn adjourns it",
          "[meeting_law][B4][M6]") {
  Harness h;
  auto m = present(h, 6);
  REQUIRE(act(*m[0], "meeting.call_to_order", kUnnoticed)["type"] == "ack");
  to_vote(m, 2, {{"kind", "recess"}, {"text", "That we recess for ten minutes"}});
  for (std::size_t i = 0; i < 4; ++i) REQUIRE(act(*m[i], "motions.vote", {{"choice", "aye"}})["type"] == "ack");
  REQUIRE(act(*m[0], "motions.close_vote")["type"] == "ack");
  const auto recessed = next_of(*m[5], "meeting.recessed");
  CHECK(recessed["body"]["by_motion"] == 1);
  CHECK(views(*m[5])["meeting"]["state"] == "recessed");
  CHECK(views(*m[5])["quorum"]["counted"] == 6);  // a recess within the day keeps presence
  REQUIRE(act(*m[0], "meeting.resume")["type"] == "ack");
  to_vote(m, 3, {{"kind", "adjourn"}});
  for (std::size_t i = 0; i < 4; ++i) REQUIRE(act(*m[i], "motions.vote", {{"choice", "aye"}})["type"] == "ack");
  REQUIRE(act(*m[0], "motions.close_vote")["type"] == "ack");
  CHECK(next_of(*m[5], "meeting.adjourned")["body"]["by_motion"] == 2);
  const auto v = views(*m[5]);
  CHECK(v["meeting"]["state"] == "adjourned");
  CHECK(v["quorum"]["present"].empty());
  // A failed motion to adjourn changes nothing.
  REQUIRE(act(*m[0], "quorum.present")["type"] == "ack");
  for (std::size_t i = 1; i < 6; ++i) REQUIRE(act(*m[i], "quorum.present")["type"] == "ack");
  REQUIRE(act(*m[0], "meeting.call_to_order", kUnnoticed)["type"] == "ack");
  to_vote(m, 3, {{"kind", "adjourn"}});
  for (std::size_t i = 0; i < 4; ++i) REQUIRE(act(*m[i], "motions.vote", {{"choice", "nay"}})["type"] == "ack");
  REQUIRE(act(*m[0], "motions.close_vote")["type"] == "ack");
  CHECK(views(*m[5])["meeting"]["state"] == "in_session");
}

TEST_CASE("M2: roll call and tally agree, a present member who did not vote is not voting, a changed vote names the earlier choice",
          "[meeting_law][M2]") {
  Harness h;
  auto m = present(h, 6);
  REQUIRE(act(*m[0], "meeting.call_to_order", kUnnoticed)["type"] == "ack");
  to_vote(m, 1, {{"text", "Adopt the calendar"}});
  REQUIRE(act(*m[1], "motions.vote", {{"choice", "aye"}})["type"] == "ack");
  CHECK(next_of(*m[5], "motions.vote_cast")["body"].contains("previous") == false);
  REQUIRE(act(*m[1], "motions.vote", {{"choice", "nay"}})["type"] == "ack");
  const auto changed = next_of(*m[5], "motions.vote_cast");
  CHECK(changed["body"]["choice"] == "nay");
  CHECK(changed["body"]["previous"] == "aye");
  // The same vote again is acknowledged and records nothing.
  const auto again = act(*m[1], "motions.vote", {{"choice", "nay"}});
  CHECK(again["type"] == "ack");
  CHECK(again["seq"] == changed["seq"].get<std::int64_t>() + 1);  // the head: the tally after the change
  REQUIRE(act(*m[2], "motions.vote", {{"choice", "aye"}})["type"] == "ack");
  REQUIRE(act(*m[3], "motions.vote", {{"choice", "aye"}})["type"] == "ack");
  REQUIRE(act(*m[4], "motions.vote", {{"choice", "abstain"}})["type"] == "ack");
  REQUIRE(act(*m[0], "motions.close_vote")["type"] == "ack");  // the chair and member 5 did not vote
  const auto decided = next_of(*m[5], "motions.decided");
  const auto& body = decided["body"];
  std::map<std::string, int> counted;
  for (const auto& v : body["votes"]) ++counted[v["vote"].get<std::string>()];
  CHECK(counted["aye"] == body["aye"]);
  CHECK(counted["nay"] == body["nay"]);
  CHECK(counted["abstain"] == body["abstain"]);
  CHECK(counted["not_voting"] == body["not_voting"]);
  CHECK(counted["absent"] == body["absent"]);
  CHECK(body["votes"][0]["vote"] == "not_voting");
  CHECK(body["not_voting"] == 2);
  CHECK(body["absent"] == 3);
  CHECK(body["text"] == "Motion 1 adopted: 2 aye, 1 nay, 1 abstaining, 2 not voting");
  // The minutes print the same roll call.
  REQUIRE(act(*m[0], "meeting.adjourn")["type"] == "ack");
  const auto md = http_request(h.server.port(), "GET", "/public/rec6-council/minutes/1.md");
  REQUIRE(md.status == 200);
  CHECK(md.body.find("2 aye, 1 nay, 1 abstaining, 2 not voting") != std::string::npos);
  CHECK(md.body.find("| Dana Ortiz | not voting |") != std::string::npos);
}

TEST_CASE("M4: once the previous question is ordered, the motion is not amended", "[meeting_law][M4]") {
  Harness h;
  auto m = present(h, 6);
  REQUIRE(act(*m[0], "meeting.call_to_order", kUnnoticed)["type"] == "ack");
  REQUIRE(act(*m[1], "motions.move", {{"text", "Extend the literacy circle"}})["type"] == "ack");
  REQUIRE(act(*m[0], "motions.state")["type"] == "ack");
  to_vote(m, 2, {{"kind", "previous_question"}});
  for (std::size_t i = 0; i < 5; ++i) REQUIRE(act(*m[i], "motions.vote", {{"choice", "aye"}})["type"] == "ack");
  REQUIRE(act(*m[0], "motions.close_vote")["type"] == "ack");
  CHECK(next_of(*m[5], "motions.decided")["body"]["result"] == "adopted");
  CHECK(views(*m[5])["motions"]["pending"][0]["question_ordered"] == true);
  const auto refused = act(*m[3], "motions.move", {{"kind", "amend"}, {"text", "Extend it to every district"}});
  CHECK(refused["code"] == "previous_question_ordered");
  CHECK(refused["message"].get<std::string>().rfind("M4:", 0) == 0);
  CHECK(act(*m[3], "motions.move", {{"kind", "extend_debate"}})["code"] == "previous_question_ordered");
  // The chair puts the question: it is decided.
  REQUIRE(act(*m[0], "motions.call_vote")["type"] == "ack");
  for (std::size_t i = 0; i < 4; ++i) REQUIRE(act(*m[i], "motions.vote", {{"choice", "aye"}})["type"] == "ack");
  REQUIRE(act(*m[0], "motions.close_vote")["type"] == "ack");
  CHECK(next_of(*m[5], "motions.decided")["body"]["motion"] == 1);
}

TEST_CASE("M4: the previous question on a pending amendment cuts off that amendment's amendments only",
          "[meeting_law][M4]") {
  Harness h;
  auto m = present(h, 6);
  REQUIRE(act(*m[0], "meeting.call_to_order", kUnnoticed)["type"] == "ack");
  REQUIRE(act(*m[1], "motions.move", {{"text", "Meet monthly"}})["type"] == "ack");
  REQUIRE(act(*m[0], "motions.state")["type"] == "ack");
  REQUIRE(act(*m[2], "motions.move", {{"kind", "amend"}, {"text", "Meet monthly on Tuesdays"}})["type"] == "ack");
  REQUIRE(act(*m[0], "motions.state")["type"] == "ack");
  to_vote(m, 3, {{"kind", "previous_question"}});
  for (std::size_t i = 0; i < 5; ++i) REQUIRE(act(*m[i], "motions.vote", {{"choice", "aye"}})["type"] == "ack");
  REQUIRE(act(*m[0], "motions.close_vote")["type"] == "ack");
  CHECK(act(*m[4], "motions.move", {{"kind", "amend_secondary"}, {"text", "x"}})["code"] ==
        "previous_question_ordered");
  REQUIRE(act(*m[0], "motions.call_vote")["type"] == "ack");
  for (std::size_t i = 0; i < 4; ++i) REQUIRE(act(*m[i], "motions.vote", {{"choice", "nay"}})["type"] == "ack");
  REQUIRE(act(*m[0], "motions.close_vote")["type"] == "ack");
  // The amendment failed; the main motion is open to amendment again.
  REQUIRE(act(*m[4], "motions.move", {{"kind", "amend"}, {"text", "Meet monthly on Wednesdays"}})["type"] == "ack");
}

TEST_CASE("N3: a noticed meeting is not called to order before its noticed time", "[meeting_law][N3]") {
  Council c("2026-11-10T09:00");
  const auto n = c.notice("2026-11-19T10:00", kAgenda);
  c.clock.set(local("2026-11-19T09:50"));
  auto m = c.arrive(5);
  const auto early = act(*m[0], "meeting.call_to_order");
  CHECK(early["code"] == "before_noticed_time");
  CHECK(early["message"].get<std::string>().find("10:00 AM") != std::string::npos);
  // Saying to go on despite the notice does not make an early start lawful either.
  CHECK(act(*m[0], "meeting.call_to_order", kUnnoticed)["code"] == "before_noticed_time");
  c.clock.set(local("2026-11-19T10:00") - 30'000);  // within the documented minute
  REQUIRE(act(*m[0], "meeting.call_to_order")["type"] == "ack");
  const auto called = next_of(*c.clerk, "meeting.called_to_order");
  CHECK(called["body"]["meeting"] == n);
  CHECK(called["body"]["number"] == n);
  CHECK(c.meeting(n)["status"]["lawful"] == true);
}

TEST_CASE("N9: the chair is told before calling to order a meeting that is not lawfully noticed",
          "[meeting_law][N9]") {
  Council c("2026-11-18T09:00");
  // Noticed one day ahead: short of the special meeting's three days.
  const auto n = c.notice("2026-11-19T10:00", kAgenda);
  c.clock.set(local("2026-11-19T10:00"));
  auto m = c.arrive(5);
  const auto warned = act(*m[0], "meeting.call_to_order");
  CHECK(warned["code"] == "not_lawfully_noticed");
  const std::string why = warned["message"].get<std::string>();
  CHECK(why.rfind("N9:", 0) == 0);
  CHECK(why.find("3 days for special meetings") != std::string::npos);
  CHECK(why.find("despite_notice") != std::string::npos);
  CHECK(c.meeting(n)["state"] == "scheduled");  // nothing recorded
  REQUIRE(act(*m[0], "meeting.call_to_order", kUnnoticed)["type"] == "ack");
  CHECK(next_of(*c.clerk, "meeting.called_to_order")["body"]["meeting"] == n);
}

TEST_CASE("N3 R1: a meeting held without notice is listed publicly under the one number it has everywhere",
          "[meeting_law][N3][R1]") {
  Council c("2026-11-10T09:00");
  // Meetings 1 and 2 are noticed for later; meeting 3 is held now without notice.
  const auto first = c.notice("2026-11-19T10:00", kAgenda);
  const auto second = c.schedule({{"kind", "regular"}, {"starts", "2026-12-17T10:00"}, {"place", "REC 6 office"}});
  REQUIRE(first == 1);
  REQUIRE(second == 2);
  auto m = c.arrive(5);
  CHECK(act(*m[0], "meeting.call_to_order")["code"] == "not_lawfully_noticed");
  REQUIRE(act(*m[0], "meeting.call_to_order", kUnnoticed)["type"] == "ack");
  const auto called = next_of(*c.clerk, "meeting.called_to_order");
  CHECK(called["body"]["number"] == 3);
  CHECK(called["body"]["meeting"] == 3);
  CHECK(called["body"]["unnoticed"] == true);
  const auto held = c.meeting(3);
  CHECK(held["kind"] == "unnoticed");
  CHECK(held["status"]["lawful"] == false);
  c.clock.set(local("2026-11-10T09:40"));
  REQUIRE(act(*m[0], "meeting.adjourn")["type"] == "ack");
  // A fourth meeting scheduled now takes the next number.
  CHECK(c.schedule({{"kind", "special"}, {"starts", "2026-12-20T10:00"}, {"place", "REC 6 office"}}) == 4);
  // The public sees it: on the body's page, its own page, the calendar and the minutes, all as 3.
  const auto body = get(c, "/public/rec6-council");
  CHECK(contains(body.body, "/public/rec6-council/meetings/3\""));
  CHECK(contains(body.body, "Held without notice"));
  const auto page = get(c, "/public/rec6-council/meetings/3");
  REQUIRE(page.status == 200);
  CHECK(contains(page.body, "Meeting held without notice"));
  CHECK(contains(page.body, "Adjourned"));
  const auto ics = get(c, "/feeds/rec6-council/meetings.ics");
  CHECK(contains(ics.body, "UID:meeting-3@rec6-council.collegial"));
  CHECK(contains(ics.body, "Held without notice"));
  const auto minutes = get(c, "/public/rec6-council/minutes/3.md");
  REQUIRE(minutes.status == 200);
  CHECK(get(c, "/public/rec6-council/minutes/1.md").status == 404);  // meeting 1 is not held yet
}

TEST_CASE("N3: the public pages and the calendar show when a noticed meeting actually began",
          "[meeting_law][N3]") {
  Council c("2026-11-10T09:00");
  c.notice("2026-11-19T10:00", kAgenda);
  auto m = c.arrive(5);
  c.clock.set(local("2026-11-19T10:20"));
  REQUIRE(act(*m[0], "meeting.call_to_order")["type"] == "ack");
  const auto page = get(c, "/public/rec6-council/meetings/1");
  CHECK(contains(page.body, "<dt>When (as noticed)</dt><dd>Thursday, November 19, 2026, 10:00 AM MST"));
  CHECK(contains(page.body, "<dt>Called to order</dt><dd>Thursday, November 19, 2026, 10:20 AM MST"));
  std::string ics = get(c, "/feeds/rec6-council/meetings.ics").body;
  for (auto at = ics.find("\r\n "); at != std::string::npos; at = ics.find("\r\n ")) ics.erase(at, 3);  // unfold
  CHECK(contains(ics, "DTSTART;TZID=America/Denver:20261119T102000"));  // when it began, in the body's zone
  CHECK(contains(ics, "Called to order at Thursday\\, November 19\\, 2026\\, 10:20 AM MST"));
}

TEST_CASE("C1 C4: one agenda item, one motion and one statement close under two subsections at once",
          "[meeting_law][C1][C4]") {
  Council c("2026-11-10T09:00");
  const json items = json::array(
      {{{"title", "Call to order"}, {"type", "information"}},
       {{"title", "The director's evaluation and the Main Street lot"},
        {"type", "closed_session"},
        {"grounds", json::array({{{"authority", "H2"}, {"subject", "the annual evaluation of the executive director"}},
                                 {{"authority", "H8"}, {"subject", "the purchase of the lot at 100 Main Street, Portales"}}})}}});
  // A vague part refuses the whole agenda.
  const auto vague = c.schedule({{"kind", "special"}, {"starts", "2026-11-19T10:00"}, {"place", "REC 6 office"}});
  json bad = items;
  bad[1]["grounds"][1]["subject"] = "real property matters of the district";
  CHECK(act(*c.clerk, "notice.set_agenda", {{"meeting", vague}, {"items", bad}})["code"] == "not_specific");
  c.must("notice.cancel", {{"meeting", vague}, {"reason", "rescheduled"}});
  c.notice("2026-11-19T10:00", items);
  const std::string citation = "NMSA 1978, Section 10-15-1(H)(2) and (H)(8)";
  const auto posted = next_of(*c.clerk, "notice.posted");
  CHECK(posted["body"]["text"].get<std::string>().find(citation) != std::string::npos);
  c.clock.set(local("2026-11-19T10:00"));
  WsClient pub(c.server.port());
  pub.hello();
  REQUIRE(pub.join("rec6-council")["type"] == "ack");
  auto m = c.arrive(6);
  REQUIRE(act(*m[0], "meeting.call_to_order")["type"] == "ack");
  REQUIRE(act(*m[0], "notice.take_up", {{"item", 2}})["type"] == "ack");
  REQUIRE(act(*m[1], "motions.move", {{"kind", "close_session"}})["type"] == "ack");
  const auto made = next_of(pub, "motions.made");
  CHECK(made["body"]["grounds"]["citation"] == citation);
  CHECK(made["body"]["grounds"]["authorities"] == json::array({"H2", "H8"}));
  CHECK(made["body"]["text"].get<std::string>().find("the purchase of the lot at 100 Main Street") != std::string::npos);
  REQUIRE(act(*m[0], "motions.state")["type"] == "ack");
  REQUIRE(act(*m[0], "motions.call_vote")["type"] == "ack");
  for (std::size_t i = 1; i < 5; ++i) REQUIRE(act(*m[i], "motions.vote", {{"choice", "aye"}})["type"] == "ack");
  REQUIRE(act(*m[0], "motions.close_vote")["type"] == "ack");
  // The public's one line names both subsections and both subjects.
  REQUIRE(m[1]->say("rec6-council", "About the lot")["type"] == "ack");
  const json withheld = next_of(pub, "session.withheld");
  CHECK(withheld["body"]["text"].get<std::string>().find("In closed session under " + citation) == 0);
  REQUIRE(act(*m[0], "meeting.open_session")["type"] == "ack");
  REQUIRE(act(*m[0], "motions.move", {{"kind", "closed_session_statement"}})["type"] == "ack");
  const auto statement = next_of(pub, "motions.made");
  const std::string wording = statement["body"]["text"];
  CHECK(wording.find("the annual evaluation of the executive director ((H)(2))") != std::string::npos);
  CHECK(wording.find("the purchase of the lot at 100 Main Street, Portales ((H)(8))") != std::string::npos);
  CHECK(wording.find(citation) != std::string::npos);
}
