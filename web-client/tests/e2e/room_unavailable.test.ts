// A room the server will not join — a mistyped name (unknown_room) or a body that is not public
// and in which the person holds no role (forbidden) — is a page written for the person, in their
// language, with a way back to their rooms: never the protocol's code or the server's English.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { axeViolations, horizontalOverflow, launch, person, screenshot, signIn } from './support/browser';
import { COUNCIL } from './support/council';
import { startServer, type RunningServer } from './support/server';

let server: RunningServer;
let browser: Browser;

const CIRCLE = 'rec6-literacy'; // the learning circle: its body is not public
const FACILITATOR = { email: 'facilitator@rec6.example', password: 'demo-facilitator-2026' };

beforeAll(async () => {
  server = await startServer();
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** Nothing of the protocol on the page, no violation, and no sideways scrolling at 320 px. */
async function plainAndAccessible(page: Page, what: string) {
  const text = await page.locator('main').innerText();
  for (const raw of ['unknown_room', 'forbidden', "no room named", 'needs one of', 'Disconnected', 'Desconectado']) expect(text).not.toContain(raw);
  expect({ what, violations: await axeViolations(page) }).toEqual({ what, violations: [] });
  await page.setViewportSize({ width: 320, height: 720 });
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  expect({ what, overflow: await horizontalOverflow(page) }).toEqual({ what, overflow: null });
  await page.setViewportSize({ width: 1280, height: 900 });
}

describe('a room that cannot be entered', () => {
  it('a mistyped name: a visitor reads that there is no such room, and goes back to the rooms', async () => {
    const p = await person(browser, server.origin);
    await p.page.goto('/room/rec6-counsil');
    const heading = p.page.getByRole('heading', { level: 1, name: 'There is no room called “rec6-counsil”' });
    await heading.waitFor();
    // The heading has the focus, so a screen reader says what happened; the title says it too.
    expect(await p.page.evaluate(() => document.activeElement?.id)).toBe('room-unavailable-title');
    expect(await p.page.title()).toBe('There is no room called “rec6-counsil” · Collegial');
    await p.page.getByText(/^Check the name in the meeting notice/).waitFor();
    expect(await p.page.getByRole('tab').count()).toBe(0);
    await plainAndAccessible(p.page, 'no such room, in English');
    await p.page.getByRole('link', { name: 'Public bodies and meetings' }).last().waitFor();
    await p.page.getByRole('link', { name: 'Go to the meeting rooms' }).click();
    await p.page.getByRole('heading', { level: 1, name: 'Meeting rooms' }).waitFor();
    expect(new URL(p.page.url()).pathname).toBe('/');
    expect(await p.page.title()).toBe('Meeting rooms · Collegial');
    await p.context.close();
  });

  it('a members-only room, in Spanish: a visitor is told it is not open to them, signs in from there, and enters', async () => {
    const p = await person(browser, server.origin, { locale: 'es-MX' });
    await p.page.goto(`/room/${CIRCLE}`);
    await p.page.getByRole('heading', { level: 1, name: 'Esta sala no está abierta para usted' }).waitFor();
    await p.page.getByText(`La sala ${CIRCLE} es de un organismo cuyas reuniones no son públicas. Si usted tiene una función en él, inicie sesión para entrar.`).waitFor();
    await plainAndAccessible(p.page, 'not open to a visitor, in Spanish');
    await screenshot(p.page, 'room-unavailable-es');
    await p.page.getByTestId('room-unavailable').getByRole('link', { name: 'Iniciar sesión' }).click();
    await p.page.getByRole('heading', { level: 1, name: 'Iniciar sesión' }).waitFor();
    await p.page.getByLabel('Correo electrónico').fill(FACILITATOR.email);
    await p.page.getByLabel('Contraseña').fill(FACILITATOR.password);
    await p.page.getByRole('button', { name: 'Iniciar sesión', exact: true }).last().click();
    // Back to the room asked for, which a facilitator may enter.
    await p.page.getByRole('heading', { level: 1, name: `Sala ${CIRCLE}` }).waitFor();
    await p.page.getByText('En vivo', { exact: true }).waitFor();
    expect(await p.page.getByTestId('room-unavailable').count()).toBe(0);
    await p.context.close();
  });

  it('a signed-in member of another body: not open to them, and back to their own rooms', async () => {
    const p = await person(browser, server.origin);
    await signIn(p.page, COUNCIL.member.email, COUNCIL.member.password);
    await p.page.goto(`/room/${CIRCLE}`);
    await p.page.getByRole('heading', { level: 1, name: 'This room is not open to you' }).waitFor();
    await p.page
      .getByText(`The room ${CIRCLE} belongs to a body whose meetings are not public, and you hold no role in it. If you should, ask its clerk or facilitator to invite you.`)
      .waitFor();
    // Signed in already: no sign-in link on the page.
    expect(await p.page.getByTestId('room-unavailable').getByRole('link', { name: 'Sign in' }).count()).toBe(0);
    await plainAndAccessible(p.page, 'not open to a member of another body');
    await p.page.getByRole('link', { name: 'Back to your rooms' }).click();
    await p.page.getByTestId('my-rooms').getByRole('link', { name: /REC 6 Council/ }).waitFor();
    await p.context.close();
  });
});
