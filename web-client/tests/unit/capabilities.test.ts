import { describe, expect, it } from 'vitest';
import { controls } from '../../src/state/capabilities';
import { initialRoomState, roomReducer, type RoomState } from '../../src/state/room_state';
import { arrived, eventMaker } from './events';
import { viewer } from './viewers';

const chair = viewer(1, ['chair']);
const member = viewer(3, ['voting_member']);
const mover = viewer(4, ['voting_member']);
const clerk = viewer(11, ['clerk']);
const director = viewer(10, ['non_voting_member']);
const publicViewer = viewer(null, []);

function room(step: 'none' | 'made' | 'voting', opts: { quorum?: boolean; inSession?: boolean; secondRequired?: boolean } = {}): RoomState {
  const e = eventMaker();
  // Q1, M2: the chair and Maria are recorded present; the mover (4) is not.
  const events = [e('quorum.arrived', arrived(1, 'Dana Ortiz')), e('quorum.arrived', arrived(3, 'Maria Chavez'))];
  if (opts.quorum !== false) events.push(e('quorum.established', { counted: 5, required: 5, members: 9 }));
  if (opts.inSession !== false) events.push(e('meeting.called_to_order', { presiding: 'Dana Ortiz', number: 1 }));
  if (step !== 'none') {
    events.push(e('motions.made', { motion: 1, kind: 'main', text: 'Approve', mover: 4, second_required: opts.secondRequired ?? false }));
  }
  if (step === 'voting') events.push(e('motions.stated', { motion: 1 }), e('motions.voting_opened', { motion: 1 }));
  return roomReducer(initialRoomState('rec6-council'), { type: 'events', events });
}

describe('controls', () => {
  it('the public sees no control at all', () => {
    for (const s of [room('none'), room('made'), room('voting')]) {
      expect(Object.values(controls(publicViewer, s)).filter((v) => v !== false && v !== null)).toEqual([]);
    }
  });

  it('vote buttons appear only to voting seats while the vote is open', () => {
    expect(controls(member, room('voting')).vote).toBe(true);
    expect(controls(chair, room('voting')).vote).toBe(true);
    expect(controls(director, room('voting')).vote).toBe(false);
    expect(controls(clerk, room('voting')).vote).toBe(false);
    expect(controls(member, room('made')).vote).toBe(false);
  });

  it('the mover cannot second their own motion and others may', () => {
    expect(controls(mover, room('made')).second).toBe(false);
    expect(controls(member, room('made')).second).toBe(true);
    expect(controls(director, room('made')).second).toBe(false);
  });

  it('the chair states a motion once it is seconded or needs no second (M1)', () => {
    expect(controls(chair, room('made', { secondRequired: false })).state).toBe(true);
    expect(controls(chair, room('made', { secondRequired: true })).state).toBe(false);
    expect(controls(member, room('made')).state).toBe(false);
    const voting = controls(chair, room('voting'));
    expect([voting.state, voting.callVote, voting.closeVote]).toEqual([false, false, true]);
  });

  it('motions need a session and a quorum (Q3), and nothing is moved during a vote', () => {
    expect(controls(member, room('none')).move).toBe(true);
    expect(controls(member, room('none', { quorum: false })).move).toBe(false);
    expect(controls(member, room('none', { inSession: false })).move).toBe(false);
    expect(controls(member, room('voting')).move).toBe(false);
    expect(controls(member, room('voting')).amend).toBe(null);
    expect(controls(member, room('made')).amend).toBe('amend');
  });

  it('the chair calls to order when not in session, then recesses and adjourns', () => {
    const before = controls(chair, room('none', { inSession: false }));
    expect([before.callToOrder, before.recess, before.adjourn]).toEqual([true, false, false]);
    const during = controls(chair, room('none'));
    expect([during.callToOrder, during.recess, during.adjourn]).toEqual([false, true, true]);
    expect(controls(member, room('none', { inSession: false })).callToOrder).toBe(false);
  });

  it('attendance: present when absent, leaving when present; the clerk calls the roll', () => {
    expect(controls(member, room('none'))).toMatchObject({ markPresent: false, markAbsent: true });
    expect(controls(mover, room('none'))).toMatchObject({ markPresent: true, markAbsent: false });
    expect(controls(chair, room('none'))).toMatchObject({ markPresent: false, markAbsent: true, callRoll: true });
    expect(controls(clerk, room('none'))).toMatchObject({ markPresent: true, callRoll: true, say: true });
    expect(controls(member, room('none')).callRoll).toBe(false);
  });

  it('only members recorded present, in a way the body counts, move, second and vote (Q1, M2)', () => {
    const absent = viewer(5, ['voting_member']);
    for (const s of [room('none'), room('made'), room('voting')]) {
      const c = controls(absent, s);
      expect([c.move, c.second, c.vote, c.amend]).toEqual([false, false, false, null]);
      expect(c.needPresence).toBe(true);
      expect(controls(member, s).needPresence).toBe(false);
    }
    // Not before the meeting is called to order: there is nothing to move then.
    expect(controls(absent, room('none', { inSession: false })).needPresence).toBe(false);
    // Present remotely where remote attendance does not count: still not a voter.
    const e = eventMaker();
    const remote = roomReducer(room('voting'), {
      type: 'events',
      events: [{ ...e('quorum.arrived', arrived(5, 'Rosa Lucero', false)), seq: 100 }],
    });
    expect(controls(absent, remote).vote).toBe(false);
    expect(controls(member, remote).vote).toBe(true);
    // Not the clerk, who does not vote.
    expect(controls(clerk, room('voting')).needPresence).toBe(false);
  });

  it('the chair admits guests only during a closed session (C3)', () => {
    const e = eventMaker();
    const base = room('none');
    expect(controls(chair, base).admitGuests).toBe(false);
    const closed = roomReducer(base, {
      type: 'events',
      events: [{ ...e('motions.decided', { motion: 9, kind: 'close_session', result: 'adopted', grounds: { authority: 'H7', citation: 'NMSA', subject: 'the lawsuit' } }), seq: 100 }],
    });
    expect(controls(chair, closed).admitGuests).toBe(true);
    expect(controls(member, closed).admitGuests).toBe(false);
    expect(controls(clerk, closed).admitGuests).toBe(false);
  });
});
