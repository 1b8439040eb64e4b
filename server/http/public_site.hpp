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
//
// Bodies that are not public (a learning circle closed to outsiders) answer 404. Runs on the API
// pool: it waits for rooms' executors (RoomHub::public_snapshot).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/clock.hpp"
#include "core/room_hub.hpp"
#include "store/directory.hpp"

namespace collegial::http {

struct PublicAnswer {
  int status = 200;
  std::string content_type = "text/html; charset=utf-8";
  std::string body;
};

class PublicSite {
 public:
  PublicSite(core::RoomHub& hub, store::Directory& directory, const core::Clock& clock)
      : hub_(hub), directory_(directory), clock_(clock) {}

  static bool handles(std::string_view path) {
    return path.rfind("/public/", 0) == 0 || path == "/public" || path.rfind("/feeds/", 0) == 0;
  }

  PublicAnswer handle(std::string_view path);

 private:
  PublicAnswer index();
  PublicAnswer body_page(const store::Body& body);
  PublicAnswer meeting_page(const store::Body& body, std::int64_t meeting);
  PublicAnswer live_page(const store::Body& body);
  PublicAnswer person_calendar(std::string_view tail);
  PublicAnswer not_found(std::string_view what);

  core::RoomHub& hub_;
  store::Directory& directory_;
  const core::Clock& clock_;
};

}  // namespace collegial::http
