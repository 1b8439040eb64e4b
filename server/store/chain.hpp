// The hash chain that makes each room's log tamper-evident (rule R4).
//
// hash(e) = hex(SHA-256( e.prev_hash + "\n" + canonical_encoding(e) ))
//
// The canonical encoding is a versioned header followed by each field as a length-prefixed
// string, so no choice of field contents can make two different events encode alike:
//
//   collegial-event-v1\n
//   <len>:<room>\n <len>:<seq>\n <len>:<ts_ms>\n <len>:<actor>\n <len>:<type>\n <len>:<body>\n
//
// (without the spaces; numbers are decimal). docs/architecture.md repeats this for outside
// verifiers.
#pragma once

#include <string>
#include <string_view>

#include "store/event.hpp"

namespace collegial::store {

// prev_hash of the first event of every room.
inline constexpr std::string_view kGenesisHash =
    "0000000000000000000000000000000000000000000000000000000000000000";

std::string canonical_encoding(const Event& event);

// Hex SHA-256 of `prev_hash` and the canonical encoding of `event` (its own hash field is ignored).
std::string compute_hash(const Event& event);

// Lower-case hex SHA-256 of arbitrary bytes.
std::string sha256_hex(std::string_view bytes);

}  // namespace collegial::store
