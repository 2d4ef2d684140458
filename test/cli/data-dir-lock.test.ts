import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataDirInUseError, lockDataDir, processStartTime } from '../../src/db/data-dir-lock.ts';

let dir: string;
let sleeper: ChildProcess;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'portico-lock-'));
  // A live process that is not Portico: it stands for an unrelated process that got the pid.
  sleeper = spawn('sleep', ['60'], { stdio: 'ignore' });
  await new Promise((resolve) => sleeper.once('spawn', resolve));
});
afterAll(async () => {
  sleeper.kill('SIGKILL');
  await rm(dir, { recursive: true, force: true });
});

function lockFile(name: string, holder: object): string {
  const dataDir = path.join(dir, name);
  const release = lockDataDir(dataDir, 'test');
  release();
  writeFileSync(path.join(dataDir, 'portico.pid'), JSON.stringify(holder));
  return dataDir;
}

describe.skipIf(process.platform !== 'linux')('data directory lock (Linux: /proc)', () => {
  it('records the owner by pid and start time', () => {
    const dataDir = path.join(dir, 'own');
    const release = lockDataDir(dataDir, 'serve');
    const holder = JSON.parse(readFileSync(path.join(dataDir, 'portico.pid'), 'utf8')) as object;
    expect(holder).toEqual({ pid: process.pid, startTime: processStartTime(process.pid), command: 'serve' });
    release();
    expect(existsSync(path.join(dataDir, 'portico.pid'))).toBe(false);
  });

  it('takes over a lock whose pid now belongs to an unrelated live process', () => {
    const pid = sleeper.pid!;
    const startTime = processStartTime(pid)!;
    expect(startTime).toBeGreaterThan(0);
    // The dead server had this pid, but started at another time.
    const dataDir = lockFile('reused', { pid, startTime: startTime - 1000, command: 'serve' });
    const release = lockDataDir(dataDir, 'serve');
    const holder = JSON.parse(readFileSync(path.join(dataDir, 'portico.pid'), 'utf8')) as { pid: number };
    expect(holder.pid).toBe(process.pid);
    release();
  });

  it('still refuses a directory its live owner holds', () => {
    const pid = sleeper.pid!;
    const dataDir = lockFile('held', { pid, startTime: processStartTime(pid), command: 'serve' });
    expect(() => lockDataDir(dataDir, 'migrate')).toThrow(DataDirInUseError);
    expect(() => lockDataDir(dataDir, 'migrate')).toThrow(`in use by process ${pid}`);
  });

  it('takes over the lock of a process that is gone', async () => {
    const gone = spawn('true', { stdio: 'ignore' });
    await new Promise((resolve) => gone.once('exit', resolve));
    const dataDir = lockFile('gone', { pid: gone.pid, startTime: 1, command: 'serve' });
    lockDataDir(dataDir, 'serve')();
  });
});
