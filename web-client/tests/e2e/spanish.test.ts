// Spanish: chosen by the browser's language or switched at any time; every view translated.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launch, person, screenshot } from './support/browser';
import { COUNCIL, ROOM } from './support/council';
import { MemberSocket } from './support/member_socket';
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

describe('spanish', () => {
  it('the language switch turns the login page to Spanish and it stays so', async () => {
    const p = await person(browser, server.origin);
    await p.page.goto('/login');
    await p.page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await p.page.getByLabel('Language').selectOption('es');
    await p.page.getByRole('heading', { name: 'Iniciar sesión' }).waitFor();
    await p.page.getByLabel('Correo electrónico').waitFor();
    expect(await p.page.evaluate(() => document.documentElement.lang)).toBe('es');
    await p.page.reload();
    await p.page.getByLabel('Contraseña').fill('wrong-password-here');
    await p.page.getByLabel('Correo electrónico').fill(COUNCIL.member.email);
    await p.page.getByRole('button', { name: 'Iniciar sesión' }).click();
    await p.page.getByRole('alert').getByText('El correo electrónico o la contraseña no son correctos.').waitFor();
    await screenshot(p.page, 'login-spanish');
  });

  it('a Spanish-speaking visitor follows the meeting in Spanish', async () => {
    const helpers = await Promise.all(
      [COUNCIL.chair, COUNCIL.vicechair, COUNCIL.member, COUNCIL.house, COUNCIL.floyd, COUNCIL.texico].map((m) =>
        MemberSocket.join(server.origin, m.email, m.password),
      ),
    );
    for (const h of helpers) await h.act('quorum.present');
    const [chair, luis, maria] = helpers;
    await chair!.act('meeting.call_to_order');
    await luis!.act('motions.move', { text: 'Aprobar el calendario escolar' });
    await maria!.act('motions.second');
    await chair!.act('motions.state');
    await chair!.act('motions.call_vote');
    await maria!.act('motions.vote', { choice: 'aye' });
    await luis!.say('Buenos días a todos.');

    const p = await person(browser, server.origin, { locale: 'es-MX' });
    await p.page.goto(`/room/${ROOM}`);
    await p.page.getByRole('heading', { level: 1, name: `Sala ${ROOM}` }).waitFor();
    await p.page.getByText('Usted sigue la reunión como público.').waitFor();
    await p.page.getByTestId('quorum-bar').getByText('6 de 9 presentes — hay quórum').waitFor();
    await p.page.getByTestId('meeting-status').getByText('En sesión').waitFor();
    await p.page.getByRole('heading', { name: 'Moción en discusión' }).waitFor();
    await p.page.getByText('Votación abierta').waitFor();
    await p.page.getByTestId('tally').getByText('1 a favor, 0 en contra, 0 abstenciones').waitFor();
    await p.page.getByRole('log').getByText('Luis Baca propuso: “Aprobar el calendario escolar” (moción 1).').waitFor();
    await p.page.getByRole('log').getByText('Anuncio de Quórum').waitFor();
    await chair!.act('motions.close_vote');
    await p.page.getByTestId('roll-call-1').getByText('Aprobada', { exact: true }).waitFor();
    await p.page.getByTestId('roll-call-1').getByRole('columnheader', { name: 'Miembro' }).waitFor();
    // No English left on the page beyond names and what people wrote.
    const body = await p.page.locator('body').innerText();
    for (const english of ['Quorum established', 'present —', 'Motion on the floor', 'Live tally', 'Sign in', 'adopted', 'Votes taken']) {
      expect(body).not.toContain(english);
    }
    await screenshot(p.page, 'public-view-spanish');
    for (const h of helpers) h.close();
  });
});
