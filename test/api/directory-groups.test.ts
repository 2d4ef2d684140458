// Issue 15, done when: "a sync run against the LDAP fixture creates the district's groups, previews
// then applies them". Against a real OpenLDAP loaded with the district fixture: with createGroups
// on, the directory groups no mapping names become user groups of the directory's (previewed, then
// created with one audit row each), follow the directory's names and descriptions, and keep their
// members in step with it; groups an administrator made are never renamed nor taken over.
import { Attribute, Change } from 'ldapts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, signedInStaff, type TestClient, type TestApp } from '../support/app.ts';
import {
  createOrganization,
  createStaffUser,
  privilegeGroupId,
  TEST_PASSWORD,
} from '../support/factories.ts';
import { slapdAvailable, startSlapd, type Slapd } from '../support/slapd.ts';

let t: TestApp;
let ldap: Slapd;
let admin: TestClient;
const db = () => t.testDb.database.db;
const GROUPS = 'ou=Groups,dc=district,dc=example';
const ids = { teachers: '', accounting: '', district: '', limited: '' };

const settings = (createGroups: { enabled: boolean; underDn?: string; namePrefix?: string }) => ({
  enabled: true,
  url: ldap.url,
  bindDn: ldap.bindDn,
  bindPassword: ldap.bindPassword,
  baseDn: ldap.baseDn,
  userFilter: '(objectClass=inetOrgPerson)',
  groupFilter: '(objectClass=groupOfNames)',
  emailAttribute: 'mail',
  nameAttribute: 'cn',
  disabledFilter: '',
  attributeMap: {},
  groupMappings: [{ dn: `cn=Teachers,${GROUPS}`, id: ids.teachers }],
  privilegeMappings: [],
  organizationMappings: [],
  defaultOrganizationId: ids.district,
  defaultPrivilegeGroupId: ids.limited,
  createGroups,
  syncMinutes: 60,
});

/** The directory's user groups: name → [description, members by e-mail, directory-managed]. */
async function directoryGroups() {
  const groups = await db()
    .selectFrom('user_groups')
    .select(['id', 'name', 'description', 'directory_dn'])
    .where('directory_dn', 'is not', null)
    .orderBy('name')
    .execute();
  const out: Record<string, { description: string; members: string[] }> = {};
  for (const g of groups) {
    const members = await db()
      .selectFrom('user_group_contacts as ugc')
      .innerJoin('contacts as c', 'c.id', 'ugc.contact_id')
      .select('c.email')
      .where('ugc.user_group_id', '=', g.id)
      .where('ugc.directory_managed', '=', true)
      .orderBy('c.email')
      .execute();
    out[g.name] = { description: g.description, members: members.map((m) => m.email) };
  }
  return out;
}

const groupAudit = (action: string) =>
  db().selectFrom('audit_log').select(['entity_id', 'after']).where('action', '=', action).execute();

const idOf = async (name: string) =>
  (await db().selectFrom('user_groups').select('id').where('name', '=', name).executeTakeFirstOrThrow()).id;

describe.skipIf(!slapdAvailable)('directory groups the sync creates (slapd, district fixture)', () => {
  beforeAll(async () => {
    ldap = await startSlapd();
    t = await startTestApp({ DIRECTORY_SYNC_TICK_SECONDS: '0' });
    const staff = await createStaffUser(db(), { role: 'admin' });
    admin = await signedInStaff(t.app, staff.email, TEST_PASSWORD);
    ids.district = (await createOrganization(db(), { name: 'Shoe String School District' })).id;
    ids.limited = await privilegeGroupId(db(), 'limited');
    for (const [key, name] of [
      ['teachers', 'Teachers'],
      // Made by an administrator, and not mapped: the directory's "Accounting" may not take it over.
      ['accounting', 'accounting'],
    ] as const)
      ids[key] = (
        await db().insertInto('user_groups').values({ name }).returning('id').executeTakeFirstOrThrow()
      ).id;
  });
  afterAll(async () => {
    await t?.close();
    await ldap?.stop();
  });

  it('previews the groups it would create, with their members, and keeps nothing', async () => {
    const saved = await admin.put('/api/staff/directory', settings({ enabled: true, underDn: GROUPS }));
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json().createGroups).toEqual({ enabled: true, underDn: GROUPS, namePrefix: '' });
    const res = await admin.post('/api/staff/directory/preview');
    expect(res.statusCode, res.body).toBe(200);
    const { changes } = res.json();
    expect(
      changes.groupsCreated.map((g: { name: string; description: string }) => [g.name, g.description]),
    ).toEqual([
      ['Almond Staff', ''],
      ['Birch Staff', 'Everyone who works at Birch School'],
      ['Office Staff', 'The district office'],
    ]);
    expect(changes.skipped).toContainEqual({
      dn: `cn=Accounting,${GROUPS}`,
      reason: expect.stringContaining('a user group named Accounting exists'),
    });
    // Teachers (mapped) 3, Almond Staff 2, Birch Staff 1, Office Staff 2.
    expect(changes.membershipsAdded).toHaveLength(3 + 2 + 1 + 2);
    const created = new Set(changes.groupsCreated.map((g: { userGroupId: string }) => g.userGroupId));
    expect(
      changes.membershipsAdded.filter((m: { userGroupId: string }) => created.has(m.userGroupId)),
    ).toHaveLength(5);
    expect(await directoryGroups()).toEqual({});
    expect(await groupAudit('directory_create_group')).toEqual([]);
  });

  it('a sync creates them, one audit row each, and a second sync changes nothing', async () => {
    const res = await admin.post('/api/staff/directory/sync');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().changes.groupsCreated).toHaveLength(3);
    expect(await directoryGroups()).toEqual({
      'Almond Staff': {
        description: '',
        members: ['anna.lee@district.example', 'tom.becker@district.example'],
      },
      'Birch Staff': {
        description: 'Everyone who works at Birch School',
        members: ['maria.gomez@district.example'],
      },
      'Office Staff': {
        description: 'The district office',
        members: ['paul.ng@district.example', 'sam.old@district.example'],
      },
    });
    const audit = await groupAudit('directory_create_group');
    expect(audit.map((a) => (a.after as { name: string }).name).sort()).toEqual([
      'Almond Staff',
      'Birch Staff',
      'Office Staff',
    ]);
    const again = await admin.post('/api/staff/directory/sync');
    const changes = again.json().changes as Record<string, unknown[]>;
    expect(Object.entries(changes).filter(([k, v]) => k !== 'skipped' && v.length > 0)).toEqual([]);
    // The administrator's group is untouched.
    const accounting = await db()
      .selectFrom('user_groups')
      .select(['name', 'directory_dn'])
      .where('id', '=', ids.accounting)
      .executeTakeFirstOrThrow();
    expect(accounting).toEqual({ name: 'accounting', directory_dn: null });
    expect(
      await db()
        .selectFrom('user_group_contacts')
        .select('contact_id')
        .where('user_group_id', '=', ids.accounting)
        .execute(),
    ).toEqual([]);
  });

  it('follows the directory: a new description and a name prefix rename, keeping the same groups', async () => {
    const birch = await idOf('Birch Staff');
    await ldap.asManager((c) =>
      c.modify(`cn=Birch Staff,${GROUPS}`, [
        new Change({
          operation: 'replace',
          modification: new Attribute({ type: 'description', values: ['Birch School, all staff'] }),
        }),
      ]),
    );
    await admin.put(
      '/api/staff/directory',
      settings({ enabled: true, underDn: GROUPS, namePrefix: 'District: ' }),
    );
    const res = await admin.post('/api/staff/directory/sync');
    const { changes } = res.json();
    expect(changes.groupsRenamed).toContainEqual({
      userGroupId: birch,
      dn: `cn=Birch Staff,${GROUPS}`,
      name: 'District: Birch Staff',
      fields: ['name', 'description'],
    });
    expect(changes.groupsRenamed).toHaveLength(3);
    expect(await idOf('District: Birch Staff')).toBe(birch);
    expect((await groupAudit('directory_rename_group')).length).toBe(3);
    // The prefix frees the administrator's name: the directory's Accounting is created now.
    expect(changes.groupsCreated.map((g: { name: string }) => g.name)).toEqual(['District: Accounting']);
    expect(changes.membershipsAdded.map((m: { email: string }) => m.email).sort()).toEqual([
      'paul.ng@district.example',
      'sam.old@district.example',
    ]);
    expect(changes.membershipsRemoved).toEqual([]);
  });

  it('a hand-made member stays; a group deleted in the directory loses its directory members, not itself', async () => {
    const office = await idOf('District: Office Staff');
    const tom = await db()
      .selectFrom('contacts')
      .select('id')
      .where('email', '=', 'tom.becker@district.example')
      .executeTakeFirstOrThrow();
    await db()
      .insertInto('user_group_contacts')
      .values({ user_group_id: office, contact_id: tom.id })
      .execute();
    await ldap.asManager((c) => c.del(`cn=Office Staff,${GROUPS}`));
    const res = await admin.post('/api/staff/directory/sync');
    const { changes } = res.json();
    expect(changes.membershipsRemoved.map((m: { email: string }) => m.email).sort()).toEqual([
      'paul.ng@district.example',
      'sam.old@district.example',
    ]);
    expect(changes.membershipsRemoved.every((m: { userGroupId: string }) => m.userGroupId === office)).toBe(
      true,
    );
    const left = await db()
      .selectFrom('user_group_contacts')
      .select(['contact_id', 'directory_managed'])
      .where('user_group_id', '=', office)
      .execute();
    expect(left).toEqual([{ contact_id: tom.id, directory_managed: false }]);
  });

  it('switched off: the directory groups lose their directory members; the groups stay', async () => {
    await admin.put(
      '/api/staff/directory',
      settings({ enabled: false, underDn: GROUPS, namePrefix: 'District: ' }),
    );
    const res = await admin.post('/api/staff/directory/sync');
    expect(res.json().changes.membershipsRemoved).toHaveLength(2 + 1 + 2);
    expect(Object.keys(await directoryGroups()).sort()).toEqual([
      'District: Accounting',
      'District: Almond Staff',
      'District: Birch Staff',
      'District: Office Staff',
    ]);
    expect(Object.values(await directoryGroups()).flatMap((g) => g.members)).toEqual([]);
  });
});
