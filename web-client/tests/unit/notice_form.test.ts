import { describe, expect, it } from 'vitest';
import { agendaArgs, emptySchedule, minuteOf, moveRow, newRow, rowsOf, scheduleArgs } from '../../src/state/notice_form';
import { foldNotice, initialNotice, noticeFromView } from '../../src/state/notice';

describe('scheduling a meeting (notice.schedule)', () => {
  it('sends the local start to the minute, the place, and what else was filled in', () => {
    expect(scheduleArgs({ ...emptySchedule, starts: '2026-12-10T14:00', place: ' REC 6 office ' })).toEqual({
      ok: true,
      args: { kind: 'regular', starts: '2026-12-10T14:00', place: 'REC 6 office' },
    });
    expect(
      scheduleArgs({ ...emptySchedule, kind: 'special', starts: '2026-12-10T14:00:00', place: 'Portales', remote: 'https://meet.example/x', title: 'Budget' }),
    ).toEqual({ ok: true, args: { kind: 'special', starts: '2026-12-10T14:00', place: 'Portales', remote: 'https://meet.example/x', title: 'Budget' } });
    expect(minuteOf('2026-12-10T14:00:30.000')).toBe('2026-12-10T14:00');
  });

  it('names what is missing; the statute’s rules are left to the server', () => {
    expect(scheduleArgs(emptySchedule)).toEqual({ ok: false, problems: ['starts', 'place'] });
    expect(scheduleArgs({ ...emptySchedule, kind: 'emergency', starts: '2026-12-10T14:00', place: 'Portales' })).toEqual({
      ok: false,
      problems: ['circumstance', 'unforeseen', 'harm'],
    });
  });

  it('an emergency carries its N6 justification', () => {
    const r = scheduleArgs({
      ...emptySchedule,
      kind: 'emergency',
      starts: '2026-12-10T14:00',
      place: 'Portales',
      circumstance: 'The roof of the office collapsed in the storm',
      unforeseen: 'A sudden storm',
      harm: ['substantial_financial_loss', 'damage_to_property'],
    });
    expect(r).toEqual({
      ok: true,
      args: {
        kind: 'emergency',
        starts: '2026-12-10T14:00',
        place: 'Portales',
        justification: {
          circumstance: 'The roof of the office collapsed in the storm',
          unforeseen: 'A sudden storm',
          harm: ['damage_to_property', 'substantial_financial_loss'],
        },
      },
    });
  });
});

describe('drafting an agenda (notice.set_agenda)', () => {
  it('sends each item; closed-session items with their authority and subject (C1)', () => {
    const rows = [
      newRow({ title: 'Approve the minutes', type: 'action', presenter: 'Clerk' }),
      newRow({ title: 'Evaluation', type: 'closed_session', authority: 'H2', subject: ' the annual evaluation of the director ' }),
      newRow({ title: 'Reports', authority: 'H2', subject: 'ignored when not closed' }),
    ];
    expect(agendaArgs(rows)).toEqual({
      ok: true,
      items: [
        { title: 'Approve the minutes', type: 'action', presenter: 'Clerk' },
        { title: 'Evaluation', type: 'closed_session', authority: 'H2', subject: 'the annual evaluation of the director' },
        { title: 'Reports', type: 'information' },
      ],
    });
  });

  it('a closed item without authority or subject, an item without a title, an empty agenda are named', () => {
    expect(agendaArgs([newRow({ title: '' }), newRow({ title: 'Closed', type: 'closed_session', authority: 'H9' })])).toEqual({
      ok: false,
      problems: [
        { row: 0, field: 'title' },
        { row: 1, field: 'authority' },
        { row: 1, field: 'subject' },
      ],
    });
    expect(agendaArgs([])).toEqual({ ok: false, problems: [{ row: -1, field: 'title' }] });
  });

  it('rows move up and down, and start from the latest drafted agenda', () => {
    const rows = rowsOf([
      { item: 1, title: 'A', type: 'action', presenter: '', authority: '', subject: '' },
      { item: 2, title: 'B', type: 'weird', presenter: 'P', authority: '', subject: '' },
    ]);
    expect(rows.map((r) => [r.title, r.type])).toEqual([
      ['A', 'action'],
      ['B', 'information'],
    ]);
    expect(new Set(rows.map((r) => r.key)).size).toBe(2);
    expect(moveRow(rows, 1, -1).map((r) => r.title)).toEqual(['B', 'A']);
    expect(moveRow(rows, 0, -1)).toBe(rows);
    expect(moveRow(rows, 1, 1)).toBe(rows);
  });

  it('the notice state knows which agenda version is posted', () => {
    let s = noticeFromView(
      {
        meetings: [
          {
            meeting: 1,
            kind: 'regular',
            title: 'Regular meeting',
            starts_local: '2026-12-10T14:00',
            state: 'scheduled',
            agenda: [{ item: 1, title: 'Closed', type: 'closed_session', authority: 'H2', subject: 'the evaluation of the director' }],
            agenda_version: 1,
            final_agenda: [],
            postings: [],
          },
        ],
        current: 0,
      },
      3,
    );
    expect(s.meetings[0]).toMatchObject({ startsLocal: '2026-12-10T14:00', agendaVersion: 1, posted: false, postedVersion: 0 });
    expect(s.meetings[0]!.agenda[0]).toMatchObject({ authority: 'H2', subject: 'the evaluation of the director' });
    s = foldNotice(s, 'notice.posted', { meeting: 1, version: 1 }, 4);
    expect(s.meetings[0]).toMatchObject({ posted: true, postedVersion: 1 });
    s = foldNotice(s, 'notice.agenda_drafted', { meeting: 1, version: 2, items: [{ item: 1, title: 'New', type: 'action' }] }, 5);
    expect(s.meetings[0]).toMatchObject({ agendaVersion: 2, postedVersion: 1 });
    expect(foldNotice(initialNotice, 'notice.posted', { meeting: 9, version: 1 }, 1)).toBe(initialNotice);
  });
});
