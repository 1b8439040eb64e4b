// The open-data API (#20 §3, http/open_data.hpp), read without a token from a real server after
// a real meeting: its event, its vote with each member's vote, the seats, the paging, the
// updated_since filter, caching (ETag, 304) and the errors.
#include <csignal>
#include <set>

#include "integration/oma_council.hpp"

using namespace collegial::test;

namespace {

json get_json(Council& c, const std::string& path, int status = 200) {
  const auto r = get(c, path);
  INFO(path << ": " << r.body);
  REQUIRE(r.status == status);
  CHECK(r.content_type == "application/json");
  CHECK(r.header("access-control-allow-origin") == "*");
  return json::parse(r.body);
}

// A council that held a lawfully noticed special meeting on 5 December 2026 and voted on the
// budget: three ayes, a nay, an abstention, the chair not voting, three members absent.
struct VotedCouncil : Council {
  VotedCouncil() : Council("2026-12-01T09:00") {
    meeting = notice("2026-12-05T10:00", kAgenda);
    clock.set(local("2026-12-05T10:00"));
    m = arrive(6);
    REQUIRE(act(*m[0], "meeting.call_to_order")["type"] == "ack");
    REQUIRE(act(*m[0], "notice.take_up", {{"item", 2}})["type"] == "ack");
    REQUIRE(act(*m[1], "motions.move", {{"text", "Adopt the FY27 budget"}})["type"] == "ack");
    REQUIRE(act(*m[0], "motions.state")["type"] == "ack");
    REQUIRE(act(*m[0], "motions.call_vote")["type"] == "ack");
    for (std::size_t i : {1, 2, 3}) REQUIRE(act(*m[i], "motions.vote", {{"choice", "aye"}})["type"] == "ack");
    REQUIRE(act(*m[4], "motions.vote", {{"choice", "nay"}})["type"] == "ack");
    REQUIRE(act(*m[5], "motions.vote", {{"choice", "abstain"}})["type"] == "ack");
    REQUIRE(act(*m[0], "motions.close_vote")["type"] == "ack");
    decided = next_of(*m[1], "motions.decided")["body"];
    REQUIRE(decided["result"] == "adopted");
  }
  void adjourn() {
    clock.set(local("2026-12-05T11:30"));
    REQUIRE(act(*m[0], "meeting.adjourn")["type"] == "ack");
  }
  std::int64_t meeting = 0;
  std::vector<std::unique_ptr<WsClient>> m;
  json decided;
};

const std::string kLiteracyMeeting1 = "ocd-event/5c8275de-115a-5a86-9318-94b578afc6e2";  // uuid5(URL, "collegial:event:rec6-literacy:1")
const std::string kPrivateMeeting1 = "ocd-event/f42c6b39-7629-59d3-8fa2-a91641fd67aa";   // uuid5(URL, "collegial:event:rec6-private:1")

}  // namespace

TEST_CASE("open data: a meeting held is an OCD event, its motion a vote event with each member's vote",
          "[open_data][public]") {
  VotedCouncil c;
  // While in session: confirmed.
  const auto during = get_json(c, "/ocd/events");
  REQUIRE(during["results"].size() == 1);
  CHECK(during["results"][0]["status"] == "confirmed");
  c.adjourn();

  const auto events = get_json(c, "/ocd/events");
  CHECK(events["meta"] == json::parse(R"({"page":1,"per_page":50,"total_items":1,"total_pages":1})"));
  const json e = events["results"][0];
  CHECK(e["id"] == "ocd-event/25799605-af49-58ee-b217-c90e713cec5e");  // uuid5(URL, "collegial:event:rec6-council:1")
  CHECK(e["_type"] == "event");
  CHECK(e["status"] == "passed");
  CHECK(e["start_date"] == "2026-12-05T10:00:00-07:00");
  CHECK(e["end_date"] == "2026-12-05T11:30:00-07:00");
  CHECK(e["timezone"] == "America/Denver");
  CHECK(e["location"]["name"] == "REC 6 office");
  CHECK(e["organization"]["id"] == "ocd-organization/4bd1650b-22c4-54d6-b6a7-6426757dfc2d");
  REQUIRE(e["agenda"].size() == 3);
  CHECK(e["agenda"][1]["order"] == "2");
  CHECK(e["agenda"][1]["description"] == "Approve the FY27 budget");
  CHECK(e["agenda"][1]["classification"] == json::array({"action"}));
  CHECK(e["agenda"][2]["extras"]["subject"] == "the annual evaluation of the executive director");
  CHECK(e["extras"]["notice"]["lawful"] == true);
  CHECK(e["extras"]["notice"]["posted_at"] == "2026-12-01T16:00:00Z");
  CHECK(e["updated_at"] == "2026-12-05T18:30:00Z");
  CHECK(contains(e["documents"].dump(), "\"/public/rec6-council/meetings/1\""));
  CHECK(contains(e["documents"].dump(), "\"/feeds/rec6-council/meetings.ics\""));
  CHECK(contains(e["documents"].dump(), "\"/public/rec6-council/minutes/"));
  CHECK(contains(e["links"].dump(), "\"/public/rec6-council/live\""));
  // One by its id, in either form; the same document.
  CHECK(get_json(c, "/ocd/events/" + e["id"].get<std::string>()) == e);
  CHECK(get_json(c, "/ocd/events/25799605-af49-58ee-b217-c90e713cec5e") == e);

  const auto votes = get_json(c, "/ocd/vote_events");
  REQUIRE(votes["results"].size() == 1);
  const json v = votes["results"][0];
  CHECK(v["motion_text"] == "Adopt the FY27 budget");
  CHECK(v["result"] == "pass");
  CHECK(v["event_id"] == e["id"]);
  CHECK(v["start_date"] == "2026-12-05T10:00:00-07:00");
  std::map<std::string, int> counts;
  for (const auto& n : v["counts"]) counts[n["option"]] = n["value"];
  CHECK(counts == std::map<std::string, int>{{"yes", 3}, {"no", 1}, {"abstain", 1}, {"absent", 3}, {"not voting", 1}});
  // Each member's vote, as the roll call recorded it.
  const std::map<std::string, std::string> option = {{"aye", "yes"}, {"nay", "no"}, {"abstain", "abstain"},
                                                     {"absent", "absent"}, {"not_voting", "not voting"}};
  std::set<std::pair<std::string, std::string>> expected, published;
  for (const auto& r : c.decided["votes"]) expected.emplace(r["name"], option.at(r["vote"]));
  for (const auto& r : v["votes"]) {
    published.emplace(r["voter_name"], r["option"]);
    CHECK(r["voter_id"].get<std::string>().rfind("ocd-person/", 0) == 0);
  }
  CHECK(expected.size() == 9);
  CHECK(published == expected);
  CHECK(get_json(c, "/ocd/vote_events/" + v["id"].get<std::string>()) == v);

  // Every voter is a person of the API, with the same id.
  const auto people = get_json(c, "/ocd/people?per_page=200");
  std::set<std::string> person_ids;
  for (const auto& p : people["results"]) person_ids.insert(p["id"]);
  for (const auto& r : v["votes"]) CHECK(person_ids.count(r["voter_id"]) == 1);

  // After a restart (the rooms loaded again, from their snapshots or logs): the same documents
  // under the same ids.
  const std::vector<std::string> paths = {"/ocd/events", "/ocd/vote_events", "/ocd/people?per_page=200",
                                          "/ocd/memberships?per_page=200", "/ocd/organizations"};
  std::vector<json> before;
  for (const auto& path : paths) before.push_back(get_json(c, path));
  c.server.stop(SIGTERM);
  ServerProcess again(c.dir / "collegial.db", c.with_clock({"--rate-limit", "0"}));
  for (std::size_t i = 0; i < paths.size(); ++i) {
    const auto r = http_request(again.port(), "GET", paths[i]);
    INFO(paths[i]);
    REQUIRE(r.status == 200);
    CHECK(json::parse(r.body) == before[i]);
  }
}

TEST_CASE("open data: organizations, people and seats of public bodies only, without e-mails",
          "[open_data][public]") {
  Council c("2026-12-01T09:00");
  const auto orgs = get_json(c, "/ocd/organizations");
  std::map<std::string, json> by_slug;
  for (const auto& o : orgs["results"]) by_slug[o["extras"]["collegial"]["slug"]] = o;
  REQUIRE(by_slug.count("rec6-council") == 1);
  REQUIRE(by_slug.count("rec6") == 1);
  CHECK(by_slug.count("rec6-literacy") == 0);  // not a public body
  CHECK(by_slug["rec6-council"]["classification"] == "legislature");
  CHECK(by_slug["rec6-council"]["parent_id"] == by_slug["rec6"]["id"]);
  const auto seats = get_json(c, "/ocd/memberships?organization=rec6-council&per_page=200");
  CHECK(seats["meta"]["total_items"] == 10);  // nine voting seats and a non-voting one; not the clerk
  std::set<std::string> roles;
  for (const auto& s : seats["results"]) roles.insert(s["role"]);
  CHECK(roles.count("chair") == 1);
  CHECK(roles.count("member") == 1);
  // The same seats by the body's OCD id.
  CHECK(get_json(c, "/ocd/memberships?per_page=200&organization=" + by_slug["rec6-council"]["id"].get<std::string>()) == seats);
  for (const char* path : {"/ocd/people?per_page=200", "/ocd/memberships?per_page=200", "/ocd/organizations"}) {
    const auto r = get(c, path);
    INFO(path);
    CHECK_FALSE(contains(r.body, "@"));
    CHECK_FALSE(contains(r.body, "rec6-literacy"));
  }
}

TEST_CASE("open data: pages, updated_since, ETag and 304, and clear errors", "[open_data][public]") {
  VotedCouncil c;
  c.adjourn();
  // Pages of two: each its own people, together all of them.
  const auto all = get_json(c, "/ocd/people?per_page=200");
  const auto total = all["meta"]["total_items"].get<int>();
  REQUIRE(total >= 9);
  std::vector<json> paged;
  const auto first = get_json(c, "/ocd/people?per_page=2");
  CHECK(first["meta"]["total_pages"] == (total + 1) / 2);
  for (int page = 1; page <= first["meta"]["total_pages"].get<int>(); ++page) {
    const auto p = get_json(c, "/ocd/people?per_page=2&page=" + std::to_string(page));
    CHECK(p["meta"]["page"] == page);
    for (const auto& x : p["results"]) paged.push_back(x);
  }
  CHECK(json(paged) == all["results"]);
  CHECK(get_json(c, "/ocd/people?per_page=2&page=999")["results"].empty());

  // updated_since: the meeting's last change was its adjournment, 18:30 UTC.
  CHECK(get_json(c, "/ocd/events?updated_since=2026-12-05T18:30:00Z")["meta"]["total_items"] == 1);
  CHECK(get_json(c, "/ocd/events?updated_since=2026-12-05T18:30:01Z")["meta"]["total_items"] == 0);
  CHECK(get_json(c, "/ocd/vote_events?updated_since=2026-12-05")["meta"]["total_items"] == 1);
  CHECK(get_json(c, "/ocd/vote_events?updated_since=2026-12-06")["meta"]["total_items"] == 0);
  CHECK(get_json(c, "/ocd/events?organization=rec6")["meta"]["total_items"] == 1);

  // Caching: an ETag, and 304 for a reader who holds it; another query is another answer.
  const auto plain = get(c, "/ocd/events");
  const std::string etag = plain.header("etag");
  REQUIRE(etag.size() == 34);
  CHECK(plain.header("cache-control") == "public, no-cache");
  CHECK_FALSE(plain.header("last-modified").empty());
  ClientOptions o;
  o.headers = {{"If-None-Match", etag}};
  const auto unchanged = http_request(c.server.port(), "GET", "/ocd/events", o);
  CHECK(unchanged.status == 304);
  CHECK(unchanged.body.empty());
  const auto other = http_request(c.server.port(), "GET", "/ocd/events?per_page=1", o);
  CHECK(other.status == 200);
  CHECK(other.header("etag") != etag);

  // Errors: 400 with a code and a message for a bad query, 404 for what is not published.
  for (const char* bad : {"/ocd/events?page=0", "/ocd/events?per_page=201", "/ocd/events?per_page=x",
                          "/ocd/events?sort=start", "/ocd/events?page=1&page=2", "/ocd/events?updated_since=tomorrow",
                          "/ocd/people?organization=rec6-council", "/ocd/events?organization=nobody",
                          "/ocd/events?organization=rec6-literacy", "/ocd/events?page=%zz"}) {
    const auto err = get_json(c, bad, 400);
    INFO(bad);
    CHECK(err["error"] == "bad_query");
    CHECK_FALSE(err["message"].get<std::string>().empty());
  }
  // A meeting noticed by a body that is not public is in no list and not found by its id, as
  // any unknown id or path.
  const auto call = [&](const std::string& op, const json& args) {
    const auto admin = login(c.server.port(), "admin@rec6.example", "demo-admin-2026");
    const auto r = http_request(c.server.port(), "POST", "/api/admin/" + op, {}, args.dump(), admin);
    INFO(op << ": " << r.body);
    REQUIRE(r.status == 200);
  };
  call("create-body", {{"slug", "rec6-private"}, {"name", "REC 6 Private Council"}, {"kind", "council"},
                       {"cooperative", "rec6"}, {"public", false}});
  call("add-membership", {{"body", "rec6-private"}, {"person", "clerk@rec6.example"}, {"role", "clerk"}});
  auto clerk = c.seat_in("clerk@rec6.example", "demo-clerk-2026");
  REQUIRE(clerk->join("rec6-private")["type"] == "ack");
  REQUIRE(act(*clerk, "notice.schedule", {{"kind", "special"}, {"starts", "2026-12-20T10:00"}, {"place", "Portales"}},
              "rec6-private")["type"] == "ack");
  REQUIRE(act(*clerk, "notice.post", {{"meeting", 1}}, "rec6-private")["type"] == "ack");
  CHECK(get(c, "/public/rec6-private/meetings/1").status == 404);  // as the pages
  CHECK(get_json(c, "/ocd/events/" + kPrivateMeeting1, 404)["error"] == "not_found");
  CHECK(get_json(c, "/ocd/events?per_page=200")["meta"]["total_items"] == 1);
  CHECK_FALSE(contains(get(c, "/ocd/organizations").body, "rec6-private"));
  CHECK(get_json(c, "/ocd/events/" + kLiteracyMeeting1, 404)["error"] == "not_found");
  CHECK(get_json(c, "/ocd/events/ocd-event/00000000-0000-5000-8000-000000000000", 404)["error"] == "not_found");
  CHECK(get_json(c, "/ocd/bills", 404)["error"] == "not_found");
  // Read-only.
  CHECK(http_request(c.server.port(), "POST", "/ocd/events").status == 405);
}
