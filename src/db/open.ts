import path from 'node:path';
import type { Config } from '../config.ts';
import { openPGlite, openPostgres, type Database } from './database.ts';
import { lockDataDir } from './data-dir-lock.ts';

/** The configured database: PostgreSQL when DATABASE_URL is set, else embedded PGlite in the data dir. */
export async function openConfiguredDatabase(config: Config, command: string): Promise<Database> {
  if (config.databaseUrl) return openPostgres(config.databaseUrl);
  const release = lockDataDir(config.dataDir, command);
  try {
    const database = await openPGlite(path.join(config.dataDir, 'pgdata'));
    return {
      ...database,
      async close() {
        await database.close();
        release();
      },
    };
  } catch (error) {
    release();
    throw error;
  }
}
