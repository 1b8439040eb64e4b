// The words the directory stores for bodies and seats: what kind a body is and which roles a
// membership may hold. One list each; the directory refuses any other word, auth maps the role
// names to its Role enum (auth::membership_role), and core asks these functions instead of
// comparing strings.
#pragma once

#include <optional>
#include <string_view>

namespace collegial::store {

enum class BodyKind {
  council,          // a cooperative's council (B1)
  committee,        // a committee of a council (B1, B6)
  learning_circle,  // a learning circle (L1-L4): no votes, no quorum of its own
};

std::optional<BodyKind> body_kind_named(std::string_view name);
std::string_view name_of(BodyKind kind);

// Whether the body decides by vote with a quorum of its voting members (councils and committees),
// as opposed to a learning circle, which only watches for a council's quorum among those present
// (L4: a gathering that holds one is a meeting).
bool decides_by_vote(BodyKind kind);

// The roles a membership in a body may hold, as stored ("chair" … "participant").
inline constexpr std::string_view kMembershipRoles[] = {
    "chair", "vice_chair", "voting_member", "non_voting_member", "clerk", "facilitator", "participant"};
bool is_membership_role(std::string_view name);

// The offices a body elects for a term (B3): chair and vice_chair.
bool is_office(std::string_view role);

}  // namespace collegial::store
