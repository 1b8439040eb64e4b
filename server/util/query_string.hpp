// The query of a URL ("page=2&per_page=50"), read strictly (RFC 3986 section 3.4, with the
// application/x-www-form-urlencoded '+' for a space, as browsers and HTML forms send it).
//
// Strict means a query that could be read two ways is refused rather than guessed at: every
// parameter is `key=value` (the value may be empty, the key may not), parameters are separated
// by one '&' (no empty parameter, no trailing '&'), and every '%' starts two hex digits.
// Pure functions; safe from any thread.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "util/result.hpp"

namespace collegial {

// One parameter, both halves percent-decoded.
struct QueryParam {
  std::string key;
  std::string value;
  bool operator==(const QueryParam&) const = default;
};

// `text` with each "%XY" replaced by the byte 0xXY and each '+' by a space. Errors: bad_query
// (a '%' not followed by two hex digits). The bytes decoded are not checked to be UTF-8.
Result<std::string> percent_decode(std::string_view text);

// The parameters of `query` (what follows '?', without it), in their order; an empty query has
// none. A key may appear more than once: the caller decides whether that is an error. Errors:
// bad_query, naming what is wrong (an empty parameter, a parameter without '=', an empty key,
// a bad percent escape).
Result<std::vector<QueryParam>> parse_query(std::string_view query);

}  // namespace collegial
