// The speaker queue in the browser (issue #20 §1, P1-P3): a member on a phone, in Spanish, asks
// for the floor; the chair, by keyboard alone, sets the time per speaker, recognizes her and ends
// her turn; she sees the floor and her time left in Spanish, and the public sees who speaks.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import { launch, person, signIn } from './support/browser';
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

/** Presses Tab until `target` has the focus (as a keyboard user reaches it), at most 200 times. */
async function tabTo(page: Page, target: Locator): Promise<void> {
  await target.waitFor();
  for (let i = 0; i < 200; ++i) {
    await page.keyboard.press('Tab');
    if (await target.evaluate((el) => el === document.activeElement)) return;
  }
  throw new Error('never reached by Tab');
}

describe('speakers', () => {
  it('a member on a phone asks for the floor in Spanish; the chair recognizes her and ends her turn by keyboard', async () => {
    // The chair calls the meeting to order with a quorum, over the protocol.
    const sockets = await Promise.all(
      [COUNCIL.chair, COUNCIL.vicechair, COUNCIL.house, COUNCIL.floyd, COUNCIL.texico].map((m) => MemberSocket.join(server.origin, m.email, m.password)),
    );
    for (const s of sockets) await s.act('quorum.present');
    await sockets[0]!.act('meeting.call_to_order', { despite_notice: true });

    const maria = await person(browser, server.origin, { locale: 'es-MX', phone: true });
    await maria.page.goto(`/login?next=${encodeURIComponent(`/room/${ROOM}`)}`);
    await maria.page.getByLabel('Correo electrónico').fill(COUNCIL.member.email);
    await maria.page.getByLabel('Contraseña').fill(COUNCIL.member.password);
    await maria.page.getByRole('button', { name: 'Iniciar sesión' }).click();
    await maria.page.getByRole('heading', { level: 1, name: `Sala ${ROOM}` }).waitFor();
    // Q1: she asks only once present.
    expect(await maria.page.getByRole('button', { name: 'Pedir la palabra' }).count()).toBe(0);
    await maria.page.getByRole('button', { name: 'Estoy presente' }).click();
    await maria.page.getByText('Quedó registrado como presente.').waitFor();
    await maria.page.getByRole('button', { name: 'Pedir la palabra' }).click();
    await maria.page.getByText('Está en la lista para hablar.').waitFor();
    await maria.page.getByTestId('speakers-queue').getByText('Maria Chavez').waitFor();
    await sockets[2]!.act('speakers.request'); // Tom asks after her

    const chair = await person(browser, server.origin);
    await signIn(chair.page, COUNCIL.chair.email, COUNCIL.chair.password, ROOM);
    const queue = chair.page.getByTestId('speakers-queue');
    await queue.getByText('Maria Chavez').waitFor();
    await queue.getByText('Tom Whitfield').waitFor();

    // By keyboard: two minutes per speaker, then the first who asked.
    await tabTo(chair.page, chair.page.getByLabel('Minutes per speaker (0: no limit)'));
    await chair.page.keyboard.type('2');
    await chair.page.keyboard.press('Enter');
    await chair.page.getByText('The time per speaker is set.').waitFor();
    await tabTo(chair.page, chair.page.getByRole('button', { name: 'Recognize Maria Chavez', exact: true }));
    await chair.page.keyboard.press('Enter');
    await chair.page.getByTestId('speakers-floor').getByText('Maria Chavez has the floor.').waitFor();

    // She sees it in Spanish, with her time running down from two minutes.
    await maria.page.getByTestId('speakers-floor').getByText('Maria Chavez tiene la palabra.').waitFor();
    const left = await maria.page.getByTestId('speakers-time-left').textContent();
    expect(left).toMatch(/^[12]:\d\d$/);
    await maria.page.getByRole('button', { name: 'Ceder la palabra' }).waitFor();

    // The chair ends her turn with the space bar; Tom is next in the queue.
    await tabTo(chair.page, chair.page.getByRole('button', { name: 'End this turn' }));
    await chair.page.keyboard.press('Space');
    await maria.page.getByTestId('speakers-floor').getByText('Nadie tiene la palabra.').waitFor();
    await chair.page.getByRole('button', { name: 'Recognize Tom Whitfield', exact: true }).waitFor();
    await maria.page.getByRole('log').getByText('La presidencia terminó el turno de Maria Chavez.').waitFor();

    // The public sees who has the floor.
    const pub = await person(browser, server.origin);
    await pub.page.goto(`/room/${ROOM}`);
    await sockets[0]!.act('speakers.recognize');
    await pub.page.getByTestId('speakers-floor').getByText('Tom Whitfield has the floor.').waitFor();
    expect(await pub.page.getByRole('button', { name: 'Ask to speak' }).count()).toBe(0);
    for (const p of [maria, chair, pub]) await p.context.close();
    for (const s of sockets) s.close();
  });
});
