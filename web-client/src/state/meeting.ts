// The meeting's lifecycle (the meeting plugin, B4): called to order, recessed, resumed, adjourned;
// the noticed meeting being held, and closed sessions (C1–C4): closed by a `close_session`
// motion adopted (or a closed meeting called to order), open again by `meeting.session_opened`.
// The chair admits guests (an attorney, an auditor, staff) to one closed session (C3); they leave
// when dismissed or when the session ends.

import { bool, list, num, str, type Body } from './body';

export type MeetingPhase = 'not_in_session' | 'in_session' | 'recessed' | 'adjourned';

/** The grounds of a closed session; `text` is all the public is told while it lasts. */
export interface ClosedSession {
  authority: string;
  citation: string;
  subject: string;
  text: string;
}

/** C3: someone admitted to the closed session besides the members. */
export interface Guest {
  guest: number;
  name: string;
  role: string;
  person: number; // 0 when they have no account
}

export interface MeetingState {
  phase: MeetingPhase;
  number: number; // meetings called to order in this room so far
  sinceMs: number; // when the phase began
  presiding: string;
  note: string;
  noticed: number; // the noticed meeting held (0: none)
  closed: ClosedSession | null;
  statementDue: ClosedSession | null; // C4
  guests: Guest[]; // C3: admitted to the closed session in progress
  /** N3: the meeting in session was called to order without notice. */
  unnoticed: boolean;
}

export const initialMeeting: MeetingState = {
  phase: 'not_in_session',
  number: 0,
  sinceMs: 0,
  presiding: '',
  note: '',
  noticed: 0,
  closed: null,
  statementDue: null,
  guests: [],
  unnoticed: false,
};

const PHASE_OF: Record<string, MeetingPhase> = {
  'meeting.called_to_order': 'in_session',
  'meeting.recessed': 'recessed',
  'meeting.resumed': 'in_session',
  'meeting.adjourned': 'adjourned',
};

export function closedOf(value: unknown, text = ''): ClosedSession | null {
  if (!value || typeof value !== 'object') return null;
  const b = value as Body;
  return { authority: str(b, 'authority'), citation: str(b, 'citation'), subject: str(b, 'subject'), text: str(b, 'text', text) };
}

function guestOf(b: Body): Guest {
  return { guest: num(b, 'guest'), name: str(b, 'name'), role: str(b, 'role'), person: num(b, 'person') };
}

/** The closed-session fields of the `meeting` view. */
export function meetingFromView(state: MeetingState, view: Body): MeetingState {
  return {
    ...state,
    noticed: num(view, 'meeting', state.noticed),
    closed: closedOf(view.closed),
    statementDue: closedOf(view.statement_due),
    guests: Array.isArray(view.guests) ? list(view, 'guests').map(guestOf) : state.guests,
  };
}

const PHASES: readonly MeetingPhase[] = ['not_in_session', 'in_session', 'recessed', 'adjourned'];

/**
 * The meeting from the `meeting` view, to start from: its phase, number and closed session. The
 * view does not say who presides nor the note of the last step (only the events do); its
 * `since_ms` is when the phase began or the body last returned to open session. `unnoticed`: the notice view lists the
 * meeting held as one called to order without notice (N3).
 */
export function meetingStateFromView(view: Body, unnoticed: boolean): MeetingState {
  const state = str(view, 'state');
  const phase = PHASES.find((p) => p === state) ?? 'not_in_session';
  const held = phase === 'in_session' || phase === 'recessed';
  return {
    ...meetingFromView(initialMeeting, view),
    phase,
    number: num(view, 'number'),
    sinceMs: num(view, 'since_ms'),
    unnoticed: held && unnoticed,
  };
}

export function foldMeeting(state: MeetingState, type: string, body: Body, ts: number): MeetingState {
  switch (type) {
    case 'session.withheld':
      // Only the public receives these: the meeting is in closed session.
      return { ...state, closed: state.closed ?? closedOf({}, str(body, 'text')) };
    case 'meeting.session_opened':
      // C3: a guest is admitted to one closed session only. As the server's view says, the
      // meeting is open again since now.
      return { ...state, closed: null, statementDue: closedOf(body.closed) ?? state.closed, guests: [], sinceMs: ts };
    case 'meeting.guest_admitted': {
      const guest = guestOf(body);
      return { ...state, guests: [...state.guests.filter((g) => g.guest !== guest.guest), guest] };
    }
    case 'meeting.guest_dismissed':
      return { ...state, guests: state.guests.filter((g) => g.guest !== num(body, 'guest')) };
    case 'motions.decided': {
      const kind = str(body, 'kind');
      if (kind === 'close_session' && str(body, 'result') === 'adopted') return { ...state, closed: closedOf(body.grounds ?? {}) };
      if (kind === 'closed_session_statement') return { ...state, statementDue: null };
      return state;
    }
  }
  const phase = PHASE_OF[type];
  if (!phase) return state;
  const next: MeetingState = {
    ...state,
    phase,
    number: type === 'meeting.called_to_order' ? num(body, 'number', state.number + 1) : state.number,
    sinceMs: ts,
    presiding: str(body, 'presiding', state.presiding),
    note: str(body, 'note'),
  };
  if (type === 'meeting.called_to_order') {
    return { ...next, noticed: num(body, 'meeting'), closed: closedOf(body.closed), guests: [], unnoticed: bool(body, 'unnoticed') };
  }
  if (type === 'meeting.adjourned') {
    return { ...next, noticed: 0, closed: null, statementDue: state.closed ?? state.statementDue, guests: [], unnoticed: false };
  }
  return next;
}
