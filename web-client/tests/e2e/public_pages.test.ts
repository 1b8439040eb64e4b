// The public's server-rendered pages (/public/…): readable without an account and without
// JavaScript, and free of axe-core violations, on a desktop and on a phone.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { axeViolations, launch, person, screenshot } from './support/browser';
import { COUNCIL } from './support/council';
import { MemberSocket } from './support/member_socket';
import { startServer, type RunningServer } from './support/server';

let server: RunningServer;
let browser: Browser;
let clerk: MemberSocket;

/** "YYYY-MM-DDTHH:MM" `days` from now, at 10:00, as the clerk would type it. */
function daysAhead(days: number): string {
  const d = new Date(Date.now() + days * 86_400_000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T10:00`;
}

beforeAll(async () => {
  server = await startServer();
  browser = await launch();
  clerk = await MemberSocket.join(server.origin, 'clerk@rec6.example', 'demo-clerk-2026');
  await clerk.act('notice.schedule', {
    kind: 'regular',
    starts: daysAhead(12),
    place: 'REC 6 office, 1500 S Ave K, Portales',
    remote: 'https://meet.rec6.example/council',
  });
  await clerk.act('notice.set_agenda', {
    meeting: 1,
    items: [
      { title: 'Call to order and roll call', type: 'information' },
      { title: 'Approve the FY27 professional development calendar', type: 'action', presenter: 'Executive director' },
      { title: 'Evaluation of the executive director', type: 'closed_session', authority: 'H2', subject: 'the annual evaluation of the executive director' },
    ],
  });
  await clerk.act('notice.post', { meeting: 1 });
  const chair = await MemberSocket.join(server.origin, COUNCIL.chair.email, COUNCIL.chair.password);
  await chair.act('quorum.present');
  await chair.say('Good morning from Portales.');
  chair.close();
});
afterAll(async () => {
  clerk?.close();
  await browser?.close();
  await server?.stop();
});

describe('public pages', () => {
  for (const phone of [false, true]) {
    it(`every public page has no axe violations${phone ? ' on a phone' : ''}`, async () => {
      const p = await person(browser, server.origin, { phone });
      for (const [path, heading] of [
        ['/public/', 'Public bodies and their meetings'],
        ['/public/rec6-council', 'REC 6 Council'],
        ['/public/rec6-council/meetings/1', 'Regular meeting of the REC 6 Council'],
        ['/public/rec6-council/live', 'REC 6 Council: live'],
      ] as const) {
        const response = await p.page.goto(path);
        expect(response?.status()).toBe(200);
        await p.page.getByRole('heading', { level: 1, name: heading }).waitFor();
        const violations = await axeViolations(p.page);
        expect({ path, violations }).toEqual({ path, violations: [] });
      }
      await p.page.goto('/public/rec6-council/meetings/1');
      await p.page.getByRole('heading', { name: 'Lawfully noticed' }).waitFor();
      await screenshot(p.page, phone ? 'public-notice-phone' : 'public-notice');
      await p.context.close();
    });
  }

  it('the pages work without JavaScript', async () => {
    const context = await browser.newContext({ baseURL: server.origin, javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto('/public/rec6-council/meetings/1');
    await page.getByText('Approve the FY27 professional development calendar', { exact: true }).waitFor();
    await page.getByText('REC 6 office, 1500 S Ave K, Portales', { exact: true }).waitFor();
    await page.goto('/public/rec6-council/live');
    await page.getByText('Good morning from Portales.').waitFor();
    await context.close();
  });
});
