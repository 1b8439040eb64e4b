// The learning circle's chat (L1, issue #17) in the demo's Early Literacy circle: the facilitator
// and a teacher talk, reply (the reply names and links the message it answers), edit (it says
// "edited") and delete (a placeholder, never the text); the facilitator, a moderator, removes a
// message with a reason and mutes the teacher, whose box then says until when and is disabled; a
// late joiner's page, which replays the whole log (the removed text included, since the server
// keeps it), never shows the removed or deleted text. Then the teacher reads it all in Spanish.
// axe finds nothing on either page, in either language.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import { axeViolations, launch, person, screenshot, signIn, type Person } from './support/browser';
import { startServer, type RunningServer } from './support/server';

const CIRCLE = 'rec6-literacy';
const FACILITATOR = { email: 'facilitator@rec6.example', password: 'demo-facilitator-2026', name: 'Priya Nakai' };
const COFACILITATOR = { email: 'cofacilitator@rec6.example', password: 'demo-cofacilitator-2026', name: 'Sam Begay' };
const TEACHER = { email: 'teacher@rec6.example', password: 'demo-teacher-2026', name: 'Lena Sandoval' };

const FIRST = 'Good morning, everyone: shall we start with the phonics routines from last week?';
const EDITED = 'Good morning, everyone: shall we start with the blending routines from last week?';
const DELETED = 'Oops, that was meant for another circle';
const REMOVED = 'Cheap textbooks at spam-shop.example, click now';
const REPLY = 'Yes, ten minutes of review first.';

let server: RunningServer;
let browser: Browser;
let facilitator: Person;
let teacher: Person;

async function noViolations(page: Page, what: string) {
  const violations = await axeViolations(page);
  expect({ what, violations }).toEqual({ what, violations: [] });
}

/** The timeline's line of the chat message that says (or said) `text`. */
function message(page: Page, text: string): Locator {
  return page.locator('li.entry-chat').filter({ hasText: text });
}

async function say(page: Page, text: string) {
  const box = page.getByTestId('chat-form').getByRole('textbox');
  await box.fill(text);
  await page.getByTestId('chat-form').getByRole('button', { name: 'Send' }).click();
  await message(page, text).first().waitFor();
  await expect.poll(() => box.inputValue()).toBe('');
}

const focusedId = (page: Page) => page.evaluate(() => document.activeElement?.id ?? '');
const focusedName = (page: Page) => page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? document.activeElement?.textContent ?? '');

beforeAll(async () => {
  server = await startServer();
  browser = await launch();
  facilitator = await person(browser, server.origin);
  teacher = await person(browser, server.origin);
  await Promise.all([
    signIn(facilitator.page, FACILITATOR.email, FACILITATOR.password, CIRCLE),
    signIn(teacher.page, TEACHER.email, TEACHER.password, CIRCLE),
  ]);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('learning-circle chat', () => {
  it('reply, edit and delete between a teacher and the facilitator', async () => {
    const t = teacher.page;
    const f = facilitator.page;
    await say(t, FIRST);

    // The facilitator answers it: the button names the message it acts on.
    const hers = message(f, FIRST);
    const replyButton = hers.getByRole('button', { name: /^Reply to Lena Sandoval's message of \d{1,2}:\d{2} [AP]M M[SD]T$/ });
    await replyButton.click();
    await expect.poll(() => focusedId(f)).toBe('chat-text');
    await f.getByTestId('chat-replying').getByText('Replying to Lena Sandoval: “Good morning, everyone: shall we start with the…”').waitFor();
    await say(f, REPLY);
    await f.getByText('Reply sent.').waitFor();

    // Both see which message it answers; the link jumps to it.
    const quote = 'In reply to Lena Sandoval: “Good morning, everyone: shall we start with the…”';
    const reply = message(t, REPLY);
    await reply.getByRole('link', { name: quote }).waitFor();
    await message(f, REPLY).getByRole('link', { name: quote }).waitFor();
    const firstSeq = await message(t, FIRST).getAttribute('data-seq');
    await reply.getByRole('link', { name: quote }).click();
    await expect.poll(() => focusedId(t)).toBe(`msg-${firstSeq}`);

    // The teacher edits her message: the box takes the focus, and gives it back to Edit.
    await message(t, FIRST).getByRole('button', { name: /^Edit your message of / }).click();
    const field = t.getByLabel('New wording of your message');
    await expect.poll(() => focusedId(t)).toBe(`edit-${firstSeq}`);
    await field.fill(EDITED);
    await t.getByRole('button', { name: 'Save' }).click();
    await t.getByText('Your message is edited.').waitFor();
    await message(t, EDITED).getByText('(edited)').waitFor();
    await expect.poll(() => focusedName(t)).toMatch(/^Edit your message of /);
    await message(f, EDITED).getByText('(edited)').waitFor();
    // The reply's quote follows the edit.
    await message(f, REPLY).getByRole('link', { name: 'In reply to Lena Sandoval: “Good morning, everyone: shall we start with the…”' }).waitFor();

    // Escape closes the edit box without a change.
    await message(t, EDITED).getByRole('button', { name: /^Edit your message of / }).click();
    await expect.poll(() => focusedId(t)).toBe(`edit-${firstSeq}`);
    await t.keyboard.press('Escape');
    await t.getByLabel('New wording of your message').waitFor({ state: 'detached' });
    await expect.poll(() => focusedName(t)).toMatch(/^Edit your message of /);

    // Deleting asks first (focus on the safe choice), then leaves only a placeholder.
    await say(t, DELETED);
    await message(t, DELETED).getByRole('button', { name: /^Delete your message of / }).click();
    const confirm = t.getByRole('group', { name: /^Delete your message of .*\? Everyone will see that you deleted it/ });
    await confirm.waitFor();
    await expect.poll(() => focusedName(t)).toBe('Keep it');
    await noViolations(t, 'teacher, confirming a deletion');
    await confirm.getByRole('button', { name: 'Delete the message' }).click();
    await t.getByText('Your message is deleted.').waitFor();
    for (const page of [t, f]) {
      await expect.poll(() => page.locator('li.entry-chat .entry-placeholder').allTextContents()).toContain('Message deleted by its author.');
      expect(await page.content()).not.toContain(DELETED);
    }
    // Only the author is offered edit and delete; the facilitator may remove.
    expect(await message(f, EDITED).getByRole('button', { name: /^Edit/ }).count()).toBe(0);
    await message(f, EDITED).getByRole('button', { name: /^Remove Lena Sandoval's message of / }).waitFor();
    await screenshot(f, 'circle-chat-facilitator');
  });

  it('a moderator removes a message with a reason and mutes the teacher; a late joiner never sees the text', async () => {
    const t = teacher.page;
    const f = facilitator.page;
    await say(t, REMOVED);

    const spam = message(f, REMOVED);
    await spam.getByRole('button', { name: /^Remove Lena Sandoval's message of / }).click();
    // A reason is required; the form says so.
    await spam.getByRole('button', { name: 'Remove the message' }).click();
    await spam.getByText('Say why the message is removed.').waitFor();
    await spam.getByLabel('Why is it removed?').fill('advertising');
    await spam.getByRole('button', { name: 'Remove the message' }).click();
    await f.getByText("Lena Sandoval's message is removed.").waitFor();
    for (const page of [t, f]) {
      await page.locator('li.entry-chat .entry-placeholder', { hasText: 'Removed by a moderator: advertising' }).waitFor();
      await page.getByRole('log').getByText('Priya Nakai removed a message by Lena Sandoval. Reason: advertising').waitFor();
      expect(await page.content()).not.toContain('spam-shop.example');
    }

    // The facilitator mutes the teacher for an hour.
    const first = message(f, EDITED);
    await first.getByRole('button', { name: 'Mute Lena Sandoval' }).click();
    await expect.poll(() => focusedId(f)).toMatch(/^mute-\d+-for$/);
    await first.getByLabel('For how long').selectOption('60');
    await first.getByLabel('Reason (optional; everyone sees it)').fill('a pause to cool off');
    await noViolations(f, 'facilitator, muting');
    await first.getByRole('button', { name: 'Mute Lena Sandoval' }).click();
    await f.getByText('Lena Sandoval is muted.').waitFor();
    await f.getByTestId('muted-people').getByText(/^Lena Sandoval, until \d{1,2}:\d{2} [AP]M M[SD]T\. Reason: a pause to cool off$/).waitFor();
    await f.getByRole('log').getByText(/^Priya Nakai muted Lena Sandoval until \d{1,2}:\d{2} [AP]M M[SD]T\. Reason: a pause to cool off$/).waitFor();

    // The teacher is told, with the time in the body's zone, and her box is disabled.
    const notice = t.getByTestId('chat-muted');
    await notice.getByText(/^Priya Nakai muted you in this room until \d{1,2}:\d{2} [AP]M M[SD]T \(a pause to cool off\)\. You can read, but not write or change your messages\.$/).waitFor();
    const box = t.getByTestId('chat-form').getByRole('textbox');
    await expect.poll(() => box.isDisabled()).toBe(true);
    expect(await box.getAttribute('aria-describedby')).toBe('chat-muted');
    expect(await message(t, EDITED).getByRole('button', { name: /^(Edit|Delete|Reply)/ }).count()).toBe(0);
    await noViolations(t, 'teacher, muted');
    await screenshot(t, 'circle-chat-muted');

    // A late joiner replays the log from the start: the removed and deleted texts never show.
    const late = await person(browser, server.origin);
    await signIn(late.page, COFACILITATOR.email, COFACILITATOR.password, CIRCLE);
    await late.page.locator('li.entry-chat .entry-placeholder', { hasText: 'Removed by a moderator: advertising' }).waitFor();
    await message(late.page, REPLY).waitFor();
    const html = await late.page.content();
    expect(html).not.toContain('spam-shop.example');
    expect(html).not.toContain(DELETED);
    expect(await late.page.getByTestId('announcer').textContent()).toBe('');
    await late.context.close();

    // Unmuted, the teacher writes again.
    await f.getByRole('button', { name: 'Unmute Lena Sandoval' }).click();
    await f.getByText('Lena Sandoval is unmuted.').waitFor();
    await f.getByRole('log').getByText('Priya Nakai unmuted Lena Sandoval.').waitFor();
    await expect.poll(() => box.isDisabled()).toBe(false);
    await t.getByTestId('chat-muted').waitFor({ state: 'detached' });
    await say(t, 'Thank you, back to the routines.');
  });

  it('in Spanish: the placeholders, the buttons and the mute, worded', async () => {
    const t = teacher.page;
    const f = facilitator.page;
    await t.getByLabel('Language').selectOption('es');
    await t.locator('li.entry-chat .entry-placeholder', { hasText: 'Mensaje borrado por su autor.' }).waitFor();
    await t.locator('li.entry-chat .entry-placeholder', { hasText: 'Retirado por un moderador: advertising' }).waitFor();
    await t.getByRole('log').getByText('Priya Nakai retiró un mensaje de Lena Sandoval. Motivo: advertising').waitFor();
    await message(t, REPLY).getByRole('button', { name: /^Responder al mensaje de Priya Nakai de las \d{1,2}:\d{2} [ap]\.\s?m\. M[SD]T$/ }).waitFor();
    await message(t, EDITED).getByText('(editado)').waitFor();
    await message(t, REPLY).getByRole('link', { name: 'En respuesta a Lena Sandoval: «Good morning, everyone: shall we start with the…»' }).waitFor();

    // Muted until unmuted, in Spanish.
    const first = message(f, EDITED);
    await first.getByRole('button', { name: 'Mute Lena Sandoval' }).click();
    await first.getByLabel('For how long').selectOption('');
    await first.getByRole('button', { name: 'Mute Lena Sandoval' }).click();
    await t.getByTestId('chat-muted').getByText('Priya Nakai lo silenció en esta sala hasta que un moderador le devuelva la palabra. Puede leer, pero no escribir ni cambiar sus mensajes.').waitFor();
    await t.getByRole('log').getByText('Priya Nakai silenció a Lena Sandoval hasta que un moderador le devuelva la palabra.').waitFor();
    await noViolations(t, 'teacher, in Spanish, muted');
    await screenshot(t, 'circle-chat-es');
    await f.getByRole('button', { name: 'Unmute Lena Sandoval' }).click();
    // Her second unmuting: two lines now.
    await expect.poll(() => t.getByRole('log').getByText('Priya Nakai devolvió la palabra a Lena Sandoval.').count()).toBe(2);
    await noViolations(f, 'facilitator');
  });
});
