// Presence and quorum (the quorum plugin: Q1, Q2, B5, B7), and the quorum bar. Presence belongs
// to one meeting: the adjournment (or a recess to a later day) records everyone as departed, in
// the same append, and members say "I am present" again at the next meeting. A member's seat may
// be held by a designee the clerk records (B7); a proxy is only noted, never counted.

import { bool, list, num, str, type Body } from './body';

export type PresenceMode = 'remote' | 'in_person' | 'designee';

/** B7: who sits in a member's seat for them (`quorum.designee`). */
export interface Designee {
  name: string;
  person: number; // 0 when the designee has no account
}

export interface Presence {
  person: number;
  name: string;
  mode: PresenceMode;
  counts: boolean; // a voting seat whose presence counts toward quorum (B7, Q1)
  sinceMs: number;
  designee: Designee | null;
}

/** B7: a proxy presented for an absent member: noted in the record, never counted, never voted. */
export interface Proxy {
  member: number;
  memberName: string;
  holder: string;
  note: string;
}

export interface Departure {
  person: number;
  reason: string; // left, marked absent, disconnected
  seq: number;
}

/** A voting seat of the body, as the log last named them. */
export interface RosterMember {
  person: number;
  name: string;
}

export interface QuorumState {
  present: Presence[]; // in order of arrival
  /**
   * Who sits on the body (the voting seats), once the log has named them: the quorum view gives
   * only their number, so the list comes from the last call to order (its `members`), roll call
   * (present and absent) or decided vote (every member's vote, "absent" included). Null before.
   */
  roster: RosterMember[] | null;
  hasQuorum: boolean; // as the quorum plugin last announced
  /** Voting members and the number needed, once the plugin has said (an announcement or a roll call). */
  members: number | null;
  required: number | null;
  lastDeparture: Departure | null;
  /** B7: the proxies noted for this meeting (each lapses when its member arrives, all at the adjournment). */
  proxies: Proxy[];
  /**
   * L4, in a learning circle: each council whose quorum is present in the circle now (the
   * quorum plugin's warnings in force), in order of council.
   */
  omaWarnings: OmaWarning[];
}

/** L4: a quorum of a council gathered in a learning circle (`quorum.oma_warning`). */
export interface OmaWarning {
  council: number;
  councilName: string;
  present: string[]; // the council's voting members present, by name
  counted: number;
  required: number;
  seq: number; // the event that raised it (0 when seeded from the view)
}

export const initialQuorum: QuorumState = {
  present: [],
  roster: null,
  hasQuorum: false,
  members: null,
  required: null,
  lastDeparture: null,
  proxies: [],
  omaWarnings: [],
};

export function modeOf(value: string): PresenceMode {
  return value === 'in_person' || value === 'designee' ? value : 'remote';
}

function designeeOf(value: unknown): Designee | null {
  if (!value || typeof value !== 'object') return null;
  const b = value as Body;
  return { name: str(b, 'name'), person: num(b, 'person') };
}

function proxyOf(b: Body): Proxy {
  return { member: num(b, 'member'), memberName: str(b, 'member_name'), holder: str(b, 'holder'), note: str(b, 'note') };
}

/**
 * Who sits on the body, from the quorum view's `seats` (Q1, B7: every voting seat, in the
 * roster's order; the server follows the roster as seats are given or ended). Null when the
 * view has none (a server from before it named them): the roster is then inferred from events.
 */
export function rosterFromView(view: Body): RosterMember[] | null {
  if (!Array.isArray(view.seats)) return null;
  return list(view, 'seats')
    .map((s) => ({ person: num(s, 'person'), name: str(s, 'name') }))
    .filter((m) => m.person > 0);
}

/** The proxies noted, from the quorum view's `proxies` (null when the view has none). */
export function proxiesFromView(view: Body): Proxy[] | null {
  if (!Array.isArray(view.proxies)) return null;
  return list(view, 'proxies').map(proxyOf);
}

function omaWarningOf(b: Body, seq: number): OmaWarning {
  return {
    council: num(b, 'council'),
    councilName: str(b, 'council_name'),
    present: Array.isArray(b.present) ? b.present.filter((x): x is string => typeof x === 'string') : [],
    counted: num(b, 'counted'),
    required: num(b, 'required'),
    seq,
  };
}

/** The warnings in force from the quorum view's `oma_warnings` (null when the view has none). */
export function omaWarningsFromView(view: Body): OmaWarning[] | null {
  if (!Array.isArray(view.oma_warnings)) return null;
  return list(view, 'oma_warnings')
    .map((b) => omaWarningOf(b, 0))
    .sort((a, b) => a.council - b.council);
}

function presenceOf(p: Body, ts: number): Presence {
  return {
    person: num(p, 'person'),
    name: str(p, 'name'),
    mode: modeOf(str(p, 'mode')),
    counts: bool(p, 'counts'),
    sinceMs: num(p, 'since_ms', ts),
    designee: designeeOf(p.designee),
  };
}

/**
 * The quorum from its view, to start from: who is present (the view lists them by person; here
 * in order of arrival, as the events would), the seats, the quorum as last announced (0 members:
 * not said yet), the proxies and the L4 warnings in force. The last departure is the events' to say.
 */
export function quorumFromView(view: Body): QuorumState {
  const present = list(view, 'present')
    .map((p) => presenceOf(p, 0))
    .sort((a, b) => a.sinceMs - b.sinceMs || a.person - b.person);
  const said = (k: string) => (num(view, k) > 0 ? num(view, k) : null);
  return {
    ...initialQuorum,
    present,
    roster: rosterFromView(view),
    hasQuorum: bool(view, 'has_quorum'),
    members: said('members'),
    required: said('required'),
    proxies: proxiesFromView(view) ?? [],
    omaWarnings: omaWarningsFromView(view) ?? [],
  };
}

/** A person's name as the quorum knows it (a voting seat, or someone present), '' when it does not. */
export function nameIn(q: QuorumState, person: number): string {
  return q.roster?.find((m) => m.person === person)?.name ?? q.present.find((p) => p.person === person)?.name ?? '';
}

function foldOma(state: QuorumState, type: string, body: Body, seq: number): QuorumState {
  if (type !== 'quorum.oma_warning' && type !== 'quorum.oma_warning_cleared') return state;
  const council = num(body, 'council');
  const others = state.omaWarnings.filter((w) => w.council !== council);
  const omaWarnings = type === 'quorum.oma_warning' ? [...others, omaWarningOf(body, seq)].sort((a, b) => a.council - b.council) : others;
  return { ...state, omaWarnings };
}

function rosterOf(entries: Body[]): RosterMember[] | null {
  const seen = new Set<number>();
  const roster: RosterMember[] = [];
  for (const e of entries) {
    const person = num(e, 'person');
    if (person <= 0 || seen.has(person)) continue;
    seen.add(person);
    roster.push({ person, name: str(e, 'name') });
  }
  return roster.length > 0 ? roster : null;
}

export function foldQuorum(state: QuorumState, type: string, body: Body, ts: number, seq: number): QuorumState {
  const next = foldOma(foldPresence(state, type, body, ts, seq), type, body, seq);
  let named: RosterMember[] | null = null;
  if (type === 'meeting.called_to_order') named = rosterOf(list(body, 'members'));
  else if (type === 'quorum.roll_called') named = rosterOf([...list(body, 'present'), ...list(body, 'absent')].sort((a, b) => num(a, 'person') - num(b, 'person')));
  else if (type === 'motions.decided') named = rosterOf(list(body, 'votes'));
  return named ? { ...next, roster: named } : next;
}

/** The voting members of the roster not recorded present (empty while the roster is unknown). */
export function absentMembers(q: QuorumState): RosterMember[] {
  return (q.roster ?? []).filter((m) => !q.present.some((p) => p.person === m.person));
}

function foldPresence(state: QuorumState, type: string, body: Body, ts: number, seq: number): QuorumState {
  switch (type) {
    case 'quorum.arrived': {
      const person = num(body, 'person');
      const arrival: Presence = {
        person,
        name: str(body, 'name'),
        mode: modeOf(str(body, 'mode')),
        counts: bool(body, 'counts'),
        sinceMs: ts,
        designee: designeeOf(body.designee),
      };
      return {
        ...state,
        present: [...state.present.filter((p) => p.person !== person), arrival],
        // Present now (in person, remotely or by designee): a proxy noted for them lapses.
        proxies: state.proxies.filter((x) => x.member !== person),
      };
    }
    case 'quorum.proxy_noted': {
      const proxy = proxyOf(body);
      return { ...state, proxies: [...state.proxies.filter((x) => x.member !== proxy.member), proxy] };
    }
    case 'meeting.adjourned':
      // Q1: presence and proxies are for one meeting. The departures follow in the same append;
      // a log from before they did has none, so presence ends here too (as the server's fold).
      return { ...state, present: [], proxies: [], hasQuorum: false };
    case 'quorum.departed': {
      const person = num(body, 'person');
      return {
        ...state,
        present: state.present.filter((p) => p.person !== person),
        lastDeparture: { person, reason: str(body, 'reason'), seq },
      };
    }
    case 'quorum.presence': {
      // C3: the presence as the body returned to open session, restated for everyone (the
      // public's arrivals and departures during the closed session were withheld): it replaces
      // what was known.
      const present = list(body, 'present').map((p) => presenceOf(p, ts));
      return {
        ...state,
        present,
        hasQuorum: bool(body, 'has_quorum', state.hasQuorum),
        members: num(body, 'members', state.members ?? 0),
        required: num(body, 'required', state.required ?? 0),
      };
    }
    case 'quorum.established':
    case 'quorum.lost':
      return {
        ...state,
        hasQuorum: type === 'quorum.established',
        members: num(body, 'members', state.members ?? 0),
        required: num(body, 'required', state.required ?? 0),
      };
    case 'quorum.roll_called': {
      // The roll call is the full record: it also names who is present.
      const present = list(body, 'present').map<Presence>((p) => {
        const known = state.present.find((x) => x.person === num(p, 'person'));
        return (
          known ?? {
            person: num(p, 'person'),
            name: str(p, 'name'),
            mode: modeOf(str(p, 'mode')),
            counts: true,
            sinceMs: ts,
            designee: designeeOf(p.designee),
          }
        );
      });
      const others = state.present.filter((p) => !present.some((x) => x.person === p.person));
      return {
        ...state,
        present: [...present, ...others],
        members: num(body, 'members', state.members ?? 0),
        required: num(body, 'required', state.required ?? 0),
      };
    }
    default:
      return state;
  }
}

export interface QuorumBar {
  counted: number; // voting members present whose presence counts
  members: number | null;
  required: number | null;
  hasQuorum: boolean;
  /** 0..1 of the members present, for the bar; null while the membership is not known. */
  fraction: number | null;
}

export function quorumBar(q: QuorumState): QuorumBar {
  const counted = q.present.filter((p) => p.counts).length;
  return {
    counted,
    members: q.members,
    required: q.required,
    hasQuorum: q.hasQuorum,
    fraction: q.members ? Math.min(1, counted / q.members) : null,
  };
}

/**
 * Whether `person` may move, second and vote now (Q1, M2): a voting seat recorded present in a
 * way the body counts, or (B7) the counted designee of one.
 */
export function presentVoter(q: QuorumState, person: number | null): boolean {
  if (person === null) return false;
  return q.present.some((p) => p.counts && (p.person === person || (p.designee !== null && p.designee.person === person)));
}
