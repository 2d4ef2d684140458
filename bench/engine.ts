import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { openPGlite, openPostgres, type Database, type Engine } from '../src/db/database.ts';
import { migrate } from '../src/db/migrate.ts';

export const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** Where the benchmark database lives: a PostgreSQL URL or a PGlite data directory. */
export type Location =
  { engine: 'postgres'; url: string; name: string } | { engine: 'pglite'; dataDir: string };

export type BenchDatabase = {
  location: Location;
  database: Database;
  /** Closes the connection(s); the data stays (the HTTP server opens it in its own process). */
  close(): Promise<void>;
  reopen(): Promise<void>;
  /** Closes and removes the database. */
  drop(): Promise<void>;
};

export function openLocation(location: Location, poolSize = 10): Promise<Database> {
  return location.engine === 'postgres' ? openPostgres(location.url, poolSize) : openPGlite(location.dataDir);
}

async function adminQuery(statement: string): Promise<void> {
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  try {
    await admin.query(statement);
  } finally {
    await admin.end();
  }
}

/**
 * A new, migrated database: a uniquely named PostgreSQL database (admin URL from
 * BENCH_DATABASE_URL), or a PGlite data directory on disk (PGlite's embedded default, and a
 * directory the HTTP server process can open after this process closes it).
 */
export async function createBenchDatabase(engine: Engine, profile: string): Promise<BenchDatabase> {
  let location: Location;
  if (engine === 'postgres') {
    const name = `portico_bench_${profile.toLowerCase()}_${randomBytes(4).toString('hex')}`;
    await adminQuery(`create database ${name}`);
    const url = new URL(ADMIN_URL);
    url.pathname = `/${name}`;
    location = { engine, url: url.toString(), name };
  } else {
    location = { engine, dataDir: await mkdtemp(path.join(tmpdir(), 'portico-bench-pglite-')) };
  }
  let database: Database | undefined = await openLocation(location);
  await migrate(database);
  const handle: BenchDatabase = {
    location,
    get database() {
      if (!database) throw new Error('benchmark database is closed');
      return database;
    },
    async close() {
      await database?.close();
      database = undefined;
    },
    async reopen() {
      database ??= await openLocation(location);
    },
    async drop() {
      await handle.close();
      if (location.engine === 'postgres')
        await adminQuery(`drop database if exists ${location.name} with (force)`);
      else await rm(location.dataDir, { recursive: true, force: true });
    },
  };
  return handle;
}

/**
 * A database kept by an earlier `--keep` run (a postgres:// URL or a PGlite directory), migrated to
 * the current migrations; dropping it only closes it.
 */
export async function openKeptBenchDatabase(where: string): Promise<BenchDatabase> {
  const location: Location = where.startsWith('postgres')
    ? { engine: 'postgres', url: where, name: new URL(where).pathname.slice(1) }
    : { engine: 'pglite', dataDir: where };
  let database: Database | undefined = await openLocation(location);
  await migrate(database);
  const handle: BenchDatabase = {
    location,
    get database() {
      if (!database) throw new Error('benchmark database is closed');
      return database;
    },
    async close() {
      await database?.close();
      database = undefined;
    },
    async reopen() {
      database ??= await openLocation(location);
    },
    drop: () => handle.close(),
  };
  return handle;
}
