import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openPGlite } from '../../src/db/database.ts';
import { migrate } from '../../src/db/migrate.ts';

/**
 * Migrates one PGlite database and saves its data directory, so each test file starts from a
 * copy instead of paying for initdb and migrations. With TEST_DATABASE_URL set, test files
 * create their own PostgreSQL databases instead.
 */
export default async function setup() {
  if (process.env.TEST_DATABASE_URL) return;
  const dir = await mkdtemp(path.join(tmpdir(), 'portico-template-'));
  const database = await openPGlite(undefined);
  await migrate(database);
  const dump = await database.pglite.dumpDataDir('none');
  await database.close();
  const file = path.join(dir, 'template.tar');
  await writeFile(file, Buffer.from(await dump.arrayBuffer()));
  process.env.PORTICO_TEST_TEMPLATE = file;
  return async () => rm(dir, { recursive: true, force: true });
}
