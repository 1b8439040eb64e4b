// A room's state as the client sees it. It starts from the plugins' views at the first join's
// seq (the room's state, however long its history), then folds each later event once, in seq
// order, whether it arrives live or in pieces across reconnections. The views do not hold the
// record (the conversation, the votes taken, the timeline): that comes from the events, the last
// ones before the views recalled once for it (`withHistory`) and never folded into what the views
// already hold.

import type { RoomEvent } from '../protocol/messages';
import { num } from './body';
import { initialMeeting, foldMeeting, meetingFromView, meetingStateFromView, type MeetingState } from './meeting';
import { foldNotice, initialNotice, noticeFromView, type NoticeState } from './notice';
import { initialMinutesIndex, minutesIndexFromView, touchesMinutes, type MinutesIndex } from './minutes';
import { foldMotions, initialMotions, motionsFromView, withKnown, type MotionsState } from './motions';
import {
  foldQuorum,
  initialQuorum,
  nameIn,
  omaWarningsFromView,
  proxiesFromView,
  quorumFromView,
  rosterFromView,
  type QuorumState,
} from './quorum';
import { chatFromView, foldChat, initialChat, type ChatState } from './chat';
import { cycleFromView, foldCycle, initialCycle, type CycleState } from './cycle';
import { foldTimeline, forgetChatText, type TimelineEntry } from './timeline';
import { foldWebinar, initialWebinars, webinarsFromView, type WebinarState } from './webinar';
import { foldSpeakers, initialSpeakers, speakersFromView, type SpeakersState } from './speakers';

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
  /** Who asked for the floor and who has it (P1-P3). */
  speakers: SpeakersState;
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
    speakers: initialSpeakers,
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
    speakers: foldSpeakers(state.speakers, e.type, body, ts),
    // L1: a message deleted or removed keeps no text here either (the log still holds it).
    timeline: foldTimeline(
      e.type === 'chat.deleted' || e.type === 'chat.removed' ? forgetChatText(state.timeline, typeof body.message === 'number' ? body.message : 0) : state.timeline,
      { seq: e.seq, ts: e.ts, type: e.type, actor: e.actor, body: withNames(state, e.type, body) },
    ),
    announcement: announce(e, state),
  };
}

export type RoomAction =
  /** The events after the state's seq. */
  | { type: 'events'; events: RoomEvent[] }
  /** The first join's views: the state starts from them. */
  | { type: 'start'; seq: number; views: Record<string, unknown> }
  /** The last events up to the views' seq, for the record. */
  | { type: 'history'; events: RoomEvent[] }
  /** A later `view` answer. */
  | { type: 'view'; seq: number; views: Record<string, unknown> }
  | { type: 'joined'; body: RoomBody | null };

const obj = (v: unknown): Record<string, unknown> | null => (v && typeof v === 'object' ? (v as Record<string, unknown>) : null);

/**
 * The room's state from every plugin's view at `seq` (the join's ack with `views`), as a fold of
 * the whole log up to `seq` would make it, but for the record: the timeline, the conversation,
 * the votes taken and what else only the events say (`withHistory` adds the recent part of it).
 * Keeps the room and its body.
 */
export function stateFromViews(state: RoomState, seq: number, views: Record<string, unknown>): RoomState {
  const base = initialRoomState(state.room);
  const noticeView = obj(views.notice);
  const meetingView = obj(views.meeting);
  const quorumView = obj(views.quorum);
  const motionsView = obj(views.motions);
  const minutesView = obj(views.minutes);
  const webinarView = obj(views.webinar);
  const chatView = obj(views.chat);
  const cycleView = obj(views.cycle);
  const speakersView = obj(views.speakers);
  const notice = noticeView ? noticeFromView(noticeView, seq) : initialNotice;
  const quorum = quorumView ? quorumFromView(quorumView) : initialQuorum;
  // N3: the notice plugin lists a meeting called to order without notice as such.
  const held = meetingView ? notice.meetings.find((m) => m.meeting === num(meetingView, 'meeting')) : undefined;
  return {
    ...base,
    body: state.body,
    lastSeq: seq,
    meeting: meetingView ? meetingStateFromView(meetingView, held?.kind === 'unnoticed') : initialMeeting,
    quorum,
    motions: motionsView ? motionsFromView(motionsView, initialMotions, (person) => nameIn(quorum, person)) : initialMotions,
    notice,
    minutes: minutesView ? minutesIndexFromView(minutesView, seq) : base.minutes,
    webinar: webinarView ? webinarsFromView(base.webinar, webinarView, seq) : base.webinar,
    chat: chatView ? chatFromView(base.chat, chatView, seq) : base.chat,
    cycle: cycleView ? cycleFromView(base.cycle, cycleView, seq) : base.cycle,
    speakers: speakersView ? speakersFromView(speakersView) : base.speakers,
  };
}

/**
 * The record from the last events up to the state's seq (those before it in the log), for a
 * state just started from the views, before any later event is folded. They are folded apart,
 * from nothing, and only what no view holds is taken from that fold: the timeline, the
 * conversation (L1; who is muted is the view's), the votes taken with their roll calls, the
 * motions laid on the table, the last departure, what only the events say of the pending
 * motions (motions.ts, withKnown); who presides, and since when, if it saw the meeting's last
 * step; the names of those registered for webinars (the view gives ids). Everything else stays
 * as the views have it: no event is folded twice into it.
 */
export function withHistory(state: RoomState, events: RoomEvent[]): RoomState {
  const before = events.filter((e) => e.room === state.room && e.seq <= state.lastSeq);
  const record = before.reduce(foldEvent, initialRoomState(state.room));
  // The meeting's last step is in the record when the record saw one (a step always has a time).
  const stepSeen = record.meeting.sinceMs > 0;
  return {
    ...state,
    timeline: record.timeline,
    chat: { ...state.chat, messages: record.chat.messages, order: record.chat.order, redacted: record.chat.redacted },
    motions: { pending: withKnown(state.motions.pending, record.motions), tabled: record.motions.tabled, decided: record.motions.decided },
    quorum: { ...state.quorum, lastDeparture: record.quorum.lastDeparture },
    meeting: stepSeen ? { ...state.meeting, presiding: record.meeting.presiding, note: record.meeting.note, sinceMs: record.meeting.sinceMs } : state.meeting,
    // At or before the view's seq, the webinar fold takes only the names the view lacks.
    webinar: before.reduce((w, e) => foldWebinar(w, e.type, e.body && typeof e.body === 'object' ? e.body : {}, e.seq), state.webinar),
  };
}

/**
 * Brings the state up to a later `view` (asked after each rejoin, and shortly after events whose
 * outcome only the server words): the notice state (with the lawful-notice status), the
 * meeting's closed session and its guests, the proxies noted and who sits on the body (the quorum
 * view's seats), the minutes index, the webinars, who is muted (L1), the cycle's initiatives (L3)
 * and the L4 warnings in force; and the pending motions when the view is at the state's own seq
 * (what the client folded of them may lack what came before its first join: a motion taken from
 * the table, or reconsidered). A view older than the events already folded changes nothing (a
 * later one will be asked for); events after it keep folding as before.
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
  const motions = obj(views.motions);
  const speakers = obj(views.speakers);
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
    // Only at the state's own seq: events still on their way would fold into it again.
    motions: motions && seq === state.lastSeq ? motionsFromView(motions, state.motions, (person) => nameIn(state.quorum, person)) : state.motions,
    speakers: speakers && seq === state.lastSeq ? speakersFromView(speakers) : state.speakers,
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
  if (action.type === 'start') return stateFromViews(state, action.seq, action.views);
  if (action.type === 'history') return withHistory(state, action.events);
  if (action.type === 'view') return seedFromView(state, action.seq, action.views);
  if (action.type === 'joined') return sameBody(state.body, action.body) ? state : { ...state, body: action.body };
  return action.events.reduce(foldEvent, state);
}
