// Notices and agendas (the notice plugin, N1–N9): the body's scheduled meetings with their
// agendas, the meeting being held and the item taken up. Seeded from the `notice` view (the
// lawful-notice status is the server's finding, known only from the view), then folded from the
// events after the view's seq, as the server's plugin folds them. A meeting called to order without
// notice is listed too, of kind "unnoticed" (N3, N9). A posted notice may be sent again to the media
// (`notice.resent`, N7); an emergency meeting's agenda may be amended while it is in session (N6).

import { isKey, type Translate } from '../i18n/i18n';
import { serverTextsOf, type ServerText } from '../i18n/server_messages';
import { bool, list, num, str, type Body } from './body';

export interface AgendaItem {
  item: number;
  title: string;
  type: string; // information, action, closed_session
  presenter: string;
  authority: string; // a closed-session item's H1–H8 (C1)
  subject: string;
}

export interface NoticeStatus {
  lawful: boolean;
  /** Why, failures first: the server's English, with the key that words it in other languages. */
  findings: ServerText[];
}

/** N7: the posted notice sent again (to all the media, or to one outlet). */
export interface Resend {
  atMs: number;
  version: number;
  reason: string;
  outlet: number; // 0: every outlet
}

export interface NoticedMeeting {
  meeting: number;
  kind: string;
  title: string;
  /** The title is Collegial's ("Regular meeting of the REC 6 Council"), said in each reader's language. */
  titleDefault: boolean;
  bodyName: string;
  /** When it is called for (UTC ms; 0 when unknown), worded in the reader's language by the views. */
  startsMs: number;
  startsLocal: string; // "2026-12-10T14:00", in the body's zone
  place: string;
  remote: string;
  state: string; // scheduled, in_session, recessed, adjourned, cancelled
  agenda: AgendaItem[]; // the latest drafted
  agendaVersion: number;
  finalAgenda: AgendaItem[]; // the last posted before the meeting began
  posted: boolean;
  postedVersion: number; // the agenda version of the last posting (0: none, or posted without an agenda)
  status: NoticeStatus | null; // from the view
  resends: Resend[];
  /** N6: agenda versions of an emergency meeting posted after its call to order. */
  amendedInSession: number[];
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
  return {
    item: num(b, 'item'),
    title: str(b, 'title'),
    type: str(b, 'type', 'information'),
    presenter: str(b, 'presenter'),
    authority: str(b, 'authority'),
    subject: str(b, 'subject'),
  };
}

function statusOf(b: Body): NoticeStatus | null {
  const s = b.status;
  if (!s || typeof s !== 'object') return null;
  return { lawful: bool(s as Body, 'lawful'), findings: serverTextsOf((s as Body).findings, (s as Body).finding_keys) };
}

function resendOf(b: Body): Resend {
  return { atMs: num(b, 'at_ms'), version: num(b, 'version'), reason: str(b, 'reason'), outlet: num(b, 'outlet') };
}

function meetingOf(b: Body): NoticedMeeting {
  const postings = list(b, 'postings');
  const amended = Array.isArray(b.amended_in_session) ? b.amended_in_session.filter((v): v is number => typeof v === 'number') : [];
  return {
    meeting: num(b, 'meeting'),
    kind: str(b, 'kind', 'regular'),
    title: str(b, 'title'),
    titleDefault: bool(b, 'title_default'),
    bodyName: str(b, 'body_name'),
    startsMs: num(b, 'starts_ms'),
    startsLocal: str(b, 'starts_local'),
    place: str(b, 'place'),
    remote: str(b, 'remote'),
    state: str(b, 'state', 'scheduled'),
    agenda: list(b, 'agenda').map(itemOf),
    agendaVersion: num(b, 'agenda_version'),
    finalAgenda: list(b, 'final_agenda').map(itemOf),
    posted: postings.length > 0,
    postedVersion: postings.length > 0 ? num(postings[postings.length - 1]!, 'version') : 0,
    status: statusOf(b),
    resends: list(b, 'resends').map(resendOf),
    amendedInSession: amended,
  };
}

/** N3: what the notice plugin lists for a meeting called to order without notice. */
function unnoticedMeeting(id: number, body: Body, ts: number): NoticedMeeting {
  return {
    // It starts when it is called to order (the notice plugin lists it so too).
    ...meetingOf({ meeting: id, kind: 'unnoticed', title: 'Meeting held without notice', starts_ms: ts }),
    state: 'in_session',
    // The server's findings come with the next view; until then, no notice (kind says why).
    status: { lawful: false, findings: [] },
    place: str(body, 'place'),
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

export function foldNotice(state: NoticeState, type: string, body: Body, seq: number, ts = 0): NoticeState {
  if (seq <= state.atSeq) return state; // already in the view
  const id = num(body, 'meeting');
  switch (type) {
    case 'notice.meeting_scheduled': {
      const m = meetingOf(body);
      return { ...state, meetings: [...state.meetings.filter((x) => x.meeting !== m.meeting), { ...m, state: 'scheduled' }] };
    }
    case 'notice.agenda_drafted':
      return change(state, id, (m) => ({ ...m, agenda: list(body, 'items').map(itemOf), agendaVersion: num(body, 'version', m.agendaVersion + 1) }));
    case 'notice.posted': {
      // N5: the agenda posted before the meeting begins is the final one.
      const postedVersion = num(body, 'version');
      // N6: an emergency meeting's agenda amended in session is posted as such, and is in force.
      const amended = bool(body, 'amended_in_session');
      return change(state, id, (m) =>
        m.state === 'scheduled' || (amended && m.kind === 'emergency')
          ? { ...m, finalAgenda: m.agenda, posted: true, postedVersion, amendedInSession: amended ? [...m.amendedInSession, postedVersion] : m.amendedInSession }
          : { ...m, posted: true, postedVersion },
      );
    }
    case 'notice.resent': {
      const outlet = num(body, 'outlet');
      return change(state, id, (m) => ({ ...m, resends: [...m.resends, { atMs: ts, version: num(body, 'version'), reason: str(body, 'reason'), outlet }] }));
    }
    case 'notice.cancelled':
      return change(state, id, (m) => ({ ...m, state: 'cancelled' }));
    case 'notice.item_taken_up':
      return { ...state, current: id || state.current, item: itemOf(body) };
    case 'meeting.called_to_order': {
      // N3: a meeting held without notice is listed under its number, so everyone sees it was not noticed.
      const listed =
        bool(body, 'unnoticed') && id > 0 && !state.meetings.some((m) => m.meeting === id)
          ? { ...state, meetings: [...state.meetings, unnoticedMeeting(id, body, ts)] }
          : state;
      return { ...change(listed, id, (m) => ({ ...m, state: 'in_session' })), current: id, item: null };
    }
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

/**
 * What the room says of the notice while a meeting is held (`inSession`: in session or in recess):
 * the held meeting's notice, or `uncovered` when no notice covers the meeting in session (it was
 * called to order without one), never another meeting's notice. Outside a meeting, the next one.
 */
export function noticeShown(
  state: NoticeState,
  inSession: boolean,
): { kind: 'held' | 'next'; meeting: NoticedMeeting } | { kind: 'uncovered' } | null {
  const held = state.current ? state.meetings.find((m) => m.meeting === state.current) : undefined;
  if (held) return held.kind === 'unnoticed' ? { kind: 'uncovered' } : { kind: 'held', meeting: held };
  if (inSession) return { kind: 'uncovered' };
  const next = state.meetings.find((m) => m.state === 'scheduled');
  return next ? { kind: 'next', meeting: next } : null;
}

/** What a meeting's title is made of, in the notice's and the minutes' views and events. */
export interface MeetingTitled {
  kind: string;
  title: string;
  titleDefault: boolean;
  bodyName: string;
}

/**
 * A meeting's title in the reader's language. One the clerk wrote stands as written; Collegial's
 * own (`title_default`: "Regular meeting of the REC 6 Council") is said in the reader's language;
 * one held without notice has none but its kind (the server's title for it is English).
 */
export function meetingTitle(m: MeetingTitled, t: Translate): string {
  if (m.kind === 'unnoticed') return t('agenda.kind.unnoticed');
  if (m.titleDefault && m.bodyName && ['regular', 'special', 'emergency'].includes(m.kind)) {
    return t('meeting.defaultTitle', { kind: m.kind, name: m.bodyName });
  }
  return m.title;
}

/**
 * The line under a meeting's title: its kind, when it is called for and where ("Regular meeting ·
 * Thursday, December 10, 2026 at 2:00 PM MST · Clovis office"). The time is worded from
 * `starts_ms` by `dateTime` (the body's zone, the reader's language), never the server's English
 * `starts_text`.
 */
export function meetingWhenWhere(m: NoticedMeeting, t: Translate, dateTime: (ms: number) => string): string {
  const kind = `agenda.kind.${m.kind}`;
  return [isKey(kind) ? t(kind) : m.kind, m.startsMs > 0 ? dateTime(m.startsMs) : '', m.place].filter(Boolean).join(' · ');
}
