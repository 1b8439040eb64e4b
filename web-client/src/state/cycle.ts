// The professional-development cycle (L3): train the experts → regional training → observe
// implementation → coach for capacity → report further training needs to the state. Each
// initiative with how many entries each step has, folded from `cycle.*` as the server's plugin
// folds them and seeded from the `cycle` view at its seq. Its entries by name are the report,
// read (`read`, plugin `cycle`) by those who run the cycle (schedule_webinar); the form's fields
// are turned into `cycle.start` and `cycle.record` arguments here.

import { list, num, str, type Body } from './body';

/** L3: the steps, in the cycle's order. */
export const STEPS = ['experts_trained', 'regional_training', 'observation', 'coaching', 'report'] as const;
export type Step = (typeof STEPS)[number];

export function isStep(s: string): s is Step {
  return (STEPS as readonly string[]).includes(s);
}

export interface Initiative {
  initiative: number;
  title: string;
  region: string;
  by: string;
  startedMs: number;
  /** Entries recorded per step. */
  steps: Record<Step, number>;
}

export interface CycleState {
  /** The seq of the last view seeded (0: none). */
  atSeq: number;
  initiatives: Initiative[];
  /** The seq of the last `cycle.*` event (0: none): an open report is read again after it. */
  changedAt: number;
}

export const initialCycle: CycleState = { atSeq: 0, initiatives: [], changedAt: 0 };

const noSteps = (): Record<Step, number> => ({ experts_trained: 0, regional_training: 0, observation: 0, coaching: 0, report: 0 });

export function foldCycle(state: CycleState, type: string, body: Body, seq: number, ts: number): CycleState {
  if (type === 'cycle.started') {
    const n = num(body, 'initiative');
    if (n <= 0 || state.initiatives.some((i) => i.initiative === n)) return { ...state, changedAt: seq };
    const started: Initiative = { initiative: n, title: str(body, 'title'), region: str(body, 'region'), by: str(body, 'by'), startedMs: ts, steps: noSteps() };
    return { ...state, initiatives: [...state.initiatives, started].sort((a, b) => a.initiative - b.initiative), changedAt: seq };
  }
  if (type === 'cycle.recorded') {
    const n = num(body, 'initiative');
    const step = str(body, 'step');
    if (!isStep(step)) return { ...state, changedAt: seq };
    return {
      ...state,
      changedAt: seq,
      initiatives: state.initiatives.map((i) => (i.initiative === n ? { ...i, steps: { ...i.steps, [step]: i.steps[step] + 1 } } : i)),
    };
  }
  return state;
}

/** Seeds the initiatives from the `cycle` view (`{"initiatives":[…]}`) at `seq`. */
export function cycleFromView(state: CycleState, view: Body, seq: number): CycleState {
  if (seq < state.atSeq) return state;
  const initiatives = list(view, 'initiatives').map((b): Initiative => {
    const counts = b.steps && typeof b.steps === 'object' ? (b.steps as Body) : {};
    const steps = noSteps();
    for (const s of STEPS) steps[s] = num(counts, s);
    return { initiative: num(b, 'initiative'), title: str(b, 'title'), region: str(b, 'region'), by: str(b, 'by'), startedMs: num(b, 'started_ms'), steps };
  });
  return { ...state, atSeq: seq, initiatives: initiatives.filter((i) => i.initiative > 0).sort((a, b) => a.initiative - b.initiative) };
}

/**
 * The next step the cycle expects: the first not yet recorded (L3: each step follows one already
 * recorded), or null once the report is recorded.
 */
export function nextStep(steps: Record<Step, number>): Step | null {
  return STEPS.find((s) => steps[s] === 0) ?? null;
}

/** Whether `step` may be recorded now: the first step always, any other once the one before it is recorded (a step may be recorded again). */
export function mayRecord(steps: Record<Step, number>, step: Step): boolean {
  const i = STEPS.indexOf(step);
  return i === 0 || steps[STEPS[i - 1]!] > 0;
}

/** Names as typed: one a line or separated by commas (or semicolons), trimmed, blanks dropped. */
export function parseNames(text: string): string[] {
  return text
    .split(/[\n,;]/)
    .map((s) => s.trim())
    .filter(Boolean);
}

export interface StartForm {
  title: string;
  region: string;
  notes: string;
}

export type StartProblem = 'title';

export function startArgs(f: StartForm): { ok: true; args: Record<string, unknown> } | { ok: false; problems: StartProblem[] } {
  const title = f.title.trim();
  if (!title) return { ok: false, problems: ['title'] };
  const args: Record<string, unknown> = { title };
  if (f.region.trim()) args.region = f.region.trim();
  if (f.notes.trim()) args.notes = f.notes.trim();
  return { ok: true, args };
}

export interface RecordForm {
  step: Step;
  date: string; // YYYY-MM-DD
  people: string;
  notes: string;
  /** A regional training's webinar (its number as text), '' for none. */
  webinar: string;
  needs: string;
}

export type RecordProblem = 'date' | 'people' | 'needs';

export function recordArgs(
  initiative: number,
  f: RecordForm,
): { ok: true; args: Record<string, unknown> } | { ok: false; problems: RecordProblem[] } {
  const problems: RecordProblem[] = [];
  if (!/^\d{4}-\d{2}-\d{2}$/.test(f.date)) problems.push('date');
  const people = parseNames(f.people);
  if (people.length === 0) problems.push('people');
  const needs = parseNames(f.needs);
  if (f.step === 'report' && needs.length === 0) problems.push('needs');
  if (problems.length > 0) return { ok: false, problems };
  const args: Record<string, unknown> = { initiative, step: f.step, date: f.date, people };
  if (f.notes.trim()) args.notes = f.notes.trim();
  if (f.step === 'regional_training' && /^\d+$/.test(f.webinar)) args.webinar = Number(f.webinar);
  if (f.step === 'report') args.needs = needs;
  return { ok: true, args };
}

/** One entry of the report (`read` with format json). */
export interface CycleEntry {
  entry: number;
  step: Step;
  date: string;
  people: string[];
  notes: string;
  webinar: number | null;
  needs: string[];
  by: string;
  recordedMs: number;
}

export interface CycleReport {
  initiative: number;
  title: string;
  region: string;
  notes: string;
  by: string;
  startedMs: number;
  steps: { step: Step; entries: CycleEntry[] }[];
}

const strings = (b: Body, k: string): string[] => (Array.isArray(b[k]) ? (b[k] as unknown[]).filter((x): x is string => typeof x === 'string') : []);

export function cycleReportOf(result: unknown): CycleReport | null {
  if (!result || typeof result !== 'object') return null;
  const r = result as Body;
  const steps = list(r, 'steps')
    .map((s) => ({ step: str(s, 'step'), entries: list(s, 'entries') }))
    .filter((s): s is { step: Step; entries: Body[] } => isStep(s.step))
    .map((s) => ({
      step: s.step,
      entries: s.entries.map((e) => ({
        entry: num(e, 'entry'),
        step: s.step,
        date: str(e, 'date'),
        people: strings(e, 'people'),
        notes: str(e, 'notes'),
        webinar: typeof e.webinar === 'number' ? e.webinar : null,
        needs: strings(e, 'needs'),
        by: str(e, 'by'),
        recordedMs: num(e, 'recorded_ms'),
      })),
    }));
  return {
    initiative: num(r, 'initiative'),
    title: str(r, 'title'),
    region: str(r, 'region'),
    notes: str(r, 'notes'),
    by: str(r, 'by'),
    startedMs: num(r, 'started_ms'),
    steps,
  };
}

/** The CSV of the report (`read` with format csv answers `{"csv":"…"}`). */
export function csvOf(result: unknown): string | null {
  return result && typeof result === 'object' && typeof (result as Body).csv === 'string' ? ((result as Body).csv as string) : null;
}

/** A file name for the report: "cycle-rec6-literacy-1.csv". */
export function csvFileName(room: string, initiative: number): string {
  return `cycle-${room.replace(/[^a-z0-9._-]/gi, '_')}-${initiative}.csv`;
}
