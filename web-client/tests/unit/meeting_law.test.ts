// Issue #16, meeting law second pass: the client's folds of the new events and states (suspended
// votes, changed votes, members present who did not vote, presence that ends with the meeting,
// designees and proxies, guests in closed session, the previous question, meetings held without
// notice, notice re-sends), and how the room words them in English and Spanish.
import { describe, expect, it } from 'vitest';
import { en } from '../../src/i18n/en';
import { es } from '../../src/i18n/es';
import { describeError, REFUSAL_CODES } from '../../src/i18n/errors';
import { translator } from '../../src/i18n/i18n';
import { ProtocolError } from '../../src/protocol/messages';
import { controls } from '../../src/state/capabilities';
import { minutesDocumentOf } from '../../src/state/minutes';
import { onTheFloor } from '../../src/state/motions';
import { noticeShown } from '../../src/state/notice';
import { absentMembers, presentVoter, quorumBar } from '../../src/state/quorum';
import { initialRoomState, roomReducer, type RoomState } from '../../src/state/room_state';
import { describeEvent } from '../../src/views/room/describe_event';
import { arrived, eventMaker, inDenver } from './events';
import { viewer } from './viewers';

const ROOM = 'rec6-council';
const EN = translator('en');
const ES = translator('es');
type Make = ReturnType<typeof eventMaker>;
type Ev = ReturnType<Make>;

const fold = (s: RoomState, events: Ev[]) => roomReducer(s, { type: 'events', events });
const say = (s: RoomState, seq: number, t = EN) => describeEvent(s.timeline.find((x) => x.seq === seq)!, t, inDenver(t === ES ? 'es' : 'en'));

/** Five present (quorum), called to order, motion 1 stated and put to a vote; two votes cast. */
function voting(e: Make = eventMaker()) {
  const names = ['Dana Ortiz', 'Luis Baca', 'Maria Chavez', 'Tom Whitfield', 'Rosa Lucero'];
  const events: Ev[] = names.map((name, i) => e('quorum.arrived', arrived(i + 1, name), `person:${i + 1}`));
  events.push(e('quorum.established', { counted: 5, required: 5, members: 9 }, 'plugin:quorum'));
  events.push(e('meeting.called_to_order', { presiding: 'Dana Ortiz', number: 1, meeting: 1, quorum: true }));
  events.push(e('motions.made', { motion: 1, kind: 'main', text: 'Buy two buses', mover: 3, mover_name: 'Maria Chavez', second_required: true }, 'person:3'));
  events.push(e('motions.seconded', { motion: 1, seconder: 4, seconder_name: 'Tom Whitfield' }, 'person:4'));
  events.push(e('motions.stated', { motion: 1 }));
  events.push(e('motions.voting_opened', { motion: 1 }));
  events.push(e('motions.vote_cast', { motion: 1, person: 3, name: 'Maria Chavez', choice: 'aye' }, 'person:3'));
  events.push(e('motions.tally', { motion: 1, aye: 1, nay: 0, abstain: 0 }, 'plugin:motions'));
  events.push(e('motions.vote_cast', { motion: 1, person: 4, name: 'Tom Whitfield', choice: 'nay' }, 'person:4'));
  events.push(e('motions.tally', { motion: 1, aye: 1, nay: 1, abstain: 0 }, 'plugin:motions'));
  return { e, state: fold(initialRoomState(ROOM), events) };
}

describe('suspended votes (Q3)', () => {
  it('a suspended vote voids the votes, states the question again, and says so until the vote is called again', () => {
    const { e, state } = voting();
    const departed = e('quorum.departed', { person: 5, name: 'Rosa Lucero', reason: 'left' }, 'person:5');
    const lost = e('quorum.lost', { counted: 4, required: 5, members: 9 }, 'plugin:quorum');
    const suspended = e(
      'motions.vote_suspended',
      {
        motion: 1,
        reason: 'quorum lost',
        votes: [
          { person: 3, name: 'Maria Chavez', vote: 'aye' },
          { person: 4, name: 'Tom Whitfield', vote: 'nay' },
        ],
        aye: 1,
        nay: 1,
        abstain: 0,
        text: 'Q3: quorum lost: the vote on motion 1 is suspended and the 2 votes cast are void; …',
      },
      'plugin:motions',
    );
    let s = fold(state, [departed, lost, suspended]);
    const floor = onTheFloor(s.motions)!;
    expect(floor.step).toBe('stated');
    expect(floor.votes).toEqual([]);
    expect(floor.tally).toEqual({ aye: 0, nay: 0, abstain: 0 });
    expect(floor.suspended).toMatchObject({ reason: 'quorum lost', seq: suspended.seq, tally: { aye: 1, nay: 1, abstain: 0 } });
    expect(floor.suspended!.votes.map((v) => v.name)).toEqual(['Maria Chavez', 'Tom Whitfield']);
    // Nobody may vote on it now; the chair may put it again (once there is a quorum, the server says).
    expect(controls(viewer(3, ['voting_member']), s).vote).toBe(false);
    expect(controls(viewer(1, ['chair']), s).callVote).toBe(true);
    expect(s.announcement).toMatchObject({ kind: 'suspended', number: 1, reason: 'quorum lost' });
    expect(say(s, suspended.seq)).toBe(
      'The vote on motion 1 is suspended (quorum lost): the votes cast (2) are void; the chair will call the vote again.',
    );
    expect(say(s, suspended.seq, ES)).toBe(
      'La votación de la moción 1 queda suspendida (se perdió el quórum): los votos emitidos (2) quedan anulados; la presidencia volverá a someterla a votación.',
    );
    expect(EN('motion.suspended', { reason: EN('suspend.quorum_lost') })).toBe(
      'Vote suspended: quorum lost. The votes cast are void; the chair will call the vote again.',
    );
    // The chair calls the vote again: the suspension is behind it.
    s = fold(s, [e('motions.voting_opened', { motion: 1 })]);
    expect(onTheFloor(s.motions)).toMatchObject({ step: 'voting', suspended: null, votes: [] });
  });

  it('an adjournment suspends the open vote too, and ends everyone’s presence', () => {
    const { e, state } = voting();
    const adjourned = e('meeting.adjourned', { presiding: 'Dana Ortiz' });
    const departures = ['Dana Ortiz', 'Luis Baca', 'Maria Chavez', 'Tom Whitfield', 'Rosa Lucero'].map((name, i) =>
      e('quorum.departed', { person: i + 1, name, reason: 'meeting adjourned', recorded_by: 1 }),
    );
    const lost = e('quorum.lost', { counted: 0, required: 5, members: 9 }, 'plugin:quorum');
    const suspended = e('motions.vote_suspended', { motion: 1, reason: 'meeting adjourned', votes: [], aye: 0, nay: 0, abstain: 0 }, 'plugin:motions');
    const s = fold(state, [adjourned, ...departures, lost, suspended]);
    expect(s.meeting.phase).toBe('adjourned');
    expect(s.quorum.present).toEqual([]);
    expect(quorumBar(s.quorum)).toMatchObject({ counted: 0, hasQuorum: false });
    expect(onTheFloor(s.motions)!.suspended!.reason).toBe('meeting adjourned');
    // Members say they are present again at the next meeting.
    expect(controls(viewer(3, ['voting_member']), s).markPresent).toBe(true);
    expect(say(s, departures[2]!.seq)).toBe('Maria Chavez is no longer recorded present: presence ends with the adjournment.');
    expect(say(s, departures[2]!.seq, ES)).toBe('Maria Chavez ya no figura como presente: la presencia termina al levantarse la sesión.');
    expect(say(s, suspended.seq)).toContain('(meeting adjourned)');
  });

  it('a log from before departures followed the adjournment still ends presence there (Q1)', () => {
    const { e, state } = voting();
    expect(state.quorum.present.length).toBeGreaterThan(0);
    const s = fold(state, [e('meeting.adjourned', { presiding: 'Dana Ortiz' })]);
    expect(s.quorum.present).toEqual([]);
    expect(quorumBar(s.quorum)).toMatchObject({ counted: 0, hasQuorum: false });
    expect(controls(viewer(3, ['voting_member']), s).markPresent).toBe(true);
  });
});

describe('votes changed, and members present who did not vote (M2)', () => {
  it('a changed vote replaces the earlier one and is worded as a change', () => {
    const { e, state } = voting();
    const change = e('motions.vote_cast', { motion: 1, person: 4, name: 'Tom Whitfield', choice: 'aye', previous: 'nay' }, 'person:4');
    const s = fold(state, [change, e('motions.tally', { motion: 1, aye: 2, nay: 0, abstain: 0 }, 'plugin:motions')]);
    expect(onTheFloor(s.motions)!.votes).toEqual([
      { person: 3, name: 'Maria Chavez', choice: 'aye' },
      { person: 4, name: 'Tom Whitfield', choice: 'aye' },
    ]);
    expect(onTheFloor(s.motions)!.tally).toEqual({ aye: 2, nay: 0, abstain: 0 });
    expect(say(s, change.seq)).toBe('Tom Whitfield changed their vote on motion 1 from nay to aye.');
    expect(say(s, change.seq, ES)).toBe('Tom Whitfield cambió su voto en la moción 1: de en contra a a favor.');
    // A first vote is still a plain vote.
    expect(say(s, 12)).toBe('Maria Chavez voted aye on motion 1.');
  });

  it('a roll call with members not voting: counted apart from abstentions, worded as such', () => {
    const { e, state } = voting();
    const votes = [
      { person: 1, name: 'Dana Ortiz', vote: 'not_voting' },
      { person: 2, name: 'Luis Baca', vote: 'not_voting' },
      { person: 3, name: 'Maria Chavez', vote: 'aye' },
      { person: 4, name: 'Tom Whitfield', vote: 'nay' },
      { person: 5, name: 'Rosa Lucero', vote: 'abstain' },
      { person: 9, name: 'Irene Montoya', vote: 'absent' },
    ];
    const decided = e(
      'motions.decided',
      { motion: 1, kind: 'main', motion_text: 'Buy two buses', result: 'failed', aye: 1, nay: 1, abstain: 1, not_voting: 2, absent: 1, present: 5, votes, text: 'Motion 1 failed: 1 aye, 1 nay, 1 abstaining, 2 not voting' },
      'plugin:motions',
    );
    const s = fold(state, [decided]);
    const d = s.motions.decided[0]!;
    expect(d).toMatchObject({ tally: { aye: 1, nay: 1, abstain: 1 }, notVoting: 2, absent: 1 });
    // The counts agree with the roll call.
    expect(d.votes.filter((v) => v.vote === 'not_voting')).toHaveLength(d.notVoting);
    expect(d.votes.filter((v) => v.vote === 'abstain')).toHaveLength(d.tally.abstain);
    expect(say(s, decided.seq)).toBe('Motion 1 failed: 1 aye, 1 nay, 1 abstention, 2 not voting.');
    expect(say(s, decided.seq, ES)).toBe('Moción 1 rechazada: 1 a favor, 1 en contra, 1 abstención, 2 sin votar.');
    expect(s.announcement).toMatchObject({ kind: 'decided', notVoting: 2 });
    expect([EN('record.not_voting'), ES('record.not_voting')]).toEqual(['Not voting', 'No vota']);
    // A roll call whose body lacks the counts (an older log) counts its entries.
    const older = fold(voting().state, [
      { ...decided, body: { ...decided.body, not_voting: undefined, absent: undefined } },
    ]);
    expect(older.motions.decided[0]).toMatchObject({ notVoting: 2, absent: 1 });
  });
});

describe('designees and proxies (B7)', () => {
  it('a designee sits in the member’s seat; a proxy is noted apart, lapses when the member arrives and at the adjournment', () => {
    const e = eventMaker();
    const designee = e(
      'quorum.arrived',
      { person: 6, name: 'Glen Harper', mode: 'designee', counts: true, recorded_by: 11, designee: { name: 'Rosa Deputy', person: 40 } },
      'person:11',
    );
    const proxy = e('quorum.proxy_noted', { member: 2, member_name: 'Luis Baca', holder: 'Dana Ortiz', note: '', text: 'B7: …' }, 'person:11');
    const proxy2 = e('quorum.proxy_noted', { member: 7, member_name: 'Ana Trujillo', holder: 'Kyle Brennan', note: '', text: 'B7: …' }, 'person:11');
    let s = fold(initialRoomState(ROOM), [designee, proxy, proxy2]);
    expect(s.quorum.present).toEqual([
      { person: 6, name: 'Glen Harper', mode: 'designee', counts: true, sinceMs: designee.ts, designee: { name: 'Rosa Deputy', person: 40 } },
    ]);
    expect(quorumBar(s.quorum).counted).toBe(1);
    // The designee, with their own account, acts in the seat; the member's own account does not need to.
    expect(presentVoter(s.quorum, 40)).toBe(true);
    expect(s.quorum.proxies.map((x) => [x.memberName, x.holder])).toEqual([
      ['Luis Baca', 'Dana Ortiz'],
      ['Ana Trujillo', 'Kyle Brennan'],
    ]);
    expect(say(s, designee.seq)).toBe('Rosa Deputy is present as the designee of Glen Harper.');
    expect(say(s, designee.seq, ES)).toBe('Rosa Deputy está presente como designado de Glen Harper.');
    expect(say(s, proxy.seq)).toBe('A proxy for Luis Baca held by Dana Ortiz is noted: not counted, does not vote.');
    expect(EN('presence.proxy', { member: 'Luis Baca', holder: 'Dana Ortiz' })).toBe('Proxy for Luis Baca held by Dana Ortiz — not counted, does not vote');
    expect(EN('presence.designeeFor', { name: 'Maria Chavez', designee: 'Rosa Deputy' })).toBe('Maria Chavez — designee: Rosa Deputy');
    // A designee not counted (the by-laws do not let designees count) is said so.
    const notCounted = e('quorum.arrived', { person: 8, name: 'Kyle Brennan', mode: 'designee', counts: false, designee: { name: 'Pat Aide' } });
    s = fold(s, [notCounted]);
    expect(say(s, notCounted.seq)).toBe('Pat Aide is present as the designee of Kyle Brennan (not counted toward quorum).');
    expect(quorumBar(s.quorum).counted).toBe(1);
    // Luis arrives: his proxy lapses. The adjournment ends the rest.
    s = fold(s, [e('quorum.arrived', arrived(2, 'Luis Baca'))]);
    expect(s.quorum.proxies.map((x) => x.member)).toEqual([7]);
    s = fold(s, [e('meeting.adjourned', { presiding: 'Dana Ortiz' })]);
    expect(s.quorum.proxies).toEqual([]);
  });

  it('seeds the proxies from the quorum view', () => {
    const s = roomReducer(initialRoomState(ROOM), {
      type: 'view',
      seq: 0,
      views: { quorum: { present: [], proxies: [{ member: 2, member_name: 'Luis Baca', holder: 'Dana Ortiz' }], oma_warnings: [] } },
    });
    expect(s.quorum.proxies).toEqual([{ member: 2, memberName: 'Luis Baca', holder: 'Dana Ortiz', note: '' }]);
  });

  it('takes who sits on the body from the quorum view’s seats, not from past events (Q1, B7)', () => {
    const before = initialRoomState(ROOM);
    expect(before.quorum.roster).toBeNull(); // nothing to infer from yet
    const s = roomReducer(before, {
      type: 'view',
      seq: 0,
      views: {
        quorum: {
          present: [],
          seats: [
            { person: 1, name: 'Dana Ortiz', status: 'present', mode: 'in_person', counts: true },
            { person: 2, name: 'Luis Baca', status: 'absent', proxy: 'Dana Ortiz' },
            { person: 3, name: 'Maria Chavez', status: 'absent' },
          ],
        },
      },
    });
    expect(s.quorum.roster).toEqual([
      { person: 1, name: 'Dana Ortiz' },
      { person: 2, name: 'Luis Baca' },
      { person: 3, name: 'Maria Chavez' },
    ]);
    expect(absentMembers(s.quorum).map((m) => m.name)).toEqual(['Dana Ortiz', 'Luis Baca', 'Maria Chavez']);
  });
});

describe('guests in closed session (C3)', () => {
  it('guests are admitted and dismissed, and leave with the closed session', () => {
    const e = eventMaker();
    let s = fold(initialRoomState(ROOM), [
      e('meeting.called_to_order', { presiding: 'Dana Ortiz', number: 1, meeting: 1 }),
      e('motions.decided', { motion: 1, kind: 'close_session', result: 'adopted', grounds: { authority: 'H7', citation: 'NMSA 1978, Section 10-15-1(H)(7)', subject: 'the bus contract lawsuit' } }, 'plugin:motions'),
    ]);
    const admitted = e('meeting.guest_admitted', { guest: 1, name: 'Ana Counsel', role: 'attorney', text: '…' });
    const auditor = e('meeting.guest_admitted', { guest: 2, name: 'Sam Audit', role: '', person: 30, text: '…' });
    s = fold(s, [admitted, auditor]);
    expect(s.meeting.guests).toEqual([
      { guest: 1, name: 'Ana Counsel', role: 'attorney', person: 0 },
      { guest: 2, name: 'Sam Audit', role: '', person: 30 },
    ]);
    expect(say(s, admitted.seq)).toBe('Ana Counsel (attorney) is admitted to the closed session.');
    expect(say(s, admitted.seq, ES)).toBe('Ana Counsel (attorney) es admitido en la sesión cerrada.');
    expect(say(s, auditor.seq)).toBe('Sam Audit is admitted to the closed session.');
    const dismissed = e('meeting.guest_dismissed', { guest: 2, name: 'Sam Audit', text: '…' });
    s = fold(s, [dismissed]);
    expect(s.meeting.guests.map((g) => g.name)).toEqual(['Ana Counsel']);
    expect(say(s, dismissed.seq)).toBe('Sam Audit leaves the closed session.');
    s = fold(s, [e('meeting.session_opened', { presiding: 'Dana Ortiz', closed: { authority: 'H7', citation: 'NMSA', subject: 'x' } })]);
    expect(s.meeting.guests).toEqual([]);
  });

  it('seeds the guests from the meeting view', () => {
    const s = roomReducer(initialRoomState(ROOM), {
      type: 'view',
      seq: 0,
      views: { meeting: { state: 'in_session', meeting: 1, closed: { authority: 'H7', citation: 'NMSA', subject: 's' }, statement_due: null, guests: [{ guest: 3, name: 'Ana Counsel', role: 'attorney' }] } },
    });
    expect(s.meeting.guests).toEqual([{ guest: 3, name: 'Ana Counsel', role: 'attorney', person: 0 }]);
  });
});

describe('the previous question, and adjourning or recessing by motion (M4)', () => {
  it('once the previous question is ordered the motion says so and is not amended', () => {
    const e = eventMaker();
    let s = fold(initialRoomState(ROOM), [
      e('quorum.arrived', arrived(3, 'Maria Chavez')),
      e('quorum.established', { counted: 5, required: 5, members: 9 }),
      e('meeting.called_to_order', { presiding: 'Dana Ortiz', number: 1 }),
      e('motions.made', { motion: 1, kind: 'main', text: 'Buy two buses', mover: 4 }),
      e('motions.stated', { motion: 1 }),
    ]);
    const member = viewer(3, ['voting_member']);
    expect(controls(member, s).amend).toBe('amend');
    s = fold(s, [
      e('motions.made', { motion: 2, kind: 'previous_question', target: 1, mover: 3 }),
      e('motions.decided', { motion: 2, kind: 'previous_question', result: 'adopted', votes: [] }, 'plugin:motions'),
    ]);
    expect(onTheFloor(s.motions)).toMatchObject({ number: 1, questionOrdered: true });
    expect(controls(member, s).amend).toBeNull();
  });

  it('an adjournment or recess by an adopted motion says which motion', () => {
    const e = eventMaker();
    const called = e('meeting.called_to_order', { presiding: 'Dana Ortiz', number: 1 });
    const recessed = e('meeting.recessed', { presiding: 'Dana Ortiz', by_motion: 4, note: 'That the meeting recess until 2 pm' });
    const resumed = e('meeting.resumed', { presiding: 'Dana Ortiz' });
    const adjourned = e('meeting.adjourned', { presiding: 'Dana Ortiz', by_motion: 6, note: 'That the meeting adjourn' });
    const s = fold(initialRoomState(ROOM), [called, recessed, resumed, adjourned]);
    expect(say(s, recessed.seq)).toBe('The meeting is in recess (motion 4 adopted).');
    expect(say(s, adjourned.seq)).toBe('The meeting is adjourned (motion 6 adopted).');
    expect(say(s, adjourned.seq, ES)).toBe('Se levanta la sesión (moción 6 aprobada).');
  });
});

describe('notice: meetings held without notice, re-sends, emergency amendments (N3, N6, N7, N9)', () => {
  const lawful = {
    meeting: 1,
    kind: 'regular',
    title: 'December regular meeting',
    starts_text: 'Thursday, December 10, 2026, 2:00 PM MST',
    state: 'scheduled',
    agenda: [],
    agenda_version: 1,
    final_agenda: [],
    postings: [{ at_ms: 1, version: 1 }],
    status: { lawful: true, findings: [] },
  };

  it('a meeting called to order without notice is listed as such, and the next meeting’s notice is never shown for it', () => {
    const e = eventMaker();
    let s = fold(initialRoomState(ROOM), [e('room.created', {}, 'system:seed')]);
    s = roomReducer(s, { type: 'view', seq: 1, views: { notice: { meetings: [lawful], current: 0, item: null } } });
    expect(noticeShown(s.notice, false)).toMatchObject({ kind: 'next', meeting: { meeting: 1 } });
    const called = e('meeting.called_to_order', { presiding: 'Dana Ortiz', number: 2, meeting: 2, unnoticed: true, quorum: false });
    s = fold(s, [called]);
    expect(s.meeting.unnoticed).toBe(true);
    expect(s.notice.current).toBe(2);
    expect(s.notice.meetings.find((m) => m.meeting === 2)).toMatchObject({ kind: 'unnoticed', state: 'in_session', status: { lawful: false } });
    expect(noticeShown(s.notice, true)).toEqual({ kind: 'uncovered' });
    expect(say(s, called.seq)).toBe('Dana Ortiz called meeting 2 to order without lawful notice: no action taken at it will be valid (N9).');
    // Even when the notice list does not name the meeting in session (an older log), no other notice stands in.
    expect(noticeShown({ ...s.notice, current: 0 }, true)).toEqual({ kind: 'uncovered' });
    expect([EN('agenda.kind.unnoticed'), ES('agenda.kind.unnoticed')]).toEqual(['Meeting held without notice', 'Reunión celebrada sin aviso']);
  });

  it('a re-send is listed with its reason; an emergency agenda posted in session is marked', () => {
    const e = eventMaker();
    let s = roomReducer(initialRoomState(ROOM), {
      type: 'view',
      seq: 0,
      views: {
        notice: {
          meetings: [lawful, { ...lawful, meeting: 3, kind: 'emergency', title: 'Water main break', state: 'in_session', resends: [{ at_ms: 5, version: 1, reason: 'first', outlet: 2 }], amended_in_session: [] }],
          current: 3,
          item: null,
        },
      },
    });
    expect(s.notice.meetings[1]!.resends).toEqual([{ atMs: 5, version: 1, reason: 'first', outlet: 2 }]);
    const resent = e('notice.resent', { meeting: 1, version: 1, posted_ms: 1, title: 'December regular meeting', text: '…', reason: 'the newspaper’s e-mail bounced' });
    const drafted = e('notice.agenda_drafted', { meeting: 3, version: 2, items: [{ item: 1, title: 'Repair contract', type: 'action' }], amended_in_session: true });
    const posted = e('notice.posted', { meeting: 3, version: 2, amended_in_session: true });
    s = fold(s, [resent, drafted, posted]);
    expect(s.notice.meetings[0]!.resends).toEqual([{ atMs: resent.ts, version: 1, reason: 'the newspaper’s e-mail bounced', outlet: 0 }]);
    expect(s.notice.meetings[1]!.amendedInSession).toEqual([2]);
    expect(s.notice.meetings[1]!.finalAgenda.map((i) => i.title)).toEqual(['Repair contract']);
    expect(say(s, resent.seq)).toBe('The notice of meeting 1 was sent again (agenda version 1): the newspaper’s e-mail bounced');
    expect(say(s, posted.seq)).toBe('Amended agenda of emergency meeting 3 posted during the meeting (version 2).');
    expect(say(s, drafted.seq, ES)).toBe('Orden del día de la reunión de emergencia 3 enmendado durante la reunión (versión 2).');
  });
});

describe('the minutes record of the new facts (R1)', () => {
  it('reads designees, proxies, suspended votes, members not voting and closed-session guests', () => {
    const doc = minutesDocumentOf({
      format: 'collegial-minutes/1',
      room: ROOM,
      minutes: 1,
      version: 0,
      latest_version: 0,
      status: 'draft',
      content: {
        attendance: [{ person: 6, name: 'Glen Harper', mode: 'designee', designee: 'Rosa Deputy', arrived_ms: 1, departed_ms: 2, departure: 'meeting adjourned' }],
        proxies: [{ member: 'Luis Baca', holder: 'Dana Ortiz', at_ms: 3 }],
        motions: [
          {
            motion: 1,
            kind: 'main',
            text: 'Buy two buses',
            result: 'adopted',
            aye: 3,
            nay: 0,
            abstain: 0,
            not_voting: 2,
            votes: [{ person: 1, name: 'Dana Ortiz', vote: 'not_voting' }],
            suspensions: [{ at_ms: 4, reason: 'quorum lost', votes: [{ person: 3, name: 'Maria Chavez', vote: 'aye' }] }],
          },
        ],
        closed_sessions: [{ grounds: { authority: 'H7', citation: 'NMSA', subject: 's' }, closed_ms: 5, opened_ms: 8, guests: [{ guest: 1, name: 'Ana Counsel', role: 'attorney', admitted_ms: 6, dismissed_ms: 7 }] }],
      },
    })!;
    const c = doc.content;
    expect(c.attendance[0]).toMatchObject({ mode: 'designee', designee: 'Rosa Deputy', departure: 'meeting adjourned' });
    expect(c.proxies).toEqual([{ member: 'Luis Baca', holder: 'Dana Ortiz', atMs: 3 }]);
    expect(c.motions[0]).toMatchObject({ notVoting: 2, suspensions: [{ atMs: 4, reason: 'quorum lost', count: 1 }] });
    expect(c.closedSessions[0]!.guests).toEqual([{ name: 'Ana Counsel', role: 'attorney', admittedMs: 6, dismissedMs: 7 }]);
    expect(EN('minutes.departure.meeting_adjourned')).toBe('meeting adjourned');
  });
});

describe('refusals of the meeting law, in both languages', () => {
  it('every refusal code has its words in English and Spanish', () => {
    for (const code of REFUSAL_CODES) {
      expect({ code, en: `error.${code}` in en, es: `error.${code}` in es }).toEqual({ code, en: true, es: true });
    }
    for (const code of ['not_present', 'not_in_session', 'previous_question_ordered', 'before_noticed_time', 'not_lawfully_noticed', 'unknown_guest', 'not_posted']) {
      const error = new ProtocolError(code, 'the server’s reason');
      const english = describeError(error, EN);
      const spanish = describeError(error, ES);
      expect(english.summary).not.toContain('Something went wrong');
      expect(spanish.summary).not.toBe(english.summary);
      expect(english.detail).toBe('the server’s reason');
    }
    // The server's reason keeps the language it was written in, for its element's lang.
    expect(describeError(new ProtocolError('not_present', 'the server’s reason'), ES).detailLang).toBe('en');
    expect(describeError(new ProtocolError('not_present', 'Q1, M2: solo…', 'es'), EN).detailLang).toBe('es');
    expect(describeError(new ProtocolError('not_present', 'Q1, M2: …'), EN).summary).toContain('Only members recorded present may move, second or vote');
  });
});
