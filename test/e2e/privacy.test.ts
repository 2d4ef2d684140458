// A contact's data export and erasure in the console (docs/privacy.md): the administrator exports a
// new contact's data, asks to erase it, reads the preview in the confirmation dialog, confirms, and
// the page shows the anonymised contact.
import { describe, expect, it } from 'vitest';
import { apiOf, signInApi } from './support/api.ts';
import { hasText, shown, signIn, useBrowser } from './support/browser.ts';
import { DESKTOP, PEOPLE, RUN } from './support/env.ts';

const browser = useBrowser();

describe('privacy', () => {
  it('an administrator exports a contact, previews its erasure and erases it', async () => {
    const admin = await signInApi('staff', PEOPLE.admin);
    const [organization] = await admin.api.all<{ id: string }>('/api/staff/organizations');
    const contact = await admin.api.post<{ id: string }>('/api/staff/contacts', {
      name: `Erin Erasable ${RUN}`,
      email: `erin.${RUN}@privacy.example`,
      organizationId: organization?.id,
    });
    await admin.dispose();

    const { page, context } = await browser.tab(DESKTOP);
    await signIn(page, 'staff', PEOPLE.admin);
    await page.goto(`/staff/contacts/${contact.id}`);
    const card = await shown(page.getByRole('region', { name: 'Personal data' }));
    const exportLink = card.getByRole('link', { name: 'Export data' });
    const href = (await exportLink.getAttribute('href')) ?? '';
    const exported = await apiOf(context, 'staff').get<{ contact: { email: string } }>(href);
    expect(exported.contact.email).toBe(`erin.${RUN}@privacy.example`);

    await card.getByRole('button', { name: 'Erase personal data…' }).click();
    const dialog = await shown(page.getByRole('dialog', { name: `Erase Erin Erasable ${RUN}?` }));
    await hasText(dialog, /becomes Erased contact [0-9a-f]{4}/);
    await dialog.getByRole('button', { name: 'Erase for good' }).click();
    await shown(page.getByText(/Erased: the contact is now “Erased contact [0-9a-f]{4}”/));
    await shown(page.getByRole('heading', { level: 1, name: /Erased contact [0-9a-f]{4}/ }));
  });
});
