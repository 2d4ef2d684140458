import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lockDataDir } from '../src/db/data-dir-lock.ts';

const BIN = path.resolve('bin/portico.js');

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

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'portico-cli-'));
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

describe('portico CLI (embedded database)', () => {
  it('lists its commands and each has --help', async () => {
    const help = await run(['--help'], {});
    expect(help.code).toBe(0);
    for (const c of ['serve', 'migrate', 'seed-demo', 'create-admin', 'reset-password'])
      expect(help.stdout).toContain(c);
    const sub = await run(['create-admin', '--help'], {});
    expect(sub.code).toBe(0);
    expect(sub.stdout).toContain('--email');
  });

  it('refuses, clearly and without touching it, a data directory another process holds', async () => {
    const held = path.join(dir, 'held');
    const release = lockDataDir(held, 'serve');
    try {
      const res = await run(['migrate'], { PORTICO_DATA_DIR: held });
      expect(res.code).toBe(3);
      expect(res.stderr).toContain('in use by process');
      expect(existsSync(path.join(held, 'pgdata'))).toBe(false);
    } finally {
      release();
    }
  });

  // Five processes, each opening the embedded database (the first also migrates it) and hashing a
  // password: about 25 s alone, over 60 s while CI runs both engines' suites side by side.
  it(
    'creates an administrator, refuses a duplicate and resets its password',
    { timeout: 180_000 },
    async () => {
      const env = { PORTICO_DATA_DIR: path.join(dir, 'admin') };
      const created = await run(
        ['create-admin', '--email', 'boss@example.test', '--password', 'a long enough secret'],
        env,
      );
      expect(created.code, created.stderr).toBe(0);
      const again = await run(
        ['create-admin', '--email', 'BOSS@example.test', '--password', 'a long enough secret'],
        env,
      );
      expect(again.code).toBe(2);
      expect(again.stderr).toContain('exists already');
      const weak = await run(['reset-password', '--email', 'boss@example.test', '--password', 'short'], env);
      expect(weak.code).toBe(2);
      const reset = await run(['reset-password', '--email', 'boss@example.test'], env);
      expect(reset.code, reset.stderr).toBe(0);
      expect(reset.stdout).toMatch(/changed to: \S{12,}/);
      const unknown = await run(
        ['reset-password', '--email', 'nobody@example.test', '--password', 'a long enough secret'],
        env,
      );
      expect(unknown.code).toBe(2);
      // The lock is released when each command ends.
      expect(existsSync(path.join(dir, 'admin', 'portico.pid'))).toBe(false);
    },
  );

  it('answers an unknown command or option with usage and exit code 2', async () => {
    expect((await run(['frobnicate'], {})).code).toBe(2);
    expect((await run(['migrate', '--bogus'], {})).code).toBe(2);
  });
});
