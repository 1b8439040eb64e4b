// The learning circle's conversation (L1): replies, edits, deletions, removals and mutes, folded
// as the chat plugin folds them; a deleted or removed message's text is gone from the whole room
// state (so nothing can render it), and the moderation lines are worded in both languages.
import { describe, expect, it } from 'vitest';
import { translator } from '../../src/i18n/i18n';
import { controls } from '../../src/state/capabilities';
import { firstWords, muteOf, mutesInForce, replyParent } from '../../src/state/chat';
import { initialRoomState, roomReducer, type RoomState } from '../../src/state/room_state';
import { describeEvent } from '../../src/views/room/describe_event';
import { zonedFormat } from '../../src/views/room/zoned_time';
import { eventMaker, inDenver } from './events';
import { viewer } from './viewers';

const ROOM = 'rec6-literacy';
const en = translator('en');
const es = translator('es');
const PRIYA = 12;
const LENA = 14;
const SECRET = 'Cheap textbooks at spam-shop.example';

function fold(s: RoomState, events: ReturnType<ReturnType<typeof eventMaker>>[]): RoomState {
  return roomReducer(s, { type: 'events', events });
}

function conversation() {
  const e = eventMaker(ROOM);
  const events = [
    e('room.created', { name: ROOM }, 'system:seed'), // 1
    e('chat.message', { name: 'Lena Sandoval', text: 'Good morning, everyone: shall we start with the phonics routines?' }, `person:${LENA}`), // 2
    e('chat.message', { name: 'Priya Nakai', text: 'Yes, ten minutes of review first.', reply_to: 2 }, `person:${PRIYA}`), // 3
    e('chat.message', { name: 'Lena Sandoval', text: SECRET }, `person:${LENA}`), // 4
  ];
  return { e, s: fold(initialRoomState(ROOM), events) };
}

const timelineOf = (s: RoomState, seq: number) => s.timeline.find((x) => x.seq === seq)!;

describe('chat (L1)', () => {
  it('a late joiner receives a removed message as event.redacted: a placeholder in its place once the removal names it, never text', () => {
    const e = eventMaker(ROOM);
    const s = fold(initialRoomState(ROOM), [
      e('room.created', { name: ROOM }, 'system:seed'), // 1
      e('event.redacted', { text: 'Removed by a moderator: advertising', by_seq: 4 }, 'system:moderation'), // 2: the message
      e('event.redacted', { text: 'Removed by a moderator: advertising', by_seq: 4 }, 'system:moderation'), // 3: its edit
      e('chat.removed', { message: 2, reason: 'advertising', by: 'Priya Nakai' }, `person:${PRIYA}`), // 4
    ]);
    // The message's place holds its placeholder; the edit's stand-in stays undrawn.
    expect(timelineOf(s, 2).type).toBe('chat.message');
    expect(s.chat.messages[2]).toMatchObject({ status: 'removed', reason: 'advertising', by: 'Priya Nakai', text: '', name: '' });
    expect(timelineOf(s, 3).type).toBe('event.redacted');
    expect(s.chat.messages[3]).toBeUndefined();
    expect(JSON.stringify(s)).not.toContain(SECRET);
    const removal = timelineOf(s, 4);
    expect(describeEvent(removal, en, inDenver('en'))).toContain('advertising');
  });

  it('a reply names the message it answers, with its author and first words, and follows an edit', () => {
    const { e, s } = conversation();
    expect(s.chat.messages[3]).toMatchObject({ replyTo: 2, name: 'Priya Nakai', person: PRIYA, status: 'shown', edited: false });
    expect(replyParent(s.chat, 2)).toEqual({ kind: 'shown', seq: 2, name: 'Lena Sandoval', quote: 'Good morning, everyone: shall we start with the…' });
    expect(en('chat.inReplyTo', { name: 'Lena Sandoval', quote: 'Good morning…' })).toBe('In reply to Lena Sandoval: “Good morning…”');
    expect(es('chat.inReplyTo', { name: 'Lena Sandoval', quote: 'Buenos días…' })).toBe('En respuesta a Lena Sandoval: «Buenos días…»');

    const edited = fold(s, [e('chat.edited', { message: 2, text: 'Good morning: blending routines first?' }, `person:${LENA}`)]);
    expect(edited.chat.messages[2]).toMatchObject({ text: 'Good morning: blending routines first?', edited: true });
    expect(replyParent(edited.chat, 2)).toMatchObject({ kind: 'shown', quote: 'Good morning: blending routines first?' });
    // The edit is shown on the message ("edited"), not as a line of its own.
    expect(edited.timeline.some((x) => x.type === 'chat.edited')).toBe(false);
    expect(replyParent(edited.chat, 99)).toEqual({ kind: 'unknown', seq: 99 });
  });

  it('firstWords cuts at eight words or sixty characters', () => {
    expect(firstWords('Short one.')).toBe('Short one.');
    expect(firstWords('one two three four five six seven eight nine')).toBe('one two three four five six seven eight…');
    expect(firstWords('Supercalifragilisticexpialidocious-and-more-words-without-any-spaces-at-all')).toMatch(/…$/);
  });

  it('after chat.removed the text is nowhere in the room state; the placeholder and the line say who and why', () => {
    const { e, s } = conversation();
    const removed = fold(s, [e('chat.removed', { message: 4, reason: 'advertising', by: 'Priya Nakai' }, `person:${PRIYA}`)]);
    expect(removed.chat.messages[4]).toMatchObject({ status: 'removed', text: '', reason: 'advertising', by: 'Priya Nakai', name: 'Lena Sandoval' });
    expect(JSON.stringify(removed)).not.toContain('spam-shop');
    // The timeline keeps the line (its speaker), never the text.
    expect(timelineOf(removed, 4).body).toEqual({ name: 'Lena Sandoval' });
    expect(describeEvent(timelineOf(removed, 4), en, inDenver('en'))).toBe('Message no longer shown.');
    const line = removed.timeline[removed.timeline.length - 1]!;
    expect(describeEvent(line, en, inDenver('en'))).toBe('Priya Nakai removed a message by Lena Sandoval. Reason: advertising');
    expect(describeEvent(line, es, inDenver('es'))).toBe('Priya Nakai retiró un mensaje de Lena Sandoval. Motivo: advertising');
    expect(en('chat.removedBy', { reason: 'advertising' })).toBe('Removed by a moderator: advertising');
    expect(es('chat.removedBy', { reason: 'advertising' })).toBe('Retirado por un moderador: advertising');
    // The live announcement words the removal without the text.
    expect(removed.announcement).toMatchObject({ kind: 'moderation', type: 'chat.removed', name: 'Lena Sandoval', by: 'Priya Nakai', reason: 'advertising' });
    expect(JSON.stringify(removed.announcement)).not.toContain('spam-shop');
    // A later edit of a removed message changes nothing (the server refuses it anyway).
    const after = fold(removed, [e('chat.edited', { message: 4, text: 'still spam-shop' }, `person:${LENA}`)]);
    expect(after.chat.messages[4]!.text).toBe('');
  });

  it('after chat.deleted the text is gone, an edited wording too; a reply to it says it was deleted', () => {
    const { e, s } = conversation();
    const deleted = fold(s, [
      e('chat.edited', { message: 2, text: 'An edited wording to forget' }, `person:${LENA}`),
      e('chat.deleted', { message: 2 }, `person:${LENA}`),
    ]);
    expect(deleted.chat.messages[2]).toMatchObject({ status: 'deleted', text: '' });
    const json = JSON.stringify(deleted);
    expect(json).not.toContain('phonics routines');
    expect(json).not.toContain('edited wording');
    expect(replyParent(deleted.chat, 2)).toEqual({ kind: 'deleted', seq: 2, name: 'Lena Sandoval' });
    expect(en('chat.deletedByAuthor')).toBe('Message deleted by its author.');
    expect(es('chat.deletedByAuthor')).toBe('Mensaje borrado por su autor.');
    expect(en('chat.inReplyToDeleted', { name: 'Lena Sandoval' })).toBe('In reply to a message by Lena Sandoval, since deleted by its author');
    // The deletion shows on the message, not as a line.
    expect(deleted.timeline.some((x) => x.type === 'chat.deleted')).toBe(false);
  });

  it('the same log replayed from the start folds to the same conversation (a late joiner)', () => {
    const { e, s } = conversation();
    const more = [e('chat.removed', { message: 4, reason: 'advertising', by: 'Priya Nakai' }, `person:${PRIYA}`), e('chat.deleted', { message: 3 }, `person:${PRIYA}`)];
    const live = fold(s, more);
    const { s: again } = conversation();
    const late = fold(again, more);
    expect(late.chat).toEqual(live.chat);
    expect(JSON.stringify(late)).not.toContain('spam-shop');
  });

  it('a mute says until when in the body zone, ends at that time, and is seeded from the chat view', () => {
    const { e, s } = conversation();
    const until = Date.UTC(2026, 11, 1, 23, 30); // 4:30 PM MST
    const muted = fold(s, [
      e('chat.muted', { person: LENA, name: 'Lena Sandoval', until_ms: until, until_text: '…', reason: 'a pause', by: 'Priya Nakai' }, `person:${PRIYA}`),
    ]);
    expect(muteOf(muted.chat, LENA, until - 1)).toMatchObject({ untilMs: until, reason: 'a pause', by: 'Priya Nakai' });
    expect(muteOf(muted.chat, LENA, until)).toBeNull();
    expect(muteOf(muted.chat, PRIYA, until - 1)).toBeNull();
    expect(mutesInForce(muted.chat, until + 1)).toEqual([]);

    const time = zonedFormat('en', 'America/Denver').time;
    expect(time(until)).toBe('4:30 PM MST');
    const line = muted.timeline[muted.timeline.length - 1]!;
    expect(describeEvent(line, en, { time })).toBe('Priya Nakai muted Lena Sandoval until 4:30 PM MST. Reason: a pause');
    expect(describeEvent(line, es, { time: zonedFormat('es', 'America/Denver').time })).toMatch(/^Priya Nakai silenció a Lena Sandoval hasta las 4:30 p\.\s?m\. MST\. Motivo: a pause$/);
    expect(en('chat.youAreMutedUntilReason', { by: 'Priya Nakai', until: '4:30 PM MST', reason: 'a pause' })).toBe(
      'Priya Nakai muted you in this room until 4:30 PM MST (a pause). You can read, but not write or change your messages.',
    );
    expect(es('chat.youAreMutedUntil', { by: 'Priya Nakai', until: '4:30 p. m. MST' })).toBe(
      'Priya Nakai lo silenció en esta sala hasta las 4:30 p. m. MST. Puede leer, pero no escribir ni cambiar sus mensajes.',
    );

    // The view (no reason in it) keeps the reason folded from the events.
    const seeded = roomReducer(muted, { type: 'view', seq: muted.lastSeq, views: { chat: { muted: [{ person: LENA, name: 'Lena Sandoval', until_ms: until, by: 'Priya Nakai' }] } } });
    expect(seeded.chat.muted).toEqual([{ person: LENA, name: 'Lena Sandoval', untilMs: until, reason: 'a pause', by: 'Priya Nakai' }]);
    // Seeded alone (a client that held no events): until unmuted, no reason known.
    const fresh = roomReducer(initialRoomState(ROOM), { type: 'view', seq: 5, views: { chat: { muted: [{ person: LENA, name: 'Lena Sandoval', until_ms: null, by: 'Priya Nakai' }] } } });
    expect(muteOf(fresh.chat, LENA, Date.now())).toEqual({ person: LENA, name: 'Lena Sandoval', untilMs: null, reason: '', by: 'Priya Nakai' });
    // A server that names the reason in the view: a client seeded alone can say why.
    const told = roomReducer(initialRoomState(ROOM), { type: 'view', seq: 5, views: { chat: { muted: [{ person: LENA, name: 'Lena Sandoval', until_ms: null, reason: 'cool off', by: 'Priya Nakai' }] } } });
    expect(muteOf(told.chat, LENA, Date.now())?.reason).toBe('cool off');

    // Unmuted: the line names the person (the event carries only the id).
    const unmuted = fold(muted, [e('chat.unmuted', { person: LENA, by: 'Priya Nakai' }, `person:${PRIYA}`)]);
    expect(unmuted.chat.muted).toEqual([]);
    const unmuteLine = unmuted.timeline[unmuted.timeline.length - 1]!;
    expect(describeEvent(unmuteLine, en, inDenver('en'))).toBe('Priya Nakai unmuted Lena Sandoval.');
    expect(describeEvent(unmuteLine, es, inDenver('es'))).toBe('Priya Nakai devolvió la palabra a Lena Sandoval.');
  });

  it('a mute until unmuted is worded so', () => {
    const { e, s } = conversation();
    const muted = fold(s, [e('chat.muted', { person: LENA, name: 'Lena Sandoval', until_ms: null, until_text: '', reason: '', by: 'Priya Nakai' }, `person:${PRIYA}`)]);
    expect(muteOf(muted.chat, LENA, Number.MAX_SAFE_INTEGER)).toMatchObject({ untilMs: null });
    const line = muted.timeline[muted.timeline.length - 1]!;
    expect(describeEvent(line, en, inDenver('en'))).toBe('Priya Nakai muted Lena Sandoval until a moderator unmutes them.');
    expect(describeEvent(line, es, inDenver('es'))).toBe('Priya Nakai silenció a Lena Sandoval hasta que un moderador le devuelva la palabra.');
  });

  it('moderators are the facilitators and the presiding officers (docs/permissions.md)', () => {
    const s = initialRoomState(ROOM);
    const may = (roles: string[], person: number | null = 5) => controls(viewer(person, roles), s).moderate;
    expect(may(['facilitator'])).toBe(true);
    expect(may(['chair'])).toBe(true);
    expect(may(['vice_chair'])).toBe(true);
    for (const r of ['participant', 'voting_member', 'clerk', 'non_voting_member']) expect(may([r])).toBe(false);
    expect(may([], null)).toBe(false);
  });

  it('button names say which message they act on, in both languages', () => {
    expect(en('chat.replyLabel', { name: 'Maria Chavez', time: '10:02 AM MST' })).toBe("Reply to Maria Chavez's message of 10:02 AM MST");
    expect(es('chat.replyLabel', { name: 'Maria Chavez', time: '10:02 a. m. MST' })).toBe('Responder al mensaje de Maria Chavez de las 10:02 a. m. MST');
    expect(en('chat.removeLabel', { name: 'Maria Chavez', time: '10:02 AM MST' })).toBe("Remove Maria Chavez's message of 10:02 AM MST");
    expect(en('chat.deleteLabel', { time: '10:02 AM MST' })).toBe('Delete your message of 10:02 AM MST');
  });
});

describe('times in the body zone', () => {
  it('say which zone, in both languages, whatever the machine zone', () => {
    const winter = Date.UTC(2026, 11, 1, 17, 2); // 10:02 AM MST
    const summer = Date.UTC(2026, 6, 1, 16, 2); // 10:02 AM MDT
    expect(zonedFormat('en', 'America/Denver').time(winter)).toBe('10:02 AM MST');
    expect(zonedFormat('en', 'America/Denver').time(summer)).toBe('10:02 AM MDT');
    expect(zonedFormat('es', 'America/Denver').time(winter)).toMatch(/^10:02 a\.\s?m\. MST$/);
    expect(zonedFormat('en', 'America/Denver').dateTime(winter)).toBe('Dec 1, 2026, 10:02 AM MST');
    // An unknown or missing zone is the server's default.
    expect(zonedFormat('en', 'Mars/Olympus').time(winter)).toBe('10:02 AM MST');
    expect(zonedFormat('en', '').time(winter)).toBe('10:02 AM MST');
  });
});
