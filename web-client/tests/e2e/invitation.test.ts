// An invited person opens /invite#inv_…, sets a password through the documented API, and is
// signed in; the same link does not work twice.
import { afterAll, beforeAll, describe, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launch, person, screenshot } from './support/browser';
import { ADMIN } from './support/council';
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

async function admin(token: string, op: string, args: Record<string, string>) {
  const r = await fetch(`${server.origin}/api/admin/${op}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}` },
    body: JSON.stringify(args),
  });
  if (!r.ok) throw new Error(`${op}: ${await r.text()}`);
  return (await r.json()) as Record<string, unknown>;
}

describe('invitation', () => {
  it('an invitation link sets the password and signs the person in', async () => {
    const login = await fetch(`${server.origin}/api/login`, { method: 'POST', body: JSON.stringify(ADMIN) });
    const { token } = (await login.json()) as { token: string };
    await admin(token, 'create-person', { email: 'ann.lee@rec6.example', name: 'Ann Lee' });
    const invited = await admin(token, 'invite', { email: 'ann.lee@rec6.example' });
    const link = String(invited.link); // "/invite#inv_…"

    const p = await person(browser, server.origin);
    await p.page.goto(link);
    await p.page.getByRole('heading', { name: 'Accept your invitation' }).waitFor();
    // The token leaves the address bar at once.
    await p.page.waitForURL((url) => url.hash === '');
    await p.page.getByLabel('New password').fill('short');
    await p.page.getByLabel('Repeat the password').fill('short');
    await p.page.getByRole('button', { name: 'Set the password and sign in' }).click();
    await p.page.getByText('The password needs at least 10 characters.').waitFor();
    await p.page.getByLabel('New password').fill('a-long-enough-password');
    await p.page.getByLabel('Repeat the password').fill('a-long-enough-password');
    await screenshot(p.page, 'invitation');
    await p.page.getByRole('button', { name: 'Set the password and sign in' }).click();
    await p.page.getByText('Signed in as Ann Lee', { exact: true }).waitFor();
    await p.page.getByRole('heading', { name: 'Meeting rooms' }).waitFor();

    const again = await person(browser, server.origin);
    await again.page.goto(link);
    await again.page.getByLabel('New password').fill('another-long-password');
    await again.page.getByLabel('Repeat the password').fill('another-long-password');
    await again.page.getByRole('button', { name: 'Set the password and sign in' }).click();
    await again.page.getByRole('alert').getByText('This invitation is unknown, expired or already used.', { exact: false }).waitFor();
  });
});
