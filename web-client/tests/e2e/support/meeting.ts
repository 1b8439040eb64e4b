// The chair's browser calls to order a meeting that no lawful notice covers: the server refuses
// with not_lawfully_noticed, the room warns the chair (N9), and the chair goes on anyway.
import type { Page } from 'playwright-core';

export const WARNING = 'This meeting is not lawfully noticed';

export async function callToOrderDespiteNotice(page: Page) {
  await page.getByRole('button', { name: 'Call to order' }).click();
  const warning = page.getByRole('alertdialog', { name: WARNING });
  await warning.waitFor();
  await warning.getByRole('button', { name: 'Call to order anyway' }).click();
  await page.getByText('The meeting is called to order without lawful notice: no action taken at it will be valid (N9).').waitFor();
  await warning.waitFor({ state: 'hidden' });
}
