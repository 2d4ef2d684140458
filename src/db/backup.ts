import { existsSync, openAsBlob } from 'node:fs';
import { readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { openPGlite, type Database, type Engine } from './database.ts';
import { lockDataDir } from './data-dir-lock.ts';
import { archiveKind, BackupError, refuseExisting, writeAtomically } from './backup-file.ts';

/** `portico-<engine>-20250101T120000Z.<ext>`: sorts by time, names the engine it restores to. */
export function defaultBackupName(engine: Engine, now = new Date()): string {
  const stamp = now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  return engine === 'pglite' ? `portico-pglite-${stamp}.tar.gz` : `portico-postgres-${stamp}.dump`;
}

/** A consistent gzipped tar of the embedded database, taken while it serves. */
export async function dumpEmbedded(database: Database): Promise<Blob> {
  if (!database.dumpDataDir) throw new BackupError('This database is PostgreSQL: back it up with pg_dump.');
  return database.dumpDataDir();
}

export const pgdataOf = (dataDir: string) => path.join(dataDir, 'pgdata');

/** Whether the data directory holds an embedded database (without opening it, which would create one). */
export const hasEmbeddedDatabase = (dataDir: string) =>
  existsSync(path.join(pgdataOf(dataDir), 'PG_VERSION'));

/** Backs up a data directory no server holds: locks it, opens it, dumps it. */
export async function backupDataDir(dataDir: string, out: string): Promise<void> {
  if (!hasEmbeddedDatabase(dataDir))
    throw new BackupError(`There is no database in ${path.resolve(dataDir)} to back up.`);
  refuseExisting(out);
  const release = lockDataDir(dataDir, 'backup');
  try {
    const database = await openPGlite(pgdataOf(dataDir));
    try {
      const dump = await dumpEmbedded(database);
      await writeAtomically(out, (partial) =>
        writeFile(partial, Readable.fromWeb(dump.stream() as never), { mode: 0o600 }),
      );
    } finally {
      await database.close();
    }
  } finally {
    release();
  }
}

export type RestoreSummary = { migrations: number; latestMigration: string | undefined };

/**
 * Restores a backup of the embedded database into a new data directory. Refuses one with anything
 * in it, and one a server holds (the lock); a failed restore leaves the directory as it found it.
 */
export async function restoreDataDir(from: string, dataDir: string): Promise<RestoreSummary> {
  const kind = await archiveKind(from);
  if (kind === 'pg-dump')
    throw new BackupError(
      `${from} is a pg_dump file: restore it into PostgreSQL (DATABASE_URL set, no --data-dir).`,
    );
  const release = lockDataDir(dataDir, 'restore');
  const pgdata = pgdataOf(dataDir);
  try {
    const present = (await readdir(dataDir)).filter((entry) => entry !== 'portico.pid');
    if (present.length)
      throw new BackupError(
        `${path.resolve(dataDir)} is not empty (${present.join(', ')}): restore into a new, empty data directory.`,
      );
    const type = kind === 'pglite-tar-gz' ? 'application/x-gzip' : 'application/x-tar';
    try {
      const database = await openPGlite(pgdata, await openAsBlob(from, { type }));
      try {
        const rows = await database.withConnection((conn) =>
          conn.query<{ name: string }>('select name from schema_migrations order by name'),
        );
        return { migrations: rows.length, latestMigration: rows.at(-1)?.name };
      } finally {
        await database.close();
      }
    } catch (error) {
      await rm(pgdata, { recursive: true, force: true });
      if (error instanceof BackupError) throw error;
      throw new BackupError(`Could not restore ${from}: ${(error as Error).message}`);
    }
  } finally {
    release();
  }
}
