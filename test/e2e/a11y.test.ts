// axe-core on the main pages of both interfaces, each once it has loaded: no violation of impact
// serious or critical. Milder ones are listed at the end of the run, not failed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeLog, describeViolations, expectAccessible } from './support/axe.ts';
import { signInApi, type Api } from './support/api.ts';
import { screenshot, settled, shown, signIn, useBrowser, type Tab } from './support/browser.ts';
import { DESKTOP, PEOPLE, PHONE } from './support/env.ts';
import { listOf } from './support/portal.ts';

const browser = useBrowser();

let staff: { api: Api; dispose(): Promise<void> };
const ids = { projector: '', linda: '', schoolStaff: '', almondStaff: '', invoice: '' };

beforeAll(async () => {
  staff = await signInApi('staff', PEOPLE.admin);
  const find = async <T extends { id: string }>(url: string, match: (item: T) => boolean, what: string) => {
    const item = (await staff.api.all<T>(url)).find(match);
    if (!item) throw new Error(`No ${what} in the demo data`);
    return item.id;
  };
  ids.projector = await find<{ id: string; subject: string }>(
    '/api/staff/tickets?q=Projector%20in%20room%2012',
    (t) => t.subject === 'Projector in room 12 flickers',
    'projector ticket',
  );
  ids.linda = await find<{ id: string; email: string }>(
    `/api/staff/contacts?q=${encodeURIComponent(PEOPLE.linda)}`,
    (c) => c.email === PEOPLE.linda,
    'Linda Park',
  );
  ids.schoolStaff = await find<{ id: string; name: string }>(
    '/api/staff/privilege-groups',
    (g) => g.name === 'School Staff',
    'privilege group School Staff',
  );
  ids.almondStaff = await find<{ id: string; name: string }>(
    '/api/staff/user-groups',
    (g) => g.name === 'Almond School Staff',
    'user group Almond School Staff',
  );
});

afterAll(async () => {
  await staff?.dispose();
  // The milder findings, for the record (they do not fail the run).
  const mild = axeLog.flatMap(({ page, violations }) =>
    violations.filter((v) => v.impact !== 'serious' && v.impact !== 'critical').map((v) => ({ page, v })),
  );
  if (mild.length)
    console.log(
      `[axe] moderate or minor findings:\n${mild.map(({ page, v }) => `${page}:\n${describeViolations([v])}`).join('\n')}`,
    );
  else console.log(`[axe] ${axeLog.length} page states checked: no violations of any impact.`);
});

describe('accessibility of the customer portal', () => {
  let linda: Tab;
  beforeAll(async () => {
    linda = await browser.sharedTab(DESKTOP);
    await signIn(linda.page, 'portal', PEOPLE.linda);
  });

  it('sign-in, on a phone and on a desktop, also with an error shown', async () => {
    for (const viewport of [PHONE, DESKTOP]) {
      const { page } = await browser.tab(viewport);
      await page.goto('/portal/sign-in');
      await shown(page.getByRole('heading', { name: 'Sign in to the customer portal' }));
      await expectAccessible(page, `portal sign-in ${viewport.width}`);
    }
    const { page } = await browser.tab(DESKTOP);
    await page.goto('/portal/sign-in');
    await page.getByLabel('E-mail address', { exact: true }).fill(PEOPLE.tom);
    await page.getByLabel('Password', { exact: true }).fill('not the password');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await shown(page.getByRole('alert'));
    await expectAccessible(page, 'portal sign-in with an error');
  });

  it('ticket list (group view)', async () => {
    const { page } = linda;
    await page.goto('/portal/tickets?view=groups&status=open');
    await listOf(page, 'All open group cases');
    await settled(page);
    await expectAccessible(page, 'portal ticket list');
  });

  it('ticket list on a phone, with the menu open', async () => {
    const { page } = await browser.tab(PHONE);
    await signIn(page, 'portal', PEOPLE.linda);
    // A super customer lands on her group cases (issue 13 §7).
    await listOf(page, 'All open group cases');
    await page.getByRole('button', { name: 'Menu' }).click();
    await shown(page.getByRole('navigation', { name: 'Main' }));
    await expectAccessible(page, 'portal ticket list 390, menu open');
  });

  it('ticket page', async () => {
    const { page } = linda;
    await page.goto(`/portal/tickets/${ids.projector}`);
    await shown(page.getByRole('heading', { name: 'Projector in room 12 flickers', level: 1 }));
    await shown(page.getByRole('region', { name: 'Conversation' }).getByRole('listitem').first());
    await settled(page);
    await expectAccessible(page, 'portal ticket page');
  });

  it('new ticket, also with the blank-subject error', async () => {
    const { page } = linda;
    await page.goto('/portal/tickets/new');
    await shown(page.getByRole('heading', { name: 'New ticket', level: 1 }));
    await settled(page);
    await expectAccessible(page, 'portal new ticket');
    await page.getByRole('button', { name: 'Create ticket' }).click();
    await shown(page.getByText('Enter a subject.'));
    await expectAccessible(page, 'portal new ticket with an error');
  });

  it('invoices and an invoice (accounting contact)', async () => {
    const { page } = await browser.tab(DESKTOP);
    await signIn(page, 'portal', PEOPLE.laura);
    await page.goto('/portal/invoices');
    const table = await shown(page.getByRole('table', { name: 'Invoices' }));
    await settled(page);
    await expectAccessible(page, 'portal invoices');
    await table
      .getByRole('link', { name: /^Invoice / })
      .first()
      .click();
    await shown(page.getByRole('region', { name: 'Items' }));
    await settled(page);
    await expectAccessible(page, 'portal invoice');
  });
});

describe('accessibility of the staff console', () => {
  let admin: Tab;
  beforeAll(async () => {
    admin = await browser.sharedTab(DESKTOP);
    await signIn(admin.page, 'staff', PEOPLE.admin);
  });

  it('sign-in', async () => {
    const { page } = await browser.tab(DESKTOP);
    await page.goto('/staff/sign-in');
    await shown(page.getByRole('heading', { name: 'Sign in to the staff console' }));
    await expectAccessible(page, 'staff sign-in');
  });

  it('tickets', async () => {
    const { page } = admin;
    await page.goto('/staff/tickets');
    await shown(page.getByRole('table', { name: 'Tickets' }));
    await settled(page);
    await expectAccessible(page, 'staff tickets');
    await screenshot(page, 'staff-tickets');
  });

  it('contact page', async () => {
    const { page } = admin;
    await page.goto(`/staff/contacts/${ids.linda}`);
    await shown(page.getByRole('heading', { name: 'Linda Park', level: 1 }));
    await settled(page);
    await expectAccessible(page, 'staff contact page');
  });

  it('privilege group editor, and its save dialog with the preview', async () => {
    const { page } = admin;
    await page.goto(`/staff/permissions/privilege-groups/${ids.schoolStaff}`);
    await shown(page.getByRole('heading', { name: 'School Staff', level: 1 }));
    await settled(page);
    await expectAccessible(page, 'staff privilege group editor');
    await page.getByRole('checkbox', { name: /\sinvoices\.view$/ }).check();
    await page.getByRole('button', { name: 'Review and save…' }).click();
    const dialog = await shown(page.getByRole('dialog', { name: 'Save “School Staff”?' }));
    await shown(dialog.getByRole('region', { name: 'What this changes' }).getByRole('status'));
    await expectAccessible(page, 'staff privilege group save dialog');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await page.getByRole('button', { name: 'Discard changes' }).click();
    expect(await page.getByRole('dialog').count()).toBe(0);
  });

  it('user group editor', async () => {
    const { page } = admin;
    await page.goto(`/staff/permissions/user-groups/${ids.almondStaff}`);
    await shown(page.getByRole('heading', { name: 'Almond School Staff', level: 1 }));
    await shown(page.getByRole('heading', { name: 'Members and why' }));
    await settled(page);
    await expectAccessible(page, 'staff user group editor');
  });

  it('canned responses, and the new one form', async () => {
    const { page } = admin;
    await page.goto('/staff/canned-responses');
    await shown(page.getByRole('table', { name: 'Canned responses' }));
    await settled(page);
    await page.getByRole('button', { name: 'New canned response' }).click();
    await shown(page.getByRole('form', { name: 'New canned response' }));
    await expectAccessible(page, 'staff canned responses');
  });

  it('sign-in providers, and the new one form', async () => {
    const { page } = admin;
    await page.goto('/staff/sign-in-providers');
    await shown(page.getByRole('heading', { name: 'Sign-in providers', level: 1 }));
    await settled(page);
    await page.getByRole('button', { name: 'New provider' }).click();
    const form = await shown(page.getByRole('form', { name: 'New sign-in provider' }));
    await form.getByRole('button', { name: 'Add a mapping to a user group' }).click();
    await shown(form.getByRole('textbox', { name: 'Claim value 1' }));
    await expectAccessible(page, 'staff sign-in providers');
  });

  it('explain, with an answer', async () => {
    const { page } = admin;
    await page.goto(`/staff/access/explain?contactId=${ids.linda}&type=ticket&id=${ids.projector}`);
    await shown(page.getByRole('heading', { name: /^Linda Park can see/ }));
    await settled(page);
    await expectAccessible(page, 'staff explain');
  });
});
