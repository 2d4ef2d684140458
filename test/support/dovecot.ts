// A real Dovecot IMAP server (Debian's dovecot-imapd) for the inbound mail tests: a throwaway
// configuration in a temp dir, a free 127.0.0.1 port, passwd-file auth, maildir in the temp dir,
// no TLS, nothing of the system's configuration or paths. Messages go in by IMAP APPEND.
import { spawn, type ChildProcess } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, chown, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ImapFlow } from 'imapflow';
import { freePort } from './clamd.ts';

const CANDIDATES = ['/usr/sbin/dovecot', '/usr/bin/dovecot', '/usr/local/sbin/dovecot'];
/** The dovecot binary, or undefined when dovecot-imapd is not installed. */
export const dovecotPath = CANDIDATES.find((path) => existsSync(path));

export type Dovecot = {
  /** imap://user:pass@127.0.0.1:port, as IMAP_URL takes it. */
  url: string;
  /** A new IMAP client as the mailbox's user, connected. */
  client(): Promise<ImapFlow>;
  /** Appends a raw message to a folder (INBOX by default). */
  append(raw: Buffer, folder?: string): Promise<void>;
  stop(): Promise<void>;
};

const USER = 'portico';
const PASSWORD = 'imap-test-password';

function idOf(flag: '-u' | '-g', name: string): number {
  return Number(execFileSync('id', [flag, name]).toString().trim());
}

/** Runs mail processes as the package's dovecot user under root, else as whoever runs the tests. */
function mailUser(): { uid: number; gid: number; extra: string[] } {
  const uid = process.getuid?.() ?? 0;
  if (uid === 0) return { uid: idOf('-u', 'dovecot'), gid: idOf('-g', 'dovecot'), extra: [] };
  const name = execFileSync('id', ['-un']).toString().trim();
  return {
    uid,
    gid: process.getgid?.() ?? 0,
    extra: [`default_internal_user = ${name}`, `default_login_user = ${name}`],
  };
}

async function connected(port: number): Promise<ImapFlow> {
  const client = new ImapFlow({
    host: '127.0.0.1',
    port,
    secure: false,
    auth: { user: USER, pass: PASSWORD },
    logger: false,
  });
  await client.connect();
  return client;
}

export async function startDovecot(): Promise<Dovecot> {
  if (!dovecotPath) throw new Error('dovecot is not installed (apt-get install dovecot-imapd)');
  const dir = await mkdtemp(join(tmpdir(), 'portico-dovecot-'));
  await chmod(dir, 0o755);
  const home = join(dir, 'home');
  await mkdir(home);
  const port = await freePort();
  const user = mailUser();
  await chown(home, user.uid, user.gid);
  await writeFile(join(dir, 'passwd'), `${USER}:{PLAIN}${PASSWORD}\n`);
  const conf = join(dir, 'dovecot.conf');
  await writeFile(
    conf,
    [
      `base_dir = ${join(dir, 'run')}`,
      `state_dir = ${join(dir, 'state')}`,
      `log_path = ${join(dir, 'dovecot.log')}`,
      'listen = 127.0.0.1',
      'protocols = imap',
      'ssl = no',
      'disable_plaintext_auth = no',
      'auth_mechanisms = plain login',
      'first_valid_uid = 1',
      ...user.extra,
      'service imap-login {',
      `  inet_listener imap {\n    address = 127.0.0.1\n    port = ${port}\n  }`,
      '  inet_listener imaps {\n    port = 0\n  }',
      '}',
      'passdb {',
      `  driver = passwd-file\n  args = scheme=PLAIN username_format=%u ${join(dir, 'passwd')}`,
      '}',
      'userdb {',
      `  driver = static\n  args = uid=${user.uid} gid=${user.gid} home=${home}/%u`,
      '}',
      'mail_location = maildir:~/Maildir',
      '',
    ].join('\n'),
  );
  const child: ChildProcess = spawn(dovecotPath, ['-c', conf, '-F'], { stdio: 'ignore' });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null) child.kill('SIGTERM');
    await exited;
    await rm(dir, { recursive: true, force: true });
  };
  // Ready when a login succeeds (a second or so).
  for (let i = 0; ; i++) {
    try {
      const client = await connected(port);
      await client.logout();
      break;
    } catch (error) {
      if (i >= 50 || child.exitCode !== null) {
        await stop();
        throw new Error(`dovecot did not start: ${error instanceof Error ? error.message : error}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  return {
    url: `imap://${USER}:${PASSWORD}@127.0.0.1:${port}`,
    client: () => connected(port),
    async append(raw, folder = 'INBOX') {
      const client = await connected(port);
      try {
        await client.append(folder, raw);
      } finally {
        await client.logout();
      }
    },
    stop,
  };
}
