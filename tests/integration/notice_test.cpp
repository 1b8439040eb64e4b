// Meetings under the Open Meetings Act through a real server whose clock the test sets:
// notices and agendas (N2-N6, N8, N9), closed sessions (C1-C4).
#include "integration/oma_council.hpp"

using namespace collegial::test;

namespace {

bool has_finding(const json& m, const std::string& text) {
  UNSCOPED_INFO(m["status"].dump());
  for (const auto& f : m["status"]["findings"]) {
    if (f.get<std::string>().find(text) != std::string::npos) return true;
  }
  return false;
}

}  // namespace

TEST_CASE("N2 N4: an agenda posted 71 h 59 min before a regular meeting is not lawful notice and 72 h is",
          "[notice][N2][N4]") {
  Council c("2026-11-20T09:00");
  const std::string where = "REC 6 office, Portales";
  const auto late = c.schedule({{"kind", "regular"}, {"starts", "2026-12-03T14:00"}, {"place", where}});
  const auto timely = c.schedule({{"kind", "regular"}, {"starts", "2026-12-04T14:00"}, {"place", where}});
  c.must("notice.post", {{"meeting", late}});  // the notice, 13 days ahead; the agenda follows
  c.must("notice.post", {{"meeting", timely}});
  CHECK(act(*c.clerk, "notice.post", {{"meeting", late}})["code"] == "nothing_new");
  c.must("notice.set_agenda", {{"meeting", late}, {"items", kAgenda}});
  c.must("notice.set_agenda", {{"meeting", timely}, {"items", kAgenda}});
  c.clock.set(local("2026-12-03T14:00") - 71 * kHour - 59 * kMinute);
  c.must("notice.post", {{"meeting", late}});
  c.clock.set(local("2026-12-04T14:00") - 72 * kHour);
  c.must("notice.post", {{"meeting", timely}});

  const json l = c.meeting(late);
  INFO(l.dump());
  CHECK(l["status"]["lawful"] == false);
  CHECK(has_finding(l, "agenda public 71 h 59 min before the meeting (N4 requires 72 h)"));
  CHECK(has_finding(l, "notice 13 days 5 h before the meeting (body's resolution: 10 days for regular meetings)"));
  CHECK(l["postings"].size() == 2);
  CHECK(l["final_agenda"].size() == 3);
  const json t = c.meeting(timely);
  CHECK(t["status"]["lawful"] == true);
  CHECK(has_finding(t, "agenda public 72 h before the meeting (N4 requires 72 h)"));
  CHECK(t["starts_text"] == "Friday, December 4, 2026, 2:00 PM MST");
  // The public reads the posted notice: date, time, place and the agenda (N3).
  WsClient pub(c.server.port());
  pub.hello();
  REQUIRE(pub.join("rec6-council", 0)["type"] == "ack");
  json posted;
  for (int i = 0; i < 4; ++i) posted = next_of(pub, "notice.posted");
  const std::string text = posted["body"]["text"];
  CHECK(text.find("When: Friday, December 4, 2026, 2:00 PM MST") != std::string::npos);
  CHECK(text.find("Where: " + where) != std::string::npos);
  CHECK(text.find("2. Approve the FY27 budget (action) - Executive director") != std::string::npos);
}

TEST_CASE("N4: lead times are real hours across the autumn daylight-saving change",
          "[notice][N4]") {
  // Clocks fall back at 2:00 on Sunday 1 November 2026 in Denver: from Saturday 11:00 MDT to
  // Tuesday 10:00 MST is 71 hours on the wall and 72 real hours.
  Council c("2026-10-20T09:00");
  const auto a = c.schedule({{"kind", "regular"}, {"starts", "2026-11-03T10:00"}, {"place", "Portales"}});
  const auto b = c.schedule({{"kind", "regular"}, {"starts", "2026-11-03T10:00"}, {"place", "Clovis"}});
  c.must("notice.set_agenda", {{"meeting", a}, {"items", kAgenda}});
  c.must("notice.set_agenda", {{"meeting", b}, {"items", kAgenda}});
  c.must("notice.post", {{"meeting", a}});  // notices 14 days ahead
  c.must("notice.post", {{"meeting", b}});
  c.must("notice.set_agenda", {{"meeting", a}, {"items", kAgenda}});
  c.must("notice.set_agenda", {{"meeting", b}, {"items", kAgenda}});
  c.clock.set(local("2026-10-31T11:00"));
  c.must("notice.post", {{"meeting", a}});
  c.clock.set(local("2026-10-31T11:01"));
  c.must("notice.post", {{"meeting", b}});
  CHECK(c.meeting(a)["status"]["lawful"] == true);
  CHECK(has_finding(c.meeting(a), "agenda public 72 h before"));
  CHECK(c.meeting(b)["status"]["lawful"] == false);
  CHECK(has_finding(c.meeting(b), "agenda public 71 h 59 min before"));
  // A time the spring change skips, or the autumn change repeats, is refused by name.
  CHECK(act(*c.clerk, "notice.schedule", {{"kind", "special"}, {"starts", "2027-03-14T02:30"}, {"place", "x"}})["message"]
            .get<std::string>()
            .find("does not exist") != std::string::npos);
  CHECK(act(*c.clerk, "notice.schedule", {{"kind", "special"}, {"starts", "2027-11-07T01:30"}, {"place", "x"}})["message"]
            .get<std::string>()
            .find("happens twice") != std::string::npos);
}

TEST_CASE("N5 N9: an action item not on the final agenda is refused and a lawful meeting's action is valid",
          "[notice][N5][N9]") {
  Council c("2026-12-01T09:00");
  const auto n = c.schedule({{"kind", "special"}, {"starts", "2026-12-05T10:00"}, {"place", "Portales"}});
  c.must("notice.set_agenda", {{"meeting", n}, {"items", kAgenda}});
  c.must("notice.post", {{"meeting", n}});  // 97 h ahead: special meetings need 3 days
  c.clock.set(local("2026-12-05T10:00"));
  auto m = c.arrive(5);
  REQUIRE(act(*m[0], "meeting.call_to_order")["type"] == "ack");
  CHECK(next_of(*m[1], "meeting.called_to_order")["body"]["meeting"] == n);
  const auto none = act(*m[1], "motions.move", {{"text", "Buy buses"}});
  CHECK(none["code"] == "not_on_agenda");
  CHECK(none["message"].get<std::string>().rfind("N5:", 0) == 0);
  REQUIRE(act(*m[0], "notice.take_up", {{"item", 1}})["type"] == "ack");
  CHECK(act(*m[1], "motions.move", {{"text", "Buy buses"}})["message"].get<std::string>().find(
            "item 1 is information") != std::string::npos);
  // The agenda is final: nothing is added or reposted during the meeting, and no item beyond it.
  CHECK(act(*c.clerk, "notice.set_agenda", {{"meeting", n}, {"items", kAgenda}})["code"] == "agenda_final");
  CHECK(act(*c.clerk, "notice.post", {{"meeting", n}})["code"] == "agenda_final");
  const auto beyond = act(*m[0], "notice.take_up", {{"item", 4}});
  CHECK(beyond["code"] == "not_on_agenda");
  CHECK(contains(beyond["message"].get<std::string>(), "it has 3 items"));  // counted as English counts
  CHECK(act(*m[2], "notice.take_up", {{"item", 2}})["code"] == "forbidden");
  REQUIRE(act(*m[0], "notice.take_up", {{"item", 2}})["type"] == "ack");
  const auto decided = carry(m, "Approve the FY27 budget as presented");
  CHECK(decided["body"]["notice"]["valid"] == true);
  CHECK(decided["body"]["notice"]["meeting"] == n);
  CHECK_FALSE(decided["body"]["notice"].contains("cure"));
}

TEST_CASE("N9: actions at a meeting not lawfully noticed are marked not valid with the cure",
          "[notice][N9]") {
  Council c("2026-12-01T09:00");
  const auto n = c.schedule({{"kind", "special"}, {"starts", "2026-12-02T10:00"}, {"place", "Portales"}});
  c.must("notice.set_agenda", {{"meeting", n}, {"items", kAgenda}});
  c.must("notice.post", {{"meeting", n}});  // 25 hours ahead: too late for a special meeting
  CHECK(c.meeting(n)["status"]["lawful"] == false);
  CHECK(has_finding(c.meeting(n), "notice 25 h before the meeting (body's resolution: 3 days for special meetings)"));
  c.clock.set(local("2026-12-02T10:05"));
  auto m = c.arrive(5);
  REQUIRE(act(*m[0], "meeting.call_to_order", kUnnoticed)["type"] == "ack");
  REQUIRE(act(*m[0], "notice.take_up", {{"item", 2}})["type"] == "ack");
  const auto notice = carry(m, "Approve the FY27 budget")["body"]["notice"];
  CHECK(notice["valid"] == false);
  CHECK(notice["cure"].get<std::string>().rfind("N9:", 0) == 0);
  CHECK(notice["findings"][0].get<std::string>().find("25 h") != std::string::npos);
  REQUIRE(act(*m[0], "meeting.adjourn")["type"] == "ack");
  // The cure: a new meeting with the same items, to be noticed properly.
  const json cure = {{"kind", "special"}, {"starts", "2026-12-09T10:00"}, {"place", "Portales"}, {"cure_of", n}};
  const auto again = c.schedule(cure);
  const json cured = c.meeting(again);
  CHECK(cured["cure_of"] == n);
  REQUIRE(cured["agenda"].size() == 3);
  CHECK(cured["agenda"][1]["title"] == "Approve the FY27 budget");
  c.must("notice.post", {{"meeting", again}});
  CHECK(c.meeting(again)["status"]["lawful"] == true);
  CHECK(act(*c.clerk, "notice.schedule", json{{"kind", "special"}, {"starts", "2026-12-10T10:00"},
                                              {"place", "x"}, {"cure_of", again}})["code"] == "bad_state");
}

TEST_CASE("N6: an emergency meeting without justification is refused and a held one owes the Attorney General a report",
          "[notice][N6]") {
  Council c("2026-12-01T09:00");
  const json base = {{"kind", "emergency"}, {"starts", "2026-12-02T10:00"}, {"place", "Portales"}};
  CHECK(act(*c.clerk, "notice.schedule", base)["code"] == "needs_justification");
  json thin = base;
  thin["justification"] = {{"circumstance", "urgent"}, {"unforeseen", "x"}, {"harm", "inconvenience"}};
  CHECK(act(*c.clerk, "notice.schedule", thin)["code"] == "needs_justification");
  json good = base;
  good["justification"] = {
      {"circumstance", "The roof of the Dora school gym collapsed under snow on 30 November"},
      {"unforeseen", "The storm exceeded the roof's rated load without warning"},
      {"harm", {"injury_to_persons", "damage_to_property"}}};
  const auto n = c.schedule(good);
  c.must("notice.post", {{"meeting", n}});  // 25 hours ahead: the body's 24 hours are met
  CHECK(c.meeting(n)["status"]["lawful"] == true);
  c.clock.set(local("2026-12-02T10:00"));
  auto m = c.arrive(5);
  REQUIRE(act(*m[0], "meeting.call_to_order")["type"] == "ack");
  // N5 does not bind an emergency meeting: action without an agenda item.
  CHECK(carry(m, "Close the Dora gym and hire an engineer")["body"]["result"] == "adopted");
  REQUIRE(act(*m[0], "meeting.adjourn")["type"] == "ack");
  const json report = c.meeting(n)["ag_report"];
  CHECK(report["due_date"] == "2026-12-12");
  const std::string draft = report["draft"];
  CHECK(draft.find("roof of the Dora school gym collapsed") != std::string::npos);
  CHECK(draft.find("Close the Dora gym and hire an engineer") != std::string::npos);
  CHECK(draft.find("adopted: 4 aye") != std::string::npos);
  CHECK(report["filed"].is_null());
  c.must("notice.ag_report_filed", {{"meeting", n}, {"reference", "NMDOJ form, 4 December 2026"}});
  CHECK(c.meeting(n)["ag_report"]["filed"]["reference"] == "NMDOJ form, 4 December 2026");
}

TEST_CASE("N8: a recess to a later day states where it continues and its notice is posted at once",
          "[notice][N8]") {
  Council c("2026-12-01T09:00");
  const auto n = c.schedule({{"kind", "special"}, {"starts", "2026-12-05T10:00"}, {"place", "Portales"}});
  c.must("notice.set_agenda", {{"meeting", n}, {"items", kAgenda}});
  c.must("notice.post", {{"meeting", n}});
  c.clock.set(local("2026-12-05T10:00"));
  auto m = c.arrive(5);
  REQUIRE(act(*m[0], "meeting.call_to_order")["type"] == "ack");
  const auto refused = act(*m[0], "meeting.recess", {{"until", "2026-12-07T09:00"}});
  CHECK(refused["code"] == "needs_place");
  CHECK(refused["message"].get<std::string>().rfind("N8:", 0) == 0);
  REQUIRE(act(*m[0], "meeting.recess", {{"until", "2026-12-07T09:00"}, {"place", "Clovis High School library"}})["type"] == "ack");
  const json cont = c.meeting(n)["continuation"];
  CHECK(cont["starts_text"] == "Monday, December 7, 2026, 9:00 AM MST");
  CHECK(cont["posted_ms"] == local("2026-12-05T10:00"));
  CHECK(cont["text"].get<std::string>().find("will continue on Monday, December 7, 2026, 9:00 AM MST, at Clovis High School library") != std::string::npos);
  // On the day: the same agenda, nothing added.
  c.clock.set(local("2026-12-07T09:00"));
  REQUIRE(act(*m[0], "meeting.resume")["type"] == "ack");
  CHECK(act(*c.clerk, "notice.set_agenda", {{"meeting", n}, {"items", kAgenda}})["code"] == "agenda_final");
  REQUIRE(act(*m[0], "notice.take_up", {{"item", 2}})["type"] == "ack");
}

TEST_CASE("C1 C3 C4: a public client receives no closed-session content and the return is a recorded vote",
          "[notice][closed][C1][C3][C4]") {
  Council c("2026-12-01T09:00");
  const auto n = c.schedule({{"kind", "special"}, {"starts", "2026-12-05T10:00"}, {"place", "Portales"}});
  c.must("notice.set_agenda", {{"meeting", n}, {"items", kAgenda}});
  c.must("notice.post", {{"meeting", n}});
  c.clock.set(local("2026-12-05T10:00"));
  WsClient pub(c.server.port());
  pub.hello();
  REQUIRE(pub.join("rec6-council")["type"] == "ack");
  auto director = c.seat_in("director@rec6.example", "demo-director-2026");
  auto m = c.arrive(6);
  REQUIRE(act(*m[0], "meeting.call_to_order")["type"] == "ack");
  // C1: only under the agenda's closed-session item, with authority and specific subject.
  REQUIRE(act(*m[0], "notice.take_up", {{"item", 2}})["type"] == "ack");
  CHECK(act(*m[1], "motions.move", {{"kind", "close_session"}})["code"] == "not_on_agenda");
  REQUIRE(act(*m[0], "notice.take_up", {{"item", 3}})["type"] == "ack");
  CHECK(act(*m[1], "motions.move", {{"kind", "close_session"}, {"authority", "H2"}, {"subject", "personnel"}})["code"] == "not_specific");
  CHECK(act(*m[1], "motions.move", {{"kind", "close_session"}, {"authority", "H99"}, {"subject", "the annual evaluation"}})["code"] == "bad_field");
  REQUIRE(act(*m[1], "motions.move", {{"kind", "close_session"}})["type"] == "ack");
  const auto made = next_of(*m[2], "motions.made");
  CHECK(made["body"]["threshold"] == "majority_of_quorum");
  CHECK(made["body"]["grounds"]["citation"] == "NMSA 1978, Section 10-15-1(H)(2)");
  REQUIRE(act(*m[0], "motions.state")["type"] == "ack");
  REQUIRE(act(*m[0], "motions.call_vote")["type"] == "ack");
  for (std::size_t i = 1; i < 6; ++i) {
    REQUIRE(act(*m[i], "motions.vote", {{"choice", i == 5 ? "nay" : "aye"}})["type"] == "ack");
  }
  REQUIRE(act(*m[0], "motions.close_vote")["type"] == "ack");
  const auto closing = next_of(*m[2], "motions.decided");
  CHECK(closing["body"]["result"] == "adopted");
  CHECK(closing["body"]["votes"][5]["vote"] == "nay");  // the roll call, open to all
  // In closed session: discussion, but no action (C3).
  const std::string secret = "Evaluation notes: exceeded goals in literacy";
  REQUIRE(m[2]->say("rec6-council", secret)["type"] == "ack");
  REQUIRE(act(*m[4], "quorum.absent")["type"] == "ack");
  const auto action = act(*m[1], "motions.move", {{"text", "Raise the director's salary"}});
  CHECK(action["code"] == "closed_session");
  CHECK(action["message"].get<std::string>().rfind("C3:", 0) == 0);
  CHECK(next_of(*director, "chat.message")["body"]["text"] == secret);  // staff who attend see it
  // A public client joining now, from the start of the log, sees no closed content either.
  WsClient late(c.server.port());
  late.hello();
  REQUIRE(late.join("rec6-council", 0)["type"] == "ack");
  WsClient viewer(c.server.port());
  viewer.hello();
  REQUIRE(viewer.join("rec6-council")["type"] == "ack");
  const auto pv = viewer.request({{"type", "view"}, {"room", "rec6-council"}});
  // The public's views are folded from public events only: the departure in closed session is
  // not in them, and no motion was made there.
  CHECK(pv["views"]["quorum"]["present"].size() == 6);
  CHECK(pv["views"]["motions"]["pending"].empty());
  CHECK(pv["views"]["meeting"]["closed"]["authority"] == "H2");
  REQUIRE(act(*m[0], "meeting.open_session")["type"] == "ack");

  const std::string line =
      "In closed session under NMSA 1978, Section 10-15-1(H)(2): the annual evaluation of the "
      "executive director";
  // Inspect every message the public clients received, up to the return to open session.
  for (WsClient* p : {&pub, &late}) {
    bool closed = false, reopened = false;
    int withheld = 0;
    auto inspect = [&](const json& e) {
      const std::string text = e.dump();
      CHECK(text.find("Evaluation notes") == std::string::npos);
      CHECK(text.find("quorum.departed") == std::string::npos);
      const std::string type = e.value("type", "");
      if (type == "motions.decided" && e["body"]["kind"] == "close_session") closed = true;
      else if (type == "meeting.session_opened") reopened = true;
      else if (closed && e.contains("seq")) {
        CHECK(type == "session.withheld");
        CHECK(e["body"]["text"] == line);
        ++withheld;
      }
    };
    while (!p->kept_events().empty()) {
      inspect(p->kept_events().front());
      p->kept_events().pop_front();
    }
    while (!reopened) inspect(p->next());
    CHECK(withheld == 2);  // the chat line and the departure
  }
  // C4: first the statement, by a recorded vote of each member.
  const auto blocked = act(*m[1], "motions.move", {{"text", "Adopt the calendar"}});
  CHECK(blocked["code"] == "statement_due");
  REQUIRE(act(*m[0], "motions.move", {{"kind", "closed_session_statement"}})["type"] == "ack");
  const auto statement = next_of(pub, "motions.made");
  CHECK(statement["body"]["text"].get<std::string>().find("limited to those specified") != std::string::npos);
  REQUIRE(act(*m[0], "motions.state")["type"] == "ack");
  REQUIRE(act(*m[0], "motions.call_vote")["type"] == "ack");
  for (std::size_t i : {1, 2, 3, 5}) REQUIRE(act(*m[i], "motions.vote", {{"choice", "aye"}})["type"] == "ack");
  REQUIRE(act(*m[0], "motions.close_vote")["type"] == "ack");
  const auto c4 = next_of(pub, "motions.decided");
  CHECK(c4["body"]["kind"] == "closed_session_statement");
  CHECK(c4["body"]["result"] == "adopted");
  REQUIRE(c4["body"]["votes"].size() == 9);
  CHECK(c4["body"]["votes"][1]["vote"] == "aye");
  CHECK(c4["body"]["votes"][4]["vote"] == "absent");
  CHECK(c4["body"]["votes"][6]["vote"] == "absent");
  REQUIRE(act(*m[0], "notice.take_up", {{"item", 2}})["type"] == "ack");
  REQUIRE(act(*m[1], "motions.move", {{"text", "Adopt the calendar"}})["type"] == "ack");
}

TEST_CASE("C2: a separately scheduled closed meeting is noticed with its authority and subject",
          "[notice][closed][C2]") {
  Council c("2026-12-01T09:00");
  json args = {{"kind", "special"}, {"starts", "2026-12-05T10:00"}, {"place", "Portales"},
               {"closed", {{"authority", "H7"}, {"subject", "the threatened suit over the Elida bus contract"}}}};
  CHECK(act(*c.clerk, "notice.schedule", json{{"kind", "special"}, {"starts", "2026-12-05T10:00"}, {"place", "Portales"},
                                               {"closed", {{"authority", "H7"}, {"subject", "litigation"}}}})["code"] == "not_specific");
  const auto n = c.schedule(args);
  c.must("notice.post", {{"meeting", n}});
  const auto posted = next_of(*c.clerk, "notice.posted");
  CHECK(posted["body"]["text"].get<std::string>().find(
            "This is a closed meeting under NMSA 1978, Section 10-15-1(H)(7): the threatened suit over the Elida bus contract") !=
        std::string::npos);
  c.clock.set(local("2026-12-05T10:00"));
  WsClient pub(c.server.port());
  pub.hello();
  REQUIRE(pub.join("rec6-council")["type"] == "ack");
  auto m = c.arrive(5);
  REQUIRE(act(*m[0], "meeting.call_to_order", kUnnoticed)["type"] == "ack");  // no agenda posted (N4)
  REQUIRE(m[1]->say("rec6-council", "Counsel's advice: settle")["type"] == "ack");
  // The arrivals came before the call to order; after it, only the closed line.
  json e = next_of(pub, "meeting.called_to_order");
  CHECK(e["body"]["closed"]["authority"] == "H7");
  e = pub.next_event();
  CHECK(e["type"] == "session.withheld");
  CHECK(e["body"]["text"].get<std::string>().find("Elida bus contract") != std::string::npos);
}

TEST_CASE("N5 N6: an emergency meeting's agenda is amended after the call to order, recorded as such; another's is not",
          "[notice][N5][N6]") {
  Council c("2026-12-01T09:00");
  json emergency = {{"kind", "emergency"}, {"starts", "2026-12-02T10:00"}, {"place", "Portales"},
                    {"justification",
                     {{"circumstance", "The roof of the Dora school gym collapsed under snow on 30 November"},
                      {"unforeseen", "The storm exceeded the roof's rated load without warning"},
                      {"harm", {"injury_to_persons", "damage_to_property"}}}}};
  const auto n = c.schedule(emergency);
  const json first = json::array({{{"title", "The Dora gym roof"}, {"type", "action"}}});
  c.must("notice.set_agenda", {{"meeting", n}, {"items", first}});
  CHECK_FALSE(next_of(*c.clerk, "notice.agenda_drafted")["body"].contains("amended_in_session"));
  c.must("notice.post", {{"meeting", n}});
  CHECK_FALSE(next_of(*c.clerk, "notice.posted")["body"].contains("amended_in_session"));
  c.clock.set(local("2026-12-02T10:00"));
  auto m = c.arrive(5);
  REQUIRE(act(*m[0], "meeting.call_to_order")["type"] == "ack");
  // The boiler failed overnight too: the clerk adds it while the meeting is in session.
  const json amended = json::array({{{"title", "The Dora gym roof"}, {"type", "action"}},
                                    {{"title", "The Dora boiler"}, {"type", "action"}}});
  c.must("notice.set_agenda", {{"meeting", n}, {"items", amended}});
  CHECK(next_of(*c.clerk, "notice.agenda_drafted")["body"]["amended_in_session"] == true);
  c.must("notice.post", {{"meeting", n}});
  CHECK(next_of(*c.clerk, "notice.posted")["body"]["amended_in_session"] == true);
  const json held = c.meeting(n);
  CHECK(held["final_agenda"].size() == 2);
  CHECK(held["amended_in_session"] == json::array({2}));
  REQUIRE(act(*m[0], "notice.take_up", {{"item", 2}})["type"] == "ack");
  CHECK(next_of(*c.clerk, "notice.item_taken_up")["body"]["title"] == "The Dora boiler");
  REQUIRE(act(*m[0], "meeting.adjourn")["type"] == "ack");
  CHECK(act(*c.clerk, "notice.set_agenda", {{"meeting", n}, {"items", first}})["code"] == "bad_state");

  // A special meeting's agenda stays final once it begins (N5).
  const auto s = c.schedule({{"kind", "special"}, {"starts", "2026-12-08T10:00"}, {"place", "Portales"}});
  c.must("notice.set_agenda", {{"meeting", s}, {"items", kAgenda}});
  c.must("notice.post", {{"meeting", s}});
  c.clock.set(local("2026-12-08T10:00"));
  Council::present_again(m);
  REQUIRE(act(*m[0], "meeting.call_to_order")["type"] == "ack");
  const auto refused = act(*c.clerk, "notice.set_agenda", {{"meeting", s}, {"items", first}});
  CHECK(refused["code"] == "agenda_final");
  CHECK(act(*c.clerk, "notice.post", {{"meeting", s}})["code"] == "agenda_final");
}
