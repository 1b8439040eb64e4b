// The open-data API (#20 §3): the public bodies' meetings, votes and seats as Open Civic Data
// (OCD) documents, for civic-technology tools (Councilmatic and the like). Read-only, no token,
// JSON; docs/open-data.md says every field.
//
//   GET /ocd/organizations             the cooperatives and their public bodies
//   GET /ocd/people                    the people seated on a public body
//   GET /ocd/memberships               their seats: role, start and end of the term
//   GET /ocd/events, /ocd/events/<id>  the public meetings: status, start, place, agenda, the
//                                      notice's posting and lawful status (N2–N4), documents
//   GET /ocd/vote_events, …/<id>       each motion decided in open session, with each member's vote
//
// What it publishes is what the public pages already show, and from the same source: each
// public body's room as the public receives it (RoomHub::public_snapshot, C3), so nothing of a
// closed session is ever in an answer; seats come from the directory, names and roles only (no
// e-mail, no account). Bodies that are not public are not listed, and their meetings answer 404.
//
// Lists take `page` (from 1), `per_page` (1 to 200, default 50), `updated_since` (ISO 8601 in
// UTC: documents whose updated_at is at or after it) and, for events, memberships and vote
// events, `organization` (an ocd-organization id or a body's or cooperative's slug). Any other
// key, a key twice, or a bad value is a 400 {"error":"bad_query","message":…}; a path or id
// nobody serves is a 404 {"error":"not_found",…}.
//
// Answers are cached like the pages (page_cache.hpp), under their path and query, with ETag and
// Last-Modified (304s follow from http_session), and carry Access-Control-Allow-Origin: *.
// Thread-safe: handle() runs on the pages' pool and waits for rooms' executors; cached() never
// waits and may run on the I/O threads.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/room_hub.hpp"
#include "http/page_cache.hpp"
#include "http/public_site.hpp"
#include "store/directory.hpp"
#include "util/clock.hpp"
#include "util/result.hpp"

namespace collegial::http {

namespace ocd {

// A name-based UUID (RFC 9562 version 5: SHA-1 of a fixed namespace and `name`), lower-case
// "8-4-4-4-12" hex. The same name gives the same UUID on every node and after every restart.
std::string name_uuid(std::string_view name);

// The OCD identifiers, each derived from what names the thing in Collegial (never from a row's
// position): a body or cooperative by its slug, a person by their directory id, a seat by its
// membership id, a meeting by its body and number, a vote by its body and motion number.
std::string body_id(std::string_view slug);         // "ocd-organization/<uuid>"
std::string cooperative_id(std::string_view slug);  // "ocd-organization/<uuid>"
std::string person_id(std::int64_t person);         // "ocd-person/<uuid>"
std::string membership_id(std::int64_t membership); // "ocd-membership/<uuid>"
std::string event_id(std::string_view slug, std::int64_t meeting);  // "ocd-event/<uuid>"
std::string vote_id(std::string_view slug, std::int64_t motion);     // "ocd-vote/<uuid>"

inline constexpr int kDefaultPerPage = 50;
inline constexpr int kMaxPerPage = 200;
inline constexpr int kMaxPage = 1'000'000;

// What a list request asks for, read from its query.
struct ListQuery {
  int page = 1;
  int per_page = kDefaultPerPage;
  std::optional<std::int64_t> updated_since_ms;  // UTC ms
  std::string organization;                      // empty: every organization
};

// Reads a list's query; `organization_allowed` says whether the list takes `organization`.
// Errors: bad_query, saying which key or value is wrong.
Result<ListQuery> parse_list_query(std::string_view query, bool organization_allowed);

// "2026-12-10T21:00:00Z", "2026-12-10T21:00Z", "2026-12-10T21:00:00.250Z", "…+00:00" or a
// date "2026-12-10" (its midnight, UTC) → UTC ms. Errors: bad_query.
Result<std::int64_t> parse_utc_time(std::string_view text);

// The list envelope: {"meta":{"page","per_page","total_items","total_pages"},"results":[…]},
// the results being the page `q` asks of `all` (empty past the last page).
nlohmann::json page_of(const std::vector<nlohmann::json>& all, const ListQuery& q);

}  // namespace ocd

class OpenData {
 public:
  // `generation` as PublicSite's: it moves when the directory or checkpoints change.
  OpenData(core::RoomHub& hub, store::Directory& directory, const collegial::Clock& clock,
           std::function<std::int64_t()> generation = {})
      : hub_(hub), directory_(directory), clock_(clock), generation_(std::move(generation)) {}

  OpenData(const OpenData&) = delete;
  OpenData& operator=(const OpenData&) = delete;

  static bool handles(std::string_view path) { return path == "/ocd" || path.rfind("/ocd/", 0) == 0; }

  // The answer to GET `request` (200 with the document or list, 400, 404, or 500 if building
  // it failed), from the cache when nothing it shows has changed. Never throws.
  PublicAnswer handle(const PublicRequest& request);

  // The answer from the cache if nothing it shows has changed; nothing otherwise. Never waits.
  std::optional<PublicAnswer> cached(const PublicRequest& request);

 private:
  struct Documents;  // every public document, built once per answer (open_data.cpp)
  PublicAnswer route(std::string_view path, std::string_view query);
  // Every public document; the meetings and votes (which wait for rooms) only when `meetings`.
  Documents collect(bool meetings);
  PageStamp stamp() const;

  core::RoomHub& hub_;
  store::Directory& directory_;
  const collegial::Clock& clock_;
  std::function<std::int64_t()> generation_;
  PageCache cache_;
};

}  // namespace collegial::http
