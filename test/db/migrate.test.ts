import { readdir } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, testEngine, type TestDatabase } from '../support/database.ts';
import { migrate } from '../../src/db/migrate.ts';
import { openPostgres } from '../../src/db/database.ts';

let testDb: TestDatabase;
beforeAll(async () => {
  testDb = await createTestDatabase();
});
afterAll(async () => testDb.drop());

const migrationFiles = async () =>
  (await readdir(new URL('../../src/db/migrations/', import.meta.url))).filter((f) => f.endsWith('.sql'));

describe('migrations', () => {
  it('a second run applies nothing', async () => {
    expect(await migrate(testDb.database)).toEqual([]);
  });

  it.skipIf(testEngine !== 'postgres')(
    'two instances migrating one new database at once apply each file once',
    async () => {
      // A fresh database inside the test's: create it through the test connection's server.
      const { default: pg } = await import('pg');
      const admin = new pg.Client({ connectionString: testDb.url });
      await admin.connect();
      const name = `${new URL(testDb.url!).pathname.slice(1)}_concurrent`;
      await admin.query(`create database ${name}`);
      const url = new URL(testDb.url!);
      url.pathname = `/${name}`;
      const a = await openPostgres(url.toString(), 2);
      const b = await openPostgres(url.toString(), 2);
      try {
        const [ranA, ranB] = await Promise.all([migrate(a), migrate(b)]);
        const files = await migrationFiles();
        expect([...ranA, ...ranB].sort()).toEqual(files.sort());
        const rows = await a.withConnection((c) =>
          c.query<{ n: number }>('select count(*)::int as n from schema_migrations'),
        );
        expect(rows[0]?.n).toBe(files.length);
        const groups = await a.withConnection((c) =>
          c.query<{ n: number }>('select count(*)::int as n from privilege_groups'),
        );
        expect(groups[0]?.n).toBe(4);
      } finally {
        await a.close();
        await b.close();
        await admin.query(`drop database if exists ${name} with (force)`);
        await admin.end();
      }
    },
  );

  it('the system privilege groups exist and Limited is the default', async () => {
    const rows = await testDb.database.db
      .selectFrom('privilege_groups')
      .select(['system_key', 'is_default'])
      .where('system_key', 'is not', null)
      .orderBy('system_key')
      .execute();
    expect(rows).toEqual([
      { system_key: 'full', is_default: false },
      { system_key: 'limited', is_default: true },
      { system_key: 'no_portal_access', is_default: false },
      { system_key: 'partial', is_default: false },
    ]);
  });
});
