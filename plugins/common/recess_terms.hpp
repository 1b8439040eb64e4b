// The terms of a recess (N8), read the same way whether the presiding officer declares it
// (meeting.recess) or the body adopts a motion to recess (motions.move kind "recess").
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>

#include "util/result.hpp"

namespace collegial::plugins {

struct RecessTerms {
  std::optional<std::int64_t> until_ms;  // when the meeting continues (none: when the chair resumes)
  bool later_day = false;                // N8: continues on another day, in the body's zone
  std::string place;                     // N8: where (required for a later day)
  std::string remote;                    // how to attend remotely, if at all
};

// Reads {"until": "YYYY-MM-DDTHH:MM" local, "place", "remote"} from `args`. Refuses (bad_field)
// an unreadable or past `until`, and (needs_place, N8) a later day without a place.
Result<RecessTerms> recess_terms(const nlohmann::json& args, const std::string& zone,
                                 std::int64_t now_ms);

}  // namespace collegial::plugins
