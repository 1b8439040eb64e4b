// L2 and L4: webinars in a learning circle's room through a real server whose clock the test
// sets: registration and the waitlist under concurrent requests, facilitators' bookings across
// rooms, reminders exactly once across a kill -9, attendance from presence, the circle's
// iCalendar feed read back by libical, and the warning when a council's quorum gathers.
#include <libical/ical.h>

#include <chrono>
#include <thread>

#include "integration/oma_council.hpp"
#include "support/smtp_listener.hpp"

using namespace collegial::test;

namespace {

constexpr const char* kCircle = "rec6-literacy";

// A learning circle (the demo's Early Literacy circle) on a server whose clock the test sets,
// asked every 50 ms to do what is due.
struct Circle {
  explicit Circle(const std::string& now)
      : clock(dir / "clock", local(now)),
        server(dir / "collegial.db", args()),
        facilitator(in_circle("facilitator@rec6.example", "demo-facilitator-2026")) {}

  std::vector<std::string> args() {
    // At debug level the server logs each scheduler pass (wait_passes below).
    std::vector<std::string> a = {"--rate-limit", "0", "--schedule-interval-ms", "50", "--smtp-url", smtp.url(),
                                  "--smtp-from", "REC 6 Webinars <webinars@rec6.example>", "--log-level", "debug"};
    for (const auto& c : clock.args()) a.push_back(c);
    return a;
  }

  std::unique_ptr<WsClient> in_circle(const std::string& email, const std::string& password,
                                      std::uint16_t port = 0) {
    return seat_at(port ? port : server.port(), email, password, kCircle);
  }

  // Gives council member `i` a participant's seat in the circle.
  void seat_voter(std::size_t i) {
    const auto r = AdminClient(server.port()).run("add-membership",
                         {{"body", kCircle}, {"person", kVoters[i].first}, {"role", "participant"}});
    INFO(r.body);
    REQUIRE(r.status == 200);
  }

  json schedule(json args) {
    const auto r = act(*facilitator, "webinar.schedule", std::move(args), kCircle);
    INFO(r.dump());
    REQUIRE(r["type"] == "ack");
    return next_of(*facilitator, "webinar.scheduled")["body"];
  }

  TempDir dir;
  SmtpListener smtp;  // registrants' reminders arrive here
  ClockFile clock;
  ServerProcess server;
  std::unique_ptr<WsClient> facilitator;
};

json one_session(const std::string& day, std::int64_t capacity = 30) {
  return {{"title", "Phonics routines that stick"},
          {"description", "Small-group phonics, grades K-2."},
          {"starts", day + "T16:00"},
          {"ends", day + "T17:00"},
          {"capacity", capacity},
          {"join_url", "https://meet.rec6.example/phonics"}};
}

// Every event of `type` in the circle's log, read from the start by a fresh client.
std::vector<json> logged(std::uint16_t port, const std::string& type) {
  WsClient c(port);
  REQUIRE(c.hello(login(port, "facilitator@rec6.example", "demo-facilitator-2026"))["type"] == "ack");
  const auto joined = c.join(kCircle, 0);
  REQUIRE(joined["type"] == "ack");
  const std::int64_t head = joined["seq"];
  std::vector<json> out;
  for (std::int64_t seen = 0; seen < head;) {
    const json e = c.next_event();
    seen = e["seq"];
    if (e["type"] == type) out.push_back(e);
  }
  return out;
}

// Waits until the scheduler has finished two more passes than it had when called: the second
// began after the call, so whatever was due by then is recorded. For "nothing more happened":
// a fixed sleep would pass on a slow machine without any pass having run.
void wait_passes(const ServerProcess& server) {
  const auto passes = [&] {
    const std::string log = server.log();
    std::size_t n = 0;
    for (auto at = log.find("scheduler: pass done"); at != std::string::npos;
         at = log.find("scheduler: pass done", at + 1)) {
      ++n;
    }
    return n;
  };
  const std::size_t target = passes() + 2;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (passes() < target) {
    if (std::chrono::steady_clock::now() > deadline) FAIL("the scheduler made no pass in 30 s");
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

// Waits (real time) for the scheduler to have recorded `n` events of `type`.
std::vector<json> wait_logged(std::uint16_t port, const std::string& type, std::size_t n) {
  for (int i = 0; i < 100; ++i) {
    auto got = logged(port, type);
    if (got.size() >= n) return got;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return logged(port, type);
}

}  // namespace

TEST_CASE("L2: of two people asking for the last seat at once exactly one gets it and a freed seat goes to the waitlist",
          "[webinar][L2]") {
  Circle c("2026-11-26T10:00");
  for (std::size_t i : {1, 2}) c.seat_voter(i);
  const json w = c.schedule(one_session("2026-12-03", 2));
  CHECK(w["sessions"].size() == 1);
  CHECK(w["sessions"][0]["starts_text"] == "Thursday, December 3, 2026, 4:00 PM MST to 5:00 PM MST");
  auto teacher = c.in_circle("teacher@rec6.example", "demo-teacher-2026");
  REQUIRE(act(*teacher, "webinar.register", {{"webinar", 1}}, kCircle)["type"] == "ack");
  CHECK(act(*teacher, "webinar.register", {{"webinar", 1}}, kCircle)["code"] == "already_registered");

  // Two requests for the one seat left, sent before either is answered.
  auto a = c.in_circle(kVoters[1].first, kVoters[1].second);
  auto b = c.in_circle(kVoters[2].first, kVoters[2].second);
  const json ask = {{"type", "act"}, {"room", kCircle}, {"op", "webinar.register"}, {"args", {{"webinar", 1}}}};
  json ask_a = ask, ask_b = ask;
  ask_a["id"] = 901;
  ask_b["id"] = 902;
  a->send_text(ask_a.dump());
  b->send_text(ask_b.dump());
  const auto answer = [](WsClient& c, int id) {
    for (int i = 0; i < 50; ++i) {
      const json m = c.next();
      if (m.value("id", 0) == id) return m;
    }
    return json();
  };
  CHECK(answer(*a, 901)["type"] == "ack");
  CHECK(answer(*b, 902)["type"] == "ack");
  const auto seated = logged(c.server.port(), "webinar.registered");
  const auto waiting = logged(c.server.port(), "webinar.waitlisted");
  REQUIRE(seated.size() == 2);  // the teacher and exactly one of the two
  REQUIRE(waiting.size() == 1);
  CHECK(waiting[0]["body"]["position"] == 1);
  const std::int64_t winner = seated[1]["body"]["person"];
  const std::int64_t waiter = waiting[0]["body"]["person"];
  CHECK(winner != waiter);

  // The teacher gives up her seat: the first on the waitlist is promoted and told, in the
  // same append.
  REQUIRE(act(*teacher, "webinar.unregister", {{"webinar", 1}}, kCircle)["type"] == "ack");
  const auto promoted = logged(c.server.port(), "webinar.promoted");
  REQUIRE(promoted.size() == 1);
  CHECK(promoted[0]["body"]["person"] == waiter);
  CHECK(promoted[0]["actor"] == "plugin:webinar");
  const auto view = c.facilitator->request({{"type", "view"}, {"room", kCircle}});
  const json& now = view["views"]["webinar"]["webinars"][0];
  CHECK(now["registered"] == json::array({winner, waiter}));
  CHECK(now["waitlisted"].empty());
  CHECK(act(*teacher, "webinar.unregister", {{"webinar", 1}}, kCircle)["code"] == "not_registered");
  // The chat form names the webinar.
  CHECK(teacher->say(kCircle, "/register 1")["type"] == "ack");
  CHECK(logged(c.server.port(), "webinar.waitlisted").size() == 2);
  // Registrants' names are not in the events anyone in the room receives.
  CHECK_FALSE(promoted[0]["body"].contains("name"));
  // Over HTTP: only someone who may enter the circle acts in it, and presence is given from
  // the room itself.
  const std::string outsider = login(c.server.port(), kVoters[5].first, kVoters[5].second);
  const json ask_http = {{"op", "webinar.register"}, {"args", {{"webinar", 1}}}};
  CHECK(http_request(c.server.port(), "POST", "/api/rooms/rec6-literacy/act", {}, ask_http.dump(), outsider).status == 403);
  const auto remote = http_request(c.server.port(), "POST", "/api/rooms/rec6-literacy/act", {},
                                   json{{"op", "quorum.present"}, {"args", {{"mode", "remote"}}}}.dump(),
                                   login(c.server.port(), "teacher@rec6.example", "demo-teacher-2026"));
  CHECK(remote.status == 409);
  CHECK(json::parse(remote.body)["error"] == "not_joined");
  // The facilitator reads names; a participant only counts and ids.
  const auto names = c.facilitator->request({{"type", "read"}, {"room", kCircle}, {"plugin", "webinar"}, {"query", {{"webinar", 1}}}});
  CHECK(names["result"]["registered"][0]["name"].is_string());
  const auto ids = teacher->request({{"type", "read"}, {"room", kCircle}, {"plugin", "webinar"}, {"query", {{"webinar", 1}}}});
  CHECK(ids["result"]["registered"][0].is_number_integer());
  // Participants do not schedule; bad input says what is wrong.
  CHECK(act(*teacher, "webinar.schedule", one_session("2026-12-04"), kCircle)["code"] == "forbidden");
  json no_capacity = one_session("2026-12-04");
  no_capacity.erase("capacity");
  CHECK(act(*c.facilitator, "webinar.schedule", no_capacity, kCircle)["code"] == "missing_field");
  json backwards = one_session("2026-12-04");
  backwards["ends"] = "2026-12-04T15:00";
  CHECK(act(*c.facilitator, "webinar.schedule", backwards, kCircle)["code"] == "bad_field");
  CHECK(act(*c.facilitator, "webinar.register", {{"webinar", 7}}, kCircle)["code"] == "unknown_webinar");
}

TEST_CASE("L2: a facilitator cannot be booked into two overlapping webinars in any room and the refusal names the other",
          "[webinar][L2]") {
  Circle c("2026-11-26T10:00");
  json weekly = one_session("2026-12-01");
  weekly["rrule"] = "FREQ=WEEKLY;COUNT=4";
  const json series = c.schedule(weekly);
  REQUIRE(series["sessions"].size() == 4);
  // Overlaps the third session (December 15, 4:30 PM).
  json clash = one_session("2026-12-15");
  clash["title"] = "Writing workshop";
  clash["starts"] = "2026-12-15T16:30";
  clash["ends"] = "2026-12-15T17:30";
  const auto refused = act(*c.facilitator, "webinar.schedule", clash, kCircle);
  CHECK(refused["code"] == "overlap");
  CHECK(refused["message"] == "L2: Priya Nakai already facilitates webinar 1 \u201cPhonics routines that stick\u201d, "
                              "Tuesday, December 15, 2026, 4:00 PM MST to 5:00 PM MST");
  clash["starts"] = "2026-12-15T17:00";  // back to back is not an overlap
  clash["ends"] = "2026-12-15T18:00";
  CHECK(act(*c.facilitator, "webinar.schedule", clash, kCircle)["type"] == "ack");

  // In another circle she also leads, the same hour is refused, naming the first circle.
  const auto made = AdminClient(c.server.port()).run("create-body",
                          {{"slug", "rec6-math"}, {"name", "Math Circle"}, {"kind", "learning_circle"}, {"cooperative", "rec6"}});
  INFO(made.body);
  REQUIRE(made.status == 200);
  REQUIRE(AdminClient(c.server.port()).run("add-membership",
                {{"body", "rec6-math"}, {"person", "facilitator@rec6.example"}, {"role", "facilitator"}}).status == 200);
  WsClient math(c.server.port());
  REQUIRE(math.hello(login(c.server.port(), "facilitator@rec6.example", "demo-facilitator-2026"))["type"] == "ack");
  REQUIRE(math.join("rec6-math")["type"] == "ack");
  json elsewhere = one_session("2026-12-08");
  elsewhere["title"] = "Number sense";
  const auto other = act(math, "webinar.schedule", elsewhere, "rec6-math");
  CHECK(other["code"] == "overlap");
  CHECK(other["message"].get<std::string>().find("\u201cPhonics routines that stick\u201d in rec6-literacy, Tuesday, December 8, 2026") !=
        std::string::npos);
  // Cancelling the series frees her hours everywhere; the view keeps the reason given, so a
  // client that joins later shows it (issue #19 §2: the view and the client's fold agree).
  REQUIRE(act(*c.facilitator, "webinar.cancel", {{"webinar", 1}, {"reason", "The presenter is ill."}}, kCircle)["type"] ==
          "ack");
  const auto view = c.facilitator->request({{"type", "view"}, {"room", kCircle}});
  REQUIRE(view["type"] == "ack");
  CHECK(view["views"]["webinar"]["webinars"][0]["cancelled"] == true);
  CHECK(view["views"]["webinar"]["webinars"][0]["cancel_reason"] == "The presenter is ill.");
  CHECK(act(math, "webinar.schedule", elsewhere, "rec6-math")["type"] == "ack");
}

TEST_CASE("L2: reminders fire once each at 24 h and 1 h also across a kill -9 and attendance comes from presence",
          "[webinar][L2]") {
  Circle c("2026-12-01T10:00");
  c.schedule(one_session("2026-12-03"));
  auto teacher = c.in_circle("teacher@rec6.example", "demo-teacher-2026");
  REQUIRE(act(*teacher, "webinar.register", {{"webinar", 1}}, kCircle)["type"] == "ack");
  CHECK(logged(c.server.port(), "webinar.reminder").empty());

  c.clock.set(local("2026-12-02T16:05"));  // 23 h 55 min before
  const auto day = wait_logged(c.server.port(), "webinar.reminder", 1);
  REQUIRE(day.size() == 1);
  CHECK(day[0]["body"]["offset_minutes"] == 1440);
  CHECK(day[0]["body"]["registrants"].size() == 1);
  CHECK(day[0]["body"]["text"] == "Reminder: \u201cPhonics routines that stick\u201d starts in 1 day, Thursday, December 3, "
                                  "2026, 4:00 PM MST to 5:00 PM MST. Join at https://meet.rec6.example/phonics");

  // Each registrant is e-mailed.
  const auto mailed = c.smtp.wait_for(1);
  REQUIRE(mailed.size() == 1);
  CHECK(mailed[0].to == std::vector<std::string>{"teacher@rec6.example"});
  CHECK(mailed[0].header("Subject").find("Reminder: Phonics routines that stick") == 0);
  CHECK(mailed[0].decoded_body().find("Join at https://meet.rec6.example/phonics") != std::string::npos);
  // A crash and restart: the 24-hour reminder is in the log, so it is not sent again. (Mail is
  // sent at least once: a crash between the SMTP server's receipt and the deliverer's record of
  // it sends again. So the crash comes after the record.)
  const auto recorded = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (c.server.log().find(") delivered") == std::string::npos) {
    if (std::chrono::steady_clock::now() > recorded) FAIL("the reminder's delivery was not recorded in 30 s");
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  c.server.kill9();
  ServerProcess again(c.dir / "collegial.db", c.args());
  wait_passes(again);
  CHECK(logged(again.port(), "webinar.reminder").size() == 1);
  c.clock.set(local("2026-12-03T15:10"));
  const auto both = wait_logged(again.port(), "webinar.reminder", 2);
  REQUIRE(both.size() == 2);
  CHECK(both[1]["body"]["offset_minutes"] == 60);
  CHECK(c.smtp.wait_for(2).size() == 2);

  // The teacher is present from 3:58 to 4:40; the facilitator from 4:00 to the end.
  auto teacher2 = c.in_circle("teacher@rec6.example", "demo-teacher-2026", again.port());
  auto host = c.in_circle("facilitator@rec6.example", "demo-facilitator-2026", again.port());
  c.clock.set(local("2026-12-03T15:58"));
  REQUIRE(act(*teacher2, "quorum.present", {}, kCircle)["type"] == "ack");
  c.clock.set(local("2026-12-03T16:00"));
  REQUIRE(act(*host, "quorum.present", {}, kCircle)["type"] == "ack");
  c.clock.set(local("2026-12-03T16:10"));
  // Moving from remote to in person is no new arrival.
  REQUIRE(act(*teacher2, "quorum.present", {{"mode", "in_person"}}, kCircle)["type"] == "ack");
  c.clock.set(local("2026-12-03T16:40"));
  REQUIRE(act(*teacher2, "quorum.absent", {}, kCircle)["type"] == "ack");
  wait_passes(again);
  CHECK(logged(again.port(), "webinar.attendance").empty());  // not before the end
  c.clock.set(local("2026-12-03T17:01"));
  const auto taken = wait_logged(again.port(), "webinar.attendance", 1);
  REQUIRE(taken.size() == 1);
  const json& attendees = taken[0]["body"]["attendees"];
  REQUIRE(attendees.size() == 2);
  for (const auto& a : attendees) {
    if (a["name"] == "Priya Nakai") CHECK(a["minutes"] == 60);
    else CHECK(a["minutes"] == 40);
  }
  wait_passes(again);
  CHECK(logged(again.port(), "webinar.attendance").size() == 1);
  CHECK(logged(again.port(), "webinar.reminder").size() == 2);
  CHECK(c.smtp.messages().size() == 2);  // once each
}

TEST_CASE("L2: the circle's webinars are an iCalendar feed that libical reads", "[webinar][L2]") {
  Circle c("2026-11-26T10:00");
  // The demo circle is not public: its feed is not either.
  json weekly = one_session("2026-10-27");
  weekly["starts"] = "2026-12-01T16:00";
  weekly["ends"] = "2026-12-01T17:00";
  weekly["rrule"] = "FREQ=WEEKLY;COUNT=3";
  c.schedule(weekly);
  CHECK(http_request(c.server.port(), "GET", "/feeds/rec6-literacy/webinars.ics").status == 404);
  REQUIRE(AdminClient(c.server.port()).run("create-body",
                {{"slug", "rec6-open"}, {"name", "Open Circle"}, {"kind", "learning_circle"}, {"cooperative", "rec6"},
                 {"public", true}}).status == 200);
  REQUIRE(AdminClient(c.server.port()).run("add-membership",
                {{"body", "rec6-open"}, {"person", "cofacilitator@rec6.example"}, {"role", "facilitator"}}).status == 200);
  WsClient co(c.server.port());
  REQUIRE(co.hello(login(c.server.port(), "cofacilitator@rec6.example", "demo-cofacilitator-2026"))["type"] == "ack");
  REQUIRE(co.join("rec6-open")["type"] == "ack");
  json open = weekly;
  open["title"] = "Family literacy nights";
  open["rrule"] = "FREQ=WEEKLY;COUNT=2";
  REQUIRE(act(co, "webinar.schedule", open, "rec6-open")["type"] == "ack");
  const auto feed = http_request(c.server.port(), "GET", "/feeds/rec6-open/webinars.ics");
  REQUIRE(feed.status == 200);
  CHECK(feed.content_type.find("text/calendar") == 0);
  icalcomponent* cal = icalparser_parse_string(feed.body.c_str());
  REQUIRE(cal != nullptr);
  // A weekly webinar is one series (RRULE) in the body's zone (TZID, with its VTIMEZONE), and
  // names its ORGANIZER as METHOD:PUBLISH requires (RFC 5546).
  CHECK(icalcomponent_count_components(cal, ICAL_VEVENT_COMPONENT) == 1);
  icalcomponent* zone = icalcomponent_get_first_component(cal, ICAL_VTIMEZONE_COMPONENT);
  REQUIRE(zone != nullptr);
  CHECK(std::string(icalproperty_get_tzid(icalcomponent_get_first_property(zone, ICAL_TZID_PROPERTY))) == "America/Denver");
  icalcomponent* ev = icalcomponent_get_first_component(cal, ICAL_VEVENT_COMPONENT);
  REQUIRE(ev != nullptr);
  CHECK(std::string(icalcomponent_get_summary(ev)) == "Family literacy nights");
  icalproperty* dtstart = icalcomponent_get_first_property(ev, ICAL_DTSTART_PROPERTY);
  REQUIRE(dtstart != nullptr);
  CHECK(std::string(icalparameter_get_tzid(icalproperty_get_first_parameter(dtstart, ICAL_TZID_PARAMETER))) == "America/Denver");
  CHECK(contains(feed.body, "DTSTART;TZID=America/Denver:20261201T160000"));
  const icalrecurrencetype rule = icalproperty_get_rrule(icalcomponent_get_first_property(ev, ICAL_RRULE_PROPERTY));
  CHECK(rule.freq == ICAL_WEEKLY_RECURRENCE);
  CHECK(rule.count == 2);
  CHECK(icalcomponent_get_first_property(ev, ICAL_ORGANIZER_PROPERTY) != nullptr);
  icalcomponent_free(cal);
  // A person's own calendar, at a secret address, holds what they registered for, wherever.
  const std::string teacher_token = login(c.server.port(), "teacher@rec6.example", "demo-teacher-2026");
  auto teacher = c.in_circle("teacher@rec6.example", "demo-teacher-2026");
  REQUIRE(act(*teacher, "webinar.register", {{"webinar", 1}}, kCircle)["type"] == "ack");
  const auto issued = http_request(c.server.port(), "POST", "/api/me/calendar", {}, "{}", teacher_token);
  REQUIRE(issued.status == 200);
  const std::string url = json::parse(issued.body)["url"];
  CHECK(url.rfind("/feeds/people/cal_", 0) == 0);
  const auto mine = http_request(c.server.port(), "GET", url);
  REQUIRE(mine.status == 200);
  icalcomponent* personal = icalparser_parse_string(mine.body.c_str());
  REQUIRE(personal != nullptr);
  CHECK(icalcomponent_count_components(personal, ICAL_VEVENT_COMPONENT) == 1);  // the literacy series, as one
  CHECK(contains(mine.body, "RRULE:FREQ=WEEKLY;COUNT=3"));
  CHECK(std::string(icalcomponent_get_summary(icalcomponent_get_first_component(personal, ICAL_VEVENT_COMPONENT))) ==
        "Phonics routines that stick");
  icalcomponent_free(personal);
  CHECK(http_request(c.server.port(), "GET", "/feeds/people/cal_0000.ics").status == 404);
  CHECK(http_request(c.server.port(), "POST", "/api/me/calendar", {}, "{}").status == 401);
  // Reissuing revokes the old address.
  REQUIRE(http_request(c.server.port(), "POST", "/api/me/calendar", {}, "{}", teacher_token).status == 200);
  CHECK(http_request(c.server.port(), "GET", url).status == 404);

  // And on the circle's public page.
  const auto page = http_request(c.server.port(), "GET", "/public/rec6-open");
  REQUIRE(page.status == 200);
  CHECK(page.body.find("Family literacy nights") != std::string::npos);
  CHECK(page.body.find("Tuesday, December 8, 2026, 4:00 PM MST") != std::string::npos);
}

TEST_CASE("L4: a quorum of a council present in a learning circle warns the facilitator and not before",
          "[webinar][L4]") {
  Circle c("2026-11-26T10:00");
  for (std::size_t i = 0; i < 5; ++i) c.seat_voter(i);
  std::vector<std::unique_ptr<WsClient>> here;
  for (std::size_t i = 0; i < 4; ++i) {
    here.push_back(c.in_circle(kVoters[i].first, kVoters[i].second));
    REQUIRE(act(*here.back(), "quorum.present", {}, kCircle)["type"] == "ack");
  }
  CHECK(logged(c.server.port(), "quorum.oma_warning").empty());  // four of nine: no quorum
  here.push_back(c.in_circle(kVoters[4].first, kVoters[4].second));
  REQUIRE(act(*here.back(), "quorum.present", {}, kCircle)["type"] == "ack");
  const auto warned = logged(c.server.port(), "quorum.oma_warning");
  REQUIRE(warned.size() == 1);
  CHECK(warned[0]["body"]["council_name"] == "REC 6 Council");
  CHECK(warned[0]["body"]["counted"] == 5);
  CHECK(warned[0]["body"]["text"].get<std::string>().rfind("L4: 5 of 9 members of REC 6 Council are here", 0) == 0);
  const auto view = c.facilitator->request({{"type", "view"}, {"room", kCircle}});
  CHECK(view["views"]["quorum"]["oma_warnings"].size() == 1);
  // The facilitator and teacher arriving change nothing; one member leaving clears it.
  REQUIRE(act(*c.facilitator, "quorum.present", {}, kCircle)["type"] == "ack");
  CHECK(logged(c.server.port(), "quorum.oma_warning").size() == 1);
  REQUIRE(act(*here[0], "quorum.absent", {}, kCircle)["type"] == "ack");
  CHECK(logged(c.server.port(), "quorum.oma_warning_cleared").size() == 1);
  const auto after = c.facilitator->request({{"type", "view"}, {"room", kCircle}});
  CHECK(after["views"]["quorum"]["oma_warnings"].empty());
}
