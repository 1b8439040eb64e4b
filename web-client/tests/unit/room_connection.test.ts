import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { parseFrame, type RoomEvent } from '../../src/protocol/messages';
import { RoomConnection, type SocketLike, type StatusChange } from '../../src/protocol/room_connection';
import { backoffDelay } from '../../src/protocol/backoff';

// A socket that records what the client sends and lets the test play the server.
class ScriptedSocket implements SocketLike {
  readyState = 0;
  sent: Record<string, unknown>[] = [];
  onopen: ((ev: unknown) => void) | null = null;
  onmessage: ((ev: { data: unknown }) => void) | null = null;
  onclose: ((ev: { code: number; reason: string }) => void) | null = null;
  onerror: ((ev: unknown) => void) | null = null;
  closed = false;
  send(data: string) {
    this.sent.push(JSON.parse(data));
  }
  close() {
    this.closed = true;
  }
  open() {
    this.readyState = 1;
    this.onopen?.({});
  }
  frame(payload: unknown) {
    this.onmessage?.({ data: JSON.stringify(payload) });
  }
  drop(code = 1006) {
    this.readyState = 3;
    this.onclose?.({ code, reason: '' });
  }
  last() {
    return this.sent[this.sent.length - 1]!;
  }
}

const ev = (seq: number, type = 'chat.message'): RoomEvent => ({
  type,
  room: 'rec6-council',
  seq,
  ts: seq,
  actor: 'person:1',
  body: { name: 'Dana Ortiz', text: `line ${seq}` },
  hash: `h${seq}`,
});

async function settle() {
  for (let i = 0; i < 5; i++) await Promise.resolve();
}

describe('RoomConnection', () => {
  let sockets: ScriptedSocket[];
  let delivered: RoomEvent[];
  let statuses: StatusChange[];
  let c: RoomConnection;

  beforeEach(() => {
    vi.useFakeTimers();
    sockets = [];
    delivered = [];
    statuses = [];
    c = new RoomConnection({
      url: 'ws://test/ws',
      room: 'rec6-council',
      token: 'ses_x',
      onEvents: (events) => delivered.push(...events),
      onStatus: (s) => statuses.push(s),
      socketFactory: () => {
        const s = new ScriptedSocket();
        sockets.push(s);
        return s;
      },
      random: () => 0.5,
    });
  });
  afterEach(() => {
    c.stop();
    vi.useRealTimers();
  });

  async function connect(socket: ScriptedSocket, head: number, expectSince: number) {
    socket.open();
    expect(socket.last()).toMatchObject({ type: 'hello', protocol: 1, token: 'ses_x' });
    socket.frame({ type: 'ack', id: socket.last().id, protocol: 1, actor: 'person:3', name: 'Maria Chavez' });
    await settle();
    expect(socket.last()).toMatchObject({ type: 'join', room: 'rec6-council', since: expectSince });
    socket.frame({ type: 'ack', id: socket.last().id, seq: head });
    await settle();
  }

  it('says hello, joins from 0, catches up and goes live', async () => {
    c.start();
    await connect(sockets[0]!, 3, 0);
    expect(c.currentStatus).toBe('catching_up');
    sockets[0]!.frame([ev(1), ev(2), ev(3)]); // a batched frame
    expect(delivered.map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(c.currentStatus).toBe('live');
  });

  it('matches answers to requests by id, events before their ack', async () => {
    c.start();
    await connect(sockets[0]!, 0, 0);
    const s = sockets[0]!;
    const vote = c.act('motions.vote', { choice: 'aye' });
    const sayFirst = c.say('hello');
    const [voteReq, sayReq] = s.sent.slice(-2);
    expect(voteReq).toMatchObject({ type: 'act', room: 'rec6-council', op: 'motions.vote', args: { choice: 'aye' } });
    // The say is answered first (an answer may overtake), as an error; then the vote's event and ack.
    s.frame({ type: 'error', id: sayReq!.id, code: 'forbidden', message: 'say needs …' });
    await expect(sayFirst).rejects.toMatchObject({ code: 'forbidden' });
    s.frame([ev(1, 'motions.vote_cast'), { type: 'ack', id: voteReq!.id, seq: 1 }]);
    await expect(vote).resolves.toMatchObject({ type: 'ack', seq: 1 });
    expect(delivered.map((e) => e.type)).toEqual(['motions.vote_cast']);
  });

  it('asks for refusals in the reader\'s language, at hello and when it changes', async () => {
    c.setLanguage('es'); // before the socket opens: told at hello
    c.start();
    const s = sockets[0]!;
    s.open();
    expect(s.last()).toMatchObject({ type: 'hello', lang: 'es' });
    s.frame({ type: 'ack', id: s.last().id, protocol: 1, actor: 'person:3', name: 'Maria Chavez', lang: 'es' });
    await settle();
    s.frame({ type: 'ack', id: s.last().id, seq: 0 });
    await settle();
    const vote = c.act('motions.vote', { choice: 'aye' });
    s.frame({ type: 'error', id: s.last().id, code: 'not_present', message: 'Q1, M2: solo los miembros…', lang: 'es' });
    await expect(vote).rejects.toMatchObject({ code: 'not_present', lang: 'es' });
    c.setLanguage('en'); // live: a language request now
    expect(s.last()).toMatchObject({ type: 'language', lang: 'en' });
    c.setLanguage('en'); // unchanged: nothing sent
    expect(s.sent.filter((m) => m.type === 'language')).toHaveLength(1);
  });

  it('drops duplicate events and rejoins with since after a drop, missing nothing', async () => {
    c.start();
    await connect(sockets[0]!, 2, 0);
    sockets[0]!.frame([ev(1), ev(2), ev(2)]);
    const pending = c.say('lost?');
    sockets[0]!.drop();
    await expect(pending).rejects.toMatchObject({ code: 'connection_lost' });
    expect(statuses.at(-1)).toMatchObject({ status: 'offline', retryInMs: backoffDelay(0, { initialMs: 500, maxMs: 15000 }, 0.5) });
    vi.advanceTimersByTime(1000);
    expect(sockets).toHaveLength(2);
    await connect(sockets[1]!, 4, 2);
    sockets[1]!.frame([ev(2), ev(3), ev(4)]);
    expect(delivered.map((e) => e.seq)).toEqual([1, 2, 3, 4]);
    expect(c.currentStatus).toBe('live');
  });

  it('passes on the roles the join ack names, and reads a plugin part with read', async () => {
    const joined: { roles: string[] }[] = [];
    const r = new RoomConnection({
      url: 'ws://test/ws',
      room: 'rec6-council',
      token: 'ses_x',
      onEvents: () => undefined,
      onStatus: () => undefined,
      onJoined: (j) => joined.push(j),
      socketFactory: () => {
        const s = new ScriptedSocket();
        sockets.push(s);
        return s;
      },
    });
    r.start();
    const s = sockets[0]!;
    s.open();
    s.frame({ type: 'ack', id: s.last().id, protocol: 1, actor: 'person:11', name: 'Joan Archuleta' });
    await settle();
    const body = { slug: 'rec6-council', name: 'REC 6 Council', kind: 'council', time_zone: 'America/Denver', public: true };
    s.frame({ type: 'ack', id: s.last().id, seq: 0, roles: ['clerk', 'public', 7], body });
    await settle();
    // The ack's body (its time zone, whether it is public) comes with the roles.
    expect(joined).toEqual([{ roles: ['clerk', 'public'], body }]);
    const doc = r.read('minutes', { minutes: 1, version: 0 });
    expect(s.last()).toMatchObject({ type: 'read', room: 'rec6-council', plugin: 'minutes', query: { minutes: 1, version: 0 } });
    s.frame({ type: 'ack', id: s.last().id, seq: 0, result: { format: 'collegial-minutes/1' } });
    await expect(doc).resolves.toMatchObject({ result: { format: 'collegial-minutes/1' } });
    r.stop();
  });

  it('closes and rejoins on a gap rather than folding past it', async () => {
    c.start();
    await connect(sockets[0]!, 1, 0);
    sockets[0]!.frame(ev(1));
    sockets[0]!.frame(ev(3));
    expect(delivered.map((e) => e.seq)).toEqual([1]);
    expect(sockets[0]!.closed).toBe(true);
  });

  it('stops for good when the session token is refused', async () => {
    c.start();
    const s = sockets[0]!;
    s.open();
    s.frame({ type: 'error', id: s.last().id, code: 'bad_token', message: 'log in again' });
    await settle();
    expect(statuses.at(-1)).toMatchObject({ status: 'stopped', error: { code: 'bad_token' } });
    vi.advanceTimersByTime(60_000);
    expect(sockets).toHaveLength(1);
  });

  it('goes offline at once when the browser does, and back when asked', async () => {
    c.start();
    await connect(sockets[0]!, 0, 0);
    c.goOffline();
    expect(c.currentStatus).toBe('offline');
    await expect(c.say('x')).rejects.toMatchObject({ code: 'offline' });
    c.reconnectNow();
    expect(sockets).toHaveLength(2);
  });

  it('backs off exponentially up to the ceiling', () => {
    const o = { initialMs: 500, maxMs: 15_000 };
    expect([0, 1, 2, 3, 10].map((n) => backoffDelay(n, o, 1))).toEqual([500, 1000, 2000, 4000, 15000]);
    expect(backoffDelay(0, o, 0)).toBe(250);
  });

  it('reads a frame holding one message or an array of them', () => {
    expect(parseFrame('{"type":"ack","id":1}')).toHaveLength(1);
    expect(parseFrame('[{"type":"ack","id":1},{"type":"ack","id":2}]')).toHaveLength(2);
    expect(() => parseFrame('[1]')).toThrow();
  });
});
