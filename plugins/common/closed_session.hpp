// The subjects for which a New Mexico public body may close a meeting (NMSA 1978 §10-15-1(H)),
// and what a motion or notice to close must say (C1, C2).
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>
#include <vector>

#include "util/result.hpp"

namespace collegial::plugins {

struct ClosedAuthority {
  std::string_view key;       // "H2"
  std::string_view citation;  // "NMSA 1978, Section 10-15-1(H)(2)"
  std::string_view subject;   // "limited personnel matters"
};

// The subjects confirmed in the statute as summarised in rules-sources.md (H1–H8).
const std::vector<ClosedAuthority>& closed_authorities();

// C1/C2: `authority` must be one of the list's keys, and `subject` must say with reasonable
// specificity what will be discussed: at least 20 characters, and more than the authority's
// own heading ("limited personnel matters" alone is not specific). Returns {"authority",
// "citation", "heading", "subject"} or bad_field / not_specific with a reason citing C1.
Result<nlohmann::json> closed_session_grounds(const std::string& authority,
                                              const std::string& subject);

// What the public sees while the body is in closed session (C3): "In closed session under
// NMSA 1978, Section 10-15-1(H)(2): <subject>".
std::string closed_session_line(const nlohmann::json& grounds);

}  // namespace collegial::plugins
