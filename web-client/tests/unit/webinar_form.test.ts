import { describe, expect, it } from 'vitest';
import { translator } from '../../src/i18n/i18n';
import {
  buildRrule,
  emptyWebinarForm,
  endsAfterMove,
  occurrences,
  repeatChoices,
  repeatText,
  validSkips,
  webinarArgs,
  type WebinarForm,
} from '../../src/state/webinar_form';

const en = translator('en');
const es = translator('es');

const form = (over: Partial<WebinarForm> = {}): WebinarForm => ({
  ...emptyWebinarForm,
  title: 'Phonics routines that stick',
  description: 'Small-group phonics, grades K-2.',
  starts: '2026-12-01T16:00',
  ends: '2026-12-01T17:00',
  capacity: '30',
  joinUrl: 'https://meet.rec6.example/phonics',
  ...over,
});

describe('the RRULE from the form choices', () => {
  it('weekly: FREQ=WEEKLY with the count', () => {
    expect(buildRrule('weekly', 6, '2026-12-01T16:00')).toBe('FREQ=WEEKLY;COUNT=6');
    expect(buildRrule('none', 6, '2026-12-01T16:00')).toBe('');
  });

  it('monthly on the nth weekday of the first session: the 2nd Tuesday', () => {
    // December 8, 2026 is the second Tuesday of the month.
    expect(buildRrule('monthly_nth', 4, '2026-12-08T16:00')).toBe('FREQ=MONTHLY;BYDAY=2TU;COUNT=4');
    expect(buildRrule('monthly_nth', 3, '2026-12-03T09:30')).toBe('FREQ=MONTHLY;BYDAY=1TH;COUNT=3');
  });

  it('monthly on the last weekday when the first session is in the last week', () => {
    expect(buildRrule('monthly_last', 3, '2026-12-29T16:00')).toBe('FREQ=MONTHLY;BYDAY=-1TU;COUNT=3');
    // December 29 is the 5th Tuesday: "the 5th" is not offered (most months have none), "the last" is.
    expect(repeatChoices('2026-12-29T16:00')).toEqual(['none', 'weekly', 'monthly_last']);
    // February 23, 2027 is both the 4th and the last Tuesday.
    expect(repeatChoices('2027-02-23T16:00')).toEqual(['none', 'weekly', 'monthly_nth', 'monthly_last']);
    expect(repeatChoices('2026-12-08T16:00')).toEqual(['none', 'weekly', 'monthly_nth']);
  });

  it('lists the sessions the rule makes, in wall-clock time as libical expands it', () => {
    expect(occurrences('2026-12-01T16:00', 'weekly', 3)).toEqual(['2026-12-01T16:00', '2026-12-08T16:00', '2026-12-15T16:00']);
    expect(occurrences('2026-12-08T16:00', 'monthly_nth', 4)).toEqual(['2026-12-08T16:00', '2027-01-12T16:00', '2027-02-09T16:00', '2027-03-09T16:00']);
    expect(occurrences('2026-12-29T16:00', 'monthly_last', 3)).toEqual(['2026-12-29T16:00', '2027-01-26T16:00', '2027-02-23T16:00']);
    // Across the spring daylight-saving change the local hour stays.
    expect(occurrences('2027-03-02T16:00', 'weekly', 3)).toEqual(['2027-03-02T16:00', '2027-03-09T16:00', '2027-03-16T16:00']);
    expect(occurrences('2026-12-01T16:00', 'none', 5)).toEqual(['2026-12-01T16:00']);
    expect(occurrences('', 'weekly', 3)).toEqual([]);
  });

  it('words the repeat in English and Spanish', () => {
    expect(repeatText('weekly', 3, '2026-12-01T16:00', en, 'en-US')).toBe('Every week on Tuesday, 3 sessions.');
    expect(repeatText('monthly_nth', 4, '2026-12-08T16:00', en, 'en-US')).toBe('Every month on the second Tuesday, 4 sessions.');
    expect(repeatText('monthly_last', 3, '2026-12-29T16:00', en, 'en-US')).toBe('Every month on the last Tuesday, 3 sessions.');
    expect(repeatText('none', 1, '2026-12-01T16:00', en, 'en-US')).toBe('One session.');
    expect(repeatText('monthly_nth', 4, '2026-12-08T16:00', es, 'es-MX')).toBe('Cada mes, el segundo martes, 4 sesiones.');
    expect(repeatText('weekly', 3, '2026-12-01T16:00', es, 'es-MX')).toBe('Cada semana, el martes, 3 sesiones.');
  });
});

describe('webinar.schedule arguments', () => {
  it('a single session: local times, capacity, link, reminders (latest first), public', () => {
    const r = webinarArgs(form({ public: true, reminders: [60, 1440] }));
    expect(r).toEqual({
      ok: true,
      args: {
        title: 'Phonics routines that stick',
        description: 'Small-group phonics, grades K-2.',
        starts: '2026-12-01T16:00',
        ends: '2026-12-01T17:00',
        capacity: 30,
        join_url: 'https://meet.rec6.example/phonics',
        public: true,
        reminders: [1440, 60],
      },
    });
  });

  it('a weekly series with a session skipped: the rrule and the exdates', () => {
    const r = webinarArgs(form({ repeat: 'weekly', count: '6', skipped: ['2026-12-22T16:00', '2026-12-29T16:00'] }));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.args.rrule).toBe('FREQ=WEEKLY;COUNT=6');
    expect(r.args.exdates).toEqual(['2026-12-22T16:00', '2026-12-29T16:00']);
  });

  it('forgets skipped dates the series no longer makes, and sends no exdates when none is left', () => {
    const f = form({ repeat: 'weekly', count: '2', skipped: ['2026-12-22T16:00'] });
    expect(validSkips(f)).toEqual([]);
    const r = webinarArgs(f);
    expect(r.ok && r.args.exdates).toBe(undefined);
    expect(r.ok && r.args.rrule).toBe('FREQ=WEEKLY;COUNT=2');
    expect(validSkips(form({ repeat: 'none', skipped: ['2026-12-01T16:00'] }))).toEqual([]);
  });

  it('says what the form lacks before asking the server', () => {
    const r = webinarArgs(form({ title: ' ', ends: '2026-12-01T15:00', capacity: '0', joinUrl: 'meet.rec6.example' }));
    expect(r).toEqual({ ok: false, problems: ['title', 'endsBefore', 'capacity', 'joinUrl'] });
    expect(webinarArgs(form({ starts: '', ends: '' }))).toEqual({ ok: false, problems: ['starts', 'ends'] });
    expect(webinarArgs(form({ ends: '2026-12-02T18:00' }))).toEqual({ ok: false, problems: ['tooLong'] });
    expect(webinarArgs(form({ repeat: 'weekly', count: '1' }))).toEqual({ ok: false, problems: ['count'] });
    expect(webinarArgs(form({ repeat: 'weekly', count: '105' }))).toEqual({ ok: false, problems: ['count'] });
    expect(webinarArgs(form({ repeat: 'weekly', count: '2', skipped: ['2026-12-01T16:00', '2026-12-08T16:00'] }))).toEqual({
      ok: false,
      problems: ['allSkipped'],
    });
  });

  it('moves the end with the start, keeping the length (an hour at first)', () => {
    expect(endsAfterMove('', '2026-12-01T16:00', '')).toBe('2026-12-01T17:00');
    expect(endsAfterMove('2026-12-01T16:00', '2026-12-08T15:30', '2026-12-01T17:30')).toBe('2026-12-08T17:00');
    expect(endsAfterMove('2026-12-01T23:30', '2026-12-31T23:30', '')).toBe('2027-01-01T00:30');
  });
});
