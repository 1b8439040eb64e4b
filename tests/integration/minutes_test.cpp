// R1-R4: minutes drawn from the log of scripted meetings, written up by the clerk, approved
// by the body, exported (HTML, Markdown, JSON, PDF read back with pdftotext) and verified
// against the log, through a real server.
#include <cstdio>
#include <fstream>

#include "integration/oma_council.hpp"
#include "record/chain.hpp"

using namespace collegial::test;

namespace {

// The index of the room's minutes (the minutes plugin's view).
json index_of(Council& c) {
  const auto v = c.clerk->request({{"type", "view"}, {"room", "rec6-council"}});
  REQUIRE(v["type"] == "ack");
  return v["views"]["minutes"]["minutes"];
}

// The minutes document of meeting `n` (version `k`; 0: the current text) read by `who`.
json document(WsClient& who, std::int64_t n, std::int64_t k = 0) {
  const auto r = who.request({{"type", "read"}, {"room", "rec6-council"}, {"plugin", "minutes"},
                              {"query", {{"minutes", n}, {"version", k}}}});
  INFO(r.dump());
  REQUIRE(r["type"] == "ack");
  return r["result"];
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
  CHECK(index_of(c).empty());  // not before the adjournment
  const auto early = c.clerk->request({{"type", "read"}, {"room", "rec6-council"}, {"plugin", "minutes"},
                                       {"query", {{"minutes", 1}}}});
  CHECK(early["code"] == "no_minutes");
  REQUIRE(act(*m[0], "meeting.adjourn")["type"] == "ack");

  const json index = index_of(c);
  REQUIRE(index.size() == 1);
  CHECK(index[0]["status"] == "draft");
  const json doc = document(*c.clerk, 1);
  CHECK(doc["status"] == "draft");
  const json& d = doc["content"];
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
  CHECK(document(clerk, 1) == doc);
}

namespace {

// A council that held a special meeting on Thursday, November 19, 2026 (motion 1 adopted 4-1
// with one abstention) and has noticed the next one for December 10, where the minutes are
// approved (items 1 and 2 are action items for that).
struct MinutedCouncil : Council {
  MinutedCouncil() : Council("2026-11-10T09:00") {
    const auto first = schedule({{"kind", "special"}, {"starts", "2026-11-19T10:00"}, {"place", "REC 6 office, Portales"}});
    must("notice.set_agenda", {{"meeting", first}, {"items", kAgenda}});
    must("notice.post", {{"meeting", first}});
    const auto second = schedule({{"kind", "special"}, {"starts", "2026-12-10T10:00"}, {"place", "REC 6 office, Portales"}});
    must("notice.set_agenda",
         {{"meeting", second},
          {"items", json::array({{{"title", "Approval of the minutes of November 19"}, {"type", "action"}},
                                 {{"title", "Correction of the minutes"}, {"type", "action"}}})}});
    must("notice.post", {{"meeting", second}});
    clock.set(local("2026-11-19T09:55"));
    m = arrive(6);
    clock.set(local("2026-11-19T10:00"));
    REQUIRE(act(*m[0], "meeting.call_to_order")["type"] == "ack");
    REQUIRE(act(*m[0], "notice.take_up", {{"item", 2}})["type"] == "ack");
    decided = decide(json{{"text", "Approve the FY27 budget"}}, {1, 2, 3, 4}, {5});
    clock.set(local("2026-11-19T10:30"));
    REQUIRE(act(*m[0], "meeting.adjourn")["type"] == "ack");
    adjourned = next_of(*clerk, "meeting.adjourned");
  }

  // Member 1 moves `motion`; the chair states it and puts it; `ayes` vote aye and `nays` nay.
  json decide(const json& motion, std::vector<std::size_t> ayes, std::vector<std::size_t> nays = {}) {
    const auto made = act(*m[1], "motions.move", motion);
    INFO(made.dump());
    REQUIRE(made["type"] == "ack");
    REQUIRE(act(*m[0], "motions.state")["type"] == "ack");
    REQUIRE(act(*m[0], "motions.call_vote")["type"] == "ack");
    for (std::size_t i : ayes) REQUIRE(act(*m[i], "motions.vote", {{"choice", "aye"}})["type"] == "ack");
    for (std::size_t i : nays) REQUIRE(act(*m[i], "motions.vote", {{"choice", "nay"}})["type"] == "ack");
    REQUIRE(act(*m[0], "motions.close_vote")["type"] == "ack");
    return next_of(*clerk, "motions.decided");
  }

  // The second meeting, in session with item `item` taken up.
  void second_meeting(std::int64_t item) {
    clock.set(local("2026-12-10T09:55"));
    present_again(m);
    clock.set(local("2026-12-10T10:00"));
    REQUIRE(act(*m[0], "meeting.call_to_order")["type"] == "ack");
    REQUIRE(act(*m[0], "notice.take_up", {{"item", item}})["type"] == "ack");
  }

  std::vector<std::unique_ptr<WsClient>> m;
  json decided, adjourned;
};

}  // namespace

TEST_CASE("R2: the clerk's edits are kept with who and when and the draft is due 10 working days later",
          "[minutes][R2]") {
  MinutedCouncil c;
  // Thursday, November 19 + 10 working days skips two weekends and the state's Thanksgiving
  // holidays (November 26 and 27): Monday, December 7.
  const json index = index_of(c);
  REQUIRE(index.size() == 1);
  CHECK(index[0]["due_date"] == "2026-12-07");
  CHECK(index[0]["date"] == "2026-11-19");

  c.clock.set(local("2026-11-23T15:00"));
  c.must("minutes.edit", {{"minutes", 1}, {"part", "summary"}, {"text", "The council adopted the FY27 budget."}});
  c.clock.set(local("2026-11-24T08:00"));
  c.must("minutes.edit", {{"minutes", 1}, {"part", "item"}, {"item", 2}, {"text", "The director presented the budget."}});
  c.must("minutes.edit", {{"minutes", 1}, {"part", "summary"}, {"text", "The council adopted the FY27 budget, 4-1."}});
  c.must("minutes.edit", {{"minutes", 1}, {"part", "correction"}, {"text", "Luis Baca arrived in person, not remotely."}});
  // Bad input changes nothing and says what is wrong.
  CHECK(act(*c.clerk, "minutes.edit", {{"minutes", 1}, {"part", "item"}, {"item", 3}, {"text", "x"}})["code"] == "bad_field");
  CHECK(act(*c.clerk, "minutes.edit", {{"minutes", 1}, {"part", "verse"}, {"text", "x"}})["code"] == "bad_field");
  CHECK(act(*c.clerk, "minutes.edit", {{"minutes", 1}, {"part", "summary"}, {"text", std::string(20001, 'x')}})["code"] == "bad_field");
  CHECK(act(*c.clerk, "minutes.edit", {{"minutes", 7}, {"part", "summary"}, {"text", "x"}})["code"] == "no_minutes");
  CHECK(act(*c.clerk, "minutes.edit", {{"minutes", 1}, {"part", "summary"}, {"text", "The council adopted the FY27 budget, 4-1."}})["code"] ==
        "nothing_new");
  CHECK(act(*c.clerk, "minutes.edit", {{"part", "summary"}, {"text", "x"}})["code"] == "missing_field");
  // Members approve the minutes; they do not write them. The public reads them.
  CHECK(act(*c.m[1], "minutes.edit", {{"minutes", 1}, {"part", "summary"}, {"text", "mine"}})["code"] == "forbidden");
  WsClient reader(c.server.port());
  REQUIRE(reader.hello()["type"] == "ack");
  REQUIRE(reader.join("rec6-council")["type"] == "ack");
  CHECK(act(reader, "minutes.edit", {{"minutes", 1}, {"part", "summary"}, {"text", "graffiti"}})["code"] == "forbidden");

  // The same operations through the HTTP API, for the clerk's scripts; the same policy.
  const auto post = [&](const std::string& token, const json& request) {
    return http_request(c.server.port(), "POST", "/api/rooms/rec6-council/act", {}, request.dump(), token);
  };
  const std::string clerk_token = login(c.server.port(), "clerk@rec6.example", "demo-clerk-2026");
  const json api_edit = {{"op", "minutes.edit"},
                         {"args", {{"minutes", 1}, {"part", "correction"}, {"text", "The meeting began at 10:02."}}}};
  const auto by_api = post(clerk_token, api_edit);
  INFO(by_api.body);
  CHECK(by_api.status == 200);
  CHECK(json::parse(by_api.body)["seq"].is_number_integer());
  CHECK(post(login(c.server.port(), kVoters[1].first, kVoters[1].second), api_edit).status == 403);
  CHECK(post("", api_edit).status == 401);
  const auto bad = post(clerk_token, {{"op", "minutes.edit"}, {"args", {{"minutes", 1}, {"part", "verse"}, {"text", "x"}}}});
  CHECK(bad.status == 400);
  CHECK(json::parse(bad.body)["error"] == "bad_field");
  CHECK(post(clerk_token, {{"op", "minutes.edit"}, {"args", {{"minutes", 9}, {"part", "summary"}, {"text", "x"}}}}).status == 409);
  CHECK(http_request(c.server.port(), "POST", "/api/rooms/no-such-room/act", {}, api_edit.dump(), clerk_token).status == 404);

  const json doc = document(reader, 1);
  CHECK(doc["status"] == "draft");
  CHECK(doc["content"]["corrections"][1]["text"] == "The meeting began at 10:02.");
  CHECK(doc["content"]["narrative"]["summary"] == "The council adopted the FY27 budget, 4-1.");
  CHECK(doc["content"]["narrative"]["items"]["2"] == "The director presented the budget.");
  CHECK(doc["content"]["corrections"][0]["text"] == "Luis Baca arrived in person, not remotely.");
  REQUIRE(doc["edits"].size() == 5);
  CHECK(doc["edits"][0]["by"] == "Joan Archuleta");
  CHECK(doc["edits"][0]["at_ms"] == local("2026-11-23T15:00"));
  CHECK(doc["edits"][0]["text"] == "The council adopted the FY27 budget.");  // the earlier text is kept
  CHECK(doc["edits"][1]["at_ms"] == local("2026-11-24T08:00"));

  // The public page marks the draft, names the editors, and on December 8 flags it overdue.
  auto page = get(c, "/public/rec6-council/minutes/1");
  REQUIRE(page.status == 200);
  CHECK(contains(page.body, "DRAFT"));
  CHECK(contains(page.body, "Due Monday, December 7, 2026 (R2)"));
  CHECK(contains(page.body, "Joan Archuleta"));
  CHECK_FALSE(contains(page.body, "Overdue"));
  CHECK(http_request(c.server.port(), "POST", "/public/rec6-council/minutes/1").status >= 400);
  c.clock.set(local("2026-12-08T09:00"));
  CHECK(contains(get(c, "/public/rec6-council/minutes/1").body, "Overdue: the draft was due Monday, December 7, 2026"));
  c.must("minutes.complete", {{"minutes", 1}});
  CHECK(act(*c.clerk, "minutes.complete", {{"minutes", 1}})["code"] == "bad_state");
  const json done = document(reader, 1)["completed"];
  CHECK(done["late"] == true);
  CHECK(done["date"] == "2026-12-08");
  CHECK(contains(get(c, "/public/rec6-council/minutes/1").body, "Completed late, on Tuesday, December 8, 2026"));
  CHECK(contains(get(c, "/public/rec6-council/minutes").body, "Monday, December 7, 2026"));
}

TEST_CASE("R3: approval at the next meeting makes the minutes official and locked and a correction makes version 2",
          "[minutes][R3]") {
  MinutedCouncil c;
  c.must("minutes.edit", {{"minutes", 1}, {"part", "summary"}, {"text", "The budget was adopted."}});
  c.second_meeting(1);
  // The minutes of the meeting in session do not exist yet; the motion names an earlier one.
  CHECK(act(*c.m[1], "motions.move", {{"kind", "approve_minutes"}, {"minutes", 2}})["code"] == "no_minutes");
  CHECK(act(*c.m[1], "motions.move", {{"kind", "approve_minutes"}})["code"] == "bad_field");
  // While the body is deciding on them, the text does not change; a withdrawn motion frees it.
  REQUIRE(act(*c.m[1], "motions.move", {{"kind", "approve_minutes"}, {"minutes", 1}})["type"] == "ack");
  CHECK(act(*c.clerk, "minutes.edit", {{"minutes", 1}, {"part", "summary"}, {"text", "late change"}})["code"] ==
        "approval_pending");
  REQUIRE(act(*c.m[1], "motions.withdraw")["type"] == "ack");
  // A failed motion disapproves them: they stay a draft the clerk revises.
  const json failed = c.decide({{"kind", "approve_minutes"}, {"minutes", 1}}, {1}, {2, 3});
  CHECK(failed["body"]["result"] == "failed");
  CHECK(index_of(c)[0]["disapproved"] == true);
  CHECK(document(*c.clerk, 1)["history"][0]["outcome"] == "disapproved");
  c.must("minutes.edit", {{"minutes", 1}, {"part", "summary"}, {"text", "The FY27 budget was adopted, 4-1."}});

  const json approved = c.decide({{"kind", "approve_minutes"}, {"minutes", 1}}, {1, 2, 3, 4});
  REQUIRE(approved["body"]["result"] == "adopted");
  CHECK(approved["body"]["motion_text"] == "That the minutes of the Special meeting of the REC 6 Council held Thursday, November 19, 2026 be approved");
  const json v1 = document(*c.clerk, 1);
  CHECK(v1["status"] == "official");
  CHECK(v1["version"] == 1);
  CHECK(v1["approval"]["disposition"] == "approved");
  // The approved minutes carry the hash of the meeting's last event and of the decision.
  CHECK(v1["meeting_log"]["last_hash"] == c.adjourned["hash"]);
  CHECK(v1["meeting_log"]["last_seq"] == c.adjourned["seq"]);
  CHECK(v1["approval"]["decision"]["hash"] == approved["hash"]);
  CHECK(v1["content"]["narrative"]["summary"] == "The FY27 budget was adopted, 4-1.");
  // Each member's vote in the minutes is the log's.
  CHECK(v1["content"]["motions"][0]["votes"] == c.decided["body"]["votes"]);
  // Locked: no more edits; a second approval without corrections is refused.
  CHECK(act(*c.clerk, "minutes.edit", {{"minutes", 1}, {"part", "summary"}, {"text", "x"}})["code"] == "minutes_official");
  CHECK(act(*c.clerk, "minutes.complete", {{"minutes", 1}})["code"] == "minutes_official");
  REQUIRE(act(*c.m[0], "notice.take_up", {{"item", 2}})["type"] == "ack");
  CHECK(act(*c.m[1], "motions.move", {{"kind", "approve_minutes"}, {"minutes", 1}})["code"] == "minutes_official");

  // A later correction goes through the body and makes version 2; version 1 stays readable.
  const json corrected = c.decide({{"kind", "approve_minutes"}, {"minutes", 1},
                                   {"corrections", "The place was the Clovis annex."}}, {1, 2, 3, 4});
  REQUIRE(corrected["body"]["result"] == "adopted");
  const json v2 = document(*c.clerk, 1);
  CHECK(v2["version"] == 2);
  CHECK(v2["approval"]["disposition"] == "corrected");
  CHECK(v2["content"]["corrections"].back()["text"] == "The place was the Clovis annex.");
  const json old = document(*c.clerk, 1, 1);
  CHECK(old["status"] == "superseded");
  CHECK(old["content"] == v1["content"]);
  CHECK(old["digest"] == v1["digest"]);
  CHECK(act(*c.clerk, "minutes.edit", {{"minutes", 1}, {"part", "summary"}, {"text", "x"}})["code"] == "minutes_official");
  const auto missing = c.clerk->request({{"type", "read"}, {"room", "rec6-council"}, {"plugin", "minutes"},
                                         {"query", {{"minutes", 1}, {"version", 3}}}});
  CHECK(missing["code"] == "no_version");

  // The public reads both versions; the pages say which is current.
  const auto page = get(c, "/public/rec6-council/minutes/1");
  REQUIRE(page.status == 200);
  CHECK(contains(page.body, "Official minutes, version 2"));
  CHECK(contains(page.body, "The place was the Clovis annex."));
  const auto first = get(c, "/public/rec6-council/minutes/1/v1");
  REQUIRE(first.status == 200);
  CHECK(contains(first.body, "Superseded: version 1"));
  CHECK_FALSE(contains(first.body, "Clovis annex"));
  CHECK(get(c, "/public/rec6-council/minutes/1/v3").status == 404);
  CHECK(get(c, "/public/rec6-council/minutes/1/v0").status == 404);
  CHECK(get(c, "/public/rec6-council/minutes/1.docx").status == 404);

  // Durable: the same after kill -9 and a restart.
  c.server.kill9();
  ServerProcess again(c.dir / "collegial.db", c.with_clock(Council::with({})));
  WsClient clerk(again.port());
  REQUIRE(clerk.hello(login(again.port(), "clerk@rec6.example", "demo-clerk-2026"))["type"] == "ack");
  REQUIRE(clerk.join("rec6-council")["type"] == "ack");
  CHECK(document(clerk, 1) == v2);
  CHECK(document(clerk, 1, 1) == old);
}

TEST_CASE("R3 R4: exports in Markdown and PDF hold the roll call and verify matches them against the log",
          "[minutes][R3][R4]") {
  MinutedCouncil c;
  c.second_meeting(1);
  REQUIRE(c.decide({{"kind", "approve_minutes"}, {"minutes", 1}}, {1, 2, 3, 4})["body"]["result"] == "adopted");

  // Markdown: the roll call as a table.
  const auto md = get(c, "/public/rec6-council/minutes/1/v1.md");
  REQUIRE(md.status == 200);
  CHECK(contains(md.content_type, "text/markdown"));
  CHECK(contains(md.body, "| Luis Baca | aye |"));
  CHECK(contains(md.body, "| Maria Chavez | aye |"));
  CHECK(contains(md.body, " | nay |"));

  // PDF, made by cairo and read back by poppler's pdftotext.
  const auto pdf = get(c, "/public/rec6-council/minutes/1.pdf");
  REQUIRE(pdf.status == 200);
  CHECK(pdf.content_type == "application/pdf");
  REQUIRE(pdf.body.rfind("%PDF-", 0) == 0);
  const auto pdf_file = c.dir / "minutes.pdf";
  std::ofstream(pdf_file, std::ios::binary) << pdf.body;
  const std::string text = run("pdftotext -layout " + pdf_file.string() + " -");
  INFO(text);
  CHECK(contains(text, "Official minutes, version 1"));
  bool roll_call = false;
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    roll_call = roll_call || (contains(line, "Luis Baca") && contains(line, "aye"));
  }
  CHECK(roll_call);

  // verify: the downloaded JSON matches the log; a changed vote, or a changed digest, does not.
  const auto exported = get(c, "/public/rec6-council/minutes/1/v1.json");
  REQUIRE(exported.status == 200);
  const auto file = c.dir / "minutes.json";
  std::ofstream(file) << exported.body;
  const std::string db = (c.dir / "collegial.db").string();
  const auto good = run_collegiald({"verify", "--data", db, "--minutes", file.string()});
  INFO(good.out);
  CHECK(good.exit_code == 0);
  CHECK(contains(good.out, "match: the minutes of meeting 1 (version 1)"));

  json forged = json::parse(exported.body);
  REQUIRE(forged["content"]["motions"][0]["votes"][1]["vote"] == "aye");
  forged["content"]["motions"][0]["votes"][1]["vote"] = "nay";
  std::ofstream(file) << forged.dump();
  const auto unsealed = run_collegiald({"verify", "--data", db, "--minutes", file.string()});
  CHECK(unsealed.exit_code == 1);
  CHECK(contains(unsealed.out, "changed after export"));
  forged["digest"] = collegial::record::sha256_hex(forged["content"].dump());
  std::ofstream(file) << forged.dump();
  const auto resealed = run_collegiald({"verify", "--data", db, "--minutes", file.string()});
  INFO(resealed.out);
  CHECK(resealed.exit_code == 1);
  CHECK(contains(resealed.out, "/content/motions/0/votes/1/vote: the log gives \"aye\""));
  std::ofstream(file) << "not json";
  CHECK(run_collegiald({"verify", "--data", db, "--minutes", file.string()}).exit_code == 1);
}
