// Motions and votes (the motions plugin: M1–M8, Q3) folded the way the server folds them
// (plugins/motions/motions_plugin.cpp, MotionsPlugin::apply): a stack of pending motions whose
// top is the question on the floor, motions laid on the table, and each decided vote with its
// roll call. A vote the loss of quorum (or an adjournment or recess) interrupts is suspended
// (`motions.vote_suspended`, Q3): its votes are void and the question is stated again, for the chair
// to put anew. A decided vote's roll call names each member's vote: aye, nay, abstain, not_voting
// (present but did not vote, the chair among them, M8) or absent.

import { bool, list, num, str, type Body } from './body';
import { serverTextsOf, type ServerText } from '../i18n/server_messages';

export type Choice = 'aye' | 'nay' | 'abstain';
export type MotionStep = 'made' | 'seconded' | 'stated' | 'voting';

export interface Tally {
  aye: number;
  nay: number;
  abstain: number;
}

export interface CastVote {
  person: number;
  name: string;
  choice: Choice;
}

export interface Motion {
  number: number;
  kind: string; // main, amend, amend_secondary, adjourn, …
  text: string;
  threshold: string;
  mover: number;
  moverName: string;
  seconder: number;
  seconderName: string;
  secondRequired: boolean;
  amends: number; // the motion an amendment would reword
  target: number; // the motion a table/postpone/refer/reconsider acts on
  step: MotionStep;
  votes: CastVote[]; // the latest vote of each person, in the order first cast
  tally: Tally;
  /** M4: the previous question was ordered on it: no further debate or amendment. */
  questionOrdered: boolean;
  /** Q3: the last vote on it was suspended, and not yet called again. */
  suspended: Suspension | null;
}

export interface RollCallEntry {
  person: number;
  name: string;
  vote: string; // aye, nay, abstain, not_voting, absent
}

export type SuspendReason = 'quorum lost' | 'meeting adjourned' | 'meeting recessed' | string;

/** Q3: a vote suspended before it closed; the votes it lists are void. */
export interface Suspension {
  reason: SuspendReason;
  votes: RollCallEntry[];
  tally: Tally;
  seq: number;
  ts: number;
}

/** N9: whether the action is valid, given the meeting's notice (`motions.decided`'s `notice`). */
export interface DecisionNotice {
  meeting: number;
  valid: boolean;
  findings: string[];
  /** N9's remedy: the server's English with its catalog key (`cure`, `cure_key`), or null. */
  cure: ServerText | null;
}

export interface Decision {
  number: number;
  kind: string;
  text: string;
  threshold: string;
  result: 'adopted' | 'failed';
  tally: Tally;
  /** M2: present members who did not vote, and members absent (the roll call's own counts). */
  notVoting: number;
  absent: number;
  votes: RollCallEntry[];
  seq: number;
  ts: number;
  notice: DecisionNotice | null;
  /** The motion as it stood when decided (M6 may bring it back), when it was seen pending. */
  motion: Motion | null;
}

export interface MotionsState {
  pending: Motion[]; // a stack: the last is the immediately pending question
  tabled: Motion[];
  decided: Decision[]; // in the order decided
}

export const initialMotions: MotionsState = { pending: [], tabled: [], decided: [] };

const noVotes: Tally = { aye: 0, nay: 0, abstain: 0 };

function choiceOf(value: string): Choice {
  return value === 'aye' || value === 'nay' ? value : 'abstain';
}

function count(votes: CastVote[]): Tally {
  const t = { ...noVotes };
  for (const v of votes) t[v.choice] += 1;
  return t;
}

function update(state: MotionsState, number: number, change: (m: Motion) => Motion): MotionsState {
  if (!state.pending.some((m) => m.number === number)) return state;
  return { ...state, pending: state.pending.map((m) => (m.number === number ? change(m) : m)) };
}

export function foldMotions(state: MotionsState, type: string, body: Body, ts: number, seq: number): MotionsState {
  const number = num(body, 'motion');
  switch (type) {
    case 'motions.made': {
      const motion: Motion = {
        number,
        kind: str(body, 'kind', 'main'),
        text: str(body, 'text'),
        threshold: str(body, 'threshold', 'majority_of_votes_cast'),
        mover: num(body, 'mover'),
        moverName: str(body, 'mover_name'),
        seconder: 0,
        seconderName: '',
        secondRequired: bool(body, 'second_required', true),
        amends: num(body, 'amends'),
        target: num(body, 'target'),
        step: 'made',
        votes: [],
        tally: { ...noVotes },
        questionOrdered: false,
        suspended: null,
      };
      return { ...state, pending: [...state.pending, motion] };
    }
    case 'motions.seconded':
      return update(state, number, (m) => ({
        ...m,
        step: 'seconded',
        seconder: num(body, 'seconder'),
        seconderName: str(body, 'seconder_name'),
      }));
    case 'motions.stated':
      return update(state, number, (m) => ({ ...m, step: 'stated' }));
    case 'motions.voting_opened':
      // The chair puts the question (again, after a suspension).
      return update(state, number, (m) => ({ ...m, step: 'voting', suspended: null }));
    case 'motions.vote_suspended':
      // Q3: the votes cast are void; the question is stated again, for the chair to put anew.
      return update(state, number, (m) => ({
        ...m,
        step: 'stated',
        votes: [],
        tally: { ...noVotes },
        suspended: {
          reason: str(body, 'reason'),
          votes: rollCallOf(body),
          tally: { aye: num(body, 'aye'), nay: num(body, 'nay'), abstain: num(body, 'abstain') },
          seq,
          ts,
        },
      }));
    case 'motions.vote_cast':
      return update(state, number, (m) => {
        const vote: CastVote = { person: num(body, 'person'), name: str(body, 'name'), choice: choiceOf(str(body, 'choice')) };
        const known = m.votes.some((v) => v.person === vote.person);
        const votes = known ? m.votes.map((v) => (v.person === vote.person ? vote : v)) : [...m.votes, vote];
        return { ...m, votes, tally: count(votes) };
      });
    case 'motions.tally':
      // The plugin's own count, announced after every vote: the authority.
      return update(state, number, (m) => ({
        ...m,
        tally: { aye: num(body, 'aye'), nay: num(body, 'nay'), abstain: num(body, 'abstain') },
      }));
    case 'motions.withdrawn':
      return { ...state, pending: state.pending.filter((m) => m.number !== number) };
    case 'motions.decided':
      return decide(state, number, body, ts, seq);
    default:
      return state;
  }
}

const STEPS: readonly MotionStep[] = ['made', 'seconded', 'stated', 'voting'];

/**
 * The motions from their view (the pending stack, bottom first), to start from or to catch up
 * with. The view gives each motion's wording, step, counts and who moved and seconded it by id;
 * what only the events say is taken from `known`, the fold of the events this client received
 * (`withKnown`). The view lists neither tabled nor decided motions: those are `known`'s.
 */
export function motionsFromView(view: Body, known: MotionsState, nameOf: (person: number) => string): MotionsState {
  const pending = list(view, 'pending').map((b): Motion => {
    const kind = str(b, 'kind', 'main');
    const mover = num(b, 'mover');
    const seconder = num(b, 'seconder');
    const state = str(b, 'state');
    return {
      number: num(b, 'motion'),
      kind,
      text: str(b, 'text'),
      threshold: str(b, 'threshold', 'majority_of_votes_cast'),
      mover,
      moverName: nameOf(mover),
      seconder,
      seconderName: seconder ? nameOf(seconder) : '',
      // C4: the statement is never seconded; for the others, see withKnown.
      secondRequired: kind !== 'closed_session_statement',
      amends: num(b, 'amends'),
      target: 0,
      step: STEPS.find((x) => x === state) ?? 'made',
      votes: [],
      tally: { aye: num(b, 'aye'), nay: num(b, 'nay'), abstain: num(b, 'abstain') },
      questionOrdered: bool(b, 'question_ordered'),
      suspended: null,
    };
  });
  return { pending: withKnown(pending, known), tabled: known.tabled, decided: known.decided };
}

/**
 * Pending motions as a view gives them, with what only the events say taken from `known` (the
 * fold of the events received) for those it saw made: the names the events gave, each member's
 * vote, a suspension, the motion a table or reconsider motion acts on, whether a second is
 * needed. For the others, whether a second is needed (M1: not in small-board mode) is what the
 * latest motion `known` saw made says of the body; otherwise it stays unknown, taken as needed.
 */
export function withKnown(pending: Motion[], known: MotionsState): Motion[] {
  const seenMade = [...known.pending, ...known.tabled, ...known.decided.map((d) => d.motion)]
    .filter((m): m is Motion => m !== null && m.kind !== 'closed_session_statement')
    .sort((a, b) => b.number - a.number)[0];
  return pending.map((m) => {
    const seen = known.pending.find((x) => x.number === m.number);
    if (seen) {
      const { moverName, seconderName, secondRequired, target, votes, suspended } = seen;
      return { ...m, moverName: moverName || m.moverName, seconderName: seconderName || m.seconderName, secondRequired, target, votes, suspended };
    }
    return seenMade && m.kind !== 'closed_session_statement' ? { ...m, secondRequired: seenMade.secondRequired } : m;
  });
}

function rollCallOf(body: Body): RollCallEntry[] {
  return list(body, 'votes').map((v) => ({ person: num(v, 'person'), name: str(v, 'name'), vote: str(v, 'vote') }));
}

function noticeOf(value: unknown): DecisionNotice | null {
  if (!value || typeof value !== 'object') return null;
  const b = value as Body;
  const findings = Array.isArray(b.findings) ? b.findings.filter((f): f is string => typeof f === 'string') : [];
  const english = typeof b.cure === 'string' ? b.cure : b.cure && typeof b.cure === 'object' ? str(b.cure as Body, 'text') : '';
  const cure = english ? serverTextsOf([english], b.cure_key ? [b.cure_key] : null)[0] ?? null : null;
  return { meeting: num(b, 'meeting'), valid: bool(b, 'valid', true), findings, cure };
}

function decide(state: MotionsState, number: number, body: Body, ts: number, seq: number): MotionsState {
  const motion = state.pending.find((m) => m.number === number);
  const result = str(body, 'result') === 'adopted' ? 'adopted' : 'failed';
  const votes = rollCallOf(body);
  const decision: Decision = {
    number,
    kind: str(body, 'kind', motion?.kind ?? 'main'),
    text: str(body, 'motion_text', motion?.text ?? ''),
    threshold: str(body, 'threshold', motion?.threshold ?? ''),
    result,
    tally: { aye: num(body, 'aye'), nay: num(body, 'nay'), abstain: num(body, 'abstain') },
    // The roll call's own counts; a log from before they were given counts its entries.
    notVoting: num(body, 'not_voting', votes.filter((v) => v.vote === 'not_voting').length),
    absent: num(body, 'absent', votes.filter((v) => v.vote === 'absent').length),
    votes,
    seq,
    ts,
    notice: noticeOf(body.notice),
    motion: motion ?? null,
  };
  let pending = state.pending.filter((m) => m.number !== number);
  let tabled = state.tabled;
  const next = { ...state, decided: [...state.decided, decision] };
  if (!motion || result !== 'adopted') return { ...next, pending };
  // The decision names the motions it acts on (a client that started from the views may not know).
  const amends = num(body, 'amends', motion.amends);
  const target = num(body, 'target', motion.target);

  // M5: an adopted amendment gives the motion it amends its new wording.
  if (amends) pending = pending.map((m) => (m.number === amends ? { ...m, text: motion.text } : m));
  // M6: the motion acted on leaves the floor (table, postpone, refer) or comes back to it.
  if (motion.kind === 'lay_on_table' || motion.kind === 'postpone' || motion.kind === 'refer' || motion.kind === 'withdraw') {
    const acted = pending.find((m) => m.number === target);
    if (acted) {
      if (motion.kind === 'lay_on_table') tabled = [...tabled, acted];
      pending = pending.filter((m) => m.number !== target);
    }
  } else if (motion.kind === 'previous_question') {
    // M4: debate is closed on the motion, and it is not amended further.
    pending = pending.map((m) => (m.number === target ? { ...m, questionOrdered: true } : m));
  } else if (motion.kind === 'take_from_table') {
    const acted = tabled.find((m) => m.number === target);
    if (acted) {
      pending = [...pending, acted];
      tabled = tabled.filter((m) => m.number !== target);
    }
  } else if (motion.kind === 'reconsider') {
    const earlier = state.decided.find((d) => d.number === target)?.motion;
    // Back before the body, to be voted on anew.
    if (earlier) pending = [...pending, { ...earlier, step: 'stated', votes: [], tally: { ...noVotes }, suspended: null }];
  }
  return { ...next, pending, tabled };
}

/** The question on the floor: the immediately pending motion. */
export function onTheFloor(state: MotionsState): Motion | null {
  return state.pending.length > 0 ? state.pending[state.pending.length - 1]! : null;
}

/** How `person` voted on the motion, if they did. */
export function voteOf(motion: Motion, person: number): Choice | null {
  return motion.votes.find((v) => v.person === person)?.choice ?? null;
}
