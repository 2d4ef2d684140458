// Issue 15 §2: LDAP / Active Directory against a real OpenLDAP (test/support/slapd.ts) loaded with
// the district fixture: configuration, preview, sync, bind sign-in, and what the directory's
// changes do in Portico (memberships, disabling, signing out).
import { Attribute, Change } from 'ldapts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, signedInStaff, TestClient, type TestApp } from '../support/app.ts';
import {
  createContact,
  createOrganization,
  createStaffUser,
  privilegeGroupId,
  TEST_PASSWORD,
} from '../support/factories.ts';
import { expectError } from '../support/expect.ts';
import { slapdAvailable, startSlapd, type Slapd } from '../support/slapd.ts';

let t: TestApp;
let ldap: Slapd;
let admin: TestClient;
const db = () => t.testDb.database.db;
type Key =
  | 'district'
  | 'almond'
  | 'birch'
  | 'teachers'
  | 'accounting'
  | 'almondStaff'
  | 'limited'
  | 'partial'
  | 'tom'
  | 'principal';
const ids = {} as Record<Key, string>;
const PEOPLE = 'ou=People,dc=district,dc=example';
const GROUPS = 'ou=Groups,dc=district,dc=example';
const tomDn = `uid=tom.becker,ou=Almond School,${PEOPLE}`;
const annaDn = `uid=anna.lee,ou=Almond School,${PEOPLE}`;

const settings = (enabled: boolean) => ({
  enabled,
  url: ldap.url,
  bindDn: ldap.bindDn,
  bindPassword: ldap.bindPassword,
  baseDn: ldap.baseDn,
  userFilter: '(objectClass=inetOrgPerson)',
  groupFilter: '(objectClass=groupOfNames)',
  emailAttribute: 'mail',
  nameAttribute: 'cn',
  disabledFilter: '',
  attributeMap: {
    title: 'title',
    department: 'departmentNumber',
    phone: 'telephoneNumber',
    'attributes.room': 'roomNumber',
  },
  groupMappings: [
    { dn: `cn=Teachers,${GROUPS}`, id: ids.teachers },
    { dn: `cn=Accounting,${GROUPS}`, id: ids.accounting },
    { dn: `cn=Almond Staff,${GROUPS}`, id: ids.almondStaff },
  ],
  privilegeMappings: [{ dn: `cn=Accounting,${GROUPS}`, id: ids.partial }],
  organizationMappings: [
    { dn: `ou=Almond School,${PEOPLE}`, id: ids.almond },
    { dn: `ou=Birch School,${PEOPLE}`, id: ids.birch },
  ],
  defaultOrganizationId: ids.district,
  defaultPrivilegeGroupId: ids.limited,
  syncMinutes: 60,
});

const directoryAudit = () =>
  db()
    .selectFrom('audit_log')
    .select(['action', 'entity_id'])
    .where('action', 'like', 'directory_%')
    .where('action', '<>', 'directory_settings_changed')
    .execute();

const managedMembers = async (groupId: string) =>
  (
    await db()
      .selectFrom('user_group_contacts as ugc')
      .innerJoin('contacts as c', 'c.id', 'ugc.contact_id')
      .select('c.email')
      .where('ugc.user_group_id', '=', groupId)
      .where('ugc.directory_managed', '=', true)
      .execute()
  )
    .map((r) => r.email)
    .sort();

const contactByEmail = (email: string) =>
  db().selectFrom('contacts').selectAll().where('email', '=', email).executeTakeFirstOrThrow();

const portalSignIn = (email: string, password: string) =>
  t.app.inject({ method: 'POST', url: '/api/portal/session', payload: { email, password } });

describe.skipIf(!slapdAvailable)('directory (LDAP) against slapd', () => {
  beforeAll(async () => {
    ldap = await startSlapd();
    t = await startTestApp({ DIRECTORY_SYNC_TICK_SECONDS: '0' });
    const staff = await createStaffUser(db(), { role: 'admin' });
    admin = await signedInStaff(t.app, staff.email, TEST_PASSWORD);
    const district = await createOrganization(db(), { name: 'Shoe String School District' });
    ids.district = district.id;
    ids.almond = (await createOrganization(db(), { name: 'Almond School', parentId: district.id })).id;
    ids.birch = (await createOrganization(db(), { name: 'Birch School', parentId: district.id })).id;
    for (const [key, name] of [
      ['teachers', 'Teachers'],
      ['accounting', 'Accounting'],
      ['almondStaff', 'Almond Staff'],
    ] as const)
      ids[key] = (
        await db().insertInto('user_groups').values({ name }).returning('id').executeTakeFirstOrThrow()
      ).id;
    ids.limited = await privilegeGroupId(db(), 'limited');
    ids.partial = await privilegeGroupId(db(), 'partial');
  });
  afterAll(async () => {
    await t?.close();
    await ldap?.stop();
  });

  it('keeps its configuration for administrators only, never answering the bind password', async () => {
    const agent = await createStaffUser(db(), { role: 'agent' });
    const agentClient = await signedInStaff(t.app, agent.email, TEST_PASSWORD);
    expect((await agentClient.get('/api/staff/directory')).statusCode).toBe(403);
    const bad = await admin.put('/api/staff/directory', {
      ...settings(false),
      userFilter: 'objectClass=person',
    });
    expect(bad.statusCode).toBe(422);
    const unknown = await admin.put('/api/staff/directory', {
      ...settings(false),
      groupMappings: [{ dn: `cn=Teachers,${GROUPS}`, id: ids.district }],
    });
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json().error.message).toContain('groupMappings.0.id');
    const saved = await admin.put('/api/staff/directory', settings(false));
    expect(saved.statusCode).toBe(200);
    expect(saved.body).not.toContain(ldap.bindPassword);
    expect(saved.json()).toMatchObject({ enabled: false, bindPasswordSet: true, url: ldap.url });
    const row = await db()
      .selectFrom('audit_log')
      .select(['before', 'after'])
      .where('action', '=', 'directory_settings_changed')
      .executeTakeFirstOrThrow();
    expect(JSON.stringify(row)).not.toContain(ldap.bindPassword);
    expect(row.after).toMatchObject({ bindPasswordChanged: true });
    // A sync waits for the directory to be switched on.
    expect((await admin.post('/api/staff/directory/sync')).statusCode).toBe(409);
  });

  it('previews what a sync would change, with who gains which tickets, and keeps nothing', async () => {
    // Tom exists already (hand-made, with a ticket); a principal holds a grant on Teachers.
    const tom = await createContact(db(), {
      email: 'tom.becker@district.example',
      organizationId: ids.almond,
      name: 'Tom B.',
    });
    ids.tom = tom.id;
    await db()
      .insertInto('tickets')
      .values({ subject: 'Projector broken', requester_id: tom.id, organization_id: ids.almond })
      .execute();
    const principal = await createContact(db(), { organizationId: ids.district, privilegeGroup: 'limited' });
    ids.principal = principal.id;
    await db()
      .insertInto('access_grants')
      .values({ contact_id: principal.id, user_group_id: ids.teachers, level: 'read' })
      .execute();
    const contactsBefore = await db().selectFrom('contacts').select('id').execute();

    const res = await admin.post('/api/staff/directory/preview');
    expect(res.statusCode, res.body).toBe(200);
    const { changes, access } = res.json();
    expect(changes.contactsCreated.map((c: { email: string }) => c.email).sort()).toEqual([
      'anna.lee@district.example',
      'maria.gomez@district.example',
      'paul.ng@district.example',
      'sam.old@district.example',
    ]);
    expect(changes.contactsUpdated).toEqual([
      expect.objectContaining({
        contactId: tom.id,
        dn: tomDn,
        fields: expect.arrayContaining(['directory', 'name', 'title', 'department', 'phone', 'attributes']),
      }),
    ]);
    expect(changes.contactsDisabled).toEqual([
      expect.objectContaining({ email: 'sam.old@district.example', reason: 'disabled_in_directory' }),
    ]);
    expect(changes.membershipsAdded).toHaveLength(3 + 2 + 2);
    expect(changes.membershipsRemoved).toEqual([]);
    // The principal's grant on Teachers reaches Tom's ticket once Tom is a teacher.
    expect(access.contactsGaining).toBeGreaterThanOrEqual(1);
    expect(access.samples.gaining).toContainEqual(
      expect.objectContaining({ contact: expect.objectContaining({ id: principal.id }), tickets: 1 }),
    );
    // Nothing kept.
    expect(await db().selectFrom('contacts').select('id').execute()).toHaveLength(contactsBefore.length);
    expect(await directoryAudit()).toEqual([]);
    expect(await managedMembers(ids.teachers)).toEqual([]);
  });

  it('applies it when switched on: contacts, fields, organizations, memberships, one audit row each', async () => {
    expect((await admin.put('/api/staff/directory', settings(true))).statusCode).toBe(200);
    const res = await admin.post('/api/staff/directory/sync');
    expect(res.statusCode, res.body).toBe(200);
    const { changes } = res.json();
    const count =
      changes.contactsCreated.length +
      changes.contactsUpdated.length +
      changes.contactsDisabled.length +
      changes.contactsEnabled.length +
      changes.membershipsAdded.length +
      changes.membershipsRemoved.length;
    expect(count).toBe(4 + 1 + 1 + 7);
    expect(await directoryAudit()).toHaveLength(count);

    expect(await managedMembers(ids.teachers)).toEqual([
      'anna.lee@district.example',
      'maria.gomez@district.example',
      'tom.becker@district.example',
    ]);
    expect(await managedMembers(ids.accounting)).toEqual([
      'paul.ng@district.example',
      'sam.old@district.example',
    ]);
    const tom = await contactByEmail('tom.becker@district.example');
    expect(tom).toMatchObject({
      id: ids.tom,
      name: 'Tom Becker',
      title: 'Teacher',
      department: 'Science',
      phone: '+1 555 0101',
      organization_id: ids.almond,
      privilege_group_id: ids.limited,
    });
    expect(tom.attributes).toEqual({ room: 'A12' });
    const paul = await contactByEmail('paul.ng@district.example');
    expect(paul).toMatchObject({
      organization_id: ids.district,
      privilege_group_id: ids.partial,
      department: 'Finance',
    });
    expect(paul.password_hash).toBeNull();
    expect((await contactByEmail('maria.gomez@district.example')).organization_id).toBe(ids.birch);
    expect((await contactByEmail('sam.old@district.example')).disabled).toBe(true);
  });

  it('a second sync changes nothing and writes no audit row', async () => {
    const before = (await directoryAudit()).length;
    const res = await admin.post('/api/staff/directory/sync');
    expect(res.statusCode).toBe(200);
    expect(res.json().changes).toMatchObject({
      contactsCreated: [],
      contactsUpdated: [],
      contactsDisabled: [],
      contactsEnabled: [],
      membershipsAdded: [],
      membershipsRemoved: [],
    });
    expect(await directoryAudit()).toHaveLength(before);
  });

  it('signs directory contacts in with their directory password only', async () => {
    expect((await portalSignIn('tom.becker@district.example', 'tom-pass')).statusCode).toBe(200);
    expect((await portalSignIn('TOM.BECKER@district.example', 'tom-pass')).statusCode).toBe(200);
    // Tom's local password no longer counts, nor does a wrong or empty one; same answer for all.
    const local = await portalSignIn('tom.becker@district.example', TEST_PASSWORD);
    expect(local.statusCode).toBe(401);
    const wrong = await portalSignIn('tom.becker@district.example', 'not-tom');
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().message).toBe(local.json().message);
    expect((await portalSignIn('tom.becker@district.example', '')).statusCode).not.toBe(200);
    // Disabled in the directory: refused even with the right password (which, being right, may
    // learn that its portal access is off).
    expectError(await portalSignIn('sam.old@district.example', 'sam-pass'), 403, 'portal_access_off');
    const failures = await db()
      .selectFrom('audit_log')
      .select('entity_id')
      .where('action', '=', 'sign_in_failed')
      .where('entity_id', '=', ids.tom)
      .execute();
    expect(failures.length).toBeGreaterThanOrEqual(2);
  });

  it('step-up takes the directory password, and the password is changed in the directory, not here', async () => {
    const tom = await signedInTom();
    const stepUp = (password: string) => tom.post('/api/portal/session/step-up', { password });
    expect((await stepUp(TEST_PASSWORD)).statusCode).toBe(422);
    expect((await stepUp('tom-pass')).statusCode).toBe(204);
    const change = await tom.put('/api/portal/me/password', {
      currentPassword: 'tom-pass',
      newPassword: 'a brand new passphrase 4410',
    });
    expect(change.statusCode).toBe(409);
    expect(change.json().error.message).toMatch(/directory/);
    expect((await portalSignIn('tom.becker@district.example', 'tom-pass')).statusCode).toBe(200);
  });

  it('removing a member in the directory removes only the membership the directory made', async () => {
    const paul = await contactByEmail('paul.ng@district.example');
    const anna = await contactByEmail('anna.lee@district.example');
    // Hand-made: Paul in Almond Staff, and Anna in Almond Staff too (as well as by the directory).
    await db()
      .insertInto('user_group_contacts')
      .values({ user_group_id: ids.almondStaff, contact_id: paul.id })
      .execute();
    await ldap.asManager((c) =>
      c.modify(`cn=Almond Staff,${GROUPS}`, [
        new Change({
          operation: 'delete',
          modification: new Attribute({ type: 'member', values: [annaDn] }),
        }),
      ]),
    );
    const res = await admin.post('/api/staff/directory/sync');
    expect(res.json().changes.membershipsRemoved).toEqual([
      { userGroupId: ids.almondStaff, contactId: anna.id, email: anna.email },
    ]);
    expect(await managedMembers(ids.almondStaff)).toEqual(['tom.becker@district.example']);
    const all = await db()
      .selectFrom('user_group_contacts')
      .select(['contact_id', 'directory_managed'])
      .where('user_group_id', '=', ids.almondStaff)
      .execute();
    expect(all).toContainEqual({ contact_id: paul.id, directory_managed: false });
    const audit = await db()
      .selectFrom('audit_log')
      .select(['after'])
      .where('action', '=', 'directory_remove_member')
      .executeTakeFirstOrThrow();
    expect(audit.after).toEqual({ contactId: anna.id, directoryMember: false });
  });

  it('disabled in the directory: disabled in Portico and signed out everywhere; enabled again after', async () => {
    const tom = await signedInTom();
    expect((await tom.get('/api/portal/me')).statusCode).toBe(200);
    await ldap.asManager((c) =>
      c.modify(tomDn, [
        new Change({
          operation: 'add',
          modification: new Attribute({ type: 'objectClass', values: ['extensibleObject'] }),
        }),
        new Change({
          operation: 'add',
          modification: new Attribute({ type: 'userAccountControl', values: ['514'] }),
        }),
      ]),
    );
    const res = await admin.post('/api/staff/directory/sync');
    expect(res.json().changes.contactsDisabled).toEqual([
      {
        contactId: ids.tom,
        dn: tomDn,
        email: 'tom.becker@district.example',
        reason: 'disabled_in_directory',
      },
    ]);
    expect((await tom.get('/api/portal/me')).statusCode).toBe(401);
    expect(
      await db().selectFrom('sessions').select('id').where('contact_id', '=', ids.tom).execute(),
    ).toEqual([]);
    expectError(await portalSignIn('tom.becker@district.example', 'tom-pass'), 403, 'portal_access_off');

    await ldap.asManager((c) =>
      c.modify(tomDn, [
        new Change({
          operation: 'replace',
          modification: new Attribute({ type: 'userAccountControl', values: ['512'] }),
        }),
      ]),
    );
    const again = await admin.post('/api/staff/directory/sync');
    expect(again.json().changes.contactsEnabled).toEqual([
      { contactId: ids.tom, dn: tomDn, email: 'tom.becker@district.example' },
    ]);
    expect((await portalSignIn('tom.becker@district.example', 'tom-pass')).statusCode).toBe(200);
  });

  it('gone from the directory: disabled, and its directory memberships removed', async () => {
    const maria = await contactByEmail('maria.gomez@district.example');
    await ldap.asManager((c) => c.del(`uid=maria.gomez,ou=Birch School,${PEOPLE}`));
    const res = await admin.post('/api/staff/directory/sync');
    const { changes } = res.json();
    expect(changes.contactsDisabled).toEqual([
      expect.objectContaining({ contactId: maria.id, reason: 'gone_from_directory' }),
    ]);
    expect(changes.membershipsRemoved).toEqual([
      { userGroupId: ids.teachers, contactId: maria.id, email: maria.email },
    ]);
    expect((await contactByEmail(maria.email)).disabled).toBe(true);
  });

  it('a directory it cannot read is a 503 saying why, kept as the last sync error', async () => {
    await admin.put('/api/staff/directory', { ...settings(true), bindPassword: 'not-the-password' });
    const res = await admin.post('/api/staff/directory/sync');
    expect(res.statusCode).toBe(503);
    expect(res.json().error.message).toContain('The directory could not be read');
    const out = await admin.get('/api/staff/directory');
    expect(out.json().lastSyncError).toMatch(/credentials/i);
    await admin.put('/api/staff/directory', settings(true));
  });
});

async function signedInTom() {
  const client = new TestClient(t.app);
  const res = await client.post('/api/portal/session', {
    email: 'tom.becker@district.example',
    password: 'tom-pass',
  });
  if (res.statusCode !== 200) throw new Error(`Tom's sign-in failed: ${res.body}`);
  return client;
}
