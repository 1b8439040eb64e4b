// The public's website and feeds (N1, N3, N4, N9, C3), read without a token from a real server;
// the feeds go through real parsers: libical for iCalendar, libxml2 for Atom.
#include <libical/ical.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#include <chrono>
#include <thread>

#include "integration/oma_council.hpp"

using namespace collegial::test;

namespace {

// A council with two noticed meetings: #1 lawfully noticed, #2 noticed too late.
struct NoticedCouncil : Council {
  NoticedCouncil() : Council("2026-12-01T09:00") {
    timely = schedule({{"kind", "special"}, {"starts", "2026-12-08T10:00"}, {"place", "REC 6 office, Portales"},
                       {"remote", "https://meet.rec6.example/council"}});
    late = schedule({{"kind", "special"}, {"starts", "2026-12-02T10:00"}, {"place", "Clovis <High> & Co"}});
    for (auto n : {timely, late}) {
      must("notice.set_agenda", {{"meeting", n}, {"items", kAgenda}});
      must("notice.post", {{"meeting", n}});
    }
  }
  std::int64_t timely = 0, late = 0;
};

}  // namespace

TEST_CASE("N1 N3 N4: public pages answer without a token and show each notice and its status",
          "[public][N1][N3][N4]") {
  NoticedCouncil c;
  const auto index = get(c, "/public/");
  REQUIRE(index.status == 200);
  CHECK(contains(index.content_type, "text/html"));
  CHECK(contains(index.body, "<html lang=\"en\">"));
  CHECK(contains(index.body, "<main id=\"main\">"));
  CHECK(contains(index.body, "REC 6 Council"));
  CHECK_FALSE(contains(index.body, "rec6-literacy"));  // not a public body
  CHECK(get(c, "/public/rec6-literacy").status == 404);
  CHECK(get(c, "/public/nobody").status == 404);

  const auto body = get(c, "/public/rec6-council");
  REQUIRE(body.status == 200);
  CHECK(contains(body.body, "/public/rec6-council/meetings/1"));
  CHECK(contains(body.body, "Not lawful"));
  const auto page = get(c, "/public/rec6-council/meetings/1");
  REQUIRE(page.status == 200);
  CHECK(contains(page.body, "<h2 id=\"notice-status\">Lawfully noticed</h2>"));
  CHECK(contains(page.body, "Tuesday, December 8, 2026, 10:00 AM MST"));
  CHECK(contains(page.body, "https://meet.rec6.example/council"));
  CHECK(contains(page.body, "Approve the FY27 budget"));
  CHECK(contains(page.body, "Closed session under NMSA 1978, Section 10-15-1(H)(2)"));
  const auto other = get(c, "/public/rec6-council/meetings/2");
  CHECK(contains(other.body, "Not lawfully noticed"));
  CHECK(contains(other.body, "Clovis &lt;High&gt; &amp; Co"));  // escaped
  CHECK(contains(other.body, "notice 25 h before the meeting"));
  CHECK(get(c, "/public/rec6-council/meetings/9").status == 404);
  CHECK(get(c, "/public/rec6-council/meetings/x1").status == 404);
  // A meeting scheduled but not yet noticed is not public: no page, and no feed names it.
  c.schedule({{"kind", "regular"}, {"starts", "2027-01-12T10:00"}, {"place", "Portales"}});
  CHECK(get(c, "/public/rec6-council/meetings/3").status == 404);
  const auto ics = get(c, "/feeds/rec6-council/meetings.ics");
  REQUIRE(ics.status == 200);
  CHECK(contains(ics.body, "meeting-1@"));
  CHECK(contains(ics.body, "meeting-2@"));
  CHECK_FALSE(contains(ics.body, "meeting-3@"));
  CHECK_FALSE(contains(ics.body, "20270112"));
  CHECK_FALSE(contains(get(c, "/feeds/rec6-council/notices.atom").body, "/meetings/3"));
}

TEST_CASE("N9: the public page marks actions of a meeting not lawfully noticed as not valid with the cure",
          "[public][N9]") {
  NoticedCouncil c;
  c.clock.set(local("2026-12-02T10:00"));
  auto m = c.arrive(5);
  REQUIRE(act(*m[0], "meeting.call_to_order", {{"meeting", c.late}, {"despite_notice", true}})["type"] == "ack");
  REQUIRE(act(*m[0], "notice.take_up", {{"item", 2}})["type"] == "ack");
  CHECK(carry(m, "Approve the FY27 budget")["body"]["result"] == "adopted");
  const auto page = get(c, "/public/rec6-council/meetings/2");
  CHECK(contains(page.body, "Not valid (N9)"));
  CHECK(contains(page.body, "schedule and notice a new meeting with the same items"));
  CHECK(contains(page.body, "Adopted: 4 aye, 0 nay, 0 abstaining"));
  const auto cure = c.schedule({{"kind", "special"}, {"starts", "2026-12-09T10:00"}, {"place", "Portales"},
                                {"cure_of", c.late}});
  c.must("notice.post", {{"meeting", cure}});
  CHECK(contains(get(c, "/public/rec6-council/meetings/2").body, "The cure is noticed: <a href=\"/public/rec6-council/meetings/3\">"));
}

TEST_CASE("the iCalendar feed parses with libical and the Atom feed with libxml2", "[public][feeds]") {
  NoticedCouncil c;
  const auto ics = get(c, "/feeds/rec6-council/meetings.ics");
  REQUIRE(ics.status == 200);
  CHECK(contains(ics.content_type, "text/calendar"));
  icalcomponent* cal = icalparser_parse_string(ics.body.c_str());
  REQUIRE(cal != nullptr);
  int events = 0;
  for (icalcomponent* ev = icalcomponent_get_first_component(cal, ICAL_VEVENT_COMPONENT); ev;
       ev = icalcomponent_get_next_component(cal, ICAL_VEVENT_COMPONENT)) {
    ++events;
    const std::string summary = icalcomponent_get_summary(ev);
    CHECK(contains(summary, "Special meeting of the REC 6 Council"));
    // In the body's zone (TZID), defined by the calendar's VTIMEZONE.
    const icaltimetype dtstart = icalcomponent_get_dtstart(ev);
    REQUIRE(dtstart.zone != nullptr);
    const time_t start = icaltime_as_timet_with_zone(dtstart, dtstart.zone);
    CHECK((static_cast<std::int64_t>(start) * 1000 == local("2026-12-08T10:00") ||
           static_cast<std::int64_t>(start) * 1000 == local("2026-12-02T10:00")));
    CHECK(icalcomponent_get_uid(ev) != nullptr);
  }
  icalcomponent_free(cal);
  CHECK(events == 2);

  const auto atom = get(c, "/feeds/rec6-council/notices.atom");
  REQUIRE(atom.status == 200);
  CHECK(contains(atom.content_type, "application/atom+xml"));
  xmlDocPtr doc = xmlReadMemory(atom.body.data(), static_cast<int>(atom.body.size()), "notices.atom",
                                nullptr, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
  REQUIRE(doc != nullptr);
  xmlNodePtr root = xmlDocGetRootElement(doc);
  REQUIRE(root != nullptr);
  CHECK(std::string(reinterpret_cast<const char*>(root->name)) == "feed");
  CHECK(std::string(reinterpret_cast<const char*>(root->ns->href)) == "http://www.w3.org/2005/Atom");
  int entries = 0;
  bool escaped_place = false;
  for (xmlNodePtr n = root->children; n; n = n->next) {
    if (n->type != XML_ELEMENT_NODE || std::string(reinterpret_cast<const char*>(n->name)) != "entry") continue;
    ++entries;
    for (xmlNodePtr f = n->children; f; f = f->next) {
      if (f->type == XML_ELEMENT_NODE && std::string(reinterpret_cast<const char*>(f->name)) == "content") {
        xmlChar* text = xmlNodeGetContent(f);
        escaped_place = escaped_place || contains(reinterpret_cast<const char*>(text), "Clovis <High> & Co");
        xmlFree(text);
      }
    }
  }
  xmlFreeDoc(doc);
  CHECK(entries == 2);
  CHECK(escaped_place);
  CHECK(get(c, "/feeds/rec6-literacy/meetings.ics").status == 404);
}

TEST_CASE("C3: the public live page shows only that the body is in closed session", "[public][C3]") {
  NoticedCouncil c;
  c.clock.set(local("2026-12-08T10:00"));
  auto m = c.arrive(5);
  REQUIRE(act(*m[0], "meeting.call_to_order")["type"] == "ack");
  REQUIRE(m[2]->say("rec6-council", "Good morning, all")["type"] == "ack");
  auto live = get(c, "/public/rec6-council/live");
  REQUIRE(live.status == 200);
  CHECK(contains(live.body, "5 of 9 voting members present - quorum"));
  CHECK(contains(live.body, "Good morning, all"));
  CHECK(contains(live.body, "Reload for the latest"));
  REQUIRE(act(*m[0], "notice.take_up", {{"item", 3}})["type"] == "ack");
  REQUIRE(act(*m[1], "motions.move", {{"kind", "close_session"}})["type"] == "ack");
  REQUIRE(act(*m[0], "motions.state")["type"] == "ack");
  REQUIRE(act(*m[0], "motions.call_vote")["type"] == "ack");
  for (std::size_t i = 1; i < 5; ++i) REQUIRE(act(*m[i], "motions.vote", {{"choice", "aye"}})["type"] == "ack");
  REQUIRE(act(*m[0], "motions.close_vote")["type"] == "ack");
  REQUIRE(m[2]->say("rec6-council", "The director's review: strong")["type"] == "ack");
  live = get(c, "/public/rec6-council/live");
  CHECK(contains(live.body, "In closed session under NMSA 1978, Section 10-15-1(H)(2): the annual evaluation"));
  CHECK_FALSE(contains(live.body, "director's review"));
  CHECK_FALSE(contains(live.body, "id=\"presence\""));  // no presence panel while closed
}

namespace {

// How many public pages the server has rendered (not taken from its cache), from /metrics.
std::int64_t pages_rendered(Council& c) {
  const auto m = get(c, "/metrics");
  REQUIRE(m.status == 200);
  const std::string series = "collegial_public_pages_total{how=\"rendered\"} ";
  const auto at = m.body.find(series);
  REQUIRE(at != std::string::npos);
  return std::stoll(m.body.substr(at + series.size()));
}

HttpResult get_if(Council& c, const std::string& path, const std::string& header, const std::string& value,
                  const std::string& accept_language = "en") {
  ClientOptions o;
  o.headers = {{header, value}, {"Accept-Language", accept_language}};
  return http_request(c.server.port(), "GET", path, o);
}

}  // namespace

TEST_CASE("a public page is rendered once per change of what it shows and revalidated by its ETag",
          "[public][pages][cache]") {
  Council c("2026-11-10T09:00");  // the clock stands still unless the test moves it
  const std::string path = "/public/rec6-council";
  const auto first = get(c, path);
  REQUIRE(first.status == 200);
  const std::string etag = first.header("etag");
  CHECK(etag.size() == 34);
  CHECK_FALSE(first.header("last-modified").empty());
  CHECK(first.header("cache-control") == "public, no-cache");

  // A crowd reads the page: one rendering for all of them.
  const auto before = pages_rendered(c);
  for (int i = 0; i < 50; ++i) {
    const auto again = get(c, path);
    REQUIRE(again.status == 200);
    CHECK(again.body == first.body);
    CHECK(again.header("etag") == etag);
  }
  CHECK(pages_rendered(c) == before);

  // A reader who holds the page asks whether it changed: 304, without the bytes.
  const auto unchanged = get_if(c, path, "If-None-Match", "\"other\", " + etag);
  CHECK(unchanged.status == 304);
  CHECK(unchanged.body.empty());
  CHECK(unchanged.header("etag") == etag);
  CHECK(get_if(c, path, "If-Modified-Since", first.header("last-modified")).status == 304);
  CHECK(get_if(c, path, "If-None-Match", "\"other\"").status == 200);

  // Each language is its own page.
  const auto spanish = get_if(c, path, "If-None-Match", etag, "es-MX");
  REQUIRE(spanish.status == 200);
  CHECK(spanish.header("etag") != etag);
  CHECK(spanish.header("content-language") == "es");

  // An event that changes what the page shows: the next reader gets the new page at once.
  const auto n = c.notice("2026-11-19T10:00", kAgenda);
  CHECK(get_if(c, path, "If-None-Match", etag).status == 200);
  // The notice is signed just after it commits, and the page's footer shows the newest
  // checkpoint: once it is made, the page is the same for every reader until the next change.
  for (const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);;) {
    const auto feed = get(c, "/public/checkpoints.jsonl");
    if (contains(feed.body, "\"reason\":\"notice\"")) break;
    REQUIRE(std::chrono::steady_clock::now() < deadline);
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  const auto noticed = get_if(c, path, "If-None-Match", etag);
  REQUIRE(noticed.status == 200);
  CHECK(contains(noticed.body, "/public/rec6-council/meetings/" + std::to_string(n)));
  const std::string noticed_etag = noticed.header("etag");
  CHECK(noticed_etag != etag);
  CHECK(pages_rendered(c) > before);

  // The clock passing the meeting's start changes the page with no event: shown within a second
  // of the clock (the test's clock jumps a day).
  CHECK(get_if(c, path, "If-None-Match", noticed_etag).status == 304);
  c.clock.set(local("2026-11-20T09:00"));
  const auto later = get_if(c, path, "If-None-Match", noticed_etag);
  CHECK(later.status == 200);
  CHECK(later.header("etag") != noticed_etag);
}

TEST_CASE("a cached public page follows what it shows from outside the rooms: the directory and checkpoints",
          "[public][pages][cache]") {
  Council c("2026-11-10T09:00");  // the clock stands still: only the change itself may refresh a page
  const std::string admin = login(c.server.port(), kDemoAdminEmail, kDemoAdminPassword);
  const auto admin_must = [&](const std::string& op, const json& args) {
    const auto r = http_request(c.server.port(), "POST", "/api/admin/" + op, {}, args.dump(), admin);
    INFO(op << " -> " << r.body);
    REQUIRE(r.status == 200);
  };
  const auto feed_lines = [&] {
    const auto r = get(c, "/public/checkpoints.jsonl");
    REQUIRE(r.status == 200);
    return std::count(r.body.begin(), r.body.end(), '\n');
  };
  const auto index = get(c, "/public/");
  REQUIRE(index.status == 200);
  CHECK_FALSE(contains(index.body, "Cached Board"));
  const auto lines = feed_lines();
  CHECK(feed_lines() == lines);  // read twice: the second from the cache

  // A new public body: the directory changed, no room's head moved, the clock did not move.
  admin_must("create-body", {{"slug", "cached-board"}, {"name", "Cached Board"}, {"kind", "committee"},
                             {"cooperative", "rec6"}, {"public", true}});
  const auto after = get(c, "/public/");
  REQUIRE(after.status == 200);
  CHECK(contains(after.body, "Cached Board"));
  CHECK(after.header("etag") != index.header("etag"));
  // The change was signed (reason "directory"): the feed of checkpoints shows it at once.
  CHECK(feed_lines() > lines);
  CHECK(get(c, "/public/cached-board").status == 200);
}
