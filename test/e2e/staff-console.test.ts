// The staff console's everyday journeys in a real browser against a real server, each checked
// again through the API: the ticket queue and conversation (public replies vs internal notes,
// files, filed e-mails, history), a ticket for a requester, organizations (tree, create, a move
// into its own child refused), contacts (attributes, groups, invitation, "view portal as"), CSV
// import problems, the audit log's diff, API tokens and staff users. (The permission pages and
// access tools have their own file: staff.test.ts.)
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  AccessGrant,
  ApiToken,
  AuditEntry,
  Contact,
  Organization,
  StaffUser,
  Ticket,
  TicketAttachment,
  TicketComment,
  TicketEmail,
} from '../../src/web/staff/types.ts';
import { expectAccessible } from './support/axe.ts';
import { apiOf, signInApi, type Api } from './support/api.ts';
import { hasText, navigate, navLabels, shown, signIn, useBrowser } from './support/browser.ts';
import { DESKTOP, PEOPLE, RUN } from './support/env.ts';
import { PNG } from './support/portal.ts';

const browser = useBrowser();
const TABLET = { width: 820, height: 1100 };
const AGENT = 'agent@portico.example';
const PROJECTOR = 'Projector in room 12 flickers';

let admin: { api: Api; dispose(): Promise<void> };
beforeAll(async () => {
  admin = await signInApi('staff', PEOPLE.admin);
});
afterAll(async () => {
  await admin?.dispose();
});

async function ticketBySubject(subject: string): Promise<Ticket> {
  const page = await admin.api.get<{ items: Ticket[] }>(
    `/api/staff/tickets?q=${encodeURIComponent(subject)}&limit=10`,
  );
  const ticket = page.items.find((t) => t.subject === subject);
  if (!ticket) throw new Error(`No ticket "${subject}" in the demo data`);
  return ticket;
}

async function organizationNamed(name: string): Promise<Organization> {
  const page = await admin.api.get<{ items: Organization[] }>(
    `/api/staff/organizations?q=${encodeURIComponent(name)}&limit=10`,
  );
  const org = page.items.find((o) => o.name === name);
  if (!org) throw new Error(`No organization "${name}"`);
  return org;
}

async function contactByEmail(email: string): Promise<Contact> {
  const page = await admin.api.get<{ items: Contact[] }>(
    `/api/staff/contacts?q=${encodeURIComponent(email)}`,
  );
  const contact = page.items.find((c) => c.email === email);
  if (!contact) throw new Error(`No contact ${email}`);
  return contact;
}

const ticketIdOf = (url: string) => /\/staff\/tickets\/([^/?#]+)/.exec(url)?.[1] ?? '';

describe('staff console: tickets, organizations, contacts, audit', () => {
  it('1. an agent filters the queue, answers publicly, adds an internal note the requester never sees', async () => {
    const { page, context } = await browser.tab(DESKTOP);
    await signIn(page, 'staff', AGENT);
    // An agent: no permission configuration, no audit log.
    const labels = await navLabels(page);
    expect(labels).toEqual(expect.arrayContaining(['Tickets', 'Organizations', 'Contacts', 'Staff users']));
    expect(labels).not.toContain('Permissions');
    expect(labels).not.toContain('Audit log');

    const queue = await shown(page.getByRole('table', { name: 'Tickets' }));
    await expectAccessible(page, 'staff ticket queue');
    await page.getByLabel('Priority', { exact: true }).selectOption('high');
    await page.getByLabel('Search', { exact: true }).fill('projector');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await expect.poll(() => page.url()).toMatch(/priority=high/);
    await expect.poll(() => page.url()).toMatch(/q=projector/);
    await shown(queue.getByRole('link', { name: new RegExp(PROJECTOR) }));
    const api = apiOf(context, 'staff');
    const expected = await api.all<Ticket>('/api/staff/tickets/search?status=open&priority=high&q=projector');
    await expect.poll(() => queue.locator('tbody tr').count()).toBe(expected.length);

    await queue.getByRole('link', { name: new RegExp(PROJECTOR) }).click();
    await shown(page.getByRole('heading', { name: PROJECTOR, level: 1 }));
    const id = ticketIdOf(page.url());
    const conversation = page.getByRole('region', { name: 'Conversation' });
    await shown(conversation.getByText('Internal note · staff only').first());
    await expectAccessible(page, 'staff ticket');

    // A public reply…
    const reply = `The new lamp is in; we will fit it on Thursday (${RUN}).`;
    await page.getByRole('textbox', { name: 'Public reply' }).fill(reply);
    await page.getByRole('button', { name: 'Send public reply' }).click();
    await shown(page.getByRole('status').filter({ hasText: 'Reply sent.' }));
    await shown(conversation.getByRole('listitem').filter({ hasText: reply }).getByText('Public reply'));

    // …and an internal note, which also sets the ticket pending.
    const note = `Lamp cost charged to the AV contract (${RUN}).`;
    await page.getByRole('radio', { name: 'Internal note' }).check();
    await page.getByRole('textbox', { name: 'Internal note' }).fill(note);
    await page.getByLabel('and set the status').selectOption('pending');
    await page.getByRole('button', { name: 'Add internal note' }).click();
    await shown(page.getByRole('status').filter({ hasText: 'Internal note added.' }));
    const noteItem = conversation.getByRole('listitem').filter({ hasText: note });
    await shown(noteItem.getByText('Internal note · staff only'));
    await hasText(page.locator('.ticket-badges'), 'Pending');

    const comments = await api.all<TicketComment>(`/api/staff/tickets/${id}/comments`);
    expect(comments.find((c) => c.body === reply)?.public).toBe(true);
    expect(comments.find((c) => c.body === note)?.public).toBe(false);
    expect((await api.get<Ticket>(`/api/staff/tickets/${id}`)).status).toBe('pending');

    // The requester sees the reply, never the note.
    const tom = await signInApi('portal', PEOPLE.tom);
    try {
      const seen = await tom.api.all<{ body: string }>(`/api/portal/tickets/${id}/comments`);
      expect(seen.some((c) => c.body === reply)).toBe(true);
      expect(seen.some((c) => c.body === note)).toBe(false);
    } finally {
      await tom.dispose();
    }
    await api.patch(`/api/staff/tickets/${id}`, { status: 'open' });
  });

  it('2. files and e-mails switch between internal and public; a saved priority shows in the history (tablet)', async () => {
    const { page, context } = await browser.tab(TABLET);
    await signIn(page, 'staff', AGENT);
    const ticket = await ticketBySubject(PROJECTOR);
    await page.goto(`/staff/tickets/${ticket.id}`);
    await shown(page.getByRole('heading', { name: PROJECTOR, level: 1 }));
    const api = apiOf(context, 'staff');
    const attachment = async (name: string) =>
      (await api.all<TicketAttachment>(`/api/staff/tickets/${ticket.id}/attachments`)).find(
        (a) => a.filename === name,
      );

    // An upload is internal unless ticked; one click makes it public.
    const files = page.getByRole('region', { name: 'Files' });
    const name = `lamp-receipt-${RUN}.png`;
    await files.locator('input[type=file]').setInputFiles({ name, mimeType: 'image/png', buffer: PNG });
    const row = files.getByRole('listitem').filter({ has: page.getByRole('link', { name }) });
    await shown(row.getByText('Internal', { exact: true }));
    expect((await attachment(name))?.public).toBe(false);
    await row.getByRole('button', { name: `Make public ${name}` }).click();
    await shown(row.getByText('Public', { exact: true }));
    expect((await attachment(name))?.public).toBe(true);

    // The e-mail filed to the supplier is internal: made public, then internal again.
    const emails = await api.all<TicketEmail>(`/api/staff/tickets/${ticket.id}/emails`);
    const internal = emails.find((e) => !e.public);
    if (!internal) throw new Error('The demo ticket has no internal e-mail');
    const mail = page
      .locator('.disclosure')
      .filter({ hasText: 'Filed e-mails' })
      .getByRole('listitem')
      .filter({ hasText: internal.body.slice(0, 30) });
    await mail.getByRole('button', { name: /Make public/ }).click();
    await shown(mail.getByRole('button', { name: /Make internal/ }));
    const after = await api.all<TicketEmail>(`/api/staff/tickets/${ticket.id}/emails`);
    expect(after.find((e) => e.id === internal.id)?.public).toBe(true);
    await mail.getByRole('button', { name: /Make internal/ }).click();
    await shown(mail.getByRole('button', { name: /Make public/ }));

    await page.getByLabel('Priority', { exact: true }).selectOption('urgent');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await shown(page.getByText('Saved.'));
    await hasText(page.locator('.disclosure').filter({ hasText: 'History' }), 'Urgent');
    expect((await api.get<Ticket>(`/api/staff/tickets/${ticket.id}`)).priority).toBe('urgent');
    await api.patch(`/api/staff/tickets/${ticket.id}`, { priority: 'high' });
  });

  it('3. an agent opens a ticket for a requester from the contact page', async () => {
    const { page, context } = await browser.tab(DESKTOP);
    await signIn(page, 'staff', AGENT);
    await navigate(page, 'Contacts');
    await page.getByLabel('Search contacts', { exact: true }).fill('Tom Becker');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.getByRole('table', { name: 'Contacts' }).getByRole('link', { name: 'Tom Becker' }).click();
    await shown(page.getByRole('heading', { name: /Tom Becker/, level: 1 }));
    await page.getByRole('link', { name: 'New ticket' }).click();
    await shown(page.getByRole('heading', { name: 'New ticket', level: 1 }));
    await expect
      .poll(() => page.getByRole('combobox', { name: 'Requester' }).inputValue())
      .toBe('Tom Becker');
    const subject = `Whiteboard marker tray broken (${RUN})`;
    await page.getByLabel('Subject', { exact: true }).fill(subject);
    await page.getByLabel('Description', { exact: true }).fill('Phoned in: the tray fell off in room 12.');
    await page.getByRole('button', { name: 'Create ticket' }).click();
    await shown(page.getByRole('heading', { name: subject, level: 1 }));
    const created = await apiOf(context, 'staff').get<Ticket>(`/api/staff/tickets/${ticketIdOf(page.url())}`);
    expect(created.requester.name).toBe('Tom Becker');
    expect(created.organization.name).toBe('Almond School');
  });

  it('4. an administrator adds organizations to the tree, renames one, and a move into its own child is refused', async () => {
    const { page, context } = await browser.tab(DESKTOP);
    await signIn(page, 'staff', PEOPLE.admin);
    await navigate(page, 'Organizations');
    const tree = await shown(page.getByRole('region', { name: 'Organization tree' }));
    await tree.getByRole('button', { name: 'Expand Shoe String School District' }).click();
    await shown(tree.getByRole('link', { name: 'Almond School' }));
    await expectAccessible(page, 'staff organizations');

    const parentName = `Dogwood School ${RUN}`;
    await page.getByRole('button', { name: 'New organization' }).click();
    await page.getByLabel('Name', { exact: true }).fill(parentName);
    await page.getByLabel('Parent organization').selectOption({ label: 'Shoe String School District' });
    await page.getByRole('button', { name: 'Create organization' }).click();
    await shown(page.getByRole('heading', { name: parentName, level: 1 }));
    await hasText(page.locator('.page-subtitle'), 'Shoe String School District');

    const childName = `Dogwood Annex ${RUN}`;
    await page.getByLabel('New sub-organization').fill(childName);
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    await shown(
      page.getByRole('region', { name: 'Sub-organizations' }).getByRole('link', { name: childName }),
    );

    // Under its own annex would close a cycle: the server says no, the page says why.
    await page
      .getByLabel('Parent organization')
      .selectOption({ label: `Shoe String School District › ${parentName} › ${childName}` });
    await page.getByRole('button', { name: 'Move', exact: true }).click();
    await shown(page.getByText('cannot be placed under itself or one of its descendants'));
    const parent = await organizationNamed(parentName);
    expect(parent.parentId).toBe((await organizationNamed('Shoe String School District')).id);

    await page.getByLabel('Organization name').fill(`${parentName} renamed`);
    await page.getByRole('button', { name: 'Rename' }).click();
    await shown(page.getByRole('heading', { name: `${parentName} renamed`, level: 1 }));
    const api = apiOf(context, 'staff');
    expect((await api.get<Organization>(`/api/staff/organizations/${parent.id}`)).name).toBe(
      `${parentName} renamed`,
    );
  });

  it('5. an administrator creates a contact with an attribute, sees its groups and grants, and invites it', async () => {
    const { page, context } = await browser.tab(DESKTOP);
    await signIn(page, 'staff', PEOPLE.admin);
    await page.goto('/staff/contacts/new');
    await shown(page.getByRole('heading', { name: 'New contact', level: 1 }));
    // Nothing filled: the form says what is missing and puts the focus on it.
    await page.getByRole('button', { name: 'Create contact' }).click();
    await shown(page.getByText('Write the name.'));
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-invalid')))
      .toBe('true');

    const name = `Nina Ortiz ${RUN}`;
    const email = `nina.ortiz.${RUN}@almond.shoestring.example`;
    await page.getByLabel('Name', { exact: true }).fill(name);
    await page.getByLabel('E-mail address (portal sign-in)').fill(email);
    await page.getByLabel('Title', { exact: true }).fill('Art Teacher');
    await page.getByLabel('Department', { exact: true }).fill('teaching');
    await page
      .getByLabel('Organization', { exact: true })
      .selectOption({ label: 'Shoe String School District › Almond School' });
    await page.getByLabel('Privilege group', { exact: true }).selectOption({ label: 'School Staff' });
    await page.getByRole('button', { name: 'Add attribute' }).click();
    await page.getByLabel('Name of attribute 1').fill('room');
    await page.getByLabel('Value of room').fill('Art studio');
    await page.getByRole('button', { name: 'Create contact' }).click();
    await shown(page.getByRole('heading', { name, level: 1 }));
    await expectAccessible(page, 'staff contact');

    const contact = await contactByEmail(email);
    expect(contact).toMatchObject({ name, title: 'Art Teacher', attributes: { room: 'Art studio' } });

    // Its groups and why: Almond School Staff through its organization; no grants.
    const groups = page.getByRole('region', { name: 'User groups' });
    await hasText(
      groups.getByRole('listitem').filter({ hasText: 'Almond School Staff' }),
      'through its organization',
    );
    const api = apiOf(context, 'staff');
    expect(await api.all<AccessGrant>(`/api/staff/access-grants?contactId=${contact.id}`)).toEqual([]);
    await shown(page.getByRole('region', { name: 'Access grants' }).getByText('No access grants.'));

    await page.getByRole('button', { name: 'Create a link to copy' }).click();
    const link = await shown(page.getByLabel('Invitation link'));
    expect(await link.inputValue()).toMatch(/\/portal\/set-password#token=/);
  });

  it('6. "view portal as" on the contact page opens the portal in a new tab, with the banner, and is audited', async () => {
    const { page, context } = await browser.tab(DESKTOP);
    await signIn(page, 'staff', PEOPLE.admin);
    const dana = await contactByEmail(PEOPLE.dana);
    await page.goto(`/staff/contacts/${dana.id}`);
    await page.getByRole('button', { name: 'View portal as Dana Whitfield' }).click();
    const reason = `Checking ticket #38 (${RUN})`;
    await page.getByLabel('Reason', { exact: true }).fill(reason);
    const [portal] = await Promise.all([
      context.waitForEvent('page'),
      page.getByRole('button', { name: 'Open the portal' }).click(),
    ]);
    const banner = await shown(portal.getByRole('region', { name: 'Impersonation' }));
    await hasText(banner, 'Dana Whitfield');
    await hasText(banner, 'read-only');
    await shown(page.getByText('The portal is open as Dana Whitfield'));
    const entries = await admin.api.get<{ items: AuditEntry[] }>(
      `/api/staff/audit?action=impersonation_start&entityId=${dana.id}&limit=5`,
    );
    expect(entries.items.some((e) => (e.after as { reason?: string } | null)?.reason === reason)).toBe(true);
    await portal.close();
  });

  it('7. a CSV import with mistakes is refused with its problems by line, a good one is previewed before it is confirmed; the audit log shows a change as a diff', async () => {
    const { page } = await browser.tab(DESKTOP);
    await signIn(page, 'staff', PEOPLE.admin);
    await page.goto('/staff/import-export');
    await page.getByLabel('CSV file of contacts').setInputFiles({
      name: 'contacts.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(
        `name,email,organization_name\nAnn ${RUN},not-an-email,Almond School\n` +
          `Bob ${RUN},bob.${RUN}@example.com,No Such School ${RUN}\n`,
      ),
    });
    await page.getByRole('button', { name: 'Import contacts' }).click();
    const alert = await shown(page.getByRole('alert').filter({ hasText: 'The file was refused' }));
    await hasText(alert, 'Line 2, column email:');
    await hasText(alert, 'Line 3, column organization_name:');
    await expectAccessible(page, 'staff import and export');
    const refused = await admin.api.get<{ items: Contact[] }>(
      `/api/staff/contacts?q=${encodeURIComponent(`Ann ${RUN}`)}`,
    );
    expect(refused.items).toEqual([]);

    // A good file is checked first: the rows and who gains what, nothing saved until confirmed.
    const carla = `Carla ${RUN}`;
    await page.getByLabel('CSV file of contacts').setInputFiles({
      name: 'contacts.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(`name,email,organization_name\n${carla},carla.${RUN}@example.com,Almond School\n`),
    });
    await page.getByRole('button', { name: 'Import contacts' }).click();
    const check = await shown(page.getByRole('region', { name: 'Check before importing contacts.csv' }));
    await hasText(check, '1 created, 0 updated, 0 unchanged');
    await hasText(check, 'for 1 contact');
    await expectAccessible(page, 'staff import check');
    const search = `/api/staff/contacts?q=${encodeURIComponent(carla)}`;
    expect((await admin.api.get<{ items: Contact[] }>(search)).items).toEqual([]);
    await check.getByRole('button', { name: 'Confirm the import' }).click();
    await shown(page.getByText('Imported contacts.csv'));
    expect((await admin.api.get<{ items: Contact[] }>(search)).items).toHaveLength(1);

    // A change made now, and its before and after in the log.
    const andrew = await contactByEmail(PEOPLE.andrew);
    const title = `IT Lead ${RUN}`;
    await admin.api.patch(`/api/staff/contacts/${andrew.id}`, { title });
    try {
      await page.goto('/staff/audit?entityType=contact&action=update');
      const entry = await shown(page.locator('.audit-entry').filter({ hasText: title }).first());
      const row = entry.getByRole('row').filter({ hasText: 'Title' });
      await hasText(row, andrew.title);
      await hasText(row, title);
      await expectAccessible(page, 'staff audit log');
    } finally {
      await admin.api.patch(`/api/staff/contacts/${andrew.id}`, { title: andrew.title });
    }
  });

  it('8. an API token is shown once and revoked; an administrator creates an agent and disables it', async () => {
    const { page, context } = await browser.tab(DESKTOP);
    await signIn(page, 'staff', PEOPLE.admin);
    await page.goto('/staff/account');
    const name = `Monitoring ${RUN}`;
    await page.getByLabel('Token name').fill(name);
    await page.getByRole('button', { name: 'Create token' }).click();
    const token = await (await shown(page.getByLabel('Your new API token'))).inputValue();
    expect(token).toMatch(/^ptk_/);
    const bearer = { headers: { authorization: `Bearer ${token}` } };
    const me = await context.request.fetch('/api/staff/me', bearer);
    expect(((await me.json()) as { email: string }).email).toBe(PEOPLE.admin);
    await page.getByRole('button', { name: 'I have copied it' }).click();
    expect(await page.getByLabel('Your new API token').count()).toBe(0);

    const tokens = page.getByRole('table', { name: 'Your API tokens' });
    await tokens.getByRole('button', { name: `Revoke ${name}` }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Revoke token' }).click();
    await shown(
      tokens
        .getByRole('row')
        .filter({ hasText: name })
        .getByText(/^Revoked/),
    );
    const api = apiOf(context, 'staff');
    expect(
      (await api.all<ApiToken>('/api/staff/api-tokens')).find((t) => t.name === name)?.revokedAt,
    ).toBeTruthy();
    expect((await context.request.fetch('/api/staff/me', bearer)).status()).toBe(401);

    await navigate(page, 'Staff users');
    await page.getByRole('button', { name: 'New staff user' }).click();
    const email = `kim.${RUN}@portico.example`;
    await page.getByLabel('Name', { exact: true }).fill(`Kim Lee ${RUN}`);
    await page.getByLabel('E-mail address', { exact: true }).fill(email);
    await page.getByRole('button', { name: 'Create staff user' }).click();
    const users = page.getByRole('table', { name: 'Staff users' });
    await users.getByRole('button', { name: `Edit Kim Lee ${RUN}` }).click();
    await page.getByRole('checkbox', { name: 'Disabled' }).check();
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await shown(users.getByRole('row').filter({ hasText: email }).getByText('Disabled'));
    const created = (await api.all<StaffUser>('/api/staff/staff-users')).find((u) => u.email === email);
    expect(created).toMatchObject({ role: 'agent', disabled: true });
  });
});
