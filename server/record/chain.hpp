// The hash chain that makes each room's log tamper-evident (rule R4), and whose hashes tell the
// public nothing of the closed-session events they stand for (rule C3).
//
// hash(e) = hex(SHA-256( e.prev_hash + "\n" + canonical_encoding(e) ))
//
// The canonical encoding is a versioned header followed by each field as a length-prefixed
// string, so no choice of field contents can make two different events encode alike:
//
//   v1: collegial-event-v1\n
//       <len>:<room>\n <len>:<seq>\n <len>:<ts_ms>\n <len>:<actor>\n <len>:<type>\n <len>:<body>\n
//   v2: collegial-event-v2\n
//       the same six fields, then <len>:<salt>\n
//
// (without the spaces; numbers are decimal). The salt of a v2 event is 32 random bytes in
// lower-case hex, drawn when the event is made and stored with it. It is sent only to those who
// may see the event: without it, a guess of a withheld event's contents cannot be checked
// against its hash (C3). An event with an empty salt is v1: the logs written before v2 keep
// verifying, and every event written since is v2. docs/architecture.md repeats this for outside
// verifiers, with the threat and the downgrade rule.
#pragma once

#include <string>
#include <string_view>

#include "record/event.hpp"

namespace collegial::record {

// prev_hash of the first event of every room.
inline constexpr std::string_view kGenesisHash =
    "0000000000000000000000000000000000000000000000000000000000000000";

// How many hex digits a v2 salt has (256 random bits).
inline constexpr std::size_t kSaltHexDigits = 64;

enum class ChainVersion { v1 = 1, v2 = 2 };

// v2 when the event has a salt, v1 otherwise.
ChainVersion chain_version(const Event& event);

// The encoding of the event's own version (see above).
std::string canonical_encoding(const Event& event);

// Hex SHA-256 of `prev_hash` and the canonical encoding of `event` (its own hash field is ignored).
std::string compute_hash(const Event& event);

// True when `salt` is what a v2 event must carry: kSaltHexDigits lower-case hex digits.
bool well_formed_salt(std::string_view salt);

// Whether every field of `e` is text both engines store as it is: UTF-8 without a NUL byte
// (PostgreSQL's text refuses them; SQLite would keep them, and a migration stop halfway).
bool storable_text(const Event& e);

// A fresh salt: 32 bytes from OpenSSL's RAND_bytes, in lower-case hex. Throws
// std::runtime_error if the generator fails (it never returns a weak salt). Thread-safe.
std::string new_salt();

// Makes `event` v2: draws its salt and sets its hash (prev_hash and every other field must
// already be final). Throws as new_salt does.
void seal(Event& event);

// Lower-case hex SHA-256 of arbitrary bytes.
std::string sha256_hex(std::string_view bytes);

// Lower-case hex HMAC-SHA256 of `bytes` keyed with `key`.
std::string hmac_sha256_hex(std::string_view key, std::string_view bytes);

}  // namespace collegial::record
