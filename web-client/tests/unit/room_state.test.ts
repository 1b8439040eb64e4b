import { describe, expect, it } from 'vitest';
import { foldEvent, initialRoomState, roomReducer } from '../../src/state/room_state';
import { onTheFloor } from '../../src/state/motions';
import { quorumBar } from '../../src/state/quorum';
import { arrived, eventMaker } from './events';

const fold = (events: ReturnType<ReturnType<typeof eventMaker>>[]) =>
  roomReducer(initialRoomState('rec6-council'), { type: 'events', events });

// A short meeting as the server records it: five arrive (quorum), a motion is made, seconded,
// stated, voted and decided.
function meeting() {
  const e = eventMaker();
  const names = ['Dana Ortiz', 'Luis Baca', 'Maria Chavez', 'Tom Whitfield', 'Rosa Lucero'];
  const events = [e('room.created', { name: 'rec6-council' }, 'system:seed')];
  names.forEach((name, i) => events.push(e('quorum.arrived', arrived(i + 1, name), `person:${i + 1}`)));
  events.push(e('quorum.established', { counted: 5, required: 5, members: 9, text: '…' }, 'plugin:quorum'));
  events.push(e('meeting.called_to_order', { presiding: 'Dana Ortiz', number: 1, quorum: true }));
  events.push(
    e('motions.made', { motion: 1, kind: 'main', text: 'Approve the calendar', threshold: 'majority_of_votes_cast', mover: 3, mover_name: 'Maria Chavez', second_required: false }, 'person:3'),
  );
  events.push(e('motions.seconded', { motion: 1, seconder: 4, seconder_name: 'Tom Whitfield' }, 'person:4'));
  events.push(e('motions.stated', { motion: 1, text: 'Approve the calendar' }));
  events.push(e('motions.voting_opened', { motion: 1 }));
  events.push(e('motions.vote_cast', { motion: 1, person: 3, name: 'Maria Chavez', choice: 'aye' }, 'person:3'));
  events.push(e('motions.tally', { motion: 1, aye: 1, nay: 0, abstain: 0 }, 'plugin:motions'));
  events.push(e('motions.vote_cast', { motion: 1, person: 4, name: 'Tom Whitfield', choice: 'nay' }, 'person:4'));
  events.push(e('motions.tally', { motion: 1, aye: 1, nay: 1, abstain: 0 }, 'plugin:motions'));
  events.push(e('motions.vote_cast', { motion: 1, person: 4, name: 'Tom Whitfield', choice: 'aye' }, 'person:4'));
  events.push(e('motions.tally', { motion: 1, aye: 2, nay: 0, abstain: 0 }, 'plugin:motions'));
  return { e, events };
}

describe('room state', () => {
  it('folds a meeting: quorum, the motion on the floor and its live tally', () => {
    const s = fold(meeting().events);
    expect(s.lastSeq).toBe(18);
    expect(s.meeting.phase).toBe('in_session');
    expect(s.meeting.presiding).toBe('Dana Ortiz');
    expect(s.quorum.present.map((p) => p.name)).toHaveLength(5);
    expect(quorumBar(s.quorum)).toMatchObject({ counted: 5, members: 9, required: 5, hasQuorum: true });
    const floor = onTheFloor(s.motions)!;
    expect(floor.step).toBe('voting');
    expect(floor.seconderName).toBe('Tom Whitfield');
    // A changed vote replaces the earlier one.
    expect(floor.votes).toEqual([
      { person: 3, name: 'Maria Chavez', choice: 'aye' },
      { person: 4, name: 'Tom Whitfield', choice: 'aye' },
    ]);
    expect(floor.tally).toEqual({ aye: 2, nay: 0, abstain: 0 });
  });

  it('ignores an event it has already folded, and events of other rooms', () => {
    const { events } = meeting();
    const once = fold(events);
    const twice = roomReducer(once, { type: 'events', events });
    expect(twice).toBe(once);
    const replayedTail = fold([...events, ...events.slice(10)]);
    expect(replayedTail).toEqual(once);
    expect(replayedTail.timeline.map((x) => x.seq)).toEqual([...new Set(replayedTail.timeline.map((x) => x.seq))]);
    const other = { ...events[5]!, room: 'demo', seq: 99 };
    expect(foldEvent(once, other)).toBe(once);
  });

  it('folds the same log to the same state however it is split', () => {
    const { events } = meeting();
    const whole = fold(events);
    let pieces = initialRoomState('rec6-council');
    for (let i = 0; i < events.length; i += 3) {
      // Overlapping pieces, as a rejoin with since may repeat nothing but a client could.
      pieces = roomReducer(pieces, { type: 'events', events: events.slice(Math.max(0, i - 1), i + 3) });
    }
    expect(pieces).toEqual(whole);
  });

  it('records the decision with its roll call and clears the floor', () => {
    const { e, events } = meeting();
    const votes = [
      { person: 1, name: 'Dana Ortiz', vote: 'abstain' },
      { person: 3, name: 'Maria Chavez', vote: 'aye' },
      { person: 9, name: 'Irene Montoya', vote: 'absent' },
    ];
    events.push(
      e('motions.decided', { motion: 1, kind: 'main', motion_text: 'Approve the calendar', threshold: 'majority_of_votes_cast', result: 'adopted', aye: 2, nay: 0, abstain: 0, votes, text: '…' }, 'plugin:motions'),
    );
    const s = fold(events);
    expect(onTheFloor(s.motions)).toBeNull();
    expect(s.motions.decided).toHaveLength(1);
    expect(s.motions.decided[0]).toMatchObject({ number: 1, result: 'adopted', text: 'Approve the calendar', tally: { aye: 2, nay: 0, abstain: 0 } });
    expect(s.motions.decided[0]!.votes).toEqual(votes);
    expect(s.announcement).toMatchObject({ kind: 'decided', number: 1, result: 'adopted', aye: 2 });
  });

  it('keeps the quorum bar honest: unknown membership, then lost on a departure', () => {
    const e = eventMaker();
    let s = fold([e('quorum.arrived', arrived(1, 'Dana Ortiz')), e('quorum.arrived', arrived(10, 'Carmen Vigil', false))]);
    expect(quorumBar(s.quorum)).toEqual({ counted: 1, members: null, required: null, hasQuorum: false, fraction: null });
    s = roomReducer(s, {
      type: 'events',
      events: [
        e('quorum.roll_called', { present: [{ person: 1, name: 'Dana Ortiz', mode: 'remote' }], absent: [], counted: 1, required: 5, members: 9, has_quorum: false }),
        e('quorum.departed', { person: 1, name: 'Dana Ortiz', reason: 'disconnected' }),
      ],
    });
    expect(quorumBar(s.quorum)).toMatchObject({ counted: 0, members: 9, required: 5, hasQuorum: false, fraction: 0 });
    expect(s.quorum.lastDeparture).toEqual({ person: 1, reason: 'disconnected', seq: 4 });
    expect(s.quorum.present.map((p) => p.person)).toEqual([10]);
  });

  it('takes the presence restated on the return to open session as the presence (C3)', () => {
    const e = eventMaker();
    // The public saw three arrive; two left during the closed session (withheld from it).
    let s = fold([e('quorum.arrived', arrived(1, 'Dana Ortiz')), e('quorum.arrived', arrived(2, 'Luis Baca')), e('quorum.arrived', arrived(3, 'Rosa Lucero'))]);
    expect(quorumBar(s.quorum).counted).toBe(3);
    s = roomReducer(s, {
      type: 'events',
      events: [e('quorum.presence', { present: [{ person: 2, name: 'Luis Baca', mode: 'in_person', since_ms: 5, counts: true }], has_quorum: false, required: 5, members: 9 }, 'plugin:quorum')],
    });
    expect(s.quorum.present.map((p) => p.name)).toEqual(['Luis Baca']);
    expect(quorumBar(s.quorum)).toMatchObject({ counted: 1, members: 9, required: 5, hasQuorum: false });
  });

  it('announces quorum lost when it is lost', () => {
    const { e, events } = meeting();
    events.push(e('quorum.departed', { person: 5, name: 'Rosa Lucero', reason: 'left' }, 'person:5'));
    events.push(e('quorum.lost', { counted: 4, required: 5, members: 9 }, 'plugin:quorum'));
    const s = fold(events);
    expect(s.quorum.hasQuorum).toBe(false);
    expect(quorumBar(s.quorum).counted).toBe(4);
    expect(s.announcement).toMatchObject({ kind: 'quorum', hasQuorum: false, counted: 4, required: 5 });
  });

  it('stacks an amendment on the main motion and rewords it when adopted (M5)', () => {
    const { e, events } = meeting();
    const s0 = fold(events.slice(0, 11)); // the main motion is stated
    expect(onTheFloor(s0.motions)!.step).toBe('stated');
    const more = [
      e('motions.made', { motion: 2, kind: 'amend', text: 'Approve the amended calendar', amends: 1, mover: 4, mover_name: 'Tom Whitfield' }),
      e('motions.stated', { motion: 2 }),
      e('motions.voting_opened', { motion: 2 }),
      e('motions.decided', { motion: 2, kind: 'amend', result: 'adopted', aye: 3, nay: 0, abstain: 0, votes: [] }),
    ];
    // Renumber: these follow seq 11 directly.
    more.forEach((m, i) => (m.seq = 12 + i));
    const s = fold([...events.slice(0, 11), ...more]);
    const floor = onTheFloor(s.motions)!;
    expect(floor.number).toBe(1);
    expect(floor.text).toBe('Approve the amended calendar');
    expect(s.motions.pending).toHaveLength(1);
  });

  it('lays a motion on the table and takes it back (M6)', () => {
    const e = eventMaker();
    const s = fold([
      e('motions.made', { motion: 1, kind: 'main', text: 'Buy buses' }),
      e('motions.made', { motion: 2, kind: 'lay_on_table', target: 1 }),
      e('motions.decided', { motion: 2, kind: 'lay_on_table', result: 'adopted', votes: [] }),
    ]);
    expect(s.motions.pending).toEqual([]);
    expect(s.motions.tabled.map((m) => m.number)).toEqual([1]);
    const back = roomReducer(s, {
      type: 'events',
      events: [
        e('motions.made', { motion: 3, kind: 'take_from_table', target: 1 }),
        e('motions.decided', { motion: 3, kind: 'take_from_table', result: 'adopted', votes: [] }),
      ],
    });
    expect(onTheFloor(back.motions)!.number).toBe(1);
    expect(back.motions.tabled).toEqual([]);
  });

  it('follows the meeting through recess, resume and adjournment', () => {
    const e = eventMaker();
    let s = fold([e('meeting.called_to_order', { presiding: 'Dana Ortiz', number: 1 }), e('meeting.recessed', { presiding: 'Dana Ortiz', note: 'until 2 pm' })]);
    expect(s.meeting).toMatchObject({ phase: 'recessed', number: 1, note: 'until 2 pm' });
    s = roomReducer(s, { type: 'events', events: [e('meeting.resumed', { presiding: 'Luis Baca' }), e('meeting.adjourned', { presiding: 'Luis Baca' })] });
    expect(s.meeting).toMatchObject({ phase: 'adjourned', number: 1, presiding: 'Luis Baca', note: '' });
    expect(s.announcement).toMatchObject({ kind: 'meeting', type: 'meeting.adjourned' });
  });

  it('keeps chat and the record in the timeline, without the tally lines', () => {
    const { e, events } = meeting();
    events.push(e('chat.message', { name: 'Dana Ortiz', text: 'Thank you all.' }));
    const s = fold(events);
    expect(s.timeline.some((x) => x.type === 'motions.tally' || x.type === 'room.created')).toBe(false);
    expect(s.timeline.at(-1)).toMatchObject({ type: 'chat.message', body: { text: 'Thank you all.' } });
  });
});
