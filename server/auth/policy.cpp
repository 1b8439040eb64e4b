#include "auth/policy.hpp"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "i18n/messages.hpp"
#include "store/body_terms.hpp"

namespace collegial::auth {
namespace {

struct Row {
  Action action;
  std::vector<Role> roles;  // the roles allowed to take it
};

// THE policy table. Add a row when an action appears; a role not listed is refused.
const std::vector<Row>& table() {
  static const std::vector<Row> rows = {
      // N1: anyone may attend and listen to an open meeting.
      {Action::read_public_room,
       {Role::chair, Role::vice_chair, Role::voting_member, Role::non_voting_member, Role::clerk,
        Role::facilitator, Role::participant, Role::bot, Role::administrator, Role::public_}},
      // Rooms that are not public: the body's own people, its scoped bots, administrators.
      {Action::read_members_room,
       {Role::chair, Role::vice_chair, Role::voting_member, Role::non_voting_member, Role::clerk,
        Role::facilitator, Role::participant, Role::bot, Role::administrator}},
      // The public may listen, not speak; an administrator speaks only through a seat.
      {Action::say,
       {Role::chair, Role::vice_chair, Role::voting_member, Role::non_voting_member, Role::clerk,
        Role::facilitator, Role::participant, Role::bot}},
      {Action::administer, {Role::administrator}},
      // B4: meetings are held at the call of the chair; the vice-chair presides in the chair's
      // absence.
      {Action::preside, {Role::chair, Role::vice_chair}},
      // Anyone with a seat records their own attendance; only voting seats count toward quorum
      // (B7), which the quorum plugin decides, not the policy.
      {Action::attend,
       {Role::chair, Role::vice_chair, Role::voting_member, Role::non_voting_member, Role::clerk,
        Role::facilitator, Role::participant}},
      // Q1: the clerk marks those physically in the room; the presiding officers may too.
      {Action::record_attendance, {Role::chair, Role::vice_chair, Role::clerk}},
      {Action::call_roll, {Role::chair, Role::vice_chair, Role::clerk}},
      // M1, M2, B7: motions and votes belong to voting seats. Whether the chair may move or
      // vote at this moment (M8) is the motions plugin's rule.
      {Action::move, {Role::chair, Role::vice_chair, Role::voting_member}},
      {Action::vote, {Role::chair, Role::vice_chair, Role::voting_member}},
      // N2-N8: the presiding officers and the clerk schedule meetings and post notices and
      // agendas; the executive director (non_voting_member) prepares them with the chair.
      {Action::post_notice, {Role::chair, Role::vice_chair, Role::non_voting_member, Role::clerk}},
      // C3: the members and the staff who attend a closed session see it; the public, guests,
      // outside bots and administrators without a seat see only that the body is in closed
      // session.
      {Action::read_closed_session,
       {Role::chair, Role::vice_chair, Role::voting_member, Role::non_voting_member, Role::clerk}},
      // R2: the clerk keeps the minutes (or the staff, where the executive director's office
      // does); the members approve them by motion (R3), so they do not write them.
      {Action::edit_minutes, {Role::non_voting_member, Role::clerk}},
      // L2: facilitators run webinars (and the REC's staff, who schedule regional trainings).
      {Action::schedule_webinar, {Role::facilitator, Role::non_voting_member}},
      // L2: anyone may register for a webinar (teachers from any district); the webinar plugin
      // asks for an account, so the anonymous public and bots are refused there.
      {Action::register_webinar,
       {Role::chair, Role::vice_chair, Role::voting_member, Role::non_voting_member, Role::clerk,
        Role::facilitator, Role::participant, Role::public_}},
      // L1: facilitators keep a circle's conversation; the presiding officers keep order in a
      // body's room (B4).
      {Action::moderate, {Role::chair, Role::vice_chair, Role::facilitator}},
      // P1: those who take part in the meeting ask the chair for the floor: members, staff,
      // the clerk, and a circle's facilitators and participants. The public speaks in public
      // comment, not in the members' queue; bots do not speak.
      {Action::request_floor,
       {Role::chair, Role::vice_chair, Role::voting_member, Role::non_voting_member, Role::clerk,
        Role::facilitator, Role::participant}},
  };
  return rows;
}

// A role's name for a Spanish reader (the web client's words for the same seats).
std::string_view spanish_name_of(Role role) {
  switch (role) {
    case Role::chair: return "presidencia";
    case Role::vice_chair: return "vicepresidencia";
    case Role::voting_member: return "miembro con voto";
    case Role::non_voting_member: return "miembro sin voto";
    case Role::clerk: return "secretaría";
    case Role::facilitator: return "persona facilitadora";
    case Role::participant: return "participante";
    case Role::bot: return "bot";
    case Role::administrator: return "administración";
    case Role::public_: return "público";
  }
  return "?";
}

std::string list(const std::vector<Role>& roles, std::string_view (*name)(Role)) {
  std::string out;
  for (std::size_t i = 0; i < roles.size(); ++i) {
    if (i > 0) out += ", ";
    out += name(roles[i]);
  }
  return out;
}

std::string_view english_name_of(Role role) { return name_of(role); }

}  // namespace

bool allows(Role role, Action action) {
  for (const Row& row : table()) {
    if (row.action == action) {
      return std::find(row.roles.begin(), row.roles.end(), role) != row.roles.end();
    }
  }
  return false;
}

std::string_view name_of(Role role) {
  switch (role) {
    case Role::chair: return "chair";
    case Role::vice_chair: return "vice_chair";
    case Role::voting_member: return "voting_member";
    case Role::non_voting_member: return "non_voting_member";
    case Role::clerk: return "clerk";
    case Role::facilitator: return "facilitator";
    case Role::participant: return "participant";
    case Role::bot: return "bot";
    case Role::administrator: return "administrator";
    case Role::public_: return "public";
  }
  return "?";
}

std::string_view name_of(Action action) {
  switch (action) {
    case Action::read_public_room: return "read_public_room";
    case Action::read_members_room: return "read_members_room";
    case Action::say: return "say";
    case Action::administer: return "administer";
    case Action::preside: return "preside";
    case Action::attend: return "attend";
    case Action::record_attendance: return "record_attendance";
    case Action::call_roll: return "call_roll";
    case Action::move: return "move";
    case Action::vote: return "vote";
    case Action::post_notice: return "post_notice";
    case Action::read_closed_session: return "read_closed_session";
    case Action::edit_minutes: return "edit_minutes";
    case Action::schedule_webinar: return "schedule_webinar";
    case Action::register_webinar: return "register_webinar";
    case Action::moderate: return "moderate";
    case Action::request_floor: return "request_floor";
  }
  return "?";
}

std::optional<Role> membership_role(std::string_view name) {
  // The directory's list of role words is the one list; a word it holds that no Role bears is
  // caught by the unit test that walks store::kMembershipRoles.
  if (!store::is_membership_role(name)) return std::nullopt;
  for (Role r : kAllRoles) {
    if (name_of(r) == name) return r;
  }
  return std::nullopt;
}

std::vector<Action> allowed_actions(const std::vector<Role>& held) {
  std::vector<Action> out;
  for (Action a : kAllActions) {
    if (std::any_of(held.begin(), held.end(), [a](Role r) { return allows(r, a); })) out.push_back(a);
  }
  return out;
}

bool votes(Role role) {
  // B7: the executive director, staff, clerks and guests attend but do not vote.
  return role == Role::chair || role == Role::vice_chair || role == Role::voting_member;
}

Decision decide(Action action, const std::vector<Role>& held, std::string_view where,
                std::string_view where_es) {
  for (Role r : held) {
    if (allows(r, action)) return {true, {}};
  }
  std::vector<Role> needed;
  for (const Row& row : table()) {
    if (row.action == action) needed = row.roles;
  }
  // The action keeps its protocol name in both languages: it is what the client sent.
  const nlohmann::json args = {
      {"action", name_of(action)},
      {"where", where},
      {"where_es", where_es.empty() ? where : where_es},
      {"needed", list(needed, english_name_of)},
      {"needed_es", list(needed, spanish_name_of)},
      {"held", held.empty() ? "nobody" : list(held, english_name_of)},
      {"held_es", held.empty() ? "nadie" : list(held, spanish_name_of)}};
  return {false, i18n::refusal("forbidden",
                               {"{action} in {where} needs one of: {needed}; you are: {held}",
                                "{action} en {where_es} requiere uno de: {needed_es}; usted es: {held_es}"},
                               args)};
}

}  // namespace collegial::auth
