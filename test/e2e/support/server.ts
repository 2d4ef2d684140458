// A real Portico server for the browser tests: `node bin/portico.js serve` as a child process on a
// free port, with a fresh PGlite data directory (or, with E2E_DATABASE_URL, a new PostgreSQL
// database), demo data loaded on its first start. stop() ends it and removes what it made.
// It runs from a snapshot of the repository taken at the start (see snapshotApp).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  closeSync,
  cpSync,
  existsSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
} from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

export const REPO = fileURLToPath(new URL('../../../', import.meta.url));

/** The inbound webhook's bearer token on the test server. */
export const E2E_INBOUND_MAIL_TOKEN = 'e2e-inbound-mail-token-0123456789';

export type RunningServer = {
  baseURL: string;
  engine: 'pglite' | 'postgres';
  stop(): Promise<void>;
};

const HEALTH_TIMEOUT_MS = Number(process.env.E2E_SERVER_TIMEOUT_MS ?? 240_000);

function newestMtime(file: string): number {
  const stat = statSync(file);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...readdirSync(file).map((name) => newestMtime(path.join(file, name))));
}

/** A build whose index.html and every asset it names are there (not half-way through a rebuild). */
function completeBuild(web: string): boolean {
  const index = path.join(web, 'index.html');
  if (!existsSync(index)) return false;
  const assets = [...readFileSync(index, 'utf8').matchAll(/(?:src|href)="\/(assets\/[^"]+)"/g)].map(
    (m) => m[1]!,
  );
  return assets.length > 0 && assets.every((asset) => existsSync(path.join(web, asset)));
}

/**
 * The server runs from a snapshot of the repository (src, bin, package.json, tsconfig.json,
 * vite.config.ts; node_modules linked) with the web UI in the snapshot's own dist/web. Other
 * people editing src/ or rebuilding dist/web during the run then change nothing under the tests,
 * and the tests never rebuild the dist/web that others' servers serve.
 *
 * The UI: a copy of dist/web when it is complete and newer than src/web, else `vite build` of the
 * snapshot; with E2E_SKIP_BUILD=1 always the copy, and a missing build is an error.
 */
export function snapshotApp(dir: string): string {
  const app = path.join(dir, 'app');
  for (const entry of ['src', 'bin', 'package.json', 'tsconfig.json', 'vite.config.ts'])
    cpSync(path.join(REPO, entry), path.join(app, entry), { recursive: true });
  symlinkSync(path.join(REPO, 'node_modules'), path.join(app, 'node_modules'), 'dir');

  const shared = path.join(REPO, 'dist', 'web');
  const web = path.join(app, 'dist', 'web');
  const copyShared = () => {
    rmSync(web, { recursive: true, force: true });
    cpSync(shared, web, { recursive: true });
    return completeBuild(web);
  };
  if (process.env.E2E_SKIP_BUILD === '1') {
    if (completeBuild(shared) && copyShared()) return app;
    throw new Error(
      `The web UI is not built (${shared} is missing or incomplete): run \`npx vite build\` first.`,
    );
  }
  const sources = Math.max(
    newestMtime(path.join(app, 'src', 'web')),
    newestMtime(path.join(app, 'vite.config.ts')),
  );
  const fresh = completeBuild(shared) && statSync(path.join(shared, 'index.html')).mtimeMs >= sources;
  if (fresh && copyShared()) return app;

  console.log('[e2e] building the web UI (vite build)…');
  const vite = path.join(REPO, 'node_modules', 'vite', 'bin', 'vite.js');
  const result = spawnSync(
    process.execPath,
    [vite, 'build', '--config', path.join(app, 'vite.config.ts'), '--logLevel', 'error'],
    { cwd: app, stdio: 'inherit' },
  );
  if (result.status !== 0 || !completeBuild(web))
    throw new Error('The web UI could not be built: `vite build` failed (see its output above).');
  return app;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.unref();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => (port ? resolve(port) : reject(new Error('No free port found'))));
    });
  });
}

async function withAdmin(adminUrl: string, query: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(query);
  } finally {
    await client.end();
  }
}

/**
 * Every process this run started and left behind (test workers, their browsers), by id: the
 * descendants of `root`, read from /proc (Linux; elsewhere nothing is done).
 */
function killDescendants(root: number): void {
  let parents: Map<number, number[]>;
  try {
    parents = new Map();
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        // "pid (name) state ppid …": the name may hold spaces and parentheses.
        const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
        const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
        parents.set(ppid, [...(parents.get(ppid) ?? []), Number(entry)]);
      } catch {
        // Gone meanwhile.
      }
    }
  } catch {
    return;
  }
  const found: number[] = [];
  const queue = [root];
  while (queue.length) {
    for (const child of parents.get(queue.shift()!) ?? []) {
      found.push(child);
      queue.push(child);
    }
  }
  for (const pid of found) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Gone meanwhile.
    }
  }
}

/** The same drop, synchronously (from an 'exit' listener): a short-lived node process does it. */
function dropDatabaseNow(adminUrl: string, name: string): void {
  const script = `import pg from 'pg';
const client = new pg.Client({ connectionString: process.env.ADMIN_URL });
await client.connect();
await client.query('drop database if exists ${name} with (force)');
await client.end();`;
  spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    cwd: REPO,
    env: { ...process.env, ADMIN_URL: adminUrl },
    stdio: 'ignore',
    timeout: 15_000,
  });
}

function tail(file: string, lines = 60): string {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '(no server output)';
  }
}

async function waitForExit(child: ChildProcess, ms: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return true;
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

/** `env`: settings of this server on top of the test defaults (a journey that needs its own). */
export async function startServer(env: Record<string, string> = {}): Promise<RunningServer> {
  // What exists so far, for the clean-up: the teardown's (async), or the 'exit' listener's
  // (synchronous) when this process ends without a teardown: on Ctrl-C or a kill vitest calls
  // process.exit from its own handlers. Prepended, so it runs before vitest's 'exit' listener,
  // which exits at once.
  const made: { dir?: string; database?: { adminUrl: string; name: string }; child?: ChildProcess } = {};
  const onExit = () => {
    made.child?.kill('SIGKILL');
    killDescendants(process.pid);
    if (made.dir) rmSync(made.dir, { recursive: true, force: true });
    if (made.database) dropDatabaseNow(made.database.adminUrl, made.database.name);
  };
  const onHangUp = () => process.exit(129);
  process.prependListener('exit', onExit);
  process.prependOnceListener('SIGHUP', onHangUp);

  const cleanUp = async () => {
    const { child, database, dir } = made;
    try {
      if (child && child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        if (!(await waitForExit(child, 10_000))) {
          child.kill('SIGKILL');
          await waitForExit(child, 5_000);
        }
      }
      if (database)
        await withAdmin(database.adminUrl, `drop database if exists ${database.name} with (force)`);
      if (dir) await rm(dir, { recursive: true, force: true });
    } catch (error) {
      console.error('[e2e] clean-up failed:', error);
      onExit();
    } finally {
      made.child = made.database = made.dir = undefined;
      process.removeListener('exit', onExit);
      process.removeListener('SIGHUP', onHangUp);
    }
  };

  try {
    const dir = (made.dir = await mkdtemp(path.join(tmpdir(), 'portico-e2e-')));

    const adminUrl = process.env.E2E_DATABASE_URL;
    let databaseUrl = '';
    if (adminUrl) {
      const name = `portico_e2e_${randomBytes(6).toString('hex')}`;
      await withAdmin(adminUrl, `create database ${name}`);
      made.database = { adminUrl, name };
      const url = new URL(adminUrl);
      url.pathname = `/${name}`;
      databaseUrl = url.toString();
    }

    const app = snapshotApp(dir);
    const port = await freePort();
    const baseURL = `http://127.0.0.1:${port}`;
    const logFile = path.join(dir, 'server.log');
    const log = openSync(logFile, 'a');
    const child = (made.child = spawn(process.execPath, [path.join(app, 'bin', 'portico.js'), 'serve'], {
      cwd: app,
      env: {
        ...process.env,
        PORT: String(port),
        HOST: '127.0.0.1',
        PUBLIC_URL: baseURL,
        // Empty means unset: an inherited DATABASE_URL must not send the PGlite run elsewhere.
        DATABASE_URL: databaseUrl,
        PORTICO_DATA_DIR: path.join(dir, 'data'),
        PORTICO_DEMO_DATA: 'true',
        // The mail journeys hand messages to the inbound webhook; no SMTP, so mail stays queued.
        INBOUND_MAIL_TOKEN: E2E_INBOUND_MAIL_TOKEN,
        MAIL_POLL_MS: '200',
        LOG_LEVEL: process.env.E2E_LOG_LEVEL ?? 'warn',
        SMTP_URL: '',
        COOKIE_SECURE: 'false',
        ...env,
      },
      stdio: ['ignore', log, log],
    }));
    closeSync(log);

    const started = Date.now();
    for (;;) {
      if (child.exitCode !== null || child.signalCode !== null)
        throw new Error(`The Portico server stopped while starting:\n${tail(logFile)}`);
      try {
        const response = await fetch(`${baseURL}/api/health`, { signal: AbortSignal.timeout(2_000) });
        if (response.ok) break;
      } catch {
        // Not listening yet.
      }
      if (Date.now() - started > HEALTH_TIMEOUT_MS)
        throw new Error(
          `The Portico server did not answer /api/health within ${HEALTH_TIMEOUT_MS / 1000} s:\n${tail(logFile)}`,
        );
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    const engine = adminUrl ? 'postgres' : 'pglite';
    console.log(
      `[e2e] Portico on ${baseURL} (${engine}), ready in ${Math.round((Date.now() - started) / 1000)} s`,
    );
    return { baseURL, engine, stop: cleanUp };
  } catch (error) {
    await cleanUp();
    throw error;
  }
}
