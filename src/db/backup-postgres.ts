import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { archiveKind, BackupError, writeAtomically } from './backup-file.ts';
import type { RestoreSummary } from './backup.ts';

/** The tool's path on PATH, or undefined. */
function onPath(tool: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const candidate = path.join(dir, tool);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

/** The URL without its password, which goes in PGPASSWORD: a command line is visible to `ps`. */
function connection(url: string): { dbname: string; env: NodeJS.ProcessEnv } {
  const parsed = new URL(url);
  const password = decodeURIComponent(parsed.password);
  parsed.password = '';
  return {
    dbname: parsed.toString(),
    env: password ? { ...process.env, PGPASSWORD: password } : process.env,
  };
}

/** The tool's path; without it, the command to run by hand once it is installed. */
function requireTool(tool: string, shownArgs: string[]): string {
  const found = onPath(tool);
  if (found) return found;
  throw new BackupError(
    `${tool} is not on PATH. Install the PostgreSQL client tools of the server's major version or newer ` +
      `(Debian/Ubuntu: postgresql-client), then run:\n  ${tool} ${shownArgs.join(' ')}\n` +
      'See docs/operations.md, "Backup and restore".',
  );
}

function run(tool: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(tool, args, { env, stdio: ['ignore', 'inherit', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0
        ? resolve()
        : reject(new BackupError(`${path.basename(tool)} failed (exit ${code}): ${stderr.trim()}`)),
    );
  });
}

/** pg_dump's custom format: compressed, consistent (one snapshot), restorable table by table. */
export async function backupPostgres(url: string, out: string): Promise<void> {
  const tool = requireTool('pg_dump', ['--format=custom', `--file=${out}`, '--dbname="$DATABASE_URL"']);
  const { dbname, env } = connection(url);
  await writeAtomically(out, (partial) =>
    run(tool, ['--format=custom', `--file=${partial}`, `--dbname=${dbname}`], env),
  );
}

async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/**
 * pg_restore of a pg_dump file into an empty database, in one transaction (all or nothing). Owners
 * and grants are left out: the restoring user owns what it restores, as the app's user did.
 */
export async function restorePostgres(url: string, from: string): Promise<RestoreSummary> {
  if ((await archiveKind(from)) !== 'pg-dump')
    throw new BackupError(
      `${from} is a backup of the embedded database: restore it with --data-dir DIR (or without DATABASE_URL).`,
    );
  const tables = await withClient(url, async (client) => {
    const { rows } = await client.query<{ n: number }>(
      `select count(*)::int as n from information_schema.tables
        where table_schema not in ('pg_catalog', 'information_schema')`,
    );
    return rows[0]?.n ?? 0;
  });
  if (tables > 0)
    throw new BackupError(
      `The database at DATABASE_URL is not empty (${tables} tables): restore into a new, empty database.`,
    );
  const options = ['--no-owner', '--no-privileges', '--exit-on-error', '--single-transaction'];
  const tool = requireTool('pg_restore', [...options, '--dbname="$DATABASE_URL"', from]);
  const { dbname, env } = connection(url);
  await run(tool, [...options, `--dbname=${dbname}`, from], env);
  const names = await withClient(url, async (client) => {
    const { rows } = await client.query<{ name: string }>('select name from schema_migrations order by name');
    return rows.map((r) => r.name);
  });
  return { migrations: names.length, latestMigration: names.at(-1) };
}
