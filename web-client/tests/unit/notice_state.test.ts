import { describe, expect, it } from 'vitest';
import { initialRoomState, roomReducer, type RoomState } from '../../src/state/room_state';
import { agendaMeeting } from '../../src/state/notice';
import { controls } from '../../src/state/capabilities';
import { eventMaker } from './events';
import { viewer } from './viewers';

const ROOM = 'rec6-council';
const items = [
  { item: 1, title: 'Approve the minutes of November 12', type: 'action', presenter: 'Clerk' },
  { item: 2, title: 'Approve the FY27 budget', type: 'action', presenter: 'Director' },
  { item: 3, title: 'Evaluation of the executive director', type: 'closed_session', authority: 'H2', subject: 'the annual evaluation of the executive director' },
];

const noticeView = (over: Record<string, unknown> = {}) => ({
  meetings: [
    {
      meeting: 1,
      kind: 'special',
      title: 'Budget meeting',
      starts_text: 'Thursday, November 26, 2026, 8:00 AM MST',
      place: 'REC 6 office, Portales',
      state: 'scheduled',
      agenda: items,
      agenda_version: 1,
      final_agenda: items,
      postings: [{ at_ms: 1, version: 1 }],
      status: {
        lawful: false,
        findings: ['agenda public 2 h before the meeting (N4 requires 24 h)'],
        finding_keys: [{ key: 'notice.finding.agenda_late', args: { lead_hours: 2, required_hours: 24 } }],
      },
    },
  ],
  current: 0,
  item: null,
  ...over,
});

const events = (s: RoomState, list: ReturnType<ReturnType<typeof eventMaker>>[]) => roomReducer(s, { type: 'events', events: list });

describe('notice, agenda and closed session state', () => {
  it('seeds from the view and keeps folding events after it', () => {
    const e = eventMaker();
    const early = [e('room.created', { name: ROOM }, 'system:seed'), e('notice.meeting_scheduled', { meeting: 1, title: 'Budget meeting' }, 'person:10')];
    let s = events(initialRoomState(ROOM), early);
    s = roomReducer(s, { type: 'view', seq: 4, views: { notice: noticeView(), meeting: { state: 'not_in_session', meeting: 0, closed: null, statement_due: null } } });
    expect(s.notice.atSeq).toBe(4);
    expect(s.notice.meetings[0]!.status).toEqual({
      lawful: false,
      findings: [
        {
          text: 'agenda public 2 h before the meeting (N4 requires 24 h)',
          key: 'notice.finding.agenda_late',
          args: { lead_hours: 2, required_hours: 24 },
        },
      ],
    });
    expect(s.notice.meetings[0]!.finalAgenda.map((i) => i.title)).toEqual(items.map((i) => i.title));
    expect(agendaMeeting(s.notice)).toMatchObject({ held: false, meeting: { meeting: 1 } });
    // Events the view already holds (caught up after it) change nothing in it.
    const before = s.notice;
    s = events(s, [e('notice.agenda_drafted', { meeting: 1, version: 1, items: [] }, 'person:10'), e('notice.posted', { meeting: 1, version: 1 }, 'person:10')]);
    expect(s.lastSeq).toBe(4);
    expect(s.notice).toBe(before);
    // Later ones fold: called to order, an item taken up.
    s = events(s, [
      e('meeting.called_to_order', { presiding: 'Dana Ortiz', number: 1, quorum: true, meeting: 1, kind: 'special', title: 'Budget meeting' }),
      e('notice.item_taken_up', { meeting: 1, ...items[1] }),
    ]);
    expect(s.meeting.noticed).toBe(1);
    expect(s.notice.current).toBe(1);
    expect(s.notice.item).toMatchObject({ item: 2, title: 'Approve the FY27 budget', type: 'action' });
    expect(agendaMeeting(s.notice)).toMatchObject({ held: true });
    // The chair may take up items; a member may not.
    expect(controls(viewer(1, ['chair']), s).takeUp).toBe(true);
    expect(controls(viewer(3, ['voting_member']), s).takeUp).toBe(false);
    s = events(s, [e('meeting.adjourned', { presiding: 'Dana Ortiz' })]);
    expect(s.notice.current).toBe(0);
    expect(s.notice.item).toBeNull();
  });

  it('ignores a view older than the events already folded', () => {
    const e = eventMaker();
    const s = events(initialRoomState(ROOM), [e('room.created', {}, 'system:seed'), e('chat.message', { name: 'x', text: 'hi' })]);
    expect(roomReducer(s, { type: 'view', seq: 1, views: { notice: noticeView() } })).toBe(s);
  });

  it('seeds a closed session from the meeting view, and the chair may open it', () => {
    const s = roomReducer(initialRoomState(ROOM), {
      type: 'view',
      seq: 0,
      views: { meeting: { state: 'in_session', meeting: 1, closed: { authority: 'H2', citation: 'NMSA 1978, Section 10-15-1(H)(2)', subject: 'the evaluation' }, statement_due: null } },
    });
    expect(s.meeting.closed).toMatchObject({ authority: 'H2', subject: 'the evaluation' });
    expect(s.meeting.noticed).toBe(1);
  });

  it('collapses consecutive withheld events into one line, and knows the session is closed', () => {
    const e = eventMaker();
    const line = 'In closed session under NMSA 1978, Section 10-15-1(H)(2): the annual evaluation of the executive director';
    let s = events(initialRoomState(ROOM), [
      e('room.created', {}, 'system:seed'),
      e('meeting.called_to_order', { presiding: 'Dana Ortiz', number: 1, meeting: 1 }),
      e('motions.decided', { motion: 1, kind: 'close_session', result: 'adopted', grounds: { authority: 'H2', citation: 'NMSA 1978, Section 10-15-1(H)(2)', subject: 'the annual evaluation' } }, 'plugin:motions'),
      e('session.withheld', { text: line }, 'system:closed_session'),
      e('session.withheld', { text: line }, 'system:closed_session'),
      e('session.withheld', { text: line }, 'system:closed_session'),
    ]);
    expect(s.lastSeq).toBe(6);
    expect(s.timeline.filter((x) => x.type === 'session.withheld')).toHaveLength(1);
    expect(s.timeline.find((x) => x.type === 'session.withheld')?.ts).toBeUndefined(); // C3: no time
    expect(s.meeting.closed).toMatchObject({ authority: 'H2' });
    const member = viewer(3, ['voting_member']);
    expect(controls(member, s).move).toBe(false);
    expect(controls(viewer(1, ['chair']), s).openSession).toBe(true);
    expect(controls(viewer(null, []), s).openSession).toBe(false);
    s = events(s, [
      e('meeting.session_opened', { presiding: 'Dana Ortiz', closed: { authority: 'H2', citation: 'NMSA 1978, Section 10-15-1(H)(2)', subject: 'the annual evaluation' } }),
      e('session.withheld', { text: line }, 'system:closed_session'),
    ]);
    expect(s.meeting.closed).not.toBeNull(); // a later closed session
    expect(s.meeting.statementDue).toMatchObject({ authority: 'H2' });
    expect(s.timeline.filter((x) => x.type === 'session.withheld')).toHaveLength(2);
  });

  it('a closed session known only from withheld events keeps the line as given', () => {
    const e = eventMaker();
    const s = events(initialRoomState(ROOM), [e('room.created', {}, 'system:seed'), e('session.withheld', { text: 'In closed session under X: y' }, 'system:closed_session')]);
    expect(s.meeting.closed).toMatchObject({ text: 'In closed session under X: y', citation: '' });
  });

  it('flags a decision taken at a meeting not lawfully noticed (N9) with its cure', () => {
    const e = eventMaker();
    const cure = 'N9: the meeting was not lawfully noticed, so this action is not valid; take it up again at a lawfully noticed meeting';
    const s = events(initialRoomState(ROOM), [
      e('room.created', {}, 'system:seed'),
      e('motions.decided', { motion: 1, kind: 'main', motion_text: 'A', result: 'adopted', aye: 5, nay: 0, abstain: 0, votes: [], notice: { meeting: 1, valid: false, findings: ['x'], cure } }, 'plugin:motions'),
      e('motions.decided', { motion: 2, kind: 'main', motion_text: 'B', result: 'adopted', aye: 5, nay: 0, abstain: 0, votes: [], notice: { meeting: 2, valid: true, findings: [] } }, 'plugin:motions'),
    ]);
    expect(s.motions.decided[0]!.notice).toEqual({ meeting: 1, valid: false, findings: ['x'], cure: { text: cure, key: null, args: {} } });
    expect(s.motions.decided[1]!.notice).toMatchObject({ valid: true, cure: null });
  });

  it('keeps the cure\'s catalog key, for the reader\'s language (N9)', () => {
    const e = eventMaker();
    const notice = { meeting: 1, valid: false, findings: ['x'], cure: 'N9: …', cure_key: { key: 'notice.cure.unlawful', args: {} } };
    const s = events(initialRoomState(ROOM), [
      e('room.created', {}, 'system:seed'),
      e('motions.decided', { motion: 1, kind: 'main', motion_text: 'A', result: 'adopted', aye: 5, nay: 0, abstain: 0, votes: [], notice }, 'plugin:motions'),
    ]);
    expect(s.motions.decided[0]!.notice!.cure).toEqual({ text: 'N9: …', key: 'notice.cure.unlawful', args: {} });
  });
});
