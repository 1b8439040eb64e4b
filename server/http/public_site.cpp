#include "http/public_site.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>

#include "core/checkpointer.hpp"
#include "http/checkpoint_pages.hpp"
#include "http/feeds.hpp"
#include "http/html.hpp"
#include "http/minutes_pages.hpp"
#include "util/log.hpp"
#include "util/bounded_json.hpp"

namespace collegial::http {

using nlohmann::json;
using html::escape;

namespace {

constexpr std::int64_t kHalfDay = 12LL * 3'600'000;

PublicAnswer ok_html(std::string body) { return {200, "text/html; charset=utf-8", std::move(body)}; }

std::string kind_label(const std::string& kind) {
  if (kind.empty()) return "Meeting";
  std::string k = kind;
  k[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(k[0])));
  return k;
}

// The lawful-notice box (N2–N4): the verdict, then each finding in words.
std::string status_box(const json& m) {
  const auto& status = m["status"];
  const bool lawful = status.value("lawful", false);
  std::string out = std::string("<section class=\"status ") + (lawful ? "lawful" : "unlawful") +
                    "\" aria-labelledby=\"notice-status\">\n<h2 id=\"notice-status\">" +
                    (lawful ? "Lawfully noticed" : "Not lawfully noticed") + "</h2>\n<ul>\n";
  for (const auto& f : status.value("findings", json::array())) {
    out += "<li>" + escape(f.get<std::string>()) + "</li>\n";
  }
  return out + "</ul>\n</section>\n";
}

std::string agenda_list(const json& items) {
  if (items.empty()) return "<p>No agenda has been posted yet.</p>\n";
  std::string out = "<ol>\n";
  for (const auto& item : items) {
    std::string type = item.value("type", "");
    std::replace(type.begin(), type.end(), '_', ' ');
    out += "<li><strong>" + escape(item.value("title", "")) + "</strong> (" + escape(type) + ")";
    if (!item.value("presenter", "").empty()) out += ", presented by " + escape(item.value("presenter", ""));
    if (item.value("type", "") == "closed_session") {
      out += "<br>Closed session under " + escape(item.value("citation", "")) + ": " +
             escape(item.value("subject", ""));
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

std::string meetings_table(const std::string& slug, const std::vector<const json*>& list,
                           const std::string& caption, const std::string& zone) {
  if (list.empty()) return "<p>" + escape(caption) + ": none.</p>\n";
  std::string out = "<table>\n<caption>" + escape(caption) +
                    "</caption>\n<thead><tr><th scope=\"col\">When</th><th scope=\"col\">Meeting</th>"
                    "<th scope=\"col\">Where</th><th scope=\"col\">Notice</th></tr></thead>\n<tbody>\n";
  for (const json* m : list) {
    const bool lawful = (*m)["status"].value("lawful", false);
    const std::string state = m->value("state", "");
    const std::int64_t started = m->value("started_ms", std::int64_t{0});
    const bool unnoticed = m->value("kind", "") == "unnoticed";
    out += "<tr><td>" + html::when(m->value("starts_ms", std::int64_t{0}), zone) +
           (started > 0 && !unnoticed ? "<br>Called to order " + html::when(started, zone) : std::string()) +
           "</td><td><a href=\"/public/" + escape(slug) + "/meetings/" +
           std::to_string(m->value("meeting", 0)) + "\">" + escape(m->value("title", "")) + "</a>" +
           (state == "cancelled" ? " <span class=\"badge bad\">Cancelled</span>" : "") +
           "</td><td>" + escape(m->value("place", "")) + "</td><td>" +
           (lawful      ? "<span class=\"badge good\">Lawful</span>"
            : unnoticed ? "<span class=\"badge bad\">Held without notice</span>"
                        : "<span class=\"badge bad\">Not lawful</span>") +
           "</td></tr>\n";
  }
  return out + "</tbody>\n</table>\n";
}

const json& meetings_of(const core::PublicSnapshot& snap) {
  static const json none = json::array();
  const auto it = snap.views.find("notice");
  if (it == snap.views.end() || !it->second.contains("meetings")) return none;
  return it->second["meetings"];
}

// The meetings the public may know of: those with a notice posted, and every meeting held
// (N1, N3: one called to order without notice is listed too, marked so). A meeting scheduled
// but never noticed nor held has no page, so no feed lists it either.
bool is_public(const json& m) {
  return (m.contains("postings") && !m["postings"].empty()) || m.value("started_ms", std::int64_t{0}) > 0;
}

json noticed_meetings(const core::PublicSnapshot& snap) {
  json out = json::array();
  for (const auto& m : meetings_of(snap)) {
    if (is_public(m)) out.push_back(m);
  }
  return out;
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
std::string webinars_section(const store::Body& body, const core::PublicSnapshot& snap, std::int64_t now) {
  std::string rows;
  for (const auto& w : public_webinars(snap)) {
    if (w.value("cancelled", false)) continue;
    const auto seats = w.value("capacity", std::int64_t{0}) - static_cast<std::int64_t>(w["registered"].size());
    for (const auto& s : w.value("sessions", json::array())) {
      if (s.value("ends_ms", std::int64_t{0}) < now) continue;
      rows += "<tr><th scope=\"row\">" + escape(w.value("title", "")) + "</th><td>" + escape(s.value("starts_text", "")) +
              "</td><td>" + (seats > 0 ? std::to_string(seats) + " of " + std::to_string(w.value("capacity", 0)) : std::string("Full (waitlist open)")) +
              "</td><td><a href=\"" + escape(w.value("join_url", "")) + "\">Join link</a></td></tr>\n";
    }
  }
  std::string out = "<h2>Webinars</h2>\n<p><a href=\"/feeds/" + escape(body.slug) +
                    "/webinars.ics\">Webinars calendar (iCalendar)</a>. Sign in to register.</p>\n";
  if (rows.empty()) return out + "<p>No public webinars are scheduled.</p>\n";
  return out + "<table>\n<caption>Upcoming webinar sessions</caption>\n<thead><tr><th scope=\"col\">Webinar</th>"
               "<th scope=\"col\">When</th><th scope=\"col\">Seats open</th><th scope=\"col\">Join</th></tr></thead>\n<tbody>\n" +
         rows + "</tbody>\n</table>\n";
}

}  // namespace

PublicAnswer PublicSite::not_found(std::string_view what) {
  return {404, "text/html; charset=utf-8",
          html::page("Not found", "<h1>Not found</h1>\n<p>" + escape(what) +
                                      "</p>\n<p><a href=\"/public/\">All public bodies</a></p>")};
}

PublicAnswer PublicSite::handle(std::string_view path) {
  try {
    if (path == "/public" || path == "/public/") return index();
    if (is_checkpoint_path(path)) {
      if (!checkpoints_) return not_found("This server publishes no checkpoints.");
      return checkpoint_answer(*checkpoints_, path);
    }
    if (path.rfind("/.well-known/", 0) == 0) return not_found("No such page.");
    const bool feed = path.rfind("/feeds/", 0) == 0;
    std::string rest(path.substr(feed ? 7 : 8));
    const auto slash = rest.find('/');
    const std::string slug = rest.substr(0, slash);
    const std::string tail = slash == std::string::npos ? "" : rest.substr(slash);
    if (feed && slug == "people") return person_calendar(tail);
    const auto body = directory_.body_by_slug(slug);
    if (!body || !body->is_public) return not_found("There is no public body called '" + slug + "'.");
    if (feed) {
      auto snap = hub_.public_snapshot(body->slug, 0);
      if (!snap) return not_found("The body's record cannot be read now.");
      if (tail == "/notices.atom") {
        return {200, "application/atom+xml; charset=utf-8", notices_atom(body->slug, body->name, noticed_meetings(*snap))};
      }
      if (tail == "/meetings.ics") {
        return {200, "text/calendar; charset=utf-8",
                meetings_ical(body->slug, body->name, noticed_meetings(*snap), clock_.now_ms())};
      }
      if (tail == "/webinars.ics") {  // L2: the body's public webinars
        std::vector<WebinarEntry> list;
        for (const auto& w : public_webinars(*snap)) list.emplace_back(body->slug, w);
        return {200, "text/calendar; charset=utf-8",
                webinars_ical(body->name + " - webinars", list, clock_.now_ms())};
      }
      return not_found("No such feed.");
    }
    PublicAnswer answer = body_route(*body, tail);
    // A witness on every page of the body (docs/architecture.md, "Checkpoints and witnesses").
    if (checkpoints_ && answer.status == 200 && answer.content_type.rfind("text/html", 0) == 0) {
      answer.body = html::with_footer_note(std::move(answer.body),
                                           witness_note(checkpoints_->latest(body->slug), body->slug, body->time_zone));
    }
    return answer;
  } catch (const std::exception& e) {
    LOG_ERROR("public page " << path << ": " << e.what());
    return {500, "text/html; charset=utf-8",
            html::page("Error", "<h1>Something went wrong</h1><p>The page could not be built; "
                                "please try again.</p>")};
  }
}

PublicAnswer PublicSite::body_route(const store::Body& body, const std::string& tail) {
  if (tail.empty() || tail == "/") return body_page(body);
  if (tail == "/live") return live_page(body);
  if (tail.rfind("/minutes", 0) == 0) {
    std::optional<store::Checkpoint> latest;
    if (checkpoints_) latest = checkpoints_->latest(body.slug);
    return minutes_pages(hub_, body, tail, clock_.now_ms(), latest ? latest->to_json() : json());
  }
  if (tail.rfind("/meetings/", 0) == 0) {
    const std::string number = tail.substr(10);
    if (number.empty() || number.size() > 9 ||
        !std::all_of(number.begin(), number.end(), [](char c) { return c >= '0' && c <= '9'; })) {
      return not_found("No such meeting.");
    }
    return meeting_page(body, std::stoll(number));
  }
  return not_found("No such page.");
}

// L2: a person's webinars (registered, waitlisted or facilitating) in every body, at the secret
// address POST /api/me/calendar gave them.
PublicAnswer PublicSite::person_calendar(std::string_view tail) {
  constexpr std::string_view suffix = ".ics";
  if (tail.size() <= 1 + suffix.size() || tail.substr(tail.size() - suffix.size()) != suffix) {
    return not_found("No such calendar.");
  }
  const std::string token(tail.substr(1, tail.size() - 1 - suffix.size()));
  const auto person = hub_.accounts() ? hub_.accounts()->calendar_person(token) : std::nullopt;
  if (!person) return not_found("No such calendar.");
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
      if (named(w["registered"]) || named(w["waitlisted"]) || named(w["facilitators"])) mine.emplace_back(b.slug, w);
    }
  }
  const auto who = directory_.person_by_id(*person);
  return {200, "text/calendar; charset=utf-8",
          webinars_ical((who ? who->name : std::string("My")) + " - webinars", mine, clock_.now_ms())};
}

PublicAnswer PublicSite::index() {
  std::string out = "<h1>Public bodies and their meetings</h1>\n<p>Every meeting of a quorum of "
                    "these bodies is open to the public (Open Meetings Act). Choose a body to read "
                    "its notices, agendas and actions, or to watch a meeting in progress.</p>\n";
  out += "<h2>Bodies</h2>\n<ul>\n";
  std::vector<std::pair<const json*, std::string>> upcoming;
  std::vector<core::PublicSnapshot> snaps;
  std::vector<store::Body> bodies;
  for (const auto& b : directory_.bodies()) {
    if (!b.is_public) continue;
    out += "<li><a href=\"/public/" + escape(b.slug) + "\">" + escape(b.name) + "</a> (" +
           escape(b.kind) + ")</li>\n";
    bodies.push_back(b);
  }
  out += "</ul>\n<h2>Upcoming meetings</h2>\n";
  std::string rows;
  const std::int64_t now = clock_.now_ms();
  struct Row {
    std::int64_t at;
    std::string html;
  };
  std::vector<Row> list;
  for (const auto& b : bodies) {
    auto snap = hub_.public_snapshot(b.slug, 0);
    if (!snap) continue;
    for (const auto& m : meetings_of(*snap)) {
      const std::int64_t at = m.value("starts_ms", std::int64_t{0});
      if (at + kHalfDay < now || m.value("state", "") == "cancelled" || m["postings"].empty() ||
          m.value("started_ms", std::int64_t{0}) > 0) {
        continue;  // upcoming: noticed and not yet begun
      }
      list.push_back({at, "<li>" + html::when(at, b.time_zone) + ": <a href=\"/public/" + escape(b.slug) +
                              "/meetings/" + std::to_string(m.value("meeting", 0)) + "\">" +
                              escape(m.value("title", "")) + "</a></li>\n"});
    }
  }
  std::sort(list.begin(), list.end(), [](const Row& a, const Row& b) { return a.at < b.at; });
  if (list.empty()) out += "<p>No meetings are noticed at present.</p>\n";
  else {
    out += "<ul>\n";
    for (const auto& r : list) out += r.html;
    out += "</ul>\n";
  }
  return ok_html(html::page("Public bodies and meetings", out));
}

PublicAnswer PublicSite::body_page(const store::Body& body) {
  auto snap = hub_.public_snapshot(body.slug, 0);
  if (!snap) return not_found("The body's record cannot be read now.");
  const std::int64_t now = clock_.now_ms();
  std::vector<const json*> upcoming, past;
  for (const auto& m : meetings_of(*snap)) {
    if (!is_public(m)) continue;  // scheduled but not yet noticed: not public
    const bool done = m.value("state", "") == "adjourned" || m.value("started_ms", std::int64_t{0}) > 0 ||
                      m.value("starts_ms", std::int64_t{0}) + kHalfDay < now;
    (done ? past : upcoming).push_back(&m);
  }
  std::reverse(past.begin(), past.end());
  std::string out = "<h1>" + escape(body.name) + "</h1>\n";
  out += "<p><a href=\"/public/" + escape(body.slug) + "/live\">Watch the meeting in progress</a> · "
         "<a href=\"/public/" + escape(body.slug) + "/minutes\">Minutes</a> · "
         "<a href=\"/feeds/" + escape(body.slug) + "/notices.atom\">Notices feed (Atom)</a> · "
         "<a href=\"/feeds/" + escape(body.slug) + "/meetings.ics\">Meetings calendar (iCalendar)</a></p>\n";
  out += "<p>Notice this body gives (its resolution, N2): " +
         std::to_string(body.notice_regular_days) + " days for regular meetings, " +
         std::to_string(body.notice_special_days) + " days for special meetings, " +
         std::to_string(body.notice_emergency_hours) +
         " hours for emergency meetings; agendas at least 72 hours ahead except in an emergency.</p>\n";
  out += "<h2>Upcoming meetings</h2>\n" + meetings_table(body.slug, upcoming, "Upcoming meetings", body.time_zone);
  out += "<h2>Past meetings</h2>\n" + meetings_table(body.slug, past, "Past meetings", body.time_zone);
  out += webinars_section(body, *snap, now);
  return ok_html(html::page(body.name, out));
}

PublicAnswer PublicSite::meeting_page(const store::Body& body, std::int64_t number) {
  auto snap = hub_.public_snapshot(body.slug, 0);
  if (!snap) return not_found("The body's record cannot be read now.");
  const json* found = nullptr;
  for (const auto& m : meetings_of(*snap)) {
    if (m.value("meeting", std::int64_t{0}) == number && is_public(m)) found = &m;
  }
  if (!found) return not_found("No noticed meeting " + std::to_string(number) + " of this body.");
  const json& m = *found;
  const std::string zone = m.value("time_zone", body.time_zone);
  std::string out = "<h1>" + escape(m.value("title", "")) + "</h1>\n";
  out += "<p><a href=\"/public/" + escape(body.slug) + "\">" + escape(body.name) + "</a></p>\n";
  if (m.value("state", "") == "cancelled") {
    out += "<p class=\"status unlawful\"><strong>Cancelled.</strong> " +
           escape(m["cancelled"].value("reason", "")) + "</p>\n";
  }
  out += "<dl>\n<dt>Kind</dt><dd>" + escape(kind_label(m.value("kind", ""))) + " meeting</dd>\n";
  const bool unnoticed = m.value("kind", "") == "unnoticed";
  out += std::string(unnoticed ? "<dt>Called to order</dt><dd>" : "<dt>When (as noticed)</dt><dd>") +
         html::when(m.value("starts_ms", std::int64_t{0}), zone) + "</dd>\n";
  // N3: the public sees when the meeting actually began and ended, beside what was noticed.
  if (const std::int64_t started = m.value("started_ms", std::int64_t{0}); started > 0 && !unnoticed) {
    out += "<dt>Called to order</dt><dd>" + html::when(started, zone) + "</dd>\n";
  }
  if (const std::int64_t ended = m.value("adjourned_ms", std::int64_t{0}); ended > 0) {
    out += "<dt>Adjourned</dt><dd>" + html::when(ended, zone) + "</dd>\n";
  }
  out += "<dt>Where</dt><dd>" + escape(m.value("place", "")) + "</dd>\n";
  if (!m.value("remote", "").empty()) {
    const std::string remote = m.value("remote", "");
    const bool link = remote.rfind("https://", 0) == 0 || remote.rfind("http://", 0) == 0;
    out += "<dt>To attend remotely</dt><dd>" +
           (link ? "<a href=\"" + escape(remote) + "\">" + escape(remote) + "</a>" : escape(remote)) +
           "</dd>\n";
  }
  if (m.contains("closed") && m["closed"].is_object()) {
    out += "<dt>Closed meeting</dt><dd>Under " + escape(m["closed"].value("citation", "")) + ": " +
           escape(m["closed"].value("subject", "")) + "</dd>\n";
  }
  if (m.contains("justification") && m["justification"].is_object()) {
    out += "<dt>Emergency</dt><dd>" + escape(m["justification"].value("circumstance", "")) + "</dd>\n";
  }
  out += "</dl>\n" + status_box(m);
  if (m.contains("continuation") && m["continuation"].is_object()) {
    const auto& c = m["continuation"];
    out += "<section aria-labelledby=\"continued\"><h2 id=\"continued\">Continued meeting</h2>\n<p>"
           "Recessed; it continues " + escape(c.value("starts_text", "")) + " at " +
           escape(c.value("place", "")) + " (notice posted " +
           html::when(c.value("posted_ms", std::int64_t{0}), zone) +
           "). Only items of the original agenda are taken up.</p></section>\n";
  }
  const auto& posted = m["posted_agendas"];
  json latest = json::array();
  for (const auto& p : posted) {
    if (p.value("version", 0) > 0) latest = p["items"];
  }
  out += "<h2>Agenda</h2>\n" + agenda_list(latest);
  // N9: actions at a meeting not lawfully noticed are not valid, and the cure is offered.
  const auto& actions = m["actions"];
  if (!actions.empty()) {
    const bool lawful = m["status"].value("lawful", false);
    out += "<h2>Actions taken</h2>\n";
    if (!lawful) {
      out += "<p class=\"status unlawful\"><strong>Not valid (N9).</strong> This meeting was not "
             "lawfully noticed, so no action taken at it is valid. The cure: schedule and notice a "
             "new meeting with the same items, and take each action again there.";
      for (const auto& other : meetings_of(*snap)) {
        if (other.value("cure_of", std::int64_t{0}) == number && is_public(other)) {
          out += " The cure is noticed: <a href=\"/public/" + escape(body.slug) + "/meetings/" +
                 std::to_string(other.value("meeting", 0)) + "\">" + escape(other.value("title", "")) +
                 ", " + html::when(other.value("starts_ms", std::int64_t{0}), zone) + "</a>.";
        }
      }
      out += "</p>\n";
    }
    out += "<table>\n<caption>Motions decided</caption>\n<thead><tr><th scope=\"col\">Motion</th>"
           "<th scope=\"col\">Result</th><th scope=\"col\">Validity</th></tr></thead>\n<tbody>\n";
    for (const auto& a : actions) {
      out += "<tr><td>" + escape(a.value("text", "")) + "</td><td>" + escape(a.value("tally", "")) +
             "</td><td>" +
             (lawful ? "<span class=\"badge good\">Valid</span>"
                     : "<span class=\"badge bad\">Not valid (N9)</span>") +
             "</td></tr>\n";
    }
    out += "</tbody>\n</table>\n";
  }
  out += "<h2>Posting history</h2>\n<table>\n<caption>Each version as posted</caption>\n<thead><tr>"
         "<th scope=\"col\">Posted</th><th scope=\"col\">Agenda version</th><th scope=\"col\">Notice"
         "</th></tr></thead>\n<tbody>\n";
  for (const auto& p : posted) {
    out += "<tr><td>" + html::when(p.value("posted_ms", std::int64_t{0}), zone) + "</td><td>" +
           (p.value("version", 0) > 0 ? std::to_string(p.value("version", 0)) : std::string("none yet")) +
           "</td><td><details><summary>Read the notice</summary><pre>" + escape(p.value("text", "")) +
           "</pre></details></td></tr>\n";
  }
  out += "</tbody>\n</table>\n";
  return ok_html(html::page(m.value("title", "Meeting"), out));
}

PublicAnswer PublicSite::live_page(const store::Body& body) {
  auto snap = hub_.public_snapshot(body.slug, 40);
  if (!snap) return not_found("The body's record cannot be read now.");
  const auto view = [&](const char* name) -> const json& {
    static const json none = json::object();
    const auto it = snap->views.find(name);
    return it == snap->views.end() ? none : it->second;
  };
  const json& meeting = view("meeting");
  // No automatic refresh (WCAG 2.2.1: the reader decides when the page changes): a reload link,
  // and the live view in the browser app for those with JavaScript.
  std::string out = "<h1>" + escape(body.name) + ": live</h1>\n<p>As of " +
                    html::when(clock_.now_ms(), body.time_zone) + ". <a href=\"/public/" +
                    escape(body.slug) + "/live\">Reload for the latest</a>, or follow it as it "
                    "happens in the <a href=\"/room/" + escape(body.slug) + "\">live view</a>. "
                    "<a href=\"/public/" + escape(body.slug) + "\">Notices and past meetings</a>."
                    "</p>\n";
  const std::string state = meeting.value("state", "not_in_session");
  out += "<p>Meeting: <strong>" +
         escape(state == "in_session" ? "in session"
                : state == "recessed" ? "in recess"
                : state == "adjourned" ? "adjourned"
                                       : "not in session") +
         "</strong></p>\n";
  if (meeting.contains("closed") && meeting["closed"].is_object()) {
    // C3: the public sees only that the body is in closed session, and why.
    out += "<p class=\"closed\" role=\"status\">In closed session under " +
           escape(meeting["closed"].value("citation", "")) + ": " +
           escape(meeting["closed"].value("subject", "")) + "</p>\n";
  } else {
    const json& quorum = view("quorum");
    out += "<section aria-labelledby=\"presence\"><h2 id=\"presence\">Presence</h2>\n<p role=\"status\">" +
           std::to_string(quorum.value("counted", 0)) + " of " + std::to_string(quorum.value("members", 0)) +
           " voting members present - " +
           (quorum.value("has_quorum", false) ? "quorum" : "no quorum") + "</p>\n<ul>\n";
    for (const auto& p : quorum.value("present", json::array())) {
      out += "<li>" + escape(p.value("name", "")) + " (" + escape(p.value("mode", "")) + ")</li>\n";
    }
    out += "</ul></section>\n";
    const json& motions = view("motions");
    out += "<section aria-labelledby=\"floor\"><h2 id=\"floor\">On the floor</h2>\n";
    const auto& pending = motions.value("pending", json::array());
    if (pending.empty()) out += "<p>No motion is pending.</p>\n";
    for (const auto& p : pending) {
      out += "<p>Motion " + std::to_string(p.value("motion", 0)) + " (" + escape(p.value("kind", "")) +
             ", " + escape(p.value("state", "")) + "): " + escape(p.value("text", "")) + "<br>Tally: " +
             std::to_string(p.value("aye", 0)) + " aye, " + std::to_string(p.value("nay", 0)) + " nay, " +
             std::to_string(p.value("abstain", 0)) + " abstaining" +
             (p.value("question_ordered", false) ? "<br>The previous question is ordered: no more debate or amendment." : "") +
             "</p>\n";
    }
    out += "</section>\n";
  }
  out += "<section aria-labelledby=\"chat\"><h2 id=\"chat\">Record</h2>\n<ol>\n";
  std::string last_withheld;
  for (const auto& frame : snap->recent) {
    const json e = parse_bounded_json(*frame);
    if (!e.is_object()) continue;
    const std::string type = e.value("type", "");
    const json& b = e.contains("body") ? e["body"] : json::object();
    std::string line;
    if (type == "chat.message") line = "<strong>" + escape(b.value("name", "")) + ":</strong> " + escape(b.value("text", ""));
    else if (type == "session.withheld") {
      if (b.value("text", "") == last_withheld) continue;  // one line per closed session
      last_withheld = b.value("text", "");
      line = "<em>" + escape(last_withheld) + "</em>";
    } else if (b.contains("text") && b["text"].is_string()) {
      line = escape(b.value("text", ""));
    } else {
      continue;
    }
    out += "<li>" + line + "</li>\n";
  }
  out += "</ol></section>\n";
  return ok_html(html::page(body.name + ": live", out));
}

}  // namespace collegial::http
