// Steps on the customer portal's pages that several journeys take.
import type { Locator, Page } from 'playwright-core';
import { shown } from './browser.ts';

/** A tiny valid PNG (1×1), to upload as a screenshot would be. */
export const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

/** Chooses a ticket view ("All open group cases") in the View select and waits for its list. */
export async function chooseView(page: Page, label: string): Promise<Locator> {
  await page.getByLabel('View', { exact: true }).selectOption({ label });
  return listOf(page, label);
}

/** The ticket list of a view, once it has loaded. */
export async function listOf(page: Page, label: string): Promise<Locator> {
  return shown(page.getByRole('list', { name: label, exact: true }));
}

/** The ids of every ticket in a list, loading more pages until there are none. */
export async function ticketIdsIn(page: Page, list: Locator): Promise<string[]> {
  const more = page.getByRole('button', { name: 'Load more tickets' });
  while (await more.isVisible()) {
    const before = await list.getByRole('listitem').count();
    await more.click();
    await list.getByRole('listitem').nth(before).waitFor();
  }
  const hrefs = await list
    .getByRole('link')
    .evaluateAll((links) => links.map((a) => a.getAttribute('href') ?? ''));
  return hrefs.map((href) => href.split('/').pop() ?? href);
}

/** The ticket's id, from the address of its page. */
export function ticketIdOf(page: Page): string {
  const id = /\/portal\/tickets\/([^/?#]+)/.exec(page.url())?.[1];
  if (!id) throw new Error(`Not on a ticket page: ${page.url()}`);
  return id;
}
