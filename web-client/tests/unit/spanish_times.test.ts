// The server words its dates and times in English (`starts_text`, `until_text`, `date_text`); the
// app words them itself from the milliseconds beside them, in the body's zone and the reader's
// language, so none of that English reaches the Spanish app.
import { describe, expect, it } from 'vitest';
import { translator } from '../../src/i18n/i18n';
import { minutesDocumentOf } from '../../src/state/minutes';
import { meetingWhenWhere, noticeFromView } from '../../src/state/notice';
import { continuationText, recordMeta } from '../../src/views/room/minutes_panel';
import { zonedFormat } from '../../src/views/room/zoned_time';

const ENGLISH_DATE = /Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|May|June|July|August|September|October|November|December|\b[AP]M\b/;

const es = translator('es');
const en = translator('en');
const DENVER = 'America/Denver';
// Thursday, December 10, 2026, 2:00 PM MST; and the continuation of a recess, Tuesday, December 15, 9:30 AM.
const STARTS_MS = Date.UTC(2026, 11, 10, 21, 0);
const CONTINUES_MS = Date.UTC(2026, 11, 15, 16, 30);

const minutes = minutesDocumentOf({
  format: 'collegial-minutes/1',
  room: 'rec6-council',
  minutes: 1,
  version: 0,
  status: 'draft',
  date: '2026-12-10',
  date_text: 'Thursday, December 10, 2026',
  content: {
    body_name: 'REC 6 Council',
    place: 'REC 6 office, Portales',
    starts_text: 'Thursday, December 10, 2026, 2:00 PM MST',
    starts_ms: STARTS_MS,
    time_zone: DENVER,
    date: '2026-12-10',
    date_text: 'Thursday, December 10, 2026',
    presiding: 'Dana Ortiz',
    called_to_order_ms: STARTS_MS + 120_000,
    adjourned_ms: null,
    quorum_at_call: true,
    recesses: [
      {
        at_ms: STARTS_MS + 3_600_000,
        note: '',
        resumed_ms: null,
        continuation: { starts_ms: CONTINUES_MS, starts_text: 'Tuesday, December 15, 2026, 9:30 AM MST', place: 'Clovis' },
      },
    ],
  },
})!;

describe('times from the server, in Spanish', () => {
  it('the minutes say when the meeting was called for in Spanish: "Convocada para el jueves, 10 de diciembre…"', () => {
    const lines = recordMeta(minutes.content, zonedFormat('es', DENVER), es);
    const calledFor = lines.find((l) => l.startsWith('Convocada para el '));
    expect(calledFor).toMatch(/^Convocada para el jueves, 10 de diciembre de 2026,? 2:00\s?p\.\s?m\. MST$/);
    for (const line of lines) expect(line).not.toMatch(ENGLISH_DATE);
    // The same record in English says the same instant.
    expect(recordMeta(minutes.content, zonedFormat('en', DENVER), en)).toContain('Noticed for Thursday, December 10, 2026 at 2:00 PM MST');
  });

  it('a recess to a later day says when it continues in Spanish', () => {
    const continuation = minutes.content.recesses[0]!.continuation!;
    const text = continuationText(continuation, zonedFormat('es', DENVER));
    expect(text).toMatch(/^martes, 15 de diciembre de 2026,? 9:30\s?a\.\s?m\. MST, Clovis$/);
  });

  it('a scheduled meeting’s line is worded from starts_ms, not starts_text', () => {
    const notice = noticeFromView(
      {
        meetings: [
          {
            meeting: 3,
            kind: 'special',
            title: 'Budget',
            starts_text: 'Thursday, December 10, 2026, 2:00 PM MST',
            starts_ms: STARTS_MS,
            place: 'Portales',
          },
        ],
      },
      1,
    );
    const line = meetingWhenWhere(notice.meetings[0]!, es, zonedFormat('es', DENVER).full);
    expect(line).toMatch(/^Reunión extraordinaria · jueves, 10 de diciembre de 2026,? 2:00\s?p\.\s?m\. MST · Portales$/);
    expect(line).not.toMatch(ENGLISH_DATE);
    expect(meetingWhenWhere(notice.meetings[0]!, en, zonedFormat('en', DENVER).full)).toBe('Special meeting · Thursday, December 10, 2026 at 2:00 PM MST · Portales');
  });
});
