// The learning circle's conversation (L1), folded from the chat plugin's events as the server
// folds them: each message with the one it answers, its latest wording, and whether its author
// deleted it or a moderator removed it; who is muted, until when, and why. Seeded from the `chat`
// view (who is muted) at its seq.
//
// The log keeps a deleted or removed message's text (the record is append-only), and every
// client receives it again on catch-up. Once the deletion or removal is folded the text is
// dropped from this state (and from the timeline's copy of the event: room_state.ts), so no
// screen, quote or announcement can show it afterwards.

import { num, str, type Body } from './body';
import { personOf } from '../protocol/messages';

export type MessageStatus = 'shown' | 'deleted' | 'removed';

export interface ChatMessage {
  seq: number;
  ts: number;
  actor: string;
  /** The author's person id; null for a bot. */
  person: number | null;
  name: string;
  /** The latest wording; '' once deleted or removed. */
  text: string;
  /** The seq of the message it answers (L1 threads), or null. */
  replyTo: number | null;
  edited: boolean;
  status: MessageStatus;
  /** A removal's reason and moderator ('' otherwise). */
  reason: string;
  by: string;
}

export interface Mute {
  person: number;
  name: string;
  /** null: until a moderator unmutes them. */
  untilMs: number | null;
  reason: string;
  by: string;
}

export interface ChatState {
  /** The seq of the last view seeded (0: none). */
  atSeq: number;
  messages: Record<number, ChatMessage>;
  /** Seqs of the messages held, oldest first (for the limit). */
  order: number[];
  muted: Mute[];
  /** Seqs served as `event.redacted` (L1), oldest first: a later removal may name one. */
  redacted: number[];
}

export const initialChat: ChatState = { atSeq: 0, messages: {}, order: [], muted: [], redacted: [] };

/** How many messages a room keeps (a reply to an older one names it by number). */
export const CHAT_LIMIT = 2000;

function positive(b: Body, k: string): number | null {
  const v = b[k];
  return typeof v === 'number' && Number.isInteger(v) && v > 0 ? v : null;
}

function changeMessage(state: ChatState, seq: number, change: (m: ChatMessage) => ChatMessage | null): ChatState {
  const m = state.messages[seq];
  if (!m || m.status !== 'shown') return state;
  const next = change(m);
  if (!next) return state;
  return { ...state, messages: { ...state.messages, [seq]: next } };
}

export function foldChat(state: ChatState, type: string, body: Body, seq: number, ts: number, actor: string): ChatState {
  switch (type) {
    case 'chat.message': {
      const message: ChatMessage = {
        seq,
        ts,
        actor,
        person: personOf(actor),
        name: str(body, 'name'),
        text: str(body, 'text'),
        replyTo: positive(body, 'reply_to'),
        edited: false,
        status: 'shown',
        reason: '',
        by: '',
      };
      const messages = { ...state.messages, [seq]: message };
      const order = [...state.order, seq];
      while (order.length > CHAT_LIMIT) delete messages[order.shift()!];
      return { ...state, messages, order };
    }
    case 'chat.edited':
      return changeMessage(state, num(body, 'message'), (m) => {
        const text = str(body, 'text');
        return text ? { ...m, text, edited: true } : null;
      });
    case 'chat.deleted':
    case 'chat.removed':
      if (state.messages[num(body, 'message')] === undefined && state.redacted.includes(num(body, 'message'))) {
        return { ...state, messages: { ...state.messages, [num(body, 'message')]: standIn(num(body, 'message'), type, body) } };
      }
      if (type === 'chat.deleted') {
        return changeMessage(state, num(body, 'message'), (m) => ({ ...m, text: '', status: 'deleted' }));
      }
      return changeMessage(state, num(body, 'message'), (m) => ({
        ...m,
        text: '',
        status: 'removed',
        reason: str(body, 'reason'),
        by: str(body, 'by'),
      }));
    case 'chat.muted': {
      const person = num(body, 'person');
      if (person <= 0) return state;
      const until = body.until_ms;
      const mute: Mute = {
        person,
        name: str(body, 'name'),
        untilMs: typeof until === 'number' && until > 0 ? until : null,
        reason: str(body, 'reason'),
        by: str(body, 'by'),
      };
      return { ...state, muted: [...state.muted.filter((x) => x.person !== person), mute] };
    }
    case 'chat.unmuted': {
      const person = num(body, 'person');
      return state.muted.some((x) => x.person === person) ? { ...state, muted: state.muted.filter((x) => x.person !== person) } : state;
    }
    case 'event.redacted': {
      // L1: a message (or an edit of one) removed or deleted before this client joined; the
      // removal that follows names the message and makes its placeholder.
      const redacted = [...state.redacted, seq];
      if (redacted.length > CHAT_LIMIT) redacted.shift();
      return { ...state, redacted };
    }
    default:
      return state;
  }
}

/** The placeholder of a message this client only ever received redacted (no text, no speaker). */
function standIn(seq: number, type: string, body: Body): ChatMessage {
  const removed = type === 'chat.removed';
  return {
    seq,
    ts: 0,
    actor: '',
    person: null,
    name: '',
    text: '',
    replyTo: null,
    edited: false,
    status: removed ? 'removed' : 'deleted',
    reason: removed ? str(body, 'reason') : '',
    by: removed ? str(body, 'by') : '',
  };
}

/**
 * Seeds who is muted from the `chat` view (`{"muted":[{"person","name","until_ms","by"}]}`) at
 * `seq`. The view gives no reason: a reason already folded from the events is kept.
 */
export function chatFromView(state: ChatState, view: Body, seq: number): ChatState {
  if (seq < state.atSeq) return state;
  const raw = Array.isArray(view.muted) ? (view.muted as unknown[]) : [];
  const muted: Mute[] = [];
  for (const x of raw) {
    if (!x || typeof x !== 'object') continue;
    const b = x as Body;
    const person = num(b, 'person');
    if (person <= 0) continue;
    const known = state.muted.find((m) => m.person === person);
    const until = b.until_ms;
    muted.push({
      person,
      name: str(b, 'name') || known?.name || '',
      untilMs: typeof until === 'number' && until > 0 ? until : null,
      reason: str(b, 'reason') || known?.reason || '',
      by: str(b, 'by') || known?.by || '',
    });
  }
  return { ...state, atSeq: seq, muted };
}

/** The mute in force on `person` at `now` (a mute whose time has passed is over), or null. */
export function muteOf(state: ChatState, person: number | null, now: number): Mute | null {
  if (person === null) return null;
  const m = state.muted.find((x) => x.person === person);
  if (!m) return null;
  return m.untilMs !== null && now >= m.untilMs ? null : m;
}

/** The mutes in force at `now`. */
export function mutesInForce(state: ChatState, now: number): Mute[] {
  return state.muted.filter((m) => m.untilMs === null || now < m.untilMs);
}

/** The first words of a message, for a reply's quote: at most `words` words and `chars` characters. */
export function firstWords(text: string, words = 8, chars = 60): string {
  const all = text.trim().split(/\s+/).filter(Boolean);
  let out = all.slice(0, words).join(' ');
  let cut = all.length > words;
  if (out.length > chars) {
    out = out.slice(0, chars).replace(/\s+\S*$/, '') || out.slice(0, chars);
    cut = true;
  }
  return cut ? `${out}…` : out;
}

/** What a reply shows of the message it answers. */
export type ReplyParent =
  | { kind: 'shown'; seq: number; name: string; quote: string }
  | { kind: 'deleted' | 'removed'; seq: number; name: string }
  | { kind: 'unknown'; seq: number };

export function replyParent(state: ChatState, seq: number): ReplyParent {
  const m = state.messages[seq];
  if (!m) return { kind: 'unknown', seq };
  if (m.status !== 'shown') return { kind: m.status, seq, name: m.name };
  return { kind: 'shown', seq, name: m.name, quote: firstWords(m.text) };
}

/** Whether `person` wrote the message (only the author edits or deletes it, L1). */
export function isAuthor(m: ChatMessage, person: number | null): boolean {
  return person !== null && m.person === person;
}
