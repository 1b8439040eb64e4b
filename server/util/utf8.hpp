// UTF-8 as the RFCs define it: what a WebSocket text message (RFC 6455 §8.1) and a stored event
// (PostgreSQL's text) must be.
#pragma once

#include <string_view>

namespace collegial {

// Whether `text` is well-formed UTF-8 (no overlong forms, no surrogates, nothing past U+10FFFF).
bool valid_utf8(std::string_view text);

}  // namespace collegial
