// The facilitator's form to schedule a webinar, turned into `webinar.schedule` arguments: the
// repeat chosen (none, every week, every month on the nth or last weekday of the first session)
// becomes an RFC 5545 RRULE with a COUNT, and the sessions skipped become its exdates. The form
// lists the sessions the rule makes (in the body's wall-clock time, as the server expands it with
// libical), so a facilitator can skip one by its date. The server decides again: its refusals
// (an overlap naming the other webinar, a time in a daylight-saving gap) are shown as it words them.

import type { Translate } from '../i18n/i18n';

export type Repeat = 'none' | 'weekly' | 'monthly_nth' | 'monthly_last';

export const MAX_SESSIONS = 104; // the server's limit (two years of weekly sessions)

/** Reminder offsets offered, in minutes before each session (the server's default: a day and an hour). */
export const REMINDER_CHOICES = [10080, 1440, 60, 15] as const;
export const DEFAULT_REMINDERS: readonly number[] = [1440, 60];

export interface WebinarForm {
  title: string;
  description: string;
  starts: string; // "2026-12-01T16:00", local in the body's zone
  ends: string;
  capacity: string;
  joinUrl: string;
  repeat: Repeat;
  count: string; // sessions in the series, skipped ones included (COUNT)
  skipped: string[]; // local start times of the sessions to skip (exdates)
  public: boolean;
  reminders: number[];
}

export const emptyWebinarForm: WebinarForm = {
  title: '',
  description: '',
  starts: '',
  ends: '',
  capacity: '30',
  joinUrl: '',
  repeat: 'none',
  count: '4',
  skipped: [],
  public: false,
  reminders: [...DEFAULT_REMINDERS],
};

export type WebinarProblem = 'title' | 'starts' | 'ends' | 'endsBefore' | 'tooLong' | 'capacity' | 'joinUrl' | 'count' | 'allSkipped' | 'reminders';

// ---------------------------------------------------------------------------------------------
// Wall-clock dates, as libical counts them: no time zone, no daylight saving.

interface Local {
  y: number;
  m: number; // 1..12
  d: number;
  hh: number;
  mm: number;
}

const LOCAL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/;

export function parseLocal(s: string): Local | null {
  const m = LOCAL.exec(s.slice(0, 16));
  if (!m) return null;
  const [y, mo, d, hh, mm] = m.slice(1).map(Number) as [number, number, number, number, number];
  if (mo < 1 || mo > 12 || d < 1 || d > daysIn(y, mo) || hh > 23 || mm > 59) return null;
  return { y, m: mo, d, hh, mm };
}

const pad = (n: number) => String(n).padStart(2, '0');
const formatLocal = (l: Local) => `${l.y}-${pad(l.m)}-${pad(l.d)}T${pad(l.hh)}:${pad(l.mm)}`;
const daysIn = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();
/** 0 = Sunday … 6 = Saturday. */
export const weekday = (l: Pick<Local, 'y' | 'm' | 'd'>) => new Date(Date.UTC(l.y, l.m - 1, l.d)).getUTCDay();
const ICAL_DAYS = ['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA'] as const;

/** Minutes from one local time to another (wall clock). */
function minutesBetween(a: Local, b: Local): number {
  return (Date.UTC(b.y, b.m - 1, b.d, b.hh, b.mm) - Date.UTC(a.y, a.m - 1, a.d, a.hh, a.mm)) / 60_000;
}

function addDays(l: Local, days: number): Local {
  const t = new Date(Date.UTC(l.y, l.m - 1, l.d + days));
  return { ...l, y: t.getUTCFullYear(), m: t.getUTCMonth() + 1, d: t.getUTCDate() };
}

/** Which weekday of its month a date is: 1..5 (the 5th only in long months). */
export const nthInMonth = (d: number) => Math.ceil(d / 7);
/** Whether the date is the last of its weekday in its month. */
export const isLastInMonth = (l: Pick<Local, 'y' | 'm' | 'd'>) => l.d + 7 > daysIn(l.y, l.m);

/** The repeats the first session's date allows: "the 2nd Tuesday" up to the 4th, "the last Tuesday" in a month's last week. */
export function repeatChoices(starts: string): Repeat[] {
  const l = parseLocal(starts);
  const choices: Repeat[] = ['none', 'weekly'];
  if (!l) return [...choices, 'monthly_nth'];
  if (nthInMonth(l.d) <= 4) choices.push('monthly_nth');
  if (isLastInMonth(l)) choices.push('monthly_last');
  return choices;
}

/** The RRULE for the repeat chosen ("" for a single session). */
export function buildRrule(repeat: Repeat, count: number, starts: string): string {
  if (repeat === 'none') return '';
  if (repeat === 'weekly') return `FREQ=WEEKLY;COUNT=${count}`;
  const l = parseLocal(starts);
  if (!l) return '';
  const day = ICAL_DAYS[weekday(l)]!;
  const nth = repeat === 'monthly_last' ? -1 : nthInMonth(l.d);
  return `FREQ=MONTHLY;BYDAY=${nth}${day};COUNT=${count}`;
}

/** The nth (1..5) or last (-1) `day` (0 = Sunday) of a month. */
function nthWeekdayOf(y: number, m: number, day: number, nth: number): number | null {
  if (nth === -1) {
    const last = daysIn(y, m);
    return last - ((weekday({ y, m, d: last }) - day + 7) % 7);
  }
  const first = 1 + ((day - weekday({ y, m, d: 1 }) + 7) % 7);
  const d = first + (nth - 1) * 7;
  return d <= daysIn(y, m) ? d : null;
}

/**
 * The local start times of the series, skipped ones included, as the server's libical expansion
 * makes them: every 7 days; or each month on the nth (or last) weekday of the first session's
 * (a month without a 5th such day has no session, as RFC 5545 says).
 */
export function occurrences(starts: string, repeat: Repeat, count: number): string[] {
  const l = parseLocal(starts);
  if (!l) return [];
  if (repeat === 'none') return [formatLocal(l)];
  const n = Math.max(0, Math.min(count, MAX_SESSIONS));
  const out: string[] = [];
  if (repeat === 'weekly') {
    for (let i = 0; i < n; i++) out.push(formatLocal(addDays(l, 7 * i)));
    return out;
  }
  const day = weekday(l);
  const nth = repeat === 'monthly_last' ? -1 : nthInMonth(l.d);
  for (let k = 0; out.length < n && k < n * 2 + 12; k++) {
    const y = l.y + Math.floor((l.m - 1 + k) / 12);
    const m = ((l.m - 1 + k) % 12) + 1;
    const d = nthWeekdayOf(y, m, day, nth);
    if (d !== null) out.push(formatLocal({ ...l, y, m, d }));
  }
  return out;
}

/** The repeat in words: "Every week on Tuesday, 3 sessions", "Every month on the second Tuesday, 4 sessions". */
export function repeatText(repeat: Repeat, count: number, starts: string, t: Translate, locale: string): string {
  const l = parseLocal(starts);
  if (repeat === 'none') return t('webinarForm.repeat.onceText');
  const dayName = l
    ? new Intl.DateTimeFormat(locale, { weekday: 'long', timeZone: 'UTC' }).format(new Date(Date.UTC(l.y, l.m - 1, l.d)))
    : '';
  const sessions = t('webinarForm.sessions', { count });
  if (repeat === 'weekly') return t('webinarForm.repeat.weeklyText', { day: dayName, sessions });
  const nth = repeat === 'monthly_last' || !l ? 'last' : String(nthInMonth(l.d));
  const ordinal = t(`webinarForm.nth.${nth}` as 'webinarForm.nth.last');
  return t('webinarForm.repeat.monthlyText', { nth: ordinal, day: dayName, sessions });
}

/** Sessions skipped that the series (as now chosen) still makes. */
export function validSkips(form: Pick<WebinarForm, 'starts' | 'repeat' | 'count' | 'skipped'>): string[] {
  if (form.repeat === 'none') return [];
  const all = new Set(occurrences(form.starts, form.repeat, Number(form.count)));
  return form.skipped.filter((s) => all.has(s));
}

/** The ends field following the starts field: the same length as before, or an hour. */
export function endsAfterMove(previousStarts: string, newStarts: string, ends: string): string {
  const to = parseLocal(newStarts);
  if (!to) return ends;
  const from = parseLocal(previousStarts);
  const end = parseLocal(ends);
  const minutes = from && end && minutesBetween(from, end) > 0 ? minutesBetween(from, end) : 60;
  const t = new Date(Date.UTC(to.y, to.m - 1, to.d, to.hh, to.mm + minutes));
  return formatLocal({ y: t.getUTCFullYear(), m: t.getUTCMonth() + 1, d: t.getUTCDate(), hh: t.getUTCHours(), mm: t.getUTCMinutes() });
}

export type WebinarArgsResult = { ok: true; args: Record<string, unknown> } | { ok: false; problems: WebinarProblem[] };

/** The `webinar.schedule` arguments, or what the form lacks (the server checks the rest). */
export function webinarArgs(form: WebinarForm): WebinarArgsResult {
  const problems: WebinarProblem[] = [];
  const title = form.title.trim();
  if (!title) problems.push('title');
  const starts = parseLocal(form.starts);
  const ends = parseLocal(form.ends);
  if (!starts) problems.push('starts');
  if (!ends) problems.push('ends');
  else if (starts && minutesBetween(starts, ends) <= 0) problems.push('endsBefore');
  else if (starts && minutesBetween(starts, ends) > 24 * 60) problems.push('tooLong');
  const capacity = Number(form.capacity);
  if (!Number.isInteger(capacity) || capacity < 1 || capacity > 100_000) problems.push('capacity');
  const joinUrl = form.joinUrl.trim();
  if (!/^https?:\/\/\S+$/i.test(joinUrl)) problems.push('joinUrl');
  const count = Number(form.count);
  const repeating = form.repeat !== 'none';
  if (repeating && (!Number.isInteger(count) || count < 2 || count > MAX_SESSIONS)) problems.push('count');
  const skipped = validSkips(form);
  if (repeating && starts && problems.indexOf('count') < 0 && skipped.length >= occurrences(form.starts, form.repeat, count).length) problems.push('allSkipped');
  if (form.reminders.length > 5) problems.push('reminders');
  if (problems.length > 0) return { ok: false, problems };
  const args: Record<string, unknown> = {
    title,
    description: form.description.trim(),
    starts: form.starts.slice(0, 16),
    ends: form.ends.slice(0, 16),
    capacity,
    join_url: joinUrl,
    public: form.public,
    reminders: [...form.reminders].sort((a, b) => b - a),
  };
  if (repeating) {
    args.rrule = buildRrule(form.repeat, count, form.starts);
    if (skipped.length > 0) args.exdates = skipped;
  }
  return { ok: true, args };
}
