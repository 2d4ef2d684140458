import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, signedInStaff, type TestApp } from '../support/app.ts';
import { createStaffUser, TEST_PASSWORD } from '../support/factories.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => t.close());

describe('smoke', () => {
  it('health', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/health' });
    expect(res.statusCode).toBe(200);
  });
  it('organizations', async () => {
    const admin = await createStaffUser(t.testDb.database.db);
    const client = await signedInStaff(t.app, admin.email, TEST_PASSWORD);
    const created = await client.post('/api/staff/organizations', { name: 'District' });
    expect(created.statusCode, created.body).toBe(201);
    const list = await client.get('/api/staff/organizations');
    expect(list.json().items).toHaveLength(1);
    const openapi = await t.app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(openapi.statusCode, openapi.body.slice(0, 500)).toBe(200);
  });
});
