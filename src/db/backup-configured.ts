import type { Config } from '../config.ts';
import {
  backupDataDir,
  defaultBackupName,
  hasEmbeddedDatabase,
  restoreDataDir,
  type RestoreSummary,
} from './backup.ts';
import { backupPostgres, restorePostgres } from './backup-postgres.ts';
import { downloadBackup } from './backup-remote.ts';
import { DataDirInUseError } from './data-dir-lock.ts';

export { BackupError } from './backup-file.ts';

/** Where a backup came from, for the command's message. */
export type BackupSource =
  'made by pg_dump' | 'read from the data directory' | 'dumped by the running server';

/**
 * Backs up the configured database into `out` (default: a new file named for the engine and the
 * time): pg_dump on PostgreSQL; on the embedded database, the data directory itself when no
 * process holds it, else the server that does (PORTICO_URL, PORTICO_API_TOKEN). With PORTICO_URL
 * set and no local database, the server is remote.
 */
export async function backupConfigured(
  config: Config,
  out: string | undefined,
  env: NodeJS.ProcessEnv,
): Promise<{ out: string; source: BackupSource }> {
  if (config.databaseUrl) {
    const file = out ?? defaultBackupName('postgres');
    await backupPostgres(config.databaseUrl, file);
    return { out: file, source: 'made by pg_dump' };
  }
  const file = out ?? defaultBackupName('pglite');
  const fromServer = async () => {
    await downloadBackup(env.PORTICO_URL || `http://127.0.0.1:${config.port}`, env.PORTICO_API_TOKEN, file);
    return { out: file, source: 'dumped by the running server' as const };
  };
  if (env.PORTICO_URL && !hasEmbeddedDatabase(config.dataDir)) return fromServer();
  try {
    await backupDataDir(config.dataDir, file);
    return { out: file, source: 'read from the data directory' };
  } catch (error) {
    if (!(error instanceof DataDirInUseError)) throw error;
    return fromServer();
  }
}

/** Restores into PostgreSQL (DATABASE_URL) or, with dataDir or without DATABASE_URL, a data directory. */
export async function restoreConfigured(
  config: Config,
  from: string,
  dataDir: string | undefined,
): Promise<{ into: string } & RestoreSummary> {
  if (config.databaseUrl && !dataDir)
    return {
      into: 'the PostgreSQL database (DATABASE_URL)',
      ...(await restorePostgres(config.databaseUrl, from)),
    };
  const target = dataDir ?? config.dataDir;
  return { into: target, ...(await restoreDataDir(from, target)) };
}
