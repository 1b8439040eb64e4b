// A room's state as the client sees it: a pure fold of the room's events, each applied once, in
// seq order. The same log folds to the same state whether it arrives live, all at once on join
// (since 0), or in pieces across reconnections.

import type { RoomEvent } from '../protocol/messages';
import { initialMeeting, foldMeeting, meetingFromView, type MeetingState } from './meeting';
import { foldNotice, initialNotice, noticeFromView, type NoticeState } from './notice';
import { initialMinutesIndex, minutesIndexFromView, touchesMinutes, type MinutesIndex } from './minutes';
import { foldMotions, initialMotions, type MotionsState } from './motions';
import { foldQuorum, initialQuorum, omaWarningsFromView, proxiesFromView, rosterFromView, type QuorumState } from './quorum';
import { chatFromView, foldChat, initialChat, type ChatState } from './chat';
import { cycleFromView, foldCycle, initialCycle, type CycleState } from './cycle';
import { foldTimeline, forgetChatText, type TimelineEntry } from './timeline';
import { foldWebinar, initialWebinars, webinarsFromView, type WebinarState } from './webinar';

/** Something a screen reader should hear when it happens live (not when the log is replayed). */
export type Announcement =
  | { seq: number; kind: 'quorum'; hasQuorum: boolean; counted: number; members: number; required: number }
  | { seq: number; kind: 'decided'; number: number; text: string; result: 'adopted' | 'failed'; aye: number; nay: number; abstain: number; notVoting: number }
  | { seq: number; kind: 'suspended'; number: number; reason: string }
  | { seq: number; kind: 'meeting'; type: string }
  /** L1 moderation, worded without the message's text (a removed message is never spoken). */
  | { seq: number; kind: 'moderation'; type: 'chat.removed' | 'chat.muted' | 'chat.unmuted'; name: string; by: string; reason: string; untilMs: number | null };

/** What the join's ack says of the room's body (docs/protocol.md, join); null for a room without one. */
export interface RoomBody {
  slug: string;
  name: string;
  kind: string; // council, committee, learning_circle
  timeZone: string;
  public: boolean;
}

export interface RoomState {
  room: string;
  /** The room's body as the join's ack named it; null until joined, or for a room without a body. */
  body: RoomBody | null;
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
  /** The learning circle's conversation and its moderation (L1). */
  chat: ChatState;
  /** The professional-development cycle's initiatives (L3). */
  cycle: CycleState;
  timeline: TimelineEntry[];
  announcement: Announcement | null; // the latest
}

export function initialRoomState(room: string): RoomState {
  return {
    room,
    body: null,
    lastSeq: 0,
    meeting: initialMeeting,
    quorum: initialQuorum,
    motions: initialMotions,
    notice: initialNotice,
    minutes: initialMinutesIndex,
    minutesChangedAt: 0,
    webinar: initialWebinars,
    chat: initialChat,
    cycle: initialCycle,
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
  if (e.type === 'chat.removed' || e.type === 'chat.muted' || e.type === 'chat.unmuted') {
    const str = (k: string) => (typeof b[k] === 'string' ? (b[k] as string) : '');
    // The removed message's author, from the conversation held (never its text).
    const removed = e.type === 'chat.removed' ? state.chat.messages[n('message')] : undefined;
    const muted = e.type === 'chat.unmuted' ? state.chat.muted.find((m) => m.person === n('person')) : undefined;
    return {
      seq: e.seq,
      kind: 'moderation',
      type: e.type,
      name: removed?.name ?? muted?.name ?? str('name'),
      by: str('by'),
      reason: str('reason'),
      untilMs: typeof b.until_ms === 'number' ? b.until_ms : null,
    };
  }
  return state.announcement;
}

/**
 * L1: a removal names the message's author, and an unmuting the person, for the timeline's line
 * (the events carry only the seq and the person's id); from the conversation held before it.
 */
function withNames(state: RoomState, type: string, body: Record<string, unknown>): Record<string, unknown> {
  if (type === 'chat.removed' && typeof body.message === 'number') {
    const author = state.chat.messages[body.message]?.name;
    return author ? { ...body, author } : body;
  }
  if (type === 'chat.unmuted' && typeof body.person === 'number') {
    const name = state.chat.muted.find((m) => m.person === body.person)?.name;
    return name ? { ...body, name } : body;
  }
  return body;
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
    chat: foldChat(state.chat, e.type, body, e.seq, ts, e.actor),
    cycle: foldCycle(state.cycle, e.type, body, e.seq, ts),
    // L1: a message deleted or removed keeps no text here either (the log still holds it).
    timeline: foldTimeline(
      e.type === 'chat.deleted' || e.type === 'chat.removed' ? forgetChatText(state.timeline, typeof body.message === 'number' ? body.message : 0) : state.timeline,
      { seq: e.seq, ts: e.ts, type: e.type, actor: e.actor, body: withNames(state, e.type, body) },
    ),
    announcement: announce(e, state),
  };
}

export type RoomAction =
  | { type: 'events'; events: RoomEvent[] }
  | { type: 'view'; seq: number; views: Record<string, unknown> }
  | { type: 'joined'; body: RoomBody | null }
  | { type: 'reset'; room: string };

const obj = (v: unknown): Record<string, unknown> | null => (v && typeof v === 'object' ? (v as Record<string, unknown>) : null);

/**
 * Seeds the state from the plugins' views (the `view` request) at `seq`: the notice state (with
 * the lawful-notice status, which only the view gives), the meeting's closed session and its
 * guests, the proxies noted and who sits on the body (the quorum view's seats), the minutes index, the webinars, who is muted (L1), the cycle's
 * initiatives (L3) and the L4 warnings in force. A view
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
  const chat = obj(views.chat);
  const cycle = obj(views.cycle);
  const oma = quorum ? omaWarningsFromView(quorum) : null;
  const proxies = quorum ? proxiesFromView(quorum) : null;
  const roster = quorum ? rosterFromView(quorum) : null;
  return {
    ...state,
    webinar: webinar && seq >= state.webinar.atSeq ? webinarsFromView(state.webinar, webinar, seq) : state.webinar,
    chat: chat ? chatFromView(state.chat, chat, seq) : state.chat,
    cycle: cycle ? cycleFromView(state.cycle, cycle, seq) : state.cycle,
    quorum:
      oma || proxies || roster
        ? { ...state.quorum, ...(oma ? { omaWarnings: oma } : {}), ...(proxies ? { proxies } : {}), ...(roster ? { roster } : {}) }
        : state.quorum,
    notice: notice ? noticeFromView(notice, seq) : state.notice,
    minutes: minutes && seq >= state.minutes.atSeq ? minutesIndexFromView(minutes, seq) : state.minutes,
    meeting: meeting ? meetingFromView(state.meeting, meeting) : state.meeting,
  };
}

function sameBody(a: RoomBody | null, b: RoomBody | null): boolean {
  return a === b || (!!a && !!b && a.slug === b.slug && a.name === b.name && a.kind === b.kind && a.timeZone === b.timeZone && a.public === b.public);
}

/** The join ack's `body` (`slug`, `name`, `kind`, `time_zone`, `public`), or null. */
export function roomBodyOf(body: unknown): RoomBody | null {
  if (!body || typeof body !== 'object') return null;
  const b = body as Record<string, unknown>;
  const s = (k: string) => (typeof b[k] === 'string' ? (b[k] as string) : '');
  return { slug: s('slug'), name: s('name'), kind: s('kind'), timeZone: s('time_zone'), public: b.public !== false };
}

/** The reducer the room view runs. */
export function roomReducer(state: RoomState, action: RoomAction): RoomState {
  if (action.type === 'reset') return initialRoomState(action.room);
  if (action.type === 'view') return seedFromView(state, action.seq, action.views);
  if (action.type === 'joined') return sameBody(state.body, action.body) ? state : { ...state, body: action.body };
  return action.events.reduce(foldEvent, state);
}
