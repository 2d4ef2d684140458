import { randomUUID } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedInContact, signedInStaff, startTestApp, TestClient, type TestApp } from '../support/app.ts';
import { createContact, createStaffUser, TEST_PASSWORD } from '../support/factories.ts';
import { expectError, expectUnchanged, tableRows } from '../support/expect.ts';

let t: TestApp;
let admin: TestClient;
let agent: TestClient;
let anon: TestClient;
let groupId: string;
const db = () => t.testDb.database.db;
const BASE = '/api/staff/access-grants';

beforeAll(async () => {
  t = await startTestApp();
  admin = await signedInStaff(t.app, (await createStaffUser(db(), { role: 'admin' })).email, TEST_PASSWORD);
  agent = await signedInStaff(t.app, (await createStaffUser(db(), { role: 'agent' })).email, TEST_PASSWORD);
  anon = new TestClient(t.app);
  groupId = (await admin.post('/api/staff/user-groups', { name: 'Almond School Staff' })).json().id;
});
afterAll(async () => t.close());

const snapshot = () => tableRows(db(), ['access_grants', 'audit_log']);
const unchanged = (request: () => Promise<LightMyRequestResponse>) => expectUnchanged(snapshot, request);

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();
const grant = async (body: Record<string, unknown>) => {
  const res = await admin.post(BASE, { userGroupId: groupId, level: 'read', ...body });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
};

describe('access grants: who may call', () => {
  it('answers 401 without a session and 403 to agents; 404 for unknown ids; nothing changes', async () => {
    const contact = await createContact(db());
    const existing = await grant({ contactId: contact.id });
    const routes = (id: string) =>
      [
        ['GET', `${BASE}/${id}`],
        ['PATCH', `${BASE}/${id}`, { level: 'write' }],
        ['DELETE', `${BASE}/${id}`],
      ] as const;
    const all = [
      ['GET', BASE],
      ['POST', BASE, { contactId: contact.id, userGroupId: groupId, level: 'read' }],
      ...routes(existing.id),
    ] as const;
    for (const [method, url, body] of all) {
      expectError(await unchanged(() => anon.request(method, url, body)), 401, 'unauthenticated');
      expectError(await unchanged(() => agent.request(method, url, body)), 403, 'forbidden');
    }
    for (const id of [randomUUID(), 'not-a-uuid'])
      for (const [method, url, body] of routes(id))
        expectError(await unchanged(() => admin.request(method, url, body)), 404, 'not_found');
  });
});

describe('access grants', () => {
  it('creates, reads, lists, updates and deletes grants, each change audited', async () => {
    const contact = await createContact(db(), { name: 'Linda Principal' });
    const expiresAt = inDays(14);
    const created = await grant({ contactId: contact.id, level: 'write', expiresAt });
    expect(created).toEqual({
      id: expect.any(String),
      contact: { id: contact.id, name: 'Linda Principal' },
      userGroup: { id: groupId, name: 'Almond School Staff' },
      level: 'write',
      expiresAt,
      expired: false,
      createdAt: expect.any(String),
    });
    expect((await admin.get(`${BASE}/${created.id}`)).json()).toEqual(created);
    const forContact = await admin.get(`${BASE}?contactId=${contact.id}`);
    expect(forContact.json()).toEqual({ items: [created], nextCursor: null });

    const patched = await admin.patch(`${BASE}/${created.id}`, { level: 'read', expiresAt: null });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json()).toMatchObject({ level: 'read', expiresAt: null, expired: false });
    await unchanged(() => admin.patch(`${BASE}/${created.id}`, {}));
    expect((await admin.delete(`${BASE}/${created.id}`)).statusCode).toBe(204);
    expect((await admin.get(`${BASE}/${created.id}`)).statusCode).toBe(404);

    const audit = await db()
      .selectFrom('audit_log')
      .selectAll()
      .where('entity_id', '=', created.id)
      .orderBy('id')
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['create', 'update', 'delete']);
    expect(audit[1]).toMatchObject({
      entity_type: 'access_grant',
      before: { level: 'write', expiresAt },
      after: { level: 'read', expiresAt: null },
    });
    expect(audit[2]).toMatchObject({ before: { level: 'read' }, after: null });
  });

  it('lists newest first, page by page, filtered by group', async () => {
    const other = (await admin.post('/api/staff/user-groups', { name: 'Other group' })).json().id;
    const contact = await createContact(db());
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await grant({ contactId: contact.id, userGroupId: other })).id);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await admin.get(`${BASE}?userGroupId=${other}&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...res.json().items.map((g: { id: string }) => g.id));
      cursor = res.json().nextCursor;
    } while (cursor);
    expect(seen).toEqual(ids.reverse());
  });

  it('marks a grant past its expiry as expired', async () => {
    const contact = await createContact(db());
    const created = await grant({ contactId: contact.id, expiresAt: inDays(1) });
    await db()
      .updateTable('access_grants')
      .set({ expires_at: new Date(Date.now() - 1000) })
      .where('id', '=', created.id)
      .execute();
    expect((await admin.get(`${BASE}/${created.id}`)).json().expired).toBe(true);
  });

  it('refuses unknown ids, fields, levels and past expiry times (422)', async () => {
    const contact = await createContact(db());
    const ok = { contactId: contact.id, userGroupId: groupId, level: 'read' };
    const bad: Array<[Record<string, unknown>, string]> = [
      [{ ...ok, contactId: randomUUID() }, 'body.contactId'],
      [{ ...ok, userGroupId: randomUUID() }, 'body.userGroupId'],
      [{ ...ok, userGroupId: 'nope' }, 'body.userGroupId'],
      [{ ...ok, level: 'admin' }, 'body.level'],
      [{ ...ok, expiresAt: inDays(-1) }, 'body.expiresAt'],
      [{ ...ok, expiresAt: 'tomorrow' }, 'body.expiresAt'],
      [{ ...ok, colour: 'red' }, 'body.colour'],
    ];
    for (const [body, path] of bad)
      expectError(await unchanged(() => admin.post(BASE, body)), 422, 'validation_failed', path);
    const existing = await grant({ contactId: contact.id });
    for (const [body, path] of [
      [{ expiresAt: inDays(-1) }, 'body.expiresAt'],
      [{ contactId: contact.id }, 'body.contactId'],
      [{ level: 'none' }, 'body.level'],
    ] as const)
      expectError(
        await unchanged(() => admin.patch(`${BASE}/${existing.id}`, body)),
        422,
        'validation_failed',
        path,
      );
    expectError(await unchanged(() => admin.get(`${BASE}?contactId=x`)), 422, 'validation_failed');
  });
});

describe('effect on the portal', () => {
  it("a grant shows in the contact's grants and views on its very next request", async () => {
    const contact = await createContact(db());
    const portal = await signedInContact(t.app, contact.email, TEST_PASSWORD);
    const me = async () => (await portal.get('/api/portal/me')).json();
    expect(await me()).toMatchObject({ grants: [], views: ['mine', 'all'] });

    const created = await grant({ contactId: contact.id, level: 'read' });
    expect(await me()).toMatchObject({
      grants: [{ groupId, groupName: 'Almond School Staff', level: 'read', expiresAt: null }],
      views: ['mine', 'groups', 'all'],
    });
    await admin.patch(`${BASE}/${created.id}`, { level: 'write' });
    expect((await me()).grants).toMatchObject([{ level: 'write' }]);

    // An expired grant has no effect.
    await db()
      .updateTable('access_grants')
      .set({ expires_at: new Date(Date.now() - 1000) })
      .where('id', '=', created.id)
      .execute();
    expect(await me()).toMatchObject({ grants: [], views: ['mine', 'all'] });
    await admin.patch(`${BASE}/${created.id}`, { expiresAt: inDays(2) });
    expect((await me()).grants).toHaveLength(1);
    await admin.delete(`${BASE}/${created.id}`);
    expect(await me()).toMatchObject({ grants: [], views: ['mine', 'all'] });
  });
});
