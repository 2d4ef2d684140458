import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import pg from 'pg';
import { openPGlite, openPostgres, type Database } from '../../src/db/database.ts';
import { migrate } from '../../src/db/migrate.ts';

export type TestDatabase = { database: Database; url?: string; drop(): Promise<void> };

async function onServer(adminUrl: string, query: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  await client.query(query);
  await client.end();
}

/** A new, empty, uniquely named PostgreSQL database on adminUrl's server (for a server process a test starts). */
export async function emptyPostgresDatabase(
  adminUrl: string,
  prefix = 'portico_test',
): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  await onServer(adminUrl, `create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () => onServer(adminUrl, `drop database if exists ${name} with (force)`),
  };
}

/** The engine the suite runs on: PostgreSQL when TEST_DATABASE_URL is set, PGlite otherwise. */
export const testEngine = process.env.TEST_DATABASE_URL ? 'postgres' : 'pglite';

/**
 * A new, migrated database for one test file: an in-memory PGlite copy of the template, or a
 * uniquely named PostgreSQL database that drop() removes.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) {
    const template = process.env.PORTICO_TEST_TEMPLATE;
    const blob = template ? new Blob([await readFile(template)]) : undefined;
    const database = await openPGlite(undefined, blob);
    if (!blob) await migrate(database);
    return { database, drop: () => database.close() };
  }
  const empty = await emptyPostgresDatabase(adminUrl);
  const database = await openPostgres(empty.url, 5);
  await migrate(database);
  return {
    database,
    url: empty.url,
    async drop() {
      await database.close();
      await empty.drop();
    },
  };
}
