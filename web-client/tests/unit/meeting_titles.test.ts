// Collegial's own meeting titles ("Regular meeting of the REC 6 Council", `title_default`) are
// said in the reader's language; a title the clerk wrote stands as written.
import { describe, expect, it } from 'vitest';
import { translator } from '../../src/i18n/i18n';
import { minutesTitle, minutesIndexFromView } from '../../src/state/minutes';
import { meetingTitle, noticeFromView } from '../../src/state/notice';
import { describeEvent } from '../../src/views/room/describe_event';
import { inDenver } from './events';

const EN = translator('en');
const ES = translator('es');

describe('meeting titles', () => {
  it('Collegial’s default title in the reader’s language, from the notice view', () => {
    const notice = noticeFromView(
      {
        meetings: [
          { meeting: 2, kind: 'regular', title: 'Regular meeting of the REC 6 Council', title_default: true, body_name: 'REC 6 Council' },
          { meeting: 3, kind: 'special', title: 'Special meeting of the REC 6 Council', title_default: true, body_name: 'REC 6 Council' },
          { meeting: 4, kind: 'emergency', title: 'Budget meeting', body_name: 'REC 6 Council' },
          { meeting: 1, kind: 'unnoticed', title: 'Meeting held without notice', body_name: 'REC 6 Council' },
        ],
      },
      10,
    );
    const [regular, special, written, unnoticed] = notice.meetings;
    expect(meetingTitle(regular!, ES)).toBe('Reunión ordinaria de REC 6 Council');
    expect(meetingTitle(regular!, EN)).toBe('Regular meeting of the REC 6 Council');
    expect(meetingTitle(special!, ES)).toBe('Reunión extraordinaria de REC 6 Council');
    expect(meetingTitle({ ...special!, kind: 'emergency' }, ES)).toBe('Reunión de emergencia de REC 6 Council');
    expect(meetingTitle(written!, ES)).toBe('Budget meeting');
    expect(meetingTitle(unnoticed!, ES)).toBe('Reunión celebrada sin aviso');
    // Without the body's name the server's title stands.
    expect(meetingTitle({ ...regular!, bodyName: '' }, ES)).toBe('Regular meeting of the REC 6 Council');
  });

  it('the timeline’s "meeting scheduled" says the default title in the reader’s language', () => {
    const entry = {
      seq: 4,
      ts: 0,
      type: 'notice.meeting_scheduled',
      actor: 'person:11',
      body: { meeting: 2, kind: 'regular', title: 'Regular meeting of the REC 6 Council', title_default: true, body_name: 'REC 6 Council' },
    };
    expect(describeEvent(entry, ES, inDenver('es'))).toContain('Reunión ordinaria de REC 6 Council');
    expect(describeEvent({ ...entry, body: { ...entry.body, title: 'Budget meeting', title_default: false } }, ES, inDenver('es'))).toContain('Budget meeting');
  });

  it('minutes: the default title said in the reader’s language; "meeting" (held without notice) is no title', () => {
    const index = minutesIndexFromView(
      {
        minutes: [
          { number: 2, meeting: 2, kind: 'regular', title: 'Regular meeting of the REC 6 Council', title_default: true, date: '2026-12-18', status: 'draft' },
          { number: 1, meeting: 0, kind: '', title: 'meeting', title_default: false, date: '2026-12-05', status: 'draft' },
        ],
      },
      20,
    );
    const [second, first] = index.entries;
    expect(minutesTitle(second!, 'REC 6 Council', ES)).toBe('Reunión ordinaria de REC 6 Council');
    expect(minutesTitle(second!, 'REC 6 Council', EN)).toBe('Regular meeting of the REC 6 Council');
    expect(minutesTitle(first!, 'REC 6 Council', ES)).toBe('');
  });
});
