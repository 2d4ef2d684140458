import { randomUUID } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PRIVILEGE_NAMES } from '../../src/authz/privileges.ts';
import { signedInContact, signedInStaff, startTestApp, TestClient, type TestApp } from '../support/app.ts';
import {
  createContact,
  createOrganization,
  createStaffUser,
  privilegeGroupId,
  TEST_PASSWORD,
} from '../support/factories.ts';
import { expectError, expectUnchanged, tableRows } from '../support/expect.ts';

let t: TestApp;
let admin: TestClient;
let agent: TestClient;
let anon: TestClient;
const db = () => t.testDb.database.db;
const BASE = '/api/staff/privilege-groups';

beforeAll(async () => {
  t = await startTestApp();
  admin = await signedInStaff(t.app, (await createStaffUser(db(), { role: 'admin' })).email, TEST_PASSWORD);
  agent = await signedInStaff(t.app, (await createStaffUser(db(), { role: 'agent' })).email, TEST_PASSWORD);
  anon = new TestClient(t.app);
});
afterAll(async () => t.close());

/** Every table a refused request could have written, audit log included. */
const snapshot = () => tableRows(db(), ['privilege_groups', 'contacts', 'audit_log']);
const unchanged = (request: () => Promise<LightMyRequestResponse>) => expectUnchanged(snapshot, request);

const newGroup = (extra: Record<string, unknown> = {}) => ({
  name: `Group ${randomUUID().slice(0, 8)}`,
  privileges: ['tickets.view', 'portal.login', 'tickets.view'],
  ticketScope: 'organization',
  recordScope: 'own',
  scopeLevel: 'read',
  ...extra,
});

const auditRows = (entityId: string) =>
  db().selectFrom('audit_log').selectAll().where('entity_id', '=', entityId).orderBy('id').execute();

describe('privilege groups: who may call', () => {
  const routes = (id: string) =>
    [
      ['GET', '/api/staff/privileges'],
      ['GET', BASE],
      ['GET', `${BASE}/${id}`],
      ['POST', BASE, newGroup()],
      ['PATCH', `${BASE}/${id}`, { name: 'x' }],
      ['DELETE', `${BASE}/${id}`],
      ['POST', `${BASE}/${id}/copy`, {}],
      ['POST', `${BASE}/${id}/make-default`, {}],
    ] as const;

  it('answers 401 without a session and 403 to agents, changing nothing', async () => {
    const id = await privilegeGroupId(db(), 'partial');
    for (const [method, url, body] of routes(id)) {
      expectError(await unchanged(() => anon.request(method, url, body)), 401, 'unauthenticated');
      expectError(await unchanged(() => agent.request(method, url, body)), 403, 'forbidden');
    }
  });

  it('answers 404 for unknown and malformed ids', async () => {
    for (const id of [randomUUID(), 'not-a-uuid']) {
      for (const [method, url, body] of routes(id).slice(2)) {
        if (method === 'POST' && url === BASE) continue;
        expectError(await unchanged(() => admin.request(method, url, body)), 404, 'not_found');
      }
    }
  });
});

describe('privilege catalogue and system groups', () => {
  it('lists every privilege with its description', async () => {
    const res = await admin.get('/api/staff/privileges');
    expect(res.statusCode).toBe(200);
    const items = res.json().items as Array<{ name: string; description: string }>;
    expect(items.map((p) => p.name)).toEqual(PRIVILEGE_NAMES);
    for (const p of items) expect(p.description.length).toBeGreaterThan(5);
  });

  it('lists the four locked system groups by name, page by page', async () => {
    const seen: Array<{ name: string; locked: boolean; systemKey: string | null }> = [];
    let cursor: string | null = null;
    do {
      const res = await admin.get(`${BASE}?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.statusCode).toBe(200);
      seen.push(...res.json().items);
      cursor = res.json().nextCursor;
    } while (cursor);
    const system = seen.filter((g) => g.systemKey !== null);
    expect(system.map((g) => g.name)).toEqual(['Full', 'Limited', 'No portal access', 'Partial']);
    expect(system.every((g) => g.locked)).toBe(true);
    expect(new Set(seen.map((g) => g.name)).size).toBe(seen.length);
  });

  it('refuses to edit or delete a system group (409), but copies it', async () => {
    const limited = await privilegeGroupId(db(), 'limited');
    const group = (await admin.get(`${BASE}/${limited}`)).json();
    expect(group).toMatchObject({ name: 'Limited', systemKey: 'limited', locked: true, isDefault: true });
    expect(group.privileges).toEqual([...group.privileges].sort());
    expectError(await unchanged(() => admin.patch(`${BASE}/${limited}`, { name: 'Mine' })), 409, 'conflict');
    expectError(await unchanged(() => admin.delete(`${BASE}/${limited}`)), 409, 'conflict');

    const copy = await admin.post(`${BASE}/${limited}/copy`);
    expect(copy.statusCode, copy.body).toBe(201);
    expect(copy.json()).toMatchObject({
      name: 'Copy of Limited',
      systemKey: null,
      locked: false,
      isDefault: false,
      privileges: group.privileges,
      ticketScope: group.ticketScope,
      recordScope: group.recordScope,
      scopeLevel: group.scopeLevel,
    });
    // Without a body at all, and again: the default name is made unique.
    const again = await admin.request('POST', `${BASE}/${limited}/copy`);
    expect(again.statusCode, again.body).toBe(201);
    expect(again.json().name).toBe('Copy of Limited (2)');
    const named = await admin.post(`${BASE}/${limited}/copy`, { name: 'Teachers' });
    expect(named.json().name).toBe('Teachers');
    expectError(
      await unchanged(() => admin.post(`${BASE}/${limited}/copy`, { name: 'teachers' })),
      409,
      'conflict',
    );
    expectError(
      await unchanged(() => admin.post(`${BASE}/${limited}/copy`, { name: 'x', colour: 'red' })),
      422,
      'validation_failed',
    );
    const [audit] = await auditRows(copy.json().id);
    expect(audit).toMatchObject({ action: 'copy', entity_type: 'privilege_group' });
    expect(audit?.after).toMatchObject({ name: 'Copy of Limited' });
  });
});

describe('custom privilege groups', () => {
  it('creates, reads, updates and deletes, with an audit row for each change', async () => {
    const body = newGroup({ description: 'Teachers' });
    const res = await admin.post(BASE, body);
    expect(res.statusCode, res.body).toBe(201);
    const created = res.json();
    expect(Object.keys(created).sort()).toEqual(
      [
        'id',
        'name',
        'description',
        'systemKey',
        'locked',
        'privileges',
        'ticketScope',
        'recordScope',
        'scopeLevel',
        'isDefault',
        'createdAt',
        'updatedAt',
      ].sort(),
    );
    expect(created).toMatchObject({ name: body.name, locked: false, isDefault: false });
    expect(created.privileges).toEqual(['portal.login', 'tickets.view']);
    expect((await admin.get(`${BASE}/${created.id}`)).json()).toEqual(created);

    const patched = await admin.patch(`${BASE}/${created.id}`, {
      privileges: ['tickets.view'],
      scopeLevel: 'write',
    });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json()).toMatchObject({
      name: body.name,
      privileges: ['tickets.view'],
      scopeLevel: 'write',
    });
    // Renaming to its own name in another case is fine.
    expect((await admin.patch(`${BASE}/${created.id}`, { name: body.name.toUpperCase() })).statusCode).toBe(
      200,
    );

    expect((await admin.delete(`${BASE}/${created.id}`)).statusCode).toBe(204);
    expect((await admin.get(`${BASE}/${created.id}`)).statusCode).toBe(404);
    const audits = await auditRows(created.id);
    expect(audits.map((a) => a.action)).toEqual(['create', 'update', 'update', 'delete']);
    expect(audits[0]).toMatchObject({
      before: null,
      after: { privileges: ['portal.login', 'tickets.view'] },
    });
    expect(audits[1]).toMatchObject({ before: { scopeLevel: 'read' }, after: { scopeLevel: 'write' } });
    expect(audits[3]).toMatchObject({ before: { id: created.id }, after: null });
  });

  it('refuses unknown privileges, fields and values (422) and duplicate names (409)', async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [newGroup({ privileges: ['tickets.view', 'tickets.delete'] }), 'body.privileges.1'],
      [newGroup({ colour: 'red' }), 'body.colour'],
      [newGroup({ ticketScope: 'everything' }), 'body.ticketScope'],
      [newGroup({ name: '  ' }), 'body.name'],
    ];
    for (const [body, path] of cases)
      expectError(await unchanged(() => admin.post(BASE, body)), 422, 'validation_failed', path);
    expectError(await unchanged(() => admin.post(BASE, newGroup({ name: 'PARTIAL' }))), 409, 'conflict');

    const group = (await admin.post(BASE, newGroup())).json();
    const url = `${BASE}/${group.id}`;
    expectError(await unchanged(() => admin.patch(url, { isDefault: true })), 422, 'validation_failed');
    expectError(await unchanged(() => admin.patch(url, { privileges: ['x'] })), 422, 'validation_failed');
    expectError(await unchanged(() => admin.patch(url, { name: 'full' })), 409, 'conflict');
  });

  it('refuses to delete a group that contacts use (409)', async () => {
    const group = (await admin.post(BASE, newGroup())).json();
    const contact = await createContact(db(), { privilegeGroupId: group.id });
    expectError(await unchanged(() => admin.delete(`${BASE}/${group.id}`)), 409, 'conflict');
    await db().deleteFrom('contacts').where('id', '=', contact.id).execute();
    expect((await admin.delete(`${BASE}/${group.id}`)).statusCode).toBe(204);
  });
});

describe('the default group', () => {
  it('is Limited until another group is made the default, and cannot be deleted', async () => {
    const organizationId = (await createOrganization(db())).id;
    const limited = await privilegeGroupId(db(), 'limited');
    const newContact = async () => {
      const res = await admin.post('/api/staff/contacts', {
        name: 'New Person',
        email: `new-${randomUUID().slice(0, 8)}@example.test`,
        organizationId,
      });
      expect(res.statusCode, res.body).toBe(201);
      return res.json().privilegeGroupId as string;
    };
    expect(await newContact()).toBe(limited);

    const group = (await admin.post(BASE, newGroup())).json();
    const res = await admin.post(`${BASE}/${group.id}/make-default`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ id: group.id, isDefault: true });
    expect((await admin.get(`${BASE}/${limited}`)).json().isDefault).toBe(false);
    const defaults = await db()
      .selectFrom('privilege_groups')
      .select('id')
      .where('is_default', '=', true)
      .execute();
    expect(defaults).toEqual([{ id: group.id }]);
    expect(await newContact()).toBe(group.id);
    expect((await auditRows(group.id)).at(-1)).toMatchObject({
      action: 'make_default',
      before: { isDefault: false },
      after: { isDefault: true },
    });
    expect((await auditRows(limited)).at(-1)).toMatchObject({
      action: 'unset_default',
      before: { isDefault: true },
      after: { isDefault: false },
    });

    // Making the default the default again changes nothing.
    await unchanged(() => admin.post(`${BASE}/${group.id}/make-default`));
    expectError(await unchanged(() => admin.delete(`${BASE}/${group.id}`)), 409, 'conflict');
    expect((await admin.post(`${BASE}/${limited}/make-default`)).json().isDefault).toBe(true);
    expect(await newContact()).toBe(limited);
  });
});

describe('effect on the portal', () => {
  it("a change of the contact's group shows on its very next request", async () => {
    const group = (await admin.post(BASE, newGroup({ privileges: ['portal.login', 'tickets.view'] }))).json();
    const contact = await createContact(db(), { privilegeGroupId: group.id });
    const portal = await signedInContact(t.app, contact.email, TEST_PASSWORD);
    expect((await portal.get('/api/portal/me')).json()).toMatchObject({
      privileges: ['portal.login', 'tickets.view'],
      ticketScope: 'organization',
      scopeLevel: 'read',
    });
    await admin.patch(`${BASE}/${group.id}`, {
      privileges: ['portal.login', 'kb.view'],
      ticketScope: 'organization_tree',
      scopeLevel: 'write',
    });
    const me = (await portal.get('/api/portal/me')).json();
    expect(me).toMatchObject({ privileges: ['kb.view', 'portal.login'], ticketScope: 'organization_tree' });
    expect(me.views).toEqual([]);
    // Without portal.login the session no longer counts.
    await admin.patch(`${BASE}/${group.id}`, { privileges: ['kb.view'] });
    expect((await portal.get('/api/portal/me')).statusCode).toBe(401);
  });
});
