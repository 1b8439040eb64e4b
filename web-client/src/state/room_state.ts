// A room's state as the client sees it: a pure fold of the room's events, each applied once, in
// seq order. The same log folds to the same state whether it arrives live, all at once on join
// (since 0), or in pieces across reconnections.

import type { RoomEvent } from '../protocol/messages';
import { initialMeeting, foldMeeting, meetingFromView, type MeetingState } from './meeting';
import { foldNotice, initialNotice, noticeFromView, type NoticeState } from './notice';
import { initialMinutesIndex, minutesIndexFromView, touchesMinutes, type MinutesIndex } from './minutes';
import { foldMotions, initialMotions, type MotionsState } from './motions';
import { foldQuorum, initialQuorum, omaWarningsFromView, proxiesFromView, type QuorumState } from './quorum';
import { foldTimeline, type TimelineEntry } from './timeline';
import { foldWebinar, initialWebinars, webinarsFromView, type WebinarState } from './webinar';

/** Something a screen reader should hear when it happens live (not when the log is replayed). */
export type Announcement =
  | { seq: number; kind: 'quorum'; hasQuorum: boolean; counted: number; members: number; required: number }
  | { seq: number; kind: 'decided'; number: number; text: string; result: 'adopted' | 'failed'; aye: number; nay: number; abstain: number; notVoting: number }
  | { seq: number; kind: 'suspended'; number: number; reason: string }
  | { seq: number; kind: 'meeting'; type: string };

export interface RoomState {
  room: string;
  lastSeq: number; // every event up to this one is folded in
  meeting: MeetingState;
  quorum: QuorumState;
  motions: MotionsState;
  notice: NoticeState;
  /** The minutes of adjourned meetings: only the `minutes` view says (asked again after events that change them). */
  minutes: MinutesIndex;
  /** The seq of the last event that may have changed the minutes (0: none): an open document is read again. */
  minutesChangedAt: number;
  /** Webinars and circle sessions (L2). */
  webinar: WebinarState;
  timeline: TimelineEntry[];
  announcement: Announcement | null; // the latest
}

export function initialRoomState(room: string): RoomState {
  return {
    room,
    lastSeq: 0,
    meeting: initialMeeting,
    quorum: initialQuorum,
    motions: initialMotions,
    notice: initialNotice,
    minutes: initialMinutesIndex,
    minutesChangedAt: 0,
    webinar: initialWebinars,
    timeline: [],
    announcement: null,
  };
}

function announce(e: RoomEvent, state: RoomState): Announcement | null {
  const b = e.body;
  const n = (k: string) => (typeof b[k] === 'number' ? (b[k] as number) : 0);
  if (e.type === 'quorum.established' || e.type === 'quorum.lost') {
    return {
      seq: e.seq,
      kind: 'quorum',
      hasQuorum: e.type === 'quorum.established',
      counted: n('counted'),
      members: n('members'),
      required: n('required'),
    };
  }
  if (e.type === 'motions.decided') {
    return {
      seq: e.seq,
      kind: 'decided',
      number: n('motion'),
      text: typeof b.motion_text === 'string' ? b.motion_text : '',
      result: b.result === 'adopted' ? 'adopted' : 'failed',
      aye: n('aye'),
      nay: n('nay'),
      abstain: n('abstain'),
      notVoting: n('not_voting'),
    };
  }
  if (e.type === 'motions.vote_suspended') {
    return { seq: e.seq, kind: 'suspended', number: n('motion'), reason: typeof b.reason === 'string' ? b.reason : '' };
  }
  if (e.type.startsWith('meeting.')) return { seq: e.seq, kind: 'meeting', type: e.type };
  return state.announcement;
}

/** Folds one event. An event already folded (seq ≤ lastSeq) or of another room changes nothing. */
export function foldEvent(state: RoomState, e: RoomEvent): RoomState {
  if (e.room !== state.room || e.seq <= state.lastSeq) return state;
  const body = e.body && typeof e.body === 'object' ? e.body : {};
  // C3: a stand-in has no time; the folds that read one never act on a stand-in.
  const ts = e.ts ?? 0;
  return {
    ...state,
    lastSeq: e.seq,
    meeting: foldMeeting(state.meeting, e.type, body, ts),
    quorum: foldQuorum(state.quorum, e.type, body, ts, e.seq),
    motions: foldMotions(state.motions, e.type, body, ts, e.seq),
    notice: foldNotice(state.notice, e.type, body, e.seq, ts),
    minutesChangedAt: touchesMinutes(e.type) ? e.seq : state.minutesChangedAt,
    webinar: foldWebinar(state.webinar, e.type, body, e.seq),
    timeline: foldTimeline(state.timeline, { seq: e.seq, ts: e.ts, type: e.type, actor: e.actor, body }),
    announcement: announce(e, state),
  };
}

export type RoomAction =
  | { type: 'events'; events: RoomEvent[] }
  | { type: 'view'; seq: number; views: Record<string, unknown> }
  | { type: 'reset'; room: string };

const obj = (v: unknown): Record<string, unknown> | null => (v && typeof v === 'object' ? (v as Record<string, unknown>) : null);

/**
 * Seeds the state from the plugins' views (the `view` request) at `seq`: the notice state (with
 * the lawful-notice status, which only the view gives), the meeting's closed session and its
 * guests, the proxies noted, the minutes index, the webinars and the L4 warnings in force. A view
 * older than the events already folded changes nothing (a later one will be asked for); events
 * after it keep folding as before.
 */
export function seedFromView(state: RoomState, seq: number, views: Record<string, unknown>): RoomState {
  if (seq < state.lastSeq || seq < state.notice.atSeq) return state;
  const notice = obj(views.notice);
  const meeting = obj(views.meeting);
  const minutes = obj(views.minutes);
  const webinar = obj(views.webinar);
  const quorum = obj(views.quorum);
  const oma = quorum ? omaWarningsFromView(quorum) : null;
  const proxies = quorum ? proxiesFromView(quorum) : null;
  return {
    ...state,
    webinar: webinar && seq >= state.webinar.atSeq ? webinarsFromView(state.webinar, webinar, seq) : state.webinar,
    quorum: oma || proxies ? { ...state.quorum, ...(oma ? { omaWarnings: oma } : {}), ...(proxies ? { proxies } : {}) } : state.quorum,
    notice: notice ? noticeFromView(notice, seq) : state.notice,
    minutes: minutes && seq >= state.minutes.atSeq ? minutesIndexFromView(minutes, seq) : state.minutes,
    meeting: meeting ? meetingFromView(state.meeting, meeting) : state.meeting,
  };
}

/** The reducer the room view runs. */
export function roomReducer(state: RoomState, action: RoomAction): RoomState {
  if (action.type === 'reset') return initialRoomState(action.room);
  if (action.type === 'view') return seedFromView(state, action.seq, action.views);
  return action.events.reduce(foldEvent, state);
}
