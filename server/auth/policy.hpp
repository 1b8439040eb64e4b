// Who may do what: the one policy table (role × action). Nothing else in Collegial decides a
// permission; docs/permissions.md is this table in prose and tests/integration/permissions_test
// checks every cell through the real server.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "util/status.hpp"

namespace collegial::auth {

// Roles are held in a body through a membership (chair … participant), or globally
// (administrator), or by what the client is (bot within its scope, public for everyone).
enum class Role {
  chair,
  vice_chair,
  voting_member,
  non_voting_member,  // B7: executive director and staff attend but do not vote
  clerk,
  facilitator,
  participant,
  bot,            // an outside bot acting in a body named in its token's scope
  administrator,  // runs the installation; not a seat in any body
  public_,        // everyone, with or without an account (N1)
};

enum class Action {
  read_public_room,   // join a public room and receive its events
  read_members_room,  // join a room that is not public
  say,                // chat in a room
  administer,         // the admin API: cooperatives, entities, bodies, people, memberships
  preside,            // call the meeting to order, recess, resume, adjourn (B4)
  attend,             // record one's own arrival or departure (Q1)
  record_attendance,  // record another person's presence in the room (Q1: the clerk)
  call_roll,          // call the roll: who is present and absent (Q2, R1)
  move,               // make, second or withdraw a motion (M1, M6)
  vote,               // vote on the question (M2; the chair as M8 says)
  post_notice,        // schedule meetings, draft and post notices and agendas (N2-N8)
  read_closed_session,  // receive what is said and done in closed session (C3)
  edit_minutes,         // write the minutes' narrative and corrections, mark them complete (R2)
  schedule_webinar,     // schedule and cancel webinars and circle sessions (L2)
  register_webinar,     // register for a webinar, or cancel one's registration (L2)
  moderate,             // remove a message from the room's chat, mute and unmute someone (L1)
  request_floor,        // ask for the floor in a meeting, withdraw the request, yield it (P1)
};

inline constexpr Role kAllRoles[] = {
    Role::chair,       Role::vice_chair,    Role::voting_member, Role::non_voting_member,
    Role::clerk,       Role::facilitator,   Role::participant,   Role::bot,
    Role::administrator, Role::public_};
inline constexpr Action kAllActions[] = {
    Action::read_public_room, Action::read_members_room, Action::say,
    Action::administer,       Action::preside,           Action::attend,
    Action::record_attendance, Action::call_roll,        Action::move,
    Action::vote,             Action::post_notice,       Action::read_closed_session,
    Action::edit_minutes,     Action::schedule_webinar,  Action::register_webinar,
    Action::moderate,         Action::request_floor};

// The table itself.
bool allows(Role role, Action action);

// Names as they appear in the protocol, the database and docs ("vice_chair", "say").
std::string_view name_of(Role role);
std::string_view name_of(Action action);
std::optional<Role> membership_role(std::string_view name);  // body roles only (store::kMembershipRoles)

// Every action any role in `held` allows, in the order of kAllActions: what a client may offer
// (the join's ack says it, so the web client keeps no copy of the table).
std::vector<Action> allowed_actions(const std::vector<Role>& held);

// Whether a seat held in this role votes: chair, vice_chair, voting_member (B7: nobody else).
bool votes(Role role);

struct Decision {
  bool allowed = false;
  // When refused: `forbidden`, naming the action, the roles that would allow it and the held
  // ones, in English and Spanish (i18n::message_of renders it for each reader).
  Status refusal;
};

// Allowed when any role in `held` allows `action`. `where` names the room or body for the reason
// (`where_es` for a Spanish reader; empty: the same words).
Decision decide(Action action, const std::vector<Role>& held, std::string_view where,
                std::string_view where_es = {});

}  // namespace collegial::auth
