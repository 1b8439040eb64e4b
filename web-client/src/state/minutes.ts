// Minutes (the minutes plugin: R1–R4): the index of every adjourned meeting's minutes, from the
// `minutes` view; one meeting's minutes document, from a `read` request; the R2 lateness of a
// draft; and what the clerk's editor keeps while she types. The server folds the minutes from the
// log; the client never recomputes them, it asks again when an event may have changed them.

import { bool, list, num, str, type Body } from './body';
import type { Translate } from '../i18n/i18n';
import type { RollCallEntry } from './motions';
import { meetingTitle } from './notice';

export interface MinutesCompleted {
  atMs: number;
  by: string;
  date: string; // the day it was marked complete, in the body's zone
  late: boolean;
}

export interface MinutesVersion {
  version: number;
  disposition: string; // approved, approved_with_corrections, corrected
  approvedMs: number;
  digest: string;
}

/** One entry of the `minutes` view: the minutes of one adjourned meeting. */
export interface MinutesEntry {
  number: number; // the meeting's number in the room
  meeting: number; // its notice's number, 0 for none
  kind: string;
  title: string;
  titleDefault: boolean; // Collegial's title, said in each reader's language (notice.ts, meetingTitle)
  date: string; // "2026-11-19", in the body's zone
  timeZone: string;
  status: 'draft' | 'official';
  version: number; // 0 while a draft
  versions: MinutesVersion[];
  dueDate: string; // R2
  dueError: string; // instead of the due date when the holiday calendar does not cover the year
  completed: MinutesCompleted | null;
  edits: number;
  disapproved: boolean;
}

export interface MinutesIndex {
  /** The seq the view was at; 0 before any view. */
  atSeq: number;
  /** Whether a view has said (the public gets none during a closed session). */
  known: boolean;
  entries: MinutesEntry[];
  inProgress: number; // the meeting in session, 0 when none
}

export const initialMinutesIndex: MinutesIndex = { atSeq: 0, known: false, entries: [], inProgress: 0 };

const obj = (v: unknown): Body | null => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Body) : null);
const numOrNull = (b: Body, k: string): number | null => (typeof b[k] === 'number' ? (b[k] as number) : null);

function completedOf(v: unknown): MinutesCompleted | null {
  const b = obj(v);
  if (!b) return null;
  return { atMs: num(b, 'at_ms'), by: str(b, 'by'), date: str(b, 'date'), late: bool(b, 'late') };
}

function entryOf(b: Body): MinutesEntry {
  return {
    number: num(b, 'number', num(b, 'minutes')),
    meeting: num(b, 'meeting'),
    kind: str(b, 'kind'),
    title: str(b, 'title'),
    titleDefault: bool(b, 'title_default'),
    date: str(b, 'date'),
    timeZone: str(b, 'time_zone'),
    status: str(b, 'status') === 'official' ? 'official' : 'draft',
    version: num(b, 'version'),
    versions: list(b, 'versions').map((v) => ({
      version: num(v, 'version'),
      disposition: str(v, 'disposition'),
      approvedMs: num(v, 'approved_ms'),
      digest: str(v, 'digest'),
    })),
    dueDate: str(b, 'due_date'),
    dueError: str(b, 'due_error'),
    completed: completedOf(b.completed),
    edits: typeof b.edits === 'number' ? b.edits : Array.isArray(b.edits) ? b.edits.length : 0,
    disapproved: bool(b, 'disapproved'),
  };
}

/** The index from the `minutes` view at `seq`, newest meeting first. */
export function minutesIndexFromView(view: Body, seq: number): MinutesIndex {
  const entries = list(view, 'minutes')
    .map(entryOf)
    .filter((e) => e.number > 0)
    .sort((a, b) => b.number - a.number);
  return { atSeq: seq, known: true, entries, inProgress: num(view, 'in_progress') };
}

/** Events after which the index and an open document may have changed: ask again. */
export const MINUTES_EVENTS: ReadonlySet<string> = new Set(['minutes.edited', 'minutes.completed', 'meeting.adjourned', 'motions.decided']);

export function touchesMinutes(type: string): boolean {
  return MINUTES_EVENTS.has(type);
}

// ---------------------------------------------------------------------------------------------
// The document (`read` plugin "minutes")

export interface AttendanceRecord {
  person: number;
  name: string;
  mode: string; // in_person, remote, designee
  /** B7: who sat in the member's seat for them. */
  designee: string;
  arrivedMs: number;
  departedMs: number | null;
  departure: string; // left, marked absent, disconnected
}

export interface MemberRef {
  person: number;
  name: string;
}

export interface QuorumChange {
  atMs: number;
  established: boolean;
  text: string;
}

export interface ItemTakenUp {
  item: number;
  title: string;
  type: string;
  atMs: number;
}

export interface RecordedMotion {
  motion: number;
  kind: string;
  text: string;
  mover: string;
  seconder: string;
  item: number;
  amends: number;
  result: string; // adopted, failed, withdrawn, pending
  threshold: string;
  aye: number;
  nay: number;
  abstain: number;
  /** M2: present members who did not vote. */
  notVoting: number;
  /** Q3: votes on it suspended (quorum lost, adjournment, recess), their votes void. */
  suspensions: { atMs: number; reason: string; count: number }[];
  tally: string; // the server's words
  votes: RollCallEntry[];
  madeMs: number;
  decidedMs: number | null;
  /** N9: false when the meeting was not lawfully noticed. */
  valid: boolean;
}

export interface StatementRecord {
  text: string;
  result: string;
  votes: RollCallEntry[];
}

export interface ClosedSessionRecord {
  authority: string;
  citation: string;
  subject: string;
  closedMs: number;
  openedMs: number | null;
  statement: StatementRecord | null; // C4
  /** C3: who was admitted to it besides the members. */
  guests: { name: string; role: string; admittedMs: number; dismissedMs: number | null }[];
}

export interface RecessRecord {
  atMs: number;
  note: string;
  resumedMs: number | null;
  /** N8: when (UTC ms) and where it continues, for a recess to a later day. */
  continuation: { startsMs: number; place: string } | null;
}

export interface Correction {
  text: string;
  source: 'clerk' | 'body';
  by: string;
  atMs: number;
  motion: number;
  version: number;
}

export interface MinutesEdit {
  edit: number;
  atMs: number;
  by: string;
  part: string; // summary, item, correction
  item: number;
  text: string;
}

export interface ApprovalRecord {
  atMs: number;
  meeting: number;
  motion: number;
  text: string;
  tally: string;
  outcome: string; // approved, approved_with_corrections, corrected, disapproved, correction_failed, not_valid
  version: number;
}

export interface Approval {
  version: number;
  disposition: string;
  approvedMs: number;
  motion: number;
  tally: string;
  corrections: string;
}

export interface MinutesContent {
  bodyName: string;
  title: string;
  titleDefault: boolean;
  kind: string;
  place: string;
  remote: string;
  /** When the meeting was called for (UTC ms; 0 for a meeting held without notice). */
  startsMs: number;
  timeZone: string;
  date: string;
  presiding: string;
  calledToOrderMs: number;
  adjournedMs: number | null;
  quorumAtCall: boolean;
  members: MemberRef[];
  attendance: AttendanceRecord[];
  absent: MemberRef[];
  quorum: QuorumChange[];
  items: ItemTakenUp[];
  motions: RecordedMotion[];
  closedSessions: ClosedSessionRecord[];
  /** B7: proxies presented at the meeting: noted, never counted or voted. */
  proxies: { member: string; holder: string; atMs: number }[];
  recesses: RecessRecord[];
  /** The clerk's narrative: the meeting's summary and one per item taken up. */
  summary: string;
  itemSummaries: Record<number, string>;
  corrections: Correction[];
}

export interface MinutesDocument {
  /** The index fields (status and version: the latest, as in the view). */
  entry: MinutesEntry;
  room: string;
  number: number;
  /** The version shown: 0 is the draft. */
  version: number;
  latestVersion: number;
  documentStatus: 'draft' | 'official' | 'superseded';
  content: MinutesContent;
  editList: MinutesEdit[];
  history: ApprovalRecord[];
  approval: Approval | null;
  digest: string;
}

const votesOf = (b: Body, k: string): RollCallEntry[] =>
  list(b, k).map((v) => ({ person: num(v, 'person'), name: str(v, 'name'), vote: str(v, 'vote') }));
const membersOf = (b: Body, k: string): MemberRef[] => list(b, k).map((m) => ({ person: num(m, 'person'), name: str(m, 'name') }));

function motionOf(m: Body): RecordedMotion {
  const notice = obj(m.notice);
  return {
    motion: num(m, 'motion'),
    kind: str(m, 'kind', 'main'),
    text: str(m, 'text'),
    mover: str(m, 'mover'),
    seconder: str(m, 'seconder'),
    item: num(m, 'item'),
    amends: num(m, 'amends'),
    result: str(m, 'result', 'pending'),
    threshold: str(m, 'threshold'),
    aye: num(m, 'aye'),
    nay: num(m, 'nay'),
    abstain: num(m, 'abstain'),
    notVoting: num(m, 'not_voting', votesOf(m, 'votes').filter((v) => v.vote === 'not_voting').length),
    suspensions: list(m, 'suspensions').map((x) => ({ atMs: num(x, 'at_ms'), reason: str(x, 'reason'), count: list(x, 'votes').length })),
    tally: str(m, 'tally'),
    votes: votesOf(m, 'votes'),
    madeMs: num(m, 'made_ms'),
    decidedMs: numOrNull(m, 'decided_ms'),
    valid: notice ? bool(notice, 'valid', true) : true,
  };
}

function closedSessionOf(c: Body): ClosedSessionRecord {
  const grounds = obj(c.grounds) ?? {};
  const statement = obj(c.statement);
  return {
    authority: str(grounds, 'authority'),
    citation: str(grounds, 'citation'),
    subject: str(grounds, 'subject'),
    closedMs: num(c, 'closed_ms'),
    openedMs: numOrNull(c, 'opened_ms'),
    statement: statement ? { text: str(statement, 'text'), result: str(statement, 'result'), votes: votesOf(statement, 'votes') } : null,
    guests: list(c, 'guests').map((g) => ({ name: str(g, 'name'), role: str(g, 'role'), admittedMs: num(g, 'admitted_ms'), dismissedMs: numOrNull(g, 'dismissed_ms') })),
  };
}

function contentOf(c: Body): MinutesContent {
  const narrative = obj(c.narrative) ?? {};
  const items = obj(narrative.items) ?? {};
  const itemSummaries: Record<number, string> = {};
  for (const [k, v] of Object.entries(items)) if (typeof v === 'string' && Number.isInteger(Number(k))) itemSummaries[Number(k)] = v;
  return {
    bodyName: str(c, 'body_name'),
    title: str(c, 'title'),
    titleDefault: bool(c, 'title_default'),
    kind: str(c, 'kind'),
    place: str(c, 'place'),
    remote: str(c, 'remote'),
    startsMs: num(c, 'starts_ms'),
    timeZone: str(c, 'time_zone', 'America/Denver'),
    date: str(c, 'date'),
    presiding: str(c, 'presiding'),
    calledToOrderMs: num(c, 'called_to_order_ms'),
    adjournedMs: numOrNull(c, 'adjourned_ms'),
    quorumAtCall: bool(c, 'quorum_at_call'),
    members: membersOf(c, 'members'),
    attendance: list(c, 'attendance').map((a) => ({
      person: num(a, 'person'),
      name: str(a, 'name'),
      mode: str(a, 'mode'),
      designee: str(a, 'designee'),
      arrivedMs: num(a, 'arrived_ms'),
      departedMs: numOrNull(a, 'departed_ms'),
      departure: str(a, 'departure'),
    })),
    absent: membersOf(c, 'absent'),
    quorum: list(c, 'quorum').map((q) => ({ atMs: num(q, 'at_ms'), established: bool(q, 'established'), text: str(q, 'text') })),
    items: list(c, 'items').map((i) => ({ item: num(i, 'item'), title: str(i, 'title'), type: str(i, 'type'), atMs: num(i, 'at_ms') })),
    motions: list(c, 'motions').map(motionOf),
    closedSessions: list(c, 'closed_sessions').map(closedSessionOf),
    proxies: list(c, 'proxies').map((x) => ({ member: str(x, 'member'), holder: str(x, 'holder'), atMs: num(x, 'at_ms') })),
    recesses: list(c, 'recesses').map((r) => {
      const cont = obj(r.continuation);
      return {
        atMs: num(r, 'at_ms'),
        note: str(r, 'note'),
        resumedMs: numOrNull(r, 'resumed_ms'),
        continuation: cont ? { startsMs: num(cont, 'starts_ms'), place: str(cont, 'place') } : null,
      };
    }),
    summary: str(narrative, 'summary'),
    itemSummaries,
    corrections: list(c, 'corrections').map((x) => ({
      text: str(x, 'text'),
      source: str(x, 'source') === 'body' ? 'body' : 'clerk',
      by: str(x, 'by'),
      atMs: num(x, 'at_ms'),
      motion: num(x, 'motion'),
      version: num(x, 'version'),
    })),
  };
}

/** The minutes document a `read` answered with; null when it is not one. */
export function minutesDocumentOf(result: unknown): MinutesDocument | null {
  const d = obj(result);
  if (!d || str(d, 'format') !== 'collegial-minutes/1') return null;
  const latestVersion = num(d, 'latest_version');
  const entry: MinutesEntry = { ...entryOf(d), status: latestVersion > 0 ? 'official' : 'draft', version: latestVersion };
  const approval = obj(d.approval);
  const status = str(d, 'status');
  return {
    entry,
    number: num(d, 'minutes', entry.number),
    room: str(d, 'room'),
    version: num(d, 'version'),
    latestVersion,
    documentStatus: status === 'official' ? 'official' : status === 'superseded' ? 'superseded' : 'draft',
    content: contentOf(obj(d.content) ?? {}),
    editList: list(d, 'edits').map((e) => ({
      edit: num(e, 'edit'),
      atMs: num(e, 'at_ms'),
      by: str(e, 'by'),
      part: str(e, 'part'),
      item: num(e, 'item'),
      text: str(e, 'text'),
    })),
    history: list(d, 'history').map((h) => ({
      atMs: num(h, 'at_ms'),
      meeting: num(h, 'meeting'),
      motion: num(h, 'motion'),
      text: str(h, 'text'),
      tally: str(h, 'tally'),
      outcome: str(h, 'outcome'),
      version: num(h, 'version'),
    })),
    approval: approval
      ? {
          version: num(approval, 'version'),
          disposition: str(approval, 'disposition'),
          approvedMs: num(approval, 'approved_ms'),
          motion: num(approval, 'motion'),
          tally: str(approval, 'tally'),
          corrections: str(approval, 'corrections'),
        }
      : null,
    digest: str(d, 'digest'),
  };
}

// ---------------------------------------------------------------------------------------------
// R2: lateness

/** The calendar day ("2026-11-19") at `ms` in `timeZone` (the body's; Denver when unknown). */
export function localDate(ms: number, timeZone: string): string {
  const format = (zone: string) =>
    new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(new Date(ms));
  let parts: Intl.DateTimeFormatPart[];
  try {
    parts = format(timeZone || 'America/Denver');
  } catch {
    parts = format('America/Denver');
  }
  const p = (t: string) => parts.find((x) => x.type === t)?.value ?? '';
  return `${p('year')}-${p('month')}-${p('day')}`;
}

export type Lateness =
  | { kind: 'overdue'; dueDate: string; today: string } // a draft not completed, past its due date
  | { kind: 'due'; dueDate: string; today: string } // a draft not completed, still in time
  | { kind: 'completed_late'; dueDate: string; date: string }
  | { kind: 'completed'; dueDate: string; date: string }
  | { kind: 'none' }; // approved, or no due date known

/**
 * R2: the draft is due 10 working days after the meeting. Overdue when not marked complete and
 * today, in the body's time zone, is after the due date; "completed late" when the server found
 * it so when it was marked complete. Approved minutes are past the question (as the server's
 * public pages say).
 */
export function lateness(
  entry: Pick<MinutesEntry, 'status' | 'versions' | 'dueDate' | 'completed' | 'timeZone'>,
  nowMs: number,
  timeZone = entry.timeZone,
): Lateness {
  if (entry.status !== 'draft' || entry.versions.length > 0 || !entry.dueDate) return { kind: 'none' };
  if (entry.completed) {
    return { kind: entry.completed.late ? 'completed_late' : 'completed', dueDate: entry.dueDate, date: entry.completed.date };
  }
  const today = localDate(nowMs, timeZone);
  // ISO dates compare as text.
  return today > entry.dueDate ? { kind: 'overdue', dueDate: entry.dueDate, today } : { kind: 'due', dueDate: entry.dueDate, today };
}

// ---------------------------------------------------------------------------------------------
// Who edits, and what

/** The policy's edit_minutes action: the clerk and the non-voting members (the director). */
export function mayEditMinutes(roles: readonly string[]): boolean {
  return roles.includes('clerk') || roles.includes('non_voting_member');
}

/** Whether the shown document takes edits: the draft (R3: approved minutes are locked). */
export function isEditableDraft(doc: Pick<MinutesDocument, 'documentStatus' | 'latestVersion'>): boolean {
  return doc.documentStatus === 'draft' && doc.latestVersion === 0;
}

/** The export addresses of the minutes shown (the room's name is the body's slug). */
export function exportLinks(room: string, number: number, version = 0): { pdf: string; md: string; json: string; page: string } {
  const base = `/public/${encodeURIComponent(room)}/minutes/${number}${version > 0 ? `/v${version}` : ''}`;
  return { pdf: `${base}.pdf`, md: `${base}.md`, json: `${base}.json`, page: base };
}

/**
 * IPRA: the records-request bundles of a held meeting, by its notice's number (`meeting` of the
 * minutes; docs/protocol.md, "Records-request bundles"). `public` is anyone's, for a public body
 * (closed sessions withheld); `api` is the same bundle for any body and `withClosedSession` the
 * clerk's, both for a Bearer token of one who may read closed sessions. Null for minutes of no
 * notice's meeting (`meeting` 0): the server bundles none.
 */
export function recordsLinks(room: string, meeting: number): { public: string; api: string; withClosedSession: string } | null {
  if (!(meeting > 0)) return null;
  const r = encodeURIComponent(room);
  return {
    public: `/public/${r}/meetings/${meeting}/records.zip`,
    api: `/api/rooms/${r}/meetings/${meeting}/records.zip`,
    withClosedSession: `/api/rooms/${r}/meetings/${meeting}/records-with-closed-session.zip`,
  };
}

/**
 * A text field of the editor: the server's text it started from (`base`) and what is typed.
 * A field nobody is typing in follows the server; one being edited keeps what is typed.
 */
export interface DraftField {
  base: string;
  value: string;
}

export function syncField(field: DraftField | undefined, server: string): DraftField {
  if (!field || field.value === field.base || field.value === server) return { base: server, value: server };
  return field;
}

/** Someone else saved a different text while this field was being edited. */
export function fieldConflict(field: DraftField | undefined, server: string): boolean {
  return !!field && field.value !== field.base && server !== field.base && server !== field.value;
}

export function fieldDirty(field: DraftField | undefined, server: string): boolean {
  return !!field && field.value !== server;
}

// ---------------------------------------------------------------------------------------------
// R3: approval by motion

export interface ApprovalChoice {
  entry: MinutesEntry;
  /** Official minutes are corrected only: the motion needs corrections text. */
  needsCorrections: boolean;
}

/** The minutes a member may move to approve: drafts, and official ones to correct. */
export function approvalChoices(index: MinutesIndex): ApprovalChoice[] {
  return index.entries.map((entry) => ({ entry, needsCorrections: entry.status === 'official' }));
}

export type ApproveArgs = { ok: true; args: { kind: 'approve_minutes'; minutes: number; corrections?: string } } | { ok: false; reason: 'choose' | 'needs_corrections' };

export function approveMotionArgs(choice: ApprovalChoice | undefined, corrections: string): ApproveArgs {
  if (!choice) return { ok: false, reason: 'choose' };
  const fix = corrections.trim();
  if (choice.needsCorrections && !fix) return { ok: false, reason: 'needs_corrections' };
  return { ok: true, args: { kind: 'approve_minutes', minutes: choice.entry.number, ...(fix ? { corrections: fix } : {}) } };
}

/**
 * The title of the meeting some minutes are of, in the reader's language (Collegial's default
 * title said in it: notice.ts, meetingTitle), or '' when it has none worth saying (the server
 * titles the minutes of a meeting held without notice "meeting").
 */
export function minutesTitle(m: { kind: string; title: string; titleDefault: boolean }, bodyName: string, t: Translate): string {
  const title = meetingTitle({ ...m, bodyName }, t);
  return title && title !== 'meeting' ? title : '';
}
