import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPGlite } from '../../src/db/database.ts';
import { signedInStaff, startTestApp, TestClient, type TestApp } from '../support/app.ts';
import { createOrganization, createStaffUser, TEST_PASSWORD } from '../support/factories.ts';
import { expectError } from '../support/expect.ts';
import { testEngine } from '../support/database.ts';

let t: TestApp;
let admin: TestClient;
let agent: TestClient;
const db = () => t.testDb.database.db;

beforeAll(async () => {
  t = await startTestApp();
  const a = await createStaffUser(db(), { role: 'admin' });
  const g = await createStaffUser(db(), { role: 'agent' });
  admin = await signedInStaff(t.app, a.email, TEST_PASSWORD);
  agent = await signedInStaff(t.app, g.email, TEST_PASSWORD);
});
afterAll(async () => t.close());

describe('POST /api/staff/backup', () => {
  it('is for administrators only', async () => {
    expectError(await agent.post('/api/staff/backup'), 403, 'forbidden');
    expectError(await new TestClient(t.app).post('/api/staff/backup'), 401, 'unauthenticated');
  });

  it.runIf(testEngine === 'pglite')(
    'streams a gzipped dump of the embedded database that opens as a copy, audit row included',
    async () => {
      const org = await createOrganization(db(), { name: 'Backed up Ltd' });
      const res = await admin.post('/api/staff/backup');
      expect(res.statusCode, res.body).toBe(200);
      expect(res.headers['content-type']).toBe('application/gzip');
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.headers['content-disposition']).toMatch(
        /^attachment; filename="portico-pglite-\d{8}T\d{6}Z\.tar\.gz"$/,
      );
      expect(Number(res.headers['content-length'])).toBe(res.rawPayload.length);
      expect(gunzipSync(res.rawPayload).subarray(257, 262).toString('latin1')).toBe('ustar');

      const copy = await openPGlite(
        undefined,
        new Blob([new Uint8Array(res.rawPayload)], { type: 'application/x-gzip' }),
      );
      try {
        const found = await copy.db
          .selectFrom('organizations')
          .select('name')
          .where('id', '=', org.id)
          .execute();
        expect(found).toEqual([{ name: 'Backed up Ltd' }]);
        const audit = await copy.db
          .selectFrom('audit_log')
          .select(['action', 'entity_type'])
          .where('action', '=', 'backup.create')
          .execute();
        expect(audit).toEqual([{ action: 'backup.create', entity_type: 'database' }]);
      } finally {
        await copy.close();
      }
    },
  );

  it.runIf(testEngine === 'postgres')('on PostgreSQL answers 409 and points to pg_dump', async () => {
    const res = await admin.post('/api/staff/backup');
    expectError(res, 409, 'conflict');
    expect(res.json().error.message).toContain('pg_dump');
  });
});
