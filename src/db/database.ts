import { PGlite, types as pgliteTypes } from '@electric-sql/pglite';
import { Kysely, type Transaction } from 'kysely';
import pg from 'pg';
import { PostgresDialect } from 'kysely';
import type { DB } from './schema.ts';
import { SingleConnectionLock, pgliteDialect } from './pglite-dialect.ts';
import { preparingPool } from './prepared.ts';
import { survivePoolClientErrors } from './pool-guard.ts';

/** Either the database or an open transaction: what repositories and services take. */
export type Db = Kysely<DB> | Transaction<DB>;

export type Engine = 'pglite' | 'postgres';

/** One raw connection, for scripts that must run as one unit (migrations). */
export interface RawConnection {
  exec(script: string): Promise<void>;
  query<R>(sql: string, params?: unknown[]): Promise<R[]>;
}

/** A connection pool's state, for the metrics (PostgreSQL; PGlite has one connection and no pool). */
export type PoolStats = { total: number; idle: number; waiting: number };

export interface Database {
  db: Kysely<DB>;
  engine: Engine;
  poolStats?: () => PoolStats;
  /**
   * The embedded database only: a consistent gzipped tar of its data directory, taken while it
   * serves (backups). PostgreSQL is backed up with pg_dump.
   */
  dumpDataDir?: () => Promise<Blob>;
  withConnection<T>(fn: (conn: RawConnection) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

// Same JS types on both engines: int8/numeric as numbers (ids are UUIDs, money is cents well
// inside 2^53), dates as 'YYYY-MM-DD' strings, never local-midnight Date objects.
const INT8 = 20;
const NUMERIC = 1700;
const DATE = 1082;
const toNumber = (value: string) => Number(value);
const keepText = (value: string) => value;

export async function openPostgres(url: string, poolSize = 10): Promise<Database> {
  const typeParsers = {
    getTypeParser: (oid: number, format?: 'text' | 'binary') => {
      if (oid === INT8 || oid === NUMERIC) return toNumber;
      if (oid === DATE) return keepText;
      return pg.types.getTypeParser(oid, format);
    },
  };
  const pool = new pg.Pool({
    connectionString: url,
    max: poolSize,
    types: typeParsers as pg.CustomTypesConfig,
  });
  // An idle client can lose its server (restart, admin command); without a listener that error
  // would crash the process. The pool replaces the client on the next checkout.
  pool.on('error', (error) => console.error(`PostgreSQL connection lost: ${error.message}`));
  survivePoolClientErrors(pool);
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool: preparingPool(pool) }) });
  return {
    db,
    engine: 'postgres',
    poolStats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
    async withConnection(fn) {
      const client = await pool.connect();
      try {
        return await fn({
          exec: async (script) => void (await client.query(script)),
          query: async (sql, params = []) => (await client.query(sql, params)).rows,
        });
      } finally {
        client.release();
      }
    },
    close: () => db.destroy(),
  };
}

/** dataDir undefined: in memory (tests). loadDataDir: a tarball from dumpDataDir to start from. */
export async function openPGlite(
  dataDir: string | undefined,
  loadDataDir?: Blob,
): Promise<Database & { pglite: PGlite }> {
  const pglite = await PGlite.create(dataDir ?? 'memory://', {
    parsers: { [pgliteTypes.INT8]: toNumber, [pgliteTypes.NUMERIC]: toNumber, [pgliteTypes.DATE]: keepText },
    ...(loadDataDir ? { loadDataDir } : {}),
  });
  const lock = new SingleConnectionLock();
  const db = new Kysely<DB>({ dialect: pgliteDialect(pglite, lock) });
  const withConnection: Database['withConnection'] = async (fn) => {
    const release = await lock.acquire();
    try {
      return await fn({
        exec: async (script) => void (await pglite.exec(script)),
        query: async <R>(sql: string, params: unknown[] = []) => (await pglite.query<R>(sql, params)).rows,
      });
    } finally {
      release();
    }
  };
  return {
    db,
    engine: 'pglite',
    pglite,
    withConnection,
    // PGlite runs one query at a time and every transaction holds the connection lock from BEGIN
    // to COMMIT, so dumping under the lock puts the copy between two transactions. dumpDataDir
    // copies files only: the CHECKPOINT first writes the shared buffers out.
    dumpDataDir: () =>
      withConnection(async (conn) => {
        await conn.exec('checkpoint');
        return pglite.dumpDataDir('gzip');
      }),
    async close() {
      await db.destroy();
      await pglite.close();
    },
  };
}
