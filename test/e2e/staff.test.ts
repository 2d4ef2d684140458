// The staff console's permission journeys in a real browser (1280×800): a privilege group made,
// given to a contact and widened through the preview dialog, then used by that contact in the
// portal; and the access tools (explain a denial, view the portal as a contact, read-only).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Quote, TicketDetail, TicketSummary } from '../../src/web/portal/types.ts';
import { apiOf, signInApi, type Api } from './support/api.ts';
import { hasText, navigate, screenshot, shown, signIn, useBrowser } from './support/browser.ts';
import { DESKTOP, PEOPLE } from './support/env.ts';
import { chooseView } from './support/portal.ts';

const browser = useBrowser();

type StaffContact = {
  id: string;
  name: string;
  email: string;
  organizationId: string;
  privilegeGroupId: string;
};
type StaffQuote = {
  id: string;
  number: number;
  title: string;
  status: string;
  decidedByContactId: string | null;
};
type PrivilegeGroup = { id: string; name: string; privileges: string[] };

let staff: { api: Api; dispose(): Promise<void> };
beforeAll(async () => {
  staff = await signInApi('staff', PEOPLE.admin);
});
afterAll(async () => {
  await staff?.dispose();
});

async function contactByEmail(email: string): Promise<StaffContact> {
  const page = await staff.api.get<{ items: StaffContact[] }>(
    `/api/staff/contacts?q=${encodeURIComponent(email)}&limit=10`,
  );
  const contact = page.items.find((c) => c.email === email);
  if (!contact) throw new Error(`No contact ${email}`);
  return contact;
}

/** A date `days` from today, as the API's date fields take it. */
const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

describe('staff console journeys', () => {
  it('e. an administrator copies Limited, gives it to a contact, adds quote approval through the preview, and the contact accepts a quote', async () => {
    // Robert Haines (District Manager: quotes.view without quotes.accept; in the user group
    // Accounting, to which the quotes module is restricted) gets a sent quote for his organization.
    const robert = await contactByEmail(PEOPLE.robert);
    const title = 'Chromebook cart for the district office';
    const draft = await staff.api.post<StaffQuote>('/api/staff/quotes', {
      organizationId: robert.organizationId,
      contactId: robert.id,
      title,
      validUntil: inDays(30),
      lines: [
        { description: '30-slot charging cart', quantity: 1, unitPriceCents: 189_000 },
        { description: 'Delivery and set-up (hours)', quantity: 1.5, unitPriceCents: 12_000 },
      ],
    });
    const quote = await staff.api.post<StaffQuote>(`/api/staff/quotes/${draft.id}/send`);
    expect(quote.status).toBe('sent');
    // Before the change he sees the quote but may not accept it.
    const before = await signInApi('portal', PEOPLE.robert);
    try {
      const seen = await before.api.get<Quote>(`/api/portal/quotes/${quote.id}`);
      expect(seen.abilities?.accept).toBe(false);
    } finally {
      await before.dispose();
    }

    const { page } = await browser.tab(DESKTOP);
    await signIn(page, 'staff', PEOPLE.admin);

    // 1. Permissions → Privilege groups → Limited (locked) → Make a copy.
    await navigate(page, 'Permissions');
    const groups = await shown(page.getByRole('table', { name: 'Privilege groups' }));
    await groups.getByRole('link', { name: 'Limited', exact: true }).click();
    await shown(page.getByText('A locked system group'));
    await page.getByRole('button', { name: 'Make a copy' }).click();
    const copyDialog = await shown(page.getByRole('dialog', { name: 'Copy “Limited”' }));
    const name = 'Limited with quote approval';
    await copyDialog.getByLabel('Name of the copy').fill(name);
    await copyDialog.getByRole('button', { name: 'Make the copy' }).click();
    await shown(page.getByRole('heading', { name, level: 1 }));
    const copyId = /privilege-groups\/([^/?#]+)$/.exec(page.url())?.[1];
    expect(copyId).toBeTruthy();
    const copy = await staff.api.get<PrivilegeGroup>(`/api/staff/privilege-groups/${copyId}`);
    expect(copy.privileges).not.toContain('quotes.accept');

    // 2. Contacts → Robert Haines → privilege group: the copy.
    await navigate(page, 'Contacts');
    await page.getByLabel('Search contacts', { exact: true }).fill('Robert Haines');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    const contacts = await shown(page.getByRole('table', { name: 'Contacts' }));
    await contacts.getByRole('link', { name: 'Robert Haines', exact: true }).click();
    await shown(page.getByRole('heading', { name: 'Robert Haines', level: 1 }));
    await page.getByLabel('Privilege group', { exact: true }).selectOption({ label: name });
    await page.getByRole('button', { name: 'Save contact' }).click();
    await shown(page.getByText('Saved. Group membership and portal access follow the change'));
    expect((await staff.api.get<StaffContact>(`/api/staff/contacts/${robert.id}`)).privilegeGroupId).toBe(
      copyId,
    );

    // 3. Back to the copy: it lists Robert; add "See quotes" and "Accept or decline quotes".
    await navigate(page, 'Permissions');
    await (
      await shown(page.getByRole('table', { name: 'Privilege groups' }))
    )
      .getByRole('link', { name, exact: true })
      .click();
    await shown(page.getByRole('heading', { name, level: 1 }));
    await shown(
      page
        .getByRole('region', { name: 'Contacts in this group' })
        .getByRole('link', { name: 'Robert Haines' }),
    );
    await page.getByRole('checkbox', { name: /\squotes\.view$/ }).check();
    await page.getByRole('checkbox', { name: /\squotes\.accept$/ }).check();
    await screenshot(page, 'staff-privilege-group', { fullPage: true });

    // 4. Review and save: the dialog previews who gains what before anything is saved.
    await page.getByRole('button', { name: 'Review and save…' }).click();
    const dialog = await shown(page.getByRole('dialog', { name: `Save “${name}”?` }));
    await hasText(dialog, 'Adds:');
    const preview = dialog.getByRole('region', { name: 'What this changes' });
    await hasText(preview, /\+1 quote becomes visible to 1 contact/);
    // What they may do: the privileges gained, by how many contacts.
    await hasText(preview, '+“Accept or decline quotes” for 1 contact');
    await hasText(preview, 'Robert Haines');
    expect(
      (await staff.api.get<PrivilegeGroup>(`/api/staff/privilege-groups/${copyId}`)).privileges,
    ).not.toContain('quotes.accept');
    await screenshot(page, 'staff-preview-dialog');
    await dialog.getByRole('button', { name: 'Save changes' }).click();
    await shown(page.getByText(`“${name}” was saved.`));
    expect(await page.getByRole('dialog').count()).toBe(0);
    const saved = await staff.api.get<PrivilegeGroup>(`/api/staff/privilege-groups/${copyId}`);
    expect(saved.privileges).toEqual(expect.arrayContaining(['quotes.view', 'quotes.accept']));

    // 5. Robert signs in to the portal and accepts the quote.
    const portal = await browser.tab(DESKTOP);
    await signIn(portal.page, 'portal', PEOPLE.robert);
    await navigate(portal.page, 'Quotes');
    const quotes = await shown(portal.page.getByRole('table', { name: 'Quotes' }));
    await quotes.getByRole('link', { name: title }).click();
    await shown(portal.page.getByRole('heading', { name: title, level: 1 }));
    await portal.page.getByRole('button', { name: 'Accept quote' }).click();
    const accept = await shown(portal.page.getByRole('dialog', { name: 'Accept this quote?' }));
    await accept.getByRole('button', { name: 'Accept quote' }).click();
    await shown(portal.page.getByText('Accepted by Robert Haines'));
    expect(await portal.page.getByRole('button', { name: 'Accept quote' }).count()).toBe(0);

    const decided = await staff.api.get<StaffQuote>(`/api/staff/quotes/${quote.id}`);
    expect(decided).toMatchObject({ status: 'accepted', decidedByContactId: robert.id });
  });

  describe('f. access tools', () => {
    const PRIVATE = 'Cannot read school e-mail on my personal phone'; // Rachel Nguyen's private ticket

    it('explains a denied access: why Linda Park cannot see Rachel’s private ticket', async () => {
      const { page } = await browser.tab(DESKTOP);
      await signIn(page, 'staff', PEOPLE.admin);
      await navigate(page, 'Access tools');
      await shown(page.getByRole('heading', { name: 'Why can … see …?' }));

      await page.getByLabel('Contact', { exact: true }).fill('Linda');
      await page.getByRole('option', { name: /Linda Park/ }).click();
      await page.getByLabel('Ticket', { exact: true }).fill('Cannot read school');
      await page.getByRole('option', { name: new RegExp(PRIVATE) }).click();
      await page.getByRole('button', { name: 'Explain', exact: true }).click();

      const ticket = (
        await staff.api.get<{ items: { id: string; number: number; subject: string }[] }>(
          `/api/staff/tickets?q=${encodeURIComponent(PRIVATE)}&limit=10`,
        )
      ).items.find((t) => t.subject === PRIVATE)!;
      const verdict = await shown(page.getByRole('heading', { name: /^Linda Park cannot see/ }));
      await hasText(verdict, `#${ticket.number}`);
      const actions = page.getByRole('list', { name: /^What Linda Park may do with/ });
      const see = actions
        .getByRole('listitem')
        .filter({ has: page.getByRole('heading', { name: 'See it' }) });
      await hasText(see, 'Denied');
      await hasText(see, 'Private ticket');
      await screenshot(page, 'staff-explain', { fullPage: true });

      // The explanation is what the portal decides: Linda's own session does not find the ticket.
      expect(new URL(page.url()).searchParams.get('id')).toBe(ticket.id);
      const ticketId = ticket.id;
      const linda = await signInApi('portal', PEOPLE.linda);
      try {
        expect((await linda.api.send('GET', `/api/portal/tickets/${ticketId}`)).status()).toBe(404);
      } finally {
        await linda.dispose();
      }
    });

    /** Access tools → View portal as → Linda Park, read only; returns the portal's new tab. */
    async function viewPortalAsLinda() {
      const { page, context } = await browser.tab(DESKTOP);
      await signIn(page, 'staff', PEOPLE.admin);
      await navigate(page, 'Access tools');
      await page
        .getByRole('navigation', { name: 'Access tools' })
        .getByRole('link', { name: 'View portal as' })
        .click();
      await shown(page.getByRole('heading', { name: 'View portal as' }));
      await page.getByLabel('Contact', { exact: true }).fill('Linda');
      await page.getByRole('option', { name: /Linda Park/ }).click();
      expect(await page.getByRole('radio', { name: /^Read only/ }).isChecked()).toBe(true);
      await page.getByLabel('Reason', { exact: true }).fill('Checking what Linda sees in the group views');
      const opened = context.waitForEvent('page');
      await page.getByRole('button', { name: /^Open the portal as Linda Park/ }).click();
      const portal = await opened;
      await portal.waitForURL(/\/portal\/tickets/);
      return { staffPage: page, portal, context };
    }

    it('views the portal as a contact in read mode: the banner says so, and the server refuses writes', async () => {
      const { staffPage, portal, context } = await viewPortalAsLinda();
      const banner = await shown(portal.getByRole('region', { name: 'Impersonation' }));
      await hasText(banner, /Alex Morgan.*you are viewing the portal as.*Linda Park.*\(read-only\)/s);
      await shown(banner.getByRole('button', { name: 'Exit impersonation' }));
      await shown(staffPage.getByText('The portal is open as Linda Park'));

      const api = apiOf(context, 'portal');
      const groupOpen = await api.all<TicketSummary>('/api/portal/tickets?view=groups&status=open');
      const target = groupOpen.find((t) => t.requester.name === 'Tom Becker')!;
      const write = await api.send('POST', `/api/portal/tickets/${target.id}/comments`, {
        body: 'Not allowed',
      });
      expect(write.status()).toBe(403);
      expect(await write.text()).toContain('read-only impersonation');
      await screenshot(portal, 'portal-impersonation-read-only');
    });

    // A read-only impersonation holds no write privilege, so the portal offers no way to write.
    it('views the portal as a contact in read mode: no way to write is offered', async () => {
      const { portal } = await viewPortalAsLinda();
      await shown(portal.getByRole('region', { name: 'Impersonation' }));
      await shown(portal.getByRole('heading', { name: 'Tickets', level: 1 }));
      const list = await chooseView(portal, 'All open group cases');
      await list.getByRole('link').first().click();
      await shown(portal.getByRole('region', { name: 'Conversation' }));
      const detail = await apiOf(portal.context(), 'portal').get<TicketDetail>(
        `/api/portal/tickets/${/tickets\/([^/?#]+)/.exec(portal.url())![1]}`,
      );
      expect(detail.abilities.reply).toBe(false);
      expect(await portal.getByLabel('Your reply', { exact: true }).count()).toBe(0);
      expect(await portal.getByRole('button', { name: 'Send reply' }).count()).toBe(0);
      expect(await portal.getByLabel('Choose files').count()).toBe(0);
      await portal.goBack();
      await shown(portal.getByRole('heading', { name: 'Tickets', level: 1 }));
      expect(await portal.getByRole('link', { name: 'New ticket' }).count()).toBe(0);
    });
  });
});
