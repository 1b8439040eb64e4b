// Motions and votes (Robert's Rules with the OMA overlay): rules M1-M8, Q3, B3, N5,
// N9, C1, C3, C4.
//
// - M1: a motion is made, seconded (not needed in small-board mode), stated by the chair, put to
//   a vote, and its result announced. Debate is the chat between those steps.
// - B4: nothing is moved, seconded, stated or voted unless a meeting is called to order and in
//   session (not in recess): not_in_session.
// - Q1, M2: only members recorded present (in a way the body counts) move, second, object or
//   vote: not_present says how to be recorded.
// - M2: every vote is recorded per member (aye, nay, abstain; not voting for those present who
//   did not vote, the chair outside small-board mode among them; absent for the others); no
//   secret ballots; the decision's counts are its roll call's. A member may change their vote
//   until the chair closes it (the event names the earlier choice); votes are kept per person,
//   whatever the connection.
// - M3: "of members present" counts those present when the vote closes, not at the last
//   quorum announcement.
// - M3/M4: the threshold follows the kind of motion — majority of votes cast for a main motion
//   (abstentions are not votes cast; a tie fails), two-thirds of votes cast for the previous
//   question, limiting or extending debate, suspending the rules, rescinding without notice;
//   a main motion may instead require a majority of members present or of the entire membership
//   (abstentions then count as not in favour).
// - M5: one primary amendment (on a main motion) and one secondary amendment (on the primary)
//   may be pending; the stack decides the secondary first. An amendment gives the new wording of
//   the motion it amends (substitution), which takes it on if the amendment is adopted.
// - B7: a designee recorded for an absent member, where the body's designees_count setting
//   allows, moves, seconds and votes in that member's seat (the record names the designee).
// - M8: in small-board mode the chair may move and vote; otherwise the chair votes only when it
//   changes the result.
// - Q3: without a quorum only motions to adjourn, recess, fix the time to adjourn to, or obtain a
//   quorum are taken up (over any pending motion); the quorum plugin's view says whether there
//   is one. A vote open when the quorum is lost, or the meeting adjourns or recesses, is
//   suspended in the same append (motions.vote_suspended): its votes are void and recorded as
//   such, and the question is pending again (stated) to be put anew.
// - M4: once the previous question is ordered on a motion it is neither debated nor amended
//   further (previous_question_ordered).
// - M6: lay on the table and take from the table, postpone, refer, and reconsider (moved only
//   by a member who voted on the prevailing side); each is a motion decided by majority.
// - M7: a point of order, a parliamentary inquiry and a division need no second; the chair rules
//   on a point of order, and any member may appeal the ruling (a motion, seconded as usual); the
//   question "shall the chair be sustained?" is lost only by a majority against: a tie sustains.
// - M6 (withdraw): free before the chair states the motion; after that the mover asks leave,
//   and the chair grants it unless a member objects, when permission to withdraw is a motion.
// - B3: the council elects its chair and vice chair from its voting members by a motion
//   (kind "elect"); the adopted result names the officer and the by-laws' term, and the room
//   seats them (seat_change, which core/seat_changes writes to the directory).
// - N5: while a noticed meeting (not an emergency) is in session, main motions need an action
//   item of the final agenda taken up (the notice plugin's view); N9: every decision records
//   whether the meeting was lawfully noticed, and so whether the action is valid, with the cure.
// - C1: a motion to close (kind close_session) names its authority and subject, comes under a
//   closed-session item of the agenda, and passes by a majority of a quorum, every vote
//   recorded; C3: in closed session nothing is moved or voted; C4: on return the statement that
//   discussion was limited to those subjects is put (kind closed_session_statement) before
//   other business, and decided by a recorded vote.
// - R3: the minutes of an earlier meeting are approved, approved with corrections, or corrected
//   once official (kind approve_minutes, naming the meeting); a failed motion disapproves them.
//   The minutes plugin folds the decision into a new official version.
#pragma once

#include <map>

#include "core/plugin.hpp"

namespace collegial::plugins {

class MotionsPlugin final : public core::Plugin {
 public:
  // Where a motion stands (M1): made, seconded, stated by the chair, its vote open; then decided.
  enum class State { made, seconded, stated, voting, adopted, failed };

  struct Motion {
    std::int64_t number = 0;  // 1, 2, 3… in this room
    std::string kind;         // main, previous_question, adjourn, …
    std::string text;
    std::string threshold;    // majority_of_votes_cast, two_thirds_of_votes_cast, …
    std::int64_t mover = 0;
    std::int64_t seconder = 0;
    std::int64_t amends = 0;  // amendments (M5): the motion whose wording this would replace
    nlohmann::json office;    // B3 (kind elect): {person, name, office, term_months}
    nlohmann::json grounds;   // C1 (kind close_session): {authority, citation, subject}
    nlohmann::json minutes;   // R3 (kind approve_minutes): {number, version, corrections}
    nlohmann::json recess;    // N8 (kind recess): {until, place, remote} as moved
    std::int64_t target = 0;  // M6: the motion tabled, postponed, referred, taken up, reconsidered
    State state = State::made;
    std::string withdrawal;  // M6 after stating: "", requested, objected
    bool question_ordered = false;  // M4: the previous question was ordered on it
    std::map<std::int64_t, std::string> votes;  // person → aye, nay, abstain
  };

  std::string_view name() const override { return "motions"; }
  std::vector<core::Operation> operations() const override;
  Result<std::vector<core::Proposed>> decide(const core::Command& command,
                                             const core::RoomContext& context) const override;
  std::vector<core::Proposed> follow(const std::vector<core::Proposed>& batch, std::size_t fresh,
                                     const core::RoomContext& context) const override;
  void apply(const record::Event& event, const nlohmann::json& body) override;
  nlohmann::json view() const override;
  // B3: an adopted election seats the officer from the decision for the by-laws' term.
  std::optional<core::SeatChange> seat_change(const record::Event& event, const nlohmann::json& body) const override;
  // R3: minutes become official only by the body's vote; the decision is what is signed.
  std::optional<std::string> checkpoint_reason(const record::Event& event, const nlohmann::json& body) const override;
  // Snapshots (motions_snapshot.cpp): the stacks, the decided motions and the counters.
  nlohmann::json snapshot() const override;
  void restore(const nlohmann::json& state) override;

 private:
  using Decision = Result<std::vector<core::Proposed>>;
  // What a decision reads of the room beyond this plugin: the requester and the other plugins'
  // views, typed (motions_plugin.cpp).
  struct Situation;

  Motion* find(std::int64_t number);
  // decide, for the seat the requester acts in (their own, or the member's for a designee):
  // what holds for every operation (a body, open session, in session), then the operation's
  // own handler.
  Decision decide_as(const core::Command& command, const core::RoomContext& context) const;

  // One handler per operation. These may be asked whatever is pending:
  Decision move(const core::Command& command, const Situation& s) const;
  Decision point_or_inquiry(const core::Command& command, const Situation& s) const;
  Decision rule(const core::Command& command, const Situation& s) const;
  Decision answer(const core::Command& command, const Situation& s) const;
  Decision division(const core::Command& command, const Situation& s) const;
  // These act on `m`, the immediately pending question:
  Decision second(const core::Command& command, const Situation& s, const Motion& m) const;
  Decision withdraw(const core::Command& command, const Situation& s, const Motion& m) const;
  Decision object(const core::Command& command, const Situation& s, const Motion& m) const;
  Decision grant_withdrawal(const core::Command& command, const Situation& s, const Motion& m) const;
  Decision state(const core::Command& command, const Situation& s, const Motion& m) const;
  Decision call_vote(const core::Command& command, const Situation& s, const Motion& m) const;
  Decision vote(const core::Command& command, const Situation& s, const Motion& m) const;
  Decision close_vote(const core::Command& command, const Situation& s, const Motion& m) const;

  // The parts of move(). Whether a motion of `kind` may be made now: by whom (M8, Q1), in
  // what order with the pending ones (M4, M5, M6, C4, Q3), on which item of the agenda (N5).
  Status may_move(const std::string& kind, const Situation& s) const;
  Status in_order(const std::string& kind, const Situation& s) const;
  Status on_agenda(const std::string& kind, const Situation& s) const;
  // The motion it acts on (M6: tabled, postponed, referred, taken up, reconsidered), or 0.
  Result<std::int64_t> target_of(const std::string& kind, const core::Command& command, const Situation& s) const;
  // A motion as move() writes it: the motions.made body, its wording and its threshold. The
  // kinds that carry more than their wording fill in their own terms, or refuse.
  struct Draft {
    nlohmann::json made;
    std::string wording;
    std::string threshold;
  };
  Status close_session_terms(const core::Command& command, const Situation& s, Draft& d) const;  // C1
  Status election_terms(const core::Command& command, const Situation& s, Draft& d) const;       // B3
  Status minutes_terms(const core::Command& command, const Situation& s, Draft& d) const;        // R3
  Status recess_terms_of(const core::Command& command, const Situation& s, Draft& d) const;      // N8
  Status statement_terms(const core::Command& command, const Situation& s, Draft& d) const;      // C4

  std::vector<Motion> pending_;  // a stack: back() is the immediately pending question
  std::vector<Motion> tabled_;   // M6: laid on the table, to be taken from it
  std::map<std::int64_t, Motion> decided_;  // by number; state is "adopted" or "failed"
  // M7: points of order and inquiries are numbered together.
  std::int64_t points_ = 0;
  std::int64_t open_point_ = 0;    // a point of order awaiting the chair's ruling
  std::int64_t open_inquiry_ = 0;  // an inquiry awaiting the chair's answer
  std::int64_t last_ruling_ = 0;   // the point whose ruling may still be appealed
  std::int64_t made_ = 0;
};

// A state's name, as views, snapshots and events say it ("made", "voting", "adopted"…), and back
// (std::invalid_argument for a name of no state).
std::string_view name_of(MotionsPlugin::State state);
MotionsPlugin::State motion_state_named(std::string_view name);

// M3/M4: whether `aye` votes carry the question under `threshold`.
bool carries(const std::string& threshold, std::int64_t aye, std::int64_t nay,
             std::int64_t present, std::int64_t members);

}  // namespace collegial::plugins
