// Motions and votes in whole council meetings, through real WebSocket clients.
#include "integration/council.hpp"

using namespace collegial::test;

namespace {

// The first `n` voting members, each recorded present; the chair (member 0) then calls the
// meeting to order (B4: no business outside one).
std::vector<std::unique_ptr<WsClient>> arrive(Harness& h, std::size_t n) {
  std::vector<std::unique_ptr<WsClient>> members;
  for (std::size_t i = 0; i < n; ++i) {
    members.push_back(voter(h, i));
    REQUIRE(act(*members.back(), "quorum.present")["type"] == "ack");
  }
  REQUIRE(act(*members[0], "meeting.call_to_order", kUnnoticed)["type"] == "ack");
  return members;
}

// Member `mover` moves `text`; the chair (member 0) states it and opens the vote.
json put_to_vote(std::vector<std::unique_ptr<WsClient>>& m, std::size_t mover,
                 const std::string& text, json extra = json::object()) {
  extra["text"] = text;
  const auto moved = act(*m[mover], "motions.move", extra);
  REQUIRE(moved["type"] == "ack");
  REQUIRE(act(*m[0], "motions.state")["type"] == "ack");
  REQUIRE(act(*m[0], "motions.call_vote")["type"] == "ack");
  return moved;
}

}  // namespace

TEST_CASE("M1 M2 M3: six of nine present and a motion carried 4-1 with one abstention",
          "[motions][M1][M2][M3]") {
  Harness h;
  WsClient observer(h.server.port());
  observer.hello();
  observer.join("rec6-council");
  auto m = arrive(h, 6);
  REQUIRE(act(*m[2], "motions.move", {{"text", "Approve the FY27 professional development calendar"}})["type"] == "ack");
  const auto made = next_of(observer, "motions.made");
  CHECK(made["body"]["threshold"] == "majority_of_votes_cast");
  REQUIRE(act(*m[3], "motions.second")["type"] == "ack");
  CHECK(next_of(observer, "motions.seconded")["body"]["seconder"] == 4);
  REQUIRE(act(*m[0], "motions.state")["type"] == "ack");
  REQUIRE(act(*m[0], "motions.call_vote")["type"] == "ack");
  // Member 6 first votes aye, then changes to nay: one vote, the last (M2).
  REQUIRE(act(*m[5], "motions.vote", {{"choice", "aye"}})["type"] == "ack");
  REQUIRE(m[5]->say("rec6-council", "/vote nay")["type"] == "ack");
  for (std::size_t i : {1, 2, 3, 4}) REQUIRE(act(*m[i], "motions.vote", {{"choice", "aye"}})["type"] == "ack");
  REQUIRE(act(*m[0], "motions.vote", {{"choice", "abstain"}})["type"] == "ack");  // M8: small board
  // The bot posted the live tally after every vote.
  json tally;
  for (int i = 0; i < 7; ++i) tally = next_of(observer, "motions.tally");
  CHECK(tally["actor"] == "plugin:motions");
  CHECK(tally["body"]["aye"] == 4);
  CHECK(tally["body"]["nay"] == 1);
  CHECK(tally["body"]["abstain"] == 1);
  REQUIRE(act(*m[0], "motions.close_vote")["type"] == "ack");
  const auto decided = next_of(observer, "motions.decided");
  CHECK(decided["body"]["result"] == "adopted");
  CHECK(decided["body"]["text"] == "Motion 1 adopted: 4 aye, 1 nay, 1 abstaining");
  CHECK(decided["body"]["present"] == 6);
  // M2: every voting member's vote, absent ones included.
  const auto& votes = decided["body"]["votes"];
  REQUIRE(votes.size() == 9);
  CHECK(votes[0]["vote"] == "abstain");
  CHECK(votes[5]["vote"] == "nay");
  CHECK(votes[6]["vote"] == "absent");
  CHECK(votes[8]["vote"] == "absent");
  CHECK(act(*m[1], "motions.vote", {{"choice", "aye"}})["code"] == "no_motion");
}

TEST_CASE("M3: a tie fails", "[motions][M3]") {
  Harness h;
  auto m = arrive(h, 6);
  put_to_vote(m, 1, "Buy a new copier");
  // A vote in progress is not interrupted.
  CHECK(act(*m[2], "motions.move", {{"kind", "previous_question"}})["code"] == "question_pending");
  for (std::size_t i = 0; i < 6; ++i) {
    REQUIRE(act(*m[i], "motions.vote", {{"choice", i < 3 ? "aye" : "nay"}})["type"] == "ack");
  }
  REQUIRE(act(*m[0], "motions.close_vote")["type"] == "ack");
  CHECK(next_of(*m[0], "motions.decided")["body"]["result"] == "failed");
}

TEST_CASE("Q3: when a member leaves and quorum is lost the vote is suspended and only adjourning is in order",
          "[motions][Q3]") {
  Harness h;
  auto m = arrive(h, 5);  // exactly a quorum of nine
  put_to_vote(m, 2, "Adopt the budget");
  REQUIRE(act(*m[1], "motions.vote", {{"choice", "aye"}})["type"] == "ack");
  REQUIRE(act(*m[4], "quorum.absent")["type"] == "ack");
  next_of(*m[2], "quorum.lost");
  CHECK(next_of(*m[2], "motions.vote_suspended")["body"]["motion"] == 1);
  const auto refused = act(*m[2], "motions.vote", {{"choice", "aye"}});
  CHECK(refused["code"] == "no_quorum");
  CHECK(refused["message"].get<std::string>().rfind("Q3: no quorum", 0) == 0);
  CHECK(act(*m[0], "motions.close_vote")["code"] == "no_quorum");
  // New business is refused too; a motion to adjourn is not, and once carried it adjourns.
  CHECK(act(*m[3], "motions.move", {{"text", "Something else"}})["code"] == "no_quorum");
  REQUIRE(act(*m[3], "motions.move", {{"kind", "adjourn"}})["type"] == "ack");
  REQUIRE(act(*m[0], "motions.state")["type"] == "ack");
  REQUIRE(act(*m[0], "motions.call_vote")["type"] == "ack");
  for (std::size_t i = 0; i < 4; ++i) REQUIRE(act(*m[i], "motions.vote", {{"choice", "aye"}})["type"] == "ack");
  REQUIRE(act(*m[0], "motions.close_vote")["type"] == "ack");
  const auto adjourned = next_of(*m[0], "motions.decided");
  CHECK(adjourned["body"]["kind"] == "adjourn");
  CHECK(adjourned["body"]["result"] == "adopted");
  CHECK(next_of(*m[0], "meeting.adjourned")["body"]["by_motion"] == 2);
}

TEST_CASE("M4: previous question over a pending main motion carries at two-thirds only",
          "[motions][M4]") {
  Harness h;
  auto m = arrive(h, 6);
  REQUIRE(act(*m[1], "motions.move", {{"text", "Extend the literacy circle to all districts"}})["type"] == "ack");
  REQUIRE(act(*m[0], "motions.state")["type"] == "ack");  // small board: no second needed
  // Debate runs on; a member moves the previous question, which is decided first.
  REQUIRE(act(*m[2], "motions.move", {{"kind", "previous_question"}})["type"] == "ack");
  CHECK(next_of(*m[0], "motions.made")["body"]["motion"] == 1);
  const auto pq = next_of(*m[0], "motions.made");
  CHECK(pq["body"]["threshold"] == "two_thirds_of_votes_cast");
  REQUIRE(act(*m[0], "motions.state")["type"] == "ack");
  REQUIRE(act(*m[0], "motions.call_vote")["type"] == "ack");
  // 3 aye, 2 nay: 60 % of votes cast, short of two-thirds.
  for (std::size_t i = 1; i <= 5; ++i) {
    REQUIRE(act(*m[i], "motions.vote", {{"choice", i <= 3 ? "aye" : "nay"}})["type"] == "ack");
  }
  REQUIRE(act(*m[0], "motions.close_vote")["type"] == "ack");
  CHECK(next_of(*m[0], "motions.decided")["body"]["result"] == "failed");
  // The main motion is pending again; moved anew, 4 aye 2 nay is exactly two-thirds.
  REQUIRE(act(*m[3], "motions.move", {{"kind", "previous_question"}})["type"] == "ack");
  REQUIRE(act(*m[0], "motions.state")["type"] == "ack");
  REQUIRE(act(*m[0], "motions.call_vote")["type"] == "ack");
  for (std::size_t i = 0; i < 6; ++i) {
    REQUIRE(act(*m[i], "motions.vote", {{"choice", i < 4 ? "aye" : "nay"}})["type"] == "ack");
  }
  REQUIRE(act(*m[0], "motions.close_vote")["type"] == "ack");
  const auto decided = next_of(*m[0], "motions.decided");
  CHECK(decided["body"]["motion"] == 3);
  CHECK(decided["body"]["result"] == "adopted");
}

TEST_CASE("M2 B7: the public and the executive director cannot vote", "[motions][M2][B7]") {
  Harness h;
  auto m = arrive(h, 5);
  put_to_vote(m, 1, "Hire a literacy coach");
  WsClient pub(h.server.port());
  pub.hello();
  pub.join("rec6-council");
  CHECK(act(pub, "motions.vote", {{"choice", "aye"}})["code"] == "forbidden");
  auto director = seat(h, "director@rec6.example", "demo-director-2026");
  const auto refused = act(*director, "motions.vote", {{"choice", "aye"}});
  CHECK(refused["code"] == "forbidden");
  CHECK(refused["message"].get<std::string>().find("non_voting_member") != std::string::npos);
}

TEST_CASE("M1 M8: outside small-board mode a motion needs a second and the chair votes only to change the result",
          "[motions][M1][M8]") {
  Harness h;
  AdminClient admin(h);
  auto must = [&](const std::string& op, const json& args) { admin.must(op, args); };
  must("create-body", {{"slug", "big-board"}, {"name", "Big Board"}, {"kind", "committee"},
                       {"cooperative", "rec6"}, {"small_board", "off"}});
  for (std::size_t i = 0; i < 3; ++i) {
    must("add-membership", {{"body", "big-board"}, {"person", kVoters[i].first},
                            {"role", i == 0 ? "chair" : "voting_member"}});
  }
  std::vector<std::unique_ptr<WsClient>> m;
  for (std::size_t i = 0; i < 3; ++i) {
    m.push_back(seat(h, kVoters[i].first, kVoters[i].second, "big-board"));
    REQUIRE(act(*m[i], "quorum.present", {}, "big-board")["type"] == "ack");
  }
  REQUIRE(act(*m[0], "meeting.call_to_order", kUnnoticed, "big-board")["type"] == "ack");
  CHECK(act(*m[0], "motions.move", {{"text", "x"}}, "big-board")["code"] == "chair_may_not_move");
  REQUIRE(act(*m[1], "motions.move", {{"text", "Adopt the by-laws"}}, "big-board")["type"] == "ack");
  CHECK(act(*m[0], "motions.state", {}, "big-board")["code"] == "needs_second");
  CHECK(act(*m[1], "motions.second", {}, "big-board")["code"] == "own_motion");
  REQUIRE(act(*m[2], "motions.second", {}, "big-board")["type"] == "ack");
  REQUIRE(act(*m[0], "motions.state", {}, "big-board")["type"] == "ack");
  REQUIRE(act(*m[0], "motions.call_vote", {}, "big-board")["type"] == "ack");
  REQUIRE(act(*m[1], "motions.vote", {{"choice", "aye"}}, "big-board")["type"] == "ack");
  // 1-0: the chair's nay would make a tie and so change the result; an aye would not.
  CHECK(act(*m[0], "motions.vote", {{"choice", "aye"}}, "big-board")["code"] == "chair_vote_not_decisive");
  REQUIRE(act(*m[2], "motions.vote", {{"choice", "nay"}}, "big-board")["type"] == "ack");
  // 1-1 (fails): now the chair's aye breaks the tie.
  REQUIRE(act(*m[0], "motions.vote", {{"choice", "aye"}}, "big-board")["type"] == "ack");
  REQUIRE(act(*m[0], "motions.close_vote", {}, "big-board")["type"] == "ack");
  CHECK(next_of(*m[0], "motions.decided")["body"]["result"] == "adopted");
}

TEST_CASE("M1 M6: small-board mode takes an unseconded motion and withdrawal is free until stated",
          "[motions][M1][M6]") {
  Harness h;
  auto m = arrive(h, 5);
  REQUIRE(act(*m[1], "motions.move", {{"text", "Meet monthly"}})["type"] == "ack");
  CHECK(next_of(*m[0], "motions.made")["body"]["second_required"] == false);
  CHECK(act(*m[2], "motions.withdraw")["code"] == "not_mover");
  REQUIRE(act(*m[1], "motions.withdraw")["type"] == "ack");
  REQUIRE(act(*m[1], "motions.move", {{"text", "Meet monthly, on Tuesdays"}})["type"] == "ack");
  REQUIRE(act(*m[0], "motions.state")["type"] == "ack");  // no second in small-board mode
  // Once stated, withdrawing asks the body for leave (M6: by consent).
  REQUIRE(act(*m[1], "motions.withdraw")["type"] == "ack");
  CHECK(next_of(*m[0], "motions.withdrawal_requested")["body"]["motion"] == 2);
}

TEST_CASE("M6: after stating a withdrawal needs consent and an objection puts it to a vote",
          "[motions][M6]") {
  Harness h;
  auto m = arrive(h, 6);
  CHECK(act(*m[0], "motions.grant_withdrawal")["code"] == "no_motion");
  REQUIRE(act(*m[1], "motions.move", {{"text", "Meet monthly"}})["type"] == "ack");
  REQUIRE(act(*m[0], "motions.state")["type"] == "ack");
  CHECK(act(*m[0], "motions.grant_withdrawal")["code"] == "no_withdrawal_request");
  CHECK(act(*m[2], "motions.object")["code"] == "no_withdrawal_request");
  // The mover asks leave; nobody objects; the chair grants it.
  REQUIRE(act(*m[1], "motions.withdraw")["type"] == "ack");
  CHECK(next_of(*m[5], "motions.withdrawal_requested")["body"]["motion"] == 1);
  CHECK(act(*m[1], "motions.withdraw")["code"] == "bad_state");  // asked once
  CHECK(act(*m[2], "motions.grant_withdrawal")["code"] == "forbidden");  // the chair grants
  REQUIRE(act(*m[0], "motions.grant_withdrawal")["type"] == "ack");
  const auto withdrawn = next_of(*m[5], "motions.withdrawn");
  CHECK(withdrawn["body"]["motion"] == 1);
  CHECK(withdrawn["body"]["by_consent"] == true);
  CHECK(act(*m[1], "motions.vote", {{"choice", "aye"}})["code"] == "no_motion");

  // This time a member objects: consent fails, and permission to withdraw is voted on.
  REQUIRE(act(*m[1], "motions.move", {{"text", "Meet weekly"}})["type"] == "ack");
  REQUIRE(act(*m[0], "motions.state")["type"] == "ack");
  CHECK(act(*m[3], "motions.move", {{"kind", "withdraw"}})["code"] == "no_withdrawal_request");
  REQUIRE(act(*m[1], "motions.withdraw")["type"] == "ack");
  REQUIRE(act(*m[3], "motions.object")["type"] == "ack");
  CHECK(next_of(*m[5], "motions.withdrawal_objected")["body"]["by"] == 4);
  const auto refused = act(*m[0], "motions.grant_withdrawal");
  CHECK(refused["code"] == "objection");
  CHECK(refused["message"].get<std::string>().rfind("M6:", 0) == 0);
  REQUIRE(act(*m[2], "motions.move", {{"kind", "withdraw"}})["type"] == "ack");
  const auto permission = next_of(*m[5], "motions.made");
  CHECK(permission["body"]["kind"] == "withdraw");
  CHECK(permission["body"]["target"] == 2);
  REQUIRE(act(*m[4], "motions.second")["type"] == "ack");
  REQUIRE(act(*m[0], "motions.state")["type"] == "ack");
  REQUIRE(act(*m[0], "motions.call_vote")["type"] == "ack");
  for (std::size_t i = 1; i <= 4; ++i) {
    REQUIRE(act(*m[i], "motions.vote", {{"choice", i == 3 ? "nay" : "aye"}})["type"] == "ack");
  }
  REQUIRE(act(*m[0], "motions.close_vote")["type"] == "ack");
  const auto decided = next_of(*m[5], "motions.decided");
  CHECK(decided["body"]["kind"] == "withdraw");
  CHECK(decided["body"]["result"] == "adopted");
  // Motion 2 left the floor with it: new business may come up.
  CHECK(act(*m[1], "motions.vote", {{"choice", "aye"}})["code"] == "no_motion");
  REQUIRE(act(*m[4], "motions.move", {{"text", "Meet every other week"}})["type"] == "ack");
  // Once the vote is open, the mover can no longer withdraw.
  REQUIRE(act(*m[0], "motions.state")["type"] == "ack");
  REQUIRE(act(*m[0], "motions.call_vote")["type"] == "ack");
  CHECK(act(*m[4], "motions.withdraw")["code"] == "bad_state");
}

TEST_CASE("M5: one primary and one secondary amendment, decided secondary first",
          "[motions][M5]") {
  Harness h;
  auto m = arrive(h, 6);
  // Decides the question on top of the stack: stated, voted aye by members 1-4, closed.
  auto carry = [&] {
    REQUIRE(act(*m[0], "motions.state")["type"] == "ack");
    REQUIRE(act(*m[0], "motions.call_vote")["type"] == "ack");
    for (std::size_t i = 1; i <= 4; ++i) {
      REQUIRE(act(*m[i], "motions.vote", {{"choice", "aye"}})["type"] == "ack");
    }
    REQUIRE(act(*m[0], "motions.close_vote")["type"] == "ack");
    return next_of(*m[5], "motions.decided");
  };
  REQUIRE(act(*m[1], "motions.move", {{"text", "Meet monthly"}})["type"] == "ack");
  REQUIRE(act(*m[0], "motions.state")["type"] == "ack");
  CHECK(act(*m[2], "motions.move", {{"kind", "amend_secondary"}, {"text", "x"}})["code"] ==
        "bad_amendment");  // nothing to amend a primary amendment yet
  REQUIRE(act(*m[2], "motions.move", {{"kind", "amend"}, {"text", "Meet monthly on Tuesdays"}})["type"] == "ack");
  CHECK(act(*m[4], "motions.move", {{"kind", "amend"}, {"text", "y"}})["code"] == "bad_amendment");
  REQUIRE(act(*m[3], "motions.move", {{"kind", "amend_secondary"}, {"text", "Meet monthly on Tuesdays at 4 pm"}})["type"] == "ack");
  CHECK(act(*m[4], "motions.move", {{"kind", "amend_secondary"}, {"text", "z"}})["code"] == "bad_amendment");
  CHECK(act(*m[4], "motions.move", {{"text", "Another main motion"}})["code"] == "question_pending");
  const auto secondary = carry();  // the secondary goes first
  CHECK(secondary["body"]["kind"] == "amend_secondary");
  CHECK(secondary["body"]["amends"] == 2);
  const auto primary = carry();
  CHECK(primary["body"]["kind"] == "amend");
  CHECK(primary["body"]["motion_text"] == "Meet monthly on Tuesdays at 4 pm");
  // The main motion, as amended, is decided last.
  REQUIRE(act(*m[0], "motions.call_vote")["type"] == "ack");  // already stated
  for (std::size_t i = 1; i <= 4; ++i) {
    REQUIRE(act(*m[i], "motions.vote", {{"choice", "aye"}})["type"] == "ack");
  }
  REQUIRE(act(*m[0], "motions.close_vote")["type"] == "ack");
  const auto main = next_of(*m[5], "motions.decided");
  CHECK(main["body"]["kind"] == "main");
  CHECK(main["body"]["motion_text"] == "Meet monthly on Tuesdays at 4 pm");
  CHECK(main["body"]["result"] == "adopted");
}

namespace {

// Decides the question on top of the stack: stated (unless it is), voted, closed. `ayes` and
// `nays` are indices of members in `m`.
json decide_top(std::vector<std::unique_ptr<WsClient>>& m, std::vector<std::size_t> ayes,
                std::vector<std::size_t> nays, bool state = true) {
  if (state) REQUIRE(act(*m[0], "motions.state")["type"] == "ack");
  REQUIRE(act(*m[0], "motions.call_vote")["type"] == "ack");
  for (std::size_t i : ayes) REQUIRE(act(*m[i], "motions.vote", {{"choice", "aye"}})["type"] == "ack");
  for (std::size_t i : nays) REQUIRE(act(*m[i], "motions.vote", {{"choice", "nay"}})["type"] == "ack");
  REQUIRE(act(*m[0], "motions.close_vote")["type"] == "ack");
  return next_of(*m[0], "motions.decided");
}

}  // namespace

TEST_CASE("M6: a non-prevailing member's reconsider is refused and a prevailing one's is taken up",
          "[motions][M6]") {
  Harness h;
  auto m = arrive(h, 6);
  REQUIRE(act(*m[1], "motions.move", {{"text", "Close the office on Fridays"}})["type"] == "ack");
  CHECK(decide_top(m, {1, 2, 3, 4}, {5})["body"]["result"] == "adopted");
  const auto refused = act(*m[5], "motions.move", {{"kind", "reconsider"}, {"motion", 1}});
  CHECK(refused["code"] == "not_prevailing_side");
  CHECK(refused["message"].get<std::string>().rfind("M6:", 0) == 0);
  CHECK(act(*m[2], "motions.move", {{"kind", "reconsider"}, {"motion", 7}})["code"] == "bad_field");
  REQUIRE(act(*m[2], "motions.move", {{"kind", "reconsider"}, {"motion", 1}})["type"] == "ack");
  const auto reconsidered = decide_top(m, {1, 2, 3, 4}, {});
  CHECK(reconsidered["body"]["kind"] == "reconsider");
  CHECK(reconsidered["body"]["target"] == 1);
  // Motion 1 is before the body again, stated, with no votes: this time it fails.
  const auto again = decide_top(m, {1}, {2, 3, 4, 5}, /*state=*/false);
  CHECK(again["body"]["motion"] == 1);
  CHECK(again["body"]["result"] == "failed");
}

TEST_CASE("M6: laid on the table, taken from the table, postponed", "[motions][M6]") {
  Harness h;
  auto m = arrive(h, 6);
  REQUIRE(act(*m[1], "motions.move", {{"text", "Buy tablets for every classroom"}})["type"] == "ack");
  REQUIRE(act(*m[0], "motions.state")["type"] == "ack");
  CHECK(act(*m[2], "motions.move", {{"kind", "take_from_table"}})["code"] == "question_pending");
  REQUIRE(act(*m[2], "motions.move", {{"kind", "lay_on_table"}})["type"] == "ack");
  CHECK(decide_top(m, {1, 2, 3}, {4})["body"]["target"] == 1);
  // Off the floor: other business may come up, and the tabled motion comes back by majority.
  CHECK(act(*m[3], "motions.vote", {{"choice", "aye"}})["code"] == "no_motion");
  REQUIRE(act(*m[3], "motions.move", {{"kind", "take_from_table"}})["type"] == "ack");
  CHECK(decide_top(m, {1, 2, 3, 4}, {})["body"]["result"] == "adopted");
  // Back on the floor as it was (stated); now postponed to a named meeting.
  REQUIRE(act(*m[4], "motions.move", {{"kind", "postpone"}, {"to", "the March meeting"}})["type"] == "ack");
  const auto made = next_of(*m[0], "motions.made");
  CHECK(made["body"]["kind"] == "postpone");
  CHECK(made["body"]["to"] == "the March meeting");
  CHECK(decide_top(m, {1, 2, 4}, {3})["body"]["result"] == "adopted");
  CHECK(act(*m[1], "motions.vote", {{"choice", "aye"}})["code"] == "no_motion");
  CHECK(act(*m[1], "motions.move", {{"kind", "take_from_table"}})["code"] == "nothing_tabled");
}

TEST_CASE("M7: a point of order is ruled and appealed and a tie sustains the chair",
          "[motions][M7]") {
  Harness h;
  auto m = arrive(h, 6);
  REQUIRE(act(*m[1], "motions.move", {{"text", "Spend the reserve on buses"}})["type"] == "ack");
  REQUIRE(act(*m[0], "motions.state")["type"] == "ack");
  CHECK(act(*m[2], "motions.move", {{"kind", "appeal"}})["code"] == "nothing_to_appeal");
  // No second needed: the point is raised and the chair rules on it.
  REQUIRE(m[2]->say("rec6-council", "/point-of-order The motion is not on the agenda")["type"] == "ack");
  CHECK(act(*m[3], "motions.point_of_order", {{"text", "another"}})["code"] == "point_pending");
  CHECK(act(*m[2], "motions.rule", {{"ruling", "not_well_taken"}})["code"] == "forbidden");
  REQUIRE(act(*m[0], "motions.rule", {{"ruling", "not_well_taken"}, {"note", "It is item 4"}})["type"] == "ack");
  CHECK(next_of(*m[5], "motions.ruled")["body"]["ruling"] == "not_well_taken");
  // Any member may appeal; the question is whether the chair is sustained.
  REQUIRE(act(*m[2], "motions.move", {{"kind", "appeal"}})["type"] == "ack");
  const auto appeal = next_of(*m[5], "motions.made");
  CHECK(appeal["body"]["kind"] == "appeal");
  CHECK(appeal["body"]["threshold"] == "sustain_chair");
  REQUIRE(act(*m[3], "motions.second")["type"] == "ack");
  REQUIRE(act(*m[0], "motions.state")["type"] == "ack");
  REQUIRE(act(*m[0], "motions.call_vote")["type"] == "ack");
  for (std::size_t i = 1; i <= 4; ++i) {
    REQUIRE(act(*m[i], "motions.vote", {{"choice", i <= 2 ? "aye" : "nay"}})["type"] == "ack");
  }
  REQUIRE(act(*m[0], "motions.close_vote")["type"] == "ack");
  const auto decided = next_of(*m[5], "motions.decided");
  CHECK(decided["body"]["kind"] == "appeal");
  CHECK(decided["body"]["result"] == "adopted");  // 2-2: the chair is sustained
  CHECK(act(*m[2], "motions.move", {{"kind", "appeal"}})["code"] == "nothing_to_appeal");
}

TEST_CASE("M7: a parliamentary inquiry is answered and a division publishes each member's vote",
          "[motions][M7]") {
  Harness h;
  auto m = arrive(h, 6);
  CHECK(act(*m[0], "motions.answer", {{"text", "?"}})["code"] == "no_inquiry");
  REQUIRE(act(*m[4], "motions.inquiry", {{"text", "Does this need two-thirds?"}})["type"] == "ack");
  REQUIRE(act(*m[0], "motions.answer", {{"text", "No, a majority of votes cast."}})["type"] == "ack");
  CHECK(next_of(*m[5], "motions.answered")["body"]["text"] == "No, a majority of votes cast.");
  put_to_vote(m, 1, "Adopt the calendar");
  REQUIRE(act(*m[1], "motions.vote", {{"choice", "aye"}})["type"] == "ack");
  REQUIRE(act(*m[2], "motions.vote", {{"choice", "nay"}})["type"] == "ack");
  REQUIRE(m[3]->say("rec6-council", "/division")["type"] == "ack");
  const auto division = next_of(*m[5], "motions.division");
  CHECK(division["actor"] == "plugin:motions");
  CHECK(division["body"]["votes"][1]["vote"] == "aye");
  CHECK(division["body"]["votes"][2]["vote"] == "nay");
  CHECK(division["body"]["votes"][3]["vote"] == "not_voting");  // present, not yet voted
  CHECK(division["body"]["votes"][7]["vote"] == "absent");
}
