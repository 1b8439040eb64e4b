// The two ways the web client has held a room's state, from one recording of a real server
// (tests/e2e/support/recorded_rooms.ts): the fold of the whole log from the start (`since: 0`,
// then the `view` asked after the join, as the client did before starting from the views), and
// the views at the join's head with the last events before it recalled for the record, then the
// events after it folded.

import type { RoomEvent } from '../../src/protocol/messages';
import { initialRoomState, roomBodyOf, roomReducer, type RoomState } from '../../src/state/room_state';
import type { Recording, ViewsAt } from '../e2e/support/recorded_rooms';

function joined(rec: Recording): RoomState {
  return roomReducer(initialRoomState(rec.room), { type: 'joined', body: roomBodyOf(rec.body) });
}

/** The events up to `seq`. */
export const upTo = (rec: Recording, seq: number): RoomEvent[] => rec.events.filter((e) => e.seq <= seq);

/** The client that joined with `since: 0`, once caught up to `at`'s head and given its views. */
export function foldedFromStart(rec: Recording, at: ViewsAt): RoomState {
  const folded = roomReducer(joined(rec), { type: 'events', events: upTo(rec, at.seq) });
  return roomReducer(folded, { type: 'view', seq: at.seq, views: at.views });
}

/** The client that joined with views at `at`, recalling `history` events before it for the record. */
export function startedFromViews(rec: Recording, at: ViewsAt, history: number): RoomState {
  const started = roomReducer(joined(rec), { type: 'start', seq: at.seq, views: at.views });
  const before = upTo(rec, at.seq);
  return roomReducer(started, { type: 'history', events: before.slice(Math.max(0, before.length - history)) });
}

/** Folds the events after the state's seq, up to `seq`, as a live client (or a rejoin with `since`) would. */
export function foldOn(state: RoomState, rec: Recording, seq: number): RoomState {
  return roomReducer(state, { type: 'events', events: rec.events.filter((e) => e.seq > state.lastSeq && e.seq <= seq) });
}

/**
 * The view asked shortly after events whose outcome only the server words (use_room.ts): here
 * at `at`, without the motions, so that it cannot mend what the fold of them got wrong.
 */
export function refreshed(state: RoomState, at: ViewsAt): RoomState {
  const { motions: _motions, ...views } = at.views;
  return roomReducer(state, { type: 'view', seq: at.seq, views });
}

/**
 * What both must agree on: all of the state but what is about the moment an event arrived live
 * (the latest announcement, the webinar news told to a person, the seqs after which a panel reads
 * again), which a client starting from the views has not seen happen; and those present in
 * order of person (the view lists them so; the fold in order of arrival, until a C3 restatement).
 */
export function shown(state: RoomState) {
  const { announcement: _announcement, minutesChangedAt: _minutes, ...rest } = state;
  const { news: _news, changedAt: _webinarChanged, ...webinar } = state.webinar;
  const { changedAt: _cycleChanged, ...cycle } = state.cycle;
  const present = [...state.quorum.present].sort((a, b) => a.person - b.person);
  return { ...rest, quorum: { ...state.quorum, present }, webinar, cycle };
}
