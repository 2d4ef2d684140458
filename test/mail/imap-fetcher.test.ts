// The IMAP entrance against a real Dovecot: two instances watch one mailbox, each message is
// processed once, marked \Seen (or moved), and the fetcher stops with the app.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { startImapFetcher } from '../../src/modules/inbound-mail/imap-fetcher.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { createContact, createOrganization } from '../support/factories.ts';
import { dovecotPath, startDovecot, type Dovecot } from '../support/dovecot.ts';
import { rawMail } from '../support/mail-message.ts';

let dovecot: Dovecot;
let t: TestApp;
const db = () => t.testDb.database.db;
let stopSecond: () => Promise<void>;
let ticket: { id: string; number: number };
let alice: Awaited<ReturnType<typeof createContact>>;

async function until<T>(what: string, probe: () => Promise<T | undefined>, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

const rowsFor = (messageId: string) =>
  db().selectFrom('mail_inbound').selectAll().where('message_id', '=', messageId).execute();

async function unseenCount(folder = 'INBOX'): Promise<number> {
  const client = await dovecot.client();
  try {
    await client.mailboxOpen(folder);
    return ((await client.search({ seen: false }, { uid: true })) || []).length;
  } finally {
    await client.logout();
  }
}

describe.skipIf(!dovecotPath)('IMAP fetcher against Dovecot', () => {
  beforeAll(async () => {
    dovecot = await startDovecot();
    const env = { IMAP_URL: dovecot.url, IMAP_POLL_SECONDS: '30', MAIL_UNKNOWN_SENDERS: 'hold' };
    t = await startTestApp(env);
    // A second instance on the same database and mailbox.
    stopSecond = startImapFetcher(db(), loadConfig({ ...env, PUBLIC_URL: 'http://portico.test' }), t.app.log);
    const org = await createOrganization(db());
    alice = await createContact(db(), { organizationId: org.id, privilegeGroup: 'limited' });
    ticket = await db()
      .insertInto('tickets')
      .values({ subject: 'Projector', requester_id: alice.id, organization_id: org.id })
      .returning(['id', 'number'])
      .executeTakeFirstOrThrow();
  }, 60_000);
  afterAll(async () => {
    await stopSecond?.();
    await t?.close();
    await dovecot?.stop();
  });

  it('takes a reply from the mailbox onto the ticket once, with two instances watching, and marks it seen', async () => {
    const messageId = '<imap-reply-1@client.test>';
    await dovecot.append(
      rawMail({ from: alice.email, subject: `Re: [#${ticket.number}]`, body: 'By IMAP', messageId }),
    );
    const [row] = await until('the intake', async () => {
      const rows = await rowsFor(messageId);
      return rows.length ? rows : undefined;
    });
    expect(row).toMatchObject({ status: 'processed', reason: 'reply', source: 'imap', ticket_id: ticket.id });
    await until('the message to be marked seen', async () =>
      (await unseenCount()) === 0 ? true : undefined,
    );
    const comments = await db()
      .selectFrom('ticket_comments')
      .select('body')
      .where('ticket_id', '=', ticket.id)
      .execute();
    expect(comments.filter((c) => c.body === 'By IMAP')).toHaveLength(1);
  });

  it('processes a redelivered message once and holds an unknown sender', async () => {
    const again = rawMail({
      from: alice.email,
      subject: `[#${ticket.number}]`,
      body: 'Twice?',
      messageId: '<imap-twice@client.test>',
    });
    await dovecot.append(again);
    await dovecot.append(again);
    await dovecot.append(
      rawMail({ from: 'stranger@nowhere.test', body: 'hi', messageId: '<imap-stranger@client.test>' }),
    );
    const held = await until(
      'the unknown sender',
      async () => (await rowsFor('<imap-stranger@client.test>'))[0],
    );
    expect(held).toMatchObject({ status: 'held', reason: 'unknown_sender' });
    await until('all seen', async () => ((await unseenCount()) === 0 ? true : undefined));
    expect(await rowsFor('<imap-twice@client.test>')).toHaveLength(1);
    const comments = await db()
      .selectFrom('ticket_comments')
      .select('body')
      .where('ticket_id', '=', ticket.id)
      .execute();
    expect(comments.filter((c) => c.body === 'Twice?')).toHaveLength(1);
  });

  it('stops with the app: a message arriving afterwards stays unseen', async () => {
    await stopSecond();
    await t.app.close();
    await dovecot.append(
      rawMail({ from: alice.email, body: 'after stop', messageId: '<imap-after@client.test>' }),
    );
    await new Promise((resolve) => setTimeout(resolve, 2000));
    expect(await unseenCount()).toBe(1);
    expect(await rowsFor('<imap-after@client.test>')).toHaveLength(0);
  });
});
