// A real OpenLDAP server (Debian's slapd) for the directory tests: a throwaway slapd.conf in a
// temp dir (mdb backend, the schemas of /etc/ldap/schema), a free 127.0.0.1 port, loaded with an
// LDIF fixture by slapadd before it starts, and nothing of the system's configuration or service.
import { spawn, type ChildProcess } from 'node:child_process';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'ldapts';
import { freePort } from './clamd.ts';

const CANDIDATES = ['/usr/sbin/slapd', '/usr/local/sbin/slapd', '/usr/lib/openldap/slapd'];
/** The slapd binary, or undefined when slapd is not installed. */
export const slapdPath = CANDIDATES.find((path) => existsSync(path));
const slapaddPath = ['/usr/sbin/slapadd', '/usr/local/sbin/slapadd'].find((path) => existsSync(path));

/**
 * Whether the directory tests run: slapd installed, or CI (.ci/run installs slapd and sets
 * PORTICO_REQUIRE_SLAPD; CI is set by most CI services), where a missing slapd must fail, not skip.
 */
export const slapdAvailable =
  slapdPath !== undefined || process.env.CI !== undefined || process.env.PORTICO_REQUIRE_SLAPD === '1';
if (!slapdAvailable)
  console.warn('slapd is not installed (apt-get install slapd ldap-utils): the directory tests are skipped');

export const DISTRICT_LDIF = new URL('../fixtures/district.ldif', import.meta.url).pathname;
export const BASE_DN = 'dc=district,dc=example';
const ROOT_DN = `cn=admin,${BASE_DN}`;
const ROOT_PASSWORD = 'slapd-root-test-password';

export type Slapd = {
  url: string;
  baseDn: string;
  /** The read-only service account of the fixture. */
  bindDn: string;
  bindPassword: string;
  /** Runs `work` with a client bound as the directory's manager (writes allowed), then unbinds. */
  asManager<T>(work: (client: Client) => Promise<T>): Promise<T>;
  stop(): Promise<void>;
};

const SCHEMAS = ['core', 'cosine', 'inetorgperson', 'nis', 'msuser'];

function config(dir: string): string {
  return [
    ...SCHEMAS.map((s) => `include /etc/ldap/schema/${s}.schema`),
    `pidfile ${join(dir, 'slapd.pid')}`,
    `argsfile ${join(dir, 'slapd.args')}`,
    'modulepath /usr/lib/ldap',
    'moduleload back_mdb',
    // People bind with their own password; only bound accounts read; nobody reads passwords.
    'access to attrs=userPassword by self write by anonymous auth by * none',
    'access to * by users read by * none',
    'database mdb',
    'maxsize 104857600',
    `suffix "${BASE_DN}"`,
    `rootdn "${ROOT_DN}"`,
    `rootpw ${ROOT_PASSWORD}`,
    `directory ${join(dir, 'db')}`,
    '',
  ].join('\n');
}

async function ready(url: string, child: ChildProcess, log: () => string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (child.exitCode !== null) throw new Error(`slapd exited (${child.exitCode}): ${log()}`);
    const client = new Client({ url, connectTimeout: 500 });
    try {
      await client.bind(ROOT_DN, ROOT_PASSWORD);
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    } finally {
      await client.unbind().catch(() => undefined);
    }
  }
  throw new Error(`slapd did not answer on ${url}: ${log()}`);
}

export async function startSlapd(ldif: string = DISTRICT_LDIF): Promise<Slapd> {
  if (!slapdPath || !slapaddPath)
    throw new Error('slapd is not installed (apt-get install slapd ldap-utils)');
  const dir = await mkdtemp(join(tmpdir(), 'portico-slapd-'));
  await mkdir(join(dir, 'db'));
  const conf = join(dir, 'slapd.conf');
  await writeFile(conf, config(dir));
  await promisify(execFile)(slapaddPath, ['-f', conf, '-l', ldif]);
  const port = await freePort();
  const url = `ldap://127.0.0.1:${port}`;
  // -d 0: stay in the foreground (the test owns the process), log nothing.
  const child = spawn(slapdPath, ['-f', conf, '-h', `${url}/`, '-d', '0'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  await ready(url, child, () => stderr);
  return {
    url,
    baseDn: BASE_DN,
    bindDn: `cn=sync,${BASE_DN}`,
    bindPassword: 'sync-pass',
    async asManager(work) {
      const client = new Client({ url });
      try {
        await client.bind(ROOT_DN, ROOT_PASSWORD);
        return await work(client);
      } finally {
        await client.unbind().catch(() => undefined);
      }
    },
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}
