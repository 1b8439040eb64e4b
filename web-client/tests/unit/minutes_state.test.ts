import { describe, expect, it } from 'vitest';
import { controls } from '../../src/state/capabilities';
import {
  approvalChoices,
  approveMotionArgs,
  exportLinks,
  fieldConflict,
  fieldDirty,
  isEditableDraft,
  lateness,
  localDate,
  mayEditMinutes,
  recordsLinks,
  minutesDocumentOf,
  minutesIndexFromView,
  syncField,
  touchesMinutes,
} from '../../src/state/minutes';
import { absentMembers } from '../../src/state/quorum';
import { initialRoomState, roomReducer, type RoomState } from '../../src/state/room_state';
import { arrived, eventMaker } from './events';
import { viewer } from './viewers';

const ROOM = 'rec6-council';

// The `minutes` view as the server gives it: meeting 1 approved, meeting 2 a draft.
const minutesView = (over: Record<string, unknown> = {}) => ({
  in_progress: 0,
  minutes: [
    {
      number: 1,
      meeting: 0,
      kind: '',
      title: 'meeting',
      date: '2026-11-12',
      date_text: 'Thursday, November 12, 2026',
      time_zone: 'America/Denver',
      status: 'official',
      version: 1,
      versions: [{ version: 1, disposition: 'approved', approved_ms: 1_764_000_000_000, digest: 'ab' }],
      due_date: '2026-11-30',
      completed: null,
      edits: 0,
      disapproved: false,
    },
    {
      number: 2,
      meeting: 1,
      kind: 'special',
      title: 'Special meeting on the FY27 budget',
      date: '2026-11-26',
      date_text: 'Thursday, November 26, 2026',
      time_zone: 'America/Denver',
      status: 'draft',
      version: 0,
      versions: [],
      due_date: '2026-12-11',
      completed: { at_ms: 1_764_200_000_000, by: 'Joan Archuleta', date: '2026-12-14', late: true },
      edits: 2,
      disapproved: false,
    },
  ],
  ...over,
});

// A minutes document (the `read` result) of a draft.
const draftDocument = {
  format: 'collegial-minutes/1',
  room: ROOM,
  minutes: 2,
  version: 0,
  latest_version: 0,
  status: 'draft',
  number: 2,
  title: 'Special meeting on the FY27 budget',
  date: '2026-11-26',
  date_text: 'Thursday, November 26, 2026',
  time_zone: 'America/Denver',
  versions: [],
  due_date: '2026-12-11',
  completed: null,
  disapproved: false,
  content: {
    body_name: 'REC 6 Council',
    title: 'Special meeting on the FY27 budget',
    kind: 'special',
    place: 'REC 6 office, Portales',
    remote: '',
    starts_text: 'Thursday, November 26, 2026, 10:00 AM MST',
    time_zone: 'America/Denver',
    date: '2026-11-26',
    date_text: 'Thursday, November 26, 2026',
    presiding: 'Dana Ortiz',
    called_to_order_ms: 1_764_176_400_000,
    adjourned_ms: 1_764_180_000_000,
    quorum_at_call: true,
    members: [
      { person: 1, name: 'Dana Ortiz' },
      { person: 3, name: 'Maria Chavez' },
      { person: 9, name: 'Irene Montoya' },
    ],
    attendance: [
      { person: 1, name: 'Dana Ortiz', mode: 'in_person', arrived_ms: 1_764_176_000_000, departed_ms: null },
      { person: 3, name: 'Maria Chavez', mode: 'remote', arrived_ms: 1_764_176_100_000, departed_ms: 1_764_179_000_000, departure: 'marked absent' },
    ],
    absent: [{ person: 9, name: 'Irene Montoya' }],
    quorum: [{ at_ms: 1_764_176_100_000, established: true, text: 'Quorum: …' }],
    items: [{ item: 2, title: 'Approve the FY27 budget', type: 'action', at_ms: 1_764_176_500_000 }],
    motions: [
      {
        motion: 1,
        kind: 'main',
        text: 'Approve the FY27 budget as presented',
        mover: 'Maria Chavez',
        seconder: 'Tom Whitfield',
        item: 2,
        made_ms: 1_764_176_600_000,
        decided_ms: 1_764_177_000_000,
        result: 'adopted',
        threshold: 'majority_of_votes_cast',
        aye: 4,
        nay: 0,
        abstain: 0,
        tally: 'Motion 1 adopted: 4 aye, 0 nay, 0 abstaining',
        votes: [
          { person: 1, name: 'Dana Ortiz', vote: 'abstain' },
          { person: 3, name: 'Maria Chavez', vote: 'aye' },
          { person: 9, name: 'Irene Montoya', vote: 'absent' },
        ],
        notice: { meeting: 1, valid: false, findings: ['…'] },
      },
    ],
    closed_sessions: [
      {
        grounds: { authority: 'H2', citation: 'NMSA 1978, Section 10-15-1(H)(2)', subject: 'the annual evaluation of the executive director' },
        closed_ms: 1_764_177_500_000,
        opened_ms: 1_764_178_000_000,
        statement: { text: 'The matters discussed …', result: 'adopted', votes: [{ person: 3, name: 'Maria Chavez', vote: 'aye' }] },
      },
    ],
    recesses: [{ at_ms: 1_764_178_100_000, note: 'for lunch', resumed_ms: null }],
    narrative: { summary: 'The council adopted the budget.', items: { '2': 'Discussion of the budget.' } },
    corrections: [{ text: 'Spelling of a name', source: 'clerk', by: 'Joan Archuleta', at_ms: 1_764_190_000_000 }],
  },
  edits: [
    { edit: 1, at_ms: 1_764_185_000_000, by: 'Joan Archuleta', part: 'summary', text: 'The council adopted the budget.' },
    { edit: 2, at_ms: 1_764_186_000_000, by: 'Joan Archuleta', part: 'item', item: 2, text: 'Discussion of the budget.' },
  ],
  history: [],
  approval: null,
  meeting_log: { first_seq: 10, last_seq: 80, last_hash: 'ff' },
  drawn_through: { seq: 90, hash: 'ee' },
  digest: 'cafe',
};

const ms = (iso: string) => Date.parse(iso);

describe('minutes index', () => {
  it('reads the minutes view, newest meeting first', () => {
    const index = minutesIndexFromView(minutesView(), 40);
    expect(index).toMatchObject({ atSeq: 40, known: true, inProgress: 0 });
    expect(index.entries.map((e) => e.number)).toEqual([2, 1]);
    expect(index.entries[0]).toMatchObject({
      status: 'draft',
      version: 0,
      dueDate: '2026-12-11',
      edits: 2,
      completed: { by: 'Joan Archuleta', date: '2026-12-14', late: true },
    });
    expect(index.entries[1]).toMatchObject({ status: 'official', version: 1, versions: [{ version: 1, disposition: 'approved' }], completed: null });
  });

  it('is seeded from the view into the room state; an older view changes nothing', () => {
    const e = eventMaker();
    let s: RoomState = roomReducer(initialRoomState(ROOM), { type: 'events', events: [e('room.created', { name: ROOM }, 'system:seed')] });
    expect(s.minutes.known).toBe(false);
    s = roomReducer(s, { type: 'view', seq: 5, views: { minutes: minutesView() } });
    expect(s.minutes.entries).toHaveLength(2);
    const later = roomReducer(s, { type: 'view', seq: 7, views: { minutes: minutesView({ minutes: [], in_progress: 3 }) } });
    expect(later.minutes).toMatchObject({ entries: [], inProgress: 3, atSeq: 7 });
    // A view older than the index held is ignored.
    expect(roomReducer(later, { type: 'view', seq: 6, views: { minutes: minutesView() } }).minutes).toBe(later.minutes);
    // The public in closed session gets no minutes view: the index stays.
    expect(roomReducer(later, { type: 'view', seq: 8, views: { meeting: {}, notice: {} } }).minutes).toBe(later.minutes);
  });

  it('marks the events after which the minutes are read again', () => {
    const e = eventMaker();
    const events = [
      e('room.created', { name: ROOM }, 'system:seed'),
      e('meeting.called_to_order', { presiding: 'Dana Ortiz', number: 1 }),
      e('chat.message', { name: 'Dana Ortiz', text: 'Hello' }),
      e('meeting.adjourned', { presiding: 'Dana Ortiz' }),
      e('chat.message', { name: 'Dana Ortiz', text: 'Bye' }),
    ];
    let s = roomReducer(initialRoomState(ROOM), { type: 'events', events });
    expect(s.minutesChangedAt).toBe(4);
    s = roomReducer(s, { type: 'events', events: [e('minutes.edited', { minutes: 1, part: 'summary', text: 'x', by_name: 'Joan Archuleta' }, 'person:11')] });
    expect(s.minutesChangedAt).toBe(6);
    expect(['minutes.edited', 'minutes.completed', 'meeting.adjourned', 'motions.decided'].every(touchesMinutes)).toBe(true);
    expect(touchesMinutes('chat.message')).toBe(false);
  });
});

describe('minutes document', () => {
  it('reads the record, the narrative, corrections and edits of a draft', () => {
    const doc = minutesDocumentOf(draftDocument)!;
    expect(doc).toMatchObject({ number: 2, version: 0, latestVersion: 0, documentStatus: 'draft', room: ROOM, digest: 'cafe', approval: null });
    expect(doc.entry).toMatchObject({ status: 'draft', dueDate: '2026-12-11', title: 'Special meeting on the FY27 budget' });
    const c = doc.content;
    expect(c.attendance[0]).toMatchObject({ name: 'Dana Ortiz', mode: 'in_person', departedMs: null, departure: '' });
    expect(c.attendance[1]).toMatchObject({ name: 'Maria Chavez', departedMs: 1_764_179_000_000, departure: 'marked absent' });
    expect(c.absent).toEqual([{ person: 9, name: 'Irene Montoya' }]);
    expect(c.quorum).toEqual([{ atMs: 1_764_176_100_000, established: true, text: 'Quorum: …' }]);
    expect(c.items).toEqual([{ item: 2, title: 'Approve the FY27 budget', type: 'action', atMs: 1_764_176_500_000 }]);
    expect(c.motions[0]).toMatchObject({ motion: 1, mover: 'Maria Chavez', seconder: 'Tom Whitfield', result: 'adopted', aye: 4, item: 2, valid: false });
    expect(c.motions[0]!.votes.map((v) => v.vote)).toEqual(['abstain', 'aye', 'absent']);
    expect(c.closedSessions[0]).toMatchObject({ authority: 'H2', openedMs: 1_764_178_000_000, statement: { result: 'adopted' } });
    expect(c.recesses[0]).toMatchObject({ note: 'for lunch', resumedMs: null });
    expect(c.summary).toBe('The council adopted the budget.');
    expect(c.itemSummaries).toEqual({ 2: 'Discussion of the budget.' });
    expect(c.corrections[0]).toMatchObject({ source: 'clerk', by: 'Joan Archuleta' });
    expect(doc.editList.map((x) => [x.by, x.part, x.item])).toEqual([
      ['Joan Archuleta', 'summary', 0],
      ['Joan Archuleta', 'item', 2],
    ]);
    expect(isEditableDraft(doc)).toBe(true);
  });

  it('knows an official and a superseded version, which take no edits', () => {
    const official = minutesDocumentOf({
      ...draftDocument,
      version: 2,
      latest_version: 2,
      status: 'official',
      versions: [
        { version: 1, disposition: 'approved', approved_ms: 1, digest: 'a' },
        { version: 2, disposition: 'corrected', approved_ms: 2, digest: 'b' },
      ],
      approval: { version: 2, disposition: 'corrected', approved_ms: 2, motion: 4, tally: 'Motion 4 adopted', corrections: 'Fix a name' },
    })!;
    expect(official).toMatchObject({ documentStatus: 'official', version: 2, approval: { disposition: 'corrected', motion: 4 } });
    expect(official.entry).toMatchObject({ status: 'official', version: 2 });
    expect(isEditableDraft(official)).toBe(false);
    const superseded = minutesDocumentOf({ ...draftDocument, version: 1, latest_version: 2, status: 'superseded' })!;
    expect(superseded.documentStatus).toBe('superseded');
    expect(superseded.entry.status).toBe('official');
    expect(isEditableDraft(superseded)).toBe(false);
  });

  it('is not made of something else', () => {
    expect(minutesDocumentOf(null)).toBeNull();
    expect(minutesDocumentOf({ format: 'other' })).toBeNull();
    expect(minutesDocumentOf([])).toBeNull();
  });

  it('links to the exports by the room (the body slug), with the version when an older one is shown', () => {
    expect(exportLinks('rec6-council', 2)).toEqual({
      pdf: '/public/rec6-council/minutes/2.pdf',
      md: '/public/rec6-council/minutes/2.md',
      json: '/public/rec6-council/minutes/2.json',
      page: '/public/rec6-council/minutes/2',
    });
    expect(exportLinks('rec6-council', 2, 1).pdf).toBe('/public/rec6-council/minutes/2/v1.pdf');
  });

  it('links to the records bundles by the notice\'s meeting number, none for a meeting of no notice', () => {
    expect(recordsLinks('rec6-council', 3)).toEqual({
      public: '/public/rec6-council/meetings/3/records.zip',
      api: '/api/rooms/rec6-council/meetings/3/records.zip',
      withClosedSession: '/api/rooms/rec6-council/meetings/3/records-with-closed-session.zip',
    });
    expect(recordsLinks('a b/c', 1)?.public).toBe('/public/a%20b%2Fc/meetings/1/records.zip');
    expect(recordsLinks('rec6-council', 0)).toBeNull();
  });
});

describe('R2 lateness', () => {
  const draft = (over: Record<string, unknown> = {}) =>
    minutesIndexFromView(minutesView({ minutes: [{ ...minutesView().minutes[1], completed: null, ...over }] }), 1).entries[0]!;

  it('the calendar day is the body zone’s, not UTC', () => {
    // 03:00 UTC on Dec 12 is still Dec 11 in Denver (UTC−7).
    expect(localDate(ms('2026-12-12T03:00:00Z'), 'America/Denver')).toBe('2026-12-11');
    expect(localDate(ms('2026-12-12T03:00:00Z'), 'UTC')).toBe('2026-12-12');
    // An unknown zone falls back to the bodies' default.
    expect(localDate(ms('2026-12-12T03:00:00Z'), 'Not/AZone')).toBe('2026-12-11');
  });

  it('a draft not completed is due through its due date, then overdue', () => {
    expect(lateness(draft(), ms('2026-12-11T18:00:00Z'))).toEqual({ kind: 'due', dueDate: '2026-12-11', today: '2026-12-11' });
    // Past midnight UTC, still the due date in Denver: not yet overdue.
    expect(lateness(draft(), ms('2026-12-12T03:00:00Z')).kind).toBe('due');
    expect(lateness(draft(), ms('2026-12-12T08:00:00Z'))).toEqual({ kind: 'overdue', dueDate: '2026-12-11', today: '2026-12-12' });
  });

  it('completed late or on time, as the server found when it was marked complete', () => {
    expect(lateness(draft({ completed: { at_ms: 1, by: 'Joan', date: '2026-12-14', late: true } }), ms('2027-01-01T00:00:00Z'))).toEqual({
      kind: 'completed_late',
      dueDate: '2026-12-11',
      date: '2026-12-14',
    });
    expect(lateness(draft({ completed: { at_ms: 1, by: 'Joan', date: '2026-12-01', late: false } }), ms('2027-01-01T00:00:00Z')).kind).toBe('completed');
  });

  it('approved minutes and minutes without a due date are past the question', () => {
    const official = minutesIndexFromView(minutesView(), 1).entries[1]!;
    expect(lateness(official, ms('2027-06-01T00:00:00Z'))).toEqual({ kind: 'none' });
    expect(lateness(draft({ due_date: '', due_error: 'no holidays for 2031' }), ms('2032-01-01T00:00:00Z'))).toEqual({ kind: 'none' });
  });
});

describe('the clerk’s editor', () => {
  it('a field nobody types in follows the server; one being edited keeps what is typed', () => {
    let f = syncField(undefined, 'A');
    expect(f).toEqual({ base: 'A', value: 'A' });
    f = syncField(f, 'B'); // saved elsewhere, not being edited here
    expect(f).toEqual({ base: 'B', value: 'B' });
    const typing = { base: 'B', value: 'B and more' };
    expect(fieldDirty(typing, 'B')).toBe(true);
    expect(syncField(typing, 'B')).toBe(typing);
    expect(fieldConflict(typing, 'B')).toBe(false);
    // Someone else saves meanwhile: the typed text stays, and the conflict is said.
    expect(syncField(typing, 'C')).toBe(typing);
    expect(fieldConflict(typing, 'C')).toBe(true);
    // Once the server holds what was typed (saved), the field is clean again.
    expect(syncField(typing, 'B and more')).toEqual({ base: 'B and more', value: 'B and more' });
    expect(fieldDirty(undefined, 'x')).toBe(false);
  });

  it('only the clerk and the non-voting members edit (edit_minutes)', () => {
    expect(mayEditMinutes(['clerk', 'public'])).toBe(true);
    expect(mayEditMinutes(['non_voting_member', 'public'])).toBe(true);
    expect(mayEditMinutes(['chair', 'public'])).toBe(false);
    expect(mayEditMinutes(['voting_member'])).toBe(false);
    expect(mayEditMinutes(['public'])).toBe(false);
  });
});

describe('R3 approval by motion', () => {
  const index = minutesIndexFromView(minutesView(), 1);

  it('lists drafts, and official minutes for corrections only', () => {
    expect(approvalChoices(index).map((c) => [c.entry.number, c.needsCorrections])).toEqual([
      [2, false],
      [1, true],
    ]);
  });

  it('builds the motion; official minutes need corrections text', () => {
    const [draft, official] = approvalChoices(index);
    expect(approveMotionArgs(draft, '  ')).toEqual({ ok: true, args: { kind: 'approve_minutes', minutes: 2 } });
    expect(approveMotionArgs(draft, ' Fix a name ')).toEqual({ ok: true, args: { kind: 'approve_minutes', minutes: 2, corrections: 'Fix a name' } });
    expect(approveMotionArgs(official, '')).toEqual({ ok: false, reason: 'needs_corrections' });
    expect(approveMotionArgs(official, 'Fix a date')).toEqual({ ok: true, args: { kind: 'approve_minutes', minutes: 1, corrections: 'Fix a date' } });
    expect(approveMotionArgs(undefined, '')).toEqual({ ok: false, reason: 'choose' });
  });
});

describe('the clerk’s controls in the room', () => {
  const clerk = viewer(11, ['clerk', 'public']);
  const director = viewer(10, ['non_voting_member', 'public']);
  const chair = viewer(1, ['chair', 'public']);
  const member = viewer(3, ['voting_member', 'public']);
  const pub = viewer(null, ['public']);

  function room(extra: (e: ReturnType<typeof eventMaker>) => ReturnType<ReturnType<typeof eventMaker>>[] = () => [], withMinutes = true) {
    const e = eventMaker();
    let s = roomReducer(initialRoomState(ROOM), {
      type: 'events',
      events: [
        e('quorum.arrived', arrived(3, 'Maria Chavez')),
        e('quorum.established', { counted: 5, required: 5, members: 9 }),
        e('meeting.called_to_order', {
          presiding: 'Dana Ortiz',
          number: 2,
          members: [
            { person: 1, name: 'Dana Ortiz' },
            { person: 3, name: 'Maria Chavez' },
            { person: 9, name: 'Irene Montoya' },
          ],
        }),
        ...extra(e),
      ],
    });
    if (withMinutes) s = roomReducer(s, { type: 'view', seq: s.lastSeq, views: { minutes: minutesView() } });
    return s;
  }

  it('who edits minutes, posts notices and records attendance (docs/permissions.md)', () => {
    const s = room();
    expect(controls(clerk, s)).toMatchObject({ editMinutes: true, postNotice: true, recordAttendance: true });
    expect(controls(director, s)).toMatchObject({ editMinutes: true, postNotice: true, recordAttendance: false });
    expect(controls(chair, s)).toMatchObject({ editMinutes: false, postNotice: true, recordAttendance: true });
    expect(controls(member, s)).toMatchObject({ editMinutes: false, postNotice: false, recordAttendance: false });
    expect(controls(pub, s)).toMatchObject({ editMinutes: false, postNotice: false, recordAttendance: false });
  });

  it('members move to approve minutes when there are minutes and business may be taken up', () => {
    expect(controls(member, room()).approveMinutes).toBe(true);
    expect(controls(clerk, room()).approveMinutes).toBe(false);
    expect(controls(member, room(() => [], false)).approveMinutes).toBe(false);
    const pending = room((e) => [e('motions.made', { motion: 1, kind: 'main', text: 'x', mover: 4 })]);
    expect(controls(member, pending).approveMinutes).toBe(false);
  });

  it('C4: the chair puts the statement when it is due, and nothing else is moved first', () => {
    const due = room((e) => [
      // M2: the chair moves the statement, so is recorded present.
      e('quorum.arrived', arrived(1, 'Dana Ortiz')),
      e('motions.decided', { motion: 1, kind: 'close_session', result: 'adopted', grounds: { authority: 'H2', citation: 'NMSA', subject: 'the evaluation' } }),
      e('meeting.session_opened', { presiding: 'Dana Ortiz', closed: { authority: 'H2', citation: 'NMSA', subject: 'the evaluation' } }),
    ]);
    expect(due.meeting.statementDue).not.toBeNull();
    expect(controls(chair, due).statement).toBe(true);
    expect(controls(member, due).statement).toBe(false);
    expect(controls(member, due)).toMatchObject({ move: false, approveMinutes: false });
    const done = roomReducer(due, {
      type: 'events',
      events: [
        {
          type: 'motions.decided',
          room: ROOM,
          seq: due.lastSeq + 1,
          ts: 0,
          actor: 'plugin:motions',
          body: { motion: 2, kind: 'closed_session_statement', result: 'adopted' },
          hash: 'x',
        },
      ],
    });
    expect(controls(chair, done).statement).toBe(false);
    expect(controls(member, done).move).toBe(true);
  });

  it('the roster comes from the call to order, a roll call or a decided vote; those not present can be marked', () => {
    const s = room();
    expect(s.quorum.roster?.map((m) => m.name)).toEqual(['Dana Ortiz', 'Maria Chavez', 'Irene Montoya']);
    expect(absentMembers(s.quorum).map((m) => m.person)).toEqual([1, 9]);
    const afterRoll = room((e) => [
      e('quorum.roll_called', {
        present: [{ person: 3, name: 'Maria Chavez', mode: 'remote' }],
        absent: [
          { person: 2, name: 'Luis Baca' },
          { person: 1, name: 'Dana Ortiz' },
        ],
        counted: 1,
        required: 5,
        members: 9,
      }),
    ]);
    expect(afterRoll.quorum.roster?.map((m) => m.person)).toEqual([1, 2, 3]);
    const afterVote = room((e) => [
      e('motions.decided', {
        motion: 1,
        result: 'adopted',
        votes: [
          { person: 3, name: 'Maria Chavez', vote: 'aye' },
          { person: 4, name: 'Tom Whitfield', vote: 'absent' },
        ],
      }),
    ]);
    expect(absentMembers(afterVote.quorum)).toEqual([{ person: 4, name: 'Tom Whitfield' }]);
    expect(initialRoomState(ROOM).quorum.roster).toBeNull();
    expect(absentMembers(initialRoomState(ROOM).quorum)).toEqual([]);
  });
});
