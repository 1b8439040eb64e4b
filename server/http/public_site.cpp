#include "http/public_site.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <ctime>
#include <optional>
#include <utility>

#include "core/checkpointer.hpp"
#include "http/checkpoint_pages.hpp"
#include "http/feeds.hpp"
#include "http/html.hpp"
#include "http/minutes_pages.hpp"
#include "http/public_meetings.hpp"
#include "i18n/messages.hpp"
#include "util/log.hpp"
#include "util/metrics.hpp"
#include "util/bounded_json.hpp"

namespace collegial::http {

using nlohmann::json;
using html::escape;

namespace {

using i18n::Lang;

constexpr std::int64_t kHalfDay = 12LL * 3'600'000;

PublicAnswer ok_html(std::string body) { return {200, "text/html; charset=utf-8", std::move(body)}; }


// The lawful-notice box (N2–N4): the verdict, then each finding in the reader's language
// (finding_keys; the English `findings` for a record written before they were keys).
std::string status_box(Lang lang, const json& m, const std::string& zone) {
  const auto& status = m["status"];
  const bool lawful = status.value("lawful", false);
  std::string out = std::string("<section class=\"status ") + (lawful ? "lawful" : "unlawful") +
                    "\" aria-labelledby=\"notice-status\">\n<h2 id=\"notice-status\">" +
                    html::say(lang, lawful ? "site.notice.lawful" : "site.notice.unlawful") + "</h2>\n<ul>\n";
  const json keys = status.value("finding_keys", json::array());
  for (const auto& f : keys.empty() ? status.value("findings", json::array()) : keys) {
    out += "<li>" + escape(i18n::render(lang, f, zone)) + "</li>\n";
  }
  return out + "</ul>\n</section>\n";
}

std::string agenda_list(Lang lang, const json& items) {
  if (items.empty()) return "<p>" + html::say(lang, "site.agenda.none") + "</p>\n";
  std::string out = "<ol>\n";
  for (const auto& item : items) {
    out += "<li><strong>" + escape(item.value("title", "")) + "</strong> (" +
           html::say(lang, "site.agenda.type", {{"type", item.value("type", "")}}) + ")";
    if (!item.value("presenter", "").empty()) {
      out += ", " + html::say(lang, "site.agenda.presenter", {{"name", item.value("presenter", "")}});
    }
    if (item.value("type", "") == "closed_session") {
      out += "<br>" + html::say(lang, "site.agenda.closed", {{"citation", item.value("citation", "")},
                                                              {"subject", item.value("subject", "")}});
    }
    for (const auto& link : item.value("links", json::array())) {
      const std::string url = link.get<std::string>();
      if (url.rfind("https://", 0) == 0 || url.rfind("http://", 0) == 0 || url.rfind("/", 0) == 0) {
        out += "<br><a href=\"" + escape(url) + "\">" + escape(url) + "</a>";
      }
    }
    out += "</li>\n";
  }
  return out + "</ol>\n";
}

std::string meetings_table(Lang lang, const store::Body& body, const std::vector<const json*>& list,
                           const std::string& caption_key, const std::string& zone) {
  const std::string& slug = body.slug;
  const std::string caption = html::say(lang, caption_key);
  if (list.empty()) return "<p>" + html::say(lang, "site.meetings.none", {{"list", i18n::say(lang, caption_key)}}) + "</p>\n";
  const std::string h_when = html::say(lang, "site.col.when"), h_meeting = html::say(lang, "site.col.meeting"),
                    h_where = html::say(lang, "site.col.where"), h_notice = html::say(lang, "site.col.notice");
  std::string out = "<table>\n<caption>" + caption + "</caption>\n<thead><tr><th scope=\"col\">" + h_when +
                    "</th><th scope=\"col\">" + h_meeting + "</th><th scope=\"col\">" + h_where +
                    "</th><th scope=\"col\">" + h_notice + "</th></tr></thead>\n<tbody>\n";
  for (const json* m : list) {
    const bool lawful = (*m)["status"].value("lawful", false);
    const std::string state = m->value("state", "");
    const std::int64_t started = m->value("started_ms", std::int64_t{0});
    const bool unnoticed = m->value("kind", "") == "unnoticed";
    std::string when = html::when(lang, m->value("starts_ms", std::int64_t{0}), zone);
    if (started > 0 && !unnoticed) when += "<br>" + html::say(lang, "site.called_to_order_at", {{"at_ms", started}}, zone);
    std::string title = "<a href=\"/public/" + escape(slug) + "/meetings/" + std::to_string(m->value("meeting", 0)) +
                        "\">" + escape(html::meeting_title(lang, *m, body.name)) + "</a>";
    if (state == "cancelled") title += " <span class=\"badge bad\">" + html::say(lang, "site.badge.cancelled") + "</span>";
    if (state == "in_session" || state == "recessed") {
      title += " <a class=\"badge live\" href=\"/public/" + escape(slug) + "/live\">" + html::say(lang, "site.watch_live") + "</a>";
    }
    const std::string badge = lawful      ? "<span class=\"badge good\">" + html::say(lang, "site.badge.lawful") + "</span>"
                              : unnoticed ? "<span class=\"badge bad\">" + html::say(lang, "site.badge.unnoticed") + "</span>"
                                          : "<span class=\"badge bad\">" + html::say(lang, "site.badge.unlawful") + "</span>";
    out += "<tr>" + html::cell(h_when, when) + html::cell(h_meeting, title) + html::cell(h_where, escape(m->value("place", ""))) +
           html::cell(h_notice, badge) + "</tr>\n";
  }
  return out + "</tbody>\n</table>\n";
}

// Upcoming: not yet begun, by the clock and by the record (a meeting called to order early is
// not upcoming any more; one whose hour has passed without being called to order is not either).
bool is_upcoming(const json& m, std::int64_t now) {
  return m.value("started_ms", std::int64_t{0}) == 0 && m.value("state", "") != "adjourned" &&
         m.value("starts_ms", std::int64_t{0}) > now;
}

// L2: the webinars a body publishes (public ones), as the webinar plugin's view gives them.
std::vector<json> public_webinars(const core::PublicSnapshot& snap) {
  std::vector<json> out;
  const auto v = snap.views.find("webinar");
  if (v == snap.views.end()) return out;
  for (const auto& w : v->second.value("webinars", json::array())) {
    if (w.value("public", false)) out.push_back(w);
  }
  return out;
}

// L2: the body's public webinars with sessions still to come: when, seats, how to join.
std::string webinars_section(Lang lang, const store::Body& body, const core::PublicSnapshot& snap, std::int64_t now) {
  const std::string h_webinar = html::say(lang, "site.col.webinar"), h_when = html::say(lang, "site.col.when"),
                    h_seats = html::say(lang, "site.col.seats"), h_join = html::say(lang, "site.col.join");
  std::string rows;
  for (const auto& w : public_webinars(snap)) {
    if (w.value("cancelled", false)) continue;
    const auto seats = w.value("capacity", std::int64_t{0}) - static_cast<std::int64_t>(w["registered"].size());
    for (const auto& s : w.value("sessions", json::array())) {
      if (s.value("ends_ms", std::int64_t{0}) < now) continue;
      const std::string when = html::say(lang, "site.webinar.span", {{"from_ms", s.value("starts_ms", std::int64_t{0})},
                                                                     {"until", i18n::when(lang, s.value("ends_ms", std::int64_t{0}), body.time_zone, i18n::Detail::time)}},
                                         body.time_zone);
      const std::string open = seats > 0 ? html::say(lang, "site.webinar.seats", {{"open", seats}, {"capacity", w.value("capacity", 0)}})
                                         : html::say(lang, "site.webinar.full");
      rows += "<tr><th scope=\"row\">" + escape(w.value("title", "")) + "</th>" + html::cell(h_when, when) + html::cell(h_seats, open) +
              html::cell(h_join, "<a href=\"" + escape(w.value("join_url", "")) + "\">" + html::say(lang, "site.webinar.join") + "</a>") +
              "</tr>\n";
    }
  }
  std::string out = "<h2>" + html::say(lang, "site.webinars") + "</h2>\n<p><a href=\"/feeds/" + escape(body.slug) +
                    "/webinars.ics\">" + html::say(lang, "site.webinars.feed") + "</a>. " +
                    html::say(lang, "site.webinars.register") + "</p>\n";
  if (rows.empty()) return out + "<p>" + html::say(lang, "site.webinars.none") + "</p>\n";
  return out + "<table>\n<caption>" + html::say(lang, "site.webinars.caption") + "</caption>\n<thead><tr><th scope=\"col\">" +
         h_webinar + "</th><th scope=\"col\">" + h_when + "</th><th scope=\"col\">" + h_seats + "</th><th scope=\"col\">" +
         h_join + "</th></tr></thead>\n<tbody>\n" + rows + "</tbody>\n</table>\n";
}

// The live page's presence: as the room counts it, and only while a meeting is in session or in
// recess (after adjournment nobody is counted present, whatever was last seen).
std::string presence_section(Lang lang, const json& quorum, const std::string& state) {
  std::string out = "<section aria-labelledby=\"presence\"><h2 id=\"presence\">" + html::say(lang, "site.live.presence") + "</h2>\n";
  if (state != "in_session" && state != "recessed") {
    return out + "<p role=\"status\">" + html::say(lang, "site.live.nobody") + "</p></section>\n";
  }
  out += "<p role=\"status\">" +
         html::say(lang, "site.live.counted", {{"counted", quorum.value("counted", 0)}, {"members", quorum.value("members", 0)},
                                               {"quorum", quorum.value("has_quorum", false) ? "yes" : "no"}}) + "</p>\n<ul>\n";
  for (const auto& p : quorum.value("present", json::array())) {
    out += "<li>" + html::say(lang, "site.live.present", {{"name", p.value("name", "")}, {"mode", p.value("mode", "")}}) + "</li>\n";
  }
  return out + "</ul></section>\n";
}

std::string floor_section(Lang lang, const json& motions) {
  std::string out = "<section aria-labelledby=\"floor\"><h2 id=\"floor\">" + html::say(lang, "site.live.floor") + "</h2>\n";
  const auto& pending = motions.value("pending", json::array());
  if (pending.empty()) out += "<p>" + html::say(lang, "site.live.no_motion") + "</p>\n";
  for (const auto& p : pending) {
    out += "<p>" + html::say(lang, "site.live.motion", {{"number", p.value("motion", 0)}, {"kind", p.value("kind", "")},
                                                        {"state", p.value("state", "")}, {"text", p.value("text", "")}}) +
           "<br>" + html::say(lang, "site.live.tally", {{"aye", p.value("aye", 0)}, {"nay", p.value("nay", 0)},
                                                        {"abstain", p.value("abstain", 0)}}) +
           (p.value("question_ordered", false) ? "<br>" + html::say(lang, "site.live.question_ordered") : std::string()) +
           "</p>\n";
  }
  return out + "</section>\n";
}

// One line of the record: what the meeting did and said, in the reader's language, with its
// speaker. Only the meeting's own events: the clerk's later minutes edits, notices and webinar
// bookkeeping are not part of what was said in the meeting.
std::optional<std::pair<std::string, std::string>> record_line(Lang lang, const std::string& type, const json& b) {
  using Line = std::pair<std::string, std::string>;  // speaker, text (escaped)
  const auto str = [&](const char* k) { return b.contains(k) && b[k].is_string() ? b[k].get<std::string>() : std::string(); };
  const auto num = [&](const char* k) { return b.contains(k) && b[k].is_number_integer() ? b[k].get<std::int64_t>() : 0; };
  if (type == "chat.message") return Line{escape(str("name")), escape(str("text"))};
  if (type == "meeting.called_to_order" || type == "meeting.recessed" || type == "meeting.resumed" ||
      type == "meeting.adjourned") {
    return Line{escape(str("presiding")), html::say(lang, "site.ev." + type, {{"number", num("number")}})};
  }
  if (type == "quorum.arrived") return Line{escape(str("name")), html::say(lang, "site.ev.quorum.arrived", {{"mode", str("mode")}})};
  if (type == "quorum.departed") return Line{escape(str("name")), html::say(lang, "site.ev.quorum.departed")};
  if (type == "quorum.established" || type == "quorum.lost") {
    return Line{"", html::say(lang, "site.ev." + type, {{"counted", num("counted")}, {"members", num("members")}})};
  }
  if (type == "motions.made") {
    return Line{escape(str("mover_name")), html::say(lang, "site.ev.motions.made", {{"number", num("motion")}, {"text", str("text")}})};
  }
  if (type == "motions.seconded") {
    return Line{escape(str("seconder_name")), html::say(lang, "site.ev.motions.seconded", {{"number", num("motion")}})};
  }
  if (type == "motions.vote_cast") {
    return Line{escape(str("name")), html::say(lang, "site.ev.motions.vote_cast", {{"number", num("motion")}, {"choice", str("choice")}})};
  }
  if (type == "motions.decided") {
    return Line{"", html::say(lang, "site.ev.motions.decided", {{"number", num("motion")}, {"result", str("result")},
                                                                {"aye", num("aye")}, {"nay", num("nay")}, {"abstain", num("abstain")}})};
  }
  if (type == "motions.withdrawn") return Line{"", html::say(lang, "site.ev.motions.withdrawn", {{"number", num("motion")}})};
  return std::nullopt;
}

std::string record_section(Lang lang, const core::PublicSnapshot& snap, const std::string& zone) {
  const std::string h_time = html::say(lang, "site.col.time"), h_who = html::say(lang, "site.col.who"),
                    h_what = html::say(lang, "site.col.what");
  std::string rows;
  bool withheld = false;
  for (const auto& frame : snap.recent) {
    const json e = parse_bounded_json(*frame);
    if (!e.is_object()) continue;
    const std::string type = e.value("type", "");
    if (type == "session.withheld") {
      // C3: one line per closed session, with neither time nor speaker.
      if (withheld) continue;
      withheld = true;
      rows += "<tr>" + html::cell(h_time, "") + html::cell(h_who, "") + html::cell(h_what, "<em>" + html::say(lang, "site.ev.withheld") + "</em>") + "</tr>\n";
      continue;
    }
    withheld = false;
    const auto line = record_line(lang, type, e.contains("body") ? e["body"] : json::object());
    if (!line) continue;
    const std::string at = html::escape(i18n::when(lang, e.value("ts", std::int64_t{0}), zone, i18n::Detail::time));
    rows += "<tr>" + html::cell(h_time, at) + html::cell(h_who, line->first) + html::cell(h_what, line->second) + "</tr>\n";
  }
  std::string out = "<section aria-labelledby=\"record\"><h2 id=\"record\">" + html::say(lang, "site.live.record") + "</h2>\n";
  if (rows.empty()) return out + "<p>" + html::say(lang, "site.live.record_empty") + "</p></section>\n";
  return out + "<table>\n<caption>" + html::say(lang, "site.live.record_caption") + "</caption>\n<thead><tr><th scope=\"col\">" +
         h_time + "</th><th scope=\"col\">" + h_who + "</th><th scope=\"col\">" + h_what + "</th></tr></thead>\n<tbody>\n" +
         rows + "</tbody>\n</table></section>\n";
}

}  // namespace

PublicAnswer PublicSite::not_found(const Reader& r, std::string_view key, const json& args) {
  return {404, "text/html; charset=utf-8",
          html::page(r.lang, i18n::say(r.lang, "site.not_found"),
                     "<h1>" + html::say(r.lang, "site.not_found") + "</h1>\n<p>" + html::say(r.lang, key, args) +
                         "</p>\n<p><a href=\"/public/\">" + html::say(r.lang, "site.nav.bodies") + "</a></p>",
                     r.path)};
}

PublicAnswer PublicSite::not_found_page(const PublicRequest& request) {
  const i18n::Choice choice = i18n::choose(request.query, request.cookies, request.accept_language);
  PublicAnswer answer = not_found(Reader{choice.lang, std::string(request.path)}, "site.no_page");
  answer.headers.emplace_back("Content-Language", std::string(i18n::tag_of(choice.lang)));
  return answer;
}

namespace {

metrics::Counter& g_pages_rendered = metrics::counter(
    "collegial_public_pages_total", "Public pages and feeds answered, by how: rendered, or taken from the pages' cache.",
    "how=\"rendered\"");
metrics::Counter& g_pages_cached = metrics::counter(
    "collegial_public_pages_total", "Public pages and feeds answered, by how: rendered, or taken from the pages' cache.",
    "how=\"cached\"");

}  // namespace

PublicAnswer answer_of(const CachedPage& page) {
  PublicAnswer a{page.status, page.content_type, page.body};
  a.etag = page.etag;
  a.modified_ms = page.modified_ms;
  a.headers.emplace_back("ETag", page.etag);
  a.headers.emplace_back("Last-Modified", http_date(page.modified_ms));
  return a;
}

PageStamp PublicSite::stamp_for(std::string_view path) const {
  PageStamp stamp{.heads = 0, .generation = generation_ ? generation_() : 0, .second = clock_.now_ms() / 1000};
  // /public/<body>… and /feeds/<body>/… show one room (the body's); the rest (the index of
  // bodies, a person's calendar, checkpoints) may show any.
  const bool feed = path.rfind("/feeds/", 0) == 0;
  if (feed || path.rfind("/public/", 0) == 0) {
    const std::string_view rest = path.substr(feed ? 7 : 8);
    const std::string_view slug = rest.substr(0, rest.find('/'));
    if (!slug.empty() && slug != "people" && slug.find('.') == std::string_view::npos) {
      stamp.heads = hub_.loaded_head(slug);
      return stamp;
    }
  }
  stamp.heads = hub_.loaded_heads_total();
  return stamp;
}

std::string PublicSite::cache_key(const Reader& r) {
  return std::string(i18n::tag_of(r.lang)) + " " + r.path;
}

PublicAnswer PublicSite::for_reader(PublicAnswer answer, const i18n::Choice& choice) {
  // Pages differ by language: caches keep one copy per choice.
  answer.headers.emplace_back("Vary", "Accept-Language, Cookie");
  answer.headers.emplace_back("Content-Language", std::string(i18n::tag_of(choice.lang)));
  if (choice.from_query) answer.headers.emplace_back("Set-Cookie", i18n::remember_cookie(choice.lang));
  return answer;
}

std::optional<PublicAnswer> PublicSite::cached(const PublicRequest& request) {
  if (request.path.rfind("/feeds/people/", 0) == 0) return std::nullopt;  // never kept (handle)
  const i18n::Choice choice = i18n::choose(request.query, request.cookies, request.accept_language);
  const Reader r{choice.lang, std::string(request.path)};
  const auto page = cache_.find(cache_key(r), stamp_for(r.path));
  if (!page) return std::nullopt;
  g_pages_cached.add();
  return for_reader(answer_of(*page), choice);
}

PublicAnswer PublicSite::handle(const PublicRequest& request) {
  const i18n::Choice choice = i18n::choose(request.query, request.cookies, request.accept_language);
  const Reader r{choice.lang, std::string(request.path)};
  const std::string key = cache_key(r);
  // Stamped before rendering: what is rendered is at least as new as the stamp, so a page is
  // never kept under a stamp newer than what it shows.
  const PageStamp stamp = stamp_for(r.path);
  if (const auto page = cache_.find(key, stamp)) {
    g_pages_cached.add();
    return for_reader(answer_of(*page), choice);
  }
  g_pages_rendered.add();
  PublicAnswer answer = route(r);
  // A person's calendar answers at a secret address that a new one revokes: it depends on the
  // accounts, which no stamp follows, so it is never kept.
  const bool personal = r.path.rfind("/feeds/people/", 0) == 0;
  if (answer.status != 200 || !answer.headers.empty() || personal) return for_reader(std::move(answer), choice);
  const auto page = cache_.store(key, stamp, answer.status, std::move(answer.content_type),
                                 std::move(answer.body), clock_.now_ms());
  return for_reader(answer_of(*page), choice);
}

PublicAnswer PublicSite::route(const Reader& r) {
  const std::string_view path = r.path;
  try {
    if (path == "/public" || path == "/public/") return index(r);
    if (is_checkpoint_path(path)) {
      if (!checkpoints_) return not_found(r, "site.no_checkpoints");
      return checkpoint_answer(*checkpoints_, path);
    }
    if (path.rfind("/.well-known/", 0) == 0) return not_found(r, "site.no_page");
    const bool feed = path.rfind("/feeds/", 0) == 0;
    std::string rest(path.substr(feed ? 7 : 8));
    const auto slash = rest.find('/');
    const std::string slug = rest.substr(0, slash);
    const std::string tail = slash == std::string::npos ? "" : rest.substr(slash);
    if (feed && slug == "people") return person_calendar(r, tail);
    const auto body = directory_.body_by_slug(slug);
    if (!body || !body->is_public) return not_found(r, "site.no_body", {{"name", slug}});
    if (feed) {
      auto snap = hub_.public_snapshot(body->slug, 0);
      if (!snap) return not_found(r, "site.unreadable");
      const FeedContext feed_of{r.lang, body->slug, body->name, body->time_zone, in_session(*snap)};
      if (tail == "/notices.atom") {
        return {200, "application/atom+xml; charset=utf-8", notices_atom(feed_of, noticed_meetings(*snap))};
      }
      if (tail == "/meetings.ics") {
        return {200, "text/calendar; charset=utf-8", meetings_ical(feed_of, noticed_meetings(*snap), clock_.now_ms())};
      }
      if (tail == "/webinars.ics") {  // L2: the body's public webinars
        std::vector<WebinarEntry> list;
        for (const auto& w : public_webinars(*snap)) list.emplace_back(*body, w);
        return {200, "text/calendar; charset=utf-8",
                webinars_ical(r.lang, i18n::say(r.lang, "feed.webinars.name", {{"name", body->name}}), list,
                              clock_.now_ms())};
      }
      return not_found(r, "site.no_feed");
    }
    PublicAnswer answer = body_route(r, *body, tail);
    // A witness on every page of the body (docs/architecture.md, "Checkpoints and witnesses").
    if (checkpoints_ && answer.status == 200 && answer.content_type.rfind("text/html", 0) == 0) {
      answer.body = html::with_footer_note(std::move(answer.body), witness_note(r.lang, checkpoints_->latest(body->slug),
                                                                                body->slug, body->time_zone));
    }
    return answer;
  } catch (const std::exception& e) {
    LOG_ERROR("public page " << path << ": " << e.what());
    return {500, "text/html; charset=utf-8",
            html::page(r.lang, i18n::say(r.lang, "site.error.title"),
                       "<h1>" + html::say(r.lang, "site.error.title") + "</h1><p>" + html::say(r.lang, "site.error.text") + "</p>",
                       r.path)};
  }
}

PublicAnswer PublicSite::body_route(const Reader& r, const store::Body& body, const std::string& tail) {
  if (tail.empty() || tail == "/") return body_page(r, body);
  if (tail == "/live") return live_page(r, body);
  if (tail.rfind("/minutes", 0) == 0) {
    std::optional<store::Checkpoint> latest;
    if (checkpoints_) latest = checkpoints_->latest(body.slug);
    return minutes_pages(hub_, body, tail, r.lang, clock_.now_ms(), latest ? latest->to_json() : json());
  }
  if (tail.rfind("/meetings/", 0) == 0) {
    std::string number = tail.substr(10);
    // IPRA: the public's records-request bundle of a held meeting (records_bundle.hpp).
    constexpr std::string_view kRecords = "/records.zip";
    const bool records = number.size() > kRecords.size() &&
                         number.compare(number.size() - kRecords.size(), kRecords.size(), kRecords) == 0;
    if (records) number.resize(number.size() - kRecords.size());
    if (number.empty() || number.size() > 9 ||
        !std::all_of(number.begin(), number.end(), [](char c) { return c >= '0' && c <= '9'; })) {
      return not_found(r, "site.no_meeting");
    }
    if (records) return records_bundle(body.slug, std::stoll(number), nullptr, false, r.lang);
    return meeting_page(r, body, std::stoll(number));
  }
  return not_found(r, "site.no_page");
}

// L2: a person's webinars (registered, waitlisted or facilitating) in every body, at the secret
// address POST /api/me/calendar gave them.
PublicAnswer PublicSite::person_calendar(const Reader& r, std::string_view tail) {
  constexpr std::string_view suffix = ".ics";
  if (tail.size() <= 1 + suffix.size() || tail.substr(tail.size() - suffix.size()) != suffix) {
    return not_found(r, "site.no_calendar");
  }
  const std::string token(tail.substr(1, tail.size() - 1 - suffix.size()));
  const auto person = hub_.accounts() ? hub_.accounts()->calendar_person(token) : std::nullopt;
  if (!person) return not_found(r, "site.no_calendar");
  const auto named = [&](const json& list) {
    return std::any_of(list.begin(), list.end(), [&](const json& x) {
      return x.is_number_integer() ? x.get<std::int64_t>() == *person : x.value("person", std::int64_t{0}) == *person;
    });
  };
  std::vector<WebinarEntry> mine;
  for (const auto& b : directory_.bodies()) {
    auto snap = hub_.public_snapshot(b.slug, 0);
    if (!snap) continue;
    const auto v = snap->views.find("webinar");
    if (v == snap->views.end()) continue;
    for (const auto& w : v->second.value("webinars", json::array())) {
      if (named(w["registered"]) || named(w["waitlisted"]) || named(w["facilitators"])) mine.emplace_back(b, w);
    }
  }
  const auto who = directory_.person_by_id(*person);
  return {200, "text/calendar; charset=utf-8",
          webinars_ical(r.lang, i18n::say(r.lang, "feed.webinars.mine", {{"name", who ? who->name : std::string()}}),
                        mine, clock_.now_ms())};
}

PublicAnswer PublicSite::index(const Reader& r) {
  const Lang lang = r.lang;
  std::string out = "<h1>" + html::say(lang, "site.index.title") + "</h1>\n<p>" + html::say(lang, "site.index.intro") +
                    "</p>\n<h2>" + html::say(lang, "site.index.bodies") + "</h2>\n<ul>\n";
  const std::int64_t now = clock_.now_ms();
  struct Row {
    std::int64_t at;
    std::string html;
  };
  std::vector<Row> list;
  for (const auto& b : directory_.bodies()) {
    if (!b.is_public) continue;
    auto snap = hub_.public_snapshot(b.slug, 0);
    out += "<li><a href=\"/public/" + escape(b.slug) + "\">" + escape(b.name) + "</a> (" +
           html::say(lang, "site.body_kind", {{"kind", b.kind}}) + ")";
    // §2 of issue 17: the public finds the meeting in session from the front page.
    if (snap && in_session(*snap)) {
      out += " <a class=\"badge live\" href=\"/public/" + escape(b.slug) + "/live\">" + html::say(lang, "site.watch_live") + "</a>";
    }
    out += "</li>\n";
    if (!snap) continue;
    for (const auto& m : meetings_of(*snap)) {
      if (m.value("state", "") == "cancelled" || m["postings"].empty() || !is_upcoming(m, now)) continue;
      const std::int64_t at = m.value("starts_ms", std::int64_t{0});
      list.push_back({at, "<li>" + html::when(lang, at, b.time_zone) + ": <a href=\"/public/" + escape(b.slug) +
                              "/meetings/" + std::to_string(m.value("meeting", 0)) + "\">" +
                              escape(html::meeting_title(lang, m, b.name)) + "</a> (" + escape(b.name) + ")</li>\n"});
    }
  }
  out += "</ul>\n<h2>" + html::say(lang, "site.upcoming") + "</h2>\n";
  std::sort(list.begin(), list.end(), [](const Row& a, const Row& b) { return a.at < b.at; });
  if (list.empty()) {
    out += "<p>" + html::say(lang, "site.index.none") + "</p>\n";
  } else {
    out += "<ul>\n";
    for (const auto& row : list) out += row.html;
    out += "</ul>\n";
  }
  return ok_html(html::page(lang, i18n::say(lang, "site.index.title"), out, r.path));
}

PublicAnswer PublicSite::body_page(const Reader& r, const store::Body& body) {
  const Lang lang = r.lang;
  auto snap = hub_.public_snapshot(body.slug, 0);
  if (!snap) return not_found(r, "site.unreadable");
  const std::int64_t now = clock_.now_ms();
  std::vector<const json*> now_on, upcoming, past;
  for (const auto& m : meetings_of(*snap)) {
    if (!is_public(m)) continue;  // scheduled but not yet noticed: not public
    const std::string state = m.value("state", "");
    (state == "in_session" || state == "recessed" ? now_on : is_upcoming(m, now) ? upcoming : past).push_back(&m);
  }
  std::reverse(past.begin(), past.end());
  const std::string slug = escape(body.slug);
  const std::string q = lang == Lang::es ? "?lang=es" : "";  // feeds in the reader's language
  std::string out = "<h1>" + escape(body.name) + "</h1>\n";
  if (in_session(*snap)) {
    out += "<p class=\"status live\"><strong>" + html::say(lang, "site.in_session_now") + "</strong> <a href=\"/public/" +
           slug + "/live\">" + html::say(lang, "site.watch_live") + "</a></p>\n";
  }
  out += "<p><a href=\"/public/" + slug + "/live\">" + html::say(lang, "site.body.live") + "</a> · <a href=\"/public/" + slug +
         "/minutes\">" + html::say(lang, "site.body.minutes") + "</a> · <a href=\"/feeds/" + slug + "/notices.atom" + q + "\">" +
         html::say(lang, "site.body.atom") + "</a> · <a href=\"/feeds/" + slug + "/meetings.ics" + q + "\">" +
         html::say(lang, "site.body.ics") + "</a></p>\n";
  out += "<p>" + html::say(lang, "site.body.notice_rules", {{"regular", body.notice_regular_days},
                                                             {"special", body.notice_special_days},
                                                             {"emergency", body.notice_emergency_hours}}) + "</p>\n";
  if (!now_on.empty()) {
    out += "<h2>" + html::say(lang, "site.now") + "</h2>\n" + meetings_table(lang, body, now_on, "site.now", body.time_zone);
  }
  out += "<h2>" + html::say(lang, "site.upcoming") + "</h2>\n" + meetings_table(lang, body, upcoming, "site.upcoming", body.time_zone);
  out += "<h2>" + html::say(lang, "site.past") + "</h2>\n" + meetings_table(lang, body, past, "site.past", body.time_zone);
  out += webinars_section(lang, body, *snap, now);
  return ok_html(html::page(lang, body.name, out, r.path));
}

PublicAnswer PublicSite::meeting_page(const Reader& r, const store::Body& body, std::int64_t number) {
  const Lang lang = r.lang;
  auto snap = hub_.public_snapshot(body.slug, 0);
  if (!snap) return not_found(r, "site.unreadable");
  const json* found = nullptr;
  for (const auto& m : meetings_of(*snap)) {
    if (m.value("meeting", std::int64_t{0}) == number && is_public(m)) found = &m;
  }
  if (!found) return not_found(r, "site.no_noticed_meeting", {{"number", number}});
  const json& m = *found;
  const std::string zone = m.value("time_zone", body.time_zone);
  const std::string slug = escape(body.slug);
  const std::string state = m.value("state", "");
  const std::string title = html::meeting_title(lang, m, body.name);
  std::string out = "<h1>" + escape(title) + "</h1>\n";
  out += "<p><a href=\"/public/" + slug + "\">" + escape(body.name) + "</a></p>\n";
  // §2 of issue 17: the notice leads to the meeting as it happens.
  if (state == "in_session" || state == "recessed") {
    out += "<p class=\"status live\"><strong>" + html::say(lang, "site.in_session_now") + "</strong> <a href=\"/public/" +
           slug + "/live\">" + html::say(lang, "site.watch_live") + "</a></p>\n";
  } else if (state != "cancelled" && state != "adjourned" && m.value("started_ms", std::int64_t{0}) == 0) {
    out += "<p>" + html::say(lang, "site.meeting.watch_when", {}) + " <a href=\"/public/" + slug + "/live\">" +
           html::say(lang, "site.body.live") + "</a></p>\n";
  }
  if (state == "cancelled") {
    out += "<p class=\"status unlawful\"><strong>" + html::say(lang, "site.badge.cancelled") + ".</strong> " +
           escape(m["cancelled"].value("reason", "")) + "</p>\n";
  }
  const bool unnoticed = m.value("kind", "") == "unnoticed";
  out += "<dl>\n<dt>" + html::say(lang, "site.meeting.kind") + "</dt><dd>" +
         html::say(lang, "site.meeting.kind_name", {{"kind", m.value("kind", "")}}) + "</dd>\n";
  out += "<dt>" + html::say(lang, unnoticed ? "site.meeting.called_to_order" : "site.meeting.when_noticed") + "</dt><dd>" +
         html::when(lang, m.value("starts_ms", std::int64_t{0}), zone) + "</dd>\n";
  // N3: the public sees when the meeting actually began and ended, beside what was noticed.
  if (const std::int64_t started = m.value("started_ms", std::int64_t{0}); started > 0 && !unnoticed) {
    out += "<dt>" + html::say(lang, "site.meeting.called_to_order") + "</dt><dd>" + html::when(lang, started, zone) + "</dd>\n";
  }
  if (const std::int64_t ended = m.value("adjourned_ms", std::int64_t{0}); ended > 0) {
    out += "<dt>" + html::say(lang, "site.meeting.adjourned") + "</dt><dd>" + html::when(lang, ended, zone) + "</dd>\n";
  }
  if (!m.value("place", "").empty()) {  // a meeting held without notice has no place of record
    out += "<dt>" + html::say(lang, "site.col.where") + "</dt><dd>" + escape(m.value("place", "")) + "</dd>\n";
  }
  if (!m.value("remote", "").empty()) {
    const std::string remote = m.value("remote", "");
    const bool link = remote.rfind("https://", 0) == 0 || remote.rfind("http://", 0) == 0;
    out += "<dt>" + html::say(lang, "site.meeting.remote") + "</dt><dd>" +
           (link ? "<a href=\"" + escape(remote) + "\">" + escape(remote) + "</a>" : escape(remote)) + "</dd>\n";
  }
  if (m.contains("closed") && m["closed"].is_object()) {
    out += "<dt>" + html::say(lang, "site.meeting.closed") + "</dt><dd>" +
           html::say(lang, "site.meeting.closed_under", {{"citation", m["closed"].value("citation", "")},
                                                         {"subject", m["closed"].value("subject", "")}}) + "</dd>\n";
  }
  if (m.contains("justification") && m["justification"].is_object()) {
    out += "<dt>" + html::say(lang, "site.meeting.emergency") + "</dt><dd>" +
           escape(m["justification"].value("circumstance", "")) + "</dd>\n";
  }
  out += "</dl>\n" + status_box(lang, m, zone);
  if (m.contains("continuation") && m["continuation"].is_object()) {
    const auto& c = m["continuation"];
    out += "<section aria-labelledby=\"continued\"><h2 id=\"continued\">" + html::say(lang, "site.meeting.continued") +
           "</h2>\n<p>" + html::say(lang, "site.meeting.continues", {{"at_ms", c.value("starts_ms", std::int64_t{0})},
                                                                     {"place", c.value("place", "")},
                                                                     {"posted_ms", c.value("posted_ms", std::int64_t{0})}}, zone) +
           "</p></section>\n";
  }
  const auto& posted = m["posted_agendas"];
  json latest = json::array();
  for (const auto& p : posted) {
    if (p.value("version", 0) > 0) latest = p["items"];
  }
  out += "<h2>" + html::say(lang, "site.agenda") + "</h2>\n" + agenda_list(lang, latest);
  // N9: actions at a meeting not lawfully noticed are not valid, and the cure is offered.
  const auto& actions = m["actions"];
  if (!actions.empty()) {
    const bool lawful = m["status"].value("lawful", false);
    out += "<h2>" + html::say(lang, "site.actions") + "</h2>\n";
    if (!lawful) {
      out += "<p class=\"status unlawful\"><strong>" + html::say(lang, "site.n9.title") + "</strong> " + html::say(lang, "site.n9.text");
      for (const auto& other : meetings_of(*snap)) {
        if (other.value("cure_of", std::int64_t{0}) == number && is_public(other)) {
          out += " " + html::say(lang, "site.n9.cure") + " <a href=\"/public/" + slug + "/meetings/" +
                 std::to_string(other.value("meeting", 0)) + "\">" + escape(html::meeting_title(lang, other, body.name)) + ", " +
                 html::when(lang, other.value("starts_ms", std::int64_t{0}), zone) + "</a>.";
        }
      }
      out += "</p>\n";
    }
    const std::string h_motion = html::say(lang, "site.col.motion"), h_result = html::say(lang, "site.col.result"),
                      h_valid = html::say(lang, "site.col.validity");
    out += "<table>\n<caption>" + html::say(lang, "site.actions.caption") + "</caption>\n<thead><tr><th scope=\"col\">" +
           h_motion + "</th><th scope=\"col\">" + h_result + "</th><th scope=\"col\">" + h_valid + "</th></tr></thead>\n<tbody>\n";
    for (const auto& a : actions) {
      const std::string result = a.contains("aye")
          ? html::say(lang, "site.tally", {{"result", a.value("result", "")}, {"aye", a.value("aye", 0)},
                                           {"nay", a.value("nay", 0)}, {"abstain", a.value("abstain", 0)},
                                           {"not_voting", a.value("not_voting", 0)}})
          : escape(a.value("tally", ""));
      out += "<tr>" + html::cell(h_motion, escape(a.value("text", ""))) + html::cell(h_result, result) +
             html::cell(h_valid, lawful ? "<span class=\"badge good\">" + html::say(lang, "site.valid") + "</span>"
                                  : "<span class=\"badge bad\">" + html::say(lang, "site.n9.title") + "</span>") +
             "</tr>\n";
    }
    out += "</tbody>\n</table>\n";
  }
  const std::string h_posted = html::say(lang, "site.col.posted"), h_version = html::say(lang, "site.col.version"),
                    h_notice = html::say(lang, "site.col.notice");
  out += "<h2>" + html::say(lang, "site.postings") + "</h2>\n<table>\n<caption>" + html::say(lang, "site.postings.caption") +
         "</caption>\n<thead><tr><th scope=\"col\">" + h_posted + "</th><th scope=\"col\">" + h_version +
         "</th><th scope=\"col\">" + h_notice + "</th></tr></thead>\n<tbody>\n";
  for (const auto& p : posted) {
    out += "<tr>" + html::cell(h_posted, html::when(lang, p.value("posted_ms", std::int64_t{0}), zone)) +
           html::cell(h_version, p.value("version", 0) > 0 ? std::to_string(p.value("version", 0)) : html::say(lang, "site.none_yet")) +
           html::cell(h_notice, "<details><summary>" + html::say(lang, "site.read_notice") + "</summary><pre>" +
                              escape(html::in_language(lang, p, "text")) + "</pre></details>") +
           "</tr>\n";
  }
  out += "</tbody>\n</table>\n";
  if (state == "adjourned") {  // IPRA: every record of the held meeting in one file
    out += "<h2>" + html::say(lang, "site.records") + "</h2>\n<p><a href=\"/public/" + slug + "/meetings/" +
           std::to_string(number) + "/records.zip\" download>" + html::say(lang, "site.records.download") + "</a> " +
           html::say(lang, "site.records.how") + "</p>\n";
  }
  return ok_html(html::page(lang, title, out, r.path));
}

PublicAnswer PublicSite::live_page(const Reader& r, const store::Body& body) {
  const Lang lang = r.lang;
  auto snap = hub_.public_snapshot(body.slug, 200);
  if (!snap) return not_found(r, "site.unreadable");
  const auto view = [&](const char* name) -> const json& {
    static const json none = json::object();
    const auto it = snap->views.find(name);
    return it == snap->views.end() ? none : it->second;
  };
  const json& meeting = view("meeting");
  const std::string slug = escape(body.slug);
  // No automatic refresh (WCAG 2.2.1: the reader decides when the page changes): a reload link,
  // and the live view in the browser app for those with JavaScript.
  std::string out = "<h1>" + html::say(lang, "site.live.title", {{"name", body.name}}) + "</h1>\n<p>" +
                    html::say(lang, "site.live.as_of", {{"at_ms", clock_.now_ms()}}, body.time_zone) + " <a href=\"/public/" +
                    slug + "/live\">" + html::say(lang, "site.live.reload") + "</a> · <a href=\"/room/" + slug + "\">" +
                    html::say(lang, "site.live.app") + "</a> · <a href=\"/public/" + slug + "\">" +
                    html::say(lang, "site.live.notices") + "</a></p>\n";
  const std::string state = meeting.value("state", "not_in_session");
  out += "<p>" + html::say(lang, "site.live.meeting") + " <strong>" + html::say(lang, "site.live.state", {{"state", state}}) +
         "</strong></p>\n";
  if (meeting.contains("closed") && meeting["closed"].is_object()) {
    // C3: the public sees only that the body is in closed session, and why.
    out += "<p class=\"closed\" role=\"status\">" +
           html::say(lang, "site.live.closed", {{"citation", meeting["closed"].value("citation", "")},
                                                {"subject", meeting["closed"].value("subject", "")}}) + "</p>\n";
  } else {
    out += presence_section(lang, view("quorum"), state);
    out += floor_section(lang, view("motions"));
  }
  out += record_section(lang, *snap, body.time_zone);
  return ok_html(html::page(lang, i18n::say(lang, "site.live.title", {{"name", body.name}}), out, r.path));
}

}  // namespace collegial::http
