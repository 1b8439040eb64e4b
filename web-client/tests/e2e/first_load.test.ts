// Opening a room with a long history (issue #18 §1): the page joins with `views` (never
// `since: 0`), shows the room's state at once, and its timeline the last events only, recalled
// once with a join `since` the head less the timeline's length; a vote open for a while shows its
// counts; what happens next arrives live, each line once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { TIMELINE_LIMIT } from '../../src/state/timeline';
import { launch, person } from './support/browser';
import { COUNCIL, ROOM } from './support/council';
import { MemberSocket } from './support/member_socket';
import { startServer, type RunningServer } from './support/server';

let server: RunningServer;
let browser: Browser;
let members: MemberSocket[] = [];

const LINES = TIMELINE_LIMIT + 100;

beforeAll(async () => {
  server = await startServer();
  browser = await launch();
  members = await Promise.all(
    [COUNCIL.chair, COUNCIL.vicechair, COUNCIL.member, COUNCIL.house, COUNCIL.floyd].map((m) => MemberSocket.join(server.origin, m.email, m.password)),
  );
  const [chair, luis, maria, tom, glen] = members;
  for (const m of members) await m.act('quorum.present');
  await chair!.act('meeting.call_to_order', { despite_notice: true });
  await luis!.act('motions.move', { text: 'Adopt the transportation budget' });
  await maria!.act('motions.second');
  await chair!.act('motions.state');
  await chair!.act('motions.call_vote');
  await luis!.act('motions.vote', { choice: 'aye' });
  await glen!.act('motions.vote', { choice: 'nay' });
  // A long debate after the votes: they are further back than the timeline reaches.
  for (let i = 1; i <= LINES; i++) await tom!.say(`Debate line ${i}`);
});
afterAll(async () => {
  for (const m of members) m.close();
  await browser?.close();
  await server?.stop();
});

describe('first load', () => {
  it('starts from the views and recalls only the last events for the timeline', async () => {
    const pub = await person(browser, server.origin);
    const sent: Record<string, unknown>[] = [];
    pub.page.on('websocket', (ws) => ws.on('framesent', (f) => sent.push(JSON.parse(String(f.payload)) as Record<string, unknown>)));
    await pub.page.goto(`/room/${ROOM}`);
    await pub.page.getByText('Live', { exact: true }).waitFor();
    // The vote is counted from the view, though its votes are long past.
    await pub.page.getByTestId('tally').getByText('1 aye, 1 nay, 0 abstentions').waitFor();
    expect(await pub.page.getByTestId('quorum-bar').getByText(/5 of 9 present/).count()).toBe(1);
    const log = pub.page.getByRole('log');
    await log.getByText(`Debate line ${LINES}`, { exact: true }).waitFor();
    const joins = sent.filter((m) => m.type === 'join');
    const head = (await pub.page.locator('[data-seq]').last().getAttribute('data-seq')) ?? '';
    expect(joins).toEqual([
      { id: joins[0]!.id, type: 'join', room: ROOM, views: true },
      { id: joins[1]!.id, type: 'join', room: ROOM, since: Number(head) - TIMELINE_LIMIT },
    ]);
    expect(sent.filter((m) => m.type === 'leave')).toHaveLength(1);
    // The timeline holds the last lines, not the first, each once.
    expect(await log.getByText('Debate line 1', { exact: true }).count()).toBe(0);
    const seqs = await pub.page.locator('[data-seq]').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-seq'))));
    expect(new Set(seqs).size).toBe(seqs.length);
    expect(seqs.length).toBeLessThanOrEqual(TIMELINE_LIMIT);
    expect(seqs[0]).toBeGreaterThan(Number(head) - TIMELINE_LIMIT);

    // What happens next comes live, after the recalled record, once.
    await members[3]!.say('After the page opened.');
    await log.getByText('After the page opened.').waitFor();
    await members[2]!.act('motions.vote', { choice: 'aye' });
    await pub.page.getByTestId('tally').getByText('2 aye, 1 nay, 0 abstentions').waitFor();
    const after = await pub.page.locator('[data-seq]').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-seq'))));
    expect(new Set(after).size).toBe(after.length);
    expect([...after].sort((a, b) => a - b)).toEqual(after);
    await pub.context.close();
  });
});
