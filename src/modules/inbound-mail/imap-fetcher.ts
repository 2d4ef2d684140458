// The IMAP entrance of inbound mail: every instance with IMAP_URL set watches the folder (IDLE,
// and a poll as a fallback), hands each unseen message to the intake, then marks it \Seen or moves
// it. Two instances may fetch one message at once: the intake's unique Message-ID processes it
// once. A message the intake could not take now (scanner or database down) stays unseen for the
// next round.
import type { FastifyBaseLogger } from 'fastify';
import { ImapFlow } from 'imapflow';
import type { Kysely } from 'kysely';
import type { Config } from '../../config.ts';
import type { DB } from '../../db/schema.ts';
import { intakeMail } from './intake.ts';

const RECONNECT_MS = 5_000;

function clientFor(url: string): ImapFlow {
  const u = new URL(url);
  const secure = u.protocol === 'imaps:';
  return new ImapFlow({
    host: u.hostname,
    port: u.port ? Number(u.port) : secure ? 993 : 143,
    secure,
    auth: { user: decodeURIComponent(u.username), pass: decodeURIComponent(u.password) },
    logger: false,
  });
}

/** Takes every unseen message of the open folder through the intake; returns how many. */
async function drain(client: ImapFlow, db: Kysely<DB>, config: Config): Promise<number> {
  const settings = config.inboundMail;
  const uids = (await client.search({ seen: false }, { uid: true })) || [];
  for (const uid of uids) {
    const message = await client.fetchOne(String(uid), { source: true }, { uid: true });
    if (!message || !message.source) continue;
    await intakeMail(db, config, message.source, 'imap');
    if (settings.imapProcessedFolder)
      await client.messageMove(String(uid), settings.imapProcessedFolder, { uid: true });
    else await client.messageFlagsAdd(String(uid), ['\\Seen'], { uid: true });
  }
  return uids.length;
}

/** Starts the fetcher loop; the returned function stops it (on app close) and waits for it. */
export function startImapFetcher(
  db: Kysely<DB>,
  config: Config,
  log: FastifyBaseLogger,
): () => Promise<void> {
  const url = config.inboundMail.imapUrl;
  if (!url) return async () => {};
  let stopped = false;
  let client: ImapFlow | undefined;
  let wake: () => void = () => {};
  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });

  const loop = async () => {
    while (!stopped) {
      try {
        if (!client) {
          client = clientFor(url);
          // New mail while idling wakes the loop at once; the poll interval is only the fallback.
          client.on('exists', () => wake());
          client.on('close', () => wake());
          client.on('error', (error: Error) => log.warn({ err: error }, 'IMAP connection error'));
          await client.connect();
          await client.mailboxOpen(config.inboundMail.imapFolder);
        }
        await drain(client, db, config);
        if (!stopped) await pause(config.inboundMail.imapPollSeconds * 1000);
      } catch (error) {
        if (stopped) break;
        log.warn({ err: error }, 'IMAP fetch failed; reconnecting');
        client?.close();
        client = undefined;
        await pause(RECONNECT_MS);
      }
    }
  };
  const running = loop();
  return async () => {
    stopped = true;
    wake();
    await client?.logout().catch(() => client?.close());
    await running;
  };
}
