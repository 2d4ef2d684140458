// Issue 14 §4 and §5 in a real browser: a read-only "view portal as" says what it hides and that
// the contact could do it; the audit log's filters in words, its sign-in toggle, its CSV link with
// the same filters, and a change shown as a diff (field, before, after).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry, Contact } from '../../src/web/staff/types.ts';
import { expectAccessible } from './support/axe.ts';
import { apiOf, signInApi, type Api } from './support/api.ts';
import { hasText, settled, shown, signIn, useBrowser } from './support/browser.ts';
import { DESKTOP, PEOPLE, RUN } from './support/env.ts';

const browser = useBrowser();

let admin: { api: Api; dispose(): Promise<void> };
beforeAll(async () => {
  admin = await signInApi('staff', PEOPLE.admin);
});
afterAll(async () => {
  await admin?.dispose();
});

async function contactByEmail(email: string): Promise<Contact> {
  const page = await admin.api.get<{ items: Contact[] }>(
    `/api/staff/contacts?q=${encodeURIComponent(email)}`,
  );
  const contact = page.items.find((c) => c.email === email);
  if (!contact) throw new Error(`No contact ${email}`);
  return contact;
}

type PortalTicket = { id: string; contactAbilities?: { reply: boolean } };

describe('words a customer understands, and an audit log an administrator can use', () => {
  it('a read-only "view portal as" names the hidden controls as the view’s limit, not the contact’s', async () => {
    const { page, context } = await browser.tab(DESKTOP);
    await signIn(page, 'staff', PEOPLE.admin);
    const linda = await contactByEmail(PEOPLE.linda);
    await page.goto(`/staff/contacts/${linda.id}`);
    await page.getByRole('button', { name: `View portal as ${linda.name}` }).click();
    await page.getByLabel('Reason', { exact: true }).fill(`Checking the read-only words (${RUN})`);
    const [portal] = await Promise.all([
      context.waitForEvent('page'),
      page.getByRole('button', { name: 'Open the portal' }).click(),
    ]);
    const banner = await shown(portal.getByRole('region', { name: 'Impersonation' }));
    await hasText(banner, 'read-only');
    await hasText(
      banner,
      /Controls to open tickets, reply, upload files.* are hidden because this view is read-only/,
    );
    await hasText(banner, `${linda.name} can use them.`);

    // One of her tickets she may reply to herself: the page says the view hides the reply.
    const portalApi = apiOf(context, 'portal');
    const mine = await portalApi.get<{ items: Array<{ id: string }> }>(
      '/api/portal/tickets?view=mine&limit=20',
    );
    let replyable: string | undefined;
    for (const item of mine.items) {
      const detail = await portalApi.get<PortalTicket>(`/api/portal/tickets/${item.id}`);
      if (detail.contactAbilities?.reply) {
        replyable = item.id;
        break;
      }
    }
    expect(replyable).toBeDefined();
    await portal.goto(`/portal/tickets/${replyable}`);
    await shown(
      portal.getByText(
        `${linda.name} can reply to this ticket; replying is hidden because this is a read-only view.`,
      ),
    );
    expect(await portal.getByText('You can read this ticket but not reply to it.').count()).toBe(0);
    await expectAccessible(portal, 'portal read-only view');
    await portal.close();
  });

  it('the audit log: filters in words, a CSV of the same entries, a change as a diff', async () => {
    const { page, context } = await browser.tab(DESKTOP);
    await signIn(page, 'staff', PEOPLE.admin);
    const andrew = await contactByEmail(PEOPLE.andrew);
    const title = `Head of IT ${RUN}`;
    await admin.api.patch(`/api/staff/contacts/${andrew.id}`, { title });
    try {
      await page.goto('/staff/audit');
      // Each filter is in the address once applied; the next is chosen after it, as a person would.
      // (and the page has drawn it again, so the next choice starts from it).
      const choose = async (label: string, option: string, key: string, value: string) => {
        await page.getByLabel(label).selectOption({ label: option });
        await expect.poll(() => new URL(page.url()).searchParams.get(key), { timeout: 20_000 }).toBe(value);
        await expect.poll(() => page.getByLabel(label).inputValue()).toBe(value);
        await settled(page);
      };
      await choose('What', 'Contact', 'entityType', 'contact');
      await choose('Action', 'Changed', 'action', 'update');
      const entry = await shown(page.locator('.audit-entry').filter({ hasText: title }).first());
      await hasText(entry, 'Changed');
      const row = entry.getByRole('row').filter({ hasText: 'Title' });
      await hasText(row, andrew.title);
      await hasText(row, title);
      await expectAccessible(page, 'staff audit log filtered');

      // The CSV link carries the filters; the file holds the entries the page lists.
      const href = await page
        .getByRole('link', { name: 'Download these entries (CSV)' })
        .getAttribute('href');
      expect(href).toContain('entityType=contact');
      expect(href).toContain('action=update');
      const file = await context.request.get(href!);
      expect(file.status()).toBe(200);
      const text = await file.text();
      expect(text).toContain(`title: ${andrew.title} → ${title}`);
      const listed = await admin.api.get<{ items: AuditEntry[] }>(
        '/api/staff/audit?entityType=contact&action=update&limit=5',
      );
      expect(text).toContain(listed.items[0]!.id);
    } finally {
      await admin.api.patch(`/api/staff/contacts/${andrew.id}`, { title: andrew.title });
    }
  });
});
