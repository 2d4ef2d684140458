import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/http/app.ts';
import { registerModules } from '../../src/modules/routes.ts';
import { loadConfig } from '../../src/config.ts';
import { issuePasswordLink } from '../../src/auth/password-links.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { TestClient } from '../support/app.ts';
import { createContact, createStaffUser, TEST_PASSWORD } from '../support/factories.ts';

let testDb: TestDatabase;
let app: FastifyInstance;
const lines: string[] = [];

beforeAll(async () => {
  testDb = await createTestDatabase();
  const logStream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString().split('\n').filter(Boolean));
      done();
    },
  });
  const config = loadConfig({ LOG_LEVEL: 'info', PUBLIC_URL: 'http://portico.test' });
  app = await buildApp({
    database: testDb.database,
    config,
    logStream,
    routes: registerModules,
  });
});
afterAll(async () => {
  await app.close();
  await testDb.drop();
});

describe('logs', () => {
  it('are JSON with request ids, and carry no passwords, session tokens or link tokens', async () => {
    const staff = await createStaffUser(testDb.database.db);
    const client = new TestClient(app);
    await client.post('/api/staff/session', { email: staff.email, password: TEST_PASSWORD });
    await client.get('/api/staff/me');
    const contact = await createContact(testDb.database.db, { withPassword: false });
    const link = await issuePasswordLink(testDb.database.db, app.config, {
      contactId: contact.id,
      purpose: 'invite',
      staffUserId: null,
    });
    const token = link.url.split('#token=')[1]!;
    expect((await client.get(`/api/portal/password-links/${token}`)).statusCode).toBe(200);

    const entries = lines.map((l) => JSON.parse(l) as { reqId?: string; msg?: string });
    expect(entries.filter((e) => e.msg === 'incoming request').length).toBeGreaterThanOrEqual(3);
    expect(entries.every((e) => e.reqId === undefined || typeof e.reqId === 'string')).toBe(true);
    const all = lines.join('\n');
    expect(all).not.toContain(TEST_PASSWORD);
    expect(all).not.toContain(token);
    expect(all).not.toContain(client.cookie('portico_staff')!);
    expect(all).not.toContain(client.cookie('portico_staff_csrf')!);
    expect(all).toContain('/password-links/[redacted]');
  });
});
