// The subjects for which a New Mexico public body may close a meeting (NMSA 1978 §10-15-1(H)),
// and what a motion or notice to close must say (C1, C2).
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>
#include <vector>

#include "core/op_args.hpp"
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
// specificity what will be discussed: at least 20 characters, with at least two words of
// substance that are neither the heading's own ("limited personnel matters") nor words any
// closure could use ("matters", "district", "discussion", "staff"…): "personnel matters of the
// district" is refused, "the annual evaluation of the executive director" is not. Returns
// {"authority", "authorities": [key], "citation", "heading", "subject", "parts": [one]} or
// bad_field / not_specific with a reason citing C1.
Result<nlohmann::json> closed_session_grounds(const std::string& authority,
                                              const std::string& subject);

// The same from a request's object: {"authority", "subject"}, or {"grounds": [{"authority",
// "subject"}, …]} for one closure under several subsections at once (NMSA 10-15-1(H)(2) and
// (H)(8)), each part checked alone. Several parts give "authorities" in order, "citation"
// "NMSA 1978, Section 10-15-1(H)(2) and (H)(8)", "subject" the parts' subjects joined with
// their subsections, and "parts" each with its own.
Result<nlohmann::json> closed_session_grounds(const nlohmann::json& spec);

// The declaration of a request's "grounds": up to 8 {"authority", "subject"} objects.
core::Arg grounds_arg();

// What the public sees while the body is in closed session (C3): "In closed session under
// NMSA 1978, Section 10-15-1(H)(2): <subject>".
std::string closed_session_line(const nlohmann::json& grounds);

}  // namespace collegial::plugins
