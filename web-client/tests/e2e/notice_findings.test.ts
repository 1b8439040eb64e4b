// The lawful-notice findings are the server's (plugins/notice): the app words them from the
// server's message catalog (GET /api/messages/<lang>) in the reader's language, and has no
// wording of its own for them. A Spanish reader sees the catalog's Spanish; a switch to English
// asks for the English catalog.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launch, person, screenshot } from './support/browser';
import { ROOM } from './support/council';
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
  // A regular meeting noticed 12 days ahead (the body's resolution asks 10): lawful, and the
  // server finds the notice and the agenda posted in time.
  clerk = await MemberSocket.join(server.origin, 'clerk@rec6.example', 'demo-clerk-2026');
  await clerk.act('notice.schedule', { kind: 'regular', starts: daysAhead(12), place: 'REC 6 office, 1500 S Ave K, Portales' });
  await clerk.act('notice.set_agenda', { meeting: 1, items: [{ title: 'Approve the FY27 calendar', type: 'action' }] });
  await clerk.act('notice.post', { meeting: 1 });
});
afterAll(async () => {
  clerk?.close();
  await browser?.close();
  await server?.stop();
});

describe('notice findings', () => {
  it('in the Spanish app come from the server catalog, and in English after a switch', async () => {
    // The catalog the server serves words the two findings so in Spanish.
    const catalog = (await (await fetch(`${server.origin}/api/messages/es`)).json()) as { lang: string; messages: Record<string, string> };
    expect(catalog.lang).toBe('es');
    expect(catalog.messages['notice.finding.notice']).toMatch(/^aviso publicado \{lead\}/);
    expect(catalog.messages['notice.finding.agenda']).toMatch(/^orden del día público \{lead\}/);

    const p = await person(browser, server.origin, { locale: 'es-MX' });
    const asked = p.page.waitForResponse((r) => new URL(r.url()).pathname === '/api/messages/es' && r.status() === 200);
    await p.page.goto(`/room/${ROOM}`);
    await asked;
    const status = p.page.getByTestId('notice-status');
    await status.getByText('Convocada conforme a la ley', { exact: true }).waitFor();
    const findings = status.getByTestId('notice-findings');
    await findings.getByText(/^aviso publicado 1[12] días/).waitFor();
    await findings.getByText(/^orden del día público 1[12] días/).waitFor();
    // Worded in Spanish: marked so, under the plain heading (not "as the server gives them, in English").
    await status.getByText('Observaciones', { exact: true }).waitFor();
    for (const item of await findings.locator('li').all()) expect(await item.getAttribute('lang')).toBe('es');
    expect(await status.innerText()).not.toMatch(/notice 1|agenda public|before the meeting/);
    await screenshot(p.page, 'notice-findings-es');

    // The language switch asks for the English catalog; the same findings in English.
    const askedEn = p.page.waitForResponse((r) => new URL(r.url()).pathname === '/api/messages/en');
    await p.page.getByLabel('Idioma').selectOption('en');
    await askedEn;
    await status.getByText('Lawfully noticed', { exact: true }).waitFor();
    await findings.getByText(/^notice 1[12] days/).waitFor();
    await findings.getByText(/^agenda public 1[12] days/).waitFor();
    expect(await status.innerText()).not.toMatch(/aviso publicado|orden del día/);
    await p.context.close();
  });
});
