// The speaker queue (the speakers plugin: P1-P3), folded from its events as the server folds
// them: who asked for the floor on the item before the body, in order; who has the floor and
// until when; whether a point of order stops the speaker's clock (P3, M7). The plugin's view is
// the whole state, so a room started from the views holds it exactly.

import { bool, list, num, str, type Body } from './body';

export interface SpeakerRequest {
  person: number;
  name: string;
  sinceMs: number;
}

export interface Floor {
  person: number;
  name: string;
  sinceMs: number;
  /** 0: no time limit (P2). */
  untilMs: number;
  /** The time left while a point of order stops the clock (P3); 0 otherwise. */
  pausedLeftMs: number;
}

export interface SpeakersState {
  /** The agenda item taken up (0: none): the queue is for it. */
  item: number;
  /** The time per speaker the chair set (P2; 0: none). */
  limitMinutes: number;
  queue: SpeakerRequest[];
  floor: Floor | null;
  pointPending: boolean;
}

export const initialSpeakers: SpeakersState = { item: 0, limitMinutes: 0, queue: [], floor: null, pointPending: false };

const without = (queue: SpeakerRequest[], person: number) => queue.filter((r) => r.person !== person);

export function foldSpeakers(state: SpeakersState, type: string, body: Body, ts: number): SpeakersState {
  const person = num(body, 'person');
  switch (type) {
    case 'speakers.requested':
      return { ...state, queue: [...state.queue, { person, name: str(body, 'name'), sinceMs: ts }] };
    case 'speakers.withdrawn':
      return { ...state, queue: without(state.queue, person) };
    case 'speakers.recognized':
      return {
        ...state,
        queue: without(state.queue, person),
        floor: { person, name: str(body, 'name'), sinceMs: ts, untilMs: num(body, 'until_ms'), pausedLeftMs: 0 },
      };
    case 'speakers.floor_ended':
      return { ...state, floor: null };
    case 'speakers.limit_set':
      return { ...state, limitMinutes: num(body, 'minutes') };
    case 'motions.point_of_order': {
      // P3: the speaker's clock stops while the point is heard and ruled on.
      const f = state.floor;
      const pause = f && f.untilMs > 0 && f.pausedLeftMs === 0;
      return { ...state, pointPending: true, floor: pause ? { ...f, pausedLeftMs: Math.max(1, f.untilMs - ts) } : f };
    }
    case 'motions.ruled': {
      const f = state.floor;
      const resume = f && f.pausedLeftMs > 0;
      return { ...state, pointPending: false, floor: resume ? { ...f, untilMs: ts + f.pausedLeftMs, pausedLeftMs: 0 } : f };
    }
    case 'notice.item_taken_up':
      // A new item starts a new queue.
      return { ...state, item: num(body, 'item'), queue: [], floor: null };
    case 'meeting.called_to_order':
    case 'meeting.adjourned':
      return { ...state, item: 0, queue: [], floor: null };
    case 'motions.decided':
      // C3: going into closed session ends the queue and the floor, as on the server.
      if (str(body, 'kind') !== 'close_session' || str(body, 'result') !== 'adopted') return state;
      return { ...state, queue: [], floor: null };
    case 'meeting.session_opened':
      // Back in open session the queue starts afresh: the public never saw the closed one's.
      return { ...state, queue: [], floor: null };
  }
  return state;
}

/** The state from the `speakers` view (it is the whole state). */
export function speakersFromView(view: Body): SpeakersState {
  const floor = view.floor && typeof view.floor === 'object' ? (view.floor as Body) : null;
  return {
    item: num(view, 'item'),
    limitMinutes: num(view, 'limit_minutes'),
    queue: list(view, 'queue').map((r) => ({ person: num(r, 'person'), name: str(r, 'name'), sinceMs: num(r, 'since_ms') })),
    floor: floor
      ? { person: num(floor, 'person'), name: str(floor, 'name'), sinceMs: num(floor, 'since_ms'), untilMs: num(floor, 'until_ms'), pausedLeftMs: num(floor, 'paused_left_ms') }
      : null,
    pointPending: bool(view, 'point_pending'),
  };
}

/** The milliseconds the speaker has left at `nowMs` (null: no limit). */
export function timeLeftMs(floor: Floor, nowMs: number): number | null {
  if (floor.untilMs === 0) return null;
  if (floor.pausedLeftMs > 0) return floor.pausedLeftMs;
  return Math.max(0, floor.untilMs - nowMs);
}
