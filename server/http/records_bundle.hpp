// A records-request bundle (issue #20 §2): everything Collegial holds about one held meeting, in
// one .zip, for a request under New Mexico's Inspection of Public Records Act (IPRA), and enough
// of the room's log and its signed checkpoints to verify it offline
// (`collegiald verify --bundle FILE`, app/bundle_check.hpp).
//
//   README.txt                       what is inside and how to verify it (English, Spanish)
//   manifest.json                    the format, the body, the meeting, the log's span, whether
//                                    closed-session content is included, and every other
//                                    file's SHA-256 and size
//   meeting.html                     the public meeting page: when, where, every agenda version
//                                    with its posting time, the lawful-notice status, actions
//   notice.json                      the same from the notice plugin (postings, agendas, status,
//                                    actions with each member's vote, the AG report if filed)
//   attendance-and-votes.json        the record the minutes are drawn from: attendance, quorum,
//                                    motions and every recorded vote, closed sessions' grounds
//   minutes/current.{json,md,html,pdf}, minutes/v<k>.{…}   the minutes, every approved version
//   log/events.jsonl                 the room's events from its first through a checkpoint at
//                                    or after the meeting's last (its adjournment, the minutes'
//                                    approval), one protocol event frame per line, as the
//                                    public receives them (C3: closed-session events as
//                                    `session.withheld` stand-ins)
//   log/checkpoints.jsonl            the room's signed checkpoints within that span
//   log/keys/<key id>.pem            the public keys that signed them
//
// The clerk's bundle may include the meeting's closed sessions whole (only if the clerk asks,
// and only who may read closed sessions): then manifest.json says so and lists their seqs, and
// README.txt says so first, in capitals.
#pragma once

#include <string_view>

namespace collegial::http {

inline constexpr std::string_view kBundleFormat = "collegial-records-bundle/1";

}  // namespace collegial::http
