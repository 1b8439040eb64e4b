// Webinars and circle sessions (the webinar plugin, L2): each webinar with its sessions, who holds
// a seat and who waits, in order. Folded from the events as the server's plugin folds them, and
// seeded from the `webinar` view at its seq. Names of those registered come from the events that
// carry them; those who run webinars (facilitators, the REC's staff) read the full record with
// `read` (registrations, the waitlist and each session's attendance, by name).

import type { Translate } from '../i18n/i18n';
import { bool, list, num, str, type Body } from './body';

export interface WebinarPerson {
  person: number;
  /** '' when only the id is known (the view gives ids; the events and `read` give names). */
  name: string;
}

export interface Attendee {
  person: number;
  name: string;
  minutes: number;
}

export interface WebinarSession {
  session: number;
  startsLocal: string; // "2026-12-01T16:00", in the body's zone
  startsMs: number;
  endsMs: number;
  /** How many attended, once the server has taken attendance after the session; null before. */
  attended: number | null;
  /** By name, for those who run webinars (`read`); live until `attendanceFinal`. Null when not read. */
  attendance: Attendee[] | null;
  attendanceFinal: boolean;
}

export interface Webinar {
  webinar: number;
  title: string;
  description: string;
  joinUrl: string;
  capacity: number;
  public: boolean;
  timeZone: string;
  minutes: number; // each session's length
  rrule: string;
  exdates: string[];
  reminders: number[]; // minutes before each session
  facilitators: WebinarPerson[];
  sessions: WebinarSession[];
  registered: WebinarPerson[]; // in order of registration
  waitlisted: WebinarPerson[]; // in order: the first is promoted first
  cancelled: boolean;
  cancelReason: string;
}

/**
 * What happened to one person's place in a webinar (a seat, the waitlist, withdrawn, promoted
 * from the waitlist: L2), for the announcement to that person.
 */
export interface WebinarNews {
  seq: number;
  kind: 'registered' | 'waitlisted' | 'unregistered' | 'left_waitlist' | 'promoted';
  webinar: number;
  person: number;
  title: string;
  position: number; // on the waitlist
}

/** How many of the latest news a room keeps (each person's latest is what they are told). */
export const NEWS_LIMIT = 50;

export interface WebinarState {
  /** The seq of the last view seeded (0: none). */
  atSeq: number;
  webinars: Webinar[];
  /** The latest changes to people's places, oldest first. */
  news: WebinarNews[];
  /**
   * The seq of the last event that may change what `read` answers (a webinar's events, and
   * arrivals and departures, from which attendance is computed): an open record is read again.
   */
  changedAt: number;
}

export const initialWebinars: WebinarState = { atSeq: 0, webinars: [], news: [], changedAt: 0 };

const obj = (v: unknown): Body | null => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Body) : null);

/** A list of people as the view (ids) or `read` and the events (objects with names) give them. */
function peopleOf(v: unknown): WebinarPerson[] {
  if (!Array.isArray(v)) return [];
  const out: WebinarPerson[] = [];
  for (const x of v) {
    if (typeof x === 'number') out.push({ person: x, name: '' });
    else if (obj(x)) out.push({ person: num(x as Body, 'person'), name: str(x as Body, 'name') });
  }
  return out;
}

function attendeesOf(v: unknown): Attendee[] | null {
  if (!Array.isArray(v)) return null;
  return v.filter(obj).map((a) => ({ person: num(a as Body, 'person'), name: str(a as Body, 'name'), minutes: num(a as Body, 'minutes') }));
}

function sessionOf(b: Body): WebinarSession {
  const attendance = attendeesOf(b.attendance);
  return {
    session: num(b, 'session'),
    startsLocal: str(b, 'starts_local'),
    startsMs: num(b, 'starts_ms'),
    endsMs: num(b, 'ends_ms'),
    attended: typeof b.attended === 'number' ? b.attended : null,
    attendance,
    attendanceFinal: bool(b, 'attendance_final'),
  };
}

/** A webinar from a `webinar.scheduled` body, a view entry or a `read` result. */
export function webinarOf(b: Body): Webinar {
  return {
    webinar: num(b, 'webinar'),
    title: str(b, 'title'),
    description: str(b, 'description'),
    joinUrl: str(b, 'join_url'),
    capacity: num(b, 'capacity'),
    public: bool(b, 'public'),
    timeZone: str(b, 'time_zone'),
    minutes: num(b, 'minutes'),
    rrule: str(b, 'rrule'),
    exdates: Array.isArray(b.exdates) ? b.exdates.filter((x): x is string => typeof x === 'string') : [],
    reminders: Array.isArray(b.reminders) ? b.reminders.filter((x): x is number => typeof x === 'number') : [],
    facilitators: peopleOf(b.facilitators),
    sessions: list(b, 'sessions').map(sessionOf),
    registered: peopleOf(b.registered),
    waitlisted: peopleOf(b.waitlisted),
    cancelled: bool(b, 'cancelled'),
    cancelReason: str(b, 'cancel_reason'),
  };
}

const touches = (type: string) => type.startsWith('webinar.') || type === 'quorum.arrived' || type === 'quorum.departed';

function update(state: WebinarState, number: number, change: (w: Webinar) => Webinar): Webinar[] {
  return state.webinars.map((w) => (w.webinar === number ? change(w) : w));
}

function nameIn(w: Webinar, person: number, name: string): Webinar {
  const fill = (people: WebinarPerson[]) => people.map((p) => (p.person === person && !p.name ? { person, name } : p));
  return { ...w, registered: fill(w.registered), waitlisted: fill(w.waitlisted) };
}

const without = (people: WebinarPerson[], person: number) => people.filter((p) => p.person !== person);

/** Folds one event, as the server's webinar plugin does. */
export function foldWebinar(state: WebinarState, type: string, body: Body, seq: number): WebinarState {
  if (!touches(type)) return state;
  const number = num(body, 'webinar');
  const person = num(body, 'person');
  const name = str(body, 'name');
  // Already in the view seeded at atSeq: only the name it did not give.
  if (seq <= state.atSeq) return name && person > 0 ? { ...state, webinars: update(state, number, (w) => nameIn(w, person, name)) } : state;
  let next: WebinarState = { ...state, changedAt: seq };
  if (!type.startsWith('webinar.')) return next;
  const newsKind =
    type === 'webinar.registered'
      ? 'registered'
      : type === 'webinar.waitlisted'
        ? 'waitlisted'
        : type === 'webinar.promoted'
          ? 'promoted'
          : type === 'webinar.unregistered'
            ? str(body, 'was') === 'waitlisted'
              ? 'left_waitlist'
              : 'unregistered'
            : null;
  if (newsKind) {
    const title = state.webinars.find((x) => x.webinar === number)?.title ?? '';
    const item: WebinarNews = { seq, kind: newsKind, webinar: number, person, title, position: num(body, 'position') };
    next = { ...next, news: [...state.news, item].slice(-NEWS_LIMIT) };
  }
  switch (type) {
    case 'webinar.scheduled': {
      const w = webinarOf(body);
      return { ...next, webinars: [...state.webinars.filter((x) => x.webinar !== w.webinar), w].sort((a, b) => a.webinar - b.webinar) };
    }
    case 'webinar.cancelled':
      return { ...next, webinars: update(state, number, (w) => ({ ...w, cancelled: true, cancelReason: str(body, 'reason') })) };
    case 'webinar.registered':
      return { ...next, webinars: update(state, number, (w) => ({ ...w, registered: [...without(w.registered, person), { person, name }] })) };
    case 'webinar.waitlisted':
      return { ...next, webinars: update(state, number, (w) => ({ ...w, waitlisted: [...without(w.waitlisted, person), { person, name }] })) };
    case 'webinar.unregistered':
      return {
        ...next,
        webinars: update(state, number, (w) => ({ ...w, registered: without(w.registered, person), waitlisted: without(w.waitlisted, person) })),
      };
    case 'webinar.promoted':
      return {
        ...next,
        webinars: update(state, number, (x) => ({ ...x, waitlisted: without(x.waitlisted, person), registered: [...without(x.registered, person), { person, name }] })),
      };
    case 'webinar.attendance': {
      const session = num(body, 'session');
      const attendees = attendeesOf(body.attendees) ?? [];
      return {
        ...next,
        webinars: update(state, number, (w) => ({
          ...w,
          sessions: w.sessions.map((s) => (s.session === session ? { ...s, attended: attendees.length, attendance: attendees, attendanceFinal: true } : s)),
        })),
      };
    }
    default:
      return next;
  }
}

/** The latest news about `me` after `afterSeq` (events that happened live, not replayed), or null. */
export function newsFor(state: WebinarState, me: number | null, afterSeq: number): WebinarNews | null {
  if (me === null) return null;
  for (let i = state.news.length - 1; i >= 0; i--) {
    const n = state.news[i]!;
    if (n.seq <= afterSeq) return null;
    if (n.person === me) return n;
  }
  return null;
}

/** Keeps the names already known for the ids a view gives. */
function named(people: WebinarPerson[], known: WebinarPerson[]): WebinarPerson[] {
  return people.map((p) => (p.name ? p : { person: p.person, name: known.find((k) => k.person === p.person)?.name ?? '' }));
}

/** The state from the `webinar` view at `seq` (names already folded from events are kept). */
export function webinarsFromView(state: WebinarState, view: Body, seq: number): WebinarState {
  const webinars = list(view, 'webinars')
    .map(webinarOf)
    .filter((w) => w.webinar > 0)
    .sort((a, b) => a.webinar - b.webinar)
    .map((w) => {
      const before = state.webinars.find((x) => x.webinar === w.webinar);
      if (!before) return w;
      const all = [...before.registered, ...before.waitlisted];
      return {
        ...w,
        registered: named(w.registered, all),
        waitlisted: named(w.waitlisted, all),
        sessions: w.sessions.map((s) => {
          const old = before.sessions.find((o) => o.session === s.session);
          return old?.attendance && s.attendance === null ? { ...s, attendance: old.attendance, attendanceFinal: old.attendanceFinal } : s;
        }),
      };
    });
  return { ...state, atSeq: seq, webinars };
}

/** The record `read` answers (names for those who run webinars; ids for others). */
export function webinarRecordOf(result: unknown): Webinar | null {
  const b = obj(result);
  if (!b || num(b, 'webinar') <= 0) return null;
  return webinarOf(b);
}

// ---------------------------------------------------------------------------------------------
// One person's place in a webinar

export type SeatStatus =
  | { kind: 'cancelled' }
  | { kind: 'over' }
  | { kind: 'seated'; seat: number }
  | { kind: 'waitlisted'; position: number }
  | { kind: 'open'; open: number; capacity: number }
  | { kind: 'full'; waiting: number };

/** Whether the webinar's last session has ended at `nowMs`. */
export function isOver(w: Webinar, nowMs: number): boolean {
  const last = w.sessions[w.sessions.length - 1];
  return !!last && nowMs >= last.endsMs;
}

export function seatStatus(w: Webinar, me: number | null, nowMs: number): SeatStatus {
  if (w.cancelled) return { kind: 'cancelled' };
  if (me !== null) {
    const seat = w.registered.findIndex((p) => p.person === me);
    if (seat >= 0) return { kind: 'seated', seat: seat + 1 };
    const place = w.waitlisted.findIndex((p) => p.person === me);
    if (place >= 0) return { kind: 'waitlisted', position: place + 1 };
  }
  if (isOver(w, nowMs)) return { kind: 'over' };
  const open = Math.max(0, w.capacity - w.registered.length);
  return open > 0 ? { kind: 'open', open, capacity: w.capacity } : { kind: 'full', waiting: w.waitlisted.length };
}

/** "3 of 30 seats open", "Full: join the waitlist", "You are number 2 on the waitlist", "You have a seat". */
export function seatStatusText(s: SeatStatus, t: Translate): string {
  switch (s.kind) {
    case 'cancelled':
      return t('webinar.status.cancelled');
    case 'over':
      return t('webinar.status.over');
    case 'seated':
      return t('webinar.status.seated');
    case 'waitlisted':
      return t('webinar.status.waitlisted', { position: s.position });
    case 'open':
      return t('webinar.status.open', { open: s.open, capacity: s.capacity });
    case 'full':
      return t('webinar.status.full');
  }
}

/** The action a person may take on a webinar from this status, or null. */
export function seatAction(s: SeatStatus): 'register' | 'waitlist' | 'unregister' | 'leave_waitlist' | null {
  switch (s.kind) {
    case 'open':
      return 'register';
    case 'full':
      return 'waitlist';
    case 'seated':
      return 'unregister';
    case 'waitlisted':
      return 'leave_waitlist';
    default:
      return null;
  }
}

// ---------------------------------------------------------------------------------------------
// Who may do what (docs/permissions.md) and the learning circle's attendance

const hasRole = (roles: readonly string[], ...wanted: string[]) => wanted.some((r) => roles.includes(r));

/** schedule_webinar: facilitators and the REC's staff (non-voting members). */
export const maySchedule = (roles: readonly string[]) => hasRole(roles, 'facilitator', 'non_voting_member');

/** A seat in a learning circle: the people whose presence there is attendance. */
export const circleSeat = (roles: readonly string[]) => hasRole(roles, 'facilitator', 'participant');

/**
 * Whether to record the person present on entering the room: once after each join, for someone
 * with a seat in a circle (participant or facilitator) whom the quorum view does not list present,
 * unless they chose to leave or the room has no body.
 */
export function shouldMarkPresent(p: { roles: readonly string[]; me: number | null; quorumView: unknown; left: boolean; noBody: boolean }): boolean {
  if (p.me === null || p.left || p.noBody || !circleSeat(p.roles)) return false;
  const view = obj(p.quorumView);
  if (!view) return false; // not known: do not guess
  return !list(view, 'present').some((x) => num(x, 'person') === p.me);
}

/** The body's time zone, as the webinars (or the minutes) name it; Denver by default (the server's). */
export function bodyTimeZone(webinars: Webinar[], fallback = ''): string {
  return webinars.find((w) => w.timeZone)?.timeZone || fallback || 'America/Denver';
}

/** A reminder's offset in words, in the largest whole unit: "1 week", "1 day", "2 hours", "15 minutes". */
export function offsetText(minutes: number, t: Translate): string {
  if (minutes % 10080 === 0) return t('offset.week', { n: minutes / 10080 });
  if (minutes % 1440 === 0) return t('offset.days', { n: minutes / 1440 });
  if (minutes % 60 === 0) return t('offset.hours', { n: minutes / 60 });
  return t('offset.minutes', { n: minutes });
}

/** "a, b and c" in the reader's language. */
export function listText(items: string[], t: Translate): string {
  if (items.length <= 1) return items[0] ?? '';
  return t('webinar.and', { a: items.slice(0, -1).join(', '), b: items[items.length - 1]! });
}
