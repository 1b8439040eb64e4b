// C3: nothing of a closed session reaches the public, through any surface. One scenario does,
// during a closed session, what the protocol lets members and the clerk do, each carrying a
// marker; then every public surface (the WebSocket's events, views and reads, every /public/
// page, the live page, the feeds, the minutes in HTML, Markdown, JSON and PDF, every list and
// document of the open-data API under /ocd/) is scanned for it, during the session, after
// adjournment and after a restart. The clerk, who may read the closed session, finds the marker
// in the same places: the scan could fail.
#include <cstdio>
#include <fstream>

#include "integration/oma_council.hpp"

using namespace collegial::test;

namespace {

constexpr const char* kMarker = "ZQX7-CLOSED";

std::string pdf_text(Council& c, const std::string& body) {
  const auto file = c.dir / "scan.pdf";
  std::ofstream(file, std::ios::binary) << body;
  std::string out;
  FILE* p = popen(("pdftotext -layout " + file.string() + " -").c_str(), "r");
  REQUIRE(p != nullptr);
  char buffer[4096];
  while (std::size_t n = fread(buffer, 1, sizeof buffer, p)) out.append(buffer, n);
  pclose(p);
  return out;
}

// Every public HTTP surface of the council, as text.
std::vector<std::pair<std::string, std::string>> public_pages(Council& c, bool with_minutes) {
  std::vector<std::string> paths = {"/public", "/public/rec6-council", "/public/rec6-council/live",
                                    "/public/rec6-council/meetings/1", "/public/rec6-council/meetings/2",
                                    "/feeds/rec6-council/notices.atom", "/feeds/rec6-council/meetings.ics",
                                    "/feeds/rec6-council/webinars.ics", "/public/rec6-council/minutes",
                                    // The open-data API (#20 §3), every list and each document by its id.
                                    "/ocd/organizations", "/ocd/people?per_page=200", "/ocd/memberships?per_page=200",
                                    "/ocd/events?per_page=200", "/ocd/vote_events?per_page=200"};
  if (with_minutes) {
    for (const char* p : {"/public/rec6-council/minutes/1", "/public/rec6-council/minutes/1.md",
                          "/public/rec6-council/minutes/1.json"}) {
      paths.push_back(p);
    }
  }
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& path : paths) {
    const auto r = get(c, path);
    INFO(path);
    CHECK(r.status < 500);
    out.emplace_back(path, r.body);
  }
  for (const char* list : {"events", "vote_events"}) {
    const auto r = get(c, std::string("/ocd/") + list + "?per_page=200");
    REQUIRE(r.status == 200);
    const json answer = json::parse(r.body);  // kept: the loop below iterates inside it
    for (const auto& doc : answer["results"]) {
      const std::string path = std::string("/ocd/") + list + "/" + doc["id"].get<std::string>();
      out.emplace_back(path, get(c, path).body);
    }
  }
  if (with_minutes) {
    const auto pdf = get(c, "/public/rec6-council/minutes/1.pdf");
    REQUIRE(pdf.status == 200);
    out.emplace_back("/public/rec6-council/minutes/1.pdf", pdf_text(c, pdf.body));
  }
  return out;
}

void check_no_marker(const std::vector<std::pair<std::string, std::string>>& surfaces) {
  for (const auto& [where, text] : surfaces) {
    INFO(where << ": " << text.substr(0, 2000));
    CHECK_FALSE(contains(text, kMarker));
  }
}

// What a public client receives: the whole log from seq 0, the views and the minutes.
std::vector<std::pair<std::string, std::string>> public_socket(Council& c, bool with_minutes) {
  std::vector<std::pair<std::string, std::string>> out;
  WsClient pub(c.server.port());
  pub.hello();
  const auto head = pub.join("rec6-council", 0)["seq"].get<std::int64_t>();
  std::string events;
  for (std::int64_t i = 1; i <= head; ++i) events += pub.next_event().dump() + "\n";
  out.emplace_back("events since 0", events);
  out.emplace_back("view", pub.request({{"type", "view"}, {"room", "rec6-council"}}).dump());
  if (with_minutes) {
    out.emplace_back("read minutes", pub.request({{"type", "read"}, {"room", "rec6-council"}, {"plugin", "minutes"},
                                                  {"query", {{"minutes", 1}}}}).dump());
  }
  return out;
}

}  // namespace

TEST_CASE("C3: state changed in a closed session reaches no public surface, during it, after it, after a restart",
          "[closed][C3]") {
  Council c("2026-12-01T09:00");
  const auto n = c.schedule({{"kind", "special"}, {"starts", "2026-12-05T10:00"}, {"place", "REC 6 office, Portales"}});
  c.must("notice.set_agenda", {{"meeting", n}, {"items", kAgenda}});
  c.must("notice.post", {{"meeting", n}});
  c.clock.set(local("2026-12-05T10:00"));
  WsClient live(c.server.port());  // a member of the public watching throughout
  live.hello();
  REQUIRE(live.join("rec6-council")["type"] == "ack");
  auto m = c.arrive(6);
  REQUIRE(act(*m[0], "meeting.call_to_order")["type"] == "ack");
  REQUIRE(act(*m[0], "notice.take_up", {{"item", 3}})["type"] == "ack");
  REQUIRE(act(*m[1], "motions.move", {{"kind", "close_session"}})["type"] == "ack");
  REQUIRE(act(*m[0], "motions.state")["type"] == "ack");
  REQUIRE(act(*m[0], "motions.call_vote")["type"] == "ack");
  for (std::size_t i = 1; i < 5; ++i) REQUIRE(act(*m[i], "motions.vote", {{"choice", "aye"}})["type"] == "ack");
  REQUIRE(act(*m[0], "motions.close_vote")["type"] == "ack");
  REQUIRE(next_of(*m[1], "motions.decided")["body"]["result"] == "adopted");

  // In closed session, everything the protocol allows, marked.
  const std::string marker = kMarker;
  REQUIRE(m[2]->say("rec6-council", marker + " the director's evaluation notes")["type"] == "ack");
  // No motion is made or decided in closed session (C3): the attempt is refused, and its words
  // must reach no surface either.
  CHECK(act(*m[1], "motions.move", {{"text", marker + " raise the director's salary"}})["code"] == "closed_session");
  REQUIRE(act(*m[5], "quorum.absent")["type"] == "ack");
  const auto later = c.schedule({{"kind", "special"}, {"starts", "2026-12-20T10:00"},
                                 {"place", marker + " place"}, {"title", marker + " title"}});
  c.must("notice.set_agenda", {{"meeting", later}, {"items", json::array({{{"title", marker + " item"}, {"type", "information"}}})}});
  REQUIRE(act(*m[0], "meeting.recess", {{"note", marker + " recess note"}})["type"] == "ack");
  REQUIRE(act(*m[0], "meeting.resume")["type"] == "ack");

  // During the session.
  check_no_marker(public_pages(c, false));
  check_no_marker(public_socket(c, false));
  // The public's quorum is as the public last saw it: the departure in closed session is unknown.
  const auto public_view = live.request({{"type", "view"}, {"room", "rec6-council"}});
  CHECK(public_view["views"]["quorum"]["present"].size() == 6);
  // The clerk, who may read the closed session, sees what the public does not.
  const auto clerk_view = c.clerk->request({{"type", "view"}, {"room", "rec6-council"}});
  CHECK(contains(clerk_view.dump(), marker));
  CHECK(clerk_view["views"]["quorum"]["present"].size() == 5);

  // Back in open session, the statement (C4), the adjournment.
  REQUIRE(act(*m[0], "meeting.open_session")["type"] == "ack");
  // Reopened, the public sees who is present now, as the room does (not when or why it changed):
  // the live page too.
  const auto presence = next_of(live, "quorum.presence");
  CHECK(presence["body"]["present"].size() == 5);
  const auto reopened_view = live.request({{"type", "view"}, {"room", "rec6-council"}});
  CHECK(reopened_view["views"]["quorum"]["present"].size() == 5);
  CHECK(reopened_view["views"]["quorum"]["counted"] == clerk_view["views"]["quorum"]["counted"]);
  const auto live_page = get(c, "/public/rec6-council/live");
  CHECK(contains(live_page.body, "<p role=\"status\">" + clerk_view["views"]["quorum"]["counted"].dump() + " of "));
  REQUIRE(act(*m[0], "motions.move", {{"kind", "closed_session_statement"}})["type"] == "ack");
  REQUIRE(act(*m[0], "motions.state")["type"] == "ack");
  REQUIRE(act(*m[0], "motions.call_vote")["type"] == "ack");
  for (std::size_t i = 1; i < 5; ++i) REQUIRE(act(*m[i], "motions.vote", {{"choice", "aye"}})["type"] == "ack");
  REQUIRE(act(*m[0], "motions.close_vote")["type"] == "ack");
  REQUIRE(act(*m[0], "meeting.adjourn")["type"] == "ack");

  // After adjournment: pages, feeds, minutes in every format, and what the live client got.
  check_no_marker(public_pages(c, true));
  check_no_marker(public_socket(c, true));
  std::string received;
  while (!live.kept_events().empty()) {
    received += live.kept_events().front().dump();
    live.kept_events().pop_front();
  }
  CHECK_FALSE(contains(received, marker));
  // The members' minutes hold what the public's do not.
  const auto members = c.clerk->request({{"type", "read"}, {"room", "rec6-council"}, {"plugin", "minutes"},
                                         {"query", {{"minutes", 1}}}});
  CHECK(contains(members.dump(), marker + " recess note"));

  // After a restart, rebuilt from the log.
  c.server.stop(SIGTERM);
  ServerProcess again(c.dir / "collegial.db", c.with_clock({"--rate-limit", "0"}));
  std::vector<std::pair<std::string, std::string>> surfaces;
  for (const char* path : {"/public/rec6-council", "/feeds/rec6-council/meetings.ics", "/public/rec6-council/minutes/1",
                           "/public/rec6-council/minutes/1.md", "/public/rec6-council/minutes/1.json",
                           "/public/rec6-council/meetings/2", "/ocd/events?per_page=200", "/ocd/vote_events?per_page=200",
                           "/ocd/people?per_page=200"}) {
    const auto r = http_request(again.port(), "GET", path);
    surfaces.emplace_back(path, r.body);
  }
  check_no_marker(surfaces);
  // The exported public minutes still verify against the log, as the public's.
  const auto exported = http_request(again.port(), "GET", "/public/rec6-council/minutes/1.json");
  const auto doc_file = c.dir / "public-minutes.json";
  std::ofstream(doc_file) << exported.body;
  const auto verdict = run_collegiald({"verify", "--data", (c.dir / "collegial.db").string(), "--minutes", doc_file.string()});
  INFO(verdict.out);
  CHECK(verdict.exit_code == 0);
}

TEST_CASE("C3: a member whose seat ends mid-meeting stops receiving the closed session at once",
          "[closed][C3]") {
  Council c("2026-12-01T09:00");
  // A second clerk, seated by the administrator through the API.
  const auto call = [&](const std::string& op, const json& args) {
    // Logged in at each call: the test's clock moves days, past a session's expiry.
    const auto admin = login(c.server.port(), "admin@rec6.example", "demo-admin-2026");
    const auto r = http_request(c.server.port(), "POST", "/api/admin/" + op, {}, args.dump(), admin);
    INFO(op << ": " << r.body);
    REQUIRE(r.status == 200);
    return json::parse(r.body);
  };
  call("create-person", {{"email", "deputy@rec6.example"}, {"name", "Deputy Clerk"}});
  call("reset-password", {{"email", "deputy@rec6.example"}, {"password", "deputy-clerk-2026"}});
  const auto seat = call("add-membership", {{"body", "rec6-council"}, {"person", "deputy@rec6.example"}, {"role", "clerk"}});
  const auto n = c.schedule({{"kind", "special"}, {"starts", "2026-12-05T10:00"}, {"place", "Portales"}});
  c.must("notice.set_agenda", {{"meeting", n}, {"items", kAgenda}});
  c.must("notice.post", {{"meeting", n}});
  c.clock.set(local("2026-12-05T10:00"));
  auto deputy = c.seat_in("deputy@rec6.example", "deputy-clerk-2026");
  auto m = c.arrive(6);
  REQUIRE(act(*m[0], "meeting.call_to_order")["type"] == "ack");
  REQUIRE(act(*m[0], "notice.take_up", {{"item", 3}})["type"] == "ack");
  REQUIRE(act(*m[1], "motions.move", {{"kind", "close_session"}})["type"] == "ack");
  REQUIRE(act(*m[0], "motions.state")["type"] == "ack");
  REQUIRE(act(*m[0], "motions.call_vote")["type"] == "ack");
  for (std::size_t i = 1; i < 5; ++i) REQUIRE(act(*m[i], "motions.vote", {{"choice", "aye"}})["type"] == "ack");
  REQUIRE(act(*m[0], "motions.close_vote")["type"] == "ack");
  REQUIRE(m[2]->say("rec6-council", "before the seat ends")["type"] == "ack");
  CHECK(next_of(*deputy, "chat.message")["body"]["text"] == "before the seat ends");
  // The seat ends while the session is closed; the room re-decides before its next event.
  call("end-membership", {{"id", seat["id"]}});
  REQUIRE(m[2]->say("rec6-council", "after the seat ends")["type"] == "ack");
  const auto e = deputy->next_event();
  CHECK(e["type"] == "session.withheld");
  CHECK_FALSE(contains(e.dump(), "after the seat ends"));
}
