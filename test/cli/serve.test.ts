// The real server process (`node bin/portico.js serve`): what it prints while starting, where it
// listens, and a graceful shutdown on SIGTERM with requests in flight.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { emptyPostgresDatabase } from '../support/database.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/demo/seed.ts';

const BIN = path.resolve('bin/portico.js');
const START_TIMEOUT_MS = 240_000;
const SHUTDOWN_TIMEOUT_MS = 4_000;
// The first start on the embedded database migrates and seeds: minutes on a busy machine.
const TEST_TIMEOUT_MS = START_TIMEOUT_MS + 60_000;
const started = new Set<Server>();

let dir: string;
let env: Record<string, string>;
let dropDatabase = async () => {};

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'portico-serve-'));
  let databaseUrl = '';
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (adminUrl) {
    const scratch = await emptyPostgresDatabase(adminUrl, 'portico_serve');
    dropDatabase = scratch.drop;
    databaseUrl = scratch.url;
  }
  const { HOST: _host, ...inherited } = process.env as Record<string, string>;
  env = {
    ...inherited,
    DATABASE_URL: databaseUrl,
    PORTICO_DATA_DIR: path.join(dir, 'data'),
    PORTICO_DEMO_DATA: 'true',
    LOG_LEVEL: 'warn',
    SMTP_URL: '',
    COOKIE_SECURE: 'false',
    SHUTDOWN_TIMEOUT_MS: String(SHUTDOWN_TIMEOUT_MS),
  };
});
afterAll(async () => {
  // A test that failed half-way leaves its server: end it before removing its data.
  for (const { child } of started) if (child.exitCode === null) child.kill('SIGKILL');
  await Promise.all([...started].map((server) => server.exited));
  await dropDatabase();
  await rm(dir, { recursive: true, force: true });
});

type Server = { child: ChildProcess; base: string; output: () => string; exited: Promise<number | null> };

async function serve(extra: Record<string, string> = {}): Promise<Server> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, [BIN, 'serve'], {
    env: { ...env, PORT: String(port), PUBLIC_URL: base, ...extra },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  started.add({ child, base, output: () => output, exited });
  const since = Date.now();
  for (;;) {
    if (child.exitCode !== null) throw new Error(`serve stopped while starting:\n${output}`);
    const ready = await fetch(`${base}/api/health/ready`).catch(() => undefined);
    if (ready?.ok) break;
    if (Date.now() - since > START_TIMEOUT_MS) {
      child.kill('SIGKILL');
      throw new Error(`serve did not get ready:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  // The ready line comes after listen(); give stdout a moment.
  await new Promise((resolve) => setTimeout(resolve, 200));
  return { child, base, output: () => output, exited };
}

/** A staff sign-in whose body is sent in two parts: in flight until finish() is called. */
function slowSignIn(base: string) {
  const body = JSON.stringify({ email: 'admin@portico.example', password: DEMO_PASSWORD });
  const request = http.request(`${base}/api/staff/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
  });
  const answer = new Promise<number>((resolve, reject) => {
    request.on('response', (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    request.on('error', reject);
  });
  request.write(body.slice(0, 10));
  return { answer, finish: () => request.end(body.slice(10)) };
}

describe('portico serve', () => {
  it(
    'says what it does while starting, and listens on 127.0.0.1 while demo accounts exist',
    async () => {
      const server = await serve();
      try {
        const out = server.output();
        expect(out).toContain('Opening the database');
        expect(out).toContain('Applying database migrations…');
        expect(out).toMatch(/applied 0001_init\.sql/);
        expect(out).toContain('Loading the demo data…');
        expect(out).toMatch(/ {2}tickets: \d+ tickets, \d+ ticket comments/);
        expect(out).toContain('Listening on 127.0.0.1 only');
        expect(out).toContain('listening on 127.0.0.1');
        expect(out).toContain('admin@portico.example');
      } finally {
        server.child.kill('SIGKILL');
        await server.exited;
      }
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'on SIGTERM: finishes the requests in flight, closes stuck ones after the timeout, exits 0',
    async () => {
      // HOST given: no 127.0.0.1-only notice.
      const server = await serve({ HOST: '127.0.0.1' });
      expect(server.output()).not.toContain('Listening on 127.0.0.1 only');
      expect(server.output()).toContain('the database was up to date');

      const slow = slowSignIn(server.base);
      // Never finished: only the shutdown timeout ends it.
      const stuck = slowSignIn(server.base);
      const stuckEnd = stuck.answer.then(
        (status) => `answered ${status}`,
        (error: Error) => `closed: ${error.message}`,
      );
      await new Promise((resolve) => setTimeout(resolve, 300));

      const stoppedAt = Date.now();
      server.child.kill('SIGTERM');
      await new Promise((resolve) => setTimeout(resolve, 500));
      // No new connections once shutting down.
      await expect(fetch(`${server.base}/api/health`)).rejects.toThrow();
      slow.finish();
      expect(await slow.answer).toBe(200);

      expect(await server.exited).toBe(0);
      const took = Date.now() - stoppedAt;
      expect(took).toBeGreaterThanOrEqual(SHUTDOWN_TIMEOUT_MS - 200);
      expect(took).toBeLessThan(SHUTDOWN_TIMEOUT_MS + 15_000);
      expect(await stuckEnd).toMatch(/^closed/);
      expect(server.output()).toContain('SIGTERM: shutting down');
      expect(server.output()).toContain('Stopped.');
    },
    TEST_TIMEOUT_MS,
  );
});
