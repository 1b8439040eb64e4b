// A noticed meeting in the room: the clerk schedules a special meeting a couple of hours from now,
// drafts and posts its agenda (too late to be lawful: N2/N4); the chair calls it to order, takes
// up items, the body acts (not valid: N9) and goes into closed session (C3) while the public
// sees one line in place of what happens, until the chair returns to open session.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { axeViolations, launch, person, screenshot, signIn } from './support/browser';
import { COUNCIL, ROOM } from './support/council';
import { MemberSocket } from './support/member_socket';
import { startServer, type RunningServer } from './support/server';

let server: RunningServer;
let browser: Browser;
let clerk: MemberSocket;
let helpers: MemberSocket[] = [];

/** A local time in the body's zone (America/Denver), `hours` from now: "2026-11-26T09:30". */
function localIn(hours: number): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: 'America/Denver',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(Date.now() + hours * 3_600_000));
  const p = (t: string) => parts.find((x) => x.type === t)!.value;
  return `${p('year')}-${p('month')}-${p('day')}T${p('hour')}:${p('minute')}`;
}

beforeAll(async () => {
  server = await startServer();
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
    await clerk.act('notice.schedule', {
      kind: 'special',
      starts: localIn(2),
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

    await chair.page.getByRole('button', { name: 'Call to order' }).click();
    await chair.page.getByText('The meeting is called to order.').waitFor();
    await panel.getByText('Meeting 1 being held: Special meeting on the FY27 budget').waitFor();
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
  });
});
