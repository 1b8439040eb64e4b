// WCAG 2.1 AA on every page, in English and in Spanish (issue #17 §3): axe-core finds no violation
// on each view of the app (the landing page signed out and signed in, sign-in, invitation, each
// tab of a council's and a learning circle's room, the public's room, not found, a room that does
// not exist or is not open to the reader) and on each of the server's public pages (the list of
// bodies, a body, a noticed meeting and one held without notice, the live page, the minutes and
// one set of minutes, the 404 page), on a desktop and at 320 CSS px; and at 320 px no page scrolls sideways (1.4.10 reflow): a failure names the
// elements that stick out. The meetings and minutes the pages show are made through the protocol
// first: a meeting held to adjournment with a vote and a chat line (minutes 1), a regular meeting
// noticed 12 days ahead with its agenda, and a meeting in session now.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { translator, type Language, type Translate } from '../../src/i18n/i18n';
import { axeViolations, horizontalOverflow, launch, person, screenshot, type Person } from './support/browser';
import { COUNCIL, ROOM } from './support/council';
import { MemberSocket } from './support/member_socket';
import { startServer, type RunningServer } from './support/server';

let server: RunningServer;
let browser: Browser;
let sockets: MemberSocket[] = [];

const CIRCLE = 'rec6-literacy';
const CLERK = { email: 'clerk@rec6.example', password: 'demo-clerk-2026' };
const FACILITATOR = { email: 'facilitator@rec6.example', password: 'demo-facilitator-2026' };
const DESKTOP = { width: 1280, height: 900 };
const NARROW = { width: 320, height: 720 };
const PHONE = { width: 390, height: 844 };

/** "YYYY-MM-DD" `days` from now. */
function day(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

beforeAll(async () => {
  server = await startServer();
  browser = await launch();
  const [chair, luis, maria, tom, glen] = await Promise.all(
    [COUNCIL.chair, COUNCIL.vicechair, COUNCIL.member, COUNCIL.house, COUNCIL.floyd].map((m) => MemberSocket.join(server.origin, m.email, m.password)),
  );
  const clerk = await MemberSocket.join(server.origin, CLERK.email, CLERK.password);
  const facilitator = await MemberSocket.join(server.origin, FACILITATOR.email, FACILITATOR.password, CIRCLE);
  sockets = [chair!, luis!, maria!, tom!, glen!, clerk, facilitator];
  const members = [chair!, luis!, maria!, tom!, glen!];

  // Meeting 1, held without notice (N9) to adjournment: a motion decided by roll call, a chat
  // line; its draft minutes are minutes 1.
  for (const m of members) await m.act('quorum.present');
  await chair!.act('meeting.call_to_order', { despite_notice: true });
  await luis!.act('motions.move', { text: 'Approve the 2026-27 cooperative calendar' });
  await maria!.act('motions.second');
  await chair!.act('motions.state');
  await chair!.act('motions.call_vote');
  for (const m of [luis!, maria!, tom!]) await m.act('motions.vote', { choice: 'aye' });
  await glen!.act('motions.vote', { choice: 'nay' });
  await chair!.act('motions.close_vote');
  await chair!.say('Good morning from Portales.');
  await chair!.act('meeting.adjourn');

  // Meeting 2, a regular meeting noticed 12 days ahead with its agenda (a closed-session item).
  await clerk.act('notice.schedule', {
    kind: 'regular',
    starts: `${day(12)}T10:00`,
    place: 'REC 6 office, 1500 S Ave K, Portales',
    remote: 'https://meet.rec6.example/council',
  });
  await clerk.act('notice.set_agenda', {
    meeting: 2,
    items: [
      { title: 'Call to order and roll call', type: 'information' },
      { title: 'Approve the FY27 professional development calendar', type: 'action', presenter: 'Executive director' },
      { title: 'Evaluation of the executive director', type: 'closed_session', authority: 'H2', subject: 'the annual evaluation of the executive director' },
    ],
  });
  await clerk.act('notice.post', { meeting: 2 });

  // Meeting 3, in session now (the live page and the room show it), with a motion on the floor.
  for (const m of members) await m.act('quorum.present');
  await chair!.act('meeting.call_to_order', { despite_notice: true });
  await tom!.say('Buenos días desde Portales.');
  await luis!.act('motions.move', { text: 'Buy two buses for the cooperative' });

  // The learning circle: a webinar and an initiative of the professional-development cycle.
  await facilitator.act(
    'webinar.schedule',
    { title: 'Decoding in the early grades', starts: `${day(20)}T16:00`, ends: `${day(20)}T17:00`, capacity: 30, join_url: 'https://meet.rec6.example/decoding' },
    CIRCLE,
  );
  await facilitator.act('cycle.start', { title: 'Structured literacy', region: 'REC 6', notes: 'Grades K-3' }, CIRCLE);
  await facilitator.act(
    'cycle.record',
    { initiative: 1, step: 'experts_trained', date: day(-30), people: ['Priya Nakai', 'Sam Begay'] },
    CIRCLE,
  );
});
afterAll(async () => {
  for (const s of sockets) s.close();
  await browser?.close();
  await server?.stop();
});

/** What is wrong with each page checked: its axe violations at each width, its overflow at 320 px. */
type Problems = unknown[];

/**
 * axe at a desktop's width and at 320 px, and no sideways scrolling at 320 px; back to the
 * desktop. Every page's problems are gathered, so that one run names them all.
 */
async function check(page: Page, what: string, problems: Problems) {
  const where = `${what} (${page.url().replace(server.origin, '')})`;
  await page.setViewportSize(DESKTOP);
  const wide = await axeViolations(page);
  if (wide.length > 0) problems.push({ page: where, width: DESKTOP.width, violations: wide });
  await page.setViewportSize(NARROW);
  // The layout at the new width before measuring it.
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  const overflow = await horizontalOverflow(page);
  if (overflow) problems.push({ page: where, width: NARROW.width, overflow });
  const narrow = await axeViolations(page);
  if (narrow.length > 0) problems.push({ page: where, width: NARROW.width, violations: narrow });
  await page.setViewportSize(DESKTOP);
}

async function inLanguage(p: Person, lang: Language) {
  expect(await p.page.evaluate(() => document.documentElement.lang)).toBe(lang);
}

/** Signs in through the form, in the page's language. */
async function signIn(page: Page, t: Translate, who: { email: string; password: string }) {
  await page.goto('/login');
  await page.getByLabel(t('login.email')).fill(who.email);
  await page.getByLabel(t('login.password')).fill(who.password);
  await page.getByRole('button', { name: t('login.submit'), exact: true }).last().click();
  await page.getByText(t('nav.signedInAs', { name: '' }).trim()).first().waitFor();
}

/** Opens a room's tab and waits for its panel. */
async function openTab(page: Page, t: Translate, tab: 'minutes' | 'notices' | 'webinars' | 'cycle') {
  await page.getByRole('tab', { name: t(`tabs.${tab}`) }).click();
  await page.getByTestId(`${tab}-panel`).waitFor();
}

const LANGUAGES: { lang: Language; locale: string }[] = [
  { lang: 'en', locale: 'en-US' },
  { lang: 'es', locale: 'es-MX' },
];

describe('every page, in English and in Spanish', () => {
  for (const { lang, locale } of LANGUAGES) {
    const t = translator(lang);

    it(`the server's public pages (${lang}): no axe violation, no sideways scrolling at 320 px`, async () => {
      const problems: Problems = [];
      const p = await person(browser, server.origin, { locale });
      // Each page, and the name of its screenshot on a phone in Spanish (docs/screenshots).
      for (const [path, shot] of [
        ['/public/', 'public-index-es'],
        [`/public/${ROOM}`, 'public-body-es'],
        [`/public/${ROOM}/meetings/1`, null],
        [`/public/${ROOM}/meetings/2`, 'public-meeting-es'],
        [`/public/${ROOM}/live`, 'public-live-es'],
        [`/public/${ROOM}/minutes`, 'public-minutes-index-es'],
        [`/public/${ROOM}/minutes/1`, 'public-minutes-es'],
      ] as const) {
        const response = await p.page.goto(path);
        expect({ path, status: response?.status() }).toEqual({ path, status: 200 });
        await p.page.getByRole('heading', { level: 1 }).first().waitFor();
        await inLanguage(p, lang);
        await check(p.page, 'public page', problems);
        if (lang === 'es' && shot) {
          await p.page.setViewportSize(PHONE);
          await screenshot(p.page, shot);
          await p.page.setViewportSize(DESKTOP);
        }
      }
      // A browser's mistyped address: the server's 404 page, in the reader's language.
      const response = await p.page.goto('/public-pages-of-nothing');
      expect(response?.status()).toBe(404);
      await p.page.getByRole('heading', { level: 1 }).first().waitFor();
      await inLanguage(p, lang);
      await check(p.page, 'the server’s 404 page', problems);
      await p.context.close();
      expect(problems).toEqual([]);
    });

    it(`the app's views signed out (${lang}): landing, sign-in, invitation, not found, the public's room`, async () => {
      const problems: Problems = [];
      const p = await person(browser, server.origin, { locale });
      await p.page.goto('/');
      await p.page.getByRole('heading', { level: 1, name: t('landing.title') }).waitFor();
      await inLanguage(p, lang);
      await check(p.page, 'landing, signed out', problems);

      await p.page.goto('/login');
      await p.page.getByRole('heading', { level: 1, name: t('login.title') }).waitFor();
      await check(p.page, 'sign-in', problems);
      await p.page.getByRole('button', { name: t('login.submit'), exact: true }).last().click();
      await p.page.getByText(t('login.missing')).waitFor();
      await check(p.page, 'sign-in with an error', problems);

      await p.page.goto('/invite#inv_0000');
      await p.page.getByRole('heading', { level: 1, name: t('invite.title') }).waitFor();
      await check(p.page, 'invitation', problems);

      await p.page.goto('/room/Not-A-Room');
      await p.page.getByRole('heading', { level: 1, name: t('notFound.title') }).waitFor();
      await check(p.page, 'not found', problems);

      // A room the server will not join: a mistyped name, and a circle not open to the public.
      await p.page.goto('/room/rec6-counsil');
      await p.page.getByRole('heading', { level: 1, name: t('roomUnavailable.unknown.title', { room: 'rec6-counsil' }) }).waitFor();
      await check(p.page, 'no such room', problems);
      await p.page.goto(`/room/${CIRCLE}`);
      await p.page.getByRole('heading', { level: 1, name: t('roomUnavailable.forbidden.title') }).waitFor();
      await check(p.page, 'a room not open to the public', problems);

      await p.page.goto(`/room/${ROOM}`);
      await p.page.getByText(t('conn.live'), { exact: true }).waitFor();
      await p.page.getByTestId('roll-call-1').waitFor();
      await check(p.page, 'the public’s room: the meeting', problems);
      await openTab(p.page, t, 'minutes');
      await p.page.getByTestId('minutes-entry-1').click();
      await p.page.getByTestId('minutes-document').waitFor();
      await check(p.page, 'the public’s room: minutes 1', problems);
      await p.context.close();
      expect(problems).toEqual([]);
    });

    it(`the app's views signed in (${lang}): the landing page's rooms, each tab of a council's and a circle's room`, async () => {
      const problems: Problems = [];
      const clerk = await person(browser, server.origin, { locale });
      await signIn(clerk.page, t, CLERK);
      await clerk.page.goto('/');
      await clerk.page.getByTestId('my-rooms').waitFor();
      await inLanguage(clerk, lang);
      await check(clerk.page, 'landing, signed in (the clerk’s rooms)', problems);

      await clerk.page.goto(`/room/${ROOM}`);
      await clerk.page.getByText(t('conn.live'), { exact: true }).waitFor();
      await clerk.page.getByTestId('roll-call-1').waitFor();
      await check(clerk.page, 'the clerk’s room: the meeting', problems);
      await openTab(clerk.page, t, 'minutes');
      await clerk.page.getByTestId('minutes-entry-1').click();
      await clerk.page.getByTestId('minutes-document').waitFor();
      await check(clerk.page, 'the clerk’s room: minutes 1, a draft to edit', problems);
      await openTab(clerk.page, t, 'notices');
      await check(clerk.page, 'the clerk’s room: notices and agendas', problems);
      await clerk.context.close();

      const facilitator = await person(browser, server.origin, { locale });
      await signIn(facilitator.page, t, FACILITATOR);
      await facilitator.page.goto(`/room/${CIRCLE}`);
      await facilitator.page.getByText(t('conn.live'), { exact: true }).waitFor();
      await check(facilitator.page, 'the facilitator’s circle: the meeting', problems);
      await openTab(facilitator.page, t, 'minutes');
      await check(facilitator.page, 'the facilitator’s circle: minutes', problems);
      await openTab(facilitator.page, t, 'webinars');
      await facilitator.page.getByText('Decoding in the early grades').first().waitFor();
      await check(facilitator.page, 'the facilitator’s circle: webinars', problems);
      await openTab(facilitator.page, t, 'cycle');
      await facilitator.page.getByText('Structured literacy').first().waitFor();
      await check(facilitator.page, 'the facilitator’s circle: professional development', problems);
      await facilitator.context.close();
      expect(problems).toEqual([]);
    });
  }
});
