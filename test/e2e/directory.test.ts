// Issue 15: an administrator points Portico at the district's directory (a real OpenLDAP loaded
// with test/fixtures/district.ldif), previews a sync on the console's Directory page, sees the
// district's groups it would create, then syncs and finds them as user groups.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { slapdAvailable, startSlapd, type Slapd } from '../support/slapd.ts';
import { signInApi, type Api } from './support/api.ts';
import { shown, signIn, useBrowser } from './support/browser.ts';
import { DESKTOP, PEOPLE } from './support/env.ts';

const browser = useBrowser();
type Named = { id: string; name: string };

let ldap: Slapd;
let staff: { api: Api; dispose(): Promise<void> };

describe.skipIf(!slapdAvailable)('directory page against slapd', () => {
  beforeAll(async () => {
    ldap = await startSlapd();
    staff = await signInApi('staff', PEOPLE.admin);
    const district = (await staff.api.all<Named>('/api/staff/organizations')).find(
      (o) => o.name === 'Shoe String School District',
    );
    const staffGroup = (await staff.api.all<Named>('/api/staff/privilege-groups')).find(
      (g) => g.name === 'School Staff',
    );
    const put = await staff.api.send('PUT', '/api/staff/directory', {
      enabled: true,
      url: ldap.url,
      bindDn: ldap.bindDn,
      bindPassword: ldap.bindPassword,
      baseDn: ldap.baseDn,
      // Not the fixture's Tom Becker: the demo has a Tom Becker too, whom later journeys pick by name.
      userFilter: '(&(objectClass=inetOrgPerson)(!(cn=Tom Becker)))',
      groupFilter: '(objectClass=groupOfNames)',
      emailAttribute: 'mail',
      nameAttribute: 'cn',
      disabledFilter: '',
      attributeMap: {},
      groupMappings: [],
      privilegeMappings: [],
      organizationMappings: [],
      defaultOrganizationId: district?.id,
      defaultPrivilegeGroupId: staffGroup?.id,
      createGroups: { enabled: true, namePrefix: 'Directory: ' },
      syncMinutes: 60,
    });
    expect(put.status(), await put.text()).toBe(200);
  });
  afterAll(async () => {
    // Off again, so that no later journey signs in through a directory that is gone.
    if (staff) {
      // The answer's read-only fields are not part of a PUT.
      const {
        bindPasswordSet: _set,
        lastSyncAt: _at,
        lastSyncError: _error,
        ...current
      } = await staff.api.get<Record<string, unknown>>('/api/staff/directory');
      await staff.api.send('PUT', '/api/staff/directory', { ...current, enabled: false });
    }
    await staff?.dispose();
    await ldap?.stop();
  });

  it('previews the groups a sync creates, then creates them', async () => {
    const { page } = await browser.tab(DESKTOP);
    await signIn(page, 'staff', PEOPLE.admin);
    await page.goto('/staff/directory');
    await page.getByRole('button', { name: 'Preview a sync' }).click();
    await shown(page.getByText('What a sync would change (nothing saved)'));
    await shown(page.getByText(/^Directory: Birch Staff \(cn=Birch Staff,/));
    // Its members are named with the group it will be.
    await shown(page.getByText(/ → Directory: Birch Staff$/).first());
    const before = await staff.api.all<Named>('/api/staff/user-groups');
    expect(before.some((g) => g.name === 'Directory: Birch Staff')).toBe(false);

    await page.getByRole('button', { name: 'Sync now' }).click();
    await shown(page.getByText('Synced', { exact: true }));
    const after = (await staff.api.all<Named>('/api/staff/user-groups')).map((g) => g.name);
    expect(after).toEqual(expect.arrayContaining(['Directory: Birch Staff', 'Directory: Office Staff']));
  });
});
