// The room's timeline: chat, and each step of the record as it happens (arrivals, motions, the
// plugins' announcements). Entries keep the event's type and body; the view words them in the
// reader's language, so the server's English announcements are never shown as they are.

import type { Body } from './body';

export interface TimelineEntry {
  seq: number;
  /** Absent for a closed session's stand-in (C3: its time is closed content). */
  ts?: number;
  type: string;
  actor: string;
  body: Body;
}

// The live tally has its own panel: its announcement after every vote would only repeat it. An
// edit or deletion shows on the message itself ("edited", "deleted by its author", L1).
const NOT_SHOWN = new Set(['room.created', 'motions.tally', 'chat.edited', 'chat.deleted']);

/** How many entries a room keeps on screen; the full record stays on the server. */
export const TIMELINE_LIMIT = 500;

export function foldTimeline(entries: TimelineEntry[], entry: TimelineEntry): TimelineEntry[] {
  if (NOT_SHOWN.has(entry.type)) return entries;
  // C3: consecutive withheld events of one closed session are one line.
  const last = entries[entries.length - 1];
  if (entry.type === 'session.withheld' && last?.type === 'session.withheld' && last.body.text === entry.body.text) return entries;
  const next = entries.length >= TIMELINE_LIMIT ? entries.slice(entries.length - TIMELINE_LIMIT + 1) : entries.slice();
  next.push(entry);
  return next;
}

export function isBot(actor: string): boolean {
  return actor.startsWith('plugin:') || actor.startsWith('bot:');
}

/**
 * L1: the chat message `seq` was deleted or removed: its entry keeps the speaker and the message
 * it answered, never the text.
 */
export function forgetChatText(entries: TimelineEntry[], seq: number): TimelineEntry[] {
  // A message removed or deleted before this client joined came as `event.redacted` (no text, no
  // speaker; the view does not draw it): the removal says it was a message, whose placeholder
  // now takes its place.
  const stand_in = entries.findIndex((e) => e.seq === seq && e.type === 'event.redacted');
  if (stand_in >= 0) {
    const next = entries.slice();
    next[stand_in] = { seq, type: 'chat.message', actor: '', body: { name: '' } };
    return next;
  }
  const i = entries.findIndex((e) => e.seq === seq && e.type === 'chat.message');
  if (i < 0) return entries;
  const next = entries.slice();
  const body = { ...entries[i]!.body };
  delete body.text;
  next[i] = { ...entries[i]!, body };
  return next;
}
