import { describe, expect, it } from 'vitest';
import { translator } from '../../src/i18n/i18n';
import { initialRoomState, roomReducer, type RoomState } from '../../src/state/room_state';
import {
  circleSeat,
  listText,
  maySchedule,
  newsFor,
  offsetText,
  seatAction,
  seatStatus,
  seatStatusText,
  shouldMarkPresent,
  webinarRecordOf,
  type Webinar,
} from '../../src/state/webinar';
import { describeEvent } from '../../src/views/room/describe_event';
import { arrived, eventMaker, inDenver } from './events';

const ROOM = 'rec6-literacy';
const en = translator('en');
const es = translator('es');
const HOUR = 3_600_000;
const T0 = Date.UTC(2026, 11, 1, 23, 0); // December 1, 2026, 4:00 PM MST

const PRIYA = 12;
const SAM = 13;
const LENA = 14;

const session = (n: number) => ({
  session: n,
  starts_local: `2026-12-${String(1 + 7 * (n - 1)).padStart(2, '0')}T16:00`,
  starts_ms: T0 + (n - 1) * 7 * 24 * HOUR,
  ends_ms: T0 + (n - 1) * 7 * 24 * HOUR + HOUR,
  starts_text: `Session ${n}`,
});

const scheduled = (over: Record<string, unknown> = {}) => ({
  webinar: 1,
  title: 'Phonics routines that stick',
  description: 'Small-group phonics, grades K-2.',
  join_url: 'https://meet.rec6.example/phonics',
  capacity: 1,
  public: false,
  time_zone: 'America/Denver',
  minutes: 60,
  rrule: 'FREQ=WEEKLY;COUNT=3',
  exdates: [],
  reminders: [1440, 60],
  facilitators: [{ person: PRIYA, name: 'Priya Nakai' }],
  sessions: [session(1), session(2), session(3)],
  body_name: 'Early Literacy Learning Circle',
  ...over,
});

const fold = (s: RoomState, list: ReturnType<ReturnType<typeof eventMaker>>[]) => roomReducer(s, { type: 'events', events: list });

function series() {
  const e = eventMaker(ROOM);
  let s = fold(initialRoomState(ROOM), [e('room.created', { name: ROOM }, 'system:seed'), e('webinar.scheduled', scheduled(), `person:${PRIYA}`)]);
  return { e, s: (s = s) };
}

describe('webinar events folded as the server folds them', () => {
  it('schedules, seats, waitlists, and promotes the first waiting when a seat frees', () => {
    let { e, s } = series();
    const w = () => s.webinar.webinars[0]!;
    expect(w()).toMatchObject({ webinar: 1, title: 'Phonics routines that stick', capacity: 1, timeZone: 'America/Denver', reminders: [1440, 60] });
    expect(w().sessions.map((x) => x.startsLocal)).toEqual(['2026-12-01T16:00', '2026-12-08T16:00', '2026-12-15T16:00']);
    expect(w().facilitators).toEqual([{ person: PRIYA, name: 'Priya Nakai' }]);

    s = fold(s, [
      e('webinar.registered', { webinar: 1, person: LENA, name: 'Lena Sandoval', seat: 1, capacity: 1 }, `person:${LENA}`),
      e('webinar.waitlisted', { webinar: 1, person: SAM, name: 'Sam Begay', position: 1, text: '…' }, `person:${SAM}`),
    ]);
    expect(w().registered).toEqual([{ person: LENA, name: 'Lena Sandoval' }]);
    expect(w().waitlisted).toEqual([{ person: SAM, name: 'Sam Begay' }]);

    // L2: the seat freed goes to the first on the waitlist in the same append.
    s = fold(s, [
      e('webinar.unregistered', { webinar: 1, person: LENA, name: 'Lena Sandoval', was: 'registered' }, `person:${LENA}`),
      e('webinar.promoted', { webinar: 1, person: SAM, name: 'Sam Begay', text: '…' }, 'plugin:webinar'),
    ]);
    expect(w().registered).toEqual([{ person: SAM, name: 'Sam Begay' }]);
    expect(w().waitlisted).toEqual([]);
    const promotedAt = s.lastSeq;
    expect(s.webinar.news.slice(-2).map((n) => n.kind)).toEqual(['unregistered', 'promoted']);
    // The person promoted is told (events after the room went live); nobody else.
    expect(newsFor(s.webinar, SAM, promotedAt - 1)).toMatchObject({ kind: 'promoted', title: 'Phonics routines that stick', webinar: 1 });
    expect(newsFor(s.webinar, SAM, promotedAt)).toBeNull(); // replayed, not live
    expect(newsFor(s.webinar, LENA, promotedAt - 2)).toMatchObject({ kind: 'unregistered' });
    expect(newsFor(s.webinar, PRIYA, 0)).toBeNull();
    expect(newsFor(s.webinar, null, 0)).toBeNull();
  });

  it('attendance taken after a session, and cancellation with its reason', () => {
    let { e, s } = series();
    s = fold(s, [
      e('webinar.attendance', { webinar: 1, session: 1, attendees: [{ person: LENA, name: 'Lena Sandoval', minutes: 40 }], registered: 1, text: '…' }, 'plugin:webinar'),
      e('webinar.cancelled', { webinar: 1, reason: 'The facilitator is ill' }, `person:${PRIYA}`),
    ]);
    const w = s.webinar.webinars[0]!;
    expect(w.sessions[0]).toMatchObject({ attended: 1, attendanceFinal: true, attendance: [{ person: LENA, name: 'Lena Sandoval', minutes: 40 }] });
    expect(w.sessions[1]!.attended).toBeNull();
    expect(w).toMatchObject({ cancelled: true, cancelReason: 'The facilitator is ill' });
  });

  it('arrivals and departures mark the record for reading again (attendance is computed from them)', () => {
    let { e, s } = series();
    const before = s.webinar.changedAt;
    s = fold(s, [e('quorum.arrived', arrived(LENA, 'Lena Sandoval', false), `person:${LENA}`)]);
    expect(s.webinar.changedAt).toBeGreaterThan(before);
    expect(s.webinar.webinars).toHaveLength(1);
  });

  it('seeds from the view (ids) keeping the names folded, and does not fold twice what the view holds', () => {
    const e = eventMaker(ROOM);
    const early = [
      e('room.created', { name: ROOM }, 'system:seed'),
      e('webinar.scheduled', scheduled(), `person:${PRIYA}`),
      e('webinar.registered', { webinar: 1, person: LENA, name: 'Lena Sandoval', seat: 1, capacity: 1 }, `person:${LENA}`),
    ];
    let s = fold(initialRoomState(ROOM), early);
    const view = { webinars: [{ ...scheduled(), cancelled: false, registered: [LENA], waitlisted: [SAM], sessions: [{ ...session(1), attended: null }, session(2), session(3)] }] };
    s = roomReducer(s, { type: 'view', seq: 4, views: { webinar: view } });
    expect(s.webinar.atSeq).toBe(4);
    expect(s.webinar.webinars[0]!.registered).toEqual([{ person: LENA, name: 'Lena Sandoval' }]);
    expect(s.webinar.webinars[0]!.waitlisted).toEqual([{ person: SAM, name: '' }]);
    // Seq 4 arrives after the view: already in it, only its name is taken.
    s = fold(s, [e('webinar.waitlisted', { webinar: 1, person: SAM, name: 'Sam Begay', position: 1 }, `person:${SAM}`)]);
    expect(s.webinar.webinars[0]!.waitlisted).toEqual([{ person: SAM, name: 'Sam Begay' }]);
    expect(s.webinar.news.filter((n) => n.kind === 'waitlisted')).toEqual([]);
  });

  it('reads the record: names for those who run webinars, ids for the others', () => {
    const named = webinarRecordOf({
      ...scheduled(),
      registered: [{ person: LENA, name: 'Lena Sandoval' }],
      waitlisted: [{ person: SAM, name: 'Sam Begay' }],
      sessions: [{ ...session(1), attended: null, attendance: [{ person: LENA, name: 'Lena Sandoval', minutes: 60 }], attendance_final: false }],
    })!;
    expect(named.registered).toEqual([{ person: LENA, name: 'Lena Sandoval' }]);
    expect(named.sessions[0]).toMatchObject({ attendance: [{ person: LENA, name: 'Lena Sandoval', minutes: 60 }], attendanceFinal: false });
    const ids = webinarRecordOf({ ...scheduled(), registered: [LENA], waitlisted: [] })!;
    expect(ids.registered).toEqual([{ person: LENA, name: '' }]);
    expect(ids.sessions[0]!.attendance).toBeNull();
    expect(webinarRecordOf(null)).toBeNull();
  });

  it('keeps the L4 warnings in force, from the events and the quorum view', () => {
    const e = eventMaker(ROOM);
    const warning = { council: 1, council_name: 'REC 6 Council', present: ['Dana Ortiz', 'Luis Baca', 'Maria Chavez', 'Tom Whitfield', 'Rosa Lucero'], counted: 5, required: 5, text: 'L4: …' };
    let s = fold(initialRoomState(ROOM), [e('room.created', { name: ROOM }, 'system:seed'), e('quorum.oma_warning', warning, 'plugin:quorum')]);
    expect(s.quorum.omaWarnings).toEqual([{ council: 1, councilName: 'REC 6 Council', present: warning.present, counted: 5, required: 5, seq: 2 }]);
    s = fold(s, [e('quorum.oma_warning_cleared', { ...warning, counted: 4, present: warning.present.slice(1) }, 'plugin:quorum')]);
    expect(s.quorum.omaWarnings).toEqual([]);
    s = roomReducer(s, { type: 'view', seq: 3, views: { quorum: { present: [], oma_warnings: [warning] } } });
    expect(s.quorum.omaWarnings.map((w) => w.councilName)).toEqual(['REC 6 Council']);
    expect(describeEvent({ seq: 2, ts: 0, type: 'quorum.oma_warning', actor: 'plugin:quorum', body: warning }, en, inDenver('en'))).toBe(
      'L4: 5 members of REC 6 Council are here, a quorum of that council.',
    );
  });
});

describe('seats and the waitlist in words', () => {
  const base = (): Webinar => {
    const { s } = series();
    return { ...s.webinar.webinars[0]!, capacity: 30 };
  };
  const before = T0 - HOUR;

  it('seats open, full, on the waitlist, seated', () => {
    let w = { ...base(), registered: Array.from({ length: 27 }, (_, i) => ({ person: 100 + i, name: '' })) };
    expect(seatStatusText(seatStatus(w, LENA, before), en)).toBe('3 of 30 seats open');
    expect(seatAction(seatStatus(w, LENA, before))).toBe('register');
    w = { ...w, capacity: 27, waitlisted: [{ person: SAM, name: '' }, { person: LENA, name: '' }] };
    expect(seatStatusText(seatStatus(w, PRIYA, before), en)).toBe('Full: join the waitlist');
    expect(seatAction(seatStatus(w, PRIYA, before))).toBe('waitlist');
    expect(seatStatusText(seatStatus(w, LENA, before), en)).toBe('You are number 2 on the waitlist');
    expect(seatAction(seatStatus(w, LENA, before))).toBe('leave_waitlist');
    expect(seatStatusText(seatStatus(w, 105, before), en)).toBe('You have a seat');
    expect(seatAction(seatStatus(w, 105, before))).toBe('unregister');
    // The public (no person) sees the seats.
    expect(seatStatusText(seatStatus(w, null, before), en)).toBe('Full: join the waitlist');
  });

  it('over after the last session, cancelled', () => {
    const w = base();
    const after = w.sessions[2]!.endsMs;
    expect(seatStatus(w, LENA, after)).toEqual({ kind: 'over' });
    expect(seatAction(seatStatus(w, LENA, after))).toBeNull();
    expect(seatStatusText(seatStatus({ ...w, cancelled: true }, LENA, before), en)).toBe('This webinar is cancelled.');
  });

  it('in Spanish', () => {
    const w = base();
    expect(seatStatusText(seatStatus(w, LENA, before), es)).toBe('30 lugares libres de 30');
    expect(seatStatusText({ kind: 'open', open: 1, capacity: 30 }, es)).toBe('1 lugar libre de 30');
    expect(seatStatusText({ kind: 'waitlisted', position: 2 }, es)).toBe('Es el número 2 de la lista de espera');
    expect(seatStatusText({ kind: 'full', waiting: 0 }, es)).toBe('Lleno: entre en la lista de espera');
    expect(seatStatusText({ kind: 'seated', seat: 1 }, es)).toBe('Tiene un lugar');
  });

  it('reminder offsets and lists in words', () => {
    expect([10080, 1440, 2880, 60, 120, 15].map((m) => offsetText(m, en))).toEqual(['1 week', '1 day', '2 days', '1 hour', '2 hours', '15 minutes']);
    expect(offsetText(1440, es)).toBe('1 día');
    expect(listText(['1 day', '1 hour'], en)).toBe('1 day and 1 hour');
    expect(listText(['a', 'b', 'c'], es)).toBe('a, b y c');
    expect(listText(['a'], en)).toBe('a');
  });
});

describe('who runs webinars, and attendance in a circle', () => {
  it('schedule_webinar and a seat in a circle, from the join roles', () => {
    expect(maySchedule(['facilitator', 'public'])).toBe(true);
    expect(maySchedule(['non_voting_member', 'public'])).toBe(true);
    expect(maySchedule(['participant', 'public'])).toBe(false);
    expect(circleSeat(['participant', 'public'])).toBe(true);
    expect(circleSeat(['facilitator', 'public'])).toBe(true);
    expect(circleSeat(['voting_member', 'public'])).toBe(false);
  });

  it('marks present once after joining when the quorum view does not list the person', () => {
    const base = { roles: ['participant', 'public'], me: LENA, left: false, noBody: false };
    expect(shouldMarkPresent({ ...base, quorumView: { present: [] } })).toBe(true);
    expect(shouldMarkPresent({ ...base, quorumView: { present: [{ person: LENA, name: 'Lena Sandoval', mode: 'remote' }] } })).toBe(false);
    expect(shouldMarkPresent({ ...base, quorumView: undefined })).toBe(false);
    expect(shouldMarkPresent({ ...base, quorumView: { present: [] }, left: true })).toBe(false);
    expect(shouldMarkPresent({ ...base, quorumView: { present: [] }, noBody: true })).toBe(false);
    expect(shouldMarkPresent({ ...base, quorumView: { present: [] }, me: null })).toBe(false);
    expect(shouldMarkPresent({ ...base, quorumView: { present: [] }, roles: ['voting_member', 'public'] })).toBe(false);
    expect(shouldMarkPresent({ ...base, quorumView: { present: [] }, roles: ['public'] })).toBe(false);
  });

  it('words webinar events in the reader language', () => {
    const entry = (type: string, body: Record<string, unknown>) => ({ seq: 1, ts: 0, type, actor: 'plugin:webinar', body });
    expect(describeEvent(entry('webinar.scheduled', scheduled()), en, inDenver('en'))).toBe('Webinar 1 scheduled: “Phonics routines that stick”, 3 sessions.');
    // Registrants are not named in events (the public may read them).
    expect(describeEvent(entry('webinar.waitlisted', { webinar: 1, person: SAM, position: 1 }), en, inDenver('en'))).toBe(
      'Number 1 joined the waitlist of webinar 1.',
    );
    expect(describeEvent(entry('webinar.promoted', { webinar: 1, person: SAM }), es, inDenver('es'))).toBe(
      'La primera persona de la lista de espera del seminario web 1 tiene ahora un lugar.',
    );
    expect(describeEvent(entry('webinar.reminder', { webinar: 1, session: 1, offset_minutes: 1440, title: 'Phonics routines that stick' }), en, inDenver('en'))).toBe(
      'Reminder sent: “Phonics routines that stick” starts in 1 day.',
    );
  });
});
