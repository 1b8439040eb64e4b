// Times say their zone (issue #17): a browser in Tokyo and one in Denver show the same event at
// the same time, the body's (America/Denver), and say which zone. A council member arrives and
// speaks over the protocol; the public follows in both browsers, in English and in Spanish.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launch, person } from './support/browser';
import { COUNCIL, ROOM } from './support/council';
import { MemberSocket } from './support/member_socket';
import { startServer, type RunningServer } from './support/server';

let server: RunningServer;
let browser: Browser;
let member: MemberSocket;

beforeAll(async () => {
  server = await startServer();
  browser = await launch();
  member = await MemberSocket.join(server.origin, COUNCIL.member.email, COUNCIL.member.password);
});
afterAll(async () => {
  member?.close();
  await browser?.close();
  await server?.stop();
});

/** The time of `ms` as the body lived it: "4:52 PM MST". */
function denver(ms: number, locale = 'en-US'): string {
  const time = new Intl.DateTimeFormat(locale, { timeZone: 'America/Denver', hour: 'numeric', minute: '2-digit' }).format(new Date(ms));
  const zone = new Intl.DateTimeFormat('en-US', { timeZone: 'America/Denver', timeZoneName: 'short' }).formatToParts(new Date(ms)).find((p) => p.type === 'timeZoneName')!.value;
  return `${time} ${zone}`;
}

async function lineTime(page: Page, seq: number): Promise<string> {
  const line = page.locator(`li[data-seq="${seq}"] .entry-time`);
  await line.waitFor();
  return (await line.textContent()) ?? '';
}

describe('times in the body’s zone', () => {
  it('the same event shows the same Denver time in a browser in Tokyo and one in Denver', async () => {
    await member.act('quorum.present');
    const said = await member.say('Good afternoon from Melrose.');
    const event = member.events.find((e) => e.type === 'chat.message' && e.seq === said.seq)!;
    const ts = event.ts as number;
    const seq = said.seq as number;

    const pages: Page[] = [];
    for (const timezoneId of ['America/Denver', 'Asia/Tokyo']) {
      const p = await person(browser, server.origin, { timezoneId });
      await p.page.goto(`/room/${ROOM}`);
      pages.push(p.page);
    }
    const [inDenver, inTokyo] = pages as [Page, Page];
    // The browsers really are in different zones.
    const hours = await Promise.all(pages.map((p) => p.evaluate((ms) => new Date(ms).getHours(), ts)));
    expect(hours[0]).not.toBe(hours[1]);

    const expected = denver(ts);
    expect(expected).toMatch(/^\d{1,2}:\d{2} [AP]M M[SD]T$/);
    expect(await lineTime(inDenver, seq)).toBe(expected);
    expect(await lineTime(inTokyo, seq)).toBe(expected);
    // The member's arrival in the quorum panel, too.
    const arrival = member.events.find((e) => e.type === 'quorum.arrived')!;
    for (const page of pages) {
      await page.getByText(`remote · ${denver(arrival.ts as number)}`).first().waitFor();
    }

    // In Spanish the same time, in Spanish, still naming the zone.
    await inTokyo.getByLabel('Language').selectOption('es');
    await expect.poll(() => lineTime(inTokyo, seq)).toBe(denver(ts, 'es-MX'));
    expect(await lineTime(inTokyo, seq)).toMatch(/M[SD]T$/);
  });
});
