// The console pages for canned responses and sign-in (OIDC) providers: an agent writes a canned
// response of its team (the API's 422 shown at the field), edits and deletes it; an administrator
// adds a provider (a mapping row's 422 at its field), edits it keeping the secret, deletes it.
import { describe, expect, it } from 'vitest';
import { signInApi } from './support/api.ts';
import { hasText, shown, signIn, useBrowser } from './support/browser.ts';
import { DESKTOP, PEOPLE, RUN } from './support/env.ts';

const browser = useBrowser();
const AGENT = 'agent@portico.example';

describe('console admin pages', () => {
  it('an agent writes, edits and deletes a canned response of its team', async () => {
    // A team of the agent's (the demo data has none).
    const admin = await signInApi('staff', PEOPLE.admin);
    const agent = (await admin.api.all<{ id: string; email: string }>('/api/staff/staff-users')).find(
      (u) => u.email === AGENT,
    );
    await admin.api.post('/api/staff/teams', { name: `Desk ${RUN}`, memberIds: [agent?.id] });
    await admin.dispose();
    const { page } = await browser.tab(DESKTOP);
    await signIn(page, 'staff', AGENT);
    await page.goto('/staff/canned-responses');
    await shown(page.getByRole('table', { name: 'Canned responses' }));
    await page.getByRole('button', { name: 'New canned response' }).click();
    const form = await shown(page.getByRole('form', { name: 'New canned response' }));
    const title = `Reboot ${RUN}`;
    await form.getByLabel('Title').fill(title);
    const team = form.getByLabel('For');
    const teamValue = await team.locator('option').nth(1).getAttribute('value');
    await team.selectOption(teamValue ?? '');
    await form.getByLabel('Text').fill('Hello {{contact.nickname}}, please reboot.');
    await form.getByRole('button', { name: 'Create canned response' }).click();
    await shown(form.getByText(/unknown placeholder \{\{contact\.nickname\}\}/));
    await form.getByLabel('Text').fill('Hello {{contact.firstName}}, please reboot.');
    await form.getByRole('button', { name: 'Create canned response' }).click();
    const row = page.getByRole('row', { name: new RegExp(title) });
    await shown(row);
    await hasText(row, 'Team ');

    await row.getByRole('button', { name: `Edit ${title}` }).click();
    const edit = await shown(page.getByRole('form', { name: `Edit ${title}` }));
    await edit.getByLabel('Title').fill(`${title} now`);
    await edit.getByRole('button', { name: 'Save' }).click();
    const edited = page.getByRole('row', { name: new RegExp(`${title} now`) });
    await shown(edited);

    page.once('dialog', (dialog) => void dialog.accept());
    await edited.getByRole('button', { name: `Delete ${title} now` }).click();
    await edited.waitFor({ state: 'detached' });
  });

  it('an administrator adds, edits and deletes a sign-in provider', async () => {
    const { page } = await browser.tab(DESKTOP);
    await signIn(page, 'staff', PEOPLE.admin);
    await page.goto('/staff/sign-in-providers');
    await shown(page.getByRole('heading', { name: 'Sign-in providers', level: 1 }));
    await page.getByRole('button', { name: 'New provider' }).click();
    const form = await shown(page.getByRole('form', { name: 'New sign-in provider' }));
    await shown(form.getByText('/api/auth/oidc/callback'));
    const name = `Entra ${RUN}`;
    await form.getByLabel('Display name').fill(name);
    await form.getByLabel('Issuer').fill(`https://login.example.com/${RUN}/v2.0`);
    await form.getByLabel('Client ID').fill('client-1');
    await form.getByLabel('Client secret').fill('secret-1');
    await form.getByRole('button', { name: 'Add a mapping to a user group' }).click();
    await form.getByLabel('Claim value 1', { exact: true }).fill('group-object-id');
    // No user group chosen: the API's 422 is shown at the row's field.
    await form.getByRole('button', { name: 'Create provider' }).click();
    await shown(form.locator('.field-invalid').getByLabel('User group 1'));
    const group = form.getByLabel('User group 1');
    await group.selectOption((await group.locator('option').nth(1).getAttribute('value')) ?? '');
    await form.getByRole('button', { name: 'Create provider' }).click();
    const row = page.getByRole('row', { name: new RegExp(name) });
    await shown(row);
    await hasText(row, '/api/auth/oidc/callback');

    await row.getByRole('button', { name: `Edit ${name}` }).click();
    const edit = await shown(page.getByRole('form', { name: `Edit ${name}` }));
    expect(await edit.getByLabel('Client secret').inputValue()).toBe('');
    await edit.getByLabel('Client ID').fill('client-2');
    // The claims may also set the privilege group (the first mapping the person's claims hold).
    await edit.getByRole('button', { name: 'Add a mapping to a privilege group' }).click();
    await edit.getByLabel('Privilege claim value 1').fill('principals');
    const privilege = edit.getByLabel('Privilege group 1');
    await privilege.selectOption({ label: 'School Principal' });
    await edit.getByRole('button', { name: 'Save' }).click();
    await edit.waitFor({ state: 'detached' });
    await row.getByRole('button', { name: `Edit ${name}` }).click();
    const again = await shown(page.getByRole('form', { name: `Edit ${name}` }));
    expect(await again.getByLabel('Privilege claim value 1').inputValue()).toBe('principals');
    await again.getByRole('button', { name: 'Cancel' }).click();

    page.once('dialog', (dialog) => void dialog.accept());
    await row.getByRole('button', { name: `Delete ${name}` }).click();
    await row.waitFor({ state: 'detached' });
  });
});
