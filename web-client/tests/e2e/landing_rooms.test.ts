// The front page: a signed-in member sees the rooms they may enter (GET /api/me `rooms`), their
// own bodies first; a visitor types a room's name and is pointed to the public pages.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { axeViolations, launch, person, screenshot, signIn } from './support/browser';
import { COUNCIL, ROOM } from './support/council';
import { startServer, type RunningServer } from './support/server';

let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  server = await startServer();
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('landing page', () => {
  it('lists a member’s council first, then the public committee, and a link opens the room', async () => {
    const p = await person(browser, server.origin);
    await signIn(p.page, COUNCIL.member.email, COUNCIL.member.password);
    const mine = p.page.getByRole('list', { name: 'Your bodies' });
    await mine.getByRole('link', { name: 'REC 6 Council' }).waitFor();
    await mine.getByText('Council · Your role: Voting member').waitFor();
    const others = p.page.getByRole('list', { name: 'Public bodies' });
    await others.getByRole('link', { name: 'REC 6 Finance Committee' }).waitFor();
    // The learning circle is not public and Maria holds no role in it.
    expect(await p.page.getByRole('link', { name: 'Early Literacy Learning Circle' }).count()).toBe(0);
    // Her own bodies come before the others on the page.
    const headings = await p.page.getByRole('heading', { level: 2 }).allTextContents();
    expect(headings.indexOf('Your bodies')).toBeLessThan(headings.indexOf('Public bodies'));
    // No room name to type: the list is the way in.
    expect(await p.page.getByLabel('Room name').count()).toBe(0);
    expect(await axeViolations(p.page)).toEqual([]);
    await screenshot(p.page, 'landing-rooms');

    await p.page.getByLabel('Language').selectOption('es');
    const suyos = p.page.getByRole('list', { name: 'Sus órganos' });
    await suyos.getByText('Consejo · Su cargo: Miembro con voto').waitFor();
    await p.page.getByRole('list', { name: 'Órganos públicos' }).getByText('Comité').waitFor();
    await p.page.getByLabel('Idioma').selectOption('en');

    await mine.getByRole('link', { name: 'REC 6 Council' }).click();
    await p.page.getByRole('heading', { level: 1, name: `Room ${ROOM}` }).waitFor();
    expect(new URL(p.page.url()).pathname).toBe(`/room/${ROOM}`);
    await p.context.close();
  });

  it('a visitor types a public room’s name, and is pointed to the public pages', async () => {
    const p = await person(browser, server.origin);
    await p.page.goto('/');
    await p.page.getByRole('heading', { level: 1, name: 'Meeting rooms' }).waitFor();
    const publicSite = p.page.getByRole('link', { name: 'Public bodies and meetings' });
    expect(await publicSite.getAttribute('href')).toBe('/public/');
    await p.page.getByLabel('Room name').fill(ROOM);
    await p.page.getByRole('button', { name: 'Open the room' }).click();
    await p.page.getByRole('heading', { level: 1, name: `Room ${ROOM}` }).waitFor();
    await p.page.getByText('You are watching as the public.').waitFor();
    await p.context.close();
  });
});
