// Parsing JSON that came from outside the process, with a cap on how deeply it nests.
//
// nlohmann::json parses iteratively, but copying, comparing and dumping a value recurse once
// per level: a small body of thousands of nested arrays would overflow a thread's stack later,
// far from the parse. Every JSON the server reads from a client, a file or its own database
// goes through parse_bounded_json, so no such value is ever built.
#pragma once

#include <nlohmann/json.hpp>

#include <cstddef>
#include <string_view>

namespace collegial {

// The deepest nesting of arrays and objects accepted anywhere (WebSocket frames, HTTP bodies,
// stored events, seed and configuration files). docs/protocol.md documents it.
inline constexpr std::size_t kMaxJsonDepth = 32;

// Deepest nesting of arrays and objects in `text`, counted without parsing; stops counting once
// past `limit`. Strings are skipped, so brackets inside them do not count.
std::size_t json_nesting_depth(std::string_view text, std::size_t limit);

enum class JsonProblem { none, invalid, too_deep };

// The value of `text`, or a discarded value (is_discarded()) with `problem` saying why: text
// that is not JSON, or nested deeper than `max_depth`. Never throws.
nlohmann::json parse_bounded_json(std::string_view text, JsonProblem& problem,
                                  std::size_t max_depth = kMaxJsonDepth);

// Same, for callers that need only "usable or not".
nlohmann::json parse_bounded_json(std::string_view text, std::size_t max_depth = kMaxJsonDepth);

}  // namespace collegial
