// What one node sends another on the bus, signed with the deployment's key (HMAC-SHA256 with a
// secret every node derives from the shared checkpoint key), so that whoever can reach the bus
// but is no node cannot make a node take an event or run a command. A message is the signature
// in 64 lower-case hex digits, then the text it signs.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace collegial::cluster {

// `text`, signed with `key`.
std::string sign(std::string_view key, std::string_view text);

// The text `message` carries, when `key` signed it (compared in constant time); nothing when it
// is too short to hold a signature or another key signed it.
std::optional<std::string_view> signed_text(std::string_view message, std::string_view key);

}  // namespace collegial::cluster
