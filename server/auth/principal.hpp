// Who a connection or an API request acts as, and the roles that gives it in a body.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "auth/policy.hpp"

namespace collegial::auth {

struct Principal {
  enum class Kind { public_, person, bot };
  Kind kind = Kind::public_;
  std::int64_t id = 0;          // person or bot id
  std::string name;             // display name
  bool is_admin = false;        // people only
  // Roles held through memberships active when the principal was resolved, by body id.
  std::unordered_map<std::int64_t, std::vector<Role>> body_roles;
  std::vector<std::int64_t> bot_bodies;  // bots: the bodies their token is limited to

  // The actor recorded in events: "person:12", "bot:3", "public".
  std::string actor() const;

  // Every role held in a room of `body` (or a room without a body): always public; the
  // membership roles in that body; administrator; bot when the body is in the bot's scope.
  // In a room without a body, any account holder is a participant.
  std::vector<Role> roles_in(std::optional<std::int64_t> body) const;

  bool operator==(const Principal&) const = default;
};

// The public (no account), shared by every connection that has not said who it is: one object,
// not one per idle connection.
const std::shared_ptr<const Principal>& public_principal();

}  // namespace collegial::auth
