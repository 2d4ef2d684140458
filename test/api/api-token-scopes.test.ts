// Issue 15 §4: staff API tokens carry scopes and an expiry; a request outside the scopes is 403.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedInStaff, startTestApp, TestClient, type TestApp } from '../support/app.ts';
import { createStaffUser, TEST_PASSWORD } from '../support/factories.ts';
import { countRows, expectError } from '../support/expect.ts';

let t: TestApp;
let admin: TestClient;
let agent: TestClient;
const db = () => t.testDb.database.db;

beforeAll(async () => {
  t = await startTestApp();
  admin = await signedInStaff(t.app, (await createStaffUser(db(), { role: 'admin' })).email, TEST_PASSWORD);
  agent = await signedInStaff(t.app, (await createStaffUser(db(), { role: 'agent' })).email, TEST_PASSWORD);
});
afterAll(async () => t.close());

async function tokenClient(owner: TestClient, scopes?: string[]) {
  const res = await owner.post('/api/staff/api-tokens', { name: 'scoped', ...(scopes ? { scopes } : {}) });
  expect(res.statusCode, res.body).toBe(201);
  const client = new TestClient(t.app);
  client.bearer = res.json().token;
  return { client, created: res.json() as { id: string; scopes: string[] } };
}

describe('scoped staff API tokens', () => {
  it('answers the scopes; read-only when none are given; unknown scopes and past expiry are 422', async () => {
    const { created } = await tokenClient(admin);
    expect(created.scopes).toEqual(['read']);
    const listed = (await admin.get('/api/staff/api-tokens'))
      .json()
      .items.find((x: { id: string }) => x.id === created.id);
    expect(listed.scopes).toEqual(['read']);
    expectError(await admin.post('/api/staff/api-tokens', { name: 'x', scopes: ['root'] }), 422);
    expectError(await admin.post('/api/staff/api-tokens', { name: 'x', scopes: [] }), 422);
    expectError(
      await admin.post('/api/staff/api-tokens', {
        name: 'x',
        scopes: ['read'],
        expiresAt: '2001-01-01T00:00:00Z',
      }),
      422,
    );
  });

  it('a read token reads but writes nothing', async () => {
    const { client } = await tokenClient(agent, ['read']);
    expect((await client.get('/api/staff/organizations')).statusCode).toBe(200);
    expect((await client.get('/api/staff/tickets')).statusCode).toBe(200);
    const before = await countRows(db(), 'organizations');
    expectError(await client.post('/api/staff/organizations', { name: 'Nope' }), 403, 'forbidden');
    expect(await countRows(db(), 'organizations')).toBe(before);
  });

  it('an area scope writes in its area only', async () => {
    const contacts = (await tokenClient(agent, ['contacts'])).client;
    const tickets = (await tokenClient(agent, ['tickets'])).client;
    const permissions = (await tokenClient(admin, ['permissions'])).client;
    expect((await contacts.post('/api/staff/organizations', { name: 'Via contacts scope' })).statusCode).toBe(
      201,
    );
    expectError(await tickets.post('/api/staff/organizations', { name: 'Via tickets scope' }), 403);
    expectError(await permissions.post('/api/staff/organizations', { name: 'Via permissions scope' }), 403);
    const group = await permissions.post('/api/staff/user-groups', { name: 'Scoped group' });
    expect(group.statusCode, group.body).toBe(201);
    expectError(await contacts.post('/api/staff/user-groups', { name: 'Other group' }), 403);
    // Making tokens (or anything outside the areas) takes the admin scope.
    expectError(await contacts.post('/api/staff/api-tokens', { name: 'child' }), 403);
  });

  it("administrators' routes take the admin scope, and a scope never exceeds its owner", async () => {
    const reader = (await tokenClient(admin, ['read'])).client;
    const full = (await tokenClient(admin, ['admin'])).client;
    expectError(await reader.get('/api/staff/audit'), 403, 'forbidden');
    expect((await full.get('/api/staff/audit')).statusCode).toBe(200);
    expect((await full.post('/api/staff/api-tokens', { name: 'child', scopes: ['read'] })).statusCode).toBe(
      201,
    );
    const agentFull = (await tokenClient(agent, ['admin'])).client;
    expectError(await agentFull.get('/api/staff/audit'), 403, 'forbidden');
  });
});
