// A viewer as a room's join would name them: their roles there and what the policy table gives
// those roles (`may`). The table comes from fixtures/policy.json, which the server's unit test
// "the web client's tests read the policy table as it is" (tests/unit/auth_test.cpp) keeps equal
// to server/auth/policy.cpp, so these tests never hold a table of their own.
import { readFileSync } from 'node:fs';
import type { Viewer } from '../../src/state/capabilities';

const table = JSON.parse(readFileSync(new URL('./fixtures/policy.json', import.meta.url), 'utf8')) as Record<string, string[]>;

/** Everyone is also the public in a room, as the server decides. */
export function viewer(person: number | null, roles: string[]): Viewer {
  const may = new Set<string>(table.public);
  for (const role of roles) {
    const row = table[role];
    if (!row) throw new Error(`no role ${role} in the policy table`);
    row.forEach((a) => may.add(a));
  }
  return { person, roles, may: [...may] };
}
