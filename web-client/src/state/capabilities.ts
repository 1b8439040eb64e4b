// Which controls a person sees in a room: what the policy table allows their roles
// (docs/permissions.md, server/auth/policy.cpp: the join's ack says it as `may`, so the client
// keeps no copy of the table) and what the meeting's state makes possible now. The server decides every request again; a control shown here is one it would accept from
// this role at this step, so nobody is offered a button that can only be refused.

import type { RoomState } from './room_state';
import { onTheFloor, type Motion } from './motions';
import { presentVoter } from './quorum';

export interface Viewer {
  /** person id; null for the public */
  person: number | null;
  /** roles held in the room (the join's ack); empty for the public */
  roles: readonly string[];
  /** the actions the policy table gives those roles here (the join's ack's `may`) */
  may: readonly string[];
}

/** The actions of the policy table that the room's controls need, as the server's row says. */
export function allowed(v: Viewer) {
  // A person's controls: the public has no person (the policy gives it none of these but
  // registering, which the webinar plugin refuses without an account: L2).
  const seated = v.person !== null;
  const may = (action: string) => seated && v.may.includes(action);
  return {
    say: may('say'),
    attend: may('attend'),
    preside: may('preside'),
    callRoll: may('call_roll'),
    move: may('move'),
    vote: may('vote'),
    recordAttendance: may('record_attendance'),
    postNotice: may('post_notice'),
    editMinutes: may('edit_minutes'),
    readClosedSession: may('read_closed_session'),
    scheduleWebinar: may('schedule_webinar'),
    registerWebinar: may('register_webinar'),
    moderate: may('moderate'),
    requestFloor: may('request_floor'),
  };
}

export interface Controls {
  say: boolean;
  markPresent: boolean;
  markAbsent: boolean;
  callToOrder: boolean;
  recess: boolean;
  resume: boolean;
  adjourn: boolean;
  callRoll: boolean;
  move: boolean; // make a main motion
  amend: 'amend' | 'amend_secondary' | null; // the amendment that may be moved now (M5)
  second: boolean;
  state: boolean; // state the question
  callVote: boolean; // put it to a vote
  closeVote: boolean;
  vote: boolean;
  takeUp: boolean; // take up an item of the final agenda (N5)
  openSession: boolean; // return from closed session (C4)
  statement: boolean; // put the closed-session statement (C4)
  recordAttendance: boolean; // mark another member present or absent (Q1); record a designee or a proxy (B7)
  /** Q1, M2: a voting seat not recorded present (in a way the body counts), told how to be. */
  needPresence: boolean;
  admitGuests: boolean; // C3: admit guests to the closed session, and dismiss them
  approveMinutes: boolean; // move to approve (or correct) minutes (R3)
  postNotice: boolean; // schedule meetings, draft agendas, post notices (N2–N6)
  editMinutes: boolean; // write the minutes' narrative, mark the draft complete (R2)
  /** C3: read closed sessions; here, download a held meeting's records with them (IPRA bundle). */
  readClosedSession: boolean;
  scheduleWebinar: boolean; // schedule and cancel webinars, read their registrations and attendance (L2)
  registerWebinar: boolean; // register for a webinar or join its waitlist (L2)
  moderate: boolean; // remove a chat message with a reason, mute and unmute people (L1)
  /**
   * Run the professional-development cycle (L3: start initiatives, record steps, read and download
   * the report): schedule_webinar, in the room of a body that is not public (the cycle plugin
   * refuses a public body's room, `public_room`, and a room without a body).
   */
  runCycle: boolean;
  /** P1: ask for the floor (present, in session, not already asking nor speaking). */
  requestFloor: boolean;
  /** P1: withdraw one's own request. */
  withdrawRequest: boolean;
  /** P1: yield the floor one holds. */
  yieldFloor: boolean;
  /** P1, P3: recognize a speaker from the queue (nobody speaking, no point of order pending). */
  recognize: boolean;
  /** P1: end the speaker's turn. */
  endTurn: boolean;
  /** P2: set the time per speaker. */
  setSpeakerLimit: boolean;
}

function canSecond(v: Viewer, m: Motion | null): boolean {
  return !!m && m.step === 'made' && m.mover !== v.person;
}

export function controls(v: Viewer, s: RoomState): Controls {
  const may = allowed(v);
  const phase = s.meeting.phase;
  const inSession = phase === 'in_session';
  const floor = onTheFloor(s.motions);
  const voting = floor?.step === 'voting';
  const present = v.person !== null && s.quorum.present.some((p) => p.person === v.person);
  // Q1, M2: only a voting seat recorded present (and counted) moves, seconds and votes.
  const voter = presentVoter(s.quorum, v.person);
  // Q3: business needs a quorum; and nothing is moved while a vote is open.
  // C3: nothing is moved or voted in closed session.
  const closed = s.meeting.closed !== null;
  const business = inSession && s.quorum.hasQuorum && !voting && !closed;
  // C4: after a closed session its statement comes first (adjourning and recessing may still).
  const statementDue = s.meeting.statementDue !== null;
  const held = s.notice.current ? s.notice.meetings.find((m) => m.meeting === s.notice.current) : undefined;
  return {
    say: may.say,
    markPresent: may.attend && !present,
    markAbsent: may.attend && present,
    callToOrder: may.preside && phase !== 'in_session' && phase !== 'recessed',
    recess: may.preside && inSession,
    resume: may.preside && phase === 'recessed',
    adjourn: may.preside && (inSession || phase === 'recessed'),
    callRoll: may.callRoll,
    move: may.move && voter && business && floor === null && !statementDue,
    // M4: once the previous question is ordered on it, the motion is not amended.
    amend:
      !may.move || !voter || !business || !floor || floor.questionOrdered
        ? null
        : floor.kind === 'main'
          ? 'amend'
          : floor.kind === 'amend'
            ? 'amend_secondary'
            : null,
    second: may.move && voter && inSession && !closed && canSecond(v, floor),
    state: may.preside && inSession && !!floor && (floor.step === 'seconded' || (floor.step === 'made' && !floor.secondRequired)),
    callVote: may.preside && inSession && floor?.step === 'stated',
    closeVote: may.preside && voting,
    vote: may.vote && voter && voting,
    takeUp: may.preside && inSession && !!held && held.finalAgenda.length > 0,
    openSession: may.preside && closed && (inSession || phase === 'recessed'),
    statement: may.preside && may.move && voter && business && floor === null && statementDue,
    recordAttendance: may.recordAttendance,
    needPresence: (may.move || may.vote) && !voter && inSession && !closed,
    admitGuests: may.preside && closed && (inSession || phase === 'recessed'),
    approveMinutes: may.move && voter && business && floor === null && !statementDue && s.minutes.entries.length > 0,
    postNotice: may.postNotice,
    editMinutes: may.editMinutes,
    readClosedSession: may.readClosedSession,
    scheduleWebinar: may.scheduleWebinar,
    registerWebinar: may.registerWebinar,
    moderate: may.moderate,
    runCycle: may.scheduleWebinar && s.body !== null && !s.body.public,
    requestFloor:
      may.requestFloor && inSession && present && !s.speakers.queue.some((r) => r.person === v.person) && s.speakers.floor?.person !== v.person,
    withdrawRequest: may.requestFloor && inSession && s.speakers.queue.some((r) => r.person === v.person),
    yieldFloor: may.requestFloor && inSession && s.speakers.floor !== null && s.speakers.floor.person === v.person,
    recognize: may.preside && inSession && s.speakers.floor === null && !s.speakers.pointPending && s.speakers.queue.length > 0,
    endTurn: may.preside && inSession && s.speakers.floor !== null,
    setSpeakerLimit: may.preside,
  };
}
