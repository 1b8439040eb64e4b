// The room's state from the views against the fold of its whole log, on a recording of a real
// server (fixtures/recorded_rooms.json: a council's afternoon as a member and as the public, a
// learning circle's as a facilitator; recorded by tests/e2e/views_state.test.ts with
// COLLEGIAL_RECORD_FIXTURE=1). And a reconnection after a join with views: the rejoin's `since`
// brings exactly the events missed.
import { readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import type { RoomEvent } from '../../src/protocol/messages';
import { RoomConnection } from '../../src/protocol/room_connection';
import { initialRoomState, roomBodyOf, roomReducer, type RoomAction, type RoomState } from '../../src/state/room_state';
import type { Recording } from '../e2e/support/recorded_rooms';
import { foldOn, foldedFromStart, refreshed, shown, startedFromViews, upTo } from './recorded_state';
import { ScriptedSocket, settle } from './scripted_socket';

const recordings = JSON.parse(readFileSync(new URL('./fixtures/recorded_rooms.json', import.meta.url), 'utf8')) as Recording[];
const council = recordings.find((r) => r.room === 'rec6-council' && r.reader === 'member')!;

describe('the state from the views of a recorded room', () => {
  it('records both rooms, as a member, the public and a facilitator, with views at several heads', () => {
    expect(recordings.map((r) => [r.room, r.reader, r.views.length >= 3, r.views.at(-1)!.seq === r.events.at(-1)!.seq])).toEqual([
      ['rec6-council', 'member', true, true],
      ['rec6-council', 'public', true, true],
      ['rec6-literacy', 'facilitator', true, true],
    ]);
    // What the scenario was for: a vote open, motions decided, a closed session withheld from the public.
    const end = startedFromViews(council, council.views.at(-1)!, 0);
    expect(end.motions.pending.map((m) => [m.number, m.step, m.tally])).toEqual([[9, 'voting', { aye: 1, nay: 1, abstain: 0 }]]);
    const publicLog = recordings[1]!.events.map((e) => e.type);
    expect(publicLog).toContain('session.withheld');
    expect(council.events.map((e) => e.type)).not.toContain('session.withheld');
  });

  it('at every head, the views with the whole log before them recalled give the fold of the whole log', () => {
    for (const r of recordings) {
      for (const at of r.views) {
        const context = `${r.room} as ${r.reader} at ${at.seq}`;
        expect({ context, state: shown(startedFromViews(r, at, at.seq)) }).toEqual({ context, state: shown(foldedFromStart(r, at)) });
      }
    }
  });

  it('with only the last events recalled, the views give all they hold and the record its last part', () => {
    const history = 20;
    for (const r of recordings) {
      for (const at of r.views) {
        const context = `${r.room} as ${r.reader} at ${at.seq}`;
        const views = startedFromViews(r, at, history);
        const whole = foldedFromStart(r, at);
        const from = at.seq - history; // the record starts after this seq
        // What no view holds, and these 20 events did not say: who presides and the last step's
        // note, the last departure, the votes taken and the messages said before them.
        const viewsOnly = (s: RoomState) => {
          const { timeline: _t, ...rest } = shown(s);
          const { presiding: _p, note: _n, ...meeting } = rest.meeting;
          const { messages: _m, order: _o, redacted: _r, ...chat } = rest.chat;
          return { ...rest, meeting, chat, quorum: { ...rest.quorum, lastDeparture: null }, motions: { ...rest.motions, tabled: [], decided: [] } };
        };
        expect({ context, state: viewsOnly(views) }).toEqual({ context, state: viewsOnly(whole) });
        const recent = <T extends { seq: number }>(xs: T[]) => xs.filter((x) => x.seq > from);
        expect({ context, timeline: views.timeline }).toEqual({ context, timeline: recent(whole.timeline) });
        expect({ context, decided: views.motions.decided.map(({ motion: _, ...d }) => d) }).toEqual({
          context,
          decided: recent(whole.motions.decided).map(({ motion: _, ...d }) => d),
        });
        for (const m of Object.values(views.chat.messages)) expect({ context, m }).toEqual({ context, m: whole.chat.messages[m.seq] });
      }
    }
  });

  it('started from the views at any head, the events after them fold to the state of the whole log', () => {
    for (const r of recordings) {
      const end = r.views.at(-1)!;
      const whole = foldedFromStart(r, end);
      for (const at of r.views) {
        const context = `${r.room} as ${r.reader}, from ${at.seq} to ${end.seq}`;
        const live = refreshed(foldOn(startedFromViews(r, at, at.seq), r, end.seq), end);
        expect({ context, state: shown(live) }).toEqual({ context, state: shown(whole) });
      }
    }
  });

  it('a motion taken from the table that the client never saw tabled comes back with the next view', () => {
    // Joined while motion 2 lay on the table, recalling too little to have seen it tabled.
    const tabledAt = council.views.find((v) => startedFromViews(council, v, v.seq).motions.tabled.some((m) => m.number === 2))!;
    const takenAt = council.views.find((v) => v.seq > tabledAt.seq)!;
    const joined = startedFromViews(council, tabledAt, 5);
    expect(joined.motions.tabled).toEqual([]);
    // Taking it from the table is folded, but the fold has nothing to bring back…
    const folded = foldOn(joined, council, takenAt.seq);
    expect(folded.motions.pending.map((m) => m.number)).toEqual([]);
    // …until the view asked after the decision, at the state's own seq, gives it.
    const refreshed = roomReducer(folded, { type: 'view', seq: takenAt.seq, views: takenAt.views });
    const whole = foldedFromStart(council, takenAt);
    expect(refreshed.motions.pending).toEqual(whole.motions.pending);
    // A view ahead of the events folded leaves the motions alone: those events would fold twice.
    const behind = foldOn(joined, council, takenAt.seq - 1);
    expect(roomReducer(behind, { type: 'view', seq: takenAt.seq, views: takenAt.views }).motions).toBe(behind.motions);
  });

  it('never folds into the state an event the views already hold', () => {
    // Recalled events change only the record: replaying them all over the views' state would
    // count the votes, arrivals and motions twice.
    const at = council.views[2]!;
    const started = startedFromViews(council, at, 0);
    const recalled = roomReducer(started, { type: 'history', events: upTo(council, at.seq) });
    expect(recalled.quorum.present).toEqual(started.quorum.present);
    expect(recalled.motions.pending.map((m) => [m.number, m.tally])).toEqual(started.motions.pending.map((m) => [m.number, m.tally]));
    expect(recalled.notice).toEqual(started.notice);
    expect(recalled.lastSeq).toBe(at.seq);
    // Events after the views' seq are not the record's: they come to the state as events.
    const after = council.events.filter((e) => e.seq > at.seq).slice(0, 5);
    expect(roomReducer(started, { type: 'history', events: after })).toEqual({ ...started });
  });
});

describe('a reconnection after a join with views', () => {
  it('rejoins with since the last event and folds exactly the events missed, the record recalled once', async () => {
    vi.useFakeTimers();
    try {
      const r = council;
      const at = r.views[2]!; // the first join's head
      const end = r.views.at(-1)!;
      const sockets: ScriptedSocket[] = [];
      let state = initialRoomState(r.room);
      const folds: string[] = [];
      const dispatch = (action: RoomAction) => {
        folds.push(action.type === 'events' || action.type === 'history' ? `${action.type} ${action.events.map((e) => e.seq).join(',')}` : action.type);
        state = roomReducer(state, action);
      };
      const c = new RoomConnection({
        url: 'ws://test/ws',
        room: r.room,
        history: 10,
        onHistory: (events) => dispatch({ type: 'history', events }),
        onEvents: (events) => dispatch({ type: 'events', events }),
        onJoined: (j) => {
          dispatch({ type: 'joined', body: roomBodyOf(j.body) });
          if (j.views) dispatch({ type: 'start', seq: j.views.seq, views: j.views.views });
        },
        onStatus: () => undefined,
        socketFactory: () => {
          const s = new ScriptedSocket();
          sockets.push(s);
          return s;
        },
        random: () => 0.5,
      });
      const events = (from: number, to: number): RoomEvent[] => r.events.filter((e) => e.seq > from && e.seq <= to);
      const greet = async (s: ScriptedSocket) => {
        s.open();
        s.frame({ type: 'ack', id: s.last().id, protocol: 1, actor: 'person:9', name: 'Irene Montoya' });
        await settle();
      };
      const missedFrom = at.seq + 7;

      c.start();
      const first = sockets[0]!;
      await greet(first);
      first.frame({ type: 'ack', id: first.last().id, seq: at.seq, roles: ['voting_member'], body: r.body, views: at.views });
      await settle();
      // The recall: leave, join since the head less 10; meanwhile two live events.
      const [leave, recall] = first.sent.slice(-2);
      expect([leave, recall]).toMatchObject([{ type: 'leave' }, { type: 'join', since: at.seq - 10 }]);
      first.frame(events(at.seq, at.seq + 2));
      first.frame([{ type: 'ack', id: leave!.id }, { type: 'ack', id: recall!.id, seq: at.seq + 2 }, ...events(at.seq - 10, at.seq + 2)]);
      first.frame(events(at.seq + 2, missedFrom));
      // The connection drops; what happens meanwhile comes with the rejoin, from `since`.
      first.drop();
      vi.advanceTimersByTime(1000);
      const second = sockets[1]!;
      await greet(second);
      expect(second.last()).toEqual({ id: second.last().id, type: 'join', room: r.room, since: missedFrom });
      // The replay in the ack's own frame, from one the client already holds.
      second.frame([{ type: 'ack', id: second.last().id, seq: end.seq, roles: ['voting_member'], body: r.body }, ...events(missedFrom - 1, end.seq)]);
      await settle();

      expect(folds).toEqual([
        'joined',
        'start',
        `history ${events(at.seq - 10, at.seq).map((e) => e.seq).join(',')}`,
        `events ${events(at.seq, at.seq + 2).map((e) => e.seq).join(',')}`,
        `events ${events(at.seq + 2, missedFrom).map((e) => e.seq).join(',')}`,
        'joined',
        `events ${events(missedFrom, end.seq).map((e) => e.seq).join(',')}`,
      ]);
      // Each event after the views folded once: the state is the whole log's, but for the record
      // before the last ten (and the views' words the rejoin's `view` brings: refreshed here).
      const whole = foldedFromStart(r, end);
      const expected = foldOn(startedFromViews(r, at, 10), r, end.seq);
      expect(shown(refreshed(state, end))).toEqual(shown(refreshed(expected, end)));
      expect(shown(refreshed(state, end)).motions.pending).toEqual(shown(whole).motions.pending);
      expect(state.quorum.present.map((p) => p.person).sort()).toEqual(whole.quorum.present.map((p) => p.person).sort());
      c.stop();
    } finally {
      vi.useRealTimers();
    }
  });
});
