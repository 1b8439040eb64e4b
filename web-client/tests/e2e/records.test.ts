// Records-request bundles (IPRA) from the minutes panel. The council holds a meeting to
// adjournment over the protocol, with a closed session and its C4 statement. The public's room
// offers everyone the bundle (closed sessions withheld) and no closed-session download; the clerk
// gets the bundle with the closed session by keyboard alone, after a warning that the file is not
// for the public (Escape first backs out of it, the focus returning to the button), and a refusal
// shows in the panel's feedback with the server's reason; an
// administrator, who may not read closed sessions, is not offered it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { axeViolations, launch, person, screenshot, signIn, type Person } from './support/browser';
import { ADMIN, COUNCIL, ROOM } from './support/council';
import { MemberSocket } from './support/member_socket';
import { startServer, type RunningServer } from './support/server';

let server: RunningServer;
let browser: Browser;
let sockets: MemberSocket[] = [];
let clerk: Person;

const CLERK = { email: 'clerk@rec6.example', password: 'demo-clerk-2026' };
const PUBLIC_LINK = 'All records of this meeting (.zip)';
const CLOSED_BUTTON = 'Records with the closed session (.zip)';

beforeAll(async () => {
  server = await startServer();
  browser = await launch();
  const [chair, luis, maria, tom, glen] = await Promise.all(
    [COUNCIL.chair, COUNCIL.vicechair, COUNCIL.member, COUNCIL.house, COUNCIL.floyd].map((m) => MemberSocket.join(server.origin, m.email, m.password)),
  );
  const members = [chair!, luis!, maria!, tom!, glen!];
  sockets = members;
  const carry = async () => {
    await chair!.act('motions.state');
    await chair!.act('motions.call_vote');
    for (const m of [luis!, maria!, tom!, glen!]) await m.act('motions.vote', { choice: 'aye' });
    await chair!.act('motions.close_vote');
  };

  // A meeting held (without notice, N9) to adjournment, with a closed session and its statement.
  for (const m of members) await m.act('quorum.present');
  await chair!.act('meeting.call_to_order', { despite_notice: true });
  await luis!.act('motions.move', { kind: 'close_session', authority: 'H2', subject: 'the annual evaluation of the executive director', text: 'Close the meeting' });
  await maria!.act('motions.second');
  await carry();
  await chair!.act('meeting.open_session');
  await chair!.act('motions.move', { kind: 'closed_session_statement' });
  await carry();
  await chair!.act('meeting.adjourn');

  clerk = await person(browser, server.origin);
  await signIn(clerk.page, CLERK.email, CLERK.password, ROOM);
});
afterAll(async () => {
  for (const s of sockets) s.close();
  await browser?.close();
  await server?.stop();
});

/** The room's minutes panel, showing the held meeting's minutes. */
async function openMinutes(page: Page) {
  await page.getByRole('tab', { name: 'Minutes' }).click();
  const doc = page.getByTestId('minutes-panel').getByTestId('minutes-document');
  await doc.getByTestId('minutes-mark').waitFor();
  return doc;
}

describe('records bundles', () => {
  it('the public sees the link to the public bundle, which answers a zip, and no closed-session download', async () => {
    const visitor = await person(browser, server.origin);
    await visitor.page.goto(`/room/${ROOM}`);
    const doc = await openMinutes(visitor.page);
    const href = await doc.getByRole('link', { name: PUBLIC_LINK }).getAttribute('href');
    expect(href).toMatch(new RegExp(`^/public/${ROOM}/meetings/\\d+/records\\.zip$`));
    expect(await doc.getByRole('link', { name: PUBLIC_LINK }).getAttribute('download')).not.toBeNull();
    const answer = await fetch(`${server.origin}${href}`);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe('application/zip');
    expect(Buffer.from(await answer.arrayBuffer()).subarray(0, 2).toString('latin1')).toBe('PK');
    expect(await doc.getByRole('button', { name: CLOSED_BUTTON }).count()).toBe(0);
    await visitor.context.close();
  });

  it('the clerk downloads the bundle with the closed session by keyboard, after the warning', async () => {
    const page = clerk.page;
    const doc = await openMinutes(page);
    await doc.getByRole('link', { name: PUBLIC_LINK }).waitFor();
    const button = doc.getByRole('button', { name: CLOSED_BUTTON });
    await button.focus();

    // Enter opens the warning, which takes the focus; Escape backs out to the button.
    await page.keyboard.press('Enter');
    const warning = page.getByRole('group', { name: 'This file holds the closed session' });
    await warning.waitFor();
    expect(await warning.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await button.getAttribute('aria-expanded')).toBe('true');
    const violations = await axeViolations(page);
    expect(violations).toEqual([]);
    await screenshot(page, 'minutes-records-warning');
    await page.keyboard.press('Escape');
    await warning.waitFor({ state: 'hidden' });
    await expect.poll(() => button.evaluate((el) => el === document.activeElement)).toBe(true);

    // Again, and on: Tab reaches the download, Enter saves the file.
    await page.keyboard.press('Enter');
    await warning.waitFor();
    await page.keyboard.press('Tab');
    const proceed = warning.getByRole('button', { name: 'Download with the closed session' });
    expect(await proceed.evaluate((el) => el === document.activeElement)).toBe(true);
    const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
    expect(download.suggestedFilename()).toMatch(/records-with-closed-session\.zip$/);
    const bytes = await readFile((await download.path())!);
    expect(bytes.subarray(0, 2).toString('latin1')).toBe('PK');
    await doc.getByText('The records with the closed session are downloaded. Keep them from the public.').waitFor();
    await expect.poll(() => button.evaluate((el) => el === document.activeElement)).toBe(true);
  });

  it("a refusal of the closed-session bundle is shown in the panel's feedback, with the server's reason", async () => {
    const page = clerk.page;
    const reason = 'you may not read the closed sessions of rec6-council';
    await page.route('**/records-with-closed-session.zip', (route) =>
      route.fulfill({ status: 403, contentType: 'application/json', body: JSON.stringify({ error: 'forbidden', message: reason, lang: 'en' }) }),
    );
    const doc = await openMinutes(page);
    await doc.getByRole('button', { name: CLOSED_BUTTON }).click();
    await page.getByRole('group', { name: 'This file holds the closed session' }).getByRole('button', { name: 'Download with the closed session' }).click();
    await doc.getByRole('alert').getByText(reason).waitFor();
    await page.unroute('**/records-with-closed-session.zip');
  });

  it('an administrator, who may not read closed sessions, is not offered the closed-session download', async () => {
    const admin = await person(browser, server.origin);
    await signIn(admin.page, ADMIN.email, ADMIN.password, ROOM);
    const doc = await openMinutes(admin.page);
    await doc.getByRole('link', { name: PUBLIC_LINK }).waitFor();
    expect(await doc.getByRole('button', { name: CLOSED_BUTTON }).count()).toBe(0);
    await admin.context.close();
  });
});
