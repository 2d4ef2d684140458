// Issue 12's pages: a contact's notification settings, the mails sent on a ticket and the mail
// queue (the test server has no SMTP, so messages stay queued), and held inbound mail accepted as
// a new ticket. The worker resolves the recipients through the SQL scope (§9).
import { request } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import type { TicketDetail } from '../../src/web/portal/types.ts';
import { signInApi, type Page } from './support/api.ts';
import { hasText, shown, signIn, useBrowser } from './support/browser.ts';
import { DESKTOP, PEOPLE, RUN } from './support/env.ts';
import { E2E_INBOUND_MAIL_TOKEN } from './support/server.ts';

const browser = useBrowser();

describe('mail', () => {
  it('Tom asks to be mailed about every ticket he may see; staff reply and see the message queued for him', async () => {
    const { page } = await browser.tab(DESKTOP);
    await signIn(page, 'portal', PEOPLE.tom);
    await page.goto('/portal/account');
    await (await shown(page.getByLabel('Tell me about'))).selectOption('visible');
    await page.getByLabel('When', { exact: true }).selectOption('immediate');
    await page.getByRole('button', { name: 'Save notification settings' }).click();
    await shown(page.getByText('Your notification settings have been saved.'));

    const tom = await signInApi('portal', PEOPLE.tom);
    const admin = await signInApi('staff', PEOPLE.admin);
    try {
      expect(await tom.api.get('/api/portal/account/notifications')).toMatchObject({
        scope: 'visible',
        delivery: 'immediate',
      });
      const ticket = await tom.api.post<TicketDetail>('/api/portal/tickets', { subject: `Projector ${RUN}` });
      await admin.api.post(`/api/staff/tickets/${ticket.id}/comments`, {
        body: 'A technician comes on Monday.',
        public: true,
      });

      const staffPage = (await browser.tab(DESKTOP)).page;
      await signIn(staffPage, 'staff', PEOPLE.admin);
      // The worker turns the reply into a message within a poll or two; the list is read on opening.
      await expect
        .poll(
          async () =>
            (await admin.api.get<Page<{ to: string }>>(`/api/staff/tickets/${ticket.id}/mails`)).items.map(
              (m) => m.to,
            ),
          { timeout: 30_000 },
        )
        .toContain(PEOPLE.tom);
      await staffPage.goto(`/staff/tickets/${ticket.id}`);
      await (await shown(staffPage.getByRole('button', { name: 'Mails sent' }))).click();
      const sent = await shown(staffPage.getByRole('list', { name: 'Mails sent' }));
      await hasText(sent, PEOPLE.tom);
      await hasText(sent, 'Queued');

      await staffPage.goto('/staff/mail');
      await shown(staffPage.getByText('SMTP is not configured'));
      await staffPage.getByLabel('Status', { exact: true }).selectOption('queued');
      const table = await shown(staffPage.getByRole('table', { name: 'Messages' }));
      await hasText(table, `Projector ${RUN}`);
    } finally {
      await tom.dispose();
      await admin.dispose();
    }
  });

  it('a message from an unknown sender is held; staff open it and accept it as a new ticket for a contact', async () => {
    const subject = `Printer on floor 2 ${RUN}`;
    const from = `visitor-${RUN}@elsewhere.example`;
    const raw = [
      `From: Visitor <${from}>`,
      'To: support@portico.example',
      `Subject: ${subject}`,
      `Message-ID: <held-${RUN}@elsewhere.example>`,
      'Content-Type: text/plain; charset=utf-8',
      '',
      'The printer on floor 2 jams on every page.',
      '',
    ].join('\r\n');
    const http = await request.newContext({ baseURL: inject('baseURL') });
    const admin = await signInApi('staff', PEOPLE.admin);
    try {
      const handed = await http.post('/api/inbound/mail', {
        headers: { authorization: `Bearer ${E2E_INBOUND_MAIL_TOKEN}`, 'content-type': 'message/rfc822' },
        data: Buffer.from(raw),
      });
      expect(handed.status(), await handed.text()).toBeLessThan(300);

      const { page } = await browser.tab(DESKTOP);
      await signIn(page, 'staff', PEOPLE.admin);
      await page.goto('/staff/held-mail');
      const table = await shown(page.getByRole('table', { name: 'Held mail' }));
      await hasText(table, subject);
      await page.getByRole('button', { name: `Open message from ${from}` }).click();
      const message = await shown(page.getByRole('region', { name: `Message from ${from}` }));
      await hasText(message, 'jams on every page');
      await message.getByLabel('New ticket for').fill('Tom');
      await page.getByRole('option', { name: /Tom Becker/ }).click();
      await message.getByRole('button', { name: 'Accept as new ticket' }).click();
      await message.waitFor({ state: 'hidden' });
      // Decided, so no longer held: gone from the list (here the last one, so the list is empty).
      await expect.poll(() => page.getByRole('cell', { name: subject }).count(), { timeout: 20_000 }).toBe(0);

      const tickets = await admin.api.get<Page<{ subject: string; requester: { name: string } | null }>>(
        `/api/staff/tickets?q=${encodeURIComponent(subject)}&limit=10`,
      );
      expect(tickets.items.map((t) => t.subject)).toContain(subject);
    } finally {
      await http.dispose();
      await admin.dispose();
    }
  });
});
