// A short meeting through the browser: the chair and two members in their own browser contexts,
// two more members over the protocol to make the quorum of five, and the public watching. No
// notice was posted, so the chair is warned before calling it to order (N9) and goes on anyway;
// the roll call names those present who did not vote; presence ends with the meeting.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launch, person, screenshot, signIn, type Person } from './support/browser';
import { COUNCIL, ROOM } from './support/council';
import { WARNING } from './support/meeting';
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

// Waits for the success line `text` on `p`'s page; if it does not come, fails with what the
// page shows instead (an error from the server, the connection's state), so a failure under a
// loaded machine says why.
async function done(p: Person, text: string) {
  try {
    await p.page.getByText(text).waitFor();
  } catch (error) {
    const shown = await p.page
      .locator('[role=alert], [role=status], [data-testid=connection-status]')
      .allInnerTexts()
      .catch(() => []);
    await screenshot(p.page, 'meeting-failure').catch(() => undefined);
    throw new Error(`"${text}" did not appear; the page shows: ${JSON.stringify(shown)}\n${String(error)}`);
  }
}

async function present(p: Person) {
  await p.page.getByRole('button', { name: 'I am present' }).click();
  await p.page.getByText('You are recorded present.').waitFor();
}

describe('meeting', () => {
  it('chair and members call to order with a quorum then move second amend vote and decide while the public watches', async () => {
    const pub = await person(browser, server.origin);
    await pub.page.goto('/');
    await pub.page.getByLabel('Room name').fill(ROOM);
    await pub.page.getByRole('button', { name: 'Open the room' }).click();
    await pub.page.getByText('You are watching as the public.').waitFor();
    await pub.page.getByText('Live', { exact: true }).waitFor();

    const chair = await person(browser, server.origin);
    await signIn(chair.page, COUNCIL.chair.email, COUNCIL.chair.password, ROOM);
    const maria = await person(browser, server.origin);
    await signIn(maria.page, COUNCIL.member.email, COUNCIL.member.password, ROOM);
    const tom = await person(browser, server.origin, { phone: true });
    await signIn(tom.page, COUNCIL.house.email, COUNCIL.house.password, ROOM);

    for (const p of [chair, maria, tom]) await present(p);
    const helpers = [
      await MemberSocket.join(server.origin, COUNCIL.floyd.email, COUNCIL.floyd.password),
      await MemberSocket.join(server.origin, COUNCIL.texico.email, COUNCIL.texico.password),
    ];
    for (const h of helpers) await h.act('quorum.present');

    // Five of nine: the quorum bar and the live region say so, to the public too.
    await pub.page.getByTestId('quorum-bar').getByText('5 of 9 present — quorum').waitFor();
    await pub.page.getByTestId('announcer').getByText('Quorum established: 5 of 9 voting members present.').waitFor();
    await chair.page.getByTestId('quorum-bar').getByText('5 of 9 present — quorum').waitFor();

    // N9: no notice covers a meeting now. The chair is warned before it is called to order,
    // with the server's reason, and may cancel (Escape) or go on.
    await chair.page.getByRole('button', { name: 'Call to order' }).click();
    const warning = chair.page.getByRole('alertdialog', { name: WARNING });
    await warning.waitFor();
    await warning.getByText('no action taken at it will be valid (N9)', { exact: false }).waitFor();
    await warning.getByText(/no notice was posted for a meeting at this time/).waitFor();
    // Focus is in the dialog, on the safe choice.
    expect(await chair.page.evaluate(() => document.activeElement?.textContent)).toBe('Cancel');
    await chair.page.keyboard.press('Escape');
    await warning.waitFor({ state: 'hidden' });
    await chair.page.getByTestId('meeting-status').getByText('Not in session').waitFor();
    expect(await chair.page.getByRole('alert').getByText(/Not done/).count()).toBe(0);
    await screenshot(chair.page, 'meeting-room-before-call');
    await chair.page.getByRole('button', { name: 'Call to order' }).click();
    await warning.waitFor();
    await screenshot(chair.page, 'call-to-order-warning');
    await warning.getByRole('button', { name: 'Call to order anyway' }).click();
    await chair.page.getByText('The meeting is called to order without lawful notice: no action taken at it will be valid (N9).').waitFor();
    await pub.page.getByTestId('meeting-status').getByText('In session').waitFor();
    await pub.page.getByTestId('meeting-unnoticed').getByText('Held without lawful notice (N9)').waitFor();
    // The notice shown is that of the meeting held: none covers it.
    await chair.page.getByTestId('agenda-panel').getByText('Meeting 1 is being held without notice.').waitFor();
    await chair.page.getByTestId('notice-uncovered').waitFor();
    expect(await chair.page.getByTestId('agenda-panel').getByText('Lawfully noticed', { exact: true }).count()).toBe(0);

    const text = 'Approve the 2026-27 cooperative calendar';
    await maria.page.getByLabel('Motion text').fill(text);
    await maria.page.getByRole('button', { name: 'Move', exact: true }).click();
    await done(maria, 'Your motion is recorded.');
    // The mover is offered no second; another member is.
    expect(await maria.page.getByRole('button', { name: 'Second motion 1' }).count()).toBe(0);
    await tom.page.getByRole('button', { name: 'Second motion 1' }).click();
    await tom.page.getByText('Your second is recorded.').waitFor();

    await chair.page.getByRole('button', { name: 'State the question' }).click();
    await chair.page.getByText('The question is stated.').waitFor();

    // An amendment (M5): moved over the main motion, decided first, and it rewords it.
    const amended = 'Approve the 2026-27 cooperative calendar with a spring break in March';
    await tom.page.getByLabel('New wording of motion 1').fill(amended);
    await tom.page.getByRole('button', { name: 'Move the amendment' }).click();
    await tom.page.getByText('Your motion is recorded.').waitFor();
    await pub.page.getByRole('heading', { name: 'Motion 2 · Amendment' }).waitFor();
    await chair.page.getByRole('button', { name: 'State the question' }).click();
    await chair.page.getByText('The question is stated.').waitFor();
    await chair.page.getByRole('button', { name: 'Put to a vote' }).click();
    await chair.page.getByText('The vote is open.').waitFor();
    for (const p of [maria, tom]) {
      await p.page.getByRole('button', { name: `Vote Aye on motion 2: ${amended}` }).click();
      await p.page.getByText('Your vote (aye) is recorded.').waitFor();
    }
    await chair.page.getByRole('button', { name: 'Close the vote' }).click();
    await pub.page.getByTestId('roll-call-2').getByText(/— adopted, 2 aye, 0 nay/).waitFor();
    await pub.page.getByRole('heading', { name: 'Motion 1 · Main motion' }).waitFor();
    await pub.page.locator('.motion-text').getByText(amended).waitFor();

    await chair.page.getByRole('button', { name: 'Put to a vote' }).click();
    await chair.page.getByText('The vote is open.').waitFor();

    // Each button tells a screen reader which vote it casts, on which motion.
    await maria.page.getByRole('button', { name: `Vote Aye on motion 1: ${amended}` }).click();
    await maria.page.getByText('Your vote (aye) is recorded.').waitFor();
    // The same vote again (a second click) is acknowledged and records nothing (M2): the tally
    // below still counts Maria once.
    await maria.page.getByRole('button', { name: `Vote Aye on motion 1: ${amended}` }).click();
    await maria.page.getByText('Your vote (aye) is recorded.').waitFor();
    await pub.page.getByTestId('tally').getByText('1 aye, 0 nay, 0 abstentions').waitFor();
    await tom.page.getByRole('button', { name: `Vote Aye on motion 1: ${amended}` }).click();
    await tom.page.getByText('Your vote (aye) is recorded.').waitFor();
    // A changed vote is worded as a change (M2).
    await helpers[0]!.act('motions.vote', { choice: 'aye' });
    await helpers[0]!.act('motions.vote', { choice: 'nay' });
    await pub.page.getByRole('log').getByText('Glen Harper changed their vote on motion 1 from aye to nay.').waitFor();

    await pub.page.getByTestId('tally').getByText('2 aye, 1 nay, 0 abstentions').waitFor();
    await chair.page.getByTestId('tally').getByText('2 aye, 1 nay, 0 abstentions').waitFor();
    await screenshot(chair.page, 'meeting-room-chair');
    await screenshot(tom.page, 'meeting-room-phone');

    // The public sees everything and can do nothing.
    for (const name of [/^Vote/, /Call to order|Close the vote|Put to a vote/, /Second motion/, /I am present/, /^Send$/]) {
      expect(await pub.page.getByRole('button', { name }).count()).toBe(0);
    }
    expect(await pub.page.getByLabel('Message', { exact: true }).count()).toBe(0);
    expect(await pub.page.getByLabel('Motion text').count()).toBe(0);

    await chair.page.getByRole('button', { name: 'Close the vote' }).click();
    await chair.page.getByText('The vote is closed.').waitFor();

    // The roll call and its counts agree: present members who did not vote are "not voting".
    const roll = pub.page.getByTestId('roll-call-1');
    await roll.getByText(`Motion 1: ${amended} — adopted, 2 aye, 1 nay, 0 abstentions, 2 not voting`).waitFor();
    const rows = await roll.locator('tbody tr').allInnerTexts();
    const byName = Object.fromEntries(rows.map((r) => r.split('\t').map((x) => x.trim())));
    expect(byName).toMatchObject({
      'Maria Chavez': 'Aye',
      'Tom Whitfield': 'Aye',
      'Glen Harper': 'Nay',
      'Ana Trujillo': 'Not voting', // present, did not vote
      'Dana Ortiz': 'Not voting', // the chair, present
      'Irene Montoya': 'Absent',
    });
    expect(rows).toHaveLength(9);
    expect(await roll.getByText('Abstain', { exact: true }).count()).toBe(0);
    await pub.page.getByTestId('announcer').getByText('Motion 1 adopted: 2 aye, 1 nay, 0 abstentions, 2 not voting.').waitFor();
    expect(await pub.page.getByRole('button', { name: /^Vote/ }).count()).toBe(0);
    await screenshot(pub.page, 'public-view');

    // Chat, with the bots' announcements in the same timeline.
    await maria.page.getByLabel('Message', { exact: true }).fill('Thank you, Madam Chair.');
    await maria.page.getByRole('button', { name: 'Send' }).click();
    await pub.page.getByRole('log').getByText('Thank you, Madam Chair.').waitFor();
    await pub.page.getByRole('log').getByText('Announcement from Motions').first().waitFor();

    await chair.page.getByRole('button', { name: 'Adjourn' }).click();
    await pub.page.getByTestId('meeting-status').getByText('Adjourned').waitFor();
    // Q1: presence ends with the meeting: nobody is present any more, and everyone is told.
    await pub.page.getByTestId('quorum-bar').getByText('0 of 9 present — 5 needed for quorum').waitFor();
    await pub.page.getByRole('log').getByText('Maria Chavez is no longer recorded present: presence ends with the adjournment.').waitFor();
    await chair.page.getByRole('button', { name: 'I am present' }).waitFor();
    for (const h of helpers) h.close();
  });

  it('after the adjournment a member is no longer present, says so again, and a second arrival is refused', async () => {
    const maria = await person(browser, server.origin);
    await signIn(maria.page, COUNCIL.member.email, COUNCIL.member.password, ROOM);
    // Presence belongs to one meeting: the adjournment ended Maria's.
    await maria.page.getByRole('button', { name: 'I am present' }).waitFor();
    expect(await maria.page.getByRole('button', { name: 'I am leaving' }).count()).toBe(0);
    await maria.page.getByText('Nobody is recorded present yet.').waitFor();
    await maria.page.getByLabel('Message', { exact: true }).fill('/present');
    await maria.page.getByRole('button', { name: 'Send' }).click();
    await maria.page.getByRole('button', { name: 'I am leaving' }).waitFor();
    await maria.page.getByTestId('quorum-bar').getByText('1 of 9 present — 5 needed for quorum').waitFor();
    // A second arrival is refused by the quorum plugin and shown as such.
    await maria.page.getByLabel('Message', { exact: true }).fill('/present');
    await maria.page.getByRole('button', { name: 'Send' }).click();
    await maria.page.getByRole('alert').getByText('Not done: You are already recorded present.').waitFor();
  });
});
