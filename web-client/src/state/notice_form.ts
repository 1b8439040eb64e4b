// The clerk's notice forms (post_notice: N2–N6, C1–C2): scheduling a meeting and drafting its
// agenda, turned into the arguments of `notice.schedule` and `notice.set_agenda`. Only what the
// form itself can see is checked here (a field left empty, an unknown authority); the rules of
// the statute (leads, specificity) are the server's, whose refusal is shown as it words it.

import type { AgendaItem } from './notice';

export const MEETING_KINDS = ['regular', 'special', 'emergency'] as const;
export type MeetingKind = (typeof MEETING_KINDS)[number];

export const ITEM_TYPES = ['information', 'action', 'closed_session'] as const;
export type ItemType = (typeof ITEM_TYPES)[number];

/** NMSA 1978, Section 10-15-1(H)(1)–(8): the grounds for closing (C1). */
export const AUTHORITIES = ['H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'H7', 'H8'] as const;

/** N6: the harms an emergency threatens. */
export const HARMS = ['injury_to_persons', 'damage_to_persons', 'damage_to_property', 'substantial_financial_loss'] as const;

export interface ScheduleForm {
  kind: MeetingKind;
  starts: string; // "YYYY-MM-DDTHH:MM", local to the body (an <input type="datetime-local">)
  place: string;
  remote: string;
  title: string;
  circumstance: string; // N6, emergency only
  unforeseen: string;
  harm: string[];
}

export const emptySchedule: ScheduleForm = { kind: 'regular', starts: '', place: '', remote: '', title: '', circumstance: '', unforeseen: '', harm: [] };

export type ScheduleProblem = 'starts' | 'place' | 'circumstance' | 'unforeseen' | 'harm';

const LOCAL_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/;

/** "2026-12-10T14:00:00" (some browsers add seconds) → "2026-12-10T14:00". */
export function minuteOf(local: string): string {
  return local.length > 16 && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?$/.test(local) ? local.slice(0, 16) : local;
}

export type ScheduleArgs = { ok: true; args: Record<string, unknown> } | { ok: false; problems: ScheduleProblem[] };

export function scheduleArgs(f: ScheduleForm): ScheduleArgs {
  const starts = minuteOf(f.starts.trim());
  const problems: ScheduleProblem[] = [];
  if (!LOCAL_TIME.test(starts)) problems.push('starts');
  if (!f.place.trim()) problems.push('place');
  if (f.kind === 'emergency') {
    if (!f.circumstance.trim()) problems.push('circumstance');
    if (!f.unforeseen.trim()) problems.push('unforeseen');
    if (f.harm.length === 0) problems.push('harm');
  }
  if (problems.length > 0) return { ok: false, problems };
  const args: Record<string, unknown> = { kind: f.kind, starts, place: f.place.trim() };
  if (f.remote.trim()) args.remote = f.remote.trim();
  if (f.title.trim()) args.title = f.title.trim();
  if (f.kind === 'emergency') {
    args.justification = { circumstance: f.circumstance.trim(), unforeseen: f.unforeseen.trim(), harm: HARMS.filter((h) => f.harm.includes(h)) };
  }
  return { ok: true, args };
}

export interface AgendaRow {
  key: number; // stable across reordering, for the form's fields
  title: string;
  type: ItemType;
  presenter: string;
  authority: string;
  subject: string;
}

export type AgendaProblem = { row: number; field: 'title' | 'authority' | 'subject' };

let nextKey = 1;
export function newRow(over: Partial<AgendaRow> = {}): AgendaRow {
  return { key: nextKey++, title: '', type: 'information', presenter: '', authority: '', subject: '', ...over };
}

/** The rows of the latest drafted agenda, to edit it further. */
export function rowsOf(items: AgendaItem[]): AgendaRow[] {
  return items.map((it) =>
    newRow({
      title: it.title,
      type: (ITEM_TYPES as readonly string[]).includes(it.type) ? (it.type as ItemType) : 'information',
      presenter: it.presenter,
      authority: it.authority,
      subject: it.subject,
    }),
  );
}

/** Moves row `index` up (-1) or down (+1); nothing when it would leave the list. */
export function moveRow(rows: AgendaRow[], index: number, by: -1 | 1): AgendaRow[] {
  const to = index + by;
  if (index < 0 || index >= rows.length || to < 0 || to >= rows.length) return rows;
  const next = rows.slice();
  [next[index], next[to]] = [next[to]!, next[index]!];
  return next;
}

export type AgendaArgs = { ok: true; items: Record<string, string>[] } | { ok: false; problems: AgendaProblem[] };

/** C1: a closed-session item names its authority (H1–H8) and its subject. */
export function agendaArgs(rows: AgendaRow[]): AgendaArgs {
  const problems: AgendaProblem[] = [];
  const items = rows.map((r, row) => {
    if (!r.title.trim()) problems.push({ row, field: 'title' });
    const item: Record<string, string> = { title: r.title.trim(), type: r.type };
    if (r.presenter.trim()) item.presenter = r.presenter.trim();
    if (r.type === 'closed_session') {
      if (!(AUTHORITIES as readonly string[]).includes(r.authority)) problems.push({ row, field: 'authority' });
      if (!r.subject.trim()) problems.push({ row, field: 'subject' });
      item.authority = r.authority;
      item.subject = r.subject.trim();
    }
    return item;
  });
  if (rows.length === 0) problems.push({ row: -1, field: 'title' });
  return problems.length > 0 ? { ok: false, problems } : { ok: true, items };
}
