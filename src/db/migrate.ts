import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import type { Database } from './database.ts';

const MIGRATIONS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');
// Any constant shared by every instance; serializes concurrent start-ups on one PostgreSQL.
const MIGRATION_LOCK_KEY = 7_276_401;

/**
 * Applies pending `migrations/NNNN_name.sql` files in order, each in the same transaction as the
 * advisory lock, so two instances starting together apply each file exactly once.
 * Returns the names applied by this call.
 */
export async function migrate(database: Database): Promise<string[]> {
  const files = (await readdir(MIGRATIONS_DIR)).filter((f) => f.endsWith('.sql')).sort();
  return database.withConnection(async (conn) => {
    await conn.exec('begin');
    try {
      await conn.query('select pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
      await conn.exec(
        'create table if not exists schema_migrations (name text primary key, applied_at timestamptz not null default now())',
      );
      const applied = new Set(
        (await conn.query<{ name: string }>('select name from schema_migrations')).map((r) => r.name),
      );
      const done: string[] = [];
      for (const file of files) {
        if (applied.has(file)) continue;
        await conn.exec(await readFile(path.join(MIGRATIONS_DIR, file), 'utf8'));
        await conn.query('insert into schema_migrations (name) values ($1)', [file]);
        done.push(file);
      }
      await conn.exec('commit');
      return done;
    } catch (error) {
      await conn.exec('rollback');
      throw error;
    }
  });
}
