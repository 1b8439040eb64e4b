#include "http/feeds.hpp"

#include <libical/ical.h>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <memory>

#include "http/html.hpp"
#include "i18n/messages.hpp"
#include "util/local_time.hpp"

namespace collegial::http {

using nlohmann::json;

std::string rfc3339(std::int64_t ms) {
  const std::time_t t = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::string notices_atom(const FeedContext& feed, const json& meetings) {
  const i18n::Lang lang = feed.lang;
  const std::string slug = html::escape(feed.slug);
  struct Entry {
    std::int64_t at = 0;
    std::string xml;
  };
  std::vector<Entry> entries;
  const std::string live = "<link rel=\"related\" type=\"text/html\" title=\"" + html::say(lang, "site.watch_live") +
                           "\" href=\"/public/" + slug + "/live\"/>\n";
  for (const auto& m : meetings) {
    const std::string link = "/public/" + slug + "/meetings/" + std::to_string(m.value("meeting", 0));
    const std::string title = html::meeting_title(lang, m, feed.name);
    int n = 0;
    for (const auto& p : m.value("posted_agendas", json::array())) {
      const std::int64_t at = p.value("posted_ms", std::int64_t{0});
      std::string e = "<entry>\n<title>" +
                      html::say(lang, "feed.atom.posting", {{"title", title}, {"version", p.value("version", 0)}}) +
                      "</title>\n<id>urn:collegial:" + slug + ":meeting:" + std::to_string(m.value("meeting", 0)) +
                      ":posting:" + std::to_string(++n) + "</id>\n<updated>" + rfc3339(at) + "</updated>\n<published>" +
                      rfc3339(at) + "</published>\n<link rel=\"alternate\" type=\"text/html\" href=\"" +
                      html::escape(link) + "\"/>\n" + live + "<content type=\"text\">" + html::escape(html::in_language(lang, p, "text")) +
                      "</content>\n</entry>\n";
      entries.push_back({at, std::move(e)});
    }
    if (const auto c = m.find("continuation"); c != m.end() && c->is_object()) {
      const std::int64_t at = c->value("posted_ms", std::int64_t{0});
      entries.push_back({at, "<entry>\n<title>" + html::say(lang, "feed.atom.continued", {{"title", title}}) +
                                 "</title>\n<id>urn:collegial:" + slug + ":meeting:" + std::to_string(m.value("meeting", 0)) +
                                 ":continuation</id>\n<updated>" + rfc3339(at) +
                                 "</updated>\n<link rel=\"alternate\" type=\"text/html\" href=\"" + html::escape(link) +
                                 "\"/>\n" + live + "<content type=\"text\">" + html::escape(html::in_language(lang, *c, "text")) +
                                 "</content>\n</entry>\n"});
    }
  }
  std::sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) { return a.at > b.at; });
  std::string out = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"";
  out.append(i18n::tag_of(lang)).append("\">\n");
  out += "<title>" + html::say(lang, "feed.atom.title", {{"name", feed.name}}) + "</title>\n";
  out += "<id>urn:collegial:" + slug + ":notices</id>\n";
  out += "<updated>" + rfc3339(entries.empty() ? 0 : entries.front().at) + "</updated>\n";
  out += "<author><name>" + html::escape(feed.name) + "</name></author>\n";
  out += "<link rel=\"self\" type=\"application/atom+xml\" href=\"/feeds/" + slug +
         "/notices.atom\"/>\n<link rel=\"alternate\" type=\"text/html\" href=\"/public/" + slug + "\"/>\n" + live;
  for (const auto& e : entries) out += e.xml;
  out += "</feed>\n";
  return out;
}

namespace {

struct ComponentFree {
  void operator()(icalcomponent* c) const { icalcomponent_free(c); }
};

using Calendar = std::unique_ptr<icalcomponent, ComponentFree>;

icaltimetype utc(std::int64_t ms) {
  return icaltime_from_timet_with_zone(static_cast<time_t>(ms / 1000), 0, icaltimezone_get_utc_timezone());
}

// "2026-12-10T15:00" (a local time in the body's zone) as a floating iCalendar time; the
// property carries the zone as TZID.
icaltimetype local(const std::string& text) {
  icaltimetype t = icaltime_null_time();
  int y = 0, mo = 0, d = 0, h = 0, mi = 0;
  if (std::sscanf(text.c_str(), "%d-%d-%dT%d:%d", &y, &mo, &d, &h, &mi) == 5) {
    t.year = y;
    t.month = mo;
    t.day = d;
    t.hour = h;
    t.minute = mi;
  }
  return t;
}

icaltimetype local(std::int64_t ms, const std::string& zone) { return local(utc_ms_to_local(ms, zone)); }

icalproperty* zoned(icalproperty* p, const std::string& zone) {
  icalproperty_add_parameter(p, icalparameter_new_tzid(zone.c_str()));
  return p;
}

Calendar new_calendar(i18n::Lang lang, const std::string& name, const char* prodid) {
  Calendar cal(icalcomponent_new(ICAL_VCALENDAR_COMPONENT));
  icalcomponent_add_property(cal.get(), icalproperty_new_version("2.0"));
  icalcomponent_add_property(cal.get(), icalproperty_new_prodid(prodid));
  icalcomponent_add_property(cal.get(), icalproperty_new_calscale("GREGORIAN"));
  icalcomponent_add_property(cal.get(), icalproperty_new_method(ICAL_METHOD_PUBLISH));
  icalproperty* calname = icalproperty_new_x(name.c_str());
  icalproperty_set_x_name(calname, "X-WR-CALNAME");
  icalcomponent_add_property(cal.get(), calname);
  icalproperty* language = icalproperty_new_x(std::string(i18n::tag_of(lang)).c_str());
  icalproperty_set_x_name(language, "X-WR-LANGUAGE");
  icalcomponent_add_property(cal.get(), language);
  return cal;
}

// RFC 5545 3.6.5: each TZID an event names is defined in the calendar by a VTIMEZONE (from
// libical's zone data), under the zone's plain IANA name.
void add_zones(const Calendar& cal, const std::vector<std::string>& zones) {
  std::vector<std::string> done;
  for (const auto& zone : zones) {
    if (std::find(done.begin(), done.end(), zone) != done.end()) continue;
    done.push_back(zone);
    icaltimezone* tz = icaltimezone_get_builtin_timezone(zone.c_str());
    if (!tz) continue;
    icalcomponent* vtz = icalcomponent_new_clone(icaltimezone_get_component(tz));
    if (!vtz) continue;
    if (icalproperty* id = icalcomponent_get_first_property(vtz, ICAL_TZID_PROPERTY)) icalproperty_set_tzid(id, zone.c_str());
    icalcomponent_add_component(cal.get(), vtz);
  }
}

// RFC 5546 3.2.1: an event published with METHOD:PUBLISH names its ORGANIZER: the body.
void add_organizer(icalcomponent* ev, const std::string& slug, const std::string& name) {
  icalproperty* organizer = icalproperty_new_organizer(("urn:collegial:body:" + slug).c_str());
  icalproperty_add_parameter(organizer, icalparameter_new_cn(name.c_str()));
  icalcomponent_add_property(ev, organizer);
}

std::string text_of(const Calendar& cal) {
  char* text = icalcomponent_as_ical_string_r(cal.get());
  std::string out = text ? text : "";
  free(text);
  return out;
}

}  // namespace

std::string webinars_ical(i18n::Lang lang, const std::string& calendar_name, const std::vector<WebinarEntry>& webinars,
                          std::int64_t now_ms) {
  Calendar cal = new_calendar(lang, calendar_name, "-//Collegial//Webinars//EN");
  std::vector<std::string> zones;
  for (const auto& [body, w] : webinars) {
    const std::string zone = w.value("time_zone", body.time_zone);
    const auto& sessions = w.value("sessions", json::array());
    if (sessions.empty()) continue;
    const std::string rrule = w.value("rrule", "");
    const auto event = [&](const json& s, const std::string& uid) {
      icalcomponent* ev = icalcomponent_new(ICAL_VEVENT_COMPONENT);
      icalcomponent_add_property(ev, icalproperty_new_uid(uid.c_str()));
      icalcomponent_add_property(ev, icalproperty_new_dtstamp(utc(now_ms)));
      icalcomponent_add_property(ev, zoned(icalproperty_new_dtstart(local(s.value("starts_ms", std::int64_t{0}), zone)), zone));
      icalcomponent_add_property(ev, zoned(icalproperty_new_dtend(local(s.value("ends_ms", std::int64_t{0}), zone)), zone));
      icalcomponent_add_property(ev, icalproperty_new_summary(w.value("title", "").c_str()));
      std::string description = w.value("description", "");
      if (!description.empty()) description += "\n";
      description += i18n::say(lang, "feed.webinar.join", {{"name", body.name}, {"url", w.value("join_url", "")}});
      icalcomponent_add_property(ev, icalproperty_new_description(description.c_str()));
      icalcomponent_add_property(ev, icalproperty_new_location(w.value("join_url", "").c_str()));
      icalcomponent_add_property(ev, icalproperty_new_url(w.value("join_url", "").c_str()));
      icalcomponent_add_property(ev, icalproperty_new_status(w.value("cancelled", false) ? ICAL_STATUS_CANCELLED
                                                                                        : ICAL_STATUS_CONFIRMED));
      add_organizer(ev, body.slug, body.name);
      return ev;
    };
    const std::string base = "webinar-" + std::to_string(w.value("webinar", 0));
    if (!rrule.empty()) {
      // One series: calendars expand the rule themselves, in the body's zone, across DST.
      icalcomponent* ev = event(sessions.front(), base + "@" + body.slug + ".collegial");
      icalcomponent_add_property(ev, icalproperty_new_rrule(icalrecurrencetype_from_string(rrule.c_str())));
      for (const auto& ex : w.value("exdates", json::array())) {
        if (ex.is_string()) icalcomponent_add_property(ev, zoned(icalproperty_new_exdate(local(ex.get<std::string>())), zone));
      }
      icalcomponent_add_component(cal.get(), ev);
    } else {
      for (const auto& s : sessions) {
        icalcomponent_add_component(cal.get(), event(s, base + "-" + std::to_string(s.value("session", 0)) + "@" +
                                                             body.slug + ".collegial"));
      }
    }
    zones.push_back(zone);
  }
  add_zones(cal, zones);
  return text_of(cal);
}

std::string meetings_ical(const FeedContext& feed, const json& meetings, std::int64_t now_ms) {
  const i18n::Lang lang = feed.lang;
  Calendar cal = new_calendar(lang, i18n::say(lang, "feed.ics.meetings", {{"name", feed.name}}), "-//Collegial//Public meetings//EN");
  std::vector<std::string> zones;
  for (const auto& m : meetings) {
    const std::string zone = m.value("time_zone", feed.zone);
    // N3: once held, the event is when the meeting was actually called to order and adjourned.
    const std::int64_t noticed = m.value("starts_ms", std::int64_t{0});
    const std::int64_t started = m.value("started_ms", std::int64_t{0});
    const std::int64_t start = started > 0 ? started : noticed;
    const std::int64_t adjourned = m.value("adjourned_ms", std::int64_t{0});
    icalcomponent* ev = icalcomponent_new(ICAL_VEVENT_COMPONENT);
    const std::string uid = "meeting-" + std::to_string(m.value("meeting", 0)) + "@" + feed.slug + ".collegial";
    icalcomponent_add_property(ev, icalproperty_new_uid(uid.c_str()));
    icalcomponent_add_property(ev, icalproperty_new_dtstamp(utc(now_ms)));
    icalcomponent_add_property(ev, zoned(icalproperty_new_dtstart(local(start, zone)), zone));
    // A meeting's end is not known in advance; two hours is what calendars show until it ends.
    const std::int64_t end = adjourned > start ? adjourned : start + 2 * 3'600'000;
    icalcomponent_add_property(ev, zoned(icalproperty_new_dtend(local(end, zone)), zone));
    icalcomponent_add_property(ev, icalproperty_new_summary(html::meeting_title(lang, m, feed.name).c_str()));
    icalcomponent_add_property(ev, icalproperty_new_location(m.value("place", "").c_str()));
    const bool unnoticed = m.value("kind", "") == "unnoticed";
    const json args = {{"kind", m.value("kind", "")},
                       {"name", feed.name},
                       {"remote", m.value("remote", "")},
                       {"remote_given", m.value("remote", "").empty() ? "no" : "yes"},
                       {"notice", unnoticed ? "unnoticed" : m["status"].value("lawful", false) ? "lawful" : "unlawful"},
                       {"live", "/public/" + feed.slug + "/live"}};
    std::string description = i18n::say(lang, "feed.ics.meeting", args, zone);
    if (started > 0 && started != noticed) {
      description += " " + i18n::say(lang, "feed.ics.called_early", {{"started_ms", started}, {"noticed_ms", noticed}}, zone);
    }
    icalcomponent_add_property(ev, icalproperty_new_description(description.c_str()));
    const std::string url = "/public/" + feed.slug + "/meetings/" + std::to_string(m.value("meeting", 0));
    icalcomponent_add_property(ev, icalproperty_new_url(url.c_str()));
    icalcomponent_add_property(ev, icalproperty_new_status(m.value("state", "") == "cancelled" ? ICAL_STATUS_CANCELLED
                                                                                                 : ICAL_STATUS_CONFIRMED));
    add_organizer(ev, feed.slug, feed.name);
    icalcomponent_add_component(cal.get(), ev);
    zones.push_back(zone);
  }
  add_zones(cal, zones);
  return text_of(cal);
}

}  // namespace collegial::http
