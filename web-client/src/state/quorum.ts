// Presence and quorum (the quorum plugin: Q1, Q2, B5, B7), and the quorum bar.

import { bool, list, num, str, type Body } from './body';

export interface Presence {
  person: number;
  name: string;
  mode: 'remote' | 'in_person';
  counts: boolean; // a voting seat whose presence counts toward quorum (B7, Q1)
  sinceMs: number;
}

export interface Departure {
  person: number;
  reason: string; // left, marked absent, disconnected
  seq: number;
}

export interface QuorumState {
  present: Presence[]; // in order of arrival
  hasQuorum: boolean; // as the quorum plugin last announced
  /** Voting members and the number needed, once the plugin has said (an announcement or a roll call). */
  members: number | null;
  required: number | null;
  lastDeparture: Departure | null;
}

export const initialQuorum: QuorumState = {
  present: [],
  hasQuorum: false,
  members: null,
  required: null,
  lastDeparture: null,
};

export function foldQuorum(state: QuorumState, type: string, body: Body, ts: number, seq: number): QuorumState {
  switch (type) {
    case 'quorum.arrived': {
      const person = num(body, 'person');
      const arrival: Presence = {
        person,
        name: str(body, 'name'),
        mode: str(body, 'mode') === 'in_person' ? 'in_person' : 'remote',
        counts: bool(body, 'counts'),
        sinceMs: ts,
      };
      return { ...state, present: [...state.present.filter((p) => p.person !== person), arrival] };
    }
    case 'quorum.departed': {
      const person = num(body, 'person');
      return {
        ...state,
        present: state.present.filter((p) => p.person !== person),
        lastDeparture: { person, reason: str(body, 'reason'), seq },
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
            mode: str(p, 'mode') === 'in_person' ? 'in_person' : 'remote',
            counts: true,
            sinceMs: ts,
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
