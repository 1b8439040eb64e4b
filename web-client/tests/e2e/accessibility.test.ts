// WCAG 2.1 AA: axe-core finds no violation on each page, in English and Spanish, on a desktop
// and on a phone; and a member signs in and votes with the keyboard alone.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { axeViolations, launch, person, screenshot, signIn } from './support/browser';
import { COUNCIL, ROOM } from './support/council';
import { MemberSocket } from './support/member_socket';
import { startServer, type RunningServer } from './support/server';

let server: RunningServer;
let browser: Browser;
let helpers: MemberSocket[] = [];

beforeAll(async () => {
  server = await startServer();
  browser = await launch();
  // A meeting in session with a vote open, so that every control is on the page.
  helpers = await Promise.all(
    [COUNCIL.vicechair, COUNCIL.house, COUNCIL.floyd, COUNCIL.texico, COUNCIL.elida].map((m) =>
      MemberSocket.join(server.origin, m.email, m.password),
    ),
  );
  for (const h of helpers) await h.act('quorum.present');
});
afterAll(async () => {
  for (const h of helpers) h.close();
  await browser?.close();
  await server?.stop();
});

async function noViolations(page: Page, what: string) {
  const violations = await axeViolations(page);
  expect({ what, violations }).toEqual({ what, violations: [] });
}

/** Presses Tab until the focused element matches, as a keyboard user would. */
async function tabTo(page: Page, matches: (el: { tag: string; name: string }) => boolean, limit = 60) {
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      const label = el?.id ? document.querySelector(`label[for="${el.id}"]`)?.textContent : null;
      return { tag: el?.tagName.toLowerCase() ?? '', name: (label ?? el?.textContent ?? '').trim() };
    });
    if (matches(focused)) return;
  }
  throw new Error('the element was not reached with Tab');
}

describe('accessibility', () => {
  it('the login landing and invitation pages have no axe violations', async () => {
    const p = await person(browser, server.origin);
    await p.page.goto('/login');
    await p.page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await noViolations(p.page, 'login');
    await screenshot(p.page, 'login');
    await p.page.getByRole('button', { name: 'Sign in', exact: true }).last().click();
    await p.page.getByText('Enter your email and your password.').waitFor();
    await noViolations(p.page, 'login with an error');
    await p.page.goto('/');
    await p.page.getByRole('heading', { name: 'Meeting rooms' }).waitFor();
    await noViolations(p.page, 'landing');
    await p.page.goto('/invite#inv_0000');
    await p.page.getByRole('heading', { name: 'Accept your invitation' }).waitFor();
    await noViolations(p.page, 'invitation');
    await p.page.getByLabel('Language').selectOption('es');
    await p.page.goto('/login');
    await p.page.getByRole('heading', { name: 'Iniciar sesión' }).waitFor();
    await noViolations(p.page, 'login in Spanish');
  });

  it('the chair is warned before calling an unnoticed meeting to order, and answers with the keyboard', async () => {
    const chair = await person(browser, server.origin);
    await signIn(chair.page, COUNCIL.chair.email, COUNCIL.chair.password, ROOM);
    const page = chair.page;
    await page.getByRole('button', { name: 'Call to order' }).waitFor();
    await tabTo(page, (el) => el.tag === 'button' && el.name === 'Call to order');
    await page.keyboard.press('Enter');
    const warning = page.getByRole('alertdialog', { name: 'This meeting is not lawfully noticed' });
    await warning.waitFor();
    await noViolations(page, 'the warning before calling an unnoticed meeting to order');
    // Modal: Tab stays inside it; Cancel (the safe choice) has the focus first.
    const focused = () => page.evaluate(() => document.activeElement?.textContent ?? '');
    expect(await focused()).toBe('Cancel');
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('Call to order anyway');
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('Cancel');
    // Cancel: nothing is done, focus goes back to the button that opened it.
    await page.keyboard.press('Escape');
    await warning.waitFor({ state: 'hidden' });
    expect(await focused()).toBe('Call to order');
    await page.getByTestId('meeting-status').getByText('Not in session').waitFor();
    await page.keyboard.press('Enter');
    await warning.waitFor();
    await page.keyboard.press('Shift+Tab');
    expect(await focused()).toBe('Call to order anyway');
    await page.keyboard.press('Enter');
    await page.getByText('The meeting is called to order without lawful notice: no action taken at it will be valid (N9).').waitFor();
    await warning.waitFor({ state: 'hidden' });
    await chair.context.close();
  });

  it('a member signs in and votes with the keyboard alone', async () => {
    const chair = await person(browser, server.origin);
    await signIn(chair.page, COUNCIL.chair.email, COUNCIL.chair.password, ROOM);
    await chair.page.getByTestId('meeting-status').getByText('In session').waitFor();
    await helpers[0]!.act('motions.move', { text: 'Approve the minutes of October 14' });
    await chair.page.getByRole('button', { name: 'State the question' }).click();
    await chair.page.getByRole('button', { name: 'Put to a vote' }).click();
    await chair.page.getByText('The vote is open.').waitFor();

    const maria = await person(browser, server.origin);
    const page = maria.page;
    await page.goto(`/login?next=${encodeURIComponent(`/room/${ROOM}`)}`);
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await tabTo(page, (el) => el.name === 'Email');
    await page.keyboard.type(COUNCIL.member.email);
    await page.keyboard.press('Tab');
    await page.keyboard.type(COUNCIL.member.password);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: `Room ${ROOM}` }).waitFor();
    // Q1, M2: she votes once recorded present; the room tells her so.
    await page.getByTestId('presence-needed').getByText('You are not recorded present: press “I am present” to move, second or vote.').waitFor();
    expect(await page.getByRole('button', { name: /^Vote Aye on motion 1/ }).count()).toBe(0);
    await tabTo(page, (el) => el.tag === 'button' && el.name === 'I am present');
    await page.keyboard.press('Enter');
    await page.getByText('You are recorded present.').waitFor();
    await page.getByRole('button', { name: /^Vote Aye on motion 1/ }).waitFor();
    await tabTo(page, (el) => el.tag === 'button' && el.name.startsWith('Vote Aye on motion 1'));
    await page.keyboard.press('Space');
    await page.getByText('Your vote (aye) is recorded.').waitFor();
    await chair.page.getByTestId('tally').getByText('1 aye, 0 nay, 0 abstentions').waitFor();

    await noViolations(page, 'meeting room of a member with a vote open');
    await noViolations(chair.page, 'meeting room of the chair');
    const phone = await person(browser, server.origin, { phone: true });
    await signIn(phone.page, COUNCIL.dora.email, COUNCIL.dora.password, ROOM);
    await phone.page.getByRole('button', { name: 'I am present' }).click();
    await phone.page.getByText('You are recorded present.').waitFor();
    await phone.page.getByRole('button', { name: /^Vote Aye on motion 1/ }).waitFor();
    await noViolations(phone.page, 'meeting room on a phone');

    await chair.page.getByRole('button', { name: 'Close the vote' }).click();
    await chair.page.getByTestId('roll-call-1').waitFor();
    await noViolations(chair.page, 'meeting room with a roll call');
    await screenshot(chair.page, 'meeting-room-roll-call');

    const pub = await person(browser, server.origin);
    await pub.page.goto(`/room/${ROOM}`);
    await pub.page.getByTestId('roll-call-1').waitFor();
    await noViolations(pub.page, 'public view');
    const es = await person(browser, server.origin, { locale: 'es-MX' });
    await es.page.goto(`/room/${ROOM}`);
    await es.page.getByTestId('roll-call-1').waitFor();
    await noViolations(es.page, 'public view in Spanish');
  });
});
