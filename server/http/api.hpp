// The JSON API under /api/: login, logout, who am I, invitations, and the admin operations.
// Independent of Beast: the HTTP session hands it a parsed request and writes what it returns.
//
//   POST /api/login               {email, password}  → {token, expires_ms, person}
//   POST /api/logout              Bearer token       → {}
//   GET  /api/me                  Bearer token       → {actor, name, admin, memberships, rooms}
//   POST /api/invitations/accept  {token, password}  → {token, expires_ms, person}
//   GET  /api/messages/<lang>     (no token) → {lang, messages: {key: ICU MessageFormat pattern}}:
//                                 the server's texts (i18n/messages.hpp), "en" or "es"
//   POST /api/admin/<operation>   Bearer token of an administrator, {arguments} → what it made
//   POST /api/me/calendar         Bearer token → {url}: a new secret address of one's webinars
//                                 calendar (/feeds/people/<token>.ics), replacing the old one
//   POST /api/rooms/<room>/act    Bearer token, {op, args} → {seq}: a plugin operation, as the
//                                 protocol's `act` (the clerk's minutes edits from a script)
//   POST /api/rooms/<room>/read   Bearer token, {plugin, query} → {seq, result}, as the
//                                 protocol's `read`; a result {"csv": …} asked with
//                                 query.format "csv" comes as text/csv (the L3 report)
//   GET  /api/rooms/<room>/meetings/<n>/records.zip
//   GET  /api/rooms/<room>/meetings/<n>/records-with-closed-session.zip
//                                 Bearer token of one who may read closed sessions there (the
//                                 clerk) → the clerk's records-request bundle (IPRA), without or
//                                 with the meeting's closed sessions (http/records_bundle.hpp)
//
// Errors are {"error": code, "message": …} with 400 (bad input), 401 (no or bad token, wrong
// password), 403 (the policy refuses), 404, 409 (exists, B2 conflicts; a plugin's refusal of
// an operation, with the protocol's code), 429 (throttled), 500, 503 (shutting down).
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <utility>
#include <vector>

#include "auth/accounts.hpp"
#include "i18n/lang.hpp"
#include "util/status.hpp"
#include "core/administration.hpp"

namespace collegial::core {
class RoomHub;
}

namespace collegial::http {

class PublicSite;

struct ApiRequest {
  std::string method;         // "GET", "POST", "OPTIONS"…
  std::string path;           // without the query
  std::string authorization;  // the Authorization header
  std::string origin;         // the Origin header
  std::string address;        // the client's IP address (login throttling)
  std::string body;
  i18n::Lang lang = i18n::Lang::en;  // errors are written in it (`?lang=`, cookie, Accept-Language)
};

struct ApiResponse {
  int status = 200;
  nlohmann::json body = nlohmann::json::object();
  std::vector<std::pair<std::string, std::string>> headers;
  // A body that is not JSON (a CSV export): sent as is with this content type when set.
  std::string text = {};
  std::string content_type = {};
  // An error: Api::handle writes {"error","message","lang"} in the request's language.
  Status refusal = {};
};

class Api {
 public:
  // `cors_origins`: browser origins allowed to call the API from other sites ("*": any).
  Api(auth::Accounts& accounts, core::Administration& administration,
      std::vector<std::string> cors_origins);

  static bool handles(std::string_view path) { return path.rfind("/api/", 0) == 0; }

  ApiResponse handle(const ApiRequest& request);

  // The rooms that /api/rooms/… acts in (the server's hub, once it exists).
  void attach_rooms(core::RoomHub& hub) { hub_ = &hub; }
  // The site that makes records-request bundles (GET /api/rooms/<room>/meetings/<n>/records…).
  void attach_site(PublicSite& site) { site_ = &site; }

 private:
  ApiResponse route(const ApiRequest& request);
  ApiResponse room_act(const ApiRequest& request, const auth::Principal& who, const std::string& room);
  ApiResponse room_read(const ApiRequest& request, const auth::Principal& who, const std::string& room);
  ApiResponse room_records(const ApiRequest& request, const auth::Principal& who, const std::string& room,
                           const std::string& what);
  void add_cors(const ApiRequest& request, ApiResponse& response) const;

  auth::Accounts& accounts_;
  core::Administration& administration_;
  core::RoomHub* hub_ = nullptr;
  PublicSite* site_ = nullptr;
  std::vector<std::string> cors_origins_;
};

}  // namespace collegial::http
