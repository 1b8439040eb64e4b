// Issue 17 §1: everything the public reads is in the reader's language. Every public page,
// feed and minutes format of a council that noticed, held and adjourned a meeting is fetched in
// Spanish (by Accept-Language, by the ?lang= link, and by the cookie the link sets) and scanned
// for English: a word of a list of common English words fails the test, after the data the
// clerk and members typed (titles, places, names: proper names) is taken out.
#include <cstdio>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <tuple>

#include "integration/oma_council.hpp"

using namespace collegial::test;

namespace {

// A council that noticed two meetings (the first with no title: Collegial writes it), held the
// first with a motion carried, and adjourned it; the second is still to come.
struct HeldCouncil : Council {
  HeldCouncil() : Council("2026-11-10T09:00") {
    held = schedule({{"kind", "special"}, {"starts", "2026-11-19T10:00"}, {"place", "REC 6 office, Portales"},
                     {"remote", "https://meet.rec6.example/council"}});
    must("notice.set_agenda", {{"meeting", held}, {"items", kAgenda}});
    must("notice.post", {{"meeting", held}});
    coming = schedule({{"kind", "regular"}, {"starts", "2026-12-15T10:00"}, {"place", "REC 6 office, Portales"}});
    must("notice.set_agenda", {{"meeting", coming}, {"items", kAgenda}});
    must("notice.post", {{"meeting", coming}});
    clock.set(local("2026-11-19T09:55"));
    m = arrive(5);
    clock.set(local("2026-11-19T10:00"));
    REQUIRE(act(*m[0], "meeting.call_to_order")["type"] == "ack");
    REQUIRE(act(*m[0], "notice.take_up", {{"item", 2}})["type"] == "ack");
    REQUIRE(act(*m[1], "motions.move", {{"text", "Approve the FY27 budget"}})["type"] == "ack");
    REQUIRE(act(*m[2], "motions.second")["type"] == "ack");
    REQUIRE(act(*m[0], "motions.state")["type"] == "ack");
    REQUIRE(act(*m[0], "motions.call_vote")["type"] == "ack");
    for (std::size_t i : {1, 2, 3}) REQUIRE(act(*m[i], "motions.vote", {{"choice", "aye"}})["type"] == "ack");
    REQUIRE(act(*m[4], "motions.vote", {{"choice", "abstain"}})["type"] == "ack");
    REQUIRE(act(*m[0], "motions.close_vote")["type"] == "ack");
    REQUIRE(next_of(*clerk, "motions.decided")["body"]["result"] == "adopted");
  }
  void adjourn() {
    clock.set(local("2026-11-19T10:30"));
    REQUIRE(act(*m[0], "meeting.adjourn")["type"] == "ack");
    next_of(*clerk, "meeting.adjourned");
  }
  std::int64_t held = 0, coming = 0;
  std::vector<std::unique_ptr<WsClient>> m;
};

HttpResult get_in(Council& c, const std::string& path, const std::string& accept_language,
                  const std::string& cookie = "") {
  ClientOptions options;
  options.headers = {{"Accept-Language", accept_language}, {"Accept", "text/html"}};
  if (!cookie.empty()) options.headers.emplace_back("Cookie", cookie);
  return http_request(c.server.port(), "GET", path, options);
}

// What people typed, and names that are the same in both languages: taken out before the scan.
const std::vector<std::string> kProperNames = {
    "REC 6 Council", "REC 6 office, Portales", "Call to order and roll call", "Approve the FY27 budget",
    "Executive director", "Evaluation of the executive director", "the annual evaluation of the executive director",
    "Open Meetings Act", "Collegial", "collegiald verify", "--data FILE --minutes THIS.json", "--checkpoints",
    "iCalendar", "Atom", "Markdown", "JSON", "PDF", "MST", "MDT", "https://meet.rec6.example/council",
    "https://rec6.example/fy27-budget.pdf"};

// Common English words no Spanish page says; each is a sign of an untranslated sentence.
const std::set<std::string> kEnglish = {
    "the", "of", "and", "to", "is", "was", "were", "at", "on", "by", "for", "with", "this", "that", "not",
    "meeting", "meetings", "notice", "noticed", "agenda", "minutes", "motion", "motions", "present", "absent",
    "quorum", "aye", "nay", "abstaining", "adopted", "failed", "draft", "official", "version", "called", "order",
    "adjourned", "watch", "live", "read", "sign", "skip", "content", "upcoming", "past", "none", "yet", "when",
    "where", "kind", "special", "regular", "emergency", "lawful", "lawfully", "valid", "record", "event", "events",
    "posted", "held", "body", "bodies", "public", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
    "sunday", "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december", "am", "pm", "days", "hours", "before", "after", "members", "member", "vote", "votes",
    "item", "items", "closed", "session", "feed", "calendar", "webinars", "downloads", "signed", "checkpoint", "key",
    "server", "all", "edits", "due", "stayed", "arrived", "departed", "name", "presiding", "attending", "requires"};

std::string strip(std::string text) {
  // A calendar: only what people read (names, descriptions, places), unfolded.
  if (text.rfind("BEGIN:VCALENDAR", 0) == 0) {
    for (auto at = text.find("\r\n "); at != std::string::npos; at = text.find("\r\n ")) text.erase(at, 3);
    std::istringstream lines(text);
    std::string read;
    for (std::string line; std::getline(lines, line);) {
      for (const char* p : {"SUMMARY:", "DESCRIPTION:", "LOCATION:", "X-WR-CALNAME:"}) {
        if (line.rfind(p, 0) == 0) read += line.substr(std::string(p).size()) + "\n";
      }
    }
    text = read;
  }
  for (const auto& name : kProperNames) {
    for (auto at = text.find(name); at != std::string::npos; at = text.find(name, at)) text.replace(at, name.size(), " ");
  }
  text = std::regex_replace(text, std::regex("<style>[^]*?</style>"), " ");
  text = std::regex_replace(text, std::regex("```[^]*?```"), " ");  // a signed statement, verbatim
  text = std::regex_replace(text, std::regex("<id>[^<]*</id>"), " ");  // Atom ids are names, not words
  text = std::regex_replace(text, std::regex("<[^>]*>"), " ");  // tags (attribute values are not read)
  text = std::regex_replace(text, std::regex("(https?://|urn:|/)[A-Za-z0-9_./:?=&%-]+"), " ");  // addresses
  text = std::regex_replace(text, std::regex("--[a-z-]+"), " ");  // a command's options
  text = std::regex_replace(text, std::regex("&[a-z#0-9]+;"), " ");
  return text;
}

// The English words left in `page`, each with a little of what surrounds it. A word is a run of
// letters, accented ones (UTF-8 bytes) included: "presentó" is one Spanish word, not "present".
std::vector<std::string> english_in(const std::string& page) {
  const std::string text = strip(page);
  std::vector<std::string> found;
  const auto letter = [](char ch) { return std::isalpha(static_cast<unsigned char>(ch)) || static_cast<unsigned char>(ch) >= 0x80; };
  for (std::size_t at = 0; at < text.size();) {
    if (!letter(text[at])) {
      ++at;
      continue;
    }
    std::size_t end = at;
    while (end < text.size() && letter(text[end])) ++end;
    std::string w = text.substr(at, end - at);
    for (char& ch : w) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    if (kEnglish.count(w)) found.push_back(w + " in \"" + text.substr(at > 40 ? at - 40 : 0, 100) + "\"");
    at = end;
  }
  return found;
}

void expect_spanish(const std::string& body, const std::string& path) {
  INFO(path);
  const auto english = english_in(body);
  for (const auto& e : english) FAIL_CHECK("English on a Spanish page: " << e);
  CHECK(english.empty());
}

}  // namespace

TEST_CASE("every public page, feed and minutes format reads in Spanish with no English left", "[public][i18n]") {
  HeldCouncil c;
  // The live page while the meeting is in session: presence, the record with times and speakers.
  const auto live = get_in(c, "/public/rec6-council/live", "es-MX,es;q=0.9");
  CHECK(contains(live.body, "<html lang=\"es\">"));
  CHECK(contains(live.body, "en sesión"));
  CHECK(contains(live.body, "1 abstención"));
  expect_spanish(live.body, "/public/rec6-council/live (in session)");
  c.adjourn();

  // A meeting held without notice that evening (its title and minutes are Collegial's words).
  c.clock.set(local("2026-11-19T18:00"));
  Council::present_again(c.m);
  REQUIRE(act(*c.m[0], "meeting.call_to_order", {{"despite_notice", true}})["type"] == "ack");
  c.clock.set(local("2026-11-19T18:10"));
  REQUIRE(act(*c.m[0], "meeting.adjourn")["type"] == "ack");
  const auto unnoticed = get_in(c, "/public/rec6-council/meetings/3", "es");
  CHECK(contains(unnoticed.body, "<h1>Reunión celebrada sin aviso</h1>"));
  const auto unnoticed_minutes = get_in(c, "/public/rec6-council/minutes/3", "es").body;
  INFO(unnoticed_minutes.substr(unnoticed_minutes.find("<h1>"), 300));
  CHECK(contains(unnoticed_minutes, "<h1>Acta: Reunión celebrada sin aviso, jueves, 19 de noviembre de 2026</h1>"));

  const std::vector<std::string> pages = {
      "/public/", "/public/rec6-council", "/public/rec6-council/meetings/1", "/public/rec6-council/meetings/2",
      "/public/rec6-council/meetings/3", "/public/rec6-council/minutes/3",
      "/public/rec6-council/live", "/public/rec6-council/minutes", "/public/rec6-council/minutes/1",
      "/public/rec6-council/minutes/1.md", "/feeds/rec6-council/notices.atom", "/feeds/rec6-council/meetings.ics",
      "/public/nobody", "/public/rec6-council/meetings/77", "/public/rec6-council/nothing-here", "/no/such/page"};
  for (const auto& path : pages) {
    const auto page = get_in(c, path, "es");
    CHECK(page.status / 100 != 5);
    expect_spanish(page.body, path);
    CHECK(page.header("content-language") == "es");
  }
  // The default title Collegial wrote, and dates in Spanish from ICU.
  const auto meeting = get_in(c, "/public/rec6-council/meetings/1", "es");
  CHECK(contains(meeting.body, "Reunión extraordinaria de REC 6 Council"));
  CHECK(contains(meeting.body, "jueves, 19 de noviembre de 2026"));
  CHECK(contains(meeting.body, "AVISO DE REUNIÓN"));  // the posted notice, in Spanish too
  // A mistyped address in a browser: a page for people, in their language, with a way on.
  const auto lost = get_in(c, "/no/such/page", "es");
  CHECK(lost.status == 404);
  CHECK(contains(lost.body, "No se encontró"));
  CHECK(contains(lost.body, "href=\"/public/\""));
  // An address made to look like another site is never echoed as a link (no open redirect).
  const auto crafted = get_in(c, "//evil.example/x", "es");
  CHECK(crafted.status == 404);
  CHECK_FALSE(contains(crafted.body, "evil.example"));

  // The PDF, read back by poppler: Spanish text, tagged, with its language.
  const auto pdf = get_in(c, "/public/rec6-council/minutes/1.pdf", "es");
  REQUIRE(pdf.status == 200);
  const auto file = c.dir / "acta.pdf";
  std::ofstream(file, std::ios::binary) << pdf.body;
  const std::string text = run("pdftotext -layout " + file.string() + " -");
  CHECK(contains(text, "BORRADOR"));
  CHECK(contains(text, "Organismo: REC 6 Council"));  // the PDF names the body and the meeting
  CHECK(contains(get_in(c, "/public/rec6-council/minutes/1.md", "es").body, "Organismo: REC 6 Council"));
  expect_spanish(text, "minutes 1.pdf");
  const std::string info = run("pdfinfo " + file.string());
  INFO(info);
  CHECK(std::regex_search(info, std::regex("Tagged: +yes")));
  CHECK(std::regex_search(info, std::regex("Title: +Acta: Reunión extraordinaria")));
  CHECK(contains(pdf.body, "/Lang (es)"));
  // The language was added after cairo wrote the file: its cross-references still hold (poppler
  // complains of any offset that misses, and repairs silently only what it must).
  CHECK(run("pdfinfo " + file.string() + " 2>&1 >/dev/null").empty());
  const auto xref = pdf.body.rfind("\nxref\n");
  REQUIRE(xref != std::string::npos);
  std::istringstream table(pdf.body.substr(xref + 6));
  std::size_t first = 0, count = 0;
  table >> first >> count;
  REQUIRE(count > 10);
  for (std::size_t i = first; i < first + count; ++i) {
    std::size_t offset = 0, generation = 0;
    std::string kind;
    table >> offset >> generation >> kind;
    if (kind == "n") CHECK(pdf.body.compare(offset, std::to_string(i).size() + 6, std::to_string(i) + " 0 obj") == 0);
  }
  const auto startxref = pdf.body.rfind("startxref\n");
  CHECK(std::stoul(pdf.body.substr(startxref + 10)) == xref + 1);
  CHECK(run("pdftotext " + file.string() + " - 2>&1 >/dev/null").empty());
}

TEST_CASE("the language link keeps the page and a cookie remembers it without JavaScript", "[public][i18n]") {
  HeldCouncil c;
  const auto english = get_in(c, "/public/rec6-council/meetings/1", "en-US");
  CHECK(contains(english.body, "<html lang=\"en\">"));
  // The switch names the same page, in the other language, said in that language.
  CHECK(contains(english.body, "href=\"/public/rec6-council/meetings/1?lang=es\" hreflang=\"es\" lang=\"es\">Español</a>"));
  const auto chosen = get_in(c, "/public/rec6-council/meetings/1?lang=es", "en-US");
  CHECK(contains(chosen.body, "<html lang=\"es\">"));
  const std::string cookie = chosen.header("set-cookie");
  CHECK(cookie.rfind("collegial_lang=es;", 0) == 0);
  CHECK(chosen.header("cache-control") == "private, no-store");  // no shared cache hands the cookie on
  CHECK(english.header("cache-control") == "public, no-cache");  // kept, revalidated with its ETag
  // Later pages, with the cookie and an English browser, stay in Spanish.
  const auto later = get_in(c, "/public/", "en-US", cookie.substr(0, cookie.find(';')));
  CHECK(contains(later.body, "<html lang=\"es\">"));
  CHECK(contains(later.body, "href=\"/public/?lang=en\" hreflang=\"en\" lang=\"en\">English</a>"));
  CHECK(later.header("vary").find("Accept-Language") != std::string::npos);
  // English readers see English; nothing of the Spanish leaks in.
  CHECK(contains(english.body, "Special meeting of the REC 6 Council"));
  CHECK(contains(english.body, "Thursday, November 19, 2026"));
  CHECK_FALSE(contains(english.body, "Reunión"));
}

TEST_CASE("the public finds the meeting in session from the front page, the notice and the feeds", "[public][live]") {
  HeldCouncil c;
  const auto index = get(c, "/public/");
  CHECK(contains(index.body, "href=\"/public/rec6-council/live\">Watch live</a>"));
  const auto page = get(c, "/public/rec6-council/meetings/1");
  CHECK(contains(page.body, "A meeting is in session now."));
  const auto body_page = get(c, "/public/rec6-council");
  const auto now_at = body_page.body.find("<h2>In session now</h2>");
  REQUIRE(now_at != std::string::npos);
  CHECK(body_page.body.find("/meetings/1\"", now_at) < body_page.body.find("<h2>Upcoming meetings</h2>"));
  CHECK(body_page.body.find("/meetings/1\"", body_page.body.find("<h2>Past meetings</h2>")) == std::string::npos);
  // The motion on the floor, in words: not its internal state.
  REQUIRE(act(*c.m[1], "motions.move", {{"text", "Adopt the calendar"}})["type"] == "ack");
  CHECK(contains(get(c, "/public/rec6-council/live").body, "Motion 2 (moved, awaiting a second): Adopt the calendar"));
  CHECK(contains(page.body, "href=\"/public/rec6-council/live\""));
  const auto atom = get(c, "/feeds/rec6-council/notices.atom");
  CHECK(contains(atom.body, "<link rel=\"related\" type=\"text/html\" title=\"Watch live\" href=\"/public/rec6-council/live\"/>"));
  CHECK(contains(get(c, "/feeds/rec6-council/meetings.ics").body, "/public/rec6-council/live"));
  // The live record gives each line its time and speaker, and only what the meeting did.
  const auto live = get(c, "/public/rec6-council/live");
  CHECK(contains(live.body, "<td data-label=\"Time\">10:00 AM MST</td><td data-label=\"Who\">"));
  CHECK(contains(live.body, "moved (motion 1): “Approve the FY27 budget”"));
  CHECK(contains(live.body, "<p role=\"status\">5 of 9 voting members present - quorum</p>"));
  // Upcoming lists only what has not begun: the meeting in session is not "upcoming" any more.
  const std::string upcoming = index.body.substr(index.body.find("Upcoming meetings"));
  CHECK_FALSE(contains(upcoming, "/meetings/1\""));
  CHECK(contains(upcoming, "/meetings/2\""));
  c.adjourn();
  // After the adjournment nobody is counted present, and no "watch live" is offered.
  const auto after = get(c, "/public/rec6-council/live");
  CHECK(contains(after.body, "No meeting is in session, so nobody is counted present."));
  CHECK_FALSE(contains(after.body, "<p role=\"status\">5 of "));
  CHECK_FALSE(contains(get(c, "/public/").body, "Watch live"));
}

namespace {

// A refusal's message with what stays the same in every language taken out: quoted names and
// values ('rec6', "remote"), operation and field names (quorum.present, reply_to), JSON examples.
std::string prose_of(std::string message) {
  message = std::regex_replace(message, std::regex("'[^']*'|\"[^\"]*\"|\\{[^}]*\\}"), " ");
  message = std::regex_replace(message, std::regex("[A-Za-z_]+[._][A-Za-z_.]+"), " ");
  return message;
}

// A member's connection that asks to be answered in Spanish at hello.
std::unique_ptr<WsClient> seat_in_spanish(Council& c, std::size_t voter) {
  auto ws = std::make_unique<WsClient>(c.server.port());
  const auto hello = ws->request({{"type", "hello"}, {"protocol", 1}, {"lang", "es"},
                                  {"token", login(c.server.port(), kVoters[voter].first, kVoters[voter].second)}});
  REQUIRE(hello["type"] == "ack");
  REQUIRE(hello["lang"] == "es");
  REQUIRE(ws->join("rec6-council")["type"] == "ack");
  return ws;
}

// The same refusal, asked by an English and a Spanish reader: one code, each in their language.
void same_refusal_in_both(const json& english, const json& spanish, const std::string& what) {
  INFO(what << "\n  en: " << english.dump() << "\n  es: " << spanish.dump());
  REQUIRE(english["type"] == "error");
  REQUIRE(spanish["type"] == "error");
  CHECK(english["code"] == spanish["code"]);
  CHECK(english["lang"] == "en");
  CHECK(spanish["lang"] == "es");
  const std::string en = english["message"], es = spanish["message"];
  CHECK(!es.empty());
  CHECK(es != en);
  const auto left = english_in(prose_of(es));
  for (const auto& e : left) FAIL_CHECK("English in a Spanish refusal: " << e);
}

}  // namespace

TEST_CASE("every kind of refusal reads in the reader's language, over the WebSocket and HTTP", "[i18n][protocol]") {
  Council c("2026-11-10T09:00");
  auto en = c.seat_in(kVoters[1].first, kVoters[1].second);
  auto es = seat_in_spanish(c, 1);
  REQUIRE(act(*en, "quorum.present")["type"] == "ack");
  REQUIRE(act(*en, "chat.delete", {{"message", 1}})["type"] == "error");  // a seq that is no message

  // One request of each kind of refusal: the connection's, the room's, the argument checks',
  // the policy's and each plugin's.
  const std::vector<std::pair<std::string, json>> asks = {
      {"unknown request type", {{"type", "nope"}}},
      {"second hello", {{"type", "hello"}, {"protocol", 1}}},
      {"room name", {{"type", "join"}, {"room", "Bad Room"}}},
      {"no such room", {{"type", "join"}, {"room", "no-such-room"}}},
      {"already joined", {{"type", "join"}, {"room", "rec6-council"}}},
      {"empty chat", {{"type", "say"}, {"room", "rec6-council"}, {"text", ""}}},
      {"unknown operation", {{"type", "act"}, {"room", "rec6-council"}, {"op", "nothing.here"}, {"args", json::object()}}},
      {"unknown plugin", {{"type", "read"}, {"room", "rec6-council"}, {"plugin", "nothing"}, {"query", json::object()}}},
      {"argument type", {{"type", "act"}, {"room", "rec6-council"}, {"op", "motions.move"}, {"args", {{"text", 5}}}}},
      {"unknown argument", {{"type", "act"}, {"room", "rec6-council"}, {"op", "quorum.present"}, {"args", {{"colour", "red"}}}}},
      {"notice: no such meeting", {{"type", "act"}, {"room", "rec6-council"}, {"op", "notice.post"}, {"args", {{"meeting", 1}}}}},
      {"quorum: already present", {{"type", "act"}, {"room", "rec6-council"}, {"op", "quorum.present"}, {"args", json::object()}}},
      {"motions: not in session", {{"type", "act"}, {"room", "rec6-council"}, {"op", "motions.move"}, {"args", {{"text", "Approve the budget"}}}}},
      {"motions: not in session (vote)", {{"type", "act"}, {"room", "rec6-council"}, {"op", "motions.vote"}, {"args", {{"choice", "aye"}}}}},
      {"chat: no such message", {{"type", "act"}, {"room", "rec6-council"}, {"op", "chat.delete"}, {"args", {{"message", 999}}}}},
      {"webinar: no such webinar", {{"type", "act"}, {"room", "rec6-council"}, {"op", "webinar.register"}, {"args", {{"webinar", 99}}}}},
  };
  for (const auto& [what, ask] : asks) same_refusal_in_both(en->request(ask), es->request(ask), what);

  // The clerk's plugins: notices and minutes, asked of the clerk in both languages.
  auto clerk_es = std::make_unique<WsClient>(c.server.port());
  REQUIRE(clerk_es->request({{"type", "hello"}, {"protocol", 1}, {"token", login(c.server.port(), "clerk@rec6.example", "demo-clerk-2026")}})["type"] == "ack");
  REQUIRE(clerk_es->request({{"type", "language"}, {"lang", "es"}})["lang"] == "es");  // switched after hello
  REQUIRE(clerk_es->join("rec6-council")["type"] == "ack");
  for (const auto& [op, args] : std::vector<std::pair<std::string, json>>{
           {"notice.post", {{"meeting", 99}}},
           {"notice.schedule", {{"kind", "special"}, {"starts", "2026-11-01T10:00"}, {"place", "REC 6 office"}}},
           {"minutes.complete", {{"minutes", 99}}},
           {"meeting.call_to_order", json::object()}}) {  // the clerk may not preside: forbidden
    same_refusal_in_both(act(*c.clerk, op, args), act(*clerk_es, op, args), op);
  }

  // A connection's language also comes from its upgrade request, before any hello.
  ClientOptions spanish_browser;
  spanish_browser.headers = {{"Accept-Language", "es-MX,es;q=0.9,en;q=0.5"}};
  WsClient public_es(c.server.port(), spanish_browser);
  WsClient public_en(c.server.port());
  same_refusal_in_both(public_en.request({{"type", "join"}, {"room", "rec6-council"}}),
                       public_es.request({{"type", "join"}, {"room", "rec6-council"}}), "hello required");
  const auto bad_lang = public_es.request({{"type", "language"}, {"lang", "fr"}});
  CHECK(bad_lang["code"] == "bad_field");
  CHECK(bad_lang["lang"] == "es");

  // The JSON API answers in the request's language (Accept-Language, as the app sends it).
  const std::string token = login(c.server.port(), kVoters[1].first, kVoters[1].second);
  const auto api = [&](const std::string& method, const std::string& path, const std::string& body,
                       const std::string& lang, const std::string& with_token) {
    ClientOptions o;
    o.headers = {{"Accept-Language", lang}, {"Content-Type", "application/json"}};
    const HttpResult r = http_request(c.server.port(), method, path, o, body, with_token);
    json j = json::parse(r.body);
    j["type"] = r.status >= 400 ? "error" : "ok";
    j["code"] = j.value("error", "");
    return j;
  };
  for (const auto& [method, path, body, with_token] : std::vector<std::tuple<std::string, std::string, std::string, std::string>>{
           {"POST", "/api/login", R"({"email":"x@rec6.example","password":"not-the-password"})", ""},
           {"POST", "/api/login", R"({"email":"x@rec6.example"})", ""},
           {"GET", "/api/nowhere", "", token},
           {"POST", "/api/admin/create-body", "{}", token},
           {"POST", "/api/rooms/rec6-council/act", R"({"op":"quorum.present"})", token},
           {"POST", "/api/rooms/rec6-council/act", R"({"op":"notice.post","args":{"meeting":1}})", token}}) {
    same_refusal_in_both(api(method, path, body, "en-US", with_token), api(method, path, body, "es-MX", with_token),
                         method + " " + path + " " + body);
  }
}
