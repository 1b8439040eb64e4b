// How long a room takes to show as its log grows (issue #18 §1). For each size N, a fresh
// collegiald (the demo seed, durability normal) is given N chat messages in the council's room
// through the protocol, then Chromium opens the room as the public, a few times, each in a fresh
// context. Times are from the navigation's start (the page's `performance.now()`):
//
// - live: the connection says "Live": every event is in the room's state (since the views join,
//   the state at the head; with a client that replays, once it has folded the whole log);
// - last line: the room's last message is in the timeline.
//
// Not part of the test suites. Run from web-client/ (after `npm run build`):
//   npx vitest run --config tests/bench/vitest.config.ts
// BENCH_EVENTS=10000,100000,1000000 chooses the sizes, BENCH_RUNS the page loads per size (3),
// BENCH_TIMEOUT_S how long one load may take (300); COLLEGIAL_WEB_ROOT serves another build of
// the app (an older one, to compare), as for the end-to-end tests.
import { afterAll, beforeAll, it } from 'vitest';
import WebSocket from 'ws';
import type { Browser } from 'playwright-core';
import { launch, person } from '../e2e/support/browser';
import { COUNCIL, ROOM } from '../e2e/support/council';
import { startServer, type RunningServer } from '../e2e/support/server';

const SIZES = (process.env.BENCH_EVENTS ?? '10000,100000,1000000').split(',').map(Number);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const TIMEOUT_MS = Number(process.env.BENCH_TIMEOUT_S ?? 300) * 1000;
// Requests the filler keeps in flight: enough to keep the room's group commits full.
const WINDOW = 512;

let browser: Browser;

beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

/**
 * Says `count` chat messages in the room as the chair, `WINDOW` at a time, and returns the seq of
 * the last. The socket is joined (say needs it), so it also receives every event: it reads only
 * the answers.
 */
async function fill(origin: string, count: number): Promise<number> {
  const login = await fetch(`${origin}/api/login`, { method: 'POST', body: JSON.stringify({ email: COUNCIL.chair.email, password: COUNCIL.chair.password }) });
  const { token } = (await login.json()) as { token: string };
  const ws = new WebSocket(`${origin.replace('http', 'ws')}/ws`);
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  let nextId = 1;
  const waiting = new Map<number, (m: { type: string; seq?: number }) => void>();
  ws.on('message', (data) => {
    const text = data.toString();
    if (!text.includes('"ack"') && !text.includes('"error"')) return; // events only
    const parsed: unknown = JSON.parse(text);
    for (const m of (Array.isArray(parsed) ? parsed : [parsed]) as { type: string; id?: number; seq?: number }[]) {
      if (m.type === 'ack' || m.type === 'error') waiting.get(m.id!)?.(m);
    }
  });
  const request = (m: Record<string, unknown>) =>
    new Promise<{ type: string; seq?: number }>((resolve, reject) => {
      const id = nextId++;
      waiting.set(id, (answer) => {
        waiting.delete(id);
        if (answer.type === 'ack') resolve(answer);
        else reject(new Error(`${JSON.stringify(m)}: ${JSON.stringify(answer)}`));
      });
      ws.send(JSON.stringify({ id, ...m }));
    });
  await request({ type: 'hello', protocol: 1, token });
  await request({ type: 'join', room: ROOM });
  let sent = 0;
  let last = 0;
  const worker = async () => {
    while (sent < count) {
      sent += 1;
      const ack = await request({ type: 'say', room: ROOM, text: `Bench line ${sent}: the quick brown fox jumps over the lazy dog.` });
      last = Math.max(last, ack.seq ?? 0);
    }
  };
  await Promise.all(Array.from({ length: WINDOW }, worker));
  ws.close();
  return last;
}

interface Load {
  live: number;
  lastLine: number;
  heapMiB: number;
}

/** Opens the room as the public in a fresh context; the times the page marked, from its navigation's start. */
async function load(origin: string, head: number): Promise<Load> {
  const pub = await person(browser, origin);
  try {
    await pub.page.addInitScript((seq: number) => {
      const marks: Record<string, number> = {};
      (window as unknown as { benchMarks: Record<string, number> }).benchMarks = marks;
      // Each mark once, the first time the page shows it.
      const look = () => {
        if (marks.live === undefined && document.querySelector('.connection-live')) marks.live = performance.now();
        if (marks.lastLine === undefined && document.querySelector(`[data-seq="${seq}"]`)) marks.lastLine = performance.now();
      };
      new MutationObserver(look).observe(document, { subtree: true, childList: true, characterData: true, attributes: true });
    }, head);
    await pub.page.goto(`/room/${ROOM}`);
    await pub.page.waitForFunction(
      () => {
        const m = (window as unknown as { benchMarks: Record<string, number | undefined> }).benchMarks;
        return m.live !== undefined && m.lastLine !== undefined;
      },
      undefined,
      { timeout: TIMEOUT_MS, polling: 50 },
    );
    const marks = await pub.page.evaluate(() => (window as unknown as { benchMarks: { live: number; lastLine: number } }).benchMarks);
    const heap = await pub.page.evaluate(() => (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? 0);
    return { live: marks.live, lastLine: marks.lastLine, heapMiB: heap / 1048576 };
  } finally {
    await pub.context.close();
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const ms = (x: number) => `${Math.round(x).toLocaleString('en-US')} ms`;

it('first render of a room as its log grows', async () => {
  const rows: string[] = [];
  for (const n of SIZES) {
    let server: RunningServer | null = null;
    try {
      // The filler reads only answers, but every event is queued to it too.
      server = await startServer({ args: ['--queue-limit', String(1 << 30)] });
      const started = Date.now();
      const head = await fill(server.origin, n);
      const fillMs = Date.now() - started;
      const loads: Load[] = [];
      for (let i = 0; i < RUNS; i++) {
        try {
          loads.push(await load(server.origin, head));
        } catch (e) {
          rows.push(`| ${n.toLocaleString('en-US')} | ${ms(fillMs)} | did not finish in ${TIMEOUT_MS / 1000} s: ${String(e).split('\n')[0]} | | |`);
          break;
        }
      }
      if (loads.length === RUNS) {
        rows.push(
          `| ${n.toLocaleString('en-US')} | ${ms(fillMs)} (${Math.round((n * 1000) / fillMs).toLocaleString('en-US')}/s) | ${ms(median(loads.map((l) => l.live)))} | ${ms(median(loads.map((l) => l.lastLine)))} | ${median(loads.map((l) => l.heapMiB)).toFixed(1)} MiB |`,
        );
      }
    } finally {
      await server?.stop();
    }
    console.log(rows.at(-1));
  }
  console.log(
    [
      `first render, median of ${RUNS} loads (${process.env.COLLEGIAL_WEB_ROOT ?? 'web-client/dist'})`,
      '| events | filling the room | live | last line | JS heap |',
      '|---|---|---|---|---|',
      ...rows,
    ].join('\n'),
  );
});
