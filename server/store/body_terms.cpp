#include "store/body_terms.hpp"

#include <algorithm>
#include <iterator>

namespace collegial::store {

namespace {
constexpr BodyKind kKinds[] = {BodyKind::council, BodyKind::committee, BodyKind::learning_circle};
}

std::string_view name_of(BodyKind kind) {
  switch (kind) {
    case BodyKind::council: return "council";
    case BodyKind::committee: return "committee";
    case BodyKind::learning_circle: return "learning_circle";
  }
  return "?";
}

std::optional<BodyKind> body_kind_named(std::string_view name) {
  for (BodyKind k : kKinds) {
    if (name_of(k) == name) return k;
  }
  return std::nullopt;
}

bool decides_by_vote(BodyKind kind) { return kind != BodyKind::learning_circle; }

bool is_membership_role(std::string_view name) {
  return std::find(std::begin(kMembershipRoles), std::end(kMembershipRoles), name) != std::end(kMembershipRoles);
}

bool is_office(std::string_view role) { return role == "chair" || role == "vice_chair"; }

}  // namespace collegial::store
