// Issue 13: the agent's journey on the desk. A contact opens a ticket; an agent finds it in
// "Unassigned", takes it ("Assign to me"), answers with a canned response (placeholders filled);
// the contact replies in the portal, with markdown and hostile HTML, and the ticket is back in
// the agent's "Waiting on us". The markdown renders in both UIs; the HTML shows as text and runs
// nothing (markdown-it leaves it text, DOMPurify passes only markdown's own tags).
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { TicketDetail } from '../../src/web/portal/types.ts';
import { apiOf } from './support/api.ts';
import { hasText, shown, signIn, useBrowser } from './support/browser.ts';
import { DESKTOP, PEOPLE, RUN } from './support/env.ts';

const browser = useBrowser();
const AGENT = 'agent@portico.example';
const HOSTILE = '<script>window.__xss = 1</script> <img src=x onerror="window.__xss = 2">';
const REPLY = `Still **broken** ${RUN}:\n\n- first step\n- second step\n\nSee [the guide](https://example.com/guide)\n\n${HOSTILE}`;

/** The rendered messages: nothing but markdown's tags, no event handler, nothing ran. */
async function expectInert(page: Page) {
  const found = await page.evaluate(() => {
    const bad: string[] = [];
    for (const el of document.querySelectorAll('.message-body.markdown *')) {
      if (['SCRIPT', 'IMG', 'IFRAME', 'SVG', 'STYLE', 'OBJECT'].includes(el.tagName)) bad.push(el.tagName);
      for (const attr of el.getAttributeNames())
        if (attr.startsWith('on')) bad.push(`${el.tagName}[${attr}]`);
    }
    return { bad, xss: (window as unknown as { __xss?: number }).__xss ?? null };
  });
  expect(found).toEqual({ bad: [], xss: null });
}

/** The markdown of REPLY as rendered in the conversation. */
async function expectRendered(page: Page) {
  const message = page.locator('.message', { hasText: `broken ${RUN}` });
  await shown(message);
  await hasText(message.locator('strong'), 'broken');
  expect(await message.locator('li').allInnerTexts()).toEqual(['first step', 'second step']);
  expect(await message.getByRole('link', { name: 'the guide' }).getAttribute('href')).toBe(
    'https://example.com/guide',
  );
  await hasText(message, '<script>window.__xss = 1</script>');
  await hasText(message, '<img src=x onerror="window.__xss = 2">');
  await expectInert(page);
}

describe('the desk', () => {
  it('an agent takes an unassigned ticket, answers with a canned response, the customer replies and it is back in "Waiting on us"', async () => {
    const portal = await browser.tab(DESKTOP);
    await signIn(portal.page, 'portal', PEOPLE.tom);
    const subject = `Smartboard frozen ${RUN}`;
    const ticket = await apiOf(portal.context, 'portal').post<TicketDetail>('/api/portal/tickets', {
      subject,
      description: 'It froze during class.',
    });

    const { page } = await browser.tab(DESKTOP);
    await signIn(page, 'staff', AGENT);
    await page.goto('/staff/tickets');
    await page
      .getByRole('navigation', { name: 'Queues' })
      .getByRole('button', { name: 'Unassigned' })
      .click();
    const queue = await shown(page.getByRole('table', { name: 'Tickets' }));
    await shown(queue.getByRole('link', { name: new RegExp(subject) }));
    await queue.getByRole('checkbox', { name: `Select #${ticket.number}` }).check();
    await page
      .getByRole('region', { name: 'Bulk actions' })
      .getByRole('button', { name: 'Assign to me' })
      .click();
    await expect.poll(() => queue.getByRole('link', { name: new RegExp(subject) }).count()).toBe(0);

    await page.goto(`/staff/tickets/${ticket.id}`);
    await shown(page.getByRole('heading', { name: subject }));
    await page.getByLabel('Insert a canned response').selectOption({ label: 'Acknowledge' });
    const box = page.getByLabel('Public reply');
    await expect
      .poll(() => box.inputValue())
      .toBe(
        `Hello Tom,\n\nthank you for your message about **${subject}** (#${ticket.number}). ` +
          'We are looking into it and will get back to you soon.\n\nBest regards,\nSam Rivera',
      );
    await page.getByRole('button', { name: 'Send public reply' }).click();
    await hasText(page.getByRole('status'), 'Reply sent.');
    const sent = page.locator('.message', { hasText: 'thank you for your message' });
    await hasText(sent.locator('strong'), subject);

    // The contact replies in the portal: markdown, and HTML that must stay text.
    await portal.page.goto(`/portal/tickets/${ticket.id}`);
    await hasText(portal.page.locator('.message strong'), subject);
    await portal.page.getByLabel('Your reply').fill(REPLY);
    await portal.page.getByRole('button', { name: 'Send reply' }).click();
    await expectRendered(portal.page);

    await page.goto('/staff/tickets');
    await page
      .getByRole('navigation', { name: 'Queues' })
      .getByRole('button', { name: 'Waiting on us' })
      .click();
    const waiting = await shown(page.getByRole('table', { name: 'Tickets' }));
    await (await shown(waiting.getByRole('link', { name: new RegExp(subject) }))).click();
    await expectRendered(page);
  });
});
