// The clerk's part (issue #8). The chair and members hold a short meeting to adjournment (a
// motion with its roll call, a closed session and its C4 statement) while the clerk marks a
// member present; the clerk then writes the summary beside the record and sees it in the edit
// history under her name, while a member, on a phone, reads the same draft without any edit
// control. The clerk schedules the next meeting, drafts and posts its agenda (the server's
// refusal shown as it words it); the server's clock then stands at that meeting, where the
// clerk marks the draft complete (late, R2) and the body approves the minutes by motion (R3).
// The first meeting is held without notice (the chair is warned, N9, and goes on); presence ends
// with it, so at the second everyone says they are present again.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { axeViolations, launch, person, screenshot, signIn, type Person } from './support/browser';
import { COUNCIL, ROOM } from './support/council';
import { callToOrderDespiteNotice } from './support/meeting';
import { MemberSocket } from './support/member_socket';
import { startServer, type RunningServer } from './support/server';

let server: RunningServer;
let browser: Browser;
let helpers: MemberSocket[] = [];
let chair: Person;
let clerk: Person;
let maria: Person;

const CLERK = { email: 'clerk@rec6.example', password: 'demo-clerk-2026', name: 'Joan Archuleta' };
const SUBJECT = 'the annual evaluation of the executive director';
const SUMMARY = 'The council adopted the professional development calendar and met in closed session on the evaluation.';
const DAY = 86_400_000;

/** "2026-12-21T10:00" in the body's zone (America/Denver) at `ms`. */
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

async function noViolations(page: Page, what: string) {
  const violations = await axeViolations(page);
  expect({ what, violations }).toEqual({ what, violations: [] });
}

/** The chair states the question, opens the vote, the helpers vote aye, the chair closes it. */
async function carry(number: number) {
  await chair.page.getByRole('button', { name: 'State the question' }).click();
  await chair.page.getByRole('button', { name: 'Put to a vote' }).click();
  await chair.page.getByText('The vote is open.').waitFor();
  for (const h of helpers) await h.act('motions.vote', { choice: 'aye' });
  await chair.page.getByRole('button', { name: 'Close the vote' }).click();
  await chair.page.getByTestId(`roll-call-${number}`).waitFor();
}

beforeAll(async () => {
  server = await startServer({ clock: true });
  browser = await launch();
  helpers = await Promise.all(
    [COUNCIL.vicechair, COUNCIL.house, COUNCIL.floyd, COUNCIL.texico].map((m) => MemberSocket.join(server.origin, m.email, m.password)),
  );
  chair = await person(browser, server.origin);
  clerk = await person(browser, server.origin);
  maria = await person(browser, server.origin, { phone: true, width: 375 });
  await Promise.all([
    signIn(chair.page, COUNCIL.chair.email, COUNCIL.chair.password, ROOM),
    signIn(clerk.page, CLERK.email, CLERK.password, ROOM),
    signIn(maria.page, COUNCIL.member.email, COUNCIL.member.password, ROOM),
  ]);
});
afterAll(async () => {
  for (const h of helpers) h.close();
  await browser?.close();
  await server?.stop();
});

describe('minutes', () => {
  it('a meeting held to adjournment; the clerk writes the summary beside the record; a member only reads it', async () => {
    await chair.page.getByRole('button', { name: 'I am present' }).click();
    await chair.page.getByText('You are recorded present.').waitFor();
    for (const h of helpers) await h.act('quorum.present');
    await chair.page.getByTestId('quorum-bar').getByText('5 of 9 present — quorum').waitFor();
    await callToOrderDespiteNotice(chair.page);

    // Q1: the clerk records a member who is in the room; the call to order named the members.
    await clerk.page.getByRole('button', { name: 'Mark present: Irene Montoya' }).click();
    await clerk.page.getByText('Irene Montoya is recorded present.').waitFor();
    await chair.page.getByTestId('quorum-bar').getByText('6 of 9 present — quorum').waitFor();
    expect(await maria.page.getByRole('button', { name: /^Mark (present|absent)/ }).count()).toBe(0);

    // B7: the clerk records a designee sitting for Rosa Lucero (this body's by-laws do not count
    // designees) and notes a proxy for Kyle Brennan: neither counts toward quorum.
    await clerk.page.getByText('Designees and proxies (B7)').click();
    const designee = clerk.page.getByTestId('designee-form');
    await designee.getByLabel('Member').selectOption({ label: 'Rosa Lucero' });
    await designee.getByLabel("Designee's name").fill('Pat Deputy');
    await designee.getByRole('button', { name: 'Record the designee' }).click();
    await clerk.page.getByText('The designee of Rosa Lucero is recorded.').waitFor();
    const proxy = clerk.page.getByTestId('proxy-form');
    await proxy.getByLabel('Member').selectOption({ label: 'Kyle Brennan' });
    await proxy.getByLabel("Proxy holder's name").fill('Dana Ortiz');
    await proxy.getByRole('button', { name: 'Note the proxy' }).click();
    await clerk.page.getByText('The proxy for Kyle Brennan is noted.').waitFor();
    await maria.page.getByText('Rosa Lucero — designee: Pat Deputy').waitFor();
    await maria.page.getByTestId('proxies').getByText('Proxy for Kyle Brennan held by Dana Ortiz — not counted, does not vote').waitFor();
    await chair.page.getByRole('log').getByText('Pat Deputy is present as the designee of Rosa Lucero (not counted toward quorum).').waitFor();
    await chair.page.getByRole('log').getByText('A proxy for Kyle Brennan held by Dana Ortiz is noted: not counted, does not vote.').waitFor();
    await chair.page.getByTestId('quorum-bar').getByText('6 of 9 present — quorum').waitFor();
    await noViolations(clerk.page, 'the quorum panel of the clerk, with designees and proxies');
    await screenshot(clerk.page, 'quorum-designee-proxy');
    expect(await maria.page.getByText('Designees and proxies (B7)').count()).toBe(0);

    await helpers[1]!.act('motions.move', { text: 'Approve the 2026-27 professional development calendar' });
    await helpers[2]!.act('motions.second');
    await carry(1);

    // C1–C4: into closed session and back; the chair puts the statement from the banner.
    await helpers[1]!.act('motions.move', { kind: 'close_session', authority: 'H2', subject: SUBJECT, text: 'Close the meeting for the evaluation' });
    await helpers[2]!.act('motions.second');
    await carry(2);
    await chair.page.getByRole('button', { name: 'Open session' }).click();
    await chair.page.getByText('The meeting is back in open session.').waitFor();
    await chair.page.getByRole('button', { name: 'Put the closed-session statement (C4)' }).click();
    await chair.page.getByText('The closed-session statement is moved; state it and put it to a vote.').waitFor();
    await carry(3);
    expect(await chair.page.getByRole('button', { name: 'Put the closed-session statement (C4)' }).count()).toBe(0);

    await chair.page.getByRole('button', { name: 'Adjourn' }).click();
    await chair.page.getByText('The meeting is adjourned.').waitFor();
    // Q1: presence ends with the meeting; the record keeps who attended and why they departed.
    await chair.page.getByTestId('quorum-bar').getByText('0 of 9 present — 5 needed for quorum').waitFor();

    // The clerk opens the minutes: the draft, the record read-only beside her fields.
    await clerk.page.getByRole('tab', { name: 'Minutes' }).click();
    const panel = clerk.page.getByTestId('minutes-panel');
    await panel.getByTestId('minutes-entry-1').click();
    const doc = panel.getByTestId('minutes-document');
    await doc.getByTestId('minutes-mark').getByText('DRAFT: not approved by the body (R3)').waitFor();
    await doc.getByText(/The draft is due /).waitFor();
    const record = doc.getByTestId('minutes-record');
    await record.getByTestId('minutes-attendance').getByRole('rowheader', { name: 'Irene Montoya' }).waitFor();
    expect(await record.getByTestId('minutes-absent').textContent()).toContain('Kyle Brennan');
    await record.getByTestId('minutes-roll-call-1').getByRole('rowheader', { name: 'Maria Chavez' }).waitFor();
    await record.getByTestId('minutes-closed-1').getByText(/limited to those specified/).waitFor();
    await expect(doc.getByRole('link', { name: 'Download PDF' }).getAttribute('href')).resolves.toBe(`/public/${ROOM}/minutes/1.pdf`);

    await doc.getByLabel('Summary of the meeting').fill(SUMMARY);
    await doc.getByText('Not saved yet.').waitFor();
    await doc.getByRole('button', { name: 'Save the summary' }).click();
    await doc.getByText('The summary is saved.').waitFor();
    const edits = doc.getByTestId('minutes-edits');
    await edits.getByRole('row', { name: new RegExp(`${CLERK.name}.*Summary.*${SUMMARY.slice(0, 30)}`) }).waitFor();
    await doc.getByText('Saved.', { exact: true }).waitFor();
    await noViolations(clerk.page, 'the minutes panel of the clerk, a draft');
    await screenshot(clerk.page, 'minutes-draft');

    // A member reads the same draft, on a phone (375 px), with no edit control.
    await maria.page.getByRole('tab', { name: 'Minutes' }).click();
    const hers = maria.page.getByTestId('minutes-document');
    await hers.getByTestId('minutes-summary-text').getByText(SUMMARY).waitFor();
    await hers.getByTestId('minutes-edits').getByText(CLERK.name).waitFor();
    expect(await hers.locator('textarea').count()).toBe(0);
    for (const name of ['Save the summary', 'Add a correction', 'Mark draft complete']) {
      expect(await maria.page.getByRole('button', { name }).count()).toBe(0);
    }
    await noViolations(maria.page, 'the minutes panel of a member on a phone');
    const overflow = await maria.page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await screenshot(maria.page, 'minutes-phone');

    // The public reads them too, here in Spanish (#minutes opens the tab).
    const pub = await person(browser, server.origin, { locale: 'es-MX' });
    await pub.page.goto(`/room/${ROOM}#minutes`);
    await pub.page.getByTestId('minutes-mark').getByText('BORRADOR: no aprobado por el órgano (R3)').waitFor();
    await pub.page.getByTestId('minutes-summary-text').getByText(SUMMARY).waitFor();
    expect(await pub.page.locator('textarea').count()).toBe(0);
    await noViolations(pub.page, 'the minutes read by the public, in Spanish');
    await pub.context.close();
  });

  it('the clerk posts the next meeting; there the draft is completed late and the body approves it', async () => {
    const startsMs = Math.floor((Date.now() + 25 * DAY) / 60_000) * 60_000;
    await clerk.page.getByRole('tab', { name: 'Notices and agendas' }).click();
    const notices = clerk.page.getByTestId('notices-panel');
    await notices.getByLabel('Kind of meeting').selectOption('regular');
    await notices.getByLabel('Starts').fill(denverLocal(startsMs));
    await notices.getByLabel('Place (N3)').fill('REC 6 office, 1500 S Ave K, Portales');
    await notices.getByLabel('Title (optional)').fill('Regular meeting of the council');
    await notices.getByRole('button', { name: 'Schedule the meeting' }).click();
    await notices.getByText('The meeting is scheduled. Draft its agenda, then post the notice.').waitFor();

    const editor = notices.getByTestId('agenda-editor');
    // One number per meeting: the first, held without notice, was meeting 1; this is meeting 2.
    await notices.getByRole('button', { name: 'Open meeting 1' }).waitFor();
    await editor.getByRole('heading', { name: 'Agenda of meeting 2: Regular meeting of the council' }).waitFor();
    await editor.getByLabel('Title').fill('Approve the minutes of the last meeting');
    await editor.getByLabel('Type').selectOption('action');
    await editor.getByRole('button', { name: 'Add an item' }).click();
    await editor.getByLabel('Title').nth(1).fill('Evaluation of the executive director');
    await editor.getByLabel('Type').nth(1).selectOption('closed_session');
    await editor.getByRole('button', { name: 'Save the agenda' }).click();
    // The form names what C1 needs before asking the server…
    await editor.getByText('Item 2: choose the authority for closing (C1).').waitFor();
    await editor.getByLabel('Authority for closing (C1)').selectOption('H2');
    await editor.getByLabel('Subject, stated specifically (C1)').fill('personnel');
    await editor.getByRole('button', { name: 'Save the agenda' }).click();
    // …and the server's refusal is shown as it words it, citing the rule.
    await notices.getByRole('alert').getByText(/C1: state the subject with reasonable specificity/).waitFor();
    await editor.getByLabel('Subject, stated specifically (C1)').fill(SUBJECT);
    await editor.getByRole('button', { name: 'Save the agenda' }).click();
    await notices.getByText('The agenda is saved as a new version.').waitFor();
    await editor.getByRole('button', { name: 'Post the notice' }).click();
    await notices.getByText('The notice of meeting 2 is posted.').waitFor();
    await editor.getByTestId('posting-state').getByText('Notice posted with agenda version 1.').waitFor();
    await editor.getByTestId('notice-status').getByText('Lawfully noticed').waitFor();
    // N7: the notice sent to the media again, with the reason; lawful notice is judged as before.
    await editor.getByLabel('Reason (optional)').fill('The Portales News-Tribune did not receive it');
    await editor.getByRole('button', { name: 'Send the notice again' }).click();
    await notices.getByText('The notice of meeting 2 was sent again.').waitFor();
    await editor.getByTestId('resends').getByText(/agenda version 1 — Reason: The Portales News-Tribune did not receive it/).waitFor();
    await editor.getByTestId('notice-status').getByText('Lawfully noticed').waitFor();
    await clerk.page.getByRole('tab', { name: 'Meeting' }).click();
    await clerk.page.getByRole('log').getByText('The notice of meeting 2 was sent again (agenda version 1): The Portales News-Tribune did not receive it').waitFor();
    await clerk.page.getByRole('tab', { name: 'Notices and agendas' }).click();
    // The meeting held without notice is listed as such.
    await notices.getByText('Meeting 1: Meeting held without notice').waitFor();
    await noViolations(clerk.page, 'notices and agendas');
    await screenshot(clerk.page, 'notice-form');

    // The day of that meeting: past the draft's due date (R2).
    server.setClock(startsMs + 60_000);
    await clerk.page.getByRole('tab', { name: 'Minutes' }).click();
    const doc = clerk.page.getByTestId('minutes-document');
    await doc.getByRole('button', { name: 'Mark draft complete' }).click();
    await doc.getByText('The draft is marked complete.').waitFor();
    await doc.getByTestId('minutes-completed-late').waitFor();
    await clerk.page.getByTestId('minutes-entry-1').getByText('Completed late').waitFor();

    // R3: at the noticed meeting, a member moves to approve them under the action item. Lawfully
    // noticed: no warning. Everyone says they are present at this meeting.
    await chair.page.getByTestId('agenda-panel').getByText('Next meeting 2: Regular meeting of the council').waitFor();
    await chair.page.getByRole('button', { name: 'Call to order' }).click();
    await chair.page.getByText('The meeting is called to order.').waitFor();
    expect(await chair.page.getByRole('alertdialog').count()).toBe(0);
    await chair.page.getByTestId('agenda-panel').getByText('Meeting 2 being held: Regular meeting of the council').waitFor();
    await chair.page.getByTestId('agenda-panel').getByTestId('notice-status').getByText('Lawfully noticed').waitFor();
    for (const h of helpers) await h.act('quorum.present');
    await maria.page.getByRole('tab', { name: 'Meeting' }).click();
    await maria.page.getByTestId('presence-needed').waitFor();
    await maria.page.getByRole('button', { name: 'I am present' }).click();
    await maria.page.getByText('You are recorded present.').waitFor();
    await chair.page.getByTestId('quorum-bar').getByText('5 of 9 present — quorum').waitFor();
    await chair.page.getByRole('button', { name: 'Take up item 1: Approve the minutes of the last meeting' }).click();
    await chair.page.getByText('Item 1 is taken up.').waitFor();
    const form = maria.page.getByTestId('approve-minutes-form');
    await form.getByLabel('Minutes').selectOption('1');
    await form.getByRole('button', { name: 'Move to approve' }).click();
    await maria.page.getByText('Your motion on the minutes is recorded.').waitFor();
    await helpers[2]!.act('motions.second');
    await carry(4);

    await doc.getByTestId('minutes-mark').getByText(/Official, version 1/).waitFor();
    expect(await doc.locator('textarea').count()).toBe(0);
    await doc.getByText('These minutes are official and locked; a correction is made by a motion of the body (R3).').waitFor();
    await clerk.page.getByTestId('minutes-entry-1').getByText('Official, version 1').waitFor();
    await doc.getByText(/motion 4, approved/).waitFor();
  });
});
