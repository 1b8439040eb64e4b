// Protocol v1 on the wire: parsing client requests and building server messages.
//
// docs/protocol.md is the user-facing contract; this file is its implementation. Every client
// request is a JSON object {"id", "type", ...}; every server message is a JSON object whose
// "type" is "ack", "error", or a dotted event type ("chat.message").
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/peer.hpp"
#include "record/event.hpp"
#include "util/status.hpp"

namespace collegial::core::protocol {

inline constexpr int kVersion = 1;

// Stable error codes (docs/protocol.md lists each with an example).
namespace code {
inline constexpr std::string_view bad_json = "bad_json";
inline constexpr std::string_view not_object = "not_object";
inline constexpr std::string_view too_deep = "too_deep";
inline constexpr std::string_view binary_frame = "binary_frame";
inline constexpr std::string_view missing_field = "missing_field";
inline constexpr std::string_view bad_field = "bad_field";
inline constexpr std::string_view unknown_type = "unknown_type";
inline constexpr std::string_view unsupported_version = "unsupported_version";
inline constexpr std::string_view hello_required = "hello_required";
inline constexpr std::string_view already_hello = "already_hello";
inline constexpr std::string_view too_large = "too_large";
inline constexpr std::string_view unknown_room = "unknown_room";
inline constexpr std::string_view not_joined = "not_joined";
inline constexpr std::string_view already_joined = "already_joined";
inline constexpr std::string_view forbidden = "forbidden";
inline constexpr std::string_view bad_token = "bad_token";
inline constexpr std::string_view unknown_operation = "unknown_operation";
inline constexpr std::string_view unknown_plugin = "unknown_plugin";
inline constexpr std::string_view rate_limited = "rate_limited";
inline constexpr std::string_view unavailable = "unavailable";
inline constexpr std::string_view store_failed = "store_failed";
inline constexpr std::string_view storage_failed = "storage_failed";  // sticky: operator acts
inline constexpr std::string_view room_failed = "room_failed";  // a plugin failed: room read-only
inline constexpr std::string_view internal_error = "internal_error";
}  // namespace code

// WebSocket close codes the server uses besides the standard ones (1001 going away on
// shutdown, 1007 invalid UTF-8, 1009 message too big).
inline constexpr std::uint16_t kCloseSlowConsumer = 4008;
// The room dropped this subscriber (it could not read the events the client still needs):
// the client rejoins with `since`, and is told with this code rather than left joined and silent.
inline constexpr std::uint16_t kCloseRejoin = 4009;
// The credentials the connection said hello with ended (logged out, revoked, expired, or the
// person no longer has an account): it acts for nobody any more. Log in and connect again.
inline constexpr std::uint16_t kCloseCredentialsEnded = 4010;

struct Request {
  std::string id_json;     // the request's id, as JSON text, echoed in the answer
  std::string type;
  nlohmann::json message;  // the whole request object
};

// Parses one text frame into `out`. On failure returns the error to send (bad_json, not_object,
// too_deep, missing_field, bad_field); out.id_json is then the id if one could be read, or "null".
Status parse_request(std::string_view text, std::size_t max_depth, Request& out);

// Field readers for a request. Each returns missing_field or bad_field naming the field.
Status require_string(const nlohmann::json& message, const char* field, std::string& out);
Status optional_integer(const nlohmann::json& message, const char* field,
                        std::optional<std::int64_t>& out);

// Server messages.
Frame make_ack(std::string_view id_json, std::optional<std::int64_t> seq = std::nullopt,
               const nlohmann::json* extra = nullptr);
// {"type":"error","id","code","message","lang"}: the message in `lang` when the status carries
// its sentence in both languages (a refusal), else in English.
Frame make_error(std::string_view id_json, const Status& status, i18n::Lang lang);
// An error written only in English (a malformed frame's: there is nobody to answer yet).
Frame make_error(std::string_view id_json, std::string_view code, std::string_view message);
// {"type","room","seq","ts","actor","body","hash"} and, for a v2 event, "salt": for those who
// may see the event.
Frame make_event(const record::Event& event);

// C3: what an observer who may not read closed-session content receives in place of `event`:
// {"type":"session.withheld","room","seq","actor":"system:closed_session",
//  "body":{"text":"In closed session under …: subject"},"prev_hash","hash"} — same seq, so
// `since` works, and the chain's continuity can be checked. Never the salt or the time: with the
// salt a guess of the event could be confirmed against its hash; the time is closed content.
Frame make_withheld(const record::Event& event, const std::string& line);

// L1: what everyone who reads the log after a message was removed or deleted receives in place
// of the message (and of its edits): {"type":"event.redacted","room","seq","actor":"system:
// moderation","body":{"text":"Removed by a moderator: …","by_seq":N},"prev_hash","hash"},
// N being the removal's seq. As with make_withheld: same seq, the chain's hashes, no salt.
Frame make_redacted(const std::string& room, std::int64_t seq, const std::string& prev_hash,
                    const std::string& hash, const std::string& line, std::int64_t by_seq);

}  // namespace collegial::core::protocol
