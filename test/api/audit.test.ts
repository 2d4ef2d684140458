import { randomUUID } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedInContact, signedInStaff, startTestApp, TestClient, type TestApp } from '../support/app.ts';
import { createContact, createStaffUser, privilegeGroupId, TEST_PASSWORD } from '../support/factories.ts';
import { expectError, tableRows } from '../support/expect.ts';

let t: TestApp;
let admin: TestClient;
let agent: TestClient;
let adminId: string;
const db = () => t.testDb.database.db;
const AUDIT = '/api/staff/audit';

beforeAll(async () => {
  t = await startTestApp();
  const a = await createStaffUser(db(), { role: 'admin', name: 'Ada Admin' });
  adminId = a.id;
  admin = await signedInStaff(t.app, a.email, TEST_PASSWORD);
  agent = await signedInStaff(t.app, (await createStaffUser(db(), { role: 'agent' })).email, TEST_PASSWORD);
});
afterAll(async () => t.close());

const TABLES = [
  'privilege_groups',
  'user_groups',
  'user_group_contacts',
  'user_group_organizations',
  'access_grants',
  'module_allowed_groups',
  'audit_log',
];
const snapshot = () => tableRows(db(), TABLES);

const newPrivilegeGroup = (name: string) => ({
  name,
  privileges: ['portal.login'],
  ticketScope: 'own',
  recordScope: 'own',
  scopeLevel: 'read',
});

describe('audit log: who may call', () => {
  it('answers 401 without a session and 403 to agents', async () => {
    expectError(await new TestClient(t.app).get(AUDIT), 401, 'unauthenticated');
    expectError(await agent.get(AUDIT), 403, 'forbidden');
  });

  it('refuses bad filters, cursors and unknown parameters (422)', async () => {
    for (const query of ['entityId=nope', 'actorId=1', 'cursor=garbage', 'limit=101', 'colour=red'])
      expectError(await admin.get(`${AUDIT}?${query}`), 422, 'validation_failed');
  });
});

describe('audit log', () => {
  it('shows every change with before and after, newest first, filtered and paged', async () => {
    const created = (await admin.post('/api/staff/privilege-groups', newPrivilegeGroup('Audited'))).json();
    const updated = (
      await admin.patch(`/api/staff/privilege-groups/${created.id}`, { scopeLevel: 'write' })
    ).json();
    const res = await admin.get(`${AUDIT}?entityType=privilege_group&entityId=${created.id}`);
    expect(res.statusCode, res.body).toBe(200);
    const [update, create] = res.json().items;
    expect(res.json().items).toHaveLength(2);
    expect(update).toMatchObject({
      action: 'update',
      actorType: 'staff',
      actorId: adminId,
      actorLabel: expect.stringContaining('Ada Admin'),
      impersonatorStaffId: null,
      entityType: 'privilege_group',
      entityId: created.id,
      before: { scopeLevel: 'read' },
      after: { scopeLevel: 'write' },
      ip: expect.any(String),
    });
    expect(create).toMatchObject({ action: 'create', before: null, after: { name: 'Audited' } });
    // The row was written in the change's own transaction: both carry its start time.
    expect(update.at).toBe(updated.updatedAt);

    const byAction = await admin.get(`${AUDIT}?action=update&actorId=${adminId}`);
    expect(byAction.json().items.every((e: { action: string }) => e.action === 'update')).toBe(true);

    const all: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await admin.get(`${AUDIT}?limit=1${cursor ? `&cursor=${cursor}` : ''}`);
      all.push(...page.json().items.map((e: { id: string }) => e.id));
      cursor = page.json().nextCursor;
    } while (cursor);
    expect(all).toEqual([...all].sort().reverse());
    expect(new Set(all).size).toBe(all.length);
  });

  it('has a row for every kind of permission change', async () => {
    const contact = await createContact(db());
    const group = (await admin.post('/api/staff/user-groups', { name: 'Every change' })).json();
    const grant = (
      await admin.post('/api/staff/access-grants', {
        contactId: contact.id,
        userGroupId: group.id,
        level: 'read',
      })
    ).json();
    const copy = (
      await admin.post(`/api/staff/privilege-groups/${await privilegeGroupId(db(), 'full')}/copy`)
    ).json();
    await admin.put(`/api/staff/user-groups/${group.id}/contacts/${contact.id}`, {});
    await admin.put(`/api/staff/user-groups/${group.id}/organizations/${contact.organization_id}`, {});
    await admin.put('/api/staff/modules/kb', { allowedGroupIds: [group.id] });
    await admin.put('/api/staff/modules/kb', { allowedGroupIds: [] });
    await admin.patch(`/api/staff/access-grants/${grant.id}`, { level: 'write' });
    await admin.delete(`/api/staff/access-grants/${grant.id}`);
    await admin.patch(`/api/staff/user-groups/${group.id}`, { always: true });
    await admin.delete(`/api/staff/user-groups/${group.id}`);
    await admin.post(`/api/staff/privilege-groups/${copy.id}/make-default`);
    await admin.post(`/api/staff/privilege-groups/${await privilegeGroupId(db(), 'limited')}/make-default`);
    await admin.delete(`/api/staff/privilege-groups/${copy.id}`);

    const rows = (await admin.get(`${AUDIT}?limit=100`)).json().items as Array<{
      action: string;
      entityType: string;
      before: unknown;
      after: unknown;
    }>;
    const kinds = new Set(rows.map((r) => `${r.entityType}:${r.action}`));
    for (const kind of [
      'user_group:create',
      'access_grant:create',
      'privilege_group:copy',
      'user_group:add_contact',
      'user_group:set_organization',
      'module_visibility:update',
      'access_grant:update',
      'access_grant:delete',
      'user_group:update',
      'user_group:delete',
      'privilege_group:make_default',
      'privilege_group:unset_default',
      'privilege_group:delete',
    ])
      expect(kinds, kind).toContain(kind);
    const PERMISSION_ENTITIES = ['privilege_group', 'user_group', 'access_grant', 'module_visibility'];
    for (const r of rows.filter((r) => PERMISSION_ENTITIES.includes(r.entityType)))
      expect(r.before !== null || r.after !== null, `${r.entityType}:${r.action}`).toBe(true);
  });
});

describe('audit in the same transaction as the change', () => {
  beforeAll(async () => {
    // A switch that makes every audit insert fail, to show the change is undone with it.
    await sql`create table audit_breaker (on_ boolean)`.execute(db());
    await sql`create function audit_breaker_fire() returns trigger language plpgsql as $$
      begin
        if exists (select 1 from audit_breaker) then raise exception 'audit refused'; end if;
        return new;
      end $$`.execute(db());
    await sql`create trigger audit_breaker before insert on audit_log
      for each row execute function audit_breaker_fire()`.execute(db());
  });

  it('a change whose audit row cannot be written does not happen', async () => {
    const contact = await createContact(db());
    const group = (await admin.post('/api/staff/user-groups', { name: 'Breaker' })).json();
    const custom = (await admin.post('/api/staff/privilege-groups', newPrivilegeGroup('Breakable'))).json();
    const grant = (
      await admin.post('/api/staff/access-grants', {
        contactId: contact.id,
        userGroupId: group.id,
        level: 'read',
      })
    ).json();
    const writes: Array<() => Promise<LightMyRequestResponse>> = [
      () => admin.post('/api/staff/privilege-groups', newPrivilegeGroup('Never')),
      () => admin.patch(`/api/staff/privilege-groups/${custom.id}`, { scopeLevel: 'write' }),
      () => admin.post(`/api/staff/privilege-groups/${custom.id}/make-default`),
      () => admin.post(`/api/staff/privilege-groups/${custom.id}/copy`),
      () => admin.delete(`/api/staff/privilege-groups/${custom.id}`),
      () => admin.post('/api/staff/user-groups', { name: 'Never', memberContactIds: [contact.id] }),
      () => admin.patch(`/api/staff/user-groups/${group.id}`, { always: true }),
      () => admin.put(`/api/staff/user-groups/${group.id}/contacts/${contact.id}`, {}),
      () => admin.put(`/api/staff/user-groups/${group.id}/organizations/${contact.organization_id}`, {}),
      () => admin.delete(`/api/staff/user-groups/${group.id}`),
      () =>
        admin.post('/api/staff/access-grants', {
          contactId: contact.id,
          userGroupId: group.id,
          level: 'write',
        }),
      () => admin.patch(`/api/staff/access-grants/${grant.id}`, { level: 'write' }),
      () => admin.delete(`/api/staff/access-grants/${grant.id}`),
      () => admin.put('/api/staff/modules/assets', { allowedGroupIds: [group.id] }),
    ];
    await sql`insert into audit_breaker values (true)`.execute(db());
    try {
      for (const write of writes) {
        const before = await snapshot();
        const res = await write();
        expect(res.statusCode, res.body).toBe(500);
        expect(await snapshot()).toEqual(before);
      }
    } finally {
      await sql`delete from audit_breaker`.execute(db());
    }
    expect((await admin.delete(`/api/staff/access-grants/${grant.id}`)).statusCode).toBe(204);
  });

  it('a refused change leaves no audit row', async () => {
    const before = await snapshot();
    const limited = await privilegeGroupId(db(), 'limited');
    expect((await admin.patch(`/api/staff/privilege-groups/${limited}`, { name: 'x' })).statusCode).toBe(409);
    expect(
      (await admin.post('/api/staff/user-groups', { name: 'x', rule: { operator: 'all' } })).statusCode,
    ).toBe(422);
    expect((await admin.delete(`/api/staff/access-grants/${randomUUID()}`)).statusCode).toBe(404);
    expect((await agent.put('/api/staff/modules/kb', { allowedGroupIds: [] })).statusCode).toBe(403);
    expect(await snapshot()).toEqual(before);
  });
});

describe('audit log: filters and the CSV file', () => {
  const EXPORT = `${AUDIT}/export.csv`;
  const idsOf = (res: LightMyRequestResponse) => res.json().items.map((e: { id: string }) => e.id);
  /** The data rows of the file (after the BOM and header), as their first cell: the entry's id. */
  const csvIds = (body: string) =>
    body
      .replace(/^\ufeff/, '')
      .split('\r\n')
      .slice(1)
      .filter((line) => /^[0-9a-f]{8}-/.test(line))
      .map((line) => line.slice(0, 36));

  it('refuses the file to agents (403) and without a session (401), and a backwards range (422)', async () => {
    expectError(await new TestClient(t.app).get(EXPORT), 401, 'unauthenticated');
    expectError(await agent.get(EXPORT), 403, 'forbidden');
    const range = 'from=2026-12-02T00:00:00Z&to=2026-12-01T00:00:00Z';
    expectError(await admin.get(`${AUDIT}?${range}`), 422, 'validation_failed');
    expectError(await admin.get(`${EXPORT}?${range}`), 422, 'validation_failed');
    expectError(await admin.get(`${EXPORT}?signIns=maybe`), 422, 'validation_failed');
  });

  it('hides sign-ins unless asked, filters by type, action and time, and the file follows the list', async () => {
    const person = await createContact(db());
    // A failed and a good sign-in, then a change by the admin to the same contact.
    await new TestClient(t.app).post('/api/portal/session', { email: person.email, password: 'wrong one' });
    await signedInContact(t.app, person.email, TEST_PASSWORD);
    const start = new Date(Date.now() - 1).toISOString();
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect((await admin.patch(`/api/staff/contacts/${person.id}`, { title: 'Bursar' })).statusCode).toBe(200);
    const end = new Date(Date.now() + 1000).toISOString();

    const ofPerson = `entityId=${person.id}`;
    const hidden = (await admin.get(`${AUDIT}?${ofPerson}`)).json().items;
    expect(hidden.map((e: { action: string }) => e.action)).toEqual(['update']);
    expect(hidden[0]).toMatchObject({
      entityType: 'contact',
      before: { title: '' },
      after: { title: 'Bursar' },
    });
    const shown = (await admin.get(`${AUDIT}?${ofPerson}&signIns=true`)).json().items;
    expect(shown.map((e: { action: string }) => e.action)).toEqual(['update', 'sign_in', 'sign_in_failed']);
    // Naming a sign-in action is asking for it.
    const failed = (await admin.get(`${AUDIT}?${ofPerson}&action=sign_in_failed`)).json().items;
    expect(failed.map((e: { actorType: string }) => e.actorType)).toEqual(['anonymous']);

    // The time range: the change only, not the sign-ins before it.
    const inRange = await admin.get(`${AUDIT}?${ofPerson}&signIns=true&from=${start}&to=${end}`);
    expect(inRange.json().items.map((e: { action: string }) => e.action)).toEqual(['update']);
    const beforeRange = await admin.get(`${AUDIT}?${ofPerson}&signIns=true&to=${start}`);
    expect(beforeRange.json().items.map((e: { action: string }) => e.action)).toEqual([
      'sign_in',
      'sign_in_failed',
    ]);

    // By entity type and action (over every contact), by actor: each entry matches.
    const updates = (await admin.get(`${AUDIT}?entityType=contact&action=update&limit=100`)).json().items;
    expect(updates.length).toBeGreaterThan(0);
    expect(
      updates.every(
        (e: { entityType: string; action: string }) => e.entityType === 'contact' && e.action === 'update',
      ),
    ).toBe(true);
    const byAdmin = (await admin.get(`${AUDIT}?actorId=${adminId}&from=${start}`)).json().items;
    expect(byAdmin.map((e: { entityId: string }) => e.entityId)).toEqual([person.id]);

    // The file: the same entries in the same order as the list, for the same filters.
    for (const filter of [`${ofPerson}&signIns=true`, ofPerson, `${ofPerson}&signIns=true&to=${start}`]) {
      const file = await admin.get(`${EXPORT}?${filter}`);
      expect(file.statusCode, file.body).toBe(200);
      expect(file.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(file.headers['content-disposition']).toMatch(
        /^attachment; filename="audit-log-\d{4}-\d{2}-\d{2}\.csv"$/,
      );
      expect(csvIds(file.body), filter).toEqual(idsOf(await admin.get(`${AUDIT}?${filter}`)));
    }
    const file = (await admin.get(`${EXPORT}?${ofPerson}`)).body;
    expect(file.split('\r\n')[0]).toBe(
      '\ufeffid,at,actor_type,actor,actor_id,impersonator_staff_id,action,entity_type,entity_id,changes,before,after,ip',
    );
    // The change in words: "field: old → new".
    expect(file).toContain('title: (empty) → Bursar');
  });

  it('streams a file longer than one batch, every entry once, newest first', async () => {
    const group = (await admin.post('/api/staff/user-groups', { name: 'Many changes' })).json();
    await sql`insert into audit_log (actor_type, actor_label, action, entity_type, entity_id)
      select 'system', 'bulk', 'update', 'user_group', ${group.id}::uuid from generate_series(1, 1203)`.execute(
      db(),
    );
    const file = await admin.get(`${EXPORT}?entityId=${group.id}`);
    expect(file.statusCode).toBe(200);
    const ids = csvIds(file.body);
    expect(ids).toHaveLength(1204);
    expect(new Set(ids).size).toBe(1204);
    expect(ids).toEqual([...ids].sort().reverse());
  });
});
