#include "auth/principal.hpp"

#include <algorithm>

namespace collegial::auth {

std::string Principal::actor() const {
  switch (kind) {
    case Kind::person: return "person:" + std::to_string(id);
    case Kind::bot: return "bot:" + std::to_string(id);
    case Kind::public_: break;
  }
  return "public";
}

std::vector<Role> Principal::roles_in(std::optional<std::int64_t> body) const {
  std::vector<Role> roles;
  if (kind == Kind::person) {
    if (body) {
      if (auto it = body_roles.find(*body); it != body_roles.end()) roles = it->second;
    } else {
      roles.push_back(Role::participant);
    }
    if (is_admin) roles.push_back(Role::administrator);
  } else if (kind == Kind::bot && body &&
             std::find(bot_bodies.begin(), bot_bodies.end(), *body) != bot_bodies.end()) {
    roles.push_back(Role::bot);
  }
  roles.push_back(Role::public_);
  return roles;
}

const std::shared_ptr<const Principal>& public_principal() {
  static const std::shared_ptr<const Principal> kPublic = std::make_shared<const Principal>();
  return kPublic;
}

}  // namespace collegial::auth
