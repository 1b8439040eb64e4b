// Notices and agendas (the notice plugin, N1–N9): the body's scheduled meetings with their
// agendas, the meeting being held and the item taken up. Seeded from the `notice` view (the
// lawful-notice status is the server's finding, known only from the view), then folded from the
// events after the view's seq, as the server's plugin folds them.

import { bool, list, num, str, type Body } from './body';

export interface AgendaItem {
  item: number;
  title: string;
  type: string; // information, action, closed_session
  presenter: string;
}

export interface NoticeStatus {
  lawful: boolean;
  findings: string[];
}

export interface NoticedMeeting {
  meeting: number;
  kind: string;
  title: string;
  startsText: string;
  place: string;
  state: string; // scheduled, in_session, recessed, adjourned, cancelled
  agenda: AgendaItem[]; // the latest drafted
  finalAgenda: AgendaItem[]; // the last posted before the meeting began
  posted: boolean;
  status: NoticeStatus | null; // from the view
}

export interface NoticeState {
  /** The seq the view was at: events up to it are already in the state. */
  atSeq: number;
  meetings: NoticedMeeting[];
  current: number; // the noticed meeting in session, 0 when none
  item: AgendaItem | null; // the item taken up
}

export const initialNotice: NoticeState = { atSeq: 0, meetings: [], current: 0, item: null };

function itemOf(b: Body): AgendaItem {
  return { item: num(b, 'item'), title: str(b, 'title'), type: str(b, 'type', 'information'), presenter: str(b, 'presenter') };
}

function statusOf(b: Body): NoticeStatus | null {
  const s = b.status;
  if (!s || typeof s !== 'object') return null;
  const findings = (s as Body).findings;
  return {
    lawful: bool(s as Body, 'lawful'),
    findings: Array.isArray(findings) ? findings.filter((f): f is string => typeof f === 'string') : [],
  };
}

function meetingOf(b: Body): NoticedMeeting {
  return {
    meeting: num(b, 'meeting'),
    kind: str(b, 'kind', 'regular'),
    title: str(b, 'title'),
    startsText: str(b, 'starts_text'),
    place: str(b, 'place'),
    state: str(b, 'state', 'scheduled'),
    agenda: list(b, 'agenda').map(itemOf),
    finalAgenda: list(b, 'final_agenda').map(itemOf),
    posted: list(b, 'postings').length > 0,
    status: statusOf(b),
  };
}

/** The state from the `notice` view at `seq`. */
export function noticeFromView(view: Body, seq: number): NoticeState {
  const item = view.item && typeof view.item === 'object' ? itemOf(view.item as Body) : null;
  return { atSeq: seq, meetings: list(view, 'meetings').map(meetingOf), current: num(view, 'current'), item };
}

function change(state: NoticeState, id: number, f: (m: NoticedMeeting) => NoticedMeeting): NoticeState {
  if (!state.meetings.some((m) => m.meeting === id)) return state;
  return { ...state, meetings: state.meetings.map((m) => (m.meeting === id ? f(m) : m)) };
}

export function foldNotice(state: NoticeState, type: string, body: Body, seq: number): NoticeState {
  if (seq <= state.atSeq) return state; // already in the view
  const id = num(body, 'meeting');
  switch (type) {
    case 'notice.meeting_scheduled': {
      const m = meetingOf(body);
      return { ...state, meetings: [...state.meetings.filter((x) => x.meeting !== m.meeting), { ...m, state: 'scheduled' }] };
    }
    case 'notice.agenda_drafted':
      return change(state, id, (m) => ({ ...m, agenda: list(body, 'items').map(itemOf) }));
    case 'notice.posted':
      // N5: the agenda posted before the meeting begins is the final one.
      return change(state, id, (m) => (m.state === 'scheduled' ? { ...m, finalAgenda: m.agenda, posted: true } : { ...m, posted: true }));
    case 'notice.cancelled':
      return change(state, id, (m) => ({ ...m, state: 'cancelled' }));
    case 'notice.item_taken_up':
      return { ...state, current: id || state.current, item: itemOf(body) };
    case 'meeting.called_to_order':
      return { ...change(state, id, (m) => ({ ...m, state: 'in_session' })), current: id, item: null };
    case 'meeting.recessed':
    case 'meeting.resumed':
      return change(state, state.current, (m) => ({ ...m, state: type === 'meeting.recessed' ? 'recessed' : 'in_session' }));
    case 'meeting.adjourned':
      return { ...change(state, state.current, (m) => ({ ...m, state: 'adjourned' })), current: 0, item: null };
    default:
      return state;
  }
}

/** The meeting being held, else the next one scheduled; and whether it is being held. */
export function agendaMeeting(state: NoticeState): { meeting: NoticedMeeting; held: boolean } | null {
  const held = state.current ? state.meetings.find((m) => m.meeting === state.current) : undefined;
  if (held) return { meeting: held, held: true };
  const next = state.meetings.find((m) => m.state === 'scheduled');
  return next ? { meeting: next, held: false } : null;
}
