import { randomUUID } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MODULES } from '../../src/authz/privileges.ts';
import { signedInContact, signedInStaff, startTestApp, TestClient, type TestApp } from '../support/app.ts';
import { createContact, createStaffUser, TEST_PASSWORD } from '../support/factories.ts';
import { expectError, expectUnchanged, tableRows } from '../support/expect.ts';

let t: TestApp;
let admin: TestClient;
let agent: TestClient;
let anon: TestClient;
const db = () => t.testDb.database.db;

beforeAll(async () => {
  t = await startTestApp();
  admin = await signedInStaff(t.app, (await createStaffUser(db(), { role: 'admin' })).email, TEST_PASSWORD);
  agent = await signedInStaff(t.app, (await createStaffUser(db(), { role: 'agent' })).email, TEST_PASSWORD);
  anon = new TestClient(t.app);
});
afterAll(async () => t.close());

const snapshot = () => tableRows(db(), ['module_allowed_groups', 'audit_log']);
const unchanged = (request: () => Promise<LightMyRequestResponse>) => expectUnchanged(snapshot, request);

const createGroup = async (body: Record<string, unknown>) => {
  const res = await admin.post('/api/staff/user-groups', body);
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; name: string };
};
const put = (module: string, allowedGroupIds: string[]) =>
  admin.put(`/api/staff/modules/${module}`, { allowedGroupIds });

describe('module visibility: who may call', () => {
  it('answers 401 without a session and 403 to agents, changing nothing', async () => {
    for (const [method, url, body] of [
      ['GET', '/api/staff/modules'],
      ['PUT', '/api/staff/modules/invoices', { allowedGroupIds: [] }],
    ] as const) {
      expectError(await unchanged(() => anon.request(method, url, body)), 401, 'unauthenticated');
      expectError(await unchanged(() => agent.request(method, url, body)), 403, 'forbidden');
    }
  });

  it('answers 404 for an unknown module and 422 for unknown groups or fields', async () => {
    const group = await createGroup({ name: 'Somebody' });
    expectError(await unchanged(() => put('sales_orders', [])), 404, 'not_found');
    expectError(await unchanged(() => put('Invoices', [])), 404, 'not_found');
    expectError(
      await unchanged(() => put('invoices', [group.id, randomUUID()])),
      422,
      'validation_failed',
      'body.allowedGroupIds.1',
    );
    expectError(
      await unchanged(() => put('invoices', ['not-a-uuid'])),
      422,
      'validation_failed',
      'body.allowedGroupIds.0',
    );
    expectError(
      await unchanged(() => admin.put('/api/staff/modules/invoices', { allowedGroupIds: [], open: true })),
      422,
      'validation_failed',
      'body.open',
    );
    expectError(
      await unchanged(() => admin.put('/api/staff/modules/invoices', {})),
      422,
      'validation_failed',
      'body.allowedGroupIds',
    );
  });
});

describe('module visibility', () => {
  it('lists every module, open to all at first', async () => {
    const res = await admin.get('/api/staff/modules');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ items: MODULES.map((module) => ({ module, allowedGroups: [] })) });
  });

  it('restricts modules to groups and opens them again, audited with before and after', async () => {
    const accounting = await createGroup({ name: 'Accounting' });
    const billing = await createGroup({ name: 'billing contacts' });
    const res = await put('quotes', [billing.id, accounting.id, billing.id]);
    expect(res.statusCode, res.body).toBe(200);
    const item = {
      module: 'quotes',
      allowedGroups: [
        { id: accounting.id, name: 'Accounting' },
        { id: billing.id, name: 'billing contacts' },
      ],
    };
    expect(res.json()).toEqual(item);
    const listed = (await admin.get('/api/staff/modules')).json().items;
    expect(listed.find((m: { module: string }) => m.module === 'quotes')).toEqual(item);
    // Saving the same list again is no change.
    await unchanged(() => put('quotes', [accounting.id, billing.id]));
    expect((await put('quotes', [])).json()).toEqual({ module: 'quotes', allowedGroups: [] });

    const audit = await db()
      .selectFrom('audit_log')
      .selectAll()
      .where('entity_type', '=', 'module_visibility')
      .orderBy('id')
      .execute();
    expect(audit.slice(-2)).toMatchObject([
      { action: 'update', before: { module: 'quotes', allowedGroups: [] }, after: item },
      { action: 'update', before: item, after: { module: 'quotes', allowedGroups: [] } },
    ]);
  });

  it('keeps a user group it uses from being deleted (409); a deleted group takes its grants along', async () => {
    const group = await createGroup({ name: 'Soon gone' });
    const contact = await createContact(db());
    const grant = await admin.post('/api/staff/access-grants', {
      contactId: contact.id,
      userGroupId: group.id,
      level: 'read',
    });
    await put('invoices', [group.id]);
    // Deleting it would open the module to every contact.
    expectError(await unchanged(() => admin.delete(`/api/staff/user-groups/${group.id}`)), 409, 'conflict');
    await put('invoices', []);
    expect((await admin.delete(`/api/staff/user-groups/${group.id}`)).statusCode).toBe(204);
    expect((await admin.get(`/api/staff/access-grants/${grant.json().id}`)).statusCode).toBe(404);
    const audit = await db()
      .selectFrom('audit_log')
      .select(['action', 'entity_type'])
      .where('entity_id', 'in', [group.id, grant.json().id])
      .orderBy('id')
      .execute();
    expect(audit.slice(-2)).toEqual([
      { action: 'delete', entity_type: 'access_grant' },
      { action: 'delete', entity_type: 'user_group' },
    ]);
  });
});

describe('effect on the portal', () => {
  it("the contact's modules follow the allowed groups and its membership on the very next request", async () => {
    const accountant = await createContact(db(), { department: 'Accounting', privilegeGroup: 'full' });
    const technician = await createContact(db(), { department: 'Technical', privilegeGroup: 'full' });
    const accounting = await createGroup({
      name: 'Accounting department',
      rule: { operator: 'all', conditions: [{ field: 'department', op: 'equals', value: 'accounting' }] },
    });
    const asAccountant = await signedInContact(t.app, accountant.email, TEST_PASSWORD);
    const asTechnician = await signedInContact(t.app, technician.email, TEST_PASSWORD);
    const modules = async (client: TestClient) => (await client.get('/api/portal/me')).json().modules;
    expect(await modules(asTechnician)).toEqual([...MODULES]);

    for (const module of ['invoices', 'quotes', 'payments']) await put(module, [accounting.id]);
    const withoutMoney = MODULES.filter((m) => !['invoices', 'quotes', 'payments'].includes(m));
    expect(await modules(asAccountant)).toEqual([...MODULES]);
    expect(await modules(asTechnician)).toEqual(withoutMoney);
    // Every endpoint of a module the contact may not use answers as if there were nothing.
    expect((await asTechnician.get('/api/portal/tickets')).statusCode).toBe(200);
    await put('tickets', [accounting.id]);
    expectError(await asTechnician.get('/api/portal/tickets'), 404, 'not_found');
    expect((await asAccountant.get('/api/portal/tickets')).statusCode).toBe(200);
    await put('tickets', []);

    // A change of the contact's department moves it between groups at once.
    await db()
      .updateTable('contacts')
      .set({ department: 'accounting' })
      .where('id', '=', technician.id)
      .execute();
    expect(await modules(asTechnician)).toEqual([...MODULES]);
    await db()
      .updateTable('contacts')
      .set({ department: 'technical' })
      .where('id', '=', technician.id)
      .execute();
    expect(await modules(asTechnician)).toEqual(withoutMoney);

    // An explicit member of a second allowed group gets the module too.
    const billing = await createGroup({ name: 'Billing', memberContactIds: [technician.id] });
    await put('invoices', [accounting.id, billing.id]);
    expect(await modules(asTechnician)).toEqual(withoutMoney.concat('invoices').sort(byCatalogue));
    await put('invoices', []);
    await put('quotes', []);
    await put('payments', []);
    expect(await modules(asTechnician)).toEqual([...MODULES]);
  });
});

const byCatalogue = (a: string, b: string) =>
  MODULES.indexOf(a as (typeof MODULES)[number]) - MODULES.indexOf(b as (typeof MODULES)[number]);
