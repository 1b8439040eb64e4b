#include "http/feeds.hpp"

#include <libical/ical.h>

#include <algorithm>
#include <ctime>
#include <memory>

#include "http/html.hpp"
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

std::string notices_atom(const std::string& slug, const std::string& name, const json& meetings) {
  struct Entry {
    std::int64_t at = 0;
    std::string xml;
  };
  std::vector<Entry> entries;
  for (const auto& m : meetings) {
    const std::string link = "/public/" + slug + "/meetings/" + std::to_string(m.value("meeting", 0));
    const std::string title = m.value("title", "");
    int n = 0;
    for (const auto& p : m.value("posted_agendas", json::array())) {
      const std::int64_t at = p.value("posted_ms", std::int64_t{0});
      std::string e = "<entry>\n<title>" + html::escape(title) +
                      (p.value("version", 0) > 0 ? " - notice and agenda (version " +
                                                       std::to_string(p.value("version", 0)) + ")"
                                                 : std::string(" - notice")) +
                      "</title>\n<id>urn:collegial:" + html::escape(slug) + ":meeting:" +
                      std::to_string(m.value("meeting", 0)) + ":posting:" + std::to_string(++n) +
                      "</id>\n<updated>" + rfc3339(at) + "</updated>\n<published>" + rfc3339(at) +
                      "</published>\n<link rel=\"alternate\" type=\"text/html\" href=\"" +
                      html::escape(link) + "\"/>\n<content type=\"text\">" +
                      html::escape(p.value("text", "")) + "</content>\n</entry>\n";
      entries.push_back({at, std::move(e)});
    }
    if (const auto c = m.find("continuation"); c != m.end() && c->is_object()) {
      const std::int64_t at = c->value("posted_ms", std::int64_t{0});
      entries.push_back({at, "<entry>\n<title>" + html::escape(title) +
                                 " - continued meeting</title>\n<id>urn:collegial:" +
                                 html::escape(slug) + ":meeting:" +
                                 std::to_string(m.value("meeting", 0)) +
                                 ":continuation</id>\n<updated>" + rfc3339(at) +
                                 "</updated>\n<link rel=\"alternate\" type=\"text/html\" href=\"" +
                                 html::escape(link) + "\"/>\n<content type=\"text\">" +
                                 html::escape(c->value("text", "")) + "</content>\n</entry>\n"});
    }
  }
  std::sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) { return a.at > b.at; });
  std::string out = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n";
  out += "<title>" + html::escape(name) + " - meeting notices</title>\n";
  out += "<id>urn:collegial:" + html::escape(slug) + ":notices</id>\n";
  out += "<updated>" + rfc3339(entries.empty() ? 0 : entries.front().at) + "</updated>\n";
  out += "<author><name>" + html::escape(name) + "</name></author>\n";
  out += "<link rel=\"self\" type=\"application/atom+xml\" href=\"/feeds/" + html::escape(slug) +
         "/notices.atom\"/>\n<link rel=\"alternate\" type=\"text/html\" href=\"/public/" +
         html::escape(slug) + "\"/>\n";
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
  return icaltime_from_timet_with_zone(static_cast<time_t>(ms / 1000), 0,
                                       icaltimezone_get_utc_timezone());
}

Calendar new_calendar(const std::string& name, const char* prodid) {
  Calendar cal(icalcomponent_new(ICAL_VCALENDAR_COMPONENT));
  icalcomponent_add_property(cal.get(), icalproperty_new_version("2.0"));
  icalcomponent_add_property(cal.get(), icalproperty_new_prodid(prodid));
  icalcomponent_add_property(cal.get(), icalproperty_new_calscale("GREGORIAN"));
  icalcomponent_add_property(cal.get(), icalproperty_new_method(ICAL_METHOD_PUBLISH));
  icalproperty* calname = icalproperty_new_x(name.c_str());
  icalproperty_set_x_name(calname, "X-WR-CALNAME");
  icalcomponent_add_property(cal.get(), calname);
  return cal;
}

std::string text_of(const Calendar& cal) {
  char* text = icalcomponent_as_ical_string_r(cal.get());
  std::string out = text ? text : "";
  free(text);
  return out;
}

}  // namespace

std::string webinars_ical(const std::string& calendar_name, const std::vector<WebinarEntry>& webinars,
                          std::int64_t now_ms) {
  Calendar cal = new_calendar(calendar_name, "-//Collegial//Webinars//EN");
  for (const auto& [slug, w] : webinars) {
    for (const auto& s : w.value("sessions", json::array())) {
      icalcomponent* ev = icalcomponent_new(ICAL_VEVENT_COMPONENT);
      const std::string uid = "webinar-" + std::to_string(w.value("webinar", 0)) + "-" +
                              std::to_string(s.value("session", 0)) + "@" + slug + ".collegial";
      icalcomponent_add_property(ev, icalproperty_new_uid(uid.c_str()));
      icalcomponent_add_property(ev, icalproperty_new_dtstamp(utc(now_ms)));
      icalcomponent_add_property(ev, icalproperty_new_dtstart(utc(s.value("starts_ms", std::int64_t{0}))));
      icalcomponent_add_property(ev, icalproperty_new_dtend(utc(s.value("ends_ms", std::int64_t{0}))));
      icalcomponent_add_property(ev, icalproperty_new_summary(w.value("title", "").c_str()));
      std::string description = w.value("description", "");
      if (!description.empty()) description += "\n";
      description += w.value("body_name", "") + ". Join at " + w.value("join_url", "");
      icalcomponent_add_property(ev, icalproperty_new_description(description.c_str()));
      icalcomponent_add_property(ev, icalproperty_new_location(w.value("join_url", "").c_str()));
      icalcomponent_add_property(ev, icalproperty_new_url(w.value("join_url", "").c_str()));
      icalcomponent_add_property(ev, icalproperty_new_status(w.value("cancelled", false) ? ICAL_STATUS_CANCELLED
                                                                                        : ICAL_STATUS_CONFIRMED));
      icalcomponent_add_component(cal.get(), ev);
    }
  }
  return text_of(cal);
}

std::string meetings_ical(const std::string& slug, const std::string& name, const json& meetings,
                          std::int64_t now_ms) {
  Calendar cal = new_calendar(name + " - meetings", "-//Collegial//Public meetings//EN");
  for (const auto& m : meetings) {
    // N3: once held, the event is when the meeting was actually called to order and adjourned.
    const std::int64_t noticed = m.value("starts_ms", std::int64_t{0});
    const std::int64_t started = m.value("started_ms", std::int64_t{0});
    const std::int64_t start = started > 0 ? started : noticed;
    const std::int64_t adjourned = m.value("adjourned_ms", std::int64_t{0});
    icalcomponent* ev = icalcomponent_new(ICAL_VEVENT_COMPONENT);
    const std::string uid = "meeting-" + std::to_string(m.value("meeting", 0)) + "@" + slug + ".collegial";
    icalcomponent_add_property(ev, icalproperty_new_uid(uid.c_str()));
    icalcomponent_add_property(ev, icalproperty_new_dtstamp(utc(now_ms)));
    icalcomponent_add_property(ev, icalproperty_new_dtstart(utc(start)));
    // A meeting's end is not known in advance; two hours is what calendars show until it ends.
    icalcomponent_add_property(ev, icalproperty_new_dtend(utc(adjourned > start ? adjourned : start + 2 * 3'600'000)));
    icalcomponent_add_property(ev, icalproperty_new_summary(m.value("title", "").c_str()));
    icalcomponent_add_property(ev, icalproperty_new_location(m.value("place", "").c_str()));
    std::string description = m.value("kind", "") + " meeting of the " + name + ".";
    if (!m.value("remote", "").empty()) description += " To attend remotely: " + m.value("remote", "");
    const auto& status = m["status"];
    description += m.value("kind", "") == "unnoticed" ? " Held without notice."
                   : status.value("lawful", false)     ? " Lawfully noticed."
                                                       : " Not lawfully noticed.";
    if (started > 0 && started != noticed) {
      description += " Called to order at " + describe_local(started, m.value("time_zone", std::string("America/Denver"))) +
                     " (noticed for " + describe_local(noticed, m.value("time_zone", std::string("America/Denver"))) + ").";
    }
    icalcomponent_add_property(ev, icalproperty_new_description(description.c_str()));
    const std::string url = "/public/" + slug + "/meetings/" + std::to_string(m.value("meeting", 0));
    icalcomponent_add_property(ev, icalproperty_new_url(url.c_str()));
    icalcomponent_add_property(ev, icalproperty_new_status(m.value("state", "") == "cancelled"
                                                               ? ICAL_STATUS_CANCELLED
                                                               : ICAL_STATUS_CONFIRMED));
    icalcomponent_add_component(cal.get(), ev);
  }
  return text_of(cal);
}

}  // namespace collegial::http
