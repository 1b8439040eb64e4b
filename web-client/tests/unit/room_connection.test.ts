import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { parseFrame, type RoomEvent } from '../../src/protocol/messages';
import { RoomConnection, type Joined, type StatusChange } from '../../src/protocol/room_connection';
import { backoffDelay } from '../../src/protocol/backoff';
import { ScriptedSocket, settle } from './scripted_socket';

const ev = (seq: number, type = 'chat.message'): RoomEvent => ({
  type,
  room: 'rec6-council',
  seq,
  ts: seq,
  actor: 'person:1',
  body: { name: 'Dana Ortiz', text: `line ${seq}` },
  hash: `h${seq}`,
});

describe('RoomConnection', () => {
  let sockets: ScriptedSocket[];
  let delivered: RoomEvent[];
  let statuses: StatusChange[];
  let joins: Joined[];
  let c: RoomConnection;

  const factory = () => {
    const s = new ScriptedSocket();
    sockets.push(s);
    return s;
  };

  beforeEach(() => {
    vi.useFakeTimers();
    sockets = [];
    delivered = [];
    statuses = [];
    joins = [];
    c = new RoomConnection({
      url: 'ws://test/ws',
      room: 'rec6-council',
      token: 'ses_x',
      onEvents: (events) => delivered.push(...events),
      onStatus: (s) => statuses.push(s),
      onJoined: (j) => joins.push(j),
      socketFactory: factory,
      random: () => 0.5,
    });
  });
  afterEach(() => {
    c.stop();
    vi.useRealTimers();
  });

  async function hello(socket: ScriptedSocket) {
    socket.open();
    expect(socket.last()).toMatchObject({ type: 'hello', protocol: 1, token: 'ses_x' });
    socket.frame({ type: 'ack', id: socket.last().id, protocol: 1, actor: 'person:3', name: 'Maria Chavez' });
    await settle();
  }

  /** The first join: with views, never `since`; the ack carries the views at the head. */
  async function connect(socket: ScriptedSocket, head: number, extra: unknown[] = []) {
    await hello(socket);
    const join = socket.last();
    expect(join).toEqual({ id: join.id, type: 'join', room: 'rec6-council', views: true });
    socket.frame([{ type: 'ack', id: join.id, seq: head, views: { quorum: { has_quorum: false } } }, ...extra]);
    await settle();
  }

  /** A rejoin: with `since`, no views. */
  async function rejoin(socket: ScriptedSocket, head: number, since: number) {
    await hello(socket);
    expect(socket.last()).toEqual({ id: socket.last().id, type: 'join', room: 'rec6-council', since });
    socket.frame({ type: 'ack', id: socket.last().id, seq: head });
    await settle();
  }

  it('joins with views, starts from them at the head, and goes live', async () => {
    c.start();
    // An event may come in the ack's own frame: it follows the views.
    await connect(sockets[0]!, 3, [ev(3), ev(4)]);
    expect(joins).toEqual([{ roles: [], may: [], body: null, views: { seq: 3, views: { quorum: { has_quorum: false } } } }]);
    expect(c.currentStatus).toBe('live');
    expect(c.seq).toBe(4);
    sockets[0]!.frame([ev(4), ev(5)]); // a batched frame, with a duplicate
    expect(delivered.map((e) => e.seq)).toEqual([4, 5]);
  });

  it('matches answers to requests by id, events before their ack', async () => {
    c.start();
    await connect(sockets[0]!, 0);
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
    s.frame({ type: 'ack', id: s.last().id, seq: 0, views: {} });
    await settle();
    const vote = c.act('motions.vote', { choice: 'aye' });
    s.frame({ type: 'error', id: s.last().id, code: 'not_present', message: 'Q1, M2: solo los miembros…', lang: 'es' });
    await expect(vote).rejects.toMatchObject({ code: 'not_present', lang: 'es' });
    c.setLanguage('en'); // live: a language request now
    expect(s.last()).toMatchObject({ type: 'language', lang: 'en' });
    c.setLanguage('en'); // unchanged: nothing sent
    expect(s.sent.filter((m) => m.type === 'language')).toHaveLength(1);
  });

  it('after a drop rejoins with since the last event, folding exactly the events missed', async () => {
    c.start();
    await connect(sockets[0]!, 40);
    sockets[0]!.frame([ev(41), ev(42), ev(42)]);
    const pending = c.say('lost?');
    sockets[0]!.drop();
    await expect(pending).rejects.toMatchObject({ code: 'connection_lost' });
    expect(statuses.at(-1)).toMatchObject({ status: 'offline', retryInMs: backoffDelay(0, { initialMs: 500, maxMs: 15000 }, 0.5) });
    vi.advanceTimersByTime(1000);
    expect(sockets).toHaveLength(2);
    await rejoin(sockets[1]!, 45, 42);
    expect(c.currentStatus).toBe('catching_up');
    // The rejoin's ack has no views: the state goes on from where it was.
    expect(joins.map((j) => j.views?.seq ?? null)).toEqual([40, null]);
    sockets[1]!.frame([ev(42), ev(43), ev(44)]);
    sockets[1]!.frame([ev(45), ev(46)]);
    expect(delivered.map((e) => e.seq)).toEqual([41, 42, 43, 44, 45, 46]);
    expect(c.currentStatus).toBe('live');
  });

  describe('recalling the events before the views, for the record', () => {
    let history: RoomEvent[][];
    let order: string[];
    let r: RoomConnection;

    beforeEach(() => {
      history = [];
      order = [];
      r = new RoomConnection({
        url: 'ws://test/ws',
        room: 'rec6-council',
        token: 'ses_x',
        history: 3,
        onHistory: (events) => {
          history.push(events);
          order.push(...events.map((e) => `history ${e.seq}`));
        },
        onEvents: (events) => {
          delivered.push(...events);
          order.push(...events.map((e) => `event ${e.seq}`));
        },
        onStatus: () => undefined,
        onJoined: (j) => order.push(`joined ${j.views ? 'with views' : 'since'}`),
        socketFactory: factory,
        random: () => 0.5,
      });
    });
    afterEach(() => r.stop());

    it('leaves and joins again from the views\' seq less the history, once; later events wait for it', async () => {
      r.start();
      const s = sockets[0]!;
      await connect(s, 10);
      const [leave, join] = s.sent.slice(-2);
      expect(leave).toEqual({ id: leave!.id, type: 'leave', room: 'rec6-council' });
      expect(join).toEqual({ id: join!.id, type: 'join', room: 'rec6-council', since: 7 });
      // An event of the first subscription, then the answers, then the replay from 7 (11 again) and a live one.
      s.frame(ev(11));
      s.frame([{ type: 'ack', id: leave!.id }, { type: 'ack', id: join!.id, seq: 11 }]);
      s.frame([ev(8), ev(9)]);
      expect(delivered).toEqual([]); // 11 waits behind the record
      s.frame([ev(10), ev(11), ev(12)]);
      expect(history.map((h) => h.map((e) => e.seq))).toEqual([[8, 9, 10]]);
      expect(order).toEqual(['joined with views', 'history 8', 'history 9', 'history 10', 'event 11', 'event 12']);
      expect(r.currentStatus).toBe('live');
    });

    it('a drop during the recall rejoins from where it stopped; nothing is missed or given twice', async () => {
      r.start();
      await connect(sockets[0]!, 10);
      const [, join] = sockets[0]!.sent.slice(-2);
      sockets[0]!.frame([{ type: 'ack', id: join!.id, seq: 11 }, ev(8), ev(11)]);
      sockets[0]!.drop();
      vi.advanceTimersByTime(1000);
      await rejoin(sockets[1]!, 12, 8);
      sockets[1]!.frame([ev(9), ev(10), ev(11), ev(12)]);
      expect(history.map((h) => h.map((e) => e.seq))).toEqual([[8, 9, 10]]);
      expect(delivered.map((e) => e.seq)).toEqual([11, 12]);
      expect(order.filter((o) => o.startsWith('joined'))).toEqual(['joined with views', 'joined since']);
    });

    it('recalls nothing when nothing comes before the views', async () => {
      r.start();
      await connect(sockets[0]!, 0);
      expect(sockets[0]!.sent.map((m) => m.type)).toEqual(['hello', 'join']);
      sockets[0]!.frame(ev(1));
      expect(delivered.map((e) => e.seq)).toEqual([1]);
    });

    it('a refused recall closes the socket; the rejoin asks from the recall\'s start', async () => {
      r.start();
      await connect(sockets[0]!, 2);
      const [, join] = sockets[0]!.sent.slice(-2);
      expect(join).toMatchObject({ type: 'join', since: 0 });
      sockets[0]!.frame({ type: 'error', id: join!.id, code: 'unavailable', message: 'shutting down' });
      await settle();
      expect(sockets[0]!.closed).toBe(true);
      sockets[0]!.drop();
      vi.advanceTimersByTime(1000);
      await rejoin(sockets[1]!, 2, 0);
      sockets[1]!.frame([ev(1), ev(2), ev(3)]);
      expect(history.map((h) => h.map((e) => e.seq))).toEqual([[1, 2]]);
      expect(delivered.map((e) => e.seq)).toEqual([3]);
    });
  });

  it('passes on the roles, what they may do and the body the join ack names, and reads a plugin part with read', async () => {
    c.start();
    const s = sockets[0]!;
    await hello(s);
    const body = { slug: 'rec6-council', name: 'REC 6 Council', kind: 'council', time_zone: 'America/Denver', public: true };
    s.frame({ type: 'ack', id: s.last().id, seq: 0, roles: ['clerk', 'public', 7], may: ['say', 'post_notice', null], body, views: {} });
    await settle();
    // The ack's body (its time zone, whether it is public) comes with the roles.
    expect(joins).toEqual([{ roles: ['clerk', 'public'], may: ['say', 'post_notice'], body, views: { seq: 0, views: {} } }]);
    const doc = c.read('minutes', { minutes: 1, version: 0 });
    expect(s.last()).toMatchObject({ type: 'read', room: 'rec6-council', plugin: 'minutes', query: { minutes: 1, version: 0 } });
    s.frame({ type: 'ack', id: s.last().id, seq: 0, result: { format: 'collegial-minutes/1' } });
    await expect(doc).resolves.toMatchObject({ result: { format: 'collegial-minutes/1' } });
  });

  it('closes and rejoins on a gap rather than folding past it', async () => {
    c.start();
    await connect(sockets[0]!, 1);
    sockets[0]!.frame(ev(2));
    sockets[0]!.frame(ev(4));
    expect(delivered.map((e) => e.seq)).toEqual([2]);
    expect(sockets[0]!.closed).toBe(true);
    sockets[0]!.drop();
    vi.advanceTimersByTime(1000);
    await rejoin(sockets[1]!, 4, 2);
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
    await connect(sockets[0]!, 0);
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
