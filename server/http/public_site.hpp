// The public's website (N1, N3, N4, N9, C3): server-rendered pages that work without
// JavaScript, and feeds. Anyone may read them; no token is asked for.
//
//   GET /public/                          the cooperatives' public bodies, upcoming meetings
//   GET /public/<body>                    a body: upcoming and past meetings, feeds
//   GET /public/<body>/meetings/<n>       a meeting's notice: when, where, how to attend,
//                                         agenda and every posted version, lawful-notice status,
//                                         actions taken (marked not valid under N9 when so)
//   GET /public/<body>/live               the open meeting now: presence, quorum, the motion on
//                                         the floor and its tally, chat; closed-session content
//                                         withheld (C3). Reloaded by the reader (a link).
//   GET /feeds/<body>/notices.atom        the body's notices (Atom)
//   GET /feeds/<body>/meetings.ics        the body's meetings (iCalendar)
//   GET /feeds/<body>/webinars.ics        its public webinars, one event per session (L2)
//   GET /feeds/people/<token>.ics         one person's webinars in every body, at the secret
//                                         address POST /api/me/calendar issued (L2)
//   GET /public/checkpoints.jsonl, /.well-known/collegial/checkpoint-key…   the signed
//                                         checkpoints and their keys (http/checkpoint_pages.hpp);
//                                         each body's pages show its room's newest checkpoint
//
// Every page and feed is in the reader's language (i18n/lang.hpp: `?lang=`, remembered by a
// cookie, else Accept-Language), and links to itself in the other one.
//
// Bodies that are not public (a learning circle closed to outsiders) answer 404. Runs on the API
// pool: it waits for rooms' executors (RoomHub::public_snapshot).
#pragma once

#include <functional>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <utility>
#include <vector>
#include <string>
#include <string_view>

#include "util/clock.hpp"
#include "core/room_hub.hpp"
#include "http/page_cache.hpp"
#include "i18n/lang.hpp"
#include "store/directory.hpp"

namespace collegial::core {
class Checkpointer;
}

namespace collegial::http {

struct PublicAnswer {
  int status = 200;
  std::string content_type = "text/html; charset=utf-8";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers = {};  // Set-Cookie, Vary…
  // A page kept in the cache: its strong ETag and when its bytes last changed (the answer's
  // headers carry both); empty and 0 for answers that are not kept (errors, 404s).
  std::string etag = {};
  std::int64_t modified_ms = 0;
};

// The answer for a page kept in the cache, with its ETag and Last-Modified headers.
PublicAnswer answer_of(const CachedPage& page);

// What a page depends on from the request.
struct PublicRequest {
  std::string_view path;             // without the query
  std::string_view query = {};       // after '?'
  std::string_view cookies = {};     // the Cookie header
  std::string_view accept_language = {};
};

class PublicSite {
 public:
  // `checkpoints` may be null: then nothing is published and pages carry no checkpoint.
  // `generation` moves whenever something a page shows changes outside the rooms (checkpoints,
  // the directory): cached pages are rendered again when it moves (server_config.hpp).
  PublicSite(core::RoomHub& hub, store::Directory& directory, const collegial::Clock& clock,
             core::Checkpointer* checkpoints = nullptr, std::function<std::int64_t()> generation = {})
      : hub_(hub), directory_(directory), clock_(clock), checkpoints_(checkpoints), generation_(std::move(generation)) {}

  static bool handles(std::string_view path) {
    return path.rfind("/public/", 0) == 0 || path == "/public" || path.rfind("/feeds/", 0) == 0 ||
           path.rfind("/.well-known/collegial/", 0) == 0;
  }

  // Renders the page (or takes it from the cache when what it shows has not changed).
  PublicAnswer handle(const PublicRequest& request);

  // The page from the cache if what it shows has not changed since it was rendered; nothing
  // otherwise. Never waits for a room: the I/O threads answer a crowd from it directly.
  std::optional<PublicAnswer> cached(const PublicRequest& request);

  // A page for a path nobody serves, in the reader's language (also for paths outside
  // /public/ that a browser asked for: the server's 404 for people).
  PublicAnswer not_found_page(const PublicRequest& request);

  // The records-request bundle of meeting `meeting` of the body whose room is `room`
  // (http/records_bundle.hpp), as a .zip. Without `clerk`, the public's (GET
  // /public/<body>/meetings/<n>/records.zip); with `clerk`, who must be allowed to read closed
  // sessions in the room, the clerk's, holding the meeting's closed sessions whole when
  // `with_closed` (GET /api/rooms/<room>/meetings/<n>/records…zip). 404 when there is no such
  // public body or meeting, 409 (not_held) before the meeting's minutes exist.
  PublicAnswer records_bundle(std::string_view room, std::int64_t meeting,
                              std::shared_ptr<const auth::Principal> clerk = nullptr, bool with_closed = false,
                              i18n::Lang lang = i18n::Lang::en);

 private:
  struct Reader {
    i18n::Lang lang;
    std::string path;  // for the link to the same page in the other language
  };
  PublicAnswer route(const Reader& r);
  // What the page at `path` is rendered from, now (page_cache.hpp).
  PageStamp stamp_for(std::string_view path) const;
  static std::string cache_key(const Reader& r);
  // The per-request headers (language, cookie) on an answer for `choice`.
  static PublicAnswer for_reader(PublicAnswer answer, const i18n::Choice& choice);
  PublicAnswer index(const Reader& r);
  PublicAnswer body_page(const Reader& r, const store::Body& body);
  PublicAnswer meeting_page(const Reader& r, const store::Body& body, std::int64_t meeting);
  PublicAnswer live_page(const Reader& r, const store::Body& body);
  PublicAnswer person_calendar(const Reader& r, std::string_view tail);
  PublicAnswer not_found(const Reader& r, std::string_view key, const nlohmann::json& args = nlohmann::json::object());
  PublicAnswer body_route(const Reader& r, const store::Body& body, const std::string& tail);

  core::RoomHub& hub_;
  store::Directory& directory_;
  const collegial::Clock& clock_;
  core::Checkpointer* checkpoints_;
  std::function<std::int64_t()> generation_;
  PageCache cache_;
};

}  // namespace collegial::http
