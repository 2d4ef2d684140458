import { describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database.ts';
import { startTestApp } from '../support/app.ts';

describe('liveness and readiness', () => {
  it('both answer 200 while the database answers', async () => {
    const t = await startTestApp();
    try {
      const live = await t.app.inject({ method: 'GET', url: '/api/health' });
      expect(live.statusCode).toBe(200);
      expect(live.json()).toMatchObject({ status: 'ok' });
      const ready = await t.app.inject({ method: 'GET', url: '/api/health/ready' });
      expect(ready.statusCode).toBe(200);
      expect(ready.json()).toMatchObject({ status: 'ok', database: t.testDb.database.engine });
    } finally {
      await t.close();
    }
  });

  it('without the database: not ready (503), yet alive', async () => {
    const t = await startTestApp();
    const real = t.testDb.database;
    const broken: Database = {
      ...real,
      withConnection: () => Promise.reject(new Error('connection refused')),
    };
    // The same app shape, over a database that refuses every connection.
    const down = await startTestApp({}, { testDb: { ...t.testDb, database: broken } });
    try {
      const ready = await down.app.inject({ method: 'GET', url: '/api/health/ready' });
      expect(ready.statusCode).toBe(503);
      expect(ready.json()).toMatchObject({ status: 'unavailable' });
      expect((await down.app.inject({ method: 'GET', url: '/api/health' })).statusCode).toBe(200);
    } finally {
      await down.close();
      await t.close();
    }
  });
});
