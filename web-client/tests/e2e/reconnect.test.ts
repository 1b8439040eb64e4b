// A member's connection drops while a vote is open; the vote goes on without her. When she is
// back, her view has every event once: the right tally, each chat line once. A room not yet
// joined shows its controls disabled, so no click can land before the join.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launch, person, signIn } from './support/browser';
import { COUNCIL, ROOM } from './support/council';
import { callToOrderDespiteNotice } from './support/meeting';
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

describe('reconnect', () => {
  it('a member who drops mid-vote comes back to the right tally with no line twice', async () => {
    const chair = await person(browser, server.origin);
    await signIn(chair.page, COUNCIL.chair.email, COUNCIL.chair.password, ROOM);
    const maria = await person(browser, server.origin);
    await signIn(maria.page, COUNCIL.member.email, COUNCIL.member.password, ROOM);
    for (const p of [chair, maria]) {
      await p.page.getByRole('button', { name: 'I am present' }).click();
      await p.page.getByText('You are recorded present.').waitFor();
    }
    const [luis, tom, glen, ana, kyle] = await Promise.all(
      [COUNCIL.vicechair, COUNCIL.house, COUNCIL.floyd, COUNCIL.texico, COUNCIL.elida].map((m) =>
        MemberSocket.join(server.origin, m.email, m.password),
      ),
    );
    for (const h of [luis!, tom!, glen!, ana!, kyle!]) await h.act('quorum.present');
    await chair.page.getByTestId('quorum-bar').getByText('7 of 9 present — quorum').waitFor();

    await callToOrderDespiteNotice(chair.page);
    await luis!.act('motions.move', { text: 'Adopt the transportation budget' });
    await chair.page.getByRole('button', { name: 'State the question' }).click();
    await chair.page.getByText('The question is stated.').waitFor();
    await chair.page.getByRole('button', { name: 'Put to a vote' }).click();
    await chair.page.getByText('The vote is open.').waitFor();
    await tom!.say('Before the drop.');
    await maria.page.getByRole('button', { name: /^Vote Aye on motion 1/ }).click();
    await maria.page.getByText('Your vote (aye) is recorded.').waitFor();
    await maria.page.getByRole('log').getByText('Before the drop.').waitFor();

    // Offline: the banner says so at once, and votes and chat go on without her.
    await maria.context.setOffline(true);
    await maria.page.getByRole('alert').getByText(/You are offline/).waitFor();
    await tom!.act('motions.vote', { choice: 'aye' });
    await glen!.act('motions.vote', { choice: 'nay' });
    await tom!.say('While Maria was away.');
    await ana!.act('motions.vote', { choice: 'abstain' });
    await chair.page.getByTestId('tally').getByText('2 aye, 1 nay, 1 abstention').waitFor();

    await maria.context.setOffline(false);
    await maria.page.getByText('Live', { exact: true }).waitFor();
    await maria.page.getByTestId('tally').getByText('2 aye, 1 nay, 1 abstention').waitFor();
    await maria.page.getByRole('log').getByText('While Maria was away.').waitFor();
    expect(await maria.page.getByRole('alert').getByText(/You are offline/).count()).toBe(0);

    // Every entry once, in order; the lines from before the drop are not repeated.
    const seqs = await maria.page.locator('[data-seq]').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-seq'))));
    expect(new Set(seqs).size).toBe(seqs.length);
    expect([...seqs].sort((a, b) => a - b)).toEqual(seqs);
    expect(await maria.page.getByRole('log').getByText('Before the drop.').count()).toBe(1);
    expect(await maria.page.getByRole('log').getByText('While Maria was away.').count()).toBe(1);
    const chairSeqs = await chair.page.locator('[data-seq]').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-seq'))));
    expect(seqs).toEqual(chairSeqs);

    // Her drop was recorded as a departure (Q1); she is told, and comes back in one click.
    await maria.page.getByText('Your connection dropped, so you were recorded as departed.', { exact: false }).waitFor();
    await maria.page.getByRole('button', { name: 'I am present' }).click();
    await maria.page.getByText('You are recorded present.').waitFor();
    // Her vote stood: she may still change it until the vote closes, and the change is said.
    await maria.page.getByRole('button', { name: /^Vote Nay on motion 1/ }).click();
    await chair.page.getByTestId('tally').getByText('1 aye, 2 nay, 1 abstention').waitFor();
    await chair.page.getByRole('log').getByText('Maria Chavez changed their vote on motion 1 from aye to nay.').waitFor();
    await chair.page.getByRole('button', { name: 'Close the vote' }).click();
    // The chair, Luis and Kyle, present, did not vote: the roll call says so, and its counts agree.
    const roll = maria.page.getByTestId('roll-call-1');
    await roll.getByText(/Adopt the transportation budget — failed, 1 aye, 2 nay, 1 abstention, 3 not voting/).waitFor();
    expect(await roll.getByText('Not voting', { exact: true }).count()).toBe(3);
    expect(await roll.getByText('Abstain', { exact: true }).count()).toBe(1);
    for (const h of [luis!, tom!, glen!, ana!, kyle!]) h.close();
  });

  it('until the room is joined its controls are shown disabled; the first click after is taken', async () => {
    // The page's join is held back (its hello is not): the room stays "connecting" as on a
    // busy machine, where a click landing before the join's ack used to be refused.
    const rosa = await person(browser, server.origin);
    let releaseJoin!: () => void;
    const joinHeld = new Promise<void>((resolve) => (releaseJoin = resolve));
    await rosa.page.routeWebSocket(/\/ws$/, (ws) => {
      const upstream = ws.connectToServer();
      ws.onMessage((message) => {
        const type = (JSON.parse(message.toString()) as { type?: string }).type;
        if (type === 'join') void joinHeld.then(() => upstream.send(message));
        else upstream.send(message);
      });
    });
    await signIn(rosa.page, COUNCIL.fortSumner.email, COUNCIL.fortSumner.password, ROOM);
    const present = rosa.page.getByRole('button', { name: 'I am present' });
    await present.waitFor();
    expect(await present.isDisabled()).toBe(true);
    await rosa.page.getByText('Connecting…').waitFor();
    releaseJoin();
    await present.click(); // waits until it is enabled: the room is joined
    await rosa.page.getByText('You are recorded present.').waitFor();
    await rosa.context.close();
  });

  it('when the session ends while the room is open, the page says so and goes on as the public sees it', async () => {
    // A server of its own whose clock the test moves past a one-hour session.
    const timed = await startServer({ clock: true, args: ['--session-hours', '1', '--schedule-interval-ms', '200'] });
    try {
      const start = Date.now();
      timed.setClock(start);
      const rosa = await person(browser, timed.origin);
      await signIn(rosa.page, COUNCIL.fortSumner.email, COUNCIL.fortSumner.password, ROOM);
      await rosa.page.getByRole('button', { name: 'I am present' }).waitFor();
      timed.setClock(start + 2 * 3600_000);
      await rosa.page.getByTestId('session-ended').getByText('Your session has ended. Sign in again to take part.').waitFor();
      await rosa.page.getByRole('link', { name: 'Sign in to take part' }).waitFor();
      expect(await rosa.page.getByRole('button', { name: 'I am present' }).count()).toBe(0);
      await rosa.context.close();
    } finally {
      await timed.stop();
    }
  });
});
