// A council's afternoon and a learning circle's, made through the protocol on a real server, and
// what a client receives of them: the whole log from its start (join with `since: 0`) and every
// plugin's view at several heads (join with `views: true`), as a council member who may read
// closed sessions, as the public (C3: closed-session events withheld from it, and its views
// folded without them), and as a circle's facilitator. tests/e2e/views_state.test.ts checks the
// web client's state from the views against the fold of the log; the same recording, saved in
// tests/unit/fixtures/, lets the unit tests do it without a server.

import WebSocket from 'ws';
import type { RoomEvent } from '../../../src/protocol/messages';
import { COUNCIL, ROOM } from './council';
import { MemberSocket } from './member_socket';

export const CIRCLE = 'rec6-literacy';
const CLERK = { email: 'clerk@rec6.example', password: 'demo-clerk-2026' };
const FACILITATOR = { email: 'facilitator@rec6.example', password: 'demo-facilitator-2026' };
const COFACILITATOR = { email: 'cofacilitator@rec6.example', password: 'demo-cofacilitator-2026' };
const TEACHER = { email: 'teacher@rec6.example', password: 'demo-teacher-2026' };

/** Every plugin's view at `seq`, as the join's ack gives them. */
export interface ViewsAt {
  seq: number;
  views: Record<string, unknown>;
}

/** One reader's recording of one room. */
export interface Recording {
  room: string;
  reader: 'member' | 'public' | 'facilitator';
  /** The join ack's `body`. */
  body: Record<string, unknown> | null;
  /** The whole log as the reader's client receives it, from the start, once the scenario is over. */
  events: RoomEvent[];
  /** The views at several heads during the scenario, the last at the final head. */
  views: ViewsAt[];
}

type Json = Record<string, unknown>;

/** Opens a socket, says hello (as the public without credentials) and hands the socket to `use`. */
async function withSocket<T>(origin: string, credentials: { email: string; password: string } | null, use: (request: (m: Json) => Promise<Json>, events: RoomEvent[]) => Promise<T>): Promise<T> {
  let token: string | undefined;
  if (credentials) {
    const login = await fetch(`${origin}/api/login`, { method: 'POST', body: JSON.stringify(credentials) });
    token = ((await login.json()) as { token: string }).token;
  }
  const ws = new WebSocket(`${origin.replace('http', 'ws')}/ws`);
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  let nextId = 1;
  const waiting = new Map<number, (m: Json) => void>();
  const events: RoomEvent[] = [];
  ws.on('message', (data) => {
    const parsed: unknown = JSON.parse(data.toString());
    for (const m of (Array.isArray(parsed) ? parsed : [parsed]) as Json[]) {
      if (String(m.type).includes('.')) events.push(m as unknown as RoomEvent);
      else waiting.get(m.id as number)?.(m);
    }
  });
  const request = (m: Json) =>
    new Promise<Json>((resolve, reject) => {
      const id = nextId++;
      waiting.set(id, (answer) => (answer.type === 'ack' ? resolve(answer) : reject(new Error(`${JSON.stringify(m)}: ${JSON.stringify(answer)}`))));
      ws.send(JSON.stringify({ id, ...m }));
    });
  try {
    await request({ type: 'hello', protocol: 1, ...(token ? { token } : {}) });
    return await use(request, events);
  } finally {
    ws.close();
  }
}

/** The views at the room's head now, as `reader` is given them on joining. */
function viewsNow(origin: string, room: string, credentials: { email: string; password: string } | null): Promise<ViewsAt> {
  return withSocket(origin, credentials, async (request) => {
    const ack = await request({ type: 'join', room, views: true });
    return { seq: ack.seq as number, views: ack.views as Record<string, unknown> };
  });
}

/** The whole log, as a client joining with `since: 0` receives it (up to the head it was joined at). */
function wholeLog(origin: string, room: string, credentials: { email: string; password: string } | null): Promise<{ body: Json | null; events: RoomEvent[] }> {
  return withSocket(origin, credentials, async (request, events) => {
    const ack = await request({ type: 'join', room, since: 0 });
    const head = ack.seq as number;
    const deadline = Date.now() + 10_000;
    // The catch-up follows the ack, and live events may follow it (departures as the scenario's
    // sockets close): wait for the head.
    while ((events.at(-1)?.seq ?? 0) < head) {
      if (Date.now() > deadline) throw new Error(`the catch-up of ${room} stopped at ${events.at(-1)?.seq} of ${head}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    return { body: (ack.body as Json) ?? null, events: events.filter((e) => e.seq <= head) };
  });
}

/** "YYYY-MM-DD" `days` from now. */
function day(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

/** Person ids of the demo council (db/seed/demo.json). */
const IDS = { rosa: 5, ana: 7, kyle: 8 };

/**
 * Plays the scenario on a fresh server (the demo seed) and records it. The council: a first
 * meeting held and adjourned (its minutes edited and completed) and a regular meeting noticed
 * with its agenda; then a meeting held without notice with a roll call, a designee and a proxy,
 * chat (a reply, an edit, a deletion, a removal, mutes), the speaker queue with a point of order, motions decided by roll call, an
 * amendment, a motion laid on the table and taken from it, a closed session with a guest and its
 * C4 statement, the first meeting's minutes approved with a correction (R3), a recess, a
 * departure, and a vote left open. The circle: a webinar with a seat, a waitlist and a promotion,
 * a weekly series with a week skipped and a registration, a webinar cancelled, chat, and the
 * professional-development cycle.
 */
export async function recordRooms(origin: string): Promise<Recording[]> {
  const join = (m: { email: string; password: string }, room = ROOM) => MemberSocket.join(origin, m.email, m.password, room);
  const [chair, luis, maria, tom, glen, ana] = await Promise.all(
    [COUNCIL.chair, COUNCIL.vicechair, COUNCIL.member, COUNCIL.house, COUNCIL.floyd, COUNCIL.texico].map((m) => join(m)),
  );
  const clerk = await join(CLERK);
  const facilitator = await join(FACILITATOR, CIRCLE);
  const teacher = await join(TEACHER, CIRCLE);
  const sockets = [chair!, luis!, maria!, tom!, glen!, ana!, clerk, facilitator, teacher];
  // Irene holds a seat and is never present; the cofacilitator runs the circle without taking part.
  const member = { email: COUNCIL.dora.email, password: COUNCIL.dora.password };
  const views = { member: [] as ViewsAt[], public: [] as ViewsAt[], facilitator: [] as ViewsAt[] };
  const council = async () => {
    views.member.push(await viewsNow(origin, ROOM, member));
    views.public.push(await viewsNow(origin, ROOM, null));
  };
  const circle = async () => views.facilitator.push(await viewsNow(origin, CIRCLE, COFACILITATOR));
  /** The seq of the last chat message `who` said or saw (the sender receives its event before its ack). */
  const lastSaid = (who: MemberSocket) => [...who.events].reverse().find((e) => e.type === 'chat.message')!.seq as number;
  const vote = async (who: MemberSocket[], choice: string) => {
    for (const m of who) await m.act('motions.vote', { choice });
  };
  /** A motion seconded, stated, voted and decided. */
  const decide = async (ayes: MemberSocket[], nays: MemberSocket[] = []) => {
    await chair!.act('motions.state');
    await chair!.act('motions.call_vote');
    await vote(ayes, 'aye');
    await vote(nays, 'nay');
    await chair!.act('motions.close_vote');
  };
  try {
    // Meeting 1, held without notice and adjourned; the clerk writes its minutes.
    for (const m of [chair!, luis!, maria!, tom!, glen!]) await m.act('quorum.present');
    await chair!.act('meeting.call_to_order', { despite_notice: true });
    await chair!.say('Good afternoon from Portales.');
    await chair!.act('meeting.adjourn', { note: 'Nothing else today.' });
    await clerk.act('minutes.edit', { minutes: 1, part: 'summary', text: 'A short meeting: the chair greeted the council.' });
    await clerk.act('minutes.complete', { minutes: 1 });
    // A regular meeting noticed twelve days ahead, with its agenda.
    await clerk.act('notice.schedule', { kind: 'regular', starts: `${day(12)}T10:00`, place: 'REC 6 office, Portales', remote: 'https://meet.rec6.example/council' });
    await clerk.act('notice.set_agenda', {
      meeting: 2,
      items: [
        { title: 'Call to order and roll call', type: 'information' },
        { title: 'Approve the FY27 calendar', type: 'action', presenter: 'Executive director' },
      ],
    });
    await clerk.act('notice.post', { meeting: 2 });
    await council();

    // Meeting 3, held without notice: a roll call, a designee, a proxy, and the chat.
    for (const m of [chair!, luis!, maria!, tom!, glen!, ana!]) await m.act('quorum.present');
    await chair!.act('meeting.call_to_order', { despite_notice: true, note: 'Special session' });
    await clerk.act('quorum.roll_call');
    await clerk.act('quorum.designee', { member: IDS.rosa, name: 'Pat Romero' });
    await clerk.act('quorum.proxy', { member: IDS.kyle, holder: 'Dana Ortiz', note: 'written proxy' });
    await tom!.say('Shall we take the calendar first?');
    await maria!.must({ type: 'say', room: ROOM, text: 'Yes, the calendar first.', reply_to: lastSaid(tom!) });
    await tom!.say('Then the buses?');
    await tom!.act('chat.edit', { message: lastSaid(tom!), text: 'Then the buses, if there is time?' });
    await glen!.say('Wrong room, sorry');
    await glen!.act('chat.delete', { message: lastSaid(glen!) });
    await ana!.say('Cheap buses at spam.example');
    await chair!.act('chat.remove', { message: lastSaid(ana!), reason: 'advertising' });
    await chair!.act('chat.mute', { person: IDS.ana, minutes: 60, reason: 'advertising' });

    // The speaker queue (P1-P3): three ask, one withdraws; the first speaks for two minutes, a
    // point of order stops her clock; after the ruling she yields and the next has the floor.
    await maria!.act('speakers.request');
    await tom!.act('speakers.request');
    await glen!.act('speakers.request');
    await glen!.act('speakers.withdraw');
    await chair!.act('speakers.set_limit', { minutes: 3 });
    await chair!.act('speakers.recognize', { minutes: 2 });
    await luis!.act('motions.point_of_order', { text: 'Is the calendar on the agenda?' });
    await council();
    await chair!.act('motions.rule', { ruling: 'not_well_taken' });
    await maria!.act('speakers.yield');
    await chair!.act('speakers.recognize');
    await council();

    // Motion 1, decided by roll call, a vote changed on the way.
    await luis!.act('motions.move', { text: 'Approve the 2026-27 cooperative calendar' });
    await maria!.act('motions.second');
    await chair!.act('motions.state');
    await chair!.act('motions.call_vote');
    await vote([luis!, maria!], 'aye');
    await vote([tom!], 'nay');
    await vote([tom!], 'aye');
    await vote([glen!], 'abstain');
    await chair!.act('motions.close_vote');
    await council();

    // Motion 2, amended (motion 3), laid on the table (motion 4) and taken from it (motion 5).
    await tom!.act('motions.move', { text: 'Buy two buses' });
    await glen!.act('motions.second');
    await maria!.act('motions.move', { kind: 'amend', text: 'Buy three buses' });
    await luis!.act('motions.second');
    await decide([luis!, maria!, tom!, glen!]);
    await luis!.act('motions.move', { kind: 'lay_on_table' });
    await maria!.act('motions.second');
    await decide([luis!, maria!, glen!], [tom!]);
    await council();
    await maria!.act('motions.move', { kind: 'take_from_table', motion: 2 });
    await luis!.act('motions.second');
    await decide([luis!, maria!, tom!]);
    await council();
    // Motion 2 again, decided.
    await decide([luis!, maria!, tom!, glen!, ana!]);

    // A closed session (motion 6) with a guest; back in open session, the C4 statement (motion 7).
    await luis!.act('motions.move', { kind: 'close_session', authority: 'H2', subject: 'the evaluation of the executive director' });
    await maria!.act('motions.second');
    await decide([luis!, maria!, tom!, glen!]);
    await chair!.act('meeting.admit_guest', { name: 'Jo Archuleta', role: 'attorney' });
    await tom!.say('A word in closed session.');
    await council();
    await chair!.act('meeting.open_session');
    await luis!.act('motions.move', { kind: 'closed_session_statement' });
    await decide([luis!, maria!, tom!, glen!]);
    // R3: the first meeting's minutes approved with a correction (motion 8).
    await maria!.act('motions.move', { kind: 'approve_minutes', minutes: 1, corrections: 'The chair also thanked the clerk.' });
    await luis!.act('motions.second');
    await decide([luis!, maria!, tom!, glen!]);
    await council();

    // A recess and back; a departure; a mute lifted; motion 9 left with its vote open.
    await chair!.act('meeting.recess', { note: 'ten minutes' });
    await council();
    await chair!.act('meeting.resume', { note: 'back at 3' });
    await glen!.act('quorum.absent');
    await chair!.act('chat.mute', { person: 4, minutes: 15, reason: 'a test' });
    await chair!.act('chat.unmute', { person: 4 });
    await luis!.act('motions.move', { text: 'Buy a fourth bus' });
    await maria!.act('motions.second');
    await chair!.act('motions.state');
    await chair!.act('motions.call_vote');
    await vote([luis!], 'aye');
    await vote([ana!], 'nay');
    await council();

    // The circle: present, a webinar of one seat (a seat, the waitlist, a promotion), chat, the cycle.
    await facilitator.act('quorum.present', {}, CIRCLE);
    await teacher.act('quorum.present', {}, CIRCLE);
    await facilitator.act(
      'webinar.schedule',
      { title: 'Decoding in the early grades', starts: `${day(20)}T16:00`, ends: `${day(20)}T17:00`, capacity: 1, join_url: 'https://meet.rec6.example/decoding' },
      CIRCLE,
    );
    await circle();
    await teacher.act('webinar.register', { webinar: 1 }, CIRCLE);
    await facilitator.act('webinar.register', { webinar: 1 }, CIRCLE);
    await teacher.say('See you at the webinar.', CIRCLE);
    await circle();
    await teacher.act('webinar.unregister', { webinar: 1 }, CIRCLE);
    // A weekly series of four with a week skipped (L2), one registration, and a webinar cancelled.
    await facilitator.act(
      'webinar.schedule',
      {
        title: 'Phonics office hours',
        starts: `${day(21)}T15:30`,
        ends: `${day(21)}T16:15`,
        capacity: 30,
        join_url: 'https://meet.rec6.example/phonics',
        rrule: 'FREQ=WEEKLY;COUNT=4',
        exdates: [`${day(28)}T15:30`],
        reminders: [60],
      },
      CIRCLE,
    );
    await teacher.act('webinar.register', { webinar: 2 }, CIRCLE);
    await circle();
    await facilitator.act('webinar.schedule', { title: 'Spare session', starts: `${day(40)}T16:00`, ends: `${day(40)}T17:00`, capacity: 5, join_url: 'https://meet.rec6.example/spare' }, CIRCLE);
    await facilitator.act('webinar.cancel', { webinar: 3, reason: 'Not needed after all.' }, CIRCLE);
    await facilitator.act('cycle.start', { title: 'Structured literacy', region: 'REC 6', notes: 'Grades K-3' }, CIRCLE);
    await facilitator.act('cycle.record', { initiative: 1, step: 'experts_trained', date: day(-30), people: ['Priya Nakai', 'Sam Begay'] }, CIRCLE);
    await facilitator.act('cycle.record', { initiative: 1, step: 'regional_training', date: day(-10), people: ['Lena Sandoval'], webinar: 1 }, CIRCLE);
    await facilitator.say('Thank you all.', CIRCLE);
    await circle();
  } finally {
    for (const s of sockets) s.close();
  }
  const recordings: Recording[] = [];
  for (const [room, reader, credentials, at] of [
    [ROOM, 'member', member, views.member],
    [ROOM, 'public', null, views.public],
    [CIRCLE, 'facilitator', COFACILITATOR, views.facilitator],
  ] as const) {
    const log = await wholeLog(origin, room, credentials);
    // Up to the last views: the departures recorded as the scenario's sockets closed come after.
    const head = at.at(-1)!.seq;
    recordings.push({ room, reader, body: log.body, events: log.events.filter((e) => e.seq <= head), views: at });
  }
  return recordings;
}
