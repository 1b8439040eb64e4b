// The facilitator's and the participant's part of webinars (issue #8, L2 and L4), in the demo's
// Early Literacy learning circle, on a server whose clock the test stands still and moves. The
// facilitator schedules a weekly series of three with one seat; the teacher (on a phone) takes
// the seat and the co-facilitator lands on the waitlist; when the teacher gives the seat up, the
// co-facilitator is told it is theirs. The facilitator reads registrations by name, is refused
// an overlapping webinar in the server's words, and reads the attendance of the first session
// (everyone with a seat is recorded present on entering). When a quorum of the council gathers
// in the circle, the facilitator sees the L4 warning while it is in force. The teacher reads the
// tab in Spanish, then leaves the circle.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { axeViolations, launch, person, screenshot, signIn, type Person } from './support/browser';
import { ADMIN, COUNCIL } from './support/council';
import { MemberSocket } from './support/member_socket';
import { startServer, type RunningServer } from './support/server';

const CIRCLE = 'rec6-literacy';
const FACILITATOR = { email: 'facilitator@rec6.example', password: 'demo-facilitator-2026', name: 'Priya Nakai' };
const COFACILITATOR = { email: 'cofacilitator@rec6.example', password: 'demo-cofacilitator-2026', name: 'Sam Begay' };
const TEACHER = { email: 'teacher@rec6.example', password: 'demo-teacher-2026', name: 'Lena Sandoval' };
const TITLE = 'Phonics routines that stick';

let server: RunningServer;
let browser: Browser;
let facilitator: Person;
let teacher: Person;
let cofacilitator: Person;
let voters: MemberSocket[] = [];

/** The date ("2026-12-08") in the body's zone (America/Denver) at `ms`. */
function denverDate(ms: number): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Denver', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(ms));
}

/** `date` plus `days`, as a date. */
function plusDays(date: string, days: number): string {
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

async function noViolations(page: Page, what: string) {
  const violations = await axeViolations(page);
  expect({ what, violations }).toEqual({ what, violations: [] });
}

async function schedule(page: Page, f: { title: string; starts: string; ends: string; capacity: string; weekly?: number }) {
  const form = page.getByTestId('webinar-form');
  await form.getByLabel('Title', { exact: true }).fill(f.title);
  await form.getByLabel('Description (optional)').fill('Small-group phonics routines for grades K-2, with practice between sessions.');
  await form.getByLabel('Starts (America/Denver time)').fill(f.starts);
  await form.getByLabel('Ends (America/Denver time)').fill(f.ends);
  await form.getByLabel('Seats').fill(f.capacity);
  await form.getByLabel('Join link (https://…)').fill('https://meet.rec6.example/phonics');
  if (f.weekly) {
    await form.getByLabel('Repeat').selectOption('weekly');
    await form.getByLabel('Number of sessions').fill(String(f.weekly));
  }
  await form.getByRole('button', { name: 'Schedule the webinar' }).click();
}

beforeAll(async () => {
  server = await startServer({ clock: true, args: ['--schedule-interval-ms', '200'] });
  server.setClock(Date.now());
  browser = await launch();
  facilitator = await person(browser, server.origin);
  cofacilitator = await person(browser, server.origin);
  teacher = await person(browser, server.origin, { phone: true, width: 375 });
  await Promise.all([
    signIn(facilitator.page, FACILITATOR.email, FACILITATOR.password, CIRCLE),
    signIn(cofacilitator.page, COFACILITATOR.email, COFACILITATOR.password, CIRCLE),
    signIn(teacher.page, TEACHER.email, TEACHER.password, CIRCLE),
  ]);
});
afterAll(async () => {
  for (const v of voters) v.close();
  await browser?.close();
  await server?.stop();
});

describe('webinars', () => {
  const first = plusDays(denverDate(Date.now()), 10);
  const firstStartsMs = Date.parse(`${first}T16:00:00-07:00`);

  it('a weekly series with one seat: a seat, the waitlist, a promotion, names for the facilitator, an overlap refused', async () => {
    // Everyone with a seat in the circle is recorded present on entering (attendance).
    for (const p of [facilitator, cofacilitator, teacher]) {
      await p.page.getByTestId('circle-presence').getByText(/You are recorded present in this circle since/).waitFor();
    }

    await facilitator.page.getByRole('tab', { name: 'Webinars' }).click();
    const form = facilitator.page.getByTestId('webinar-form');
    await form.getByLabel('Starts (America/Denver time)').fill(`${first}T16:00`);
    await form.getByLabel('Repeat').selectOption('weekly');
    await form.getByLabel('Number of sessions').fill('3');
    const weekday = new Intl.DateTimeFormat('en-US', { weekday: 'long', timeZone: 'UTC' }).format(new Date(`${first}T12:00:00Z`));
    await form.getByTestId('repeat-summary').getByText(`Every week on ${weekday}, 3 sessions.`).waitFor();
    expect(await form.getByTestId('rrule').textContent()).toBe('FREQ=WEEKLY;COUNT=3');
    await schedule(facilitator.page, { title: TITLE, starts: `${first}T16:00`, ends: `${first}T17:00`, capacity: '1', weekly: 3 });
    await facilitator.page.getByText('The webinar is scheduled.').waitFor();
    const card = facilitator.page.getByTestId('webinar-1');
    await card.getByRole('heading', { name: TITLE }).waitFor();
    expect(await card.locator('.webinar-sessions li').count()).toBe(3);
    await card.getByTestId('seat-1').getByText('1 of 1 seat open').waitFor();

    // The teacher, on a phone, takes the one seat.
    await teacher.page.getByRole('tab', { name: 'Webinars' }).click();
    const hers = teacher.page.getByTestId('webinar-1');
    await hers.getByTestId('seat-1').getByText('1 of 1 seat open').waitFor();
    await hers.getByRole('button', { name: `Register for ${TITLE}` }).click();
    await hers.getByTestId('seat-1').getByText('You have a seat').waitFor();
    await teacher.page.getByTestId('webinar-news').getByText(`You have a seat in “${TITLE}”.`).waitFor();

    // The co-facilitator finds it full and joins the waitlist.
    await cofacilitator.page.getByRole('tab', { name: 'Webinars' }).click();
    const his = cofacilitator.page.getByTestId('webinar-1');
    await his.getByTestId('seat-1').getByText('Full: join the waitlist').waitFor();
    await his.getByRole('button', { name: `Join the waitlist of ${TITLE}` }).click();
    await his.getByTestId('seat-1').getByText('You are number 1 on the waitlist').waitFor();

    // The facilitator reads who registered and who waits, by name.
    await card.getByTestId('registrations-1').getByText(TEACHER.name).waitFor();
    await card.getByTestId('waitlist-1').getByText(COFACILITATOR.name).waitFor();
    await noViolations(facilitator.page, 'the webinars tab of the facilitator');
    await screenshot(facilitator.page, 'webinars-facilitator');

    // The teacher's calendar address, private, to copy.
    await teacher.page.getByRole('button', { name: 'Add my webinars to my calendar' }).click();
    const address = await teacher.page.getByLabel('Your private calendar address').inputValue();
    expect(address).toMatch(new RegExp(`^${server.origin}/feeds/people/cal_[^/]+\\.ics$`));
    const feed = await fetch(address);
    expect(feed.status).toBe(200);
    expect(await feed.text()).toContain(`SUMMARY:${TITLE}`);
    await teacher.page.getByText(/Keep this address private/).waitFor();
    await noViolations(teacher.page, 'the webinars tab of a participant on a phone');
    const overflow = await teacher.page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await screenshot(teacher.page, 'webinars-phone');

    // She gives the seat up: the first on the waitlist is promoted and told.
    await hers.getByRole('button', { name: `Unregister from ${TITLE}: give up my seat` }).click();
    await hers.getByTestId('seat-1').getByText('Full: join the waitlist').waitFor();
    await cofacilitator.page.getByTestId('webinar-news').getByText(`A seat is yours in “${TITLE}”: you were first on the waitlist.`).waitFor();
    await his.getByTestId('seat-1').getByText('You have a seat').waitFor();
    await card.getByTestId('registrations-1').getByText(COFACILITATOR.name).waitFor();
    await card.getByTestId('waitlist-1').getByText('Nobody is waiting.').waitFor();

    // L2: the facilitator is already booked during the second session; the server says so.
    const second = plusDays(first, 7);
    await schedule(facilitator.page, { title: 'Writing workshop', starts: `${second}T16:30`, ends: `${second}T17:30`, capacity: '20' });
    await facilitator.page
      .getByTestId('webinars-panel')
      .getByRole('alert')
      .getByText(new RegExp(`L2: ${FACILITATOR.name} already facilitates webinar 1 “${TITLE}”, `))
      .waitFor();
    expect(await facilitator.page.getByTestId('webinar-2').count()).toBe(0);
  });

  it('attendance of the first session by name once it is over', async () => {
    server.setClock(firstStartsMs + 61 * 60_000);
    const card = facilitator.page.getByTestId('webinar-1');
    const attendance = card.getByTestId('attendance-1-1');
    await attendance.getByText('Recorded after the session:').waitFor();
    for (const name of [FACILITATOR.name, COFACILITATOR.name, TEACHER.name]) await attendance.getByText(`${name}: 60 minutes`).waitFor();
    await card.locator('.webinar-sessions li').first().getByText('3 attended').waitFor();
  });

  it('L4: a quorum of the council in the circle warns the facilitator while it is there', async () => {
    const login = await fetch(`${server.origin}/api/login`, { method: 'POST', body: JSON.stringify(ADMIN) });
    const { token } = (await login.json()) as { token: string };
    const five = [COUNCIL.chair, COUNCIL.vicechair, COUNCIL.member, COUNCIL.house, COUNCIL.fortSumner];
    for (const m of five) {
      const r = await fetch(`${server.origin}/api/admin/add-membership`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}` },
        body: JSON.stringify({ body: CIRCLE, person: m.email, role: 'participant' }),
      });
      expect(r.status).toBe(200);
    }
    voters = await Promise.all(five.map((m) => MemberSocket.join(server.origin, m.email, m.password, CIRCLE)));
    for (const v of voters) await v.act('quorum.present', {}, CIRCLE);

    const alert = facilitator.page.getByTestId('oma-warning');
    await alert.getByRole('heading', { name: 'A quorum of REC 6 Council is here (Open Meetings Act, L4)' }).waitFor();
    await alert.getByText(/5 voting members of REC 6 Council are here \(Dana Ortiz, .*\); 5 make a quorum of it\./).waitFor();
    expect(await alert.getAttribute('role')).toBe('alert');
    expect(await alert.getByRole('button').count()).toBe(0); // not dismissible while in force
    await teacher.page.getByTestId('oma-brief').getByText(/A quorum of REC 6 Council is here: keep to the circle's topic/).waitFor();
    await noViolations(facilitator.page, 'the L4 warning');

    await voters[0]!.act('quorum.absent', {}, CIRCLE);
    await alert.getByRole('heading').waitFor({ state: 'detached' });
  });

  it('in Spanish; and Leave records the departure', async () => {
    await teacher.page.getByLabel('Language').selectOption('es');
    await teacher.page.getByTestId('seat-1').getByText('Lleno: entre en la lista de espera').waitFor();
    await teacher.page.getByRole('button', { name: `Entrar en la lista de espera de ${TITLE}` }).waitFor();
    await noViolations(teacher.page, 'the webinars tab in Spanish on a phone');
    expect(await teacher.page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
    await teacher.page.getByLabel('Idioma').selectOption('en');

    await teacher.page.getByTestId('circle-presence').getByRole('button', { name: 'Leave' }).click();
    await teacher.page.getByRole('heading', { level: 1, name: 'Meeting rooms' }).waitFor();
    await facilitator.page.getByRole('tab', { name: 'Meeting' }).click();
    await facilitator.page.getByText(`${TEACHER.name} left.`).waitFor();
  });
});
