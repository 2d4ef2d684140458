// Issue 16: making a ticket private takes it away from colleagues at once, so the portal names
// them in a confirmation first (docs/permissions.md, "Making a ticket private after others took part"),
// and so does the staff console.
import { describe, expect, it } from 'vitest';
import type { TicketDetail } from '../../src/web/portal/types.ts';
import { apiOf, signInApi } from './support/api.ts';
import { hasText, shown, signIn, useBrowser } from './support/browser.ts';
import { DESKTOP, PEOPLE, RUN } from './support/env.ts';

const browser = useBrowser();

describe('private ticket', () => {
  it('the requester ticks "Private ticket", sees who loses access, confirms, and they lose it', async () => {
    // Tom Becker's tickets are seen by Linda Park (a grant on Almond School's staff).
    const { page, context } = await browser.tab(DESKTOP);
    await signIn(page, 'portal', PEOPLE.tom);
    const tom = apiOf(context, 'portal');
    const ticket = await tom.post<TicketDetail>('/api/portal/tickets', { subject: `Salary slip ${RUN}` });
    const linda = await signInApi('portal', PEOPLE.linda);
    try {
      expect((await linda.api.send('GET', `/api/portal/tickets/${ticket.id}`)).status()).toBe(200);

      await page.goto(`/portal/tickets/${ticket.id}`);
      // A click, not check(): the box stays unticked until the confirmation is accepted.
      await (await shown(page.getByLabel('Private ticket'))).click();
      const dialog = await shown(page.getByRole('dialog', { name: 'Make this ticket private?' }));
      await hasText(dialog, 'Linda Park');
      expect((await tom.get<TicketDetail>(`/api/portal/tickets/${ticket.id}`)).private, 'not yet').toBe(
        false,
      );

      await dialog.getByRole('button', { name: 'Make private' }).click();
      await dialog.waitFor({ state: 'hidden' });
      expect((await tom.get<TicketDetail>(`/api/portal/tickets/${ticket.id}`)).private).toBe(true);
      expect(await page.getByLabel('Private ticket').isChecked()).toBe(true);
      expect((await linda.api.send('GET', `/api/portal/tickets/${ticket.id}`)).status()).toBe(404);
    } finally {
      await linda.dispose();
    }
  });

  it('staff tick "Private ticket" in the properties, see who loses access, confirm, and they lose it', async () => {
    const { page, context } = await browser.tab(DESKTOP);
    const tom = await signInApi('portal', PEOPLE.tom);
    const linda = await signInApi('portal', PEOPLE.linda);
    try {
      const ticket = await tom.api.post<TicketDetail>('/api/portal/tickets', { subject: `Payroll ${RUN}` });
      expect((await linda.api.send('GET', `/api/portal/tickets/${ticket.id}`)).status()).toBe(200);
      await signIn(page, 'staff', PEOPLE.admin);
      const staff = apiOf(context, 'staff');
      await page.goto(`/staff/tickets/${ticket.id}`);
      const form = await shown(page.getByRole('form', { name: 'Properties' }));
      await form.getByLabel('Private ticket').check();
      await form.getByRole('button', { name: 'Save changes' }).click();
      const dialog = await shown(page.getByRole('dialog', { name: 'Make this ticket private?' }));
      await hasText(dialog, 'Linda Park');
      expect(
        (await staff.get<{ private: boolean }>(`/api/staff/tickets/${ticket.id}`)).private,
        'not yet',
      ).toBe(false);
      await dialog.getByRole('button', { name: 'Make private' }).click();
      await dialog.waitFor({ state: 'hidden' });
      expect((await staff.get<{ private: boolean }>(`/api/staff/tickets/${ticket.id}`)).private).toBe(true);
      expect((await linda.api.send('GET', `/api/portal/tickets/${ticket.id}`)).status()).toBe(404);
    } finally {
      await linda.dispose();
      await tom.dispose();
    }
  });
});
