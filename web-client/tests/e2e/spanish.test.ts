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
    // The server's own reason comes in Spanish too, marked so for screen readers.
    const reason = p.page.getByRole('alert').locator('.feedback-detail span[lang="es"]');
    await reason.waitFor();
    expect(await reason.textContent()).not.toMatch(/wrong|password/i);
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
    // N9: no notice covers the meeting; the chair holds it anyway (the warning is the chair's browser's).
    await chair!.act('meeting.call_to_order', { despite_notice: true });
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
    // M2: the five present who did not vote are "No vota", never an abstention; the counts agree.
    await p.page.getByTestId('roll-call-1').getByText(/1 a favor, 0 en contra, 0 abstenciones, 5 sin votar/).waitFor();
    expect(await p.page.getByTestId('roll-call-1').getByText('No vota', { exact: true }).count()).toBe(5);
    expect(await p.page.getByTestId('roll-call-1').getByText('Abstención', { exact: true }).count()).toBe(0);
    await p.page.getByTestId('meeting-unnoticed').getByText('Sin aviso conforme a la ley (N9)').waitFor();

    // Q3: the quorum is lost while a vote is open: the vote is suspended, in Spanish.
    const [, , , tom, glen] = helpers;
    await luis!.act('motions.move', { text: 'Comprar dos autobuses' });
    await maria!.act('motions.second');
    await chair!.act('motions.state');
    await chair!.act('motions.call_vote');
    await maria!.act('motions.vote', { choice: 'aye' });
    await p.page.getByTestId('tally').getByText('1 a favor, 0 en contra, 0 abstenciones').waitFor();
    await tom!.act('quorum.absent');
    await glen!.act('quorum.absent');
    await p.page
      .getByTestId('vote-suspended')
      .getByText('Votación suspendida: se perdió el quórum. Los votos emitidos quedan anulados; la presidencia volverá a someterla a votación.')
      .waitFor();
    await p.page.getByTestId('quorum-bar').getByText('4 de 9 presentes — se necesitan 5 para el quórum').waitFor();
    await p.page
      .getByRole('log')
      .getByText('La votación de la moción 2 queda suspendida (se perdió el quórum): el voto emitido (1) queda anulado; la presidencia volverá a someterla a votación.')
      .waitFor();
    expect(await p.page.getByTestId('tally').count()).toBe(0);
    // No English left on the page beyond names and what people wrote.
    const body = await p.page.locator('body').innerText();
    for (const english of ['Quorum established', 'present —', 'Motion on the floor', 'Live tally', 'Sign in', 'adopted', 'Votes taken', 'Vote suspended', 'Not voting', 'suspended']) {
      expect(body).not.toContain(english);
    }
    await screenshot(p.page, 'public-view-spanish');
    for (const h of helpers) h.close();
  });
});
