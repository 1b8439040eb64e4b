// The open-data API (#20 §3, docs/open-data.md) as another civic tool reads it: a real server, a
// meeting held with a vote, then every endpoint fetched without a token and every answer
// validated against its JSON Schema (docs/open-data/schemas/, draft 2020-12) with Ajv.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COUNCIL } from './support/council';
import { MemberSocket } from './support/member_socket';
import { startServer, type RunningServer } from './support/server';

const here = dirname(fileURLToPath(import.meta.url));
const schemaDir = join(here, '../../../docs/open-data/schemas');
const SCHEMAS = ['list', 'error', 'organization', 'person', 'membership', 'event', 'vote_event'] as const;
type SchemaName = (typeof SCHEMAS)[number];

const ajv = new Ajv2020({ allErrors: true, strict: true });
addFormats(ajv);
const ids = new Map<SchemaName, string>();
for (const name of SCHEMAS) {
  const schema = JSON.parse(readFileSync(join(schemaDir, `${name}.schema.json`), 'utf8')) as { $id: string };
  ajv.addSchema(schema);
  ids.set(name, schema.$id);
}

/** Fails naming the schema, the document and Ajv's errors when `value` is not valid. */
function valid(name: SchemaName, value: unknown, where: string) {
  const validate = ajv.getSchema(ids.get(name)!)!;
  const ok = validate(value);
  expect({ where, name, errors: ok ? null : validate.errors }).toEqual({ where, name, errors: null });
}

type Json = Record<string, unknown>;
let server: RunningServer;

async function fetchJson(path: string, status = 200, headers: Record<string, string> = {}): Promise<{ body: Json; response: Response }> {
  const response = await fetch(`${server.origin}${path}`, { headers });
  expect({ path, status: response.status }).toEqual({ path, status });
  expect(response.headers.get('content-type')).toBe('application/json');
  expect(response.headers.get('access-control-allow-origin')).toBe('*');
  return { body: (await response.json()) as Json, response };
}

/** "YYYY-MM-DD" `days` from now. */
function day(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

const LISTS: [string, SchemaName][] = [
  ['organizations', 'organization'],
  ['people', 'person'],
  ['memberships', 'membership'],
  ['events', 'event'],
  ['vote_events', 'vote_event'],
];

beforeAll(async () => {
  server = await startServer();
  const join = (m: { email: string; password: string }) => MemberSocket.join(server.origin, m.email, m.password);
  const clerk = await join({ email: 'clerk@rec6.example', password: 'demo-clerk-2026' });
  const [chair, luis, maria, tom, glen] = await Promise.all(
    [COUNCIL.chair, COUNCIL.vicechair, COUNCIL.member, COUNCIL.house, COUNCIL.floyd].map((m) => join(m)),
  );
  try {
    // A meeting noticed twelve days ahead, with its agenda.
    await clerk.act('notice.schedule', { kind: 'regular', starts: `${day(12)}T10:00`, place: 'REC 6 office, Portales', remote: 'https://meet.rec6.example/council' });
    await clerk.act('notice.set_agenda', {
      meeting: 1,
      items: [
        { title: 'Call to order and roll call', type: 'information' },
        { title: 'Approve the 2026-27 cooperative calendar', type: 'action', presenter: 'Executive director' },
        { title: 'Evaluation of the executive director', type: 'closed_session', authority: 'H2', subject: 'the annual evaluation of the executive director' },
      ],
    });
    await clerk.act('notice.post', { meeting: 1 });
    // A meeting held today without notice (N9: its actions are not valid), with a vote.
    for (const m of [chair!, luis!, maria!, tom!, glen!]) await m.act('quorum.present');
    await chair!.act('meeting.call_to_order', { despite_notice: true });
    await luis!.act('motions.move', { text: 'Buy two buses' });
    await maria!.act('motions.second');
    await chair!.act('motions.state');
    await chair!.act('motions.call_vote');
    for (const m of [luis!, maria!, tom!]) await m.act('motions.vote', { choice: 'aye' });
    await glen!.act('motions.vote', { choice: 'nay' });
    await chair!.act('motions.close_vote');
    await chair!.act('meeting.adjourn');
  } finally {
    for (const s of [clerk, chair, luis, maria, tom, glen]) s?.close();
  }
});
afterAll(async () => {
  await server?.stop();
});

describe('the open-data API', () => {
  it('answers every list, and every document in it, as its schema says', async () => {
    for (const [list, schema] of LISTS) {
      const { body } = await fetchJson(`/ocd/${list}?per_page=200`);
      valid('list', body, `/ocd/${list}`);
      const results = body.results as Json[];
      expect({ list, some: results.length > 0 }).toEqual({ list, some: true });
      for (const doc of results) valid(schema, doc, `/ocd/${list}: ${String(doc.id)}`);
    }
  });

  it('answers each event and vote event by its id, valid too', async () => {
    for (const [list, schema] of [['events', 'event'], ['vote_events', 'vote_event']] as const) {
      const { body } = await fetchJson(`/ocd/${list}?per_page=200`);
      for (const doc of body.results as Json[]) {
        const one = await fetchJson(`/ocd/${list}/${String(doc.id)}`);
        valid(schema, one.body, `/ocd/${list}/${String(doc.id)}`);
        expect(one.body).toEqual(doc);
      }
    }
  });

  it('publishes the vote with each member\'s vote, and the meeting noticed ahead', async () => {
    const votes = (await fetchJson('/ocd/vote_events')).body.results as Json[];
    expect(votes).toHaveLength(1);
    const vote = votes[0]!;
    expect(vote.motion_text).toBe('Buy two buses');
    expect(vote.result).toBe('pass');
    const counts = Object.fromEntries((vote.counts as { option: string; value: number }[]).map((c) => [c.option, c.value]));
    expect(counts).toEqual({ yes: 3, no: 1, abstain: 0, absent: 4, 'not voting': 1 });
    const byName = Object.fromEntries((vote.votes as { voter_name: string; option: string }[]).map((v) => [v.voter_name, v.option]));
    expect(byName[COUNCIL.vicechair.name]).toBe('yes');
    expect(byName[COUNCIL.floyd.name]).toBe('no');
    expect(byName[COUNCIL.dora.name]).toBe('absent');
    expect((vote.extras as { collegial: { valid: boolean } }).collegial.valid).toBe(false); // N9: held without notice
    const events = (await fetchJson('/ocd/events')).body.results as Json[];
    const noticed = events.find((e) => (e.extras as { collegial: { kind: string } }).collegial.kind === 'regular')!;
    expect(noticed.status).toBe('confirmed'); // posted twelve days ahead: lawfully noticed (N2, N4)
    expect((noticed.extras as { notice: { lawful: boolean } }).notice.lawful).toBe(true);
    expect((noticed.agenda as Json[]).map((i) => i.description)).toEqual([
      'Call to order and roll call',
      'Approve the 2026-27 cooperative calendar',
      'Evaluation of the executive director',
    ]);
    expect(String(noticed.start_date)).toMatch(/^\d{4}-\d\d-\d\dT10:00:00-0[67]:00$/);
  });

  it('pages, filters, revalidates with its ETag, and says what is wrong', async () => {
    const first = await fetchJson('/ocd/people?per_page=2');
    valid('list', first.body, 'people, page 1');
    expect((first.body.meta as Json).per_page).toBe(2);
    const etag = first.response.headers.get('etag')!;
    expect(etag).toMatch(/^"[0-9a-f]{32}"$/);
    const again = await fetch(`${server.origin}/ocd/people?per_page=2`, { headers: { 'If-None-Match': etag } });
    expect(again.status).toBe(304);
    const none = await fetchJson('/ocd/events?updated_since=2100-01-01T00:00:00Z');
    expect((none.body.meta as Json).total_items).toBe(0);
    for (const bad of ['/ocd/events?page=0', '/ocd/events?per_page=500', '/ocd/events?colour=blue', '/ocd/people?organization=rec6']) {
      const { body } = await fetchJson(bad, 400);
      valid('error', body, bad);
      expect(body.error).toBe('bad_query');
    }
    const missing = await fetchJson('/ocd/events/ocd-event/00000000-0000-5000-8000-000000000000', 404);
    valid('error', missing.body, 'an unknown event');
  });
});
