#include "http/open_data.hpp"

#include <openssl/evp.h>

#include <algorithm>
#include <map>
#include <set>
#include <stdexcept>
#include <utility>

#include "http/public_meetings.hpp"
#include "util/local_time.hpp"
#include "util/log.hpp"
#include "util/query_string.hpp"

namespace collegial::http {

using nlohmann::json;

namespace ocd {

std::string name_uuid(std::string_view name) {
  // RFC 9562's URL namespace, 6ba7b811-9dad-11d1-80b4-00c04fd430c8; the names are "collegial:…".
  static constexpr unsigned char kNamespace[16] = {0x6b, 0xa7, 0xb8, 0x11, 0x9d, 0xad, 0x11, 0xd1,
                                                   0x80, 0xb4, 0x00, 0xc0, 0x4f, 0xd4, 0x30, 0xc8};
  std::string input(reinterpret_cast<const char*>(kNamespace), sizeof kNamespace);
  input.append(name);
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (EVP_Digest(input.data(), input.size(), digest, &length, EVP_sha1(), nullptr) != 1 || length < 16) {
    throw std::runtime_error("SHA-1 failed");
  }
  digest[6] = static_cast<unsigned char>((digest[6] & 0x0F) | 0x50);  // version 5
  digest[8] = static_cast<unsigned char>((digest[8] & 0x3F) | 0x80);  // the RFC's variant
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(36);
  for (int i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out += '-';
    out += kHex[digest[i] >> 4];
    out += kHex[digest[i] & 0x0F];
  }
  return out;
}

namespace {
std::string id_of(std::string_view prefix, const std::string& name) {
  std::string out(prefix);
  return out.append(name_uuid(std::string("collegial:").append(name)));
}
}  // namespace

std::string body_id(std::string_view slug) { return id_of("ocd-organization/", std::string("body:").append(slug)); }
std::string cooperative_id(std::string_view slug) {
  return id_of("ocd-organization/", std::string("cooperative:").append(slug));
}
std::string person_id(std::int64_t person) { return id_of("ocd-person/", std::string("person:").append(std::to_string(person))); }
std::string membership_id(std::int64_t membership) {
  return id_of("ocd-membership/", std::string("membership:").append(std::to_string(membership)));
}
std::string event_id(std::string_view slug, std::int64_t meeting) {
  return id_of("ocd-event/", std::string("event:").append(slug).append(":").append(std::to_string(meeting)));
}
std::string vote_id(std::string_view slug, std::int64_t motion) {
  return id_of("ocd-vote/", std::string("vote:").append(slug).append(":").append(std::to_string(motion)));
}

namespace {

Status bad_query(std::string message) { return Status::error("bad_query", std::move(message)); }

// A whole number written in decimal digits only, within [low, high].
std::optional<int> bounded_number(const std::string& text, int low, int high) {
  if (text.empty() || text.size() > 9 || !std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return std::nullopt;
  }
  const long long n = std::stoll(text);
  if (n < low || n > high) return std::nullopt;
  return static_cast<int>(n);
}

bool digits_at(std::string_view text, std::initializer_list<std::size_t> at) {
  return std::all_of(at.begin(), at.end(), [&](std::size_t i) { return i < text.size() && text[i] >= '0' && text[i] <= '9'; });
}

}  // namespace

Result<std::int64_t> parse_utc_time(std::string_view text) {
  const std::string original(text);
  const auto refuse = [&] {
    return bad_query(std::string("updated_since is an ISO 8601 time in UTC, e.g. 2026-12-10T21:00:00Z; not '")
                         .append(original) + "'");
  };
  std::string t(text);
  if (t.size() == 10) t += "T00:00:00Z";  // a date: its midnight
  if (t.size() > 6 && t.compare(t.size() - 6, 6, "+00:00") == 0) {
    t.resize(t.size() - 6);
  } else if (!t.empty() && t.back() == 'Z') {
    t.pop_back();
  } else {
    return refuse();
  }
  if (const auto dot = t.find('.'); dot != std::string::npos) {  // a fraction of a second: dropped
    if (dot != 19 || dot + 1 == t.size() ||
        !std::all_of(t.begin() + static_cast<std::ptrdiff_t>(dot) + 1, t.end(), [](char c) { return c >= '0' && c <= '9'; })) {
      return refuse();
    }
    t.resize(dot);
  }
  if (t.size() == 16) t += ":00";
  if (t.size() != 19 || t[4] != '-' || t[7] != '-' || t[10] != 'T' || t[13] != ':' || t[16] != ':' ||
      !digits_at(t, {0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18})) {
    return refuse();
  }
  auto ms = local_to_utc_ms(t, "UTC");
  if (!ms) return refuse();
  return ms.value();
}

Result<ListQuery> parse_list_query(std::string_view query, bool organization_allowed) {
  auto params = parse_query(query);
  if (!params) return bad_query(params.status().message());
  ListQuery q;
  std::set<std::string> seen;
  for (const auto& [key, value] : params.value()) {
    if (!seen.insert(key).second) return bad_query("'" + key + "' is given twice");
    if (key == "page") {
      const auto n = bounded_number(value, 1, kMaxPage);
      if (!n) return bad_query(std::string("page is a whole number from 1 to ").append(std::to_string(kMaxPage)) + "; not '" + value + "'");
      q.page = *n;
    } else if (key == "per_page") {
      const auto n = bounded_number(value, 1, kMaxPerPage);
      if (!n) return bad_query(std::string("per_page is a whole number from 1 to ").append(std::to_string(kMaxPerPage)) + "; not '" + value + "'");
      q.per_page = *n;
    } else if (key == "updated_since") {
      auto ms = parse_utc_time(value);
      if (!ms) return ms.status();
      q.updated_since_ms = ms.value();
    } else if (key == "organization" && organization_allowed) {
      if (value.empty()) return bad_query("organization is an ocd-organization id or a slug; it is empty");
      q.organization = value;
    } else {
      return bad_query("unknown parameter '" + key + "' (this list takes page, per_page, updated_since" +
                       (organization_allowed ? ", organization)" : ")"));
    }
  }
  return q;
}

json page_of(const std::vector<json>& all, const ListQuery& q) {
  const auto total = static_cast<std::int64_t>(all.size());
  const std::int64_t pages = (total + q.per_page - 1) / q.per_page;
  json results = json::array();
  const std::int64_t first = static_cast<std::int64_t>(q.page - 1) * q.per_page;
  for (std::int64_t i = first; i < total && i < first + q.per_page; ++i) results.push_back(all[static_cast<std::size_t>(i)]);
  return {{"meta", {{"page", q.page}, {"per_page", q.per_page}, {"total_items", total}, {"total_pages", pages}}},
          {"results", std::move(results)}};
}

}  // namespace ocd

// ---------------------------------------------------------------------------------------------
// The documents.

namespace {

// Seats that make someone a member of the body in OCD's sense (the public pages name them as
// they preside, move and vote); staff and a learning circle's participants are not published.
const std::map<std::string, std::pair<const char*, bool>, std::less<>> kSeatRoles = {
    {"chair", {"chair", true}},
    {"vice_chair", {"vice chair", true}},
    {"voting_member", {"member", true}},
    {"non_voting_member", {"non-voting member", false}},
};

std::string classification_of(const std::string& kind) {
  if (kind == "council") return "legislature";
  return "committee";  // committee, learning_circle (extras.kind says which)
}

std::string option_of(const std::string& vote) {
  if (vote == "aye") return "yes";
  if (vote == "nay") return "no";
  if (vote == "not_voting") return "not voting";
  return vote;  // abstain, absent
}

json iso_or_null(std::int64_t ms, const std::string& zone) {
  return ms > 0 ? json(local_iso_with_offset(ms, zone)) : json(nullptr);
}

bool is_web_link(const std::string& url) { return url.rfind("https://", 0) == 0 || url.rfind("http://", 0) == 0; }

json link(const std::string& url, const std::string& note, const std::string& media_type = "text/html") {
  return {{"url", url}, {"note", note}, {"media_type", media_type}};
}

// The agenda as the public saw it last posted (the meeting page shows the same, N4).
json posted_agenda(const json& m) {
  json latest = json::array();
  for (const auto& p : m.value("posted_agendas", json::array())) {
    if (p.value("version", 0) > 0) latest = p.value("items", json::array());
  }
  return latest;
}

json agenda_of(const json& m) {
  json out = json::array();
  for (const auto& item : posted_agenda(m)) {
    json extras = {{"type", item.value("type", "")}};
    for (const char* k : {"presenter", "authority", "subject", "citation"}) {
      if (item.contains(k) && item[k].is_string() && !item[k].get<std::string>().empty()) extras[k] = item[k];
    }
    json media = json::array();
    for (const auto& l : item.value("links", json::array())) {
      if (l.is_string() && (is_web_link(l.get<std::string>()) || l.get<std::string>().rfind('/', 0) == 0)) {
        media.push_back({{"note", "link"}, {"links", json::array({{{"url", l}, {"media_type", ""}}})}});
      }
    }
    out.push_back({{"order", std::to_string(item.value("item", 0))},
                   {"description", item.value("title", "")},
                   {"classification", json::array({item.value("type", "")})},
                   {"subjects", json::array()},
                   {"notes", item.value("presenter", "").empty() ? json::array()
                                                                : json::array({std::string("Presenter: ").append(item.value("presenter", ""))})},
                   {"related_entities", json::array()},
                   {"media", std::move(media)},
                   {"extras", std::move(extras)}});
  }
  return out;
}

// scheduled, confirmed (lawfully noticed, or being held), cancelled, passed (held, or its hour gone).
std::string event_status(const json& m, std::int64_t now) {
  const std::string state = m.value("state", "");
  if (state == "cancelled") return "cancelled";
  if (state == "in_session" || state == "recessed") return "confirmed";
  if (state == "adjourned" || m.value("started_ms", std::int64_t{0}) > 0 || m.value("starts_ms", std::int64_t{0}) <= now) {
    return "passed";
  }
  return m.value("status", json::object()).value("lawful", false) ? "confirmed" : "scheduled";
}

// The latest moment the meeting's public record changed.
std::int64_t event_updated(const json& m) {
  std::int64_t at = std::max(m.value("started_ms", std::int64_t{0}), m.value("adjourned_ms", std::int64_t{0}));
  for (const auto& p : m.value("postings", json::array())) at = std::max(at, p.value("at_ms", std::int64_t{0}));
  for (const auto& r : m.value("resends", json::array())) at = std::max(at, r.value("at_ms", std::int64_t{0}));
  for (const auto& a : m.value("actions", json::array())) at = std::max(at, a.value("decided_ms", std::int64_t{0}));
  if (m.contains("cancelled") && m["cancelled"].is_object()) at = std::max(at, m["cancelled"].value("at_ms", std::int64_t{0}));
  if (m.contains("continuation") && m["continuation"].is_object()) {
    at = std::max(at, m["continuation"].value("posted_ms", std::int64_t{0}));
  }
  return at;
}

struct Host {
  const store::Body* body;
  const store::Cooperative* cooperative;
};

json organization_ref(const store::Body& b) { return {{"id", ocd::body_id(b.slug)}, {"name", b.name}}; }

json event_doc(const Host& h, const json& m, const json& minutes, std::int64_t now) {
  const store::Body& b = *h.body;
  const std::string zone = m.value("time_zone", b.time_zone);
  const std::int64_t number = m.value("meeting", std::int64_t{0});
  const std::string page = "/public/" + b.slug + "/meetings/" + std::to_string(number);
  const json postings = m.value("postings", json::array());
  const json status = m.value("status", json::object());
  json documents = json::array();
  json notice = {{"posted_at", nullptr}, {"last_posted_at", nullptr}, {"versions", postings.size()},
                 {"lawful", status.value("lawful", false)}, {"findings", status.value("findings", json::array())},
                 {"failures", status.value("failures", json::array())}};
  if (!postings.empty()) {
    notice["posted_at"] = utc_iso(postings.front().value("at_ms", std::int64_t{0}));
    notice["last_posted_at"] = utc_iso(postings.back().value("at_ms", std::int64_t{0}));
    documents.push_back({{"note", "notice and agenda"}, {"date", notice["last_posted_at"]},
                         {"links", json::array({link(page, "public meeting page")})}});
  }
  for (const auto& entry : minutes) {
    if (entry.value("meeting", std::int64_t{0}) != number) continue;
    const std::string at = "/public/" + b.slug + "/minutes/" + std::to_string(entry.value("number", 0));
    documents.push_back({{"note", entry.value("status", "") == "official" ? "minutes" : "minutes (draft)"},
                         {"date", nullptr},
                         {"links", json::array({link(at, "minutes"), link(at + ".json", "minutes", "application/json"),
                                                link(at + ".pdf", "minutes", "application/pdf")})}});
  }
  documents.push_back({{"note", "calendar"}, {"date", nullptr},
                       {"links", json::array({link("/feeds/" + b.slug + "/meetings.ics", "the body's meetings", "text/calendar")})}});
  const std::string remote = m.value("remote", "");
  json location = {{"name", m.value("place", "")}, {"url", is_web_link(remote) ? json(remote) : json(nullptr)},
                   {"note", is_web_link(remote) ? json("") : json(remote)}, {"coordinates", nullptr}};
  const std::int64_t first_posted = postings.empty() ? 0 : postings.front().value("at_ms", std::int64_t{0});
  const std::int64_t created = first_posted > 0 ? first_posted : m.value("started_ms", std::int64_t{0});
  json extras = {{"collegial", {{"body", b.slug},
                                {"meeting", number},
                                {"kind", m.value("kind", "")},
                                {"state", m.value("state", "")},
                                {"called_to_order", iso_or_null(m.value("started_ms", std::int64_t{0}), zone)},
                                {"adjourned", iso_or_null(m.value("adjourned_ms", std::int64_t{0}), zone)}}},
                 {"notice", std::move(notice)}};
  if (m.contains("cancelled") && m["cancelled"].is_object()) extras["cancelled_reason"] = m["cancelled"].value("reason", "");
  if (m.contains("closed") && m["closed"].is_object()) {  // C2: a closed meeting's authority and subject are public
    extras["closed"] = {{"citation", m["closed"].value("citation", "")}, {"subject", m["closed"].value("subject", "")}};
  }
  return {{"id", ocd::event_id(b.slug, number)},
          {"_type", "event"},
          {"name", m.value("title", "")},
          {"description", ""},
          {"classification", b.kind == "council" ? "meeting" : "committee-meeting"},
          {"status", event_status(m, now)},
          {"start_date", local_iso_with_offset(m.value("starts_ms", std::int64_t{0}), zone)},
          {"end_date", iso_or_null(m.value("adjourned_ms", std::int64_t{0}), zone)},
          {"timezone", zone},
          {"all_day", false},
          {"location", std::move(location)},
          {"organization", organization_ref(b)},
          {"participants", json::array({{{"entity_type", "organization"}, {"entity_id", ocd::body_id(b.slug)},
                                         {"entity_name", b.name}, {"note", "host"}}})},
          {"agenda", agenda_of(m)},
          {"documents", std::move(documents)},
          {"links", json::array({link("/public/" + b.slug + "/live", "live view"),
                                 link("/room/" + b.slug, "live view in the app")})},
          {"media", json::array()},
          {"sources", json::array({link(page, "public meeting page")})},
          {"extras", std::move(extras)},
          {"created_at", utc_iso(created)},
          {"updated_at", utc_iso(event_updated(m))}};
}

json vote_doc(const Host& h, const json& m, const json& a) {
  const store::Body& b = *h.body;
  const std::string zone = m.value("time_zone", b.time_zone);
  const std::int64_t number = m.value("meeting", std::int64_t{0});
  const std::int64_t motion = a.value("motion", std::int64_t{0});
  json votes = json::array();
  for (const auto& v : a.value("votes", json::array())) {
    votes.push_back({{"option", option_of(v.value("vote", ""))}, {"voter_name", v.value("name", "")},
                     {"voter_id", ocd::person_id(v.value("person", std::int64_t{0}))}, {"note", ""}});
  }
  const json absent = a.value("absent", json::array());
  for (const auto& v : absent) {
    votes.push_back({{"option", "absent"}, {"voter_name", v.value("name", "")},
                     {"voter_id", ocd::person_id(v.value("person", std::int64_t{0}))}, {"note", ""}});
  }
  const std::int64_t decided = a.value("decided_ms", std::int64_t{0});
  const std::string kind = a.value("kind", "");
  const std::string text = a.value("text", "");
  return {{"id", ocd::vote_id(b.slug, motion)},
          {"_type", "vote_event"},
          {"identifier", std::string("Motion ").append(std::to_string(motion))},
          {"motion_text", text.empty() ? a.value("tally", "") : text},
          {"motion_classification", json::array({kind.empty() ? std::string("main") : kind})},
          {"start_date", decided > 0 ? json(local_iso_with_offset(decided, zone)) : json(nullptr)},
          {"result", a.value("result", "") == "adopted" ? "pass" : "fail"},
          {"organization", organization_ref(b)},
          {"event_id", ocd::event_id(b.slug, number)},
          {"counts", json::array({{{"option", "yes"}, {"value", a.value("aye", 0)}},
                                  {{"option", "no"}, {"value", a.value("nay", 0)}},
                                  {{"option", "abstain"}, {"value", a.value("abstain", 0)}},
                                  {{"option", "absent"}, {"value", absent.size()}},
                                  {{"option", "not voting"}, {"value", a.value("not_voting", 0)}}})},
          {"votes", std::move(votes)},
          {"sources", json::array({link("/public/" + b.slug + "/meetings/" + std::to_string(number), "public meeting page")})},
          // N9: an action of a meeting not lawfully noticed is not valid.
          {"extras", {{"collegial", {{"body", b.slug}, {"meeting", number}, {"motion", motion}, {"tally", a.value("tally", "")},
                                     {"valid", m.value("status", json::object()).value("lawful", false)}}}}},
          {"updated_at", utc_iso(decided)}};
}

// Whether `filter` (from ?organization=) names the host: its body or its cooperative, by id or slug.
bool names(const std::string& filter, const Host& h) {
  return filter == h.body->slug || filter == ocd::body_id(h.body->slug) ||
         (h.cooperative && (filter == h.cooperative->slug || filter == ocd::cooperative_id(h.cooperative->slug)));
}

PublicAnswer json_answer(int status, const json& body) {
  return {status, "application/json", body.dump(-1, ' ', false, json::error_handler_t::replace) + "\n"};
}

PublicAnswer error_answer(int status, std::string_view code, std::string message) {
  return json_answer(status, {{"error", std::string(code)}, {"message", std::move(message)}});
}

void with_cors(PublicAnswer& a) {
  a.headers.emplace_back("Access-Control-Allow-Origin", "*");
  a.headers.emplace_back("Access-Control-Expose-Headers", "ETag, Last-Modified");
}

// A kept answer (PublicSite's, http/public_site.hpp), readable from other origins.
PublicAnswer cors_answer_of(const CachedPage& page) {
  PublicAnswer a = answer_of(page);
  with_cors(a);
  return a;
}

std::string cache_key(const PublicRequest& r) {
  std::string key(r.path);
  return key.append("?").append(r.query);
}

}  // namespace

// Every public document, each with the organization it belongs to for ?organization=.
struct OpenData::Documents {
  struct Doc {
    json doc;
    Host host;
    std::int64_t updated_ms = 0;
    std::int64_t order_ms = 0;  // events: the start; votes: when decided
  };
  std::vector<store::Cooperative> cooperatives;
  std::vector<store::Body> bodies;  // the public ones
  std::vector<Doc> organizations, people, memberships, events, votes;
};

OpenData::Documents OpenData::collect(bool meetings) {
  Documents d;
  const std::int64_t now = clock_.now_ms();
  for (auto& b : directory_.bodies()) {
    if (b.is_public) d.bodies.push_back(std::move(b));
  }
  for (auto& c : directory_.cooperatives()) {
    if (std::any_of(d.bodies.begin(), d.bodies.end(), [&](const store::Body& b) { return b.cooperative_id == c.id; })) {
      d.cooperatives.push_back(std::move(c));
    }
  }
  std::map<std::int64_t, const store::Cooperative*> cooperative_of;
  for (const auto& c : d.cooperatives) cooperative_of[c.id] = &c;
  std::map<std::int64_t, const store::Body*> body_of;
  for (const auto& b : d.bodies) body_of[b.id] = &b;
  std::map<std::int64_t, std::string> name_of;
  for (const auto& p : directory_.people()) name_of[p.id] = p.name;

  // Seats, people, and each organization's last change (its seats' starts and ends so far).
  std::map<std::int64_t, std::int64_t> body_updated, cooperative_updated;
  std::map<std::int64_t, std::pair<json, std::int64_t>> people;  // person → document, updated
  for (const auto& b : d.bodies) {
    const Host host{&b, cooperative_of.count(b.cooperative_id) ? cooperative_of[b.cooperative_id] : nullptr};
    for (const auto& s : directory_.members_of(b.id, now)) {
      const auto role = kSeatRoles.find(s.role);
      if (role == kSeatRoles.end()) continue;
      const std::string name = name_of.count(s.person_id) ? name_of[s.person_id] : std::string();
      std::int64_t updated = s.starts_ms;
      if (s.ends_ms && *s.ends_ms <= now) updated = std::max(updated, *s.ends_ms);
      body_updated[b.id] = std::max(body_updated[b.id], updated);
      cooperative_updated[b.cooperative_id] = std::max(cooperative_updated[b.cooperative_id], updated);
      json doc = {{"id", ocd::membership_id(s.id)},
                  {"_type", "membership"},
                  {"person_id", ocd::person_id(s.person_id)},
                  {"person_name", name},
                  {"organization_id", ocd::body_id(b.slug)},
                  {"organization_name", b.name},
                  {"role", role->second.first},
                  {"label", role->second.first},
                  {"start_date", s.starts_ms > 0 ? json(local_date(s.starts_ms, b.time_zone)) : json("")},
                  {"end_date", s.ends_ms ? json(local_date(*s.ends_ms, b.time_zone)) : json("")},
                  {"extras", {{"collegial", {{"role", s.role}, {"voting", role->second.second}}}}},
                  {"updated_at", utc_iso(updated)}};
      d.memberships.push_back({std::move(doc), host, updated, 0});
      auto& person = people[s.person_id];
      if (person.first.is_null()) {
        person.first = {{"id", ocd::person_id(s.person_id)}, {"_type", "person"}, {"name", name},
                        {"links", json::array()}, {"sources", json::array()}, {"extras", json::object()}};
      }
      person.first["sources"].push_back(link("/public/" + b.slug, b.name));
      person.second = std::max(person.second, updated);
    }
  }
  for (auto& [id, p] : people) {
    p.first["updated_at"] = utc_iso(p.second);
    d.people.push_back({std::move(p.first), Host{nullptr, nullptr}, p.second, 0});
  }
  for (const auto& c : d.cooperatives) {
    const std::int64_t updated = cooperative_updated[c.id];
    d.organizations.push_back(
        {{{"id", ocd::cooperative_id(c.slug)},
          {"_type", "organization"},
          {"name", c.name},
          {"classification", "agency"},
          {"parent_id", nullptr},
          {"identifiers", json::array({{{"scheme", "collegial"}, {"identifier", c.slug}}})},
          {"links", json::array()},
          {"sources", json::array({link("/public/", "public bodies")})},
          {"extras", {{"collegial", {{"slug", c.slug}, {"kind", "cooperative"}}}}},
          {"updated_at", utc_iso(updated)}},
         Host{nullptr, &c},
         updated,
         0});
  }
  for (const auto& b : d.bodies) {
    const Host host{&b, cooperative_of.count(b.cooperative_id) ? cooperative_of[b.cooperative_id] : nullptr};
    // A committee's parent is its public parent body; any other body's is its cooperative.
    json parent = host.cooperative ? json(ocd::cooperative_id(host.cooperative->slug)) : json(nullptr);
    if (b.parent_body_id && body_of.count(*b.parent_body_id)) parent = ocd::body_id(body_of[*b.parent_body_id]->slug);
    const std::int64_t updated = body_updated[b.id];
    d.organizations.push_back(
        {{{"id", ocd::body_id(b.slug)},
          {"_type", "organization"},
          {"name", b.name},
          {"classification", classification_of(b.kind)},
          {"parent_id", std::move(parent)},
          {"identifiers", json::array({{{"scheme", "collegial"}, {"identifier", b.slug}}})},
          {"links", json::array({link("/public/" + b.slug, "public page"),
                                 link("/feeds/" + b.slug + "/meetings.ics", "meetings", "text/calendar"),
                                 link("/feeds/" + b.slug + "/notices.atom", "notices", "application/atom+xml")})},
          {"sources", json::array({link("/public/" + b.slug, "public page")})},
          {"extras", {{"collegial", {{"slug", b.slug},
                                     {"kind", b.kind},
                                     {"time_zone", b.time_zone},
                                     {"notice_regular_days", b.notice_regular_days},
                                     {"notice_special_days", b.notice_special_days},
                                     {"notice_emergency_hours", b.notice_emergency_hours}}}}},
          {"updated_at", utc_iso(updated)}},
         host,
         updated,
         0});

    // Meetings and votes, from the room as the public receives it (C3).
    if (!meetings) continue;
    const auto snap = hub_.public_snapshot(b.slug, 0);
    if (!snap) continue;
    const auto minutes_view = snap->views.find("minutes");
    const json minutes = minutes_view == snap->views.end() ? json::array() : minutes_view->second.value("minutes", json::array());
    for (const auto& m : meetings_of(*snap)) {
      if (!is_public(m)) continue;
      d.events.push_back({event_doc(host, m, minutes, now), host, event_updated(m), m.value("starts_ms", std::int64_t{0})});
      for (const auto& a : m.value("actions", json::array())) {
        const std::int64_t decided = a.value("decided_ms", std::int64_t{0});
        d.votes.push_back({vote_doc(host, m, a), host, decided, decided});
      }
    }
  }
  // Lists in an order that does not move between pages: by time or name, then by id.
  const auto id = [](const Documents::Doc& x) { return x.doc.value("id", ""); };
  const auto by_time = [&](const Documents::Doc& x, const Documents::Doc& y) {
    return x.order_ms != y.order_ms ? x.order_ms < y.order_ms : id(x) < id(y);
  };
  const auto by_text = [&](std::vector<std::string> fields) {
    return [&id, fields = std::move(fields)](const Documents::Doc& x, const Documents::Doc& y) {
      for (const auto& f : fields) {
        const std::string a = x.doc.value(f, ""), b = y.doc.value(f, "");
        if (a != b) return a < b;
      }
      return id(x) < id(y);
    };
  };
  std::sort(d.events.begin(), d.events.end(), by_time);
  std::sort(d.votes.begin(), d.votes.end(), by_time);
  std::sort(d.people.begin(), d.people.end(), by_text({"name"}));
  std::sort(d.memberships.begin(), d.memberships.end(), by_text({"organization_name", "person_name"}));
  return d;
}

PageStamp OpenData::stamp() const {
  return PageStamp{.heads = hub_.loaded_heads_total(), .generation = generation_ ? generation_() : 0,
                   .second = clock_.now_ms() / 1000};
}

PublicAnswer OpenData::route(std::string_view path, std::string_view query) {
  std::string_view rest = path.substr(std::min<std::size_t>(path.size(), 5));  // after "/ocd/"
  if (!rest.empty() && rest.back() == '/') rest.remove_suffix(1);
  const std::size_t slash = rest.find('/');
  const std::string_view list = rest.substr(0, slash);
  std::string_view id = slash == std::string_view::npos ? std::string_view() : rest.substr(slash + 1);
  static const std::map<std::string_view, std::pair<bool, std::string_view>> kLists = {
      // list → takes ?organization=, its documents' id prefix (for one by id)
      {"organizations", {false, ""}},
      {"people", {false, ""}},
      {"memberships", {true, ""}},
      {"events", {true, "ocd-event/"}},
      {"vote_events", {true, "ocd-vote/"}},
  };
  const auto which = kLists.find(list);
  if (which == kLists.end()) {
    return error_answer(404, "not_found",
                        std::string("no such path: ").append(path) +
                            " (the open-data API serves /ocd/organizations, /ocd/people, /ocd/memberships, "
                            "/ocd/events and /ocd/vote_events)");
  }
  std::vector<Documents::Doc> Documents::*member = nullptr;
  if (list == "organizations") member = &Documents::organizations;
  else if (list == "people") member = &Documents::people;
  else if (list == "memberships") member = &Documents::memberships;
  else if (list == "events") member = &Documents::events;
  else member = &Documents::votes;

  if (slash != std::string_view::npos) {  // one document by its id
    const std::string_view prefix = which->second.second;
    if (prefix.empty() || id.empty()) return error_answer(404, "not_found", std::string("no such path: ").append(path));
    if (!query.empty()) return error_answer(400, "bad_query", "one document takes no parameters");
    const std::string wanted = id.rfind(prefix, 0) == 0 ? std::string(id) : std::string(prefix).append(id);
    Documents d = collect(true);
    for (const auto& doc : d.*member) {
      if (doc.doc.value("id", "") == wanted) return json_answer(200, doc.doc);
    }
    return error_answer(404, "not_found", "no public document " + wanted);
  }

  auto q = ocd::parse_list_query(query, which->second.first);
  if (!q) return error_answer(400, q.status().code(), q.status().message());
  Documents d = collect(list == "events" || list == "vote_events");
  if (!q->organization.empty()) {
    const bool known = std::any_of(d.bodies.begin(), d.bodies.end(), [&](const store::Body& b) {
      const auto c = std::find_if(d.cooperatives.begin(), d.cooperatives.end(),
                                  [&](const store::Cooperative& x) { return x.id == b.cooperative_id; });
      return names(q->organization, Host{&b, c == d.cooperatives.end() ? nullptr : &*c});
    });
    if (!known) return error_answer(400, "bad_query", "organization '" + q->organization + "' is no public body or cooperative");
  }
  std::vector<json> chosen;
  for (auto& doc : d.*member) {
    if (q->updated_since_ms && doc.updated_ms < *q->updated_since_ms) continue;
    if (!q->organization.empty() && !(doc.host.body && names(q->organization, doc.host))) continue;
    chosen.push_back(std::move(doc.doc));
  }
  return json_answer(200, ocd::page_of(chosen, q.value()));
}

std::optional<PublicAnswer> OpenData::cached(const PublicRequest& request) {
  const auto page = cache_.find(cache_key(request), stamp());
  if (!page) return std::nullopt;
  return cors_answer_of(*page);
}

PublicAnswer OpenData::handle(const PublicRequest& request) {
  const std::string key = cache_key(request);
  // Stamped before building: what is built is at least as new as the stamp.
  const PageStamp at = stamp();
  if (const auto page = cache_.find(key, at)) return cors_answer_of(*page);
  PublicAnswer answer;
  try {
    answer = route(request.path, request.query);
  } catch (const std::exception& e) {
    LOG_ERROR("open data " << request.path << ": " << e.what());
    answer = error_answer(500, "internal_error", "the server could not answer this request");
  }
  if (answer.status != 200) {
    with_cors(answer);
    return answer;
  }
  const auto page = cache_.store(key, at, answer.status, std::move(answer.content_type), std::move(answer.body), clock_.now_ms());
  return cors_answer_of(*page);
}

}  // namespace collegial::http
