import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, TestClient, type TestApp } from '../support/app.ts';
import { createTestDatabase, testEngine, type TestDatabase } from '../support/database.ts';
import { openPostgres } from '../../src/db/database.ts';
import { createStaffUser, TEST_PASSWORD } from '../support/factories.ts';

// Two app instances with their own connection pools on one PostgreSQL database behave as one.
describe.skipIf(testEngine !== 'postgres')('two instances on one PostgreSQL', () => {
  let testDb: TestDatabase;
  let a: TestApp;
  let b: TestApp;
  beforeAll(async () => {
    testDb = await createTestDatabase();
    const second = await openPostgres(testDb.url!, 5);
    a = await startTestApp({}, { testDb });
    b = await startTestApp({}, { testDb: { database: second, drop: () => second.close() } });
  });
  afterAll(async () => {
    await a.close();
    await b.close();
    await b.testDb.drop();
    await testDb.drop();
  });

  it('share sessions and data, and a sign-out on one ends the session on the other', async () => {
    const user = await createStaffUser(testDb.database.db);
    const onA = new TestClient(a.app);
    expect(
      (await onA.post('/api/staff/session', { email: user.email, password: TEST_PASSWORD })).statusCode,
    ).toBe(200);
    const created = await onA.post('/api/staff/organizations', { name: 'Made on A' });
    expect(created.statusCode).toBe(201);

    // The same cookies, sent to instance B.
    const onB = Object.assign(new TestClient(b.app), {});
    for (const name of ['portico_staff', 'portico_staff_csrf'])
      (onB as unknown as { cookies: Map<string, string> }).cookies.set(name, onA.cookie(name)!);
    const seen = await onB.get(`/api/staff/organizations/${created.json().id}`);
    expect(seen.statusCode).toBe(200);
    expect(seen.json().name).toBe('Made on A');

    expect((await onB.delete('/api/staff/session')).statusCode).toBe(204);
    expect((await onA.get('/api/staff/me')).statusCode).toBe(401);
  });
});
