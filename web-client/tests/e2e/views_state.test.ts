// The web client's state from the views a real server gives, against the fold of the same
// server's whole log (issue #18 §1): a council's afternoon and a learning circle's, as a member,
// the public (C3) and a facilitator (tests/e2e/support/recorded_rooms.ts). With
// COLLEGIAL_RECORD_FIXTURE=1 the recording is saved as tests/unit/fixtures/recorded_rooms.json,
// which the unit tests (tests/unit/views_state.test.ts) check the same way without a server.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { foldOn, foldedFromStart, refreshed, shown, startedFromViews } from '../unit/recorded_state';
import { recordRooms, type Recording } from './support/recorded_rooms';
import { startServer, type RunningServer } from './support/server';

const here = dirname(fileURLToPath(import.meta.url));

/** The recordings as JSON with one event or views a line, so that a new recording diffs readably. */
function fixture(recordings: Recording[]): string {
  const lines = (items: unknown[]) => items.map((x) => JSON.stringify(x)).join(',\n');
  const each = recordings.map(
    ({ events, views, ...about }) => `${JSON.stringify(about).slice(0, -1)},\n"events":[\n${lines(events)}\n],\n"views":[\n${lines(views)}\n]}`,
  );
  return `[\n${each.join(',\n')}\n]\n`;
}
let server: RunningServer;
let recordings: Recording[];

beforeAll(async () => {
  server = await startServer();
  recordings = await recordRooms(server.origin);
  if (process.env.COLLEGIAL_RECORD_FIXTURE) writeFileSync(join(here, '../unit/fixtures/recorded_rooms.json'), fixture(recordings));
});
afterAll(async () => {
  await server?.stop();
});

describe('state from the views of a real server', () => {
  it('recorded every reader of both rooms, with views at several heads', () => {
    expect(recordings.map((r) => `${r.room} ${r.reader}`)).toEqual(['rec6-council member', 'rec6-council public', 'rec6-literacy facilitator']);
    for (const r of recordings) {
      expect(r.views.length).toBeGreaterThanOrEqual(3);
      expect(r.views.at(-1)!.seq).toBe(r.events.at(-1)!.seq);
    }
  });

  it('at every head, the views with the log before them recalled give the fold of the whole log', () => {
    for (const r of recordings) {
      for (const at of r.views) {
        const context = `${r.room} as ${r.reader} at ${at.seq}`;
        expect({ context, state: shown(startedFromViews(r, at, at.seq)) }).toEqual({ context, state: shown(foldedFromStart(r, at)) });
      }
    }
  });

  it('started from the views at any head, the events after it fold to the same state as the whole log', () => {
    for (const r of recordings) {
      const end = r.views.at(-1)!;
      const whole = foldedFromStart(r, end);
      for (const at of r.views) {
        const context = `${r.room} as ${r.reader}, from ${at.seq} to ${end.seq}`;
        const live = refreshed(foldOn(startedFromViews(r, at, at.seq), r, end.seq), end);
        expect({ context, state: shown(live) }).toEqual({ context, state: shown(whole) });
      }
    }
  });

  it('the unit tests\' recording is this server\'s: the same events and every field its views have now', () => {
    // The offline fixture proves the client's fold only while it is what the server writes; a
    // server that writes another event, or a view with a field the fixture lacks, fails here
    // until the fixture is recorded again (COLLEGIAL_RECORD_FIXTURE=1 npm run e2e -- views_state).
    const saved = JSON.parse(readFileSync(join(here, '../unit/fixtures/recorded_rooms.json'), 'utf8')) as Recording[];
    const shape = (r: Recording) => ({
      recording: `${r.room} as ${r.reader}`,
      events: r.events.map((e) => `${e.seq} ${e.type}`),
      views: r.views.map((v) => ({ seq: v.seq, fields: [...fieldsOf(v.views)].sort() })),
    });
    expect(saved.map(shape)).toEqual(recordings.map(shape));
  });
});

/** Every path of fields in a JSON value, array elements as `[]` ("webinar.webinars[].cancel_reason"). */
function fieldsOf(value: unknown, path = '', out = new Set<string>()): Set<string> {
  if (Array.isArray(value)) {
    for (const x of value) fieldsOf(x, `${path}[]`, out);
  } else if (value !== null && typeof value === 'object') {
    for (const [k, x] of Object.entries(value)) {
      const at = path ? `${path}.${k}` : k;
      out.add(at);
      fieldsOf(x, at, out);
    }
  }
  return out;
}
