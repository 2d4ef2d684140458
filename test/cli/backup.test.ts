// `portico backup` under write load, `portico restore` into a new place, a server started on it:
// every write acknowledged before the backup began is there, and the copy is consistent. On the
// embedded database the backup comes from the running server (it holds the data directory); on
// PostgreSQL from pg_dump, restored with pg_restore into a new database.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdir, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql, type Kysely } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DB } from '../../src/db/schema.ts';
import { openPGlite, openPostgres } from '../../src/db/database.ts';
import { createStaffUser, TEST_PASSWORD } from '../support/factories.ts';
import { createTestDatabase, testEngine } from '../support/database.ts';

const BIN = path.resolve('bin/portico.js');
const MIGRATIONS = (await readdir(path.resolve('src/db/migrations')))
  .filter((f) => f.endsWith('.sql'))
  .sort();

function run(args: string[], env: Record<string, string>) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      env: { ...process.env, DATABASE_URL: '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

type Server = { url: string; stop(): Promise<void> };

async function startServer(env: Record<string, string>): Promise<Server> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawn(process.execPath, [BIN, 'serve', '--no-demo'], {
    env: {
      ...process.env,
      DATABASE_URL: '',
      LOG_LEVEL: 'warn',
      HOST: '127.0.0.1',
      PORT: String(port),
      ...env,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  for (let i = 0; i < 600; i++) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}`);
    const ok = await fetch(`${url}/api/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return { url, stop: async () => void (child.kill('SIGTERM'), await exited) };
    await new Promise((r) => setTimeout(r, 250));
  }
  child.kill('SIGKILL');
  throw new Error('the server did not start');
}

/** Signs in with the password and makes an API token: the CLI and the load use it. */
async function adminToken(url: string, email: string): Promise<string> {
  const session = await fetch(`${url}/api/staff/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: TEST_PASSWORD }),
  });
  expect(session.status).toBe(200);
  const cookies = new Map(
    session.headers.getSetCookie().map((c) => c.split(';')[0]!.split('=') as [string, string]),
  );
  const created = await fetch(`${url}/api/staff/api-tokens`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join('; '),
      'x-csrf-token': cookies.get('portico_staff_csrf')!,
    },
    // The load writes tickets and contacts: a token without scopes may only read.
    body: JSON.stringify({ name: 'backup test', scopes: ['admin'] }),
  });
  expect(created.status).toBe(201);
  return ((await created.json()) as { token: string }).token;
}

/** Two writers creating organizations until stopped; `acked` holds each id once the server answered 201. */
function writeLoad(url: string, token: string) {
  const acked: string[] = [];
  const failures: string[] = [];
  let stopped = false;
  const writer = async (w: number) => {
    for (let i = 0; !stopped; i++) {
      const res = await fetch(`${url}/api/staff/organizations`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ name: `Load ${w}-${i}` }),
      });
      if (res.status === 201) acked.push(((await res.json()) as { id: string }).id);
      else failures.push(`${res.status} ${await res.text()}`);
    }
  };
  const writers = [writer(1), writer(2)];
  return {
    acked,
    failures,
    async until(count: number) {
      while (acked.length < count) await new Promise((r) => setTimeout(r, 50));
    },
    async stop() {
      stopped = true;
      await Promise.all(writers);
    },
  };
}

/** The restored database is whole: every migration, and each organization with its closure row and audit row. */
async function expectConsistent(db: Kysely<DB>, acknowledged: string[]) {
  const { rows: migrations } = await sql<{
    name: string;
  }>`select name from schema_migrations order by name`.execute(db);
  expect(migrations.map((m) => m.name)).toEqual(MIGRATIONS);
  const orgs = await db.selectFrom('organizations').select('id').execute();
  const ids = new Set(orgs.map((o) => o.id));
  expect(acknowledged.filter((id) => !ids.has(id))).toEqual([]);
  const selfRows = await db
    .selectFrom('organization_closure')
    .select(sql<number>`count(*)::int`.as('n'))
    .whereRef('ancestor_id', '=', 'descendant_id')
    .executeTakeFirstOrThrow();
  expect(selfRows.n).toBe(orgs.length);
  const created = await db
    .selectFrom('audit_log')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('entity_type', '=', 'organization')
    .where('action', '=', 'create')
    .executeTakeFirstOrThrow();
  expect(created.n).toBe(orgs.length);
}

/** The server started on the restored database serves every acknowledged write. */
async function expectServed(server: Server, token: string, acknowledged: string[]) {
  for (const id of acknowledged) {
    const res = await fetch(`${server.url}/api/staff/organizations/${id}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.status, id).toBe(200);
  }
}

/** Writes under load, backs up while they go on, stops the load: the ids acknowledged before. */
async function backUpUnderLoad(server: Server, token: string, backup: () => Promise<void>) {
  const load = writeLoad(server.url, token);
  await load.until(20);
  const before = [...load.acked];
  await backup();
  const duringBackup = load.acked.length - before.length;
  await load.stop();
  expect(load.failures).toEqual([]);
  expect(duringBackup, 'writes went on while the backup ran').toBeGreaterThan(0);
  return before;
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'portico-backup-'));
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

describe.runIf(testEngine === 'pglite')('backup and restore of the embedded database', () => {
  it('backs up through the running server under write load and restores every acknowledged write', async () => {
    const source = { PORTICO_DATA_DIR: path.join(dir, 'source') };
    const email = `admin-${randomBytes(3).toString('hex')}@example.test`;
    const admin = await run(['create-admin', '--email', email, '--password', TEST_PASSWORD], source);
    expect(admin.code, admin.stderr).toBe(0);

    const server = await startServer(source);
    const file = path.join(dir, 'embedded.tar.gz');
    let token = '';
    let before: string[];
    try {
      token = await adminToken(server.url, email);
      before = await backUpUnderLoad(server, token, async () => {
        const backup = await run(['backup', '--out', file], {
          ...source,
          PORTICO_URL: server.url,
          PORTICO_API_TOKEN: token,
        });
        expect(backup.code, backup.stderr).toBe(0);
        expect(backup.stdout).toContain('dumped by the running server');
      });
      // A restore into the directory the server holds is refused before anything is read.
      const busy = await run(['restore', '--from', file, '--data-dir', source.PORTICO_DATA_DIR], {});
      expect(busy.code).toBe(3);
    } finally {
      await server.stop();
    }

    const target = path.join(dir, 'restored');
    const restored = await run(['restore', '--from', file, '--data-dir', target], {});
    expect(restored.code, restored.stderr).toBe(0);
    expect(restored.stdout).toContain(`${MIGRATIONS.length} migrations`);
    const again = await run(['restore', '--from', file, '--data-dir', target], {});
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('is not empty');

    const copy = await openPGlite(path.join(target, 'pgdata'));
    try {
      await expectConsistent(copy.db, before);
    } finally {
      await copy.close();
    }
    const restoredServer = await startServer({ PORTICO_DATA_DIR: target });
    try {
      await expectServed(restoredServer, token, before);
    } finally {
      await restoredServer.stop();
    }
  }, 600_000);

  it('backs up a data directory no server holds, and refuses to overwrite a file', async () => {
    const empty = await run(['backup', '--out', path.join(dir, 'none.tar.gz')], {
      PORTICO_DATA_DIR: path.join(dir, 'nothing-here'),
    });
    expect(empty.code).toBe(1);
    expect(empty.stderr).toContain('no database');
    const file = path.join(dir, 'offline.tar.gz');
    const env = { PORTICO_DATA_DIR: path.join(dir, 'restored') };
    expect((await run(['backup', '--out', file], env)).stdout).toContain('read from the data directory');
    const twice = await run(['backup', '--out', file], env);
    expect(twice.code).toBe(1);
    expect(twice.stderr).toContain('exists already');
  }, 300_000);
});

describe.runIf(testEngine === 'postgres')('backup and restore on PostgreSQL (pg_dump, pg_restore)', () => {
  it('backs up with pg_dump under write load and restores every acknowledged write', async () => {
    const source = await createTestDatabase();
    const adminUrl = process.env.TEST_DATABASE_URL!;
    const targetName = `portico_test_${randomBytes(6).toString('hex')}`;
    const targetUrl = Object.assign(new URL(adminUrl), { pathname: `/${targetName}` }).toString();
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    try {
      const staff = await createStaffUser(source.database.db, { role: 'admin' });
      const server = await startServer({ DATABASE_URL: source.url! });
      const file = path.join(dir, 'postgres.dump');
      let token = '';
      let before: string[];
      try {
        token = await adminToken(server.url, staff.email);
        before = await backUpUnderLoad(server, token, async () => {
          const backup = await run(['backup', '--out', file], { DATABASE_URL: source.url! });
          expect(backup.code, backup.stderr).toBe(0);
          expect(backup.stdout).toContain('made by pg_dump');
        });
      } finally {
        await server.stop();
      }

      await admin.query(`create database ${targetName}`);
      const restored = await run(['restore', '--from', file], { DATABASE_URL: targetUrl });
      expect(restored.code, restored.stderr).toBe(0);
      expect(restored.stdout).toContain(`${MIGRATIONS.length} migrations`);
      const again = await run(['restore', '--from', file], { DATABASE_URL: targetUrl });
      expect(again.code).toBe(1);
      expect(again.stderr).toContain('is not empty');

      const copy = await openPostgres(targetUrl, 2);
      try {
        await expectConsistent(copy.db, before);
      } finally {
        await copy.close();
      }
      const restoredServer = await startServer({ DATABASE_URL: targetUrl });
      try {
        await expectServed(restoredServer, token, before);
      } finally {
        await restoredServer.stop();
      }
    } finally {
      await admin.query(`drop database if exists ${targetName} with (force)`);
      await admin.end();
      await source.drop();
    }
  }, 600_000);
});
