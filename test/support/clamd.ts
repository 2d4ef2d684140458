// A real clamd (Debian's clamav-daemon) for the scanning tests, started on a free port with a
// throwaway configuration and a one-line signature database: the EICAR test file's MD5 hash.
// freshclam cannot reach its servers here, and the tests need no other signature.
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The industry's harmless test "virus": every scanner reports it, nothing runs it. */
export const EICAR = Buffer.from(
  'X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*',
  'latin1',
);
export const EICAR_SIGNATURE = 'Eicar-Test-Signature';

const CANDIDATES = ['/usr/sbin/clamd', '/usr/bin/clamd', '/usr/local/sbin/clamd'];
/** The clamd binary, or undefined when clamav-daemon is not installed. */
export const clamdPath = CANDIDATES.find((path) => existsSync(path));

/** A TCP port nothing listens on (at the moment of asking). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    let reply = '';
    socket.setTimeout(2000);
    socket.on('connect', () => socket.write('zPING\0'));
    socket.on('data', (chunk) => (reply += chunk.toString()));
    socket.on('end', () => resolve(reply.startsWith('PONG')));
    socket.on('timeout', () => socket.destroy());
    socket.on('error', () => resolve(false));
    socket.on('close', () => resolve(reply.startsWith('PONG')));
  });
}

export type Clamd = { url: string; stop(): Promise<void> };

/** Starts clamd in the foreground and waits until it answers PING (loading takes a few seconds). */
export async function startClamd(): Promise<Clamd> {
  if (!clamdPath) throw new Error('clamd is not installed (apt-get install clamav-daemon)');
  const dir = await mkdtemp(join(tmpdir(), 'portico-clamd-'));
  const port = await freePort();
  const md5 = createHash('md5').update(EICAR).digest('hex');
  await writeFile(join(dir, 'eicar.hdb'), `${md5}:${EICAR.length}:${EICAR_SIGNATURE}\n`);
  const conf = join(dir, 'clamd.conf');
  await writeFile(
    conf,
    [
      `TCPSocket ${port}`,
      'TCPAddr 127.0.0.1',
      'Foreground yes',
      `DatabaseDirectory ${dir}`,
      `LogFile ${join(dir, 'clamd.log')}`,
      'StreamMaxLength 64M',
      '',
    ].join('\n'),
  );
  const child: ChildProcess = spawn(clamdPath, [`--config-file=${conf}`], { stdio: 'ignore' });
  let exited = false;
  const exit = new Promise<void>((resolve) =>
    child.once('exit', () => {
      exited = true;
      resolve();
    }),
  );
  const stop = async () => {
    if (!exited) {
      child.kill('SIGTERM');
      await Promise.race([exit, new Promise((r) => setTimeout(r, 5000))]);
      if (!exited) child.kill('SIGKILL');
    }
    await rm(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline && !exited) {
    if (await ping(port)) return { url: `tcp://127.0.0.1:${port}`, stop };
    await new Promise((r) => setTimeout(r, 250));
  }
  const log = await readFile(join(dir, 'clamd.log'), 'utf8').catch(() => '(no log)');
  await stop();
  throw new Error(`clamd did not answer on port ${port}; its log ends:\n${log.slice(-2000)}`);
}
