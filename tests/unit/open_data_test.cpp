// The open-data API's pure parts (#20 §3, http/open_data.hpp): the strict query string, the
// list's parameters and their bounds, the page envelope, and identifiers that are the same on
// every node and after every restart.
#include <catch2/catch.hpp>

#include "http/open_data.hpp"
#include "notice/notice_plugin.hpp"
#include "util/local_time.hpp"
#include "util/query_string.hpp"

using collegial::QueryParam;
using collegial::parse_query;
using collegial::percent_decode;
namespace ocd = collegial::http::ocd;
using nlohmann::json;

TEST_CASE("open data: a query string is read strictly, its parts percent-decoded", "[open_data][query]") {
  CHECK(parse_query("").value().empty());
  const auto q = parse_query("page=2&per_page=50&organization=rec6%2Dcouncil&q=a+b%20c");
  REQUIRE(q);
  CHECK(q.value() == std::vector<QueryParam>{{"page", "2"}, {"per_page", "50"}, {"organization", "rec6-council"}, {"q", "a b c"}});
  CHECK(parse_query("a=").value() == std::vector<QueryParam>{{"a", ""}});
  CHECK(parse_query("a=1&a=2").value().size() == 2);  // repeated keys are the caller's to refuse
  for (const char* bad : {"a", "a=1&", "&a=1", "a=1&&b=2", "=1", "a=%", "a=%4", "a=%zz", "%=1"}) {
    INFO(bad);
    const auto r = parse_query(bad);
    REQUIRE_FALSE(r);
    CHECK(r.status().code() == "bad_query");
  }
  CHECK(percent_decode("%C3%B1%41").value() == "\xC3\xB1" "A");
  CHECK(percent_decode("100%25").value() == "100%");
}

TEST_CASE("open data: pages are 1 and up, 1 to 200 a page, 50 by default, and anything else is refused",
          "[open_data][paging]") {
  const auto plain = ocd::parse_list_query("", true);
  REQUIRE(plain);
  CHECK(plain->page == 1);
  CHECK(plain->per_page == 50);
  CHECK_FALSE(plain->updated_since_ms);
  const auto some = ocd::parse_list_query("page=3&per_page=200&updated_since=2026-12-10T21:00:00Z&organization=rec6", true);
  REQUIRE(some);
  CHECK(some->page == 3);
  CHECK(some->per_page == 200);
  CHECK(some->organization == "rec6");
  CHECK(*some->updated_since_ms == collegial::local_to_utc_ms("2026-12-10T21:00", "UTC").value());
  for (const char* bad : {"page=0", "page=-1", "page=1.5", "page=", "page=x", "page=1000001", "per_page=0",
                          "per_page=201", "per_page=+5", "page=1&page=2", "sort=name", "updated_since=yesterday",
                          "updated_since=2026-12-10T21:00:00", "updated_since=2026-12-10T21:00:00-07:00",
                          "updated_since=2026-13-10T21:00:00Z", "page=1&"}) {
    INFO(bad);
    const auto r = ocd::parse_list_query(bad, true);
    REQUIRE_FALSE(r);
    CHECK(r.status().code() == "bad_query");
  }
  CHECK_FALSE(ocd::parse_list_query("organization=rec6", false));  // organizations, people
  CHECK(ocd::parse_list_query("per_page=1&page=1000000", false));
}

TEST_CASE("open data: updated_since takes UTC times with or without seconds, a fraction, or a date",
          "[open_data][paging]") {
  const std::int64_t at = collegial::local_to_utc_ms("2026-12-10T21:00", "UTC").value();
  CHECK(ocd::parse_utc_time("2026-12-10T21:00:00Z").value() == at);
  CHECK(ocd::parse_utc_time("2026-12-10T21:00Z").value() == at);
  CHECK(ocd::parse_utc_time("2026-12-10T21:00:00.250Z").value() == at);
  CHECK(ocd::parse_utc_time("2026-12-10T21:00:00+00:00").value() == at);
  CHECK(ocd::parse_utc_time("2026-12-10").value() == at - 21 * 3'600'000LL);
  CHECK(collegial::utc_iso(at) == "2026-12-10T21:00:00Z");
  CHECK(collegial::local_iso_with_offset(at, "America/Denver") == "2026-12-10T14:00:00-07:00");
  CHECK(collegial::local_iso_with_offset(at - 180LL * 86'400'000, "America/Denver") == "2026-06-13T15:00:00-06:00");
}

TEST_CASE("open data: the envelope says the page, its size and the totals, and past the end a page is empty",
          "[open_data][paging]") {
  std::vector<json> all;
  for (int i = 1; i <= 5; ++i) all.push_back(i);
  ocd::ListQuery q;
  q.per_page = 2;
  q.page = 3;
  CHECK(ocd::page_of(all, q) == json::parse(R"({"meta":{"page":3,"per_page":2,"total_items":5,"total_pages":3},"results":[5]})"));
  q.page = 1;
  CHECK(ocd::page_of(all, q)["results"] == json::parse("[1,2]"));
  q.page = 4;
  CHECK(ocd::page_of(all, q)["results"].empty());
  CHECK(ocd::page_of({}, ocd::ListQuery{})["meta"] ==
        json::parse(R"({"page":1,"per_page":50,"total_items":0,"total_pages":0})"));
}

TEST_CASE("open data: ids are name-based UUIDs (version 5), the same on every node and after a restart",
          "[open_data][ids]") {
  // What Python's uuid.uuid5(uuid.NAMESPACE_URL, "collegial:body:rec6-council") gives.
  CHECK(ocd::body_id("rec6-council") == "ocd-organization/4bd1650b-22c4-54d6-b6a7-6426757dfc2d");
  CHECK(ocd::event_id("rec6-council", 1) == "ocd-event/25799605-af49-58ee-b217-c90e713cec5e");
  CHECK(ocd::person_id(1) == "ocd-person/9b6e2f5b-0995-57af-b4ab-d70e82e00db2");
  CHECK(ocd::event_id("rec6-council", 1) == ocd::event_id("rec6-council", 1));
  CHECK(ocd::event_id("rec6-council", 1) != ocd::event_id("rec6-council", 2));
  CHECK(ocd::event_id("rec6-council", 1) != ocd::event_id("rec6-literacy", 1));
  CHECK(ocd::body_id("rec6") != ocd::cooperative_id("rec6"));
  CHECK(ocd::vote_id("rec6-council", 1).rfind("ocd-vote/", 0) == 0);
  CHECK(ocd::membership_id(1).rfind("ocd-membership/", 0) == 0);
  const std::string u = ocd::name_uuid("anything");
  REQUIRE(u.size() == 36);
  CHECK(u[14] == '5');  // version 5
  CHECK((u[19] == '8' || u[19] == '9' || u[19] == 'a' || u[19] == 'b'));  // RFC variant
}

TEST_CASE("open data: the notice plugin restores a format-1 snapshot, its actions without votes, and format 2 needs them",
          "[open_data][notice][snapshot]") {
  const json meeting = {{"scheduled", {{"meeting", 1}, {"kind", "special"}, {"title", "Special meeting"}, {"starts_ms", 1'800'000'000'000}}},
                        {"kind", "special"},
                        {"starts_ms", 1'800'000'000'000},
                        {"rules", {{"kind", "special"}, {"notice_hours", 72}, {"agenda_hours", 72}}},
                        {"agendas", json::array()},
                        {"postings", json::array()},
                        {"posted_texts", json::array()},
                        {"posted_texts_es", json::array()},
                        {"state", "adjourned"},
                        {"started_ms", 1'800'000'000'000},
                        {"adjourned_ms", 1'800'000'360'000},
                        {"continuation", nullptr},
                        {"actions", json::array({{{"motion", 1}, {"kind", "main"}, {"text", "Adopt the budget"}, {"result", "adopted"},
                                                  {"tally", "Motion 1 adopted"}, {"aye", 5}, {"nay", 0}, {"abstain", 0},
                                                  {"not_voting", 1}, {"seq", 40}}})},
                        {"cancelled", nullptr},
                        {"ag_report_filed", nullptr},
                        {"resends", json::array()},
                        {"amended_in_session", json::array()}};
  const json v1 = {{"v", 1}, {"meetings", json::array({json::array({1, meeting})})}, {"current", 0}, {"item", nullptr}};
  collegial::plugins::NoticePlugin notice;
  notice.restore(v1);
  const json action = notice.view()["meetings"][0]["actions"][0];
  CHECK(action["votes"] == json::array());
  CHECK(action["absent"] == json::array());
  CHECK(action["decided_ms"] == 0);
  CHECK(action["aye"] == 5);
  const json v2 = notice.snapshot();
  CHECK(v2["v"] == 2);
  collegial::plugins::NoticePlugin again;
  again.restore(v2);
  CHECK(again.view() == notice.view());
  // Format 2 without the votes is malformed: refused whole (the room replays its log instead).
  json bad = v1;
  bad["v"] = 2;
  collegial::plugins::NoticePlugin strict;
  CHECK_THROWS(strict.restore(bad));
  bad["v"] = 3;
  CHECK_THROWS(strict.restore(bad));
}
