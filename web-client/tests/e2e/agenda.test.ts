// A noticed meeting in the room: the clerk schedules a special meeting a couple of hours from now,
// drafts and posts its agenda (too late to be lawful: N2/N4); the chair may not call it to order
// before its noticed time (N3); at that time the chair is warned that it is not lawfully noticed
// (N9), with the server's findings, and calls it to order anyway; takes up items, the body acts
// (not valid: N9) and goes into closed session (C3), where the chair admits and dismisses guests,
// while the public sees one line in place of what happens, until the chair returns to open session.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { axeViolations, launch, person, screenshot, signIn } from './support/browser';
import { COUNCIL, ROOM } from './support/council';
import { WARNING } from './support/meeting';
import { MemberSocket } from './support/member_socket';
import { startServer, type RunningServer } from './support/server';

let server: RunningServer;
let browser: Browser;
let clerk: MemberSocket;
let helpers: MemberSocket[] = [];

/** A local time in the body's zone (America/Denver) at `ms`: "2026-11-26T09:30". */
function denverLocal(ms: number): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: 'America/Denver',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(ms));
  const p = (t: string) => parts.find((x) => x.type === t)!.value;
  return `${p('year')}-${p('month')}-${p('day')}T${p('hour')}:${p('minute')}`;
}

beforeAll(async () => {
  server = await startServer({ clock: true });
  browser = await launch();
  clerk = await MemberSocket.join(server.origin, 'clerk@rec6.example', 'demo-clerk-2026');
  helpers = await Promise.all(
    [COUNCIL.vicechair, COUNCIL.member, COUNCIL.house, COUNCIL.floyd].map((m) => MemberSocket.join(server.origin, m.email, m.password)),
  );
});
afterAll(async () => {
  for (const h of [clerk, ...helpers]) h?.close();
  await browser?.close();
  await server?.stop();
});

async function noViolations(page: Page, what: string) {
  const violations = await axeViolations(page);
  expect({ what, violations }).toEqual({ what, violations: [] });
}

const SUBJECT = 'the annual evaluation of the executive director';

describe('agenda', () => {
  it('the chair holds a noticed meeting from its agenda; N9 and a closed session are shown', async () => {
    const startsMs = Math.floor((Date.now() + 2 * 3_600_000) / 60_000) * 60_000;
    await clerk.act('notice.schedule', {
      kind: 'special',
      starts: denverLocal(startsMs),
      place: 'REC 6 office, 1500 S Ave K, Portales',
      title: 'Special meeting on the FY27 budget',
    });
    await clerk.act('notice.set_agenda', {
      meeting: 1,
      items: [
        { title: 'Approve the minutes of November 12', type: 'action', presenter: 'Clerk' },
        { title: 'Approve the FY27 budget', type: 'action', presenter: 'Executive director' },
        { title: 'Evaluation of the executive director', type: 'closed_session', authority: 'H2', subject: SUBJECT },
      ],
    });
    await clerk.act('notice.post', { meeting: 1 });

    const pub = await person(browser, server.origin);
    await pub.page.goto(`/room/${ROOM}`);
    await pub.page.getByText('Live', { exact: true }).waitFor();

    const chair = await person(browser, server.origin);
    await signIn(chair.page, COUNCIL.chair.email, COUNCIL.chair.password, ROOM);
    const panel = chair.page.getByTestId('agenda-panel');
    await panel.getByText('Next meeting 1: Special meeting on the FY27 budget').waitFor();
    // Posted two hours ahead: not lawful, and the server's findings are listed.
    await panel.getByTestId('notice-status').getByText('Not lawfully noticed').waitFor();
    expect(await panel.getByTestId('notice-status').locator('li').count()).toBeGreaterThan(0);
    await panel.getByTestId('agenda-item-3').getByText('Closed session').waitFor();

    await chair.page.getByRole('button', { name: 'I am present' }).click();
    await chair.page.getByText('You are recorded present.').waitFor();
    for (const h of helpers) await h.act('quorum.present');
    await chair.page.getByTestId('quorum-bar').getByText('5 of 9 present — quorum').waitFor();

    // N3: not before the time the public was told.
    await chair.page.getByRole('button', { name: 'Call to order' }).click();
    await chair.page
      .getByRole('alert')
      .getByText('Not done: The meeting is not called to order before the time stated in its notice (N3).')
      .waitFor();
    await chair.page.getByRole('alert').getByText(/N3: Special meeting on the FY27 budget was noticed for/).waitFor();
    expect(await chair.page.getByRole('alertdialog').count()).toBe(0);

    // At the noticed time: the chair is warned (N9), with the server's findings, and goes on.
    server.setClock(startsMs + 30_000);
    await chair.page.getByRole('button', { name: 'Call to order' }).click();
    const warning = chair.page.getByRole('alertdialog', { name: WARNING });
    await warning.getByText('no action taken at it will be valid (N9)', { exact: false }).waitFor();
    await warning.getByText(/N9: this meeting is not lawfully noticed \(.*(N4|N2|notice|agenda).*\)/).waitFor();
    await noViolations(chair.page, 'the warning of the chair, with the findings');
    await warning.getByRole('button', { name: 'Call to order anyway' }).click();
    await chair.page.getByText('The meeting is called to order without lawful notice: no action taken at it will be valid (N9).').waitFor();
    await panel.getByText('Meeting 1 being held: Special meeting on the FY27 budget').waitFor();
    await panel.getByTestId('notice-status').getByText('Not lawfully noticed').waitFor();
    await pub.page.getByTestId('agenda-panel').getByText('Meeting 1 being held: Special meeting on the FY27 budget').waitFor();

    // The chair's button names the item it takes up; the item taken up is marked, for everyone.
    await chair.page.getByRole('button', { name: 'Take up item 2: Approve the FY27 budget' }).click();
    await chair.page.getByText('Item 2 is taken up.').waitFor();
    await panel.locator('[aria-current="step"]').getByText('Approve the FY27 budget').waitFor();
    await pub.page.getByTestId('agenda-item-2').getByText('Now').waitFor();
    expect(await pub.page.getByRole('button', { name: /^Take up/ }).count()).toBe(0);
    expect(await chair.page.getByRole('button', { name: 'Take up item 2: Approve the FY27 budget' }).count()).toBe(0);

    // An action at a meeting not lawfully noticed is not valid (N9): the roll call says so.
    await helpers[1]!.act('motions.move', { text: 'Approve the FY27 budget as presented' });
    await helpers[2]!.act('motions.second');
    await chair.page.getByRole('button', { name: 'State the question' }).click();
    await chair.page.getByRole('button', { name: 'Put to a vote' }).click();
    await chair.page.getByText('The vote is open.').waitFor();
    for (const h of helpers) await h.act('motions.vote', { choice: 'aye' });
    await chair.page.getByRole('button', { name: 'Close the vote' }).click();
    await chair.page.getByTestId('invalid-1').getByText('Not valid (N9)').waitFor();
    await pub.page.getByTestId('invalid-1').waitFor();
    await noViolations(chair.page, 'meeting room of the chair with the agenda');
    await screenshot(chair.page, 'meeting-room-agenda');

    // C3: into closed session under the agenda's closed-session item.
    await chair.page.getByRole('button', { name: 'Take up item 3: Evaluation of the executive director' }).click();
    await chair.page.getByText('Item 3 is taken up.').waitFor();
    await helpers[1]!.act('motions.move', { kind: 'close_session', text: 'Close the meeting for the evaluation' });
    await helpers[2]!.act('motions.second').catch(() => undefined);
    await chair.page.getByRole('button', { name: 'State the question' }).click();
    await chair.page.getByRole('button', { name: 'Put to a vote' }).click();
    await chair.page.getByText('The vote is open.').waitFor();
    for (const h of helpers) await h.act('motions.vote', { choice: 'aye' });
    await chair.page.getByRole('button', { name: 'Close the vote' }).click();
    await chair.page.getByTestId('closed-banner').waitFor();
    await pub.page.getByTestId('closed-banner').waitFor();

    // C3: the chair admits guests to the closed session, and dismisses one; members see them,
    // the public does not.
    const banner = chair.page.getByTestId('closed-banner');
    await banner.getByText('No guest is admitted: only members and attending staff.').waitFor();
    for (const [name, role] of [
      ['Ana Counsel', 'attorney'],
      ['Sam Audit', 'auditor'],
    ] as const) {
      await banner.getByLabel('Name', { exact: true }).fill(name);
      await banner.getByLabel('Role (for example attorney, auditor)').fill(role);
      await banner.getByRole('button', { name: 'Admit to the closed session' }).click();
      await chair.page.getByText(`${name} is admitted to the closed session.`, { exact: true }).waitFor();
    }
    await banner.getByTestId('guests').getByText('Ana Counsel (attorney)').waitFor();
    await chair.page.getByRole('log').getByText('Sam Audit (auditor) is admitted to the closed session.').waitFor();
    await noViolations(chair.page, 'the closed-session banner of the chair, with guests');
    await screenshot(chair.page, 'closed-session-guests');
    await banner.getByRole('button', { name: 'Dismiss Sam Audit from the closed session' }).click();
    await chair.page.getByRole('log').getByText('Sam Audit leaves the closed session.').waitFor();
    await banner.getByTestId('guests').getByText('Sam Audit', { exact: false }).waitFor({ state: 'detached' });
    await banner.getByTestId('guests').getByText('Ana Counsel (attorney)').waitFor();
    expect(await pub.page.getByText('Ana Counsel').count()).toBe(0);
    expect(await pub.page.getByTestId('guests').count()).toBe(0);

    await helpers[0]!.say('The director has left the room.');
    await helpers[1]!.say('Discussion follows.');
    await chair.page.getByRole('log').getByText('Discussion follows.').waitFor();
    const log = pub.page.getByRole('log');
    await log.getByText(/In closed session under NMSA 1978, Section 10-15-1\(H\)\(2\)/).first().waitFor();
    // Consecutive withheld events are one line; nothing said in closed session reaches the public.
    expect(await log.getByText(/In closed session under/).count()).toBe(1);
    expect(await log.getByText('Discussion follows.').count()).toBe(0);
    await noViolations(pub.page, 'public view in closed session');

    await chair.page.getByRole('button', { name: 'Open session' }).click();
    await chair.page.getByText('The meeting is back in open session.').waitFor();
    await pub.page.getByTestId('statement-due').waitFor();
    expect(await pub.page.getByTestId('closed-banner').count()).toBe(0);
    // The guests left with the closed session.
    expect(await chair.page.getByTestId('guests').count()).toBe(0);
  });
});
